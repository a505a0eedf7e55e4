"""Catalogue API: public search (spec/catalogue.md) and matchmaking for signed-in parties (Art. 11).

Every write calls the same service function as the pages; objects are fetched through the same
permission helpers, so someone else's demand or engagement is a 404 here too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from pilotbase.accounts.permissions import is_officer, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.api.schema import ERRORS, NonBlank, errors

from . import permissions, services
from .models import Demand, Engagement, PilotService
from .vocabulary import INDUSTRY_CHAINS, KINDS

router = Router(tags=["中试服务清单"])
PREFIX = "/"


class ServiceHit(Schema):
    base: str
    ref: str
    title: str
    score: float


class SearchResults(Schema):
    results: list[ServiceHit]


def _division_codes(schema: dict) -> None:
    """The recommending units' codes, read when the schema is served: they are data, not code."""
    from pilotbase.accounts.models import RecommendingUnit

    try:
        codes = sorted(RecommendingUnit.objects.values_list("code", flat=True))
    except Exception:  # noqa: BLE001 — a schema built without a database simply lists no codes
        return
    if codes:
        schema["enum"] = codes


# The schema names the codes; the services check them and name the field in Chinese (422).
CHAIN_CODES = {"enum": sorted(INDUSTRY_CHAINS)}
KIND_CODES = {"enum": sorted(KINDS)}


class Filters(Schema):
    """Exact filters of the search and the directory (also used by ``portal.api``)."""

    chain: str | None = Field(None, json_schema_extra=CHAIN_CODES)
    kind: str | None = Field(None, json_schema_extra=KIND_CODES)
    division: str | None = Field(None, json_schema_extra=_division_codes)


@router.get(
    "services", response={200: SearchResults, **errors(422)}, auth=None, summary="检索中试服务（公开）"
)
def search_services(
    request,
    filters: Query[Filters],
    q: str = "",
    limit: int = Query(10, ge=1, le=services.MAX_LIMIT),
):
    return {"results": services.search(q, limit=limit, **filters.dict())}


# -- demands ----------------------------------------------------------------------------------


class DemandIn(Schema):
    """What the schema says here the service checks, naming the field in Chinese; except needed_by,
    which must not be before today (a 422 that depends on the day)."""

    title: NonBlank = Field(..., json_schema_extra={"maxLength": 200})
    text: NonBlank
    # contact details default to empty so that the service's Chinese message names the missing one
    contact_name: str = ""
    contact_phone: str = ""
    industry_chains: list[str] = Field([], json_schema_extra={"items": {"type": "string", **CHAIN_CODES}})
    kinds: list[str] = Field([], json_schema_extra={"items": {"type": "string", **KIND_CODES}})
    budget_yuan: Decimal | None = Field(None, json_schema_extra={"minimum": 0, "maximum": 100_000_000_000})
    needed_by: date | None = None
    division: str = ""


class DemandOut(Schema):
    id: int
    title: str
    text: str
    organisation: str
    industry_chains: list[str]
    kinds: list[str]
    budget_yuan: Decimal | None
    needed_by: date | None
    division: str
    contact_name: str
    contact_phone: str
    status: str
    status_label: str
    closed_reason: str
    created_at: str


class DemandList(Schema):
    results: list[DemandOut]


class StatusOfDemand(Schema):
    status: str = Field("", json_schema_extra={"enum": ["", *Demand.Status.values]})


class StatusOfEngagement(Schema):
    status: str = Field("", json_schema_extra={"enum": ["", *Engagement.Status.values]})


class CloseIn(Schema):
    reason: str = Field(..., json_schema_extra={"enum": sorted(Demand.ClosedReason.values)})
    note: str = ""


class Match(Schema):
    service_id: int
    base: str
    base_name: str
    ref: str
    title: str
    score: float
    reasons: list[str]


class Matches(Schema):
    results: list[Match]


def _demand_out(d: Demand) -> dict:
    return {
        "id": d.pk,
        "title": d.title,
        "text": d.text,
        "organisation": d.organisation.name,
        "industry_chains": d.industry_chains or [],
        "kinds": d.kinds or [],
        "budget_yuan": d.budget_yuan,
        "needed_by": d.needed_by,
        "division": d.division,
        "contact_name": d.contact_name,
        "contact_phone": d.contact_phone,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "closed_reason": d.closed_reason,
        "created_at": d.created_at.isoformat(),
    }


@router.post(
    "catalogue/demands", response={201: DemandOut, **errors(401, 403, 422)}, summary="企业发布中试需求"
)
def post_demand(request, payload: DemandIn):
    demand = services.post_demand(by=request.auth, **payload.dict())
    return Status(201, _demand_out(demand))


@router.get("catalogue/demands", response={200: DemandList, **errors(401, 422)}, summary="可见的中试需求")
def list_demands(request, q: Query[StatusOfDemand]):
    status = q.status
    demands = permissions.visible_demands(request.auth).order_by("-created_at")
    if status:
        if status not in Demand.Status.values:
            raise InvalidInput("status", f"未知的需求状态：{status}")
        demands = demands.filter(status=status)
    return {"results": [_demand_out(d) for d in demands[:200]]}


@router.get(
    "catalogue/demands/{demand_id}",
    response={200: DemandOut, **errors(401, 404, 422)},
    summary="中试需求详情",
)
def get_demand(request, demand_id: int):
    return _demand_out(permissions.get_demand_for(request.auth, demand_id))


@router.get(
    "catalogue/demands/{demand_id}/matches",
    response={200: Matches, **ERRORS},
    summary="为需求推荐的中试服务及理由",
)
def demand_matches(request, demand_id: int, limit: int = Query(10, ge=1, le=services.MAX_LIMIT)):
    demand = permissions.get_demand_for(request.auth, demand_id)
    require(
        permissions.side_of_demand(request.auth, demand) or is_officer(request.auth),
        "只有发布需求的企业和科技局可以查看推荐",
    )
    found = services.suggestions(demand, limit=services.clean_limit(limit))
    return {
        "results": [
            {
                "service_id": s.service.pk,
                "base": s.service.base.filing_number,
                "base_name": s.service.base.name,
                "ref": s.service.ref,
                "title": s.service.title,
                "score": round(s.score, 4),
                "reasons": s.reasons,
            }
            for s in found
        ]
    }


@router.post(
    "catalogue/demands/{demand_id}/close", response={200: DemandOut, **ERRORS}, summary="关闭中试需求"
)
def close_demand(request, demand_id: int, payload: CloseIn):
    demand = permissions.get_demand_for(request.auth, demand_id)
    return _demand_out(
        services.close_demand(demand, by=request.auth, reason=payload.reason, note=payload.note)
    )


# -- engagements ------------------------------------------------------------------------------


class ContactIn(Schema):
    """The service to contact: its id (from the matches) or its base and ref (from a search)."""

    service_id: int | None = None
    base: str = ""
    ref: str = ""
    message: str = ""


class MoveIn(Schema):
    # which action may be taken depends on the engagement's state and on who asks (403 or 422)
    action: str = Field(..., json_schema_extra={"enum": sorted(services.MOVES)})
    note: str = ""


class RatingIn(Schema):
    rating: int = Field(..., json_schema_extra={"minimum": 1, "maximum": 5})


class EngagementOut(Schema):
    id: int
    demand: int
    base: str
    base_name: str
    service: str | None
    status: str
    status_label: str
    message: str
    answer: str
    outcome: str
    rating: int | None
    available_actions: list[str]


class EngagementList(Schema):
    results: list[EngagementOut]


def _out(engagement: Engagement, user) -> dict:
    return {
        "id": engagement.pk,
        "demand": engagement.demand_id,
        "base": engagement.base.filing_number,
        "base_name": engagement.base.name,
        "service": engagement.service.ref if engagement.service_id else None,
        "status": engagement.status,
        "status_label": str(engagement.get_status_display()),
        "message": engagement.message,
        "answer": engagement.answer,
        "outcome": engagement.outcome,
        "rating": engagement.rating,
        "available_actions": services.allowed_moves(engagement, user),
    }


def _contactable(payload: ContactIn) -> PilotService:
    published = services.published_services().select_related("base")
    if payload.service_id is not None:
        service = published.filter(pk=payload.service_id).first()
        field = "service_id"
    elif payload.base and payload.ref:
        service = published.filter(base__filing_number=payload.base, ref=payload.ref).first()
        field = "ref"
    else:
        raise InvalidInput("service_id", "请给出要联系的服务：service_id，或 base 与 ref")
    if service is None:
        raise InvalidInput(field, "该中试服务不存在或当前未发布")
    return service


@router.post(
    "catalogue/demands/{demand_id}/engagements",
    response={201: EngagementOut, **ERRORS},
    summary="就需求联系基地（发起对接）",
)
def contact_base(request, demand_id: int, payload: ContactIn):
    demand = permissions.get_demand_for(request.auth, demand_id)
    engagement = services.request_engagement(
        demand, _contactable(payload), by=request.auth, message=payload.message
    )
    return Status(201, _out(engagement, request.auth))


@router.get(
    "catalogue/engagements", response={200: EngagementList, **errors(401, 422)}, summary="可见的供需对接"
)
def list_engagements(request, q: Query[StatusOfEngagement]):
    status = q.status
    rows = permissions.visible_engagements(request.auth).order_by("-requested_at")
    if status:
        if status not in Engagement.Status.values:
            raise InvalidInput("status", f"未知的对接状态：{status}")
        rows = rows.filter(status=status)
    return {"results": [_out(e, request.auth) for e in rows[:200]]}


@router.get(
    "catalogue/engagements/{engagement_id}",
    response={200: EngagementOut, **errors(401, 404, 422)},
    summary="供需对接详情",
)
def get_engagement(request, engagement_id: int):
    return _out(permissions.get_engagement_for(request.auth, engagement_id), request.auth)


@router.post(
    "catalogue/engagements/{engagement_id}/move",
    response={200: EngagementOut, **ERRORS},
    summary="推进供需对接",
)
def move_engagement(request, engagement_id: int, payload: MoveIn):
    engagement = permissions.get_engagement_for(request.auth, engagement_id)
    moved = services.move(engagement, payload.action, by=request.auth, note=payload.note)
    return _out(moved, request.auth)


@router.post(
    "catalogue/engagements/{engagement_id}/rating",
    response={200: EngagementOut, **ERRORS},
    summary="评价已完成的对接",
)
def rate_engagement(request, engagement_id: int, payload: RatingIn):
    engagement = permissions.get_engagement_for(request.auth, engagement_id)
    return _out(services.rate(engagement, by=request.auth, rating=payload.rating), request.auth)
