"""Who sees what of expert review. An expert sees only the applications of their own active
invitations, while the application is under expert evaluation and no binding conflict exists;
everything else is a 404. Officers run the pool; applicants never see experts or their scores."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from pilotbase.accounts.models import User
from pilotbase.accounts.permissions import NotVisible, is_officer
from pilotbase.applications.models import Application, Material

from .models import AssignmentRound, Conflict, Expert, Invitation, Rubric


def is_expert(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_expert)


def expert_of(user: User) -> Expert | None:
    if not is_expert(user):
        return None
    return Expert.objects.filter(user=user, active=True).first()


def binding_conflict():
    """An uncleared conflict for the row's (expert, application) pair."""
    return Exists(
        Conflict.objects.filter(
            expert=OuterRef("expert_id"), application=OuterRef("application_id"), cleared=False
        )
    )


def visible_assignments(user: User) -> QuerySet[Invitation]:
    """Every list of what an expert sees starts here."""
    if not is_expert(user):
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            expert__user=user,
            expert__active=True,
            status__in=Invitation.ACTIVE,
            application__status=Application.Status.EXPERT_EVALUATION,
        )
        .exclude(binding_conflict())
        .select_related("application__organisation", "application__host_unit", "expert")
    )


def get_assignment_for(user: User, pk) -> Invitation:
    invitation = visible_assignments(user).filter(pk=pk).first()
    if invitation is None:
        raise NotVisible("assignment", pk)
    return invitation


def get_material_for_expert(user: User, pk) -> Material:
    """Materials only for an accepted assignment: before accepting, the expert sees who applies
    (to declare a conflict) but not the file."""
    material = Material.objects.filter(pk=pk, removed=False).select_related("application").first()
    if (
        material is None
        or not visible_assignments(user)
        .filter(application_id=material.application_id, status=Invitation.Status.ACCEPTED)
        .exists()
    ):
        raise NotVisible("material", pk)
    return material


def can_manage(user: User) -> bool:
    return is_officer(user)


def require_officer(user: User, what: str = "page", pk=None) -> None:
    # A 404 rather than a 403: the pool and its pages do not exist for anyone else.
    if not is_officer(user):
        raise NotVisible(what, pk)


def get_expert_for(user: User, pk) -> Expert:
    require_officer(user, "expert", pk)
    expert = Expert.objects.filter(pk=pk).select_related("user", "recommending_unit").first()
    if expert is None:
        raise NotVisible("expert", pk)
    return expert


def get_round_for(user: User, pk) -> AssignmentRound:
    require_officer(user, "round", pk)
    found = AssignmentRound.objects.filter(pk=pk).first()
    if found is None:
        raise NotVisible("round", pk)
    return found


def get_panel_application_for(user: User, pk) -> Application:
    """The aggregate page of one application's panel: officers only."""
    require_officer(user, "application", pk)
    application = Application.objects.filter(pk=pk).exclude(status=Application.Status.DRAFT).first()
    if application is None:
        raise NotVisible("application", pk)
    return application


def get_rubric_for(user: User, pk) -> Rubric:
    require_officer(user, "rubric", pk)
    rubric = Rubric.objects.filter(pk=pk).first()
    if rubric is None:
        raise NotVisible("rubric", pk)
    return rubric
