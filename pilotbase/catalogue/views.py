"""Signed-in pages: a base maintains its catalogue and answers requests, an enterprise posts demands
and follows engagements, the bureau watches matchmaking and publishes practice cases (Art. 7(七), 11)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pilotbase.accounts.models import RecommendingUnit
from pilotbase.accounts.permissions import NotVisible, is_officer, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.bases import importing

from . import forms, permissions, services
from .models import PilotService, PracticeCase


@require_http_methods(["GET"])
def manage(request):
    bases = permissions.manageable_bases(request.user)
    if not is_officer(request.user) and not bases.exists():
        raise NotVisible("catalogue")
    bases = bases.prefetch_related(Prefetch("services", queryset=PilotService.objects.order_by("ref")))
    page = Paginator(bases.order_by("filing_number"), 10).get_page(request.GET.get("page"))
    return render(request, "catalogue/manage.html", {"page_obj": page, "upload_form": forms.UploadForm()})


@require_http_methods(["GET", "POST"])
def service_edit(request, pk=None, base_pk=None):
    service = permissions.get_service_for(request.user, pk) if pk else None
    base = service.base if service else permissions.get_manageable_base(request.user, base_pk)
    require(permissions.can_edit_services(request.user, base))
    initial = forms.ServiceForm.initial_for(service) if service else None
    form = forms.ServiceForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                service, _outcome = services.save_service(base, form.row(), by=request.user, service=service)
            except InvalidInput as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已保存服务“{service.title}”")
                return redirect("catalogue:manage")
        return render(
            request,
            "catalogue/service_form.html",
            {"form": form, "base": base, "service": service},
            status=422,
        )
    return render(request, "catalogue/service_form.html", {"form": form, "base": base, "service": service})


@require_POST
def service_publish(request, pk):
    service = permissions.get_service_for(request.user, pk)
    services.publish_service(service, by=request.user)
    messages.success(request, f"已发布“{service.title}”，门户和检索中立即可见")
    return redirect("catalogue:manage")


@require_POST
def service_withdraw(request, pk):
    service = permissions.get_service_for(request.user, pk)
    services.withdraw_service(service, by=request.user)
    messages.success(request, f"已撤下“{service.title}”")
    return redirect("catalogue:manage")


@require_POST
def service_upload(request, base_pk):
    base = permissions.get_manageable_base(request.user, base_pk)
    require(permissions.can_edit_services(request.user, base))
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的 XLSX 或 JSON Lines 文件")
        return redirect("catalogue:manage")
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    if suffix not in (".xlsx", ".jsonl", ".json", ".txt"):
        messages.error(request, "只接受 XLSX 或 JSON Lines 文件")
        return redirect("catalogue:manage")
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        try:
            rows = importing.read_rows(handle.name)
        except importing.UnreadableFile as exc:
            messages.error(request, str(exc))
            return redirect("catalogue:manage")
    # a base's sheet speaks for that base only, whatever its "base" column says
    rows = [(line, {**row, "base": base.filing_number}) for line, row in rows]
    report = services.import_services(rows, by=request.user, publish=False)
    (messages.warning if report.rejected else messages.success)(request, report.summary("上传服务清单"))
    return redirect("catalogue:manage")


@require_http_methods(["GET", "POST"])
def profile_edit(request, base_pk):
    base = permissions.get_manageable_base(request.user, base_pk)
    profile = services.profile_of(base)
    form = forms.ProfileForm(
        request.POST or None,
        initial={
            "welcomes_investment": profile.welcomes_investment,
            "investment_note": profile.investment_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.save_profile(base, by=request.user, **form.cleaned_data)
        messages.success(request, "已保存基地门户信息")
        return redirect("catalogue:manage")
    return render(
        request,
        "catalogue/profile_form.html",
        {"form": form, "base": base},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def demand_new(request):
    require(permissions.can_post_demand(request.user), "只有企业用户可以发布中试需求")
    units = RecommendingUnit.objects.filter(active=True)
    initial = {"contact_name": request.user.display_name, "contact_phone": request.user.phone}
    form = forms.DemandForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                demand = services.post_demand(by=request.user, **form.cleaned_data)
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "需求已发布，以下是系统推荐的中试服务")
                return redirect(demand)
        return render(request, "catalogue/demand_form.html", {"form": form}, status=422)
    return render(request, "catalogue/demand_form.html", {"form": form})


def demand_detail(request, pk, close_form=None, status: int = 200):
    demand = permissions.get_demand_for(request.user, pk)
    engagements = list(demand.engagements.select_related("base", "service"))
    asked = {e.base_id for e in engagements}
    own = permissions.side_of_demand(request.user, demand)
    open_ = demand.status == demand.Status.OPEN
    suggestions = services.suggestions(demand) if own and open_ else []
    can_close = own and open_
    return render(
        request,
        "catalogue/demand_detail.html",
        {
            "demand": demand,
            "engagements": engagements,
            "suggestions": suggestions,
            "asked": asked,
            "can_close": can_close,
            "close_form": close_form or (forms.CloseDemandForm() if can_close else None),
        },
        status=status,
    )


@require_POST
def demand_close(request, pk):
    demand = permissions.get_demand_for(request.user, pk)
    form = forms.CloseDemandForm(request.POST)
    if form.is_valid():
        try:
            services.close_demand(demand, by=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "需求已关闭")
            return redirect(demand)
    return demand_detail(request, pk, close_form=form, status=422)


@require_POST
def engagement_request(request, pk):
    demand = permissions.get_demand_for(request.user, pk)
    form = forms.RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要联系的服务")
        return redirect(demand)
    service = PilotService.objects.select_related("base").filter(pk=form.cleaned_data["service"]).first()
    if service is None:
        raise NotVisible("pilot_service", form.cleaned_data["service"])
    try:
        engagement = services.request_engagement(
            demand, service, by=request.user, message=form.cleaned_data["message"]
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect(demand)
    messages.success(request, f"已通过平台联系{engagement.base.name}，请等待基地答复")
    return redirect(engagement)


def engagements(request):
    user = request.user
    rows = permissions.visible_engagements(user).order_by("-requested_at")
    status = request.GET.get("status", "")
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    demands = list(permissions.visible_demands(user)[:50]) if permissions.is_enterprise(user) else []
    return render(
        request,
        "catalogue/engagements.html",
        {
            "page_obj": page,
            "demands": demands,
            "can_post": permissions.can_post_demand(user),
            "is_officer": is_officer(user),
            "statuses": services.S.choices,
            "status": status,
        },
    )


def engagement_detail(request, pk, form_error: str = "", status: int = 200):
    engagement = permissions.get_engagement_for(request.user, pk)
    moves = [(a, services.ACTION_LABELS[a]) for a in services.allowed_moves(engagement, request.user)]
    can_rate = (
        permissions.side_of(request.user, engagement) == "enterprise"
        and engagement.status == services.S.COMPLETED
        and engagement.rating is None
    )
    return render(
        request,
        "catalogue/engagement_detail.html",
        {
            "engagement": engagement,
            "moves": moves,
            "can_rate": can_rate,
            "rating_form": forms.RatingForm(),
            "form_error": form_error,
        },
        status=status,
    )


@require_POST
def engagement_move(request, pk):
    engagement = permissions.get_engagement_for(request.user, pk)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        return engagement_detail(request, pk, form_error="请求不完整，请重试", status=422)
    try:
        services.move(
            engagement, form.cleaned_data["action"], by=request.user, note=form.cleaned_data["note"]
        )
    except InvalidInput as exc:
        return engagement_detail(request, pk, form_error=exc.message, status=422)
    messages.success(request, "已更新对接状态")
    return redirect(engagement)


@require_POST
def engagement_rate(request, pk):
    engagement = permissions.get_engagement_for(request.user, pk)
    form = forms.RatingForm(request.POST)
    if not form.is_valid():
        return engagement_detail(request, pk, form_error="评分应为 1 到 5 的整数", status=422)
    try:
        services.rate(engagement, by=request.user, rating=form.cleaned_data["rating"])
    except InvalidInput as exc:
        return engagement_detail(request, pk, form_error=exc.message, status=422)
    messages.success(request, "感谢评价")
    return redirect(engagement)


def overview(request):
    require(permissions.can_see_figures(request.user), "只有科技局可以查看供需对接统计")
    return render(request, "catalogue/overview.html", services.bureau_overview())


@require_http_methods(["GET", "POST"])
def synonyms(request):
    require(permissions.can_edit_synonyms(request.user), "只有系统管理员可以维护同义词表")
    current = services.SynonymList.objects.filter(pk=1).values_list("text", flat=True).first()
    if not current:
        current = services.default_synonym_text()
    form = forms.SynonymForm(request.POST or None, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_synonyms(form.cleaned_data["text"], by=request.user)
        except InvalidInput as exc:
            form.add_error("text", exc.message)
        else:
            messages.success(request, "同义词表已保存，检索立即生效")
            return redirect("catalogue:synonyms")
    status = 422 if request.method == "POST" else 200
    return render(request, "catalogue/synonyms.html", {"form": form}, status=status)


def case_manage(request):
    require(permissions.can_manage_cases(request.user), "只有科技局可以管理经验做法")
    page = Paginator(PracticeCase.objects.select_related("base"), 20).get_page(request.GET.get("page"))
    return render(request, "catalogue/case_manage.html", {"page_obj": page})


@require_http_methods(["GET", "POST"])
def case_edit(request, pk=None):
    require(permissions.can_manage_cases(request.user), "只有科技局可以管理经验做法")
    case = get_object_or_404(PracticeCase, pk=pk) if pk else None
    form = forms.CaseForm(
        request.POST or None, instance=case, initial={"publish": case.published if case else False}
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_case(
                    by=request.user,
                    title=data["title"],
                    body=data["body"],
                    summary=data["summary"],
                    base=data["base"],
                    publish=data["publish"],
                    case=case,
                )
            except InvalidInput as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "已保存经验做法")
                return redirect("catalogue:case_manage")
        return render(request, "catalogue/case_form.html", {"form": form, "case": case}, status=422)
    return render(request, "catalogue/case_form.html", {"form": form, "case": case})
