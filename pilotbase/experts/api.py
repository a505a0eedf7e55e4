"""JSON API of expert review: the same visibility and the same services as the pages."""

from __future__ import annotations

from ninja import Query, Router, Schema

from pilotbase.api.schema import ERRORS, errors

from . import permissions, services
from .models import Expert

router = Router(tags=["专家评审"])
PREFIX = "/experts/"


class AssignmentOut(Schema):
    id: int
    application: int
    application_name: str
    organisation: str
    status: str
    match_reasons: str


def _out(i) -> dict:
    return {
        "id": i.pk,
        "application": i.application_id,
        "application_name": i.application.name,
        "organisation": i.application.organisation.name,
        "status": i.status,
        "match_reasons": i.match_reasons,
    }


@router.get("/assignments", response={200: list[AssignmentOut], **errors(401)}, summary="本人的评审任务")
def list_assignments(request):
    return [_out(i) for i in permissions.visible_assignments(request.auth)]


@router.get(
    "/assignments/{pk}", response={200: AssignmentOut, **errors(401, 404, 422)}, summary="一项评审任务"
)
def get_assignment(request, pk: int):
    return _out(permissions.get_assignment_for(request.auth, pk))


class RespondIn(Schema):
    accept: bool
    conflict_note: str = ""
    reason: str = ""


@router.post(
    "/assignments/{pk}/respond",
    response={200: AssignmentOut, **ERRORS},
    summary="接受或谢绝邀请（可声明回避）",
)
def respond(request, pk: int, payload: RespondIn):
    invitation = permissions.get_assignment_for(request.auth, pk)
    invitation = services.respond(
        invitation,
        accept=payload.accept,
        conflict_note=payload.conflict_note,
        reason=payload.reason,
        by=request.auth,
    )
    return _out(invitation)


class ReviewIn(Schema):
    scores: dict[str, str]
    opinion: str


class ReviewOut(Schema):
    total: str
    blocking: list[str]


@router.post("/assignments/{pk}/review", response={200: ReviewOut, **ERRORS}, summary="提交评分和评审意见")
def review(request, pk: int, payload: ReviewIn):
    invitation = permissions.get_assignment_for(request.auth, pk)
    r = services.submit_review(invitation, scores=payload.scores, opinion=payload.opinion, by=request.auth)
    return {"total": str(r.total), "blocking": r.blocking}


class ExpertOut(Schema):
    id: int
    name: str
    organisation: str
    types: list[str]
    fields: list[str]
    chains: list[str]


@router.get("/pool", response={200: list[ExpertOut], **errors(401, 403, 422)}, summary="专家库（兵团科技局）")
def pool(request, limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=1_000_000)):
    permissions.require_officer(request.auth)
    limit = max(1, min(limit, 500))
    return [
        {
            "id": e.pk,
            "name": e.name,
            "organisation": e.organisation_name,
            "types": e.types,
            "fields": e.fields,
            "chains": e.chains,
        }
        for e in Expert.objects.order_by("pk")[offset : offset + limit]
    ]


class PanelOut(Schema):
    count: int
    mean: str | None
    trimmed_mean: str | None
    range: str | None
    std_dev: str | None
    blocked: bool


@router.get(
    "/panels/{pk}",
    response={200: PanelOut, **errors(401, 403, 404, 422)},
    summary="专家组评分汇总（兵团科技局）",
)
def panel(request, pk: int):
    application = permissions.get_panel_application_for(request.auth, pk)
    return services.panel(application)["figures"]
