"""Where each document's facts come from, and who may fetch it.

``SOURCES[kind](user, pk)`` fetches the object through its app's permission helper (404 for what
the user may not see) and returns ``(context, file name stem)``. Bureau documents are for officers;
the text of a public notice (公示) is public, like the notice itself."""

from __future__ import annotations

from collections.abc import Callable

from pilotbase.accounts.permissions import NotVisible, is_officer

from .templating import Table, chinese_date


def _require_officer(user, what: str, pk) -> None:
    if not is_officer(user):
        raise NotVisible(what, pk)


def call_notice(user, pk):
    from pilotbase.applications.permissions import get_call_for

    call = get_call_for(user, pk)
    context = {
        "发文字号": call.document_number,
        "通知标题": call.title,
        "通知正文": call.text,
        "申报开始日": chinese_date(call.opens_on),
        "申报截止日": chinese_date(call.closes_on),
        "成文日期": chinese_date(call.created_at.date()),
    }
    return context, f"申报通知-{call.document_number}"


def public_notice(user, pk):
    from pilotbase.notices.models import PublicNotice
    from pilotbase.notices.permissions import get_public_notice

    notice = get_public_notice(pk)
    items = list(notice.items.filter(withdrawn=False).order_by("sort_order", "pk"))
    label = "公示内容" if notice.kind == PublicNotice.Kind.FILING else "评价结果"
    context = {
        "公示标题": notice.title,
        "公示正文": notice.body,
        "公示开始日": chinese_date(notice.starts_on),
        "公示截止日": chinese_date(notice.ends_on),
        "成文日期": chinese_date(notice.starts_on),
        "公示名单": Table(
            ["序号", "公示对象", label],
            [[str(i), item.label, item.detail] for i, item in enumerate(items, 1)],
            [1.4, 5, 6],
        ),
    }
    return context, f"公示-{notice.pk}"


def notice_kind(pk) -> str:
    from pilotbase.notices.models import PublicNotice

    kind = PublicNotice.objects.filter(pk=pk).values_list("kind", flat=True).first()
    if kind is None:
        raise NotVisible("notice", pk)
    return "filing_public_notice" if kind == PublicNotice.Kind.FILING else "evaluation_public_notice"


def filing_notice(user, pk):
    from pilotbase.applications.permissions import get_batch_for
    from pilotbase.bases.models import PilotBase

    batch = get_batch_for(user, pk)
    if not batch.document_number:
        raise NotVisible("batch", pk)  # no document before the batch is filed
    bases = list(
        PilotBase.objects.filter(source_application__batch=batch)
        .select_related("organisation", "recommending_unit")
        .order_by("filing_number")
    )
    context = {
        "发文字号": batch.document_number,
        "批次名称": batch.name,
        "基地数量": str(len(bases)),
        "成文日期": chinese_date(batch.filed_on),
        "基地名单": Table(
            ["序号", "中试基地名称", "建设运营单位", "推荐单位", "备案编号"],
            [
                [str(i), b.name, b.organisation.name, b.recommending_unit.name, b.filing_number]
                for i, b in enumerate(bases, 1)
            ],
            [1.4, 4, 4, 3, 2.6],
        ),
    }
    return context, f"备案通知-{batch.document_number}"


def evaluation_results_notice(user, pk):
    from pilotbase.evaluations.models import Evaluation, EvaluationCampaign

    _require_officer(user, "campaign", pk)
    campaign = EvaluationCampaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise NotVisible("campaign", pk)
    evaluations = list(
        campaign.evaluations.filter(status=Evaluation.Status.FILED)
        .select_related("base__organisation")
        .order_by("base__filing_number")
    )
    if not evaluations:
        raise NotVisible("campaign", pk)  # nothing filed yet: no results document
    context = {
        "发文字号": evaluations[0].result_document_number,
        "评价名称": campaign.title,
        "成文日期": chinese_date(
            max(e.result_on for e in evaluations if e.result_on)
            if any(e.result_on for e in evaluations)
            else None
        ),
        "结果名单": Table(
            ["序号", "中试基地名称", "建设运营单位", "备案编号", "评价等次"],
            [
                [str(i), e.base.name, e.base.organisation.name, e.base.filing_number, e.get_grade_display()]
                for i, e in enumerate(evaluations, 1)
            ],
            [1.4, 4, 4, 2.6, 1.6],
        ),
    }
    return context, f"绩效评价结果通知-{campaign.pk}"


def rectification_notice(user, pk):
    from pilotbase.evaluations.models import Rectification

    _require_officer(user, "rectification", pk)
    r = Rectification.objects.select_related("evaluation", "base__organisation").filter(pk=pk).first()
    if r is None:
        raise NotVisible("rectification", pk)
    context = {
        "发文字号": r.evaluation.result_document_number,
        "基地名称": r.base.name,
        "建设运营单位": r.base.organisation.name,
        "评价等次": r.evaluation.get_grade_display() or "不合格",
        "评价意见": r.evaluation.review_opinion,
        "整改期限": chinese_date(r.deadline),
        "成文日期": chinese_date(r.evaluation.result_on or r.created_at.date()),
    }
    return context, f"限期整改通知-{r.base.filing_number}"


def revocation_decision(user, pk):
    from pilotbase.evaluations.models import Revocation

    _require_officer(user, "revocation", pk)
    r = Revocation.objects.select_related("base__organisation").filter(pk=pk).first()
    if r is None:
        raise NotVisible("revocation", pk)
    context = {
        "发文字号": r.document_number,
        "基地名称": r.base.name,
        "备案编号": r.base.filing_number,
        "建设运营单位": r.base.organisation.name,
        "撤销理由": r.get_reason_display(),
        "事实与证据": r.evidence,
        "决定日期": chinese_date(r.decided_on),
        "成文日期": chinese_date(r.decided_on),
    }
    return context, f"撤销备案决定-{r.document_number}"


SOURCES: dict[str, Callable] = {
    "call_notice": call_notice,
    "filing_public_notice": public_notice,
    "evaluation_public_notice": public_notice,
    "filing_notice": filing_notice,
    "evaluation_results_notice": evaluation_results_notice,
    "rectification_notice": rectification_notice,
    "revocation_decision": revocation_decision,
}
