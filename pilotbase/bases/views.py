"""The base record: list and page with filing data, evaluations, support and the whole timeline.
Status changes go through ``lifecycle``; what a user may see comes from ``permissions``."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from pilotbase.accounts.permissions import is_officer
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit.models import AuditEvent
from pilotbase.operations import clock

from . import lifecycle
from .models import PilotBase
from .permissions import get_base_for, visible_bases

# What each audited action on a base or its evaluations is called in the timeline (translated with
# the rest of the interface; an action without a label still shows, under a generic one).
ACTION_LABELS = {
    "base_filed": _("发文备案"),
    "portal_profile_updated": _("更新门户简介"),
    "evaluation_started": _("列入绩效评价"),
    "evaluation_excused": _("免于本次绩效评价"),
    "evaluation_evidence_added": _("上传佐证材料"),
    "self_evaluation_submitted": _("提交自评报告"),
    "evaluation_forwarded": _("推荐单位出具真实性审核意见"),
    "evaluation_entrusted": _("委托第三方评价"),
    "evaluation_sent_to_experts": _("组织专家审核评价材料"),
    "evaluation_site_visit_recorded": _("现场核查"),
    "evaluation_graded": _("评定等次"),
    "evaluation_result_on_notice": _("评价结果公示"),
    "evaluation_filed": _("评价结果备案"),
    "evaluation_passed": _("评价通过，恢复正常"),
    "rectification_ordered": _("限期整改"),
    "rectification_plan_submitted": _("提交整改方案"),
    "rectification_report_submitted": _("提交整改报告"),
    "rectification_due": _("整改期满，待复评"),
    "reevaluation_started": _("启动整改后复评"),
    "rectification_passed": _("整改复评合格，恢复正常"),
    "no_participation_flagged": _("逾期未提交自评报告"),
    "base_revoked": _("撤销/取消备案资格"),
    "support_recorded": _("登记支持政策"),
}


def timeline(base: PilotBase) -> list[AuditEvent]:
    """Every event about the base and its evaluations, oldest first."""
    from pilotbase.evaluations.models import Evaluation, Revocation

    ev_ids = [str(pk) for pk in Evaluation.objects.filter(base=base).values_list("pk", flat=True)]
    events = list(
        AuditEvent.objects.filter(object_type="bases.pilotbase", object_id=str(base.pk)).select_related(
            "actor"
        )
    ) + list(
        AuditEvent.objects.filter(object_type="evaluations.evaluation", object_id__in=ev_ids).select_related(
            "actor"
        )
    )
    events.sort(key=lambda e: e.seq)
    grades = dict(Evaluation.Grade.choices)
    reasons = dict(Revocation.Reason.choices)
    for e in events:
        label = ACTION_LABELS.get(e.action)
        e.label = label if label is not None else gettext_now("其他记录（%(action)s）") % {"action": e.action}
        e.grade_label = grades.get((e.data or {}).get("grade"), "")
        e.reason_label = reasons.get((e.data or {}).get("reason"), "")
    return events


@require_GET
def base_list(request):
    qs = visible_bases(request.user)
    status = request.GET.get("status", "")
    if status in PilotBase.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "bases/base_list.html",
        {
            "page": page,
            "statuses": PilotBase.Status.choices,
            "status": status,
        },
    )


def _detail(request, base: PilotBase, *, error=None, status=200):
    from pilotbase.evaluations.models import Evaluation, Revocation

    evaluations = list(
        Evaluation.objects.filter(base=base).select_related("campaign").order_by("-campaign__as_of", "-pk")
    )
    return render(
        request,
        "bases/base_detail.html",
        {
            "base": base,
            "evaluations": evaluations,
            "rectifications": base.rectifications.select_related("reevaluation"),
            # official documents (documents app) are the bureau's: officers only
            "show_documents": is_officer(request.user),
            "support": base.support_records.all(),
            "revocation": Revocation.objects.filter(base=base).first(),
            "events": timeline(base),
            "can_revoke": lifecycle.can_revoke(request.user) and base.status in lifecycle.LIVE,
            "can_support": lifecycle.can_record_support(request.user)
            and base.status in lifecycle.LIVE
            and any(
                ev.grade == Evaluation.Grade.EXCELLENT and ev.status == Evaluation.Status.FILED
                for ev in evaluations
            ),
            "reasons": Revocation.Reason.choices,
            "error": error,
            "post": request.POST,
            "today": clock.today(),
        },
        status=status,
    )


@require_GET
def base_detail(request, pk: int):
    return _detail(request, get_base_for(request.user, pk))


def _date(value, field):
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidInput(field, "请填写正确的日期（YYYY-MM-DD）") from None


@require_POST
def base_revoke(request, pk: int):
    base = get_base_for(request.user, pk)
    post = request.POST
    try:
        years = int(post["penalty_years"]) if post.get("penalty_years", "").strip() else None
        lifecycle.revoke(
            base,
            reason=post.get("reason", ""),
            document_number=post.get("document_number", ""),
            evidence=post.get("evidence", ""),
            by=request.user,
            decided_on=_date(post.get("decided_on"), "decided_on") if post.get("decided_on") else None,
            penalty_years=years,
        )
    except ValueError as exc:  # InvalidInput is a ValueError; int() too
        error = (
            exc if isinstance(exc, InvalidInput) else InvalidInput("penalty_years", "惩戒期应为整数（年）")
        )
        base.refresh_from_db()
        return _detail(request, base, error=error, status=422)
    messages.success(request, "撤销备案决定已登记，该基地已从公开名录中移除")
    return redirect("bases:base_detail", pk=base.pk)


@require_POST
def base_support(request, pk: int):
    base = get_base_for(request.user, pk)
    post = request.POST
    try:
        lifecycle.record_support(
            base,
            kind=post.get("kind", ""),
            amount_yuan=post.get("amount_yuan", ""),
            granted_on=_date(post.get("granted_on"), "granted_on"),
            document_number=post.get("document_number", ""),
            by=request.user,
        )
    except InvalidInput as exc:
        return _detail(request, base, error=exc, status=422)
    messages.success(request, "支持记录已登记")
    return redirect("bases:base_detail", pk=base.pk)


def misconduct_list(request):
    """科研失信行为记录 (Art. 7(二), 10): visible to and kept by the bureau only."""
    from pilotbase.accounts.models import Organisation
    from pilotbase.accounts.permissions import require

    from . import services
    from .models import MisconductRecord

    require(is_officer(request.user), "只有兵团科技局工作人员可以查看科研失信行为记录")
    error, status = None, 200
    if request.method == "POST":
        try:
            code = request.POST.get("credit_code", "").strip().upper()
            organisation = Organisation.objects.filter(credit_code=code).first()
            if organisation is None:
                raise InvalidInput("credit_code", f"未找到统一社会信用代码为“{code}”的单位")
            services.record_misconduct(
                organisation,
                penalty_from=_date(request.POST.get("penalty_from"), "penalty_from"),
                penalty_until=_date(request.POST.get("penalty_until"), "penalty_until"),
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
            messages.success(request, f"已登记：{organisation.name}")
            return redirect("bases:misconduct_list")
        except InvalidInput as exc:
            error, status = exc.message, 422
    today = clock.today()
    records = MisconductRecord.objects.select_related("organisation", "recorded_by").order_by(
        "-penalty_until"
    )
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "bases/misconduct_list.html",
        {"page": page, "today": today, "error": error, "posted": request.POST},
        status=status,
    )
