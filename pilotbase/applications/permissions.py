"""Who may see and do what in the filing workflow. Jurisdiction (属地管理): a recommending unit sees
only applicants whose organisation belongs to it, decided from the organisation, never from input."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from pilotbase.accounts.models import Organisation, RecommendingUnit, User
from pilotbase.accounts.permissions import NotVisible, is_applicant, is_officer, is_reviewer
from pilotbase.accounts.rowfetch import get_by

from . import workflow
from .models import Application, Call, FilingBatch, Material


def visible_applications(user: User) -> QuerySet[Application]:
    """Every application ``user`` may see, as a query (lists, exports, search). ``can_see`` is the
    same rule for one loaded application; a test holds the two equal for every persona."""
    qs = Application.objects.all()
    if is_officer(user):
        return qs.exclude(status__in=workflow.PRIVATE)
    if is_reviewer(user) and user.recommending_unit_id is not None:
        return qs.filter(recommending_unit_id=user.recommending_unit_id).exclude(status__in=workflow.PRIVATE)
    if is_applicant(user) and user.organisation_id is not None:
        return qs.filter(Q(organisation_id=user.organisation_id) | Q(host_unit_id=user.organisation_id))
    return qs.none()


def can_see(user: User, application: Application) -> bool:
    if is_officer(user):
        return application.status not in workflow.PRIVATE
    if is_reviewer(user):
        return (
            user.recommending_unit_id is not None
            and application.recommending_unit_id == user.recommending_unit_id
            and application.status not in workflow.PRIVATE
        )
    return is_own(user, application)


RELATED = (
    ("organisation", Organisation),
    ("recommending_unit", RecommendingUnit),
    ("call", Call),
    ("host_unit", Organisation),
    ("batch", FilingBatch),
    ("pledge_signed_by", User),
)


def get_application_for(user: User, pk) -> Application:
    """The application ``pk`` if ``user`` may see it (404 otherwise), with the rows every page of it
    shows. Loaded by key with prepared statements (``accounts.rowfetch``): building the ORM query
    with its five joins cost more than a bare page, on every application page and move."""
    application = get_by(Application, "pk", pk)
    if application is None or not can_see(user, application):
        raise NotVisible("application", pk)
    for name, model in RELATED:
        key = getattr(application, f"{name}_id")
        if key is not None:
            setattr(application, name, get_by(model, "pk", key))
    return application


def is_own(user: User, application: Application) -> bool:
    return (
        is_applicant(user)
        and user.organisation_id is not None
        and user.organisation_id in (application.organisation_id, application.host_unit_id)
    )


def can_edit(user: User, application: Application) -> bool:
    return is_own(user, application) and application.status in workflow.EDITABLE


def in_jurisdiction(user: User, application: Application) -> bool:
    unit_id = application.recommending_unit_id
    return is_reviewer(user) and unit_id is not None and user.recommending_unit_id == unit_id


def can_act(user: User, application: Application, action: str) -> bool:
    """Whether ``user`` is the person for ``action`` on this application (the state is checked apart)."""
    who = workflow.MOVES[action][2]
    if who == "applicant":
        return is_own(user, application)
    if who == "reviewer":
        return in_jurisdiction(user, application)
    return is_officer(user)


def available_actions(user: User, application: Application) -> list[str]:
    return [
        a for a in workflow.MOVES if workflow.allowed(a, application.status) and can_act(user, application, a)
    ]


def can_manage_calls(user: User) -> bool:
    return is_officer(user)


def visible_calls(user: User) -> QuerySet[Call]:
    if is_officer(user) or is_reviewer(user) or is_applicant(user):
        return Call.objects.all()
    return Call.objects.none()


def get_call_for(user: User, pk) -> Call:
    call = visible_calls(user).filter(pk=pk).first()
    if call is None:
        raise NotVisible("call", pk)
    return call


def get_batch_for(user: User, pk) -> FilingBatch:
    if not is_officer(user):
        raise NotVisible("batch", pk)
    batch = FilingBatch.objects.select_related("call", "notice").filter(pk=pk).first()
    if batch is None:
        raise NotVisible("batch", pk)
    return batch


def get_material_for(user: User, pk) -> Material:
    material = Material.objects.filter(pk=pk, removed=False).select_related("application").first()
    if material is None or not visible_applications(user).filter(pk=material.application_id).exists():
        raise NotVisible("material", pk)
    return material
