"""Every write to the catalogue, demands and engagements, and the search the portal and API share.

Search (Art. 11): each process keeps one in-memory ``SearchIndex`` of the published services of filed
bases. ``SearchVersion`` is bumped in the same transaction as every publish, withdrawal, edit, import
and revocation (``reindex_base``); a query compares the version (and a cheap fingerprint of the
published services) with the one the index was built from and rebuilds lazily when they differ. Base
status is also checked at query time, so a revoked base never shows, even before anyone bumps.
"""

from __future__ import annotations

import re
import statistics
import threading
import time as time_module
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from pilotbase.accounts import notify
from pilotbase.accounts.models import RecommendingUnit, Role, User
from pilotbase.accounts.permissions import Refused, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit
from pilotbase.bases.importing import ImportReport, RowRejected, codes, text, text_list
from pilotbase.bases.models import PilotBase
from pilotbase.operations import clock

from . import matching, permissions
from .models import (
    BaseProfile,
    Demand,
    Engagement,
    InvestmentEnquiry,
    PilotService,
    PracticeCase,
    SearchVersion,
    SynonymList,
)
from .search import SearchIndex, ServiceDocument, UnknownFilter
from .synonyms import SynonymTable, load_synonyms
from .vocabulary import INDUSTRY_CHAINS, KINDS

MAX_LIMIT = 100
MAX_QUERY_CHARS = 10_000

# -- the search index -------------------------------------------------------------------------


def bump_search_version() -> None:
    """Mark every process's index out of date; call inside the transaction of the change."""
    updated = SearchVersion.objects.filter(pk=1).update(version=F("version") + 1, token=uuid.uuid4().hex)
    if not updated:
        SearchVersion.objects.get_or_create(pk=1, defaults={"version": 1, "token": uuid.uuid4().hex})


def reindex_base(base: PilotBase) -> None:
    """For the bases app: call in the transaction that changes a base's status (revocation,
    withdrawal, restoration) or its name, division or description. Queries already hide a base
    that is not in force; this makes every process bring the base's services up to date."""
    PilotService.objects.filter(base=base).update(updated_at=timezone.now())
    bump_search_version()


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple | None = None
        self.index: SearchIndex | None = None
        self.synonyms: str | None = None
        self.seen_until = None  # the latest ``updated_at`` the index has taken in
        self.rebuild_seconds = 0.0


_cache = _Cache()


def published_services() -> Any:
    return PilotService.objects.filter(
        status=PilotService.Status.PUBLISHED, base__status__in=permissions.LISTED_STATUSES
    )


def _state_key() -> tuple:
    row = SearchVersion.objects.filter(pk=1).values_list("version", "token").first() or (0, "")
    figures = PilotService.objects.aggregate(
        n=Count("pk", filter=Q(status=PilotService.Status.PUBLISHED)), at=Max("updated_at")
    )
    return (*row, figures["n"], figures["at"])


def _synonym_text() -> str:
    return SynonymList.objects.filter(pk=1).values_list("text", flat=True).first() or ""


def synonym_table(stored: str | None = None) -> SynonymTable:
    stored = _synonym_text() if stored is None else stored
    if stored.strip():
        return SynonymTable.from_lines(stored.splitlines())
    return load_synonyms()


def document(service: PilotService) -> ServiceDocument:
    base = service.base
    return ServiceDocument(
        base=base.filing_number,
        ref=service.ref,
        title=service.title,
        kinds=tuple(service.kinds or ()),
        industry_chains=tuple(service.industry_chains or ()),
        description=service.description,
        equipment=tuple(service.equipment or ()),
        capacity=service.capacity,
        lead_time_days=service.lead_time_days,
        fee=service.fee,
        base_name=base.name,
        base_division=base.recommending_unit.code,
        base_description=base.description,
    )


_DOCUMENT_COLUMNS = (
    "base__filing_number",
    "ref",
    "title",
    "kinds",
    "industry_chains",
    "description",
    "equipment",
    "capacity",
    "lead_time_days",
    "fee",
    "base__name",
    "base__recommending_unit__code",
    "base__description",
)


def documents(services) -> list[ServiceDocument]:
    """``document`` for a queryset, from plain tuples: no model instances for a full rebuild."""
    return [
        ServiceDocument(
            base=base,
            ref=ref,
            title=title,
            kinds=tuple(kinds or ()),
            industry_chains=tuple(chains or ()),
            description=description,
            equipment=tuple(equipment or ()),
            capacity=capacity,
            lead_time_days=lead_time_days,
            fee=fee,
            base_name=base_name,
            base_division=division or "",
            base_description=base_description or "",
        )
        for (
            base,
            ref,
            title,
            kinds,
            chains,
            description,
            equipment,
            capacity,
            lead_time_days,
            fee,
            base_name,
            division,
            base_description,
        ) in services.values_list(*_DOCUMENT_COLUMNS)
    ]


def build_index(synonyms: str | None = None) -> SearchIndex:
    divisions = dict(RecommendingUnit.objects.values_list("code", "name"))
    index = SearchIndex(synonyms=synonym_table(synonyms), divisions=divisions)
    index.add_many(documents(published_services().order_by("pk")))
    return index


def _catch_up(index: SearchIndex, since) -> bool:
    """Apply the services changed since ``since``; False when the index cannot be trusted (rows
    vanished, e.g. a rolled-back transaction, or a base left without ``reindex_base``)."""
    changed = PilotService.objects.filter(updated_at__gte=since).select_related(
        "base", "base__recommending_unit"
    )
    for service in changed:
        key = (service.base.filing_number, service.ref)
        listed = service.base.status in permissions.LISTED_STATUSES
        if service.status == PilotService.Status.PUBLISHED and listed:
            index.upsert(document(service))
        elif key in index:
            index.remove(key)
    return len(index) == published_services().count()


def get_index() -> SearchIndex:
    key = _state_key()
    with _cache.lock:
        if _cache.index is not None and _cache.key == key:
            return _cache.index
        started = time_module.perf_counter()
        synonyms = _synonym_text()
        fresh = _cache.index is None or _cache.synonyms != synonyms or _cache.seen_until is None
        if fresh or not _catch_up(_cache.index, _cache.seen_until):
            _cache.index = build_index(synonyms)
            _cache.synonyms = synonyms
        _cache.key = key
        _cache.seen_until = key[3]
        _cache.rebuild_seconds = time_module.perf_counter() - started
        return _cache.index


def forget_index() -> None:
    with _cache.lock:
        _cache.index = None
        _cache.key = None
        _cache.seen_until = None


def _in_force(filing_numbers: Iterable[str]) -> set[str]:
    return set(listed_filing_numbers(filing_numbers))


def listed_filing_numbers(filing_numbers: Iterable[str]) -> list[str]:
    return list(
        permissions.listed_bases()
        .filter(filing_number__in=set(filing_numbers))
        .values_list("filing_number", flat=True)
    )


def clean_limit(limit: Any, default: int = 10) -> int:
    if limit in (None, ""):
        return default
    try:
        value = int(limit)
    except (TypeError, ValueError) as exc:
        raise InvalidInput("limit", "limit 应为 1 到 100 之间的整数") from exc
    if not 1 <= value <= MAX_LIMIT:
        raise InvalidInput("limit", "limit 应为 1 到 100 之间的整数")
    return value


def check_filters(*, chain: str | None = None, kind: str | None = None, division: str | None = None) -> None:
    """Raise InvalidInput naming the filter whose code is unknown, as ``search`` would, without
    building the index for the common case of vocabulary codes (a page with filters but no query)."""
    vocabulary_known = (
        (not chain or chain in INDUSTRY_CHAINS)
        and (not kind or kind in KINDS)
        and (not division or RecommendingUnit.objects.filter(code=division).exists())
    )
    if not vocabulary_known:
        # a retired code still used by an indexed service is known to the index: let it decide
        search("", chain=chain, kind=kind, division=division)


def search(
    query: str,
    *,
    limit: Any = 10,
    chain: str | None = None,
    kind: str | None = None,
    division: str | None = None,
) -> list[dict]:
    """Spec/catalogue.md: [{"base", "ref", "title", "score"}], best first. The CLI, the API and the
    portal page all call this, so they give the same order."""
    limit = clean_limit(limit)
    query = (query or "")[:MAX_QUERY_CHARS]
    index = get_index()
    try:
        hits = index.search(
            query, limit=limit * 2 + 10, chain=chain or None, kind=kind or None, division=division or None
        )
    except UnknownFilter as exc:
        raise InvalidInput(exc.field, str(exc)) from exc
    in_force = _in_force(hit.key.base for hit in hits)
    results = []
    for hit in hits:
        if hit.key.base not in in_force:
            continue
        doc = index.get(hit.key)
        results.append(
            {"base": hit.key.base, "ref": hit.key.ref, "title": doc.title, "score": round(hit.score, 4)}
        )
        if len(results) == limit:
            break
    return results


def service_rows(results: list[dict]) -> list[tuple[dict, PilotService | None]]:
    """The search results with their services (one query), for pages that show more than the title."""
    if not results:
        return []
    wanted = {(r["base"], r["ref"]) for r in results}
    services = {
        (s.base.filing_number, s.ref): s
        for s in PilotService.objects.select_related("base", "base__recommending_unit").filter(
            base__filing_number__in={b for b, _r in wanted}, ref__in={r for _b, r in wanted}
        )
    }
    return [(r, services.get((r["base"], r["ref"]))) for r in results]


# -- services of a base -----------------------------------------------------------------------

SERVICE_FIELDS = (
    "title",
    "kinds",
    "industry_chains",
    "description",
    "equipment",
    "capacity",
    "lead_time_days",
    "fee",
)


def clean_service(row: dict) -> dict:
    """Spec/catalogue.md fields from a row (import, form or API); raises RowRejected with the reason."""
    missing = [
        n for n in ("ref", "title", "kinds", "description") if not row.get(n) or not str(row.get(n)).strip()
    ]
    if missing:
        raise RowRejected(f"必填字段为空：{'、'.join(missing)}")
    ref = text(row, "ref", max_length=40, label="服务编号")
    if not re.fullmatch(r"[A-Za-z0-9_\-.]+", ref):
        raise RowRejected(f"服务编号只能包含字母、数字、-、_ 和 .：{ref}")
    kinds = codes(row, "kinds", KINDS, "服务类型")
    if not kinds:
        raise RowRejected("必填字段为空：kinds")
    lead = row.get("lead_time_days")
    if lead in (None, ""):
        lead_time = None
    else:
        try:
            lead_time = int(str(lead).strip())
        except ValueError as exc:
            raise RowRejected(f"lead_time_days 应为整数天数，实际为 {lead!r}") from exc
        if not 0 <= lead_time <= 3650:
            raise RowRejected(f"lead_time_days 应在 0 到 3650 之间，实际为 {lead_time}")
    return {
        "ref": ref,
        "title": text(row, "title", max_length=200, label="服务名称"),
        "kinds": kinds,
        "industry_chains": codes(row, "industry_chains", INDUSTRY_CHAINS, "产业链"),
        "description": text(row, "description", max_length=5000, label="服务内容"),
        "equipment": [e[:100] for e in text_list(row, "equipment")][:100],
        "capacity": text(row, "capacity", max_length=200, label="服务能力"),
        "lead_time_days": lead_time,
        "fee": text(row, "fee", max_length=200, label="收费标准"),
    }


def _changes(service: PilotService, data: dict) -> dict:
    return {f: data[f] for f in SERVICE_FIELDS if getattr(service, f) != data[f]}


@transaction.atomic
def save_service(
    base: PilotBase,
    data: dict,
    *,
    by: User | None,
    service: PilotService | None = None,
    status: str | None = None,
) -> tuple[PilotService, str]:
    """Art. 7(七): create or edit one entry of a base's catalogue. ``data`` is raw (a form, an API
    body, an import row); returns the service and "created" / "updated" / "unchanged"."""
    require(by is None or permissions.can_edit_services(by, base), "只有本基地用户或科技局可以维护服务清单")
    try:
        cleaned = clean_service(data)
    except RowRejected as exc:
        raise InvalidInput("service", str(exc)) from exc
    if service is None:
        service = PilotService.objects.select_for_update().filter(base=base, ref=cleaned["ref"]).first()
    elif service.ref != cleaned["ref"]:
        if PilotService.objects.filter(base=base, ref=cleaned["ref"]).exclude(pk=service.pk).exists():
            raise InvalidInput("ref", f"本基地已有编号为 {cleaned['ref']} 的服务")
    if service is None:
        service = PilotService.objects.create(
            base=base, status=status or PilotService.Status.DRAFT, **cleaned
        )
        audit.record(service, "service_created", by=by, data={"base": base.filing_number, "ref": service.ref})
        if service.status == PilotService.Status.PUBLISHED:
            bump_search_version()
        return service, "created"
    changes = _changes(service, cleaned)
    if service.ref != cleaned["ref"]:
        changes["ref"] = cleaned["ref"]
    new_status = status if status and status != service.status else None
    if not changes and not new_status:
        return service, "unchanged"
    for name, value in changes.items():
        setattr(service, name, value)
    if new_status:
        service.status = new_status
    service.save()
    audit.record(
        service, "service_updated", by=by, data={"fields": sorted(changes), "status": service.status}
    )
    if service.status == PilotService.Status.PUBLISHED or new_status:
        bump_search_version()
    return service, "updated"


@transaction.atomic
def publish_service(service: PilotService, *, by: User) -> PilotService:
    """Art. 7(七), 11: the entry appears on the portal and in search at once."""
    require(permissions.can_edit_services(by, service.base), "只有本基地用户或科技局可以发布服务")
    return _set_status(service, PilotService.Status.PUBLISHED, by=by, action="service_published")


@transaction.atomic
def withdraw_service(service: PilotService, *, by: User) -> PilotService:
    require(permissions.can_edit_services(by, service.base), "只有本基地用户或科技局可以撤下服务")
    return _set_status(service, PilotService.Status.WITHDRAWN, by=by, action="service_withdrawn")


def _set_status(service: PilotService, status: str, *, by: User, action: str) -> PilotService:
    if service.status == status:
        return service
    PilotService.objects.filter(pk=service.pk).update(status=status, updated_at=timezone.now())
    service.status = status
    audit.record(service, action, by=by, data={"base": service.base.filing_number, "ref": service.ref})
    bump_search_version()
    return service


def import_services(rows: list[tuple[int, dict]], *, by: User | None, publish: bool = True) -> ImportReport:
    """Spec/catalogue.md import: each row in its own savepoint; same base + ref updates; a row whose
    base is not a filed base in force, whose codes are unknown or whose required fields are empty is
    rejected with its line number."""
    report = ImportReport()
    bases = {b.filing_number: b for b in permissions.listed_bases().select_related("recommending_unit")}
    for line, row in rows:
        try:
            if "__error__" in row:
                raise RowRejected(row["__error__"])
            filing_number = text(row, "base")
            if not filing_number:
                raise RowRejected("必填字段为空：base")
            base = bases.get(filing_number)
            if base is None:
                raise RowRejected(f"base {filing_number} 不是已备案且有效的中试基地")
            with transaction.atomic():
                _service, outcome = save_service(
                    base, row, by=by, status=PilotService.Status.PUBLISHED if publish else None
                )
        except RowRejected as exc:
            report.rejected.append((line, str(exc)))
            continue
        except InvalidInput as exc:
            report.rejected.append((line, exc.message))
            continue
        except Refused as exc:
            report.rejected.append((line, exc.message))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


# -- synonyms, profiles, cases, investors -----------------------------------------------------


@transaction.atomic
def save_synonyms(text_value: str, *, by: User) -> SynonymList:
    """The administrator's synonym table (one group per line, terms separated by /)."""
    require(permissions.can_edit_synonyms(by), "只有系统管理员可以维护同义词表")
    if len(text_value) > 200_000:
        raise InvalidInput("text", "同义词表过长")
    table = SynonymTable.from_lines(text_value.splitlines())
    if text_value.strip() and not table.groups:
        raise InvalidInput("text", "没有读到任何同义词组：每行至少两个词，用 / 分隔")
    row, _created = SynonymList.objects.get_or_create(pk=1)
    row.text = text_value
    row.updated_by = by
    row.save()
    audit.record(row, "synonyms_updated", by=by, data={"groups": len(table.groups)})
    bump_search_version()
    return row


def profile_of(base: PilotBase) -> BaseProfile:
    return BaseProfile.objects.filter(base=base).first() or BaseProfile(base=base)


@transaction.atomic
def save_profile(
    base: PilotBase, *, by: User, welcomes_investment: bool, investment_note: str
) -> BaseProfile:
    """Art. 13: the base says whether it welcomes social capital, and on what terms."""
    require(permissions.can_edit_services(by, base), "只有本基地用户或科技局可以修改基地门户信息")
    profile, _created = BaseProfile.objects.get_or_create(base=base)
    profile.welcomes_investment = welcomes_investment
    profile.investment_note = investment_note.strip()[:2000]
    profile.save()
    audit.record(base, "portal_profile_updated", by=by, data={"welcomes_investment": welcomes_investment})
    return profile


@transaction.atomic
def enquire_investment(
    base: PilotBase, *, name: str, organisation: str, contact: str, message: str
) -> InvestmentEnquiry:
    """Art. 13: an investor (anyone, no account) writes to a base that welcomes investment."""
    profile = profile_of(base)
    if base.status not in permissions.LISTED_STATUSES or not profile.welcomes_investment:
        raise Refused("该基地目前未开放投资意向联系")
    enquiry = InvestmentEnquiry.objects.create(
        base=base,
        name=name.strip(),
        organisation=organisation.strip(),
        contact=contact.strip(),
        message=message.strip(),
    )
    audit.record(
        enquiry, "investment_enquiry", by=None, actor_label="anonymous", data={"base": base.filing_number}
    )
    notify.send(
        base_users(base),
        f"收到投资意向：{enquiry.organisation or enquiry.name}",
        enquiry.message[:500],
        dedupe_key=f"investment:{enquiry.pk}",
    )
    return enquiry


@transaction.atomic
def save_case(
    *,
    by: User,
    title: str,
    body: str,
    summary: str = "",
    base: PilotBase | None = None,
    publish: bool = False,
    case: PracticeCase | None = None,
) -> PracticeCase:
    """Art. 11: the bureau writes up a replicable practice and publishes it on the portal."""
    require(permissions.can_manage_cases(by), "只有科技局可以发布经验做法")
    if not title.strip() or not body.strip():
        raise InvalidInput("title" if not title.strip() else "body", "标题和正文不能为空")
    case = case or PracticeCase(created_by=by)
    case.title, case.body, case.summary, case.base = title.strip(), body.strip(), summary.strip(), base
    if publish and not case.published:
        case.published, case.published_on = True, clock.today()
    elif not publish:
        case.published = False
    case.save()
    audit.record(case, "case_saved", by=by, data={"published": case.published})
    return case


# -- demands and engagements ------------------------------------------------------------------


def base_users(base: PilotBase) -> list[User]:
    orgs = [o for o in (base.organisation_id, base.host_unit_id) if o]
    return list(User.objects.filter(role=Role.APPLICANT, organisation_id__in=orgs, is_active=True))


def _clean_text(value: str, field: str, label: str, *, required: bool = True, max_length: int = 5000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(field, f"请填写{label}")
    if len(value) > max_length:
        raise InvalidInput(field, f"{label}不能超过 {max_length} 字")
    return value


@transaction.atomic
def post_demand(
    *,
    by: User,
    title: str,
    text: str,
    contact_name: str,
    contact_phone: str,
    industry_chains: Iterable[str] = (),
    kinds: Iterable[str] = (),
    budget_yuan: Decimal | None = None,
    needed_by: date | None = None,
    division: str = "",
) -> Demand:
    """Art. 11 供需对接: an enterprise says what pilot work it needs."""
    require(permissions.can_post_demand(by), "只有企业用户可以发布中试需求")
    chains, kind_list = list(industry_chains or ()), list(kinds or ())
    for code in chains:
        if code not in INDUSTRY_CHAINS:
            raise InvalidInput("industry_chains", f"未知的产业链代码：{code}")
    for code in kind_list:
        if code not in KINDS:
            raise InvalidInput("kinds", f"未知的服务类型代码：{code}")
    if division and not RecommendingUnit.objects.filter(code=division).exists():
        raise InvalidInput("division", f"未知的地区代码：{division}")
    if budget_yuan is not None and (budget_yuan < 0 or budget_yuan > Decimal("1e11")):
        raise InvalidInput("budget_yuan", "预算金额不合理")
    if needed_by is not None and needed_by < clock.today():
        raise InvalidInput("needed_by", "期望完成日期不能早于今天")
    demand = Demand.objects.create(
        organisation=by.organisation,
        posted_by=by,
        title=_clean_text(title, "title", "需求名称", max_length=200),
        text=_clean_text(text, "text", "需求描述"),
        contact_name=_clean_text(contact_name, "contact_name", "联系人", max_length=50),
        contact_phone=_clean_text(contact_phone, "contact_phone", "联系电话", max_length=30),
        industry_chains=chains,
        kinds=kind_list,
        budget_yuan=budget_yuan,
        needed_by=needed_by,
        division=division,
    )
    audit.record(demand, "demand_posted", by=by, data={"chains": chains, "kinds": kind_list})
    return demand


# An engagement in one of these states means the demand found a base; declined and cancelled do not.
LIVE_ENGAGEMENT = (
    Engagement.Status.REQUESTED,
    Engagement.Status.ACCEPTED,
    Engagement.Status.AGREED,
    Engagement.Status.COMPLETED,
)


def unmatched_demands(demands=None):
    """Open demands with no live engagement: the ones still looking for a base (Art. 11)."""
    qs = Demand.objects.all() if demands is None else demands
    return qs.filter(status=Demand.Status.OPEN).exclude(engagements__status__in=LIVE_ENGAGEMENT)


@transaction.atomic
def close_demand(demand: Demand, *, by: User, reason: str, note: str = "") -> Demand:
    """Art. 11: the enterprise closes its demand, met or no longer needed. Requests a base has not
    yet turned into an agreement are cancelled with it; agreed work goes on to its completion."""
    require(permissions.side_of_demand(by, demand), "只有发布需求的企业可以关闭需求")
    if reason not in Demand.ClosedReason.values:
        raise InvalidInput("reason", f"未知的关闭原因：{reason}（应为 fulfilled 或 not_needed）")
    note = _clean_text(note, "note", "说明", required=False, max_length=2000)
    now = timezone.now()
    if not Demand.objects.filter(pk=demand.pk, status=Demand.Status.OPEN).update(
        status=Demand.Status.CLOSED, closed_reason=reason, closed_at=now
    ):
        raise InvalidInput("status", "该需求已关闭")
    demand.refresh_from_db()
    outcome = f"企业已关闭需求（{demand.get_closed_reason_display()}）"
    pending = list(
        Engagement.objects.select_related("base").filter(demand=demand, status__in=(S.REQUESTED, S.ACCEPTED))
    )
    Engagement.objects.filter(pk__in=[e.pk for e in pending]).update(
        status=S.CANCELLED, outcome=outcome, closed_at=now, version=F("version") + 1
    )
    audit.record(
        demand,
        "demand_closed",
        by=by,
        data={"reason": reason, "note": note[:500], "cancelled": [e.pk for e in pending]},
    )
    for engagement in pending:
        audit.record(engagement, "engagement_cancel", by=by, data={"to": S.CANCELLED, "note": outcome})
        notify.send(
            base_users(engagement.base),
            f"中试需求对接已取消：{demand.title}",
            outcome,
            url=engagement.get_absolute_url(),
            dedupe_key=f"engagement:{engagement.pk}:cancel",
        )
    return demand


@dataclass
class Suggestion:
    service: PilotService
    score: float
    reasons: list[str]


def suggestions(demand: Demand, *, limit: int = 10) -> list[Suggestion]:
    """The services that best answer a demand, with reasons (matching.match), bases in force only."""
    index = get_index()
    wanted = matching.Demand(
        text=f"{demand.title} {demand.text}",
        chains=tuple(demand.industry_chains or ()),
        kinds=tuple(demand.kinds or ()),
        budget_yuan=demand.budget_yuan,
        needed_by=demand.needed_by,
        division=demand.division or None,
    )
    found = matching.match(wanted, index, limit=limit * 2 + 10, today=clock.today())
    in_force = _in_force(m.key.base for m in found)
    found = [m for m in found if m.key.base in in_force][:limit]
    rows = service_rows([{"base": m.key.base, "ref": m.key.ref} for m in found])
    return [
        Suggestion(service, m.score, m.reasons)
        for m, (_r, service) in zip(found, rows, strict=True)
        if service
    ]


@transaction.atomic
def request_engagement(demand: Demand, service: PilotService, *, by: User, message: str = "") -> Engagement:
    """Art. 11: the enterprise contacts a base about its demand, through the system."""
    require(
        permissions.is_enterprise(by) and by.organisation_id == demand.organisation_id,
        "只有发布需求的企业可以发起对接",
    )
    if demand.status != Demand.Status.OPEN:
        raise InvalidInput("demand", "该需求已关闭")
    base = service.base
    if base.status not in permissions.LISTED_STATUSES or service.status != PilotService.Status.PUBLISHED:
        raise InvalidInput("service", "该服务当前不可对接")
    if Engagement.objects.filter(demand=demand, base=base).exists():
        raise InvalidInput("service", f"已就本需求联系过{base.name}")
    engagement = Engagement.objects.create(
        demand=demand,
        base=base,
        service=service,
        message=_clean_text(message, "message", "对接说明", required=False),
    )
    audit.record(
        engagement, "engagement_requested", by=by, data={"base": base.filing_number, "service": service.ref}
    )
    notify.send(
        base_users(base),
        f"新的中试需求对接请求：{demand.title}",
        engagement.message[:500],
        url=engagement.get_absolute_url(),
        dedupe_key=f"engagement:{engagement.pk}:requested",
    )
    return engagement


S = Engagement.Status
# The moves of an engagement, in one place: action -> (from states, to state, who, what must be said)
MOVES: dict[str, tuple[frozenset[str], str, str, str | None]] = {
    "accept": (frozenset({S.REQUESTED}), S.ACCEPTED, "base", "answer"),
    "decline": (frozenset({S.REQUESTED}), S.DECLINED, "base", "answer"),
    "agree": (frozenset({S.ACCEPTED}), S.AGREED, "enterprise", None),
    "complete": (frozenset({S.AGREED}), S.COMPLETED, "base", "outcome"),
    "cancel": (frozenset({S.REQUESTED, S.ACCEPTED, S.AGREED}), S.CANCELLED, "enterprise", "outcome"),
}
ACTION_LABELS = {
    "accept": "接受",
    "decline": "婉拒",
    "agree": "确认达成合作",
    "complete": "登记完成",
    "cancel": "取消对接",
}
TEXT_LABELS = {"answer": "答复", "outcome": "对接结果"}


def allowed_moves(engagement: Engagement, user: User) -> list[str]:
    side = permissions.side_of(user, engagement)
    return [a for a, (froms, _to, who, _t) in MOVES.items() if who == side and engagement.status in froms]


@transaction.atomic
def move(engagement: Engagement, action: str, *, by: User, note: str = "") -> Engagement:
    """Art. 11: one step of an engagement, by the party whose turn it is."""
    if action not in MOVES:
        raise InvalidInput("action", f"未知的操作：{action}")
    froms, to, who, text_field = MOVES[action]
    require(
        permissions.side_of(by, engagement) == who,
        "该操作应由对方办理" if permissions.side_of(by, engagement) else "您不是该对接的当事方",
    )
    if engagement.status not in froms:
        raise InvalidInput(
            "status", f"当前状态为“{engagement.get_status_display()}”，不能{ACTION_LABELS[action]}"
        )
    note = _clean_text(
        note,
        text_field or "note",
        TEXT_LABELS.get(text_field or "", "说明"),
        required=action in ("decline", "complete"),
    )
    now = timezone.now()
    changes: dict[str, Any] = {"status": to, "version": F("version") + 1}
    if text_field and note:
        changes[text_field] = note
    if action in ("accept", "decline"):
        changes["answered_at"] = now
    if to in (S.DECLINED, S.COMPLETED, S.CANCELLED):
        changes["closed_at"] = now
    updated = Engagement.objects.filter(
        pk=engagement.pk, status=engagement.status, version=engagement.version
    ).update(**changes)
    if not updated:
        raise InvalidInput("status", "该对接已被他人处理，请刷新后重试")
    engagement.refresh_from_db()
    audit.record(engagement, f"engagement_{action}", by=by, data={"to": to, "note": note[:500]})
    recipients = base_users(engagement.base) if who == "enterprise" else [engagement.demand.posted_by]
    notify.send(
        recipients,
        f"中试需求对接{engagement.get_status_display()}：{engagement.demand.title}",
        note[:500],
        url=engagement.get_absolute_url(),
        dedupe_key=f"engagement:{engagement.pk}:{action}",
    )
    return engagement


@transaction.atomic
def rate(engagement: Engagement, *, by: User, rating: Any) -> Engagement:
    """Art. 11: the enterprise rates the service once the engagement is completed (1–5)."""
    require(permissions.side_of(by, engagement) == "enterprise", "只有需求企业可以评价")
    try:
        value = int(rating)
    except (TypeError, ValueError) as exc:
        raise InvalidInput("rating", "评分应为 1 到 5 的整数") from exc
    if not 1 <= value <= 5:
        raise InvalidInput("rating", "评分应为 1 到 5 的整数")
    if engagement.status != S.COMPLETED:
        raise InvalidInput("rating", "只有已完成的对接才能评价")
    if not Engagement.objects.filter(pk=engagement.pk, status=S.COMPLETED, rating__isnull=True).update(
        rating=value
    ):
        raise InvalidInput("rating", "该对接已评价过")
    engagement.rating = value
    audit.record(engagement, "engagement_rated", by=by, data={"rating": value})
    notify.send(
        base_users(engagement.base),
        f"企业对中试服务评分 {value} 分：{engagement.demand.title}",
        url=engagement.get_absolute_url(),
        dedupe_key=f"engagement:{engagement.pk}:rated",
    )
    return engagement


# -- figures ----------------------------------------------------------------------------------


def _bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(since, time.min, tz) if since else None
    end = datetime.combine(until + timedelta(days=1), time.min, tz) if until else None
    return start, end


def engagement_figures(base: PilotBase, since: date | None = None, until: date | None = None) -> dict:
    """For the performance evaluation (Art. 9) and the bureau: what this base's matchmaking achieved
    between ``since`` and ``until`` (both inclusive, by request date)."""
    start, end = _bounds(since, until)
    qs = Engagement.objects.filter(base=base).select_related("demand")
    if start:
        qs = qs.filter(requested_at__gte=start)
    if end:
        qs = qs.filter(requested_at__lt=end)
    rows = list(qs)
    answered = [e for e in rows if e.answered_at]
    completed = [e for e in rows if e.status == S.COMPLETED]
    ratings = [e.rating for e in completed if e.rating]
    hours = [(e.answered_at - e.requested_at).total_seconds() / 3600 for e in answered]
    return {
        "requests": len(rows),
        "answered": len(answered),
        "accepted": sum(1 for e in rows if e.status in (S.ACCEPTED, S.AGREED, S.COMPLETED)),
        "declined": sum(1 for e in rows if e.status == S.DECLINED),
        "agreed": sum(1 for e in rows if e.status in (S.AGREED, S.COMPLETED)),
        "services_delivered": len(completed),
        "enterprises_served": len({e.demand.organisation_id for e in completed}),
        "mean_rating": round(statistics.mean(ratings), 2) if ratings else None,
        "median_response_hours": round(statistics.median(hours), 1) if hours else None,
        "published_services": PilotService.objects.filter(
            base=base, status=PilotService.Status.PUBLISHED
        ).count(),
    }


def bureau_overview() -> dict:
    """The officer's page: unmatched demands, and response times and outcomes by base, division and chain."""
    engagements = list(Engagement.objects.select_related("demand", "base", "base__recommending_unit"))
    unmatched_qs = unmatched_demands().select_related("organisation").order_by("created_at")
    unmatched = list(unmatched_qs[:200])
    D = Demand.Status
    demands = Demand.objects.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=D.OPEN)),
        fulfilled=Count("pk", filter=Q(status=D.CLOSED, closed_reason=Demand.ClosedReason.FULFILLED)),
        not_needed=Count("pk", filter=Q(status=D.CLOSED, closed_reason=Demand.ClosedReason.NOT_NEEDED)),
    )
    demands["unmatched"] = unmatched_qs.count()

    def group(key_of) -> list[dict]:
        groups: dict[str, list[Engagement]] = {}
        for e in engagements:
            for key in key_of(e):
                groups.setdefault(key, []).append(e)
        table = []
        for key, items in sorted(groups.items()):
            hours = [(e.answered_at - e.requested_at).total_seconds() / 3600 for e in items if e.answered_at]
            table.append(
                {
                    "key": key,
                    "requests": len(items),
                    "unanswered": sum(1 for e in items if e.status == S.REQUESTED),
                    "completed": sum(1 for e in items if e.status == S.COMPLETED),
                    "declined": sum(1 for e in items if e.status == S.DECLINED),
                    "median_response_hours": round(statistics.median(hours), 1) if hours else None,
                }
            )
        return table

    return {
        "unmatched": unmatched,
        "demands": demands,
        "by_base": group(lambda e: [f"{e.base.filing_number} {e.base.name}"]),
        "by_division": group(lambda e: [e.base.recommending_unit.name]),
        "by_chain": group(
            lambda e: [INDUSTRY_CHAINS.get(c, c) for c in (e.demand.industry_chains or ["（未指定）"])]
        ),
    }


def default_synonym_text() -> str:
    from .synonyms import SYNONYMS_PATH

    return SYNONYMS_PATH.read_text(encoding="utf-8")
