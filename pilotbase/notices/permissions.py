"""Notices are public; managing them and their objections is the bureau's job."""

from __future__ import annotations

from pilotbase.accounts.models import User
from pilotbase.accounts.permissions import NotVisible, is_officer

from .models import Objection, PublicNotice


def can_manage_notices(user: User) -> bool:
    return is_officer(user)


def get_public_notice(pk) -> PublicNotice:
    notice = PublicNotice.objects.filter(pk=pk).first()
    if notice is None:
        raise NotVisible("notice", pk)
    return notice


def get_objection_for(user: User, pk) -> Objection:
    if not can_manage_notices(user):
        raise NotVisible("objection", pk)
    objection = Objection.objects.select_related("notice", "item").filter(pk=pk).first()
    if objection is None:
        raise NotVisible("objection", pk)
    return objection
