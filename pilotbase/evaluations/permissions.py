"""Who may see and act on evaluations: the bureau all, a recommending unit its jurisdiction, a base its
own, a third-party evaluator the evaluations entrusted to it."""

from __future__ import annotations

from django.db.models import QuerySet

from pilotbase.accounts.models import Role, User
from pilotbase.accounts.permissions import NotVisible, has_role, is_applicant, is_officer, is_reviewer

from .models import Evaluation, EvaluationCampaign


def visible_evaluations(user: User) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.select_related(
        "base", "campaign", "base__organisation", "base__recommending_unit"
    )
    if is_officer(user):
        return qs
    if is_reviewer(user):
        return qs.filter(base__recommending_unit_id=user.recommending_unit_id)
    if is_applicant(user):
        return qs.filter(base__organisation_id=user.organisation_id)
    if has_role(user, Role.EVALUATOR):
        return qs.filter(evaluator=user)
    return qs.none()


def get_evaluation_for(user: User, pk) -> Evaluation:
    ev = visible_evaluations(user).filter(pk=pk).first()
    if ev is None:
        raise NotVisible("evaluation", pk)
    return ev


def visible_campaigns(user: User) -> QuerySet[EvaluationCampaign]:
    if is_officer(user):
        return EvaluationCampaign.objects.all()
    ids = visible_evaluations(user).values("campaign_id")
    return EvaluationCampaign.objects.filter(pk__in=ids)


def get_campaign_for(user: User, pk) -> EvaluationCampaign:
    campaign = visible_campaigns(user).filter(pk=pk).first()
    if campaign is None:
        raise NotVisible("campaign", pk)
    return campaign


def can_manage(user: User) -> bool:
    return is_officer(user)


def can_self_evaluate(user: User, ev: Evaluation) -> bool:
    return is_applicant(user) and user.organisation_id == ev.base.organisation_id


def can_forward(user: User, ev: Evaluation) -> bool:
    return is_reviewer(user) and user.recommending_unit_id == ev.base.recommending_unit_id


def can_grade(user: User, ev: Evaluation) -> bool:
    return is_officer(user) or (has_role(user, Role.EVALUATOR) and ev.evaluator_id == user.pk)
