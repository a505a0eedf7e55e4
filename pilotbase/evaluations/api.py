"""JSON API of evaluations (Art. 9): reading campaigns and evaluations with exactly the pages'
visibility (``permissions``), and the base's self-evaluation and the bureau's grade through the same
services as the pages. Errors are the API's {"detail", "field"}."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from pilotbase.accounts.permissions import NotVisible
from pilotbase.api.schema import ERRORS, errors

from . import permissions, services
from .models import Evaluation, EvaluationCampaign

router = Router(tags=["绩效评价"])
PREFIX = "/evaluations/"

# Larger numbers cannot be a primary key; answering 404 keeps them away from the database integer.
MAX_PK = 2**31 - 1


class BaseRef(Schema):
    id: int
    name: str
    filing_number: str


class EvaluationOut(Schema):
    id: int
    campaign_id: int
    campaign: str
    base: BaseRef
    status: str
    status_label: str
    grade: str
    grade_label: str
    is_reevaluation: bool
    indicators: dict
    self_report: str
    authenticity_opinion: str
    review_opinion: str
    result_document_number: str
    result_on: str | None
    notice_ends_on: str | None
    available_actions: list[str]


class CampaignOut(Schema):
    id: int
    title: str
    as_of: str
    report_deadline: str
    indicator_set: list[str]


class CampaignDetail(CampaignOut):
    notice_text: str
    evaluations: list[EvaluationOut]


# The services check these (naming the field in Chinese): at least 10 and 4 characters once stripped.
class SelfEvaluationIn(Schema):
    indicators: dict[str, str | int | float]
    report: str = Field(..., json_schema_extra={"pattern": r"\S[\s\S]{8,}\S"})


class GradeIn(Schema):
    grade: str = Field(..., json_schema_extra={"enum": Evaluation.Grade.values})
    opinion: str = Field(..., json_schema_extra={"pattern": r"\S[\s\S]{2,}\S"})


def _evaluation_out(user, ev: Evaluation) -> dict:
    return {
        "id": ev.pk,
        "campaign_id": ev.campaign_id,
        "campaign": ev.campaign.title,
        "base": {"id": ev.base_id, "name": ev.base.name, "filing_number": ev.base.filing_number},
        "status": ev.status,
        "status_label": str(ev.get_status_display()),
        "grade": ev.grade,
        "grade_label": str(ev.get_grade_display()) if ev.grade else "",
        "is_reevaluation": ev.is_reevaluation,
        "indicators": ev.indicators,
        "self_report": ev.self_report,
        "authenticity_opinion": ev.authenticity_opinion,
        "review_opinion": ev.review_opinion,
        "result_document_number": ev.result_document_number,
        "result_on": ev.result_on.isoformat() if ev.result_on else None,
        "notice_ends_on": ev.notice.ends_on.isoformat() if ev.notice_id else None,
        "available_actions": sorted(permissions.available_actions(user, ev)),
    }


def _campaign_out(c: EvaluationCampaign) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "as_of": c.as_of.isoformat(),
        "report_deadline": c.report_deadline.isoformat(),
        "indicator_set": list(c.indicator_set or []),
    }


def _evaluation(user, pk: int) -> Evaluation:
    if not 0 < pk <= MAX_PK:
        raise NotVisible("evaluation", pk)
    return permissions.get_evaluation_for(user, pk)


def _visible(user):
    return permissions.visible_evaluations(user).select_related("notice", "rectification")


@router.get("/campaigns", response={200: list[CampaignOut], **errors(401, 422)}, summary="可见的绩效评价批次")
def list_campaigns(request, limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0, le=MAX_PK)):
    qs = permissions.visible_campaigns(request.auth).order_by("-as_of", "-pk")
    return [_campaign_out(c) for c in qs[offset : offset + limit]]


@router.get(
    "/campaigns/{pk}",
    response={200: CampaignDetail, **errors(401, 404, 422)},
    summary="评价批次及可见的参评基地",
)
def get_campaign(request, pk: int):
    if not 0 < pk <= MAX_PK:
        raise NotVisible("campaign", pk)
    campaign = permissions.get_campaign_for(request.auth, pk)
    evaluations = _visible(request.auth).filter(campaign=campaign)
    return {
        **_campaign_out(campaign),
        "notice_text": campaign.notice_text,
        "evaluations": [_evaluation_out(request.auth, ev) for ev in evaluations],
    }


@router.get("", response={200: list[EvaluationOut], **errors(401, 422)}, summary="可见的绩效评价")
def list_evaluations(
    request,
    status: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_PK),
):
    qs = _visible(request.auth).order_by("-campaign__as_of", "base__filing_number", "pk")
    if status in Evaluation.Status.values:
        qs = qs.filter(status=status)
    return [_evaluation_out(request.auth, ev) for ev in qs[offset : offset + limit]]


@router.get("/{pk}", response={200: EvaluationOut, **errors(401, 404, 422)}, summary="绩效评价详情")
def get_evaluation(request, pk: int):
    return _evaluation_out(request.auth, _evaluation(request.auth, pk))


@router.post(
    "/{pk}/self-evaluation",
    response={200: EvaluationOut, **ERRORS},
    summary="基地提交自评指标和自评报告（报推荐单位审核）",
)
def submit_self_evaluation(request, pk: int, payload: SelfEvaluationIn):
    ev = _evaluation(request.auth, pk)
    services.submit_self_evaluation(ev, indicators=payload.indicators, report=payload.report, by=request.auth)
    return _evaluation_out(request.auth, _evaluation(request.auth, pk))


@router.post("/{pk}/grade", response={200: EvaluationOut, **ERRORS}, summary="评定等次（优秀、合格、不合格）")
def set_grade(request, pk: int, payload: GradeIn):
    ev = _evaluation(request.auth, pk)
    services.set_grade(ev, grade=payload.grade, opinion=payload.opinion, by=request.auth)
    return _evaluation_out(request.auth, _evaluation(request.auth, pk))
