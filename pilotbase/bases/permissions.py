"""Who may see which filed bases: the bureau all, a recommending unit its jurisdiction, a base its own."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from pilotbase.accounts.models import User
from pilotbase.accounts.permissions import NotVisible, is_applicant, is_officer, is_reviewer

from .models import PilotBase


def visible_bases(user: User) -> QuerySet[PilotBase]:
    qs = PilotBase.objects.select_related("organisation", "recommending_unit")
    if is_officer(user):
        return qs
    if is_reviewer(user):
        return qs.filter(recommending_unit_id=user.recommending_unit_id)
    if is_applicant(user):
        return qs.filter(Q(organisation_id=user.organisation_id) | Q(host_unit_id=user.organisation_id))
    return qs.none()


def get_base_for(user: User, pk) -> PilotBase:
    base = visible_bases(user).filter(pk=pk).first()
    if base is None:
        raise NotVisible("pilot_base", pk)
    return base


def can_manage_misconduct(user: User) -> bool:
    return is_officer(user)
