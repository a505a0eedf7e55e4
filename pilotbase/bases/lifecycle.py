"""The life of a filed base after filing (Art. 9, 10, 12): status changes, revocation, support.

Every change of ``PilotBase.status`` goes through ``move``: an allowed move from the table below,
a conditional UPDATE on the expected status (a move that lost a race raises), and an audit event
on the base in the same transaction."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from pilotbase.accounts import notify
from pilotbase.accounts.models import Role, User
from pilotbase.accounts.permissions import is_officer, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit
from pilotbase.operations import clock

from .models import MisconductRecord, PilotBase

S = PilotBase.Status

# from -> the statuses it may move to. Revoked and withdrawn are final: the history stays, the
# base leaves the public directory.
MOVES: dict[str, tuple[str, ...]] = {
    S.ACTIVE: (S.UNDER_EVALUATION, S.REVOKED, S.WITHDRAWN),
    S.UNDER_EVALUATION: (S.ACTIVE, S.RECTIFYING, S.REVOKED, S.WITHDRAWN),
    S.RECTIFYING: (S.UNDER_EVALUATION, S.ACTIVE, S.REVOKED, S.WITHDRAWN),
    S.REVOKED: (),
    S.WITHDRAWN: (),
}
LIVE = (S.ACTIVE, S.UNDER_EVALUATION, S.RECTIFYING)

DOCUMENT_NUMBER = re.compile(r"^兵科发〔(\d{4})〕([1-9]\d*)号$")


def add_years(d: date, years: int) -> date:
    """Calendar years: 2023-02-28 + 3 = 2026-02-28; a 29 February lands on 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def check_document_number(value: str, field: str = "document_number") -> str:
    value = (value or "").strip()
    if not DOCUMENT_NUMBER.match(value):
        raise InvalidInput(field, "发文字号格式应为 兵科发〔YYYY〕N号，例如 兵科发〔2026〕5号")
    return value


def applicant_users(base: PilotBase):
    return User.objects.filter(organisation_id=base.organisation_id, role=Role.APPLICANT, is_active=True)


def reviewer_users(base: PilotBase):
    return User.objects.filter(
        recommending_unit_id=base.recommending_unit_id, role=Role.REVIEWER, is_active=True
    )


def officer_users():
    return User.objects.filter(role=Role.OFFICER, is_active=True)


def move(
    base: PilotBase, to: str, *, expect: str | tuple[str, ...], by: User | None, action: str, data=None
) -> None:
    """Move ``base`` to ``to`` if it is still in ``expect``; raise a clear error otherwise.
    Callers hold the permission check and the surrounding transaction."""
    expected = (expect,) if isinstance(expect, str) else tuple(expect)
    for e in expected:
        if to not in MOVES[e]:
            raise ValueError(f"move {e} -> {to} is not in the table")
    n = PilotBase.objects.filter(pk=base.pk, status__in=expected).update(status=to)
    if n == 0:
        base.refresh_from_db(fields=["status"])
        raise InvalidInput("status", f"该基地当前状态为「{base.get_status_display()}」，不能执行此操作")
    before = base.status
    base.status = to
    # The public pages show a base's status (and list only bases in force): every status change
    # tells the catalogue and the portal's page cache, in this transaction.
    _reindex(base)
    audit.record(
        base,
        action,
        by=by,
        data={"from": before if before in expected else expected[0], "to": to, **(data or {})},
    )


def _reindex(base: PilotBase) -> None:
    """The catalogue drops a revoked base at once, when the catalogue offers the hook."""
    try:
        from pilotbase.catalogue import services as catalogue_services
    except ImportError:
        return
    reindex = getattr(catalogue_services, "reindex_base", None)
    if reindex is not None:
        reindex(base)  # in the same transaction, as the catalogue asks


def can_revoke(user: User) -> bool:
    return is_officer(user)


@transaction.atomic
def revoke(
    base: PilotBase,
    *,
    reason: str,
    document_number: str,
    evidence: str,
    by: User,
    decided_on: date | None = None,
    penalty_years: int | None = None,
):
    """Art. 9, 10 撤销备案资格: a decision with a typed reason, date, document number and evidence.
    A base that asks to withdraw becomes ``withdrawn``; any other reason makes it ``revoked``. False
    materials also enter the misconduct register, which blocks the organisation from applying."""
    from pilotbase.evaluations.models import Revocation

    require(can_revoke(by), "只有兵团科技局工作人员可以作出撤销备案决定")
    if reason not in Revocation.Reason.values:
        raise InvalidInput("reason", "请选择撤销备案的理由")
    document_number = check_document_number(document_number)
    evidence = (evidence or "").strip()
    if len(evidence) < 5:
        raise InvalidInput("evidence", "请写明撤销所依据的事实和证据")
    decided_on = decided_on or clock.today()
    misconduct = None
    if reason == Revocation.Reason.FALSE_MATERIALS:
        if not penalty_years or penalty_years < 1 or penalty_years > 10:
            raise InvalidInput("penalty_years", "提供虚假材料须写明惩戒期（1–10 年）")
        misconduct = MisconductRecord.objects.create(
            organisation_id=base.organisation_id,
            penalty_from=decided_on,
            penalty_until=add_years(decided_on, penalty_years),
            reason=f"中试基地「{base.name}」备案或评价中提供虚假材料（{document_number}）：{evidence}",
            recorded_by=by,
        )
        audit.record(misconduct, "misconduct_recorded", by=by, data={"base": base.pk, "years": penalty_years})
    to = S.WITHDRAWN if reason == Revocation.Reason.WITHDRAWAL_REQUESTED else S.REVOKED
    move(
        base,
        to,
        expect=LIVE,
        by=by,
        action="base_revoked",
        data={"reason": reason, "document_number": document_number},
    )
    revocation = Revocation.objects.create(
        base=base,
        reason=reason,
        decided_on=decided_on,
        document_number=document_number,
        evidence=evidence,
        misconduct=misconduct,
        decided_by=by,
    )
    # Whatever was still open for the base ends with it.
    from pilotbase.evaluations.models import Evaluation, Rectification

    E = Evaluation.Status
    Evaluation.objects.filter(base=base, status__in=(E.AWAITING_REPORT, E.SUBMITTED, E.FORWARDED)).update(
        status=E.EXCUSED,
        excused_reason=f"基地已{'取消' if to == S.WITHDRAWN else '撤销'}备案（{document_number}）",
    )
    Rectification.objects.filter(base=base, status__in=Rectification.OPEN_STATUSES).update(
        status=Rectification.Status.FAILED
    )
    notify.send(
        list(applicant_users(base)) + list(reviewer_users(base)),
        f"中试基地备案资格已{'取消' if to == S.WITHDRAWN else '撤销'}：{base.name}",
        f"{revocation.get_reason_display()}（{document_number}）",
        url=f"/bases/{base.pk}/",
        dedupe_key=f"revoked:{base.pk}",
    )
    return revocation


def can_record_support(user: User) -> bool:
    return is_officer(user)


@transaction.atomic
def record_support(
    base: PilotBase, *, kind: str, amount_yuan, granted_on: date, document_number: str, by: User
):
    """Art. 12: excellent bases are supported; the record keeps kind, amount, date and document."""
    from pilotbase.evaluations.models import Evaluation, SupportRecord

    require(can_record_support(by), "只有兵团科技局工作人员可以登记支持政策")
    if base.status not in LIVE:
        raise InvalidInput("base", "该基地已撤销或取消备案，不能登记支持")
    if not Evaluation.objects.filter(
        base=base, status=Evaluation.Status.FILED, grade=Evaluation.Grade.EXCELLENT
    ).exists():
        raise InvalidInput("base", "只有绩效评价为优秀的基地可以登记支持政策")
    kind = (kind or "").strip()
    if not kind:
        raise InvalidInput("kind", "请填写支持方式")
    try:
        amount = Decimal(str(amount_yuan))
    except (InvalidOperation, ValueError):
        raise InvalidInput("amount_yuan", "金额应为数字（元）") from None
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:
        raise InvalidInput("amount_yuan", "金额应为不小于 0 的数，最多两位小数（元）")
    document_number = (document_number or "").strip()
    if not document_number:
        raise InvalidInput("document_number", "请填写支持所依据的文件")
    record = SupportRecord.objects.create(
        base=base,
        kind=kind,
        amount_yuan=amount,
        granted_on=granted_on,
        document_number=document_number,
        recorded_by=by,
    )
    audit.record(
        base,
        "support_recorded",
        by=by,
        data={"kind": kind, "amount_yuan": str(amount), "document": document_number},
    )
    return record
