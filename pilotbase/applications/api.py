"""JSON API of the filing workflow: the same visibility and the same services as the pages."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from pilotbase.api.schema import ERRORS, Error, NonBlank, errors

from . import permissions, services, workflow
from .views import list_queryset

router = Router(tags=["申报备案"])
PREFIX = "/applications/"


class ApplicationOut(Schema):
    id: int
    name: str
    organisation: str
    host_unit: str | None
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
        "host_unit": a.host_unit.name if a.host_unit_id else None,
        "recommending_unit": a.recommending_unit.code if a.recommending_unit_id else None,
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


# A move answers with the application, or 409 {"detail", "field"} when it comes from the wrong
# state or lost a race (services.WorkflowError); other refusals go through api/errors.py
# (InvalidInput 422, Refused 403, NotVisible 404).
MOVE = {200: ApplicationDetail, 409: Error, **ERRORS}


def _conflict(message: str, field: str = "status"):
    return Status(409, {"detail": message, "field": field})


def _act(request, pk: int, fn, **kwargs):
    application = permissions.get_application_for(request.auth, pk)
    try:
        application = fn(application, by=request.auth, **kwargs)
    except services.WorkflowError as exc:
        return _conflict(exc.message, exc.field)
    return _out(request.auth, application, detail=True)


@router.get(
    "", response={200: list[ApplicationOut], **errors(401, 422)}, summary="可见的申报（与页面相同的可见范围）"
)
def list_applications(
    request,
    status: str = "",
    q: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    qs = list_queryset(request.auth, {"status": status, "q": q}).select_related("host_unit")
    limit = max(1, min(limit, 200))
    return [_out(request.auth, a) for a in qs[offset : offset + limit]]


@router.get("/{pk}", response={200: ApplicationDetail, **errors(401, 404, 422)}, summary="申报详情")
def get_application(request, pk: int):
    return _out(request.auth, permissions.get_application_for(request.auth, pk), detail=True)


class SubmitIn(Schema):
    # the integrity pledge must be signed; the service refuses false naming "pledge"
    pledge: bool = Field(..., json_schema_extra={"const": True})
    version: int | None = None


class RecommendIn(Schema):
    opinion: NonBlank
    # the service refuses an order below 1 (and one another application of the unit already has)
    order: int | None = Field(None, json_schema_extra={"minimum": 1})


class ReturnIn(Schema):
    reasons: NonBlank


@router.post("/{pk}/submit", response=MOVE, summary="签署诚信承诺并提交（退回补正后再次提交亦同）")
def submit(request, pk: int, payload: SubmitIn):
    return _act(request, pk, services.submit, pledge=payload.pledge, expected_version=payload.version)


@router.post("/{pk}/recommend", response=MOVE, summary="推荐单位初审：推荐")
def recommend(request, pk: int, payload: RecommendIn):
    return _act(request, pk, services.recommend, opinion=payload.opinion, order=payload.order)


@router.post("/{pk}/return", response=MOVE, summary="退回补正（推荐单位初审或科技局形式审查）")
def return_for_revision(request, pk: int, payload: ReturnIn):
    return _act(request, pk, services.return_for_revision, reasons=payload.reasons)


class ReasonIn(Schema):
    reason: NonBlank


class OptionalReasonIn(Schema):
    reason: str = ""


class OpinionIn(Schema):
    opinion: str = ""


class CheckReviewIn(Schema):
    check_id: str
    status: Literal["pass", "fail"]
    reason: NonBlank


@router.post("/{pk}/resubmit", response=MOVE, summary="修改后重新提交（仅退回补正的申报）")
def resubmit(request, pk: int, payload: SubmitIn):
    a = permissions.get_application_for(request.auth, pk)
    if a.status != services.S.RETURNED:
        return _conflict(f"申报当前状态为「{a.get_status_display()}」，只有退回补正的申报可以重新提交")
    return _act(request, pk, services.submit, pledge=payload.pledge, expected_version=payload.version)


@router.post("/{pk}/not-recommend", response=MOVE, summary="推荐单位初审：不予推荐")
def not_recommend(request, pk: int, payload: ReasonIn):
    return _act(request, pk, services.not_recommend, reason=payload.reason)


@router.post("/{pk}/start-formal-review", response=MOVE, summary="科技局：开始形式审查")
def start_formal_review(request, pk: int):
    return _act(request, pk, services.start_formal_review)


@router.post("/{pk}/checks", response=MOVE, summary="形式审查：逐项核定第七条审查项")
def review_check(request, pk: int, payload: CheckReviewIn):
    return _act(
        request,
        pk,
        services.review_check,
        check_id=payload.check_id,
        status=payload.status,
        reason=payload.reason,
    )


@router.post("/{pk}/reject", response=MOVE, summary="形式审查：不予通过")
def reject(request, pk: int, payload: ReasonIn):
    return _act(request, pk, services.reject, reason=payload.reason)


@router.post("/{pk}/send-to-experts", response=MOVE, summary="形式审查通过：提交专家评估论证")
def send_to_experts(request, pk: int, payload: OpinionIn):
    return _act(request, pk, services.send_to_experts, opinion=payload.opinion)


@router.post("/{pk}/withdraw", response=MOVE, summary="申报单位撤回（备案前均可）")
def withdraw(request, pk: int, payload: OptionalReasonIn):
    return _act(request, pk, services.withdraw, reason=payload.reason)
