"""Evaluation pages: thin views over ``services``; what a user sees comes from ``permissions``."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from pilotbase.accounts.models import Role, User
from pilotbase.accounts.permissions import is_officer, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.bases.models import PilotBase
from pilotbase.operations import clock

from . import expert_review, permissions, services
from .models import INDICATORS, Evaluation


def _date(value: str, field: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidInput(field, "请填写正确的日期（YYYY-MM-DD）") from None


@require_GET
def evidence_download(request, pk: int, evidence_pk: int):
    from pilotbase.accounts.permissions import NotVisible
    from pilotbase.applications import materials

    ev = permissions.get_evaluation_for(request.user, pk)
    item = ev.evidence.filter(pk=evidence_pk).first()
    if item is None:
        raise NotVisible("evidence", evidence_pk)
    return materials.attachment(item.stored_name, item.sha256, item.original_name, item.content_type)


@require_GET
def campaign_list(request):
    campaigns = permissions.visible_campaigns(request.user)
    return render(
        request,
        "evaluations/campaign_list.html",
        {
            "campaigns": campaigns,
            "can_manage": permissions.can_manage(request.user),
        },
    )


def campaign_new(request):
    require(permissions.can_manage(request.user), "只有兵团科技局工作人员可以组织绩效评价")
    today = clock.today()
    values = {
        "title": f"{today.year}年度中试基地绩效评价",
        "notice_text": "",
        "as_of": today.isoformat(),
        "report_deadline": (today + timedelta(days=60)).isoformat(),
    }
    error = None
    status = 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        post = request.POST
        add = {
            int(k[4:]): post.get(f"add_reason_{k[4:]}", "")
            for k in post
            if k[:4] == "add_" and k[4:].isdigit()
        }
        excuse = {
            int(k[7:]): post.get(f"excuse_reason_{k[7:]}", "")
            for k in post
            if k[:7] == "excuse_" and k[7:].isdigit()
        }
        try:
            campaign = services.open_campaign(
                add=add,
                excuse=excuse,
                title=values["title"],
                notice_text=values["notice_text"],
                as_of=_date(values["as_of"], "as_of"),
                report_deadline=_date(values["report_deadline"], "report_deadline"),
                by=request.user,
            )
        except InvalidInput as exc:
            error, status = exc, 422
        else:
            messages.success(request, f"已启动绩效评价，列入 {campaign.evaluations.count()} 个基地")
            return redirect(campaign)
    try:
        due = services.due_bases(date.fromisoformat(values["as_of"]))
    except ValueError:
        due = []
    others = PilotBase.objects.filter(status=PilotBase.Status.ACTIVE).exclude(pk__in=[b.pk for b, _d in due])
    return render(
        request,
        "evaluations/campaign_new.html",
        {"values": values, "error": error, "due": due, "others": others},
        status=status,
    )


@require_GET
def campaign_detail(request, pk: int):
    campaign = permissions.get_campaign_for(request.user, pk)
    evaluations = permissions.visible_evaluations(request.user).filter(campaign=campaign)
    return render(
        request,
        "evaluations/campaign_detail.html",
        {
            "campaign": campaign,
            "evaluations": evaluations,
            "can_manage": permissions.can_manage(request.user),
            "today": clock.today(),
            # the documents app serves the results notice to officers once a result is filed
            "results_document": is_officer(request.user)
            and campaign.evaluations.filter(status=Evaluation.Status.FILED).exists(),
        },
    )


@require_POST
def campaign_publish(request, pk: int):
    campaign = permissions.get_campaign_for(request.user, pk)
    try:
        services.publish_results(
            campaign, starts_on=_date(request.POST.get("starts_on"), "starts_on"), by=request.user
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "评价结果已公示")
    return redirect(campaign)


def _do(request, ev: Evaluation, action: str):
    post, by = request.POST, request.user
    if action == "self_evaluate":
        services.submit_self_evaluation(
            ev,
            indicators={k: post.get(k) for k, _l, _t in INDICATORS},
            report=post.get("self_report", ""),
            by=by,
        )
        return "自评报告已提交推荐单位"
    if action == "evidence":
        services.add_evidence(ev, upload=request.FILES.get("evidence"), by=by)
        return "佐证材料已上传"
    if action == "forward":
        services.forward(ev, opinion=post.get("authenticity_opinion", ""), by=by)
        return "真实性审核意见已报送兵团科技局"
    if action == "entrust":
        evaluator = User.objects.filter(pk=post.get("evaluator") or 0, role=Role.EVALUATOR).first()
        if evaluator is None:
            raise InvalidInput("evaluator", "请选择第三方评价机构账号")
        services.entrust(ev, evaluator=evaluator, by=by)
        return "已委托第三方评价"
    if action == "experts":
        made = expert_review.send_to_experts(ev, expert_ids=post.getlist("experts"), by=by)
        return f"已邀请 {len(made)} 位专家审核评价材料"
    if action == "site_visit":
        expert_review.record_site_visit(
            ev,
            visited_on=_date(post.get("visited_on"), "visited_on"),
            members=post.get("members", ""),
            findings=post.get("findings", ""),
            minutes=request.FILES.get("minutes"),
            by=by,
        )
        return "现场核查记录已登记"
    if action == "grade":
        services.set_grade(ev, grade=post.get("grade", ""), opinion=post.get("review_opinion", ""), by=by)
        return "评价等次已评定"
    if action == "file":
        services.file_result(ev, document_number=post.get("document_number", ""), by=by)
        return "评价结果已备案"
    if action in ("rect_plan", "rect_report"):
        field = "plan" if action == "rect_plan" else "report"
        services.submit_rectification(ev.rectification, **{field: post.get(field, "")}, by=by)
        return "整改材料已提交"
    if action == "start_reevaluation":
        services.start_reevaluation(
            ev.rectification,
            report_deadline=_date(post.get("report_deadline"), "report_deadline"),
            by=by,
        )
        return "已启动整改后复评，已通知基地提交复评自评报告"
    raise InvalidInput("action", "未知操作")


def evaluation_detail(request, pk: int):
    ev = permissions.get_evaluation_for(request.user, pk)
    error, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        require(action in permissions.available_actions(request.user, ev), "当前不能执行此操作")
        try:
            message = _do(request, ev, action)
        except InvalidInput as exc:
            error, status = exc, 422
        else:
            messages.success(request, message)
            return redirect(ev)
    ev = permissions.get_evaluation_for(request.user, pk)
    prefill = services.engagement_prefill(ev) if ev.status == Evaluation.Status.AWAITING_REPORT else {}
    indicators = [
        (
            key,
            label,
            request.POST.get(key)
            if request.method == "POST"
            else ev.indicators.get(key, prefill.get(key, "")),
        )
        for key, label, _t in INDICATORS
    ]
    actions = permissions.available_actions(request.user, ev)
    return render(
        request,
        "evaluations/evaluation_detail.html",
        {
            "ev": ev,
            "evidence": ev.evidence.all(),
            "actions": actions,
            "indicators": indicators,
            "error": error,
            "rect": getattr(ev, "rectification", None) if hasattr(ev, "rectification") else None,
            "evaluators": User.objects.filter(role=Role.EVALUATOR, is_active=True),
            "grades": Evaluation.Grade.choices,
            "post": request.POST,
            "reevaluation_deadline": clock.today() + timedelta(days=30),
            "show_documents": is_officer(request.user),
            # experts' names and scores are for the bureau only (Art. 9(二))
            "panel": expert_review.panel(ev) if is_officer(request.user) else None,
            "candidates": expert_review.candidates(ev) if "experts" in actions else [],
            "rubric": expert_review.active_rubric() if "experts" in actions else None,
            "site_visits": ev.site_visits.all(),
            "history": _history(ev),
        },
        status=status,
    )


# What the evaluation's own record calls each audited action.
HISTORY_LABELS = {
    "self_evaluation_submitted": "提交自评报告",
    "evaluation_evidence_added": "上传佐证材料",
    "evaluation_forwarded": "推荐单位出具真实性审核意见",
    "evaluation_entrusted": "委托第三方评价",
    "evaluation_sent_to_experts": "组织专家审核评价材料",
    "evaluation_site_visit_recorded": "现场核查",
    "evaluation_graded": "评定等次",
    "evaluation_result_on_notice": "评价结果公示",
    "evaluation_filed": "评价结果备案",
}


def _history(ev: Evaluation) -> list:
    from pilotbase.audit import services as audit

    events = list(audit.history(ev).order_by("seq"))
    for e in events:
        e.label = HISTORY_LABELS.get(e.action, e.action)
    return events


@require_GET
def site_visit_minutes(request, pk: int, visit_pk: int):
    from pilotbase.accounts.permissions import NotVisible
    from pilotbase.applications import materials

    ev = permissions.get_evaluation_for(request.user, pk)
    visit = ev.site_visits.filter(pk=visit_pk).first()
    if visit is None or not is_officer(request.user):
        raise NotVisible("site_visit", visit_pk)
    return materials.attachment(visit.stored_name, visit.sha256, visit.minutes_name, visit.content_type)


@require_GET
def expert_reviews(request):
    """An expert's evaluation reviews: only those they are invited to, none with a conflict."""
    return render(
        request,
        "evaluations/expert_reviews.html",
        {"reviews": expert_review.visible_reviews(request.user)},
    )


def expert_review_page(request, pk: int):
    review = expert_review.get_review_for(request.user, pk)
    error, status = None, 200
    rubric = review.rubric or expert_review.active_rubric()
    if request.method == "POST":
        try:
            expert_review.submit_review(
                review,
                scores={c["code"]: request.POST.get(f"score_{c['code']}") or None for c in rubric.criteria}
                if rubric
                else {},
                opinion=request.POST.get("opinion", ""),
                by=request.user,
            )
        except InvalidInput as exc:
            error, status = exc, 422
        else:
            messages.success(request, "评审意见已提交")
            return redirect("evaluations:expert_review", pk=review.pk)
    ev = review.evaluation
    values = request.POST if request.method == "POST" else {f"score_{k}": v for k, v in review.scores.items()}
    criteria = [
        {
            **c,
            "name": f"score_{c['code']}",
            "value": values.get(f"score_{c['code']}", ""),
            "field": f"scores.{c['code']}",
        }
        for c in (rubric.criteria if rubric else [])
    ]
    return render(
        request,
        "evaluations/expert_review.html",
        {
            "review": review,
            "ev": ev,
            "indicators": [(label, ev.indicators.get(key, "")) for key, label, _t in INDICATORS],
            "evidence": ev.evidence.all(),
            "rubric": rubric,
            "criteria": criteria,
            "opinion": request.POST.get("opinion", review.opinion)
            if request.method == "POST"
            else review.opinion,
            "error": error,
        },
        status=status,
    )


@require_GET
def expert_evidence_download(request, pk: int, evidence_pk: int):
    from pilotbase.accounts.permissions import NotVisible
    from pilotbase.applications import materials

    review = expert_review.get_review_for(request.user, pk)
    item = review.evaluation.evidence.filter(pk=evidence_pk).first()
    if item is None:
        raise NotVisible("evidence", evidence_pk)
    return materials.attachment(item.stored_name, item.sha256, item.original_name, item.content_type)
