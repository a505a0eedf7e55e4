"""Pages of expert review. Thin: fetch through permissions, call one service, show the result."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pilotbase.accounts.permissions import NotVisible
from pilotbase.accounts.services import InvalidInput
from pilotbase.applications import materials as stored_files
from pilotbase.applications.models import Application, Material

from . import importing, permissions, pool, services
from .forms import (
    ActiveForm,
    AffiliationForm,
    ClearForm,
    ConflictForm,
    ExpertForm,
    ImportForm,
    PanelOpinionForm,
    RespondForm,
    RoundForm,
    RubricForm,
    UnavailabilityForm,
)
from .models import AssignmentRound, Conflict, Expert, ExpertAffiliation, Invitation, Review, Rubric

S = Application.Status


def _label_lists(expert: Expert) -> dict:
    return {
        "fields": "、".join(services.field_label(c) for c in expert.fields),
        "chains": "、".join(services.chain_label(c) for c in expert.chains),
    }


# --- pool -----------------------------------------------------------------------------------


def _list_context(request, **extra) -> dict:
    qs = Expert.objects.select_related("user").order_by("name", "pk")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(organisation_name__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(e, _label_lists(e)) for e in page]
    return {"page_obj": page, "rows": rows, "q": q, "form": ImportForm(), **extra}


@require_GET
def expert_list(request):
    permissions.require_officer(request.user)
    return render(request, "experts/expert_list.html", _list_context(request))


@require_GET
def import_template(request):
    permissions.require_officer(request.user)
    response = HttpResponse(
        importing.template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E4%B8%93%E5%AE%B6%E5%BA%93%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@require_POST
def expert_import(request):
    permissions.require_officer(request.user)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "experts/expert_list.html", _list_context(request, form=form), status=422)
    report = importing.import_experts(form.cleaned_data["file"].read(), by=request.user)
    if report.rejected:
        return render(
            request, "experts/expert_list.html", _list_context(request, form=form, report=report), status=422
        )
    messages.success(request, f"已导入 {report.written} 名专家")
    return redirect("experts:expert_list")


def _detail_context(expert: Expert, **extra) -> dict:
    conflicts = Conflict.objects.filter(expert=expert).select_related("application", "cleared_by")
    return {
        "expert": expert,
        "labels": _label_lists(expert),
        "affiliations": expert.affiliations.all(),
        "conflicts": conflicts,
        "invitations": expert.invitations.select_related("application"),
        "open_applications": Application.objects.filter(status=S.EXPERT_EVALUATION).order_by("pk"),
        "conflict_form": ConflictForm(),
        "affiliation_form": AffiliationForm(),
        "unavailability_form": UnavailabilityForm(),
        "active_form": ActiveForm(),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def expert_detail(request, pk: int):
    expert = permissions.get_expert_for(request.user, pk)
    if request.method == "POST":  # re-run automatic detection against open applications
        n = services.detect_conflicts(
            Application.objects.filter(status=S.EXPERT_EVALUATION).select_related(
                "organisation__recommending_unit", "host_unit"
            ),
            [expert],
        )
        messages.success(request, f"已重新识别回避关系，新增 {n} 条")
        return redirect(expert)
    return render(request, "experts/expert_detail.html", _detail_context(expert))


@require_http_methods(["GET", "POST"])
def expert_edit(request, pk: int):
    expert = permissions.get_expert_for(request.user, pk)
    initial = {f: getattr(expert, f) for f in pool.EDITABLE}
    form = ExpertForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                pool.update_expert(expert, by=request.user, **form.cleaned_data)
            except InvalidInput as exc:
                error = exc.message
                if exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
            else:
                messages.success(request, "专家信息已保存")
                return redirect(expert)
    return render(
        request,
        "experts/expert_edit.html",
        {"expert": expert, "form": form, "error": error},
        status=422 if request.method == "POST" else 200,
    )


def _pool_write(request, expert: Expert, form, write, done: str):
    """The shared shape of the small pool forms on the expert page: valid form, one service call,
    back to the page; a failure shows the page again with the message and status 422."""
    error = "请检查填写的内容"
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except InvalidInput as exc:
            error = exc.message
        else:
            messages.success(request, done)
            return redirect(expert)
    else:
        error = "；".join(
            f"{form.fields[f].label}：{'、'.join(e)}" for f, e in form.errors.items() if f in form.fields
        )
    expert.refresh_from_db()
    return render(request, "experts/expert_detail.html", _detail_context(expert, error=error), status=422)


@require_POST
def affiliation_add(request, pk: int):
    expert = permissions.get_expert_for(request.user, pk)
    return _pool_write(
        request,
        expert,
        AffiliationForm(request.POST),
        lambda d: pool.add_affiliation(expert, by=request.user, **d),
        "已添加，并已按新情况重新识别回避关系",
    )


@require_POST
def affiliation_remove(request, pk: int):
    permissions.require_officer(request.user, "affiliation", pk)
    affiliation = ExpertAffiliation.objects.filter(pk=pk).select_related("expert").first()
    if affiliation is None:
        raise NotVisible("affiliation", pk)
    pool.remove_affiliation(affiliation, by=request.user)
    messages.success(request, "已删除该记录，并已重新识别回避关系")
    return redirect(affiliation.expert)


@require_POST
def unavailability_add(request, pk: int):
    expert = permissions.get_expert_for(request.user, pk)
    return _pool_write(
        request,
        expert,
        UnavailabilityForm(request.POST),
        lambda d: pool.add_unavailability(expert, by=request.user, **d),
        "已登记不可参评时段",
    )


@require_POST
def unavailability_remove(request, pk: int):
    expert = permissions.get_expert_for(request.user, pk)
    try:
        pool.remove_unavailability(
            expert, start=request.POST.get("start", ""), end=request.POST.get("end", ""), by=request.user
        )
    except InvalidInput as exc:
        return render(
            request, "experts/expert_detail.html", _detail_context(expert, error=exc.message), status=422
        )
    messages.success(request, "已删除该不可参评时段")
    return redirect(expert)


@require_POST
def expert_active(request, pk: int):
    expert = permissions.get_expert_for(request.user, pk)
    active = request.POST.get("active") == "1"
    return _pool_write(
        request,
        expert,
        ActiveForm(request.POST),
        lambda d: pool.set_active(expert, active=active, by=request.user, **d),
        "专家已恢复在库" if active else "专家已停用，其未结束的评审邀请已撤回",
    )


@require_POST
def conflict_add(request, pk: int):
    expert = permissions.get_expert_for(request.user, pk)
    form = ConflictForm(request.POST)
    error = None
    if form.is_valid():
        application = permissions.get_panel_application_for(request.user, form.cleaned_data["application"])
        try:
            services.add_conflict(
                expert, application, evidence=form.cleaned_data["evidence"], by=request.user
            )
        except InvalidInput as exc:
            error = exc.message
        else:
            messages.success(request, "已登记回避")
            return redirect(expert)
    return render(
        request,
        "experts/expert_detail.html",
        _detail_context(expert, conflict_form=form, error=error or "请选择申报并填写回避依据"),
        status=422,
    )


@require_POST
def conflict_clear(request, pk: int):
    permissions.require_officer(request.user, "conflict", pk)
    conflict = Conflict.objects.filter(pk=pk).select_related("expert").first()
    if conflict is None:
        raise NotVisible("conflict", pk)
    form = ClearForm(request.POST)
    try:
        services.clear_conflict(conflict, reason=request.POST.get("reason", ""), by=request.user)
    except InvalidInput as exc:
        return render(
            request,
            "experts/expert_detail.html",
            _detail_context(conflict.expert, error=exc.message, clear_form=form),
            status=422,
        )
    messages.success(request, "已撤销该回避")
    return redirect(conflict.expert)


# --- assignment -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def round_new(request):
    permissions.require_officer(request.user)
    candidates = (
        Application.objects.filter(status=S.EXPERT_EVALUATION).select_related("organisation").order_by("pk")
    )
    form = RoundForm(request.POST or None)
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                r = services.create_round(
                    request.POST.getlist("applications"), by=request.user, **form.cleaned_data
                )
            except InvalidInput as exc:
                error = exc.message
            else:
                return redirect(r)
        return render(
            request,
            "experts/round_new.html",
            {"form": form, "candidates": candidates, "error": error},
            status=422,
        )
    return render(
        request,
        "experts/round_new.html",
        {"form": form, "candidates": candidates, "rounds": AssignmentRound.objects.all()[:20]},
    )


def _round_context(r: AssignmentRound) -> dict:
    apps = {a.pk: a for a in r.applications.select_related("organisation")}
    ids = {m["expert"] for members in r.result.get("panels", {}).values() for m in members}
    ids |= {int(p[1]) for p in [*r.pinned, *r.excluded]}
    experts = Expert.objects.in_bulk(ids)
    pinned = {tuple(p) for p in r.pinned}
    panels = []
    for app_id, app in apps.items():
        members = [
            (experts[m["expert"]], m["reasons"], (str(app_id), str(m["expert"])) in pinned)
            for m in r.result.get("panels", {}).get(str(app_id), [])
        ]
        panels.append((app, members))
    excluded = [(apps.get(int(a)), experts.get(int(e))) for a, e in r.excluded]
    return {
        "round": r,
        "panels": panels,
        "excluded": excluded,
        "result": r.result,
        "feasible": r.result.get("status") in ("optimal", "feasible"),
        "pool": Expert.objects.filter(active=True).order_by("name"),
    }


@require_GET
def round_detail(request, pk: int):
    r = permissions.get_round_for(request.user, pk)
    return render(
        request,
        "experts/round_detail.html",
        _round_context(r),
        status=200 if r.result.get("status") in ("optimal", "feasible") else 422,
    )


@require_POST
def round_adjust(request, pk: int):
    r = permissions.get_round_for(request.user, pk)
    try:
        services.pin_or_exclude(
            r,
            application_id=request.POST.get("application"),
            expert_id=request.POST.get("expert"),
            action=request.POST.get("action", ""),
            by=request.user,
        )
    except InvalidInput as exc:
        return render(
            request, "experts/round_detail.html", {**_round_context(r), "error": exc.message}, status=422
        )
    return redirect(r)


@require_POST
def round_save(request, pk: int):
    r = permissions.get_round_for(request.user, pk)
    try:
        invitations = services.save_round(r, by=request.user)
    except InvalidInput as exc:
        r.refresh_from_db()
        return render(
            request, "experts/round_detail.html", {**_round_context(r), "error": exc.message}, status=422
        )
    messages.success(request, f"已向 {len(invitations)} 人次发出评审邀请")
    return redirect(r)


# --- rubrics and panels ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def rubric_list(request):
    permissions.require_officer(request.user)
    form = RubricForm(request.POST or None)
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.create_rubric(by=request.user, **form.cleaned_data)
            except InvalidInput as exc:
                error = exc.message
            else:
                messages.success(request, "已启用新的评价标准")
                return redirect("experts:rubric_list")
    return render(
        request,
        "experts/rubric_list.html",
        {"rubrics": Rubric.objects.all()[:50], "form": form, "error": error},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def panel_detail(request, pk: int):
    application = permissions.get_panel_application_for(request.user, pk)
    form = PanelOpinionForm(request.POST or None)
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_panel_opinion(application, by=request.user, **form.cleaned_data)
            except InvalidInput as exc:
                error = exc.message
            else:
                messages.success(request, "专家组综合意见已登记到申报")
                return redirect(application)
    context = {
        "application": application,
        "form": form,
        "error": error,
        **services.panel(application),
        "can_record": application.status == S.EXPERT_EVALUATION,
    }
    return render(
        request, "experts/panel_detail.html", context, status=422 if request.method == "POST" else 200
    )


# --- expert workspace -----------------------------------------------------------------------


@require_GET
def workspace(request):
    if not permissions.is_expert(request.user):
        raise NotVisible("workspace")
    assignments = permissions.visible_assignments(request.user).select_related("review").order_by("-pk")
    return render(
        request,
        "experts/workspace.html",
        {"assignments": assignments, "expert": permissions.expert_of(request.user)},
    )


def _assignment_context(invitation: Invitation, **extra) -> dict:
    rubric = services.active_rubric()
    review = Review.objects.filter(invitation=invitation).first()
    accepted = invitation.status == Invitation.Status.ACCEPTED
    return {
        "invitation": invitation,
        "application": invitation.application,
        "rubric": rubric,
        "review": review,
        "materials": Material.objects.filter(application=invitation.application, removed=False)
        if accepted
        else [],
        "accepted": accepted,
        "respond_form": RespondForm(),
        **extra,
    }


@require_GET
def assignment_detail(request, pk: int):
    invitation = permissions.get_assignment_for(request.user, pk)
    return render(request, "experts/assignment_detail.html", _assignment_context(invitation))


@require_POST
def assignment_respond(request, pk: int):
    invitation = permissions.get_assignment_for(request.user, pk)
    form = RespondForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        if d["decision"] == "accept" and not d["conflict_note"] and not d["no_conflict"]:
            # Accepting is itself a declaration: the expert says in so many words there is no tie.
            return render(
                request,
                "experts/assignment_detail.html",
                _assignment_context(invitation, error="接受邀请前请勾选无回避情形声明，或填写需要回避的情形"),
                status=422,
            )
        try:
            invitation = services.respond(
                invitation,
                accept=form.cleaned_data["decision"] == "accept",
                conflict_note=form.cleaned_data["conflict_note"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except InvalidInput as exc:
            return render(
                request,
                "experts/assignment_detail.html",
                _assignment_context(invitation, error=exc.message),
                status=422,
            )
        if invitation.status == Invitation.Status.ACCEPTED:
            messages.success(request, "已接受邀请，请审阅材料并评分")
            return redirect(invitation)
        messages.info(request, "已谢绝邀请" + ("并登记回避" if form.cleaned_data["conflict_note"] else ""))
        return redirect("experts:workspace")
    return render(
        request,
        "experts/assignment_detail.html",
        _assignment_context(invitation, error="请选择接受或谢绝"),
        status=422,
    )


@require_POST
def assignment_review(request, pk: int):
    invitation = permissions.get_assignment_for(request.user, pk)
    rubric = services.active_rubric()
    scores = {
        c["code"]: request.POST.get(f"score_{c['code']}", "").strip() or None
        for c in (rubric.criteria if rubric else [])
    }
    try:
        services.submit_review(
            invitation, scores=scores, opinion=request.POST.get("opinion", ""), by=request.user
        )
    except InvalidInput as exc:
        return render(
            request,
            "experts/assignment_detail.html",
            _assignment_context(invitation, error=exc.message, posted=request.POST),
            status=422,
        )
    messages.success(request, "评分和评审意见已提交，评审结束前可修改")
    return redirect(invitation)


@require_GET
def assignment_material(request, pk: int, material: int):
    invitation = permissions.get_assignment_for(request.user, pk)
    found = permissions.get_material_for_expert(request.user, material)
    if found.application_id != invitation.application_id:
        raise NotVisible("material", material)
    try:
        return stored_files.attachment(
            found.stored_name, found.sha256, found.original_name, found.content_type
        )
    except stored_files.IntegrityFailed:
        return render(
            request,
            "experts/assignment_detail.html",
            _assignment_context(invitation, error="该材料完整性校验失败，请联系兵团科技局"),
            status=409,
        )
