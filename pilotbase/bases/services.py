"""Writes to filed bases. The base record pages, evaluations and revocation build on these."""

from __future__ import annotations

import re
from datetime import date

from django.db import router, transaction
from django.db.models import Max

from pilotbase.accounts.models import Organisation, User
from pilotbase.accounts.rowfetch import PreparedValues
from pilotbase.audit import services as audit

from .models import MisconductRecord, PilotBase

FILING_PREFIX = "BTZS"
FILING_NUMBER = re.compile(rf"^{FILING_PREFIX}-(\d{{4}})-(\d{{3,}})$")


# Read on every view of an application (its checklist): the SQL is built once (rowfetch).
_IN_PENALTY = PreparedValues(
    lambda org_id, on: MisconductRecord.objects.filter(
        organisation_id=org_id, penalty_from__lte=on, penalty_until__gte=on
    ).values("pk")[:1],
    -7919,
    date(1901, 2, 3),
)


def in_penalty(org: Organisation | int, on: date) -> bool:
    """Art. 7(二): 无在惩戒执行期内的科研严重失信行为记录 — both ends of the period count."""
    org_id = org if isinstance(org, int) else org.pk
    return bool(_IN_PENALTY(org_id, on, using=router.db_for_read(MisconductRecord)))


def next_filing_number(year: int) -> str:
    """BTZS-2026-001, BTZS-2026-002, … numbered within the filing year."""
    prefix = f"{FILING_PREFIX}-{year}-"
    last = PilotBase.objects.filter(filing_number__startswith=prefix).aggregate(m=Max("filing_number"))["m"]
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:03d}"


@transaction.atomic
def create_from_application(application, *, filed_on: date, document_number: str, by: User) -> PilotBase:
    """Art. 8(三) 发文正式备案: the application becomes a filed base. Called by the filing service,
    which has already checked the permission and the state."""
    facts = application.facts or {}
    base = PilotBase.objects.create(
        name=application.name,
        filing_number=next_filing_number(filed_on.year),
        filed_on=filed_on,
        document_number=document_number,
        organisation=application.organisation,
        host_unit=application.host_unit,
        recommending_unit_id=application.recommending_unit_id,
        industry_chains=list((facts.get("industry") or {}).get("chains") or []),
        description=application.description,
        contact_name=application.organisation.contact_name,
        contact_phone=application.organisation.contact_phone,
        source_application=application,
    )
    audit.record(
        base,
        "base_filed",
        by=by,
        data={
            "filing_number": base.filing_number,
            "document_number": document_number,
            "application": application.pk,
        },
    )
    from pilotbase.catalogue.services import bump_search_version

    bump_search_version()  # a new base in the directory: the public pages' cache key changes with it
    return base


@transaction.atomic
def record_misconduct(
    organisation: Organisation, *, penalty_from: date, penalty_until: date, reason: str, by: User
) -> MisconductRecord:
    """Art. 7(二), 10: an entry in the register of serious research dishonesty. While its penalty
    period runs the organisation cannot submit an application (``in_penalty``)."""
    from pilotbase.accounts.permissions import is_officer, require
    from pilotbase.accounts.services import InvalidInput

    require(is_officer(by), "只有兵团科技局工作人员可以登记科研失信行为")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput("reason", "请写明失信行为的事实和依据")
    if penalty_until < penalty_from:
        raise InvalidInput("penalty_until", "惩戒截止日不能早于起始日")
    record = MisconductRecord.objects.create(
        organisation=organisation,
        penalty_from=penalty_from,
        penalty_until=penalty_until,
        reason=reason,
        recorded_by=by,
    )
    audit.record(
        record,
        "misconduct_recorded",
        by=by,
        data={
            "organisation": organisation.credit_code,
            "from": penalty_from,
            "until": penalty_until,
            "reason": reason,
        },
    )
    return record
