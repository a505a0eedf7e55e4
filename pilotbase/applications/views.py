"""Pages of the filing workflow. Thin: fetch through permissions, call one service, show the result."""

from __future__ import annotations

from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from pilotbase.accounts.models import Role
from pilotbase.accounts.permissions import Refused, is_officer, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit
from pilotbase.operations import clock

from . import diff, facts_form, materials, permissions, services, workflow
from .forms import CallForm, MaterialForm, ScoreForm, SiteVisitForm
from .models import Application, Call, FilingBatch, Material

S = Application.Status


# --- calls -------------------------------------------------------------------------------------


@require_GET
def call_list(request):
    calls = permissions.visible_calls(request.user)
    if not (is_officer(request.user) or request.user.role in (Role.APPLICANT, Role.REVIEWER)):
        raise Refused("您的角色不能查看申报通知")
    return render(
        request,
        "applications/call_list.html",
        {
            "calls": calls[:100],
            "today": clock.today(),
            "form": CallForm() if is_officer(request.user) else None,
        },
    )


@require_POST
def call_create(request):
    require(permissions.can_manage_calls(request.user), "只有兵团科技局工作人员可以发布申报通知")
    form = CallForm(request.POST)
    if form.is_valid():
        try:
            call = services.create_call(by=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已发布申报通知 {call.document_number}")
            return redirect(call)
    calls = permissions.visible_calls(request.user)
    return render(
        request,
        "applications/call_list.html",
        {"calls": calls[:100], "today": clock.today(), "form": form},
        status=422,
    )


@require_GET
def call_detail(request, pk: int):
    call = permissions.get_call_for(request.user, pk)
    mine = []
    if permissions.is_applicant(request.user):
        mine = permissions.visible_applications(request.user).filter(call=call)
    return render(
        request,
        "applications/call_detail.html",
        {"call": call, "is_open": call.is_open(clock.today()), "mine": mine},
    )


@require_POST
def application_start(request, pk: int):
    call = permissions.get_call_for(request.user, pk)
    try:
        application = services.start_application(call, by=request.user)
    except InvalidInput as exc:
        return render(
            request,
            "applications/call_detail.html",
            {"call": call, "is_open": False, "error": exc.message},
            status=422,
        )
    return redirect("applications:application_edit", pk=application.pk, step="basic")


# --- lists -------------------------------------------------------------------------------------


def list_queryset(user, params):
    qs = (
        permissions.visible_applications(user)
        .select_related("organisation", "recommending_unit", "call")
        .order_by("-updated_at", "-pk")
    )
    status = params.get("status", "")
    if status in S.values:
        qs = qs.filter(status=status)
    q = params.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(organisation__name__icontains=q))
    return qs


PER_PAGE = 50
LIST_COLUMNS = (
    "pk",
    "name",
    "status",
    "updated_at",
    "organisation__name",
    "recommending_unit__name",
    "call__document_number",
)


_LIST_ROW = (
    '<tr><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n'
)


def _list_rows_html(rows: list[dict], labels: dict[str, str]) -> str:
    """The table body as one string, every cell escaped here: fifty rows of six cells through the
    template engine cost more than the rest of the page together."""
    prefix = reverse("applications:application_list")
    tz = timezone.get_current_timezone()
    return mark_safe(  # noqa: S308 - every value below is escaped (html.escape: & < > " ')  # nosec B308 B703
        "".join(
            _LIST_ROW.format(
                prefix,
                row["pk"],
                escape(row["name"] or f"申报 #{row['pk']}"),
                escape(row["organisation__name"]),
                escape(row["recommending_unit__name"] or "—"),
                escape(row["call__document_number"]),
                escape(labels.get(row["status"], row["status"])),
                row["updated_at"].astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            )
            for row in rows
        )
    )


_STATUS_OPTIONS: dict[tuple[str, str], str] = {}


def _status_options_html(selected: str) -> str:
    """The status filter's options: the same for every person, per language and selection."""
    key = (get_language() or "", selected)
    html = _STATUS_OPTIONS.get(key)
    if html is None:
        html = _STATUS_OPTIONS[key] = mark_safe(  # noqa: S308 - values and labels escaped  # nosec B308 B703
            "".join(
                f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(str(label))}</option>'
                for v, label in S.choices
            )
        )
    return html


@require_GET
def application_list(request):
    """The list pages are the busiest of the workflow: plain rows of the columns shown, labels
    looked up once per request, and "next page" found by fetching one row more instead of
    counting every visible application on every page."""
    if not (is_officer(request.user) or request.user.role in (Role.APPLICANT, Role.REVIEWER)):
        raise Refused("您的角色不能查看申报")
    raw = request.GET.get("page", "1")
    number = int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1
    start = (number - 1) * PER_PAGE
    qs = list_queryset(request.user, request.GET).select_related(None)
    rows = list(qs.values(*LIST_COLUMNS)[start : start + PER_PAGE + 1])
    has_next = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    is_applicant = permissions.is_applicant(request.user)
    labels = (
        {k: str(v) for k, v in workflow.APPLICANT_LABELS.items()}
        if is_applicant
        else {k: str(v) for k, v in S.choices}
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/application_list.html",
        {
            "rows": _list_rows_html(rows, labels),
            "number": number,
            "has_next": has_next,
            "query": query.urlencode(),
            "status_options": _status_options_html(
                status if (status := request.GET.get("status", "")) in S.values else ""
            ),
            "q": request.GET.get("q", ""),
            "is_applicant": is_applicant,
        },
    )


# --- detail and moves --------------------------------------------------------------------------


# Autosave writes an audit row per pause in typing; the timeline shows one line per run of them.
QUIET_ACTIONS = frozenset({"draft_saved", "material_uploaded"})


TIMELINE_RECENT = 30  # events shown on the detail page; the rest behind "show all"
# States from which site visits may exist (recorded during expert evaluation).
AFTER_EXPERTS = frozenset(
    {S.EXPERT_EVALUATION, S.EVALUATED, S.NOT_SELECTED, S.SELECTED, S.ON_NOTICE, S.OBJECTION_UPHELD, S.FILED}
)


TIMELINE_FIELDS = ("at", "action", "actor_id", "actor_label", "data", "actor__display_name", "actor__username")


def timeline(application: Application, *, recent: int | None = None) -> tuple[list[dict], bool]:
    """The events, oldest first, runs of autosaves folded; with ``recent``, only the last events
    (and whether older ones were left out). Plain rows of the columns shown, not model objects:
    the timeline is the longest list on the page."""
    events_qs = audit.history(application).select_related(None).values(*TIMELINE_FIELDS)
    more = False
    if recent is not None:
        raw = list(events_qs.order_by("-pk")[: recent + 1])
        more = len(raw) > recent
        raw = raw[:recent][::-1]
    else:
        raw = list(events_qs.order_by("seq"))
    events: list[dict] = []
    for event in raw:
        last = events[-1] if events else None
        if (
            last is not None
            and event["action"] in QUIET_ACTIONS
            and last["action"] == event["action"]
            and last["actor_id"] == event["actor_id"]
        ):
            last["repeat"] = last.get("repeat", 1) + 1
            continue
        events.append(event)
    return events, more


def _detail_context(request, application: Application) -> dict:
    """What the detail page shows, in as few queries as it takes: materials once (the missing
    kinds come from them), site visits and the filed base only in the states that have them, the
    officer's per-check forms only while the officer can use them, the recent timeline."""
    user = request.user
    own = permissions.is_own(user, application)
    officer = is_officer(user)
    # Plain rows: the list shows kind, name, size and the download link.
    materials_list = list(
        application.materials.filter(removed=False)
        .order_by("kind", "pk")
        .values("pk", "kind", "original_name", "size", "site_visit_id")
    )
    kind_labels = dict(Material.Kind.choices)  # once per page, not one choices scan per file
    for m in materials_list:
        m["kind_label"] = kind_labels.get(m["kind"], m["kind"])
        m["url"] = reverse("applications:material_download", args=[m["pk"]])
    present = {m["kind"] for m in materials_list if m["site_visit_id"] is None}
    actions = permissions.available_actions(user, application)
    history, more_history = timeline(
        application, recent=None if request.GET.get("history") == "all" else TIMELINE_RECENT
    )
    pilot_base = None
    if application.status == S.FILED:
        from pilotbase.bases.models import PilotBase

        pilot_base = PilotBase.objects.filter(source_application=application).first()
    return {
        "application": application,
        "status_label": workflow.applicant_label(application.status)
        if own
        else application.get_status_display(),
        "own": own,
        "actions": actions,
        "can_edit": permissions.can_edit(user, application),
        "checklist": services.checklist(application),
        "can_review": officer and application.status == S.FORMAL_REVIEW,
        "materials": materials_list,
        "missing": [str(Material.Kind(k).label) for k in Material.REQUIRED_KINDS if k not in present],
        "history": history,
        "more_history": more_history,
        "pilot_base": pilot_base,
        "site_visits": application.site_visits.all() if application.status in AFTER_EXPERTS else [],
        "score_form": ScoreForm() if "record_consolidated_opinion" in actions else None,
        "visit_form": SiteVisitForm() if "record_consolidated_opinion" in actions else None,
        "pledge_text": services.PLEDGE_TEXT,
        "is_officer": officer,
    }


@require_GET
def application_detail(request, pk: int):
    application = permissions.get_application_for(request.user, pk)
    return render(request, "applications/application_detail.html", _detail_context(request, application))


def _refused(request, application, exc: InvalidInput):
    status = 409 if isinstance(exc, services.WorkflowError) and exc.field == "status" else 422
    application.refresh_from_db()
    ctx = _detail_context(request, application)
    ctx["error"] = exc.message
    return render(request, "applications/application_detail.html", ctx, status=status)


ACTIONS = {
    "recommend": lambda a, p, by: services.recommend(
        a,
        opinion=p.get("opinion", ""),
        order=int(p["order"]) if p.get("order", "").strip().isdigit() else None,
        by=by,
    ),
    "return": lambda a, p, by: services.return_for_revision(a, reasons=p.get("reasons", ""), by=by),
    "not_recommend": lambda a, p, by: services.not_recommend(a, reason=p.get("reason", ""), by=by),
    "start_formal_review": lambda a, p, by: services.start_formal_review(a, by=by),
    "reject": lambda a, p, by: services.reject(a, reason=p.get("reason", ""), by=by),
    "send_to_experts": lambda a, p, by: services.send_to_experts(a, opinion=p.get("opinion", ""), by=by),
    "withdraw": lambda a, p, by: services.withdraw(a, reason=p.get("reason", ""), by=by),
    "submit": lambda a, p, by: services.submit(
        a,
        pledge=p.get("pledge") == "1",
        by=by,
        expected_version=int(p["version"]) if p.get("version", "").isdigit() else None,
    ),
}

DONE = {
    "recommend": "已推荐",
    "return": "已退回补正",
    "not_recommend": "已作出不予推荐决定",
    "start_formal_review": "已开始形式审查",
    "reject": "已作出审查不通过决定",
    "send_to_experts": "已提交专家评估论证",
    "withdraw": "已撤回申报",
    "submit": "已提交，等待推荐单位初审",
}


@require_POST
def application_action(request, pk: int, action: str):
    application = permissions.get_application_for(request.user, pk)
    if action not in ACTIONS:
        return _refused(request, application, InvalidInput("action", "未知操作"))
    if action == "recommend" and request.POST.get("recommending_unit"):
        # The unit comes from the applicant's organisation, never from the form.
        audit.record(
            application,
            "forged_unit_ignored",
            by=request.user,
            data={"posted": request.POST.get("recommending_unit")[:50]},
        )
    try:
        ACTIONS[action](application, request.POST, request.user)
    except InvalidInput as exc:
        return _refused(request, application, exc)
    messages.success(request, DONE[action])
    return redirect(application)


@require_POST
def review_check(request, pk: int):
    application = permissions.get_application_for(request.user, pk)
    try:
        services.review_check(
            application,
            check_id=request.POST.get("check_id", ""),
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except InvalidInput as exc:
        return _refused(request, application, exc)
    messages.success(request, "已核定")
    return redirect(reverse("applications:application_detail", args=[pk]) + "#checks")


@require_POST
def record_opinion(request, pk: int):
    application = permissions.get_application_for(request.user, pk)
    require(is_officer(request.user), "只有兵团科技局工作人员可以登记专家组意见")
    form = ScoreForm(request.POST)
    if not form.is_valid():
        ctx = _detail_context(request, application)
        ctx["score_form"] = form
        ctx["error"] = "请检查专家组综合评分和意见"
        return render(request, "applications/application_detail.html", ctx, status=422)
    try:
        services.record_consolidated_opinion(
            application, form.cleaned_data["score"], form.cleaned_data["opinion"], request.user
        )
    except InvalidInput as exc:
        return _refused(request, application, exc)
    messages.success(request, "已登记专家组综合评分和意见")
    return redirect(application)


@require_POST
def site_visit(request, pk: int):
    application = permissions.get_application_for(request.user, pk)
    require(is_officer(request.user), "只有兵团科技局工作人员可以登记现场核查")
    form = SiteVisitForm(request.POST, request.FILES)
    if not form.is_valid():
        ctx = _detail_context(request, application)
        ctx["visit_form"] = form
        ctx["error"] = "请检查现场核查信息"
        return render(request, "applications/application_detail.html", ctx, status=422)
    data = form.cleaned_data
    try:
        visit = services.record_site_visit(
            application,
            visited_on=data["visited_on"],
            members=data["members"],
            checklist_items=data["checklist"].splitlines(),
            findings=data["findings"],
            by=request.user,
        )
        for field, kind in (
            ("photos", Material.Kind.SITE_VISIT_PHOTO),
            ("minutes", Material.Kind.SITE_VISIT_MINUTES),
        ):
            for upload in request.FILES.getlist(field):
                services.add_material(
                    application, kind=kind, upload=upload, by=request.user, site_visit=visit
                )
    except InvalidInput as exc:
        return _refused(request, application, exc)
    messages.success(request, "已登记现场核查")
    return redirect(application)


# --- the form ----------------------------------------------------------------------------------


def _edit_context(application, step: str, *, errors=None, stale=False) -> dict:
    form_step = facts_form.get_step(step)
    values = facts_form.current_values(application)
    fields = []
    rowsets = []
    if form_step:
        fields = [{"f": f, "value": values.get(f.path, "")} for f in form_step.fields]
        rowsets = [{"r": r, "rows": facts_form.rows_of(application, r)} for r in form_step.rows]
    index = facts_form.ALL_STEPS.index(step)
    return {
        "application": application,
        "step": step,
        "step_title": facts_form.STEP_TITLES[step],
        "steps": [(s, facts_form.STEP_TITLES[s]) for s in facts_form.ALL_STEPS],
        "next_step": facts_form.ALL_STEPS[index + 1] if index + 1 < len(facts_form.ALL_STEPS) else None,
        "fields": fields,
        "rowsets": rowsets,
        "errors": errors or {},
        "stale": stale,
        "checklist": services.checklist(application),
        "material_form": MaterialForm(),
        "materials": application.materials.filter(removed=False, site_visit__isnull=True).order_by(
            "kind", "pk"
        ),
        "missing": services.missing_material_kinds(application),
        "pledge_text": services.PLEDGE_TEXT,
    }


def application_edit(request, pk: int, step: str):
    application = permissions.get_application_for(request.user, pk)
    if step not in facts_form.ALL_STEPS:
        step = "basic"
    require(permissions.can_edit(request.user, application), "该申报当前不能修改")
    if request.method == "POST" and step in facts_form.STEP_SLUGS:
        version = request.POST.get("version", "")
        try:
            application, errors = services.save_draft(
                application,
                step=step,
                data=request.POST,
                expected_version=int(version) if version.isdigit() else -1,
                by=request.user,
                register_host_unit=True,
            )
        except services.StaleVersion as exc:
            ctx = _edit_context(exc.current, step, stale=True)
            return render(request, "applications/application_edit.html", ctx, status=409)
        if errors:
            return render(
                request,
                "applications/application_edit.html",
                _edit_context(application, step, errors=errors),
                status=422,
            )
        messages.success(request, "已保存")
        index = facts_form.ALL_STEPS.index(step)
        following = reverse("applications:application_edit", args=[pk, facts_form.ALL_STEPS[index + 1]])
        if request.headers.get("HX-Request"):
            # Sent through the form's queue behind its autosaves (filing.js); htmx follows this.
            response = HttpResponse(status=200)
            response["HX-Redirect"] = following
            return response
        return redirect(following)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(request, "applications/application_edit.html", _edit_context(application, step))


@require_POST
def application_autosave(request, pk: int, step: str):
    """HTMX autosave while the person types: saves against the version the page holds."""
    application = permissions.get_application_for(request.user, pk)
    require(permissions.can_edit(request.user, application), "该申报当前不能修改")
    version = request.POST.get("version", "")
    try:
        application, errors = services.save_draft(
            application,
            step=step,
            data=request.POST,
            expected_version=int(version) if version.isdigit() else -1,
            by=request.user,
        )
    except services.StaleVersion as exc:
        return render(
            request, "applications/_autosave.html", {"stale": True, "application": exc.current}, status=409
        )
    except InvalidInput as exc:
        return render(
            request,
            "applications/_autosave.html",
            {"application": application, "errors": {exc.field: exc.message}},
            status=422,
        )
    return render(
        request,
        "applications/_autosave.html",
        {
            "application": application,
            "errors": errors,
            "checklist": services.checklist(application),
            "saved_at": clock.now(),
        },
    )


@require_POST
def material_upload(request, pk: int):
    application = permissions.get_application_for(request.user, pk)
    require(permissions.can_edit(request.user, application), "该申报当前不能上传材料")
    form = MaterialForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            services.add_material(
                application, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], by=request.user
            )
        except InvalidInput as exc:
            error = exc.message
        else:
            messages.success(request, "材料已上传")
            return redirect("applications:application_edit", pk=pk, step="materials")
    else:
        error = "请选择材料类别和文件"
    application.refresh_from_db()
    ctx = _edit_context(application, "materials")
    ctx["material_error"] = error
    ctx["material_form"] = form
    return render(request, "applications/application_edit.html", ctx, status=422)


@require_POST
def material_remove(request, pk: int):
    material = permissions.get_material_for(request.user, pk)
    services.remove_material(material, by=request.user)
    messages.success(request, "材料已删除")
    return redirect("applications:application_edit", pk=material.application_id, step="materials")


@require_GET
def material_download(request, pk: int):
    material = permissions.get_material_for(request.user, pk)
    try:
        return materials.attachment(
            material.stored_name, material.sha256, material.original_name, material.content_type
        )
    except materials.IntegrityFailed as exc:
        audit.record(
            material.application,
            "material_integrity_failed",
            by=request.user,
            data={"material": material.pk, "reason": str(exc)},
        )
        from pilotbase.accounts import notify

        notify.send(
            services._officers(),
            f"材料完整性校验失败：{material.original_name}",
            f"申报 #{material.application_id} 的材料 #{material.pk}：{exc}",
            dedupe_key=f"material-integrity:{material.pk}",
        )
        return render(
            request,
            "applications/integrity_failed.html",
            {"material": material, "reason": str(exc)},
            status=409,
        )


@require_GET
def application_versions(request, pk: int):
    application = permissions.get_application_for(request.user, pk)
    versions = list(application.versions.order_by("number"))
    a = request.GET.get("a")
    b = request.GET.get("b")
    by_number = {v.number: v for v in versions}
    left = by_number.get(int(a)) if a and a.isdigit() else (versions[-2] if len(versions) > 1 else None)
    right = by_number.get(int(b)) if b and b.isdigit() else (versions[-1] if versions else None)
    changes = diff.compare(left.data if left else {}, right.data if right else {}) if right else []
    return render(
        request,
        "applications/versions.html",
        {
            "application": application,
            "versions": versions,
            "left": left,
            "right": right,
            "changes": changes,
        },
    )


# --- batches -----------------------------------------------------------------------------------


def batch_list(request):
    require(is_officer(request.user), "只有兵团科技局工作人员可以组织择优")
    if request.method == "POST":
        call = permissions.get_call_for(request.user, request.POST.get("call") or 0)
        try:
            batch = services.create_batch(call, name=request.POST.get("name", ""), by=request.user)
        except InvalidInput as exc:
            messages.error(request, exc.message)
            return redirect("applications:batch_list")
        return redirect(batch)
    batches = FilingBatch.objects.select_related("call", "notice")[:100]
    return render(
        request, "applications/batch_list.html", {"batches": batches, "calls": Call.objects.all()[:50]}
    )


CUTOFF_BAND = 3  # points either side of the last selected score that deserve a second look


def _batch_context(request, batch, **extra):
    ranked = services.ranking(batch) if batch.status == FilingBatch.Status.SELECTING else []
    members = batch.applications.select_related("organisation").order_by("-consolidated_score", "pk")
    quota = request.POST.get("quota") or request.GET.get("quota") or ""
    quota = int(quota) if str(quota).isdigit() else max(1, (len(ranked) + 1) // 2)
    cutoff = ranked[quota - 1].consolidated_score if ranked and quota <= len(ranked) else None
    rows = []
    for i, a in enumerate(ranked, 1):
        near = (
            cutoff is not None
            and a.consolidated_score is not None
            and abs(a.consolidated_score - cutoff) <= CUTOFF_BAND
        )
        rows.append({"rank": i, "a": a, "selected": i <= quota, "band": near})
    return {
        "batch": batch,
        "rows": rows,
        "members": members,
        "quota": quota,
        "cutoff": cutoff,
        "band": CUTOFF_BAND,
        "blockers": services.filing_blockers(batch) if batch.notice_id else [],
        "today": clock.today(),
        **extra,
    }


def batch_detail(request, pk: int):
    batch = permissions.get_batch_for(request.user, pk)
    if request.method == "POST":
        try:
            services.select_batch(
                batch,
                selected_ids=[int(i) for i in request.POST.getlist("selected") if i.isdigit()],
                by=request.user,
            )
        except InvalidInput as exc:
            batch.refresh_from_db()
            return render(
                request,
                "applications/batch_detail.html",
                _batch_context(request, batch, error=exc.message),
                status=422,
            )
        messages.success(request, "已完成择优遴选，未入选的申报单位已收到通知")
        return redirect(batch)
    return render(request, "applications/batch_detail.html", _batch_context(request, batch))


@require_POST
def batch_publish(request, pk: int):
    from datetime import date

    batch = permissions.get_batch_for(request.user, pk)
    try:
        starts_on = date.fromisoformat(request.POST.get("starts_on", ""))
    except ValueError:
        return render(
            request,
            "applications/batch_detail.html",
            _batch_context(request, batch, error="请填写公示开始日（YYYY-MM-DD）"),
            status=422,
        )
    try:
        services.publish_batch(batch, starts_on=starts_on, by=request.user)
    except InvalidInput as exc:
        batch.refresh_from_db()
        return render(
            request,
            "applications/batch_detail.html",
            _batch_context(request, batch, error=exc.message),
            status=422,
        )
    messages.success(request, "已发布公示")
    return redirect(batch)


@require_POST
def batch_file(request, pk: int):
    batch = permissions.get_batch_for(request.user, pk)
    try:
        bases = services.file_batch(
            batch, document_number=request.POST.get("document_number", ""), by=request.user
        )
    except InvalidInput as exc:
        batch.refresh_from_db()
        return render(
            request,
            "applications/batch_detail.html",
            _batch_context(request, batch, error=exc.message),
            status=422,
        )
    messages.success(request, f"已发文正式备案 {len(bases)} 个中试基地")
    return redirect(batch)


@login_not_required
def bench_bare(request):
    """A bare view: the yardstick the filing benchmark compares its pages against."""
    return HttpResponse("ok")
