"""Every write to organisations and accounts: permission, transaction, audit."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import date

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from pilotbase.audit import services as audit

from . import creditcode
from .models import ApiToken, Organisation, RecommendingUnit, Role, User
from .permissions import can_manage_security, can_manage_system, require


class InvalidInput(ValueError):
    """Bad input for a service, with the field it concerns and a Chinese message."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def start_session_clock(request) -> None:
    """Called at every sign-in: the absolute 12-hour limit counts from here."""
    request.session["pilotbase_login_at"] = request.session["pilotbase_seen"] = time.time()


@transaction.atomic
def create_organisation(
    *,
    name: str,
    credit_code: str,
    recommending_unit: RecommendingUnit | None,
    kind: str = Organisation.Kind.ENTERPRISE,
    registered_on: date | None = None,
    accept_check_character: bool = False,
    by: User | None = None,
    **extra,
) -> Organisation:
    """Register a legal entity. A malformed credit code is refused; a wrong check character is
    refused unless an officer or administrator explicitly accepts it (early lawful codes)."""
    result = creditcode.check(credit_code)
    if result.error:
        raise InvalidInput("credit_code", result.error)
    if result.warning and not accept_check_character:
        raise InvalidInput("credit_code", result.warning)
    if not name.strip():
        raise InvalidInput("name", "单位名称不能为空")
    if Organisation.objects.filter(credit_code=result.code).exists():
        raise InvalidInput("credit_code", f"统一社会信用代码 {result.code} 已登记")
    org = Organisation.objects.create(
        name=name.strip(),
        credit_code=result.code,
        credit_code_check_overridden=bool(result.warning),
        kind=kind,
        registered_on=registered_on,
        recommending_unit=recommending_unit,
        **extra,
    )
    audit.record(
        org,
        "organisation_created",
        by=by,
        data={
            "credit_code": org.credit_code,
            "check_overridden": org.credit_code_check_overridden,
            "recommending_unit": recommending_unit.code if recommending_unit else None,
        },
    )
    return org


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    organisation: Organisation | None = None,
    recommending_unit: RecommendingUnit | None = None,
    email: str = "",
    by: User | None = None,
) -> User:
    if role not in Role.values:
        raise InvalidInput("role", f"未知角色 {role}")
    if role == Role.APPLICANT and organisation is None:
        raise InvalidInput("organisation", "申报单位用户必须属于一个单位")
    if role == Role.REVIEWER and recommending_unit is None:
        raise InvalidInput("recommending_unit", "推荐单位审核人员必须属于一个推荐单位")
    if User.objects.filter(username=username).exists():
        raise InvalidInput("username", f"用户名 {username} 已存在")
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        organisation=organisation,
        recommending_unit=recommending_unit,
        email=email,
    )
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    audit.record(user, "user_created", by=by, data={"role": role})
    return user


def ensure_totp(user: User, *, key_hex: str | None = None, by: User | None = None) -> TOTPDevice:
    """Give the user a confirmed TOTP device (the demo passes a known key so it can print it)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, name="default").first()
        if device is None:
            device = TOTPDevice(user=user, name="default", confirmed=True)
            if key_hex:
                device.key = key_hex
            device.save()
            audit.record(user, "totp_enrolled", by=by or user)
        elif key_hex and device.key != key_hex:
            device.key = key_hex
            device.save(update_fields=["key"])
        return device


def base32_secret(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


@transaction.atomic
def deactivate_user(user: User, *, by: User) -> User:
    """The security administrator ends an account; its sessions end with it."""
    require(can_manage_security(by), "只有安全管理员可以停用账号")
    require(user.pk != by.pk, "不能停用自己的账号")
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions(user)
    audit.record(user, "user_deactivated", by=by)
    return user


def end_sessions(user: User) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def unlock_user(user: User, *, by: User) -> None:
    require(can_manage_security(by), "只有安全管理员可以解除锁定")
    axes_reset(username=user.username)
    audit.record(user, "user_unlocked", by=by)


@transaction.atomic
def reset_totp(user: User, *, by: User) -> None:
    require(can_manage_security(by), "只有安全管理员可以重置动态口令")
    TOTPDevice.objects.filter(user=user).delete()
    audit.record(user, "totp_reset", by=by)


@transaction.atomic
def issue_api_token(user: User, *, name: str, by: User) -> str:
    """Returns the token once; only its hash is kept."""
    require(by.pk == user.pk or can_manage_security(by), "不能为他人签发令牌")
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, token_hash=hashlib.sha256(token.encode()).hexdigest())
    audit.record(user, "api_token_issued", by=by, data={"name": name})
    return token


def user_for_token(token: str) -> User | None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    row = ApiToken.objects.select_related("user").filter(token_hash=digest, revoked=False).first()
    if row is None or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user


@transaction.atomic
def save_unit(
    *, code: str, name: str, kind: str, short_name: str = "", sort_order: int = 0, by: User | None
) -> RecommendingUnit:
    require(by is None or can_manage_system(by), "只有系统管理员可以维护推荐单位")
    unit, created = RecommendingUnit.objects.update_or_create(
        code=code, defaults={"name": name, "kind": kind, "short_name": short_name, "sort_order": sort_order}
    )
    audit.record(
        unit,
        "unit_created" if created else "unit_updated",
        by=by,
        data={"code": code, "name": name, "kind": kind},
    )
    return unit
