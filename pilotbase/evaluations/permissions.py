"""Who may see and act on evaluations: the bureau all, a recommending unit its jurisdiction, a base its
own, a third-party evaluator the evaluations entrusted to it."""

from __future__ import annotations

from django.db.models import QuerySet

from pilotbase.accounts.models import Role, User
from pilotbase.accounts.permissions import NotVisible, has_role, is_applicant, is_officer, is_reviewer

from .models import Evaluation, EvaluationCampaign, Rectification


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


def available_actions(user: User, ev: Evaluation) -> set[str]:
    """What ``user`` may do to ``ev`` now; the page shows these forms, the API lists them."""
    E = Evaluation.Status
    acts = set()
    if ev.status == E.AWAITING_REPORT and can_self_evaluate(user, ev):
        acts.update(("self_evaluate", "evidence"))
    if ev.status == E.SUBMITTED and can_forward(user, ev):
        acts.add("forward")
    if ev.status in (E.SUBMITTED, E.FORWARDED) and can_manage(user):
        acts.update(("entrust", "site_visit"))
    if ev.status == E.FORWARDED and can_manage(user):
        acts.add("experts")
    if ev.status == E.FORWARDED and can_grade(user, ev):
        acts.add("grade")
    if ev.status == E.ON_NOTICE and can_manage(user):
        acts.add("file")
    rect = getattr(ev, "rectification", None) if hasattr(ev, "rectification") else None
    R = Rectification.Status
    if rect and can_self_evaluate(user, ev):
        if rect.status == R.OPEN:
            acts.add("rect_plan")
        if rect.status in (R.OPEN, R.PLAN_SUBMITTED, R.DUE):
            acts.add("rect_report")
    if rect and rect.status in (R.REPORT_SUBMITTED, R.DUE) and not rect.reevaluation_id and can_manage(user):
        acts.add("start_reevaluation")
    return acts
