"""Catalogue API: public search (spec/catalogue.md) and the engagement moves for signed-in parties."""

from __future__ import annotations

from ninja import Router, Schema

from . import permissions, services

router = Router(tags=["中试服务清单"])
PREFIX = "/"


class ServiceHit(Schema):
    base: str
    ref: str
    title: str
    score: float


class SearchResults(Schema):
    results: list[ServiceHit]


@router.get("services", response=SearchResults, auth=None, summary="检索中试服务（公开）")
def search_services(
    request,
    q: str = "",
    limit: str = "10",
    chain: str | None = None,
    kind: str | None = None,
    division: str | None = None,
):
    return {"results": services.search(q, limit=limit, chain=chain, kind=kind, division=division)}


class MoveIn(Schema):
    action: str
    note: str = ""


class RatingIn(Schema):
    rating: int


class EngagementOut(Schema):
    id: int
    base: str
    service: str | None
    status: str
    rating: int | None


def _out(engagement) -> dict:
    return {
        "id": engagement.pk,
        "base": engagement.base.filing_number,
        "service": engagement.service.ref if engagement.service_id else None,
        "status": engagement.status,
        "rating": engagement.rating,
    }


@router.post("catalogue/engagements/{engagement_id}/move", response=EngagementOut, summary="推进供需对接")
def move_engagement(request, engagement_id: int, payload: MoveIn):
    engagement = permissions.get_engagement_for(request.auth, engagement_id)
    return _out(services.move(engagement, payload.action, by=request.auth, note=payload.note))


@router.post(
    "catalogue/engagements/{engagement_id}/rating", response=EngagementOut, summary="评价已完成的对接"
)
def rate_engagement(request, engagement_id: int, payload: RatingIn):
    engagement = permissions.get_engagement_for(request.auth, engagement_id)
    return _out(services.rate(engagement, by=request.auth, rating=payload.rating))
