"""Who may see and change catalogue entries, demands and engagements.

A base's own users (applicant role, organisation = the base's organisation or host unit) maintain
its services and answer its requests; an enterprise (public role) sees its own demands; the bureau
sees everything. Helpers return 404 for what does not exist and for what may not be seen alike.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from pilotbase.accounts.models import Role, User
from pilotbase.accounts.permissions import NotVisible, has_role, is_applicant, is_officer
from pilotbase.bases.models import PilotBase

from .models import Demand, Engagement, PilotService, PracticeCase

# A base is listed on the portal and searchable while its filing is in force: an evaluation or a
# rectification does not take it off; revocation and withdrawal do, at once.
LISTED_STATUSES = (
    PilotBase.Status.ACTIVE,
    PilotBase.Status.UNDER_EVALUATION,
    PilotBase.Status.RECTIFYING,
)


def listed_bases() -> QuerySet[PilotBase]:
    return PilotBase.objects.filter(status__in=LISTED_STATUSES)


def is_base_user(user: User, base: PilotBase) -> bool:
    return bool(
        is_applicant(user)
        and user.organisation_id
        and user.organisation_id in (base.organisation_id, base.host_unit_id)
    )


def manageable_bases(user: User) -> QuerySet[PilotBase]:
    """Bases whose catalogue this user maintains: their own (while filed), or all for the bureau."""
    qs = listed_bases().select_related("organisation", "recommending_unit")
    if is_officer(user):
        return qs
    if is_applicant(user) and user.organisation_id:
        return qs.filter(Q(organisation_id=user.organisation_id) | Q(host_unit_id=user.organisation_id))
    return qs.none()


def get_manageable_base(user: User, pk) -> PilotBase:
    base = manageable_bases(user).filter(pk=pk).first()
    if base is None:
        raise NotVisible("pilot_base", pk)
    return base


def can_edit_services(user: User, base: PilotBase) -> bool:
    return base.status in LISTED_STATUSES and (is_officer(user) or is_base_user(user, base))


def get_service_for(user: User, pk) -> PilotService:
    service = (
        PilotService.objects.select_related("base", "base__recommending_unit")
        .filter(pk=pk, base__in=manageable_bases(user))
        .first()
    )
    if service is None:
        raise NotVisible("pilot_service", pk)
    return service


def is_enterprise(user: User) -> bool:
    return has_role(user, Role.PUBLIC) and bool(user.organisation_id)


def can_post_demand(user: User) -> bool:
    return is_enterprise(user)


def visible_demands(user: User) -> QuerySet[Demand]:
    qs = Demand.objects.select_related("organisation", "posted_by")
    if is_officer(user):
        return qs
    if is_enterprise(user):
        return qs.filter(organisation_id=user.organisation_id)
    if is_applicant(user) and user.organisation_id:
        # a base sees a demand once it has been asked about it
        return qs.filter(engagements__base__in=manageable_bases(user)).distinct()
    return qs.none()


def get_demand_for(user: User, pk) -> Demand:
    demand = visible_demands(user).filter(pk=pk).first()
    if demand is None:
        raise NotVisible("demand", pk)
    return demand


def visible_engagements(user: User) -> QuerySet[Engagement]:
    qs = Engagement.objects.select_related(
        "demand", "demand__organisation", "base", "base__recommending_unit", "service"
    )
    if is_officer(user):
        return qs
    if is_enterprise(user):
        return qs.filter(demand__organisation_id=user.organisation_id)
    if is_applicant(user) and user.organisation_id:
        return qs.filter(
            Q(base__organisation_id=user.organisation_id) | Q(base__host_unit_id=user.organisation_id)
        )
    return qs.none()


def get_engagement_for(user: User, pk) -> Engagement:
    engagement = visible_engagements(user).filter(pk=pk).first()
    if engagement is None:
        raise NotVisible("engagement", pk)
    return engagement


def side_of(user: User, engagement: Engagement) -> str | None:
    """ "enterprise", "base" or None: which party of the engagement this user speaks for."""
    if is_enterprise(user) and user.organisation_id == engagement.demand.organisation_id:
        return "enterprise"
    if is_base_user(user, engagement.base):
        return "base"
    return None


def can_manage_cases(user: User) -> bool:
    return is_officer(user)


def can_edit_synonyms(user: User) -> bool:
    return has_role(user, Role.SYSADMIN)


def can_see_figures(user: User) -> bool:
    return is_officer(user)


def published_cases() -> QuerySet[PracticeCase]:
    return PracticeCase.objects.filter(published=True).select_related("base")


def side_of_demand(user: User, demand: Demand) -> bool:
    """Whether this user posts for the demand's enterprise (and so may contact bases about it)."""
    return is_enterprise(user) and user.organisation_id == demand.organisation_id
