"""JSON API of the filing workflow: the same visibility and the same services as the pages."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from . import permissions, services, workflow
from .views import list_queryset

router = Router(tags=["申报备案"])
PREFIX = "/applications/"


class ApplicationOut(Schema):
    id: int
    name: str
    organisation: str
    recommending_unit: str | None
    call: str
    status: str
    status_label: str
    version: int
    updated_at: str


class ApplicationDetail(ApplicationOut):
    facts: dict
    checklist: dict
    available_actions: list[str]
    return_reason: str
    recommendation_opinion: str


def _out(user, a, detail=False) -> dict:
    own = permissions.is_own(user, a)
    data = {
        "id": a.pk,
        "name": a.name,
        "organisation": a.organisation.name,
        "recommending_unit": a.organisation.recommending_unit.code
        if a.organisation.recommending_unit_id
        else None,
        "call": a.call.document_number,
        "status": a.status,
        "status_label": workflow.applicant_label(a.status) if own else str(a.get_status_display()),
        "version": a.version,
        "updated_at": a.updated_at.isoformat(),
    }
    if detail:
        data.update(
            facts=a.facts,
            checklist=services.checklist(a),
            available_actions=permissions.available_actions(user, a),
            return_reason=a.return_reason,
            recommendation_opinion=a.recommendation_opinion,
        )
    return data


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except services.WorkflowError as exc:
        raise HttpError(409, exc.message) from exc


@router.get("", response=list[ApplicationOut], summary="可见的申报（与页面相同的可见范围）")
def list_applications(request, status: str = "", q: str = "", limit: int = 50, offset: int = 0):
    qs = list_queryset(request.auth, {"status": status, "q": q})
    limit = max(1, min(limit, 200))
    return [_out(request.auth, a) for a in qs[offset : offset + limit]]


@router.get("/{pk}", response=ApplicationDetail, summary="申报详情")
def get_application(request, pk: int):
    return _out(request.auth, permissions.get_application_for(request.auth, pk), detail=True)


class SubmitIn(Schema):
    pledge: bool
    version: int | None = None


class RecommendIn(Schema):
    opinion: str
    order: int | None = None


class ReturnIn(Schema):
    reasons: str


@router.post("/{pk}/submit", response=ApplicationDetail, summary="签署诚信承诺并提交")
def submit(request, pk: int, payload: SubmitIn):
    a = permissions.get_application_for(request.auth, pk)
    a = _run(services.submit, a, pledge=payload.pledge, expected_version=payload.version, by=request.auth)
    return _out(request.auth, a, detail=True)


@router.post("/{pk}/recommend", response=ApplicationDetail, summary="推荐单位初审：推荐")
def recommend(request, pk: int, payload: RecommendIn):
    a = permissions.get_application_for(request.auth, pk)
    a = _run(services.recommend, a, opinion=payload.opinion, order=payload.order, by=request.auth)
    return _out(request.auth, a, detail=True)


@router.post("/{pk}/return", response=ApplicationDetail, summary="退回补正")
def return_for_revision(request, pk: int, payload: ReturnIn):
    a = permissions.get_application_for(request.auth, pk)
    a = _run(services.return_for_revision, a, reasons=payload.reasons, by=request.auth)
    return _out(request.auth, a, detail=True)
