"""Who may see and do what: the shared vocabulary of every app's permission helpers.

A helper that fetches a protected object raises ``NotVisible`` (a 404) both when the object does not
exist and when the user may not see it, so that nobody learns what exists by probing. A refused
action raises ``PermissionDenied`` (403). Both are written to the audit trail by
``AuditDenialsMiddleware`` / the API's exception handler, after the request's transaction has ended.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import ADMIN_ROLES, Role, User


class NotVisible(Http404):
    """The object does not exist, or this user may not see it: the two are indistinguishable."""

    def __init__(self, what: str = "", pk: object = None):
        super().__init__("您访问的内容不存在或无权查看")
        self.what = what
        self.pk = pk


class Refused(PermissionDenied):
    """An action this user may not take, with a Chinese message the page can show."""

    def __init__(self, message: str = "您没有执行此操作的权限"):
        super().__init__(message)
        self.message = message


def require(condition: bool, message: str = "您没有执行此操作的权限") -> None:
    if not condition:
        raise Refused(message)


def is_officer(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_officer)


def is_reviewer(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_reviewer)


def is_applicant(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_applicant)


def is_admin(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in ADMIN_ROLES)


def has_role(user: User, *roles: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in roles)


def can_read_audit(user: User) -> bool:
    """等保 level 3: only the audit administrator reads the trail."""
    return has_role(user, Role.AUDITADMIN)


def can_manage_security(user: User) -> bool:
    return has_role(user, Role.SECADMIN)


def can_manage_system(user: User) -> bool:
    return has_role(user, Role.SYSADMIN)
