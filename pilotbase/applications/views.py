"""Pages of the filing workflow. Thin: fetch through permissions, call one service, show the result."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import EmptyResultSet
from django.db import router
from django.db.models import Q
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from pilotbase.accounts.models import Role
from pilotbase.accounts.permissions import Refused, is_officer, require
from pilotbase.accounts.rowfetch import PreparedValues
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit
from pilotbase.audit.models import AuditEvent
from pilotbase.bases import services as bases_services
from pilotbase.bases.models import PilotBase
from pilotbase.operations import clock

from . import diff, facts_form, materials, permissions, services, workflow
from .forms import CallForm, MaterialForm, ScoreForm, SiteVisitForm
from .models import Application, Call, FilingBatch, Material, SiteVisit

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


# A table body is a pure function of its rows (all read on this request), the status names and
# the time zone: a process keeps recent ones, so a list nobody changed is not formatted again.
_ROWS_HTML: OrderedDict[tuple, str] = OrderedDict()
_ROWS_HTML_MAX = 256


def _list_rows_html(rows: list[dict], labels: dict[str, str]) -> str:
    """The table body as one string, every cell escaped here: fifty rows of six cells through the
    template engine cost more than the rest of the page together."""
    tz = timezone.get_current_timezone()
    key = (tuple(labels.items()), str(tz), *(tuple(row.values()) for row in rows))
    html = _ROWS_HTML.get(key)
    if html is None:
        html = _ROWS_HTML[key] = _format_rows(rows, labels, tz)
        if len(_ROWS_HTML) > _ROWS_HTML_MAX:
            _ROWS_HTML.popitem(last=False)
    else:
        _ROWS_HTML.move_to_end(key)
    return html


def _format_rows(rows: list[dict], labels: dict[str, str], tz) -> str:
    prefix = reverse("applications:application_list")
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


# The list's query for one kind of person (role; whether they have a unit and an organisation)
# and with or without the status filter, built once and only executed afterwards (rowfetch). The
# query comes from list_queryset itself, for a stand-in person with example keys, so the list
# keeps exactly the visibility rule of every other place. A name search takes the ORM's way.
_LIST_PLANS: dict[tuple, PreparedValues | None] = {}
_UNIT_EXAMPLE, _ORG_EXAMPLE, _STATUS_EXAMPLE = -7919, -7927, "example-status-7919"


def _list_plan(user, with_status: bool) -> PreparedValues | None:
    from pilotbase.accounts.models import User

    key = (
        user.role,
        user.is_active,
        user.recommending_unit_id is None,
        user.organisation_id is None,
        with_status,
    )
    if key not in _LIST_PLANS:
        stand_in = User(
            role=user.role,
            is_active=user.is_active,
            recommending_unit_id=None if key[2] else _UNIT_EXAMPLE,
            organisation_id=None if key[3] else _ORG_EXAMPLE,
        )

        def build(unit_id, organisation_id, status):
            qs = list_queryset(stand_in, {}).select_related(None)
            if with_status:  # list_queryset's own filter, which takes only a known status
                qs = qs.filter(status=status)
            return qs.values(*LIST_COLUMNS)

        plan = PreparedValues(
            build,
            _UNIT_EXAMPLE,
            _ORG_EXAMPLE,
            _STATUS_EXAMPLE,
            paged=True,
            unused_ok=(0, 1) if with_status else (0, 1, 2),
        )
        try:
            plan._prepare(router.db_for_read(Application))
        except EmptyResultSet:  # nobody of this kind sees anything (qs.none())
            plan = None
        _LIST_PLANS[key] = plan
    return _LIST_PLANS[key]


def _list_rows(user, params, start: int, count: int) -> list[dict]:
    status = params.get("status", "")
    with_status = status in S.values
    if params.get("q", "").strip():
        qs = list_queryset(user, params).select_related(None)
        return list(qs.values(*LIST_COLUMNS)[start : start + count])
    plan = _list_plan(user, with_status)
    if plan is None:
        return []
    return plan(
        user.recommending_unit_id,
        user.organisation_id,
        status,
        using=router.db_for_read(Application),
        limit=count,
        offset=start,
    )


_STATUS_LABELS: dict[tuple[str, bool], dict[str, str]] = {}


def _status_labels(is_applicant: bool) -> dict[str, str]:
    """Status names as the list shows them, per language and audience (the applicant's names)."""
    key = (get_language() or "", is_applicant)
    labels = _STATUS_LABELS.get(key)
    if labels is None:
        labels = _STATUS_LABELS[key] = (
            {k: str(v) for k, v in workflow.APPLICANT_LABELS.items()}
            if is_applicant
            else {k: str(v) for k, v in S.choices}
        )
    return labels


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
    rows = _list_rows(request.user, request.GET, start, PER_PAGE + 1)
    has_next = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    is_applicant = permissions.is_applicant(request.user)
    labels = _status_labels(is_applicant)
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


TIMELINE_FIELDS = (
    "at",
    "action",
    "actor_id",
    "actor_label",
    "data",
    "actor__display_name",
    "actor__username",
)
_APPLICATION_TYPE = Application._meta.label_lower

# The detail page's reads, each prepared once (accounts.rowfetch): building these ORM queries
# cost several times running them, on the most viewed page of the workflow.
_RECENT_EVENTS = PreparedValues(
    lambda object_id: (
        AuditEvent.objects.filter(object_type=_APPLICATION_TYPE, object_id=object_id)
        .order_by("-pk")
        .values(*TIMELINE_FIELDS)[: TIMELINE_RECENT + 1]
    ),
    "example-7919",
)
_MATERIAL_ROWS = PreparedValues(
    lambda application_id: (
        Material.objects.filter(application_id=application_id, removed=False)
        .order_by("kind", "pk")
        .values("pk", "kind", "original_name", "size", "site_visit_id")
    ),
    -7919,
)
_SITE_VISIT_ROWS = PreparedValues(
    lambda application_id: (
        SiteVisit.objects.filter(application_id=application_id)
        .order_by("pk")
        .values("pk", "visited_on", "members", "checklist", "findings")
    ),
    -7919,
)
_FILED_BASE = PreparedValues(
    lambda application_id: (
        PilotBase.objects.filter(source_application_id=application_id)
        .order_by("pk")
        .values("filing_number", "document_number", "filed_on")[:1]
    ),
    -7919,
)


def _fold(raw: list[dict]) -> list[dict]:
    """Runs of autosaves (or uploads) by one person become one line with a count."""
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
    return events


def timeline(application: Application, *, recent: bool = False) -> tuple[list[dict], bool]:
    """The events, oldest first, runs of autosaves folded; with ``recent``, only the last
    TIMELINE_RECENT events (and whether older ones were left out). Plain rows of the columns shown,
    not model objects: the timeline is the longest list on the page."""
    if recent:
        raw = _RECENT_EVENTS(str(application.pk), using=router.db_for_read(AuditEvent))
        more = len(raw) > TIMELINE_RECENT
        return _fold(raw[:TIMELINE_RECENT][::-1]), more
    events = audit.history(application).select_related(None).values(*TIMELINE_FIELDS).order_by("seq")
    return _fold(list(events)), False


def _detail_inputs(request, application: Application) -> dict:
    """Everything the detail page's content shows besides the application and its rows, read
    fresh on every view: who is looking (and what they may do), today, the misconduct register,
    the materials, the recent timeline, site visits and the filed base in the states that have them."""
    user = request.user
    using = router.db_for_read(Application)
    today = clock.today()
    actions = permissions.available_actions(user, application)
    history, more_history = timeline(application, recent=request.GET.get("history") != "all")
    return {
        "language": get_language() or "",
        "today": today,
        "own": permissions.is_own(user, application),
        "officer": is_officer(user),
        "actions": actions,
        "can_edit": permissions.can_edit(user, application),
        "penalty": bases_services.in_penalty(application.organisation_id, today),
        "materials": _MATERIAL_ROWS(application.pk, using=using),
        "history": history,
        "more_history": more_history,
        "site_visits": _SITE_VISIT_ROWS(application.pk, using=using)
        if application.status in AFTER_EXPERTS
        else [],
        "pilot_base": (_FILED_BASE(application.pk, using=using) or [None])[0]
        if application.status == S.FILED
        else None,
    }


def _detail_context(application: Application, inputs: dict) -> dict:
    """What the detail page's content is rendered from (``inputs``: ``_detail_inputs``)."""
    own, officer, actions = inputs["own"], inputs["officer"], inputs["actions"]
    kind_labels = dict(Material.Kind.choices)  # once per page, not one choices scan per file
    materials_list = [dict(m) for m in inputs["materials"]]
    for m in materials_list:
        m["kind_label"] = kind_labels.get(m["kind"], m["kind"])
        m["url"] = reverse("applications:material_download", args=[m["pk"]])
    present = {m["kind"] for m in materials_list if m["site_visit_id"] is None}
    return {
        "application": application,
        "status_label": workflow.applicant_label(application.status)
        if own
        else application.get_status_display(),
        "own": own,
        "actions": actions,
        "can_edit": inputs["can_edit"],
        "checklist": services.checklist(application, today=inputs["today"], penalty=inputs["penalty"]),
        "can_review": officer and application.status == S.FORMAL_REVIEW,
        "materials": materials_list,
        "missing": [str(Material.Kind(k).label) for k in Material.REQUIRED_KINDS if k not in present],
        "history": inputs["history"],
        "more_history": inputs["more_history"],
        "pilot_base": inputs["pilot_base"],
        "site_visits": inputs["site_visits"],
        "score_form": ScoreForm() if "record_consolidated_opinion" in actions else None,
        "visit_form": SiteVisitForm() if "record_consolidated_opinion" in actions else None,
        "pledge_text": services.PLEDGE_TEXT,
        "is_officer": officer,
    }


# The content is rendered with this in place of the person's CSRF token, which is put in when the
# page is sent. Escaped in the markup ("&lt;…&gt;"), so no escaped value of a person can contain it.
_CSRF_MARK = "<pb-csrf>"
_CSRF_MARK_ESCAPED = escape(_CSRF_MARK)
# The content is a pure function of what _detail_key reads: the same inputs give the same markup,
# so a process keeps the markup of recently viewed inputs. Nothing is kept that is not read again
# on the next view; a change anywhere gives a new key (a test compares with rendering afresh).
_BODIES: OrderedDict[bytes, str] = OrderedDict()
_BODIES_MAX = 256


def _detail_key(application: Application, inputs: dict) -> bytes:
    rows = [tuple(getattr(application, f.attname) for f in Application._meta.concrete_fields)]
    for name, model in permissions.RELATED:
        related = getattr(application, name) if getattr(application, f"{name}_id") is not None else None
        rows.append(
            None
            if related is None
            else tuple(getattr(related, f.attname) for f in model._meta.concrete_fields)
        )
    return hashlib.blake2b(repr((rows, sorted(inputs.items()))).encode(), digest_size=20).digest()


def detail_body(request, application: Application, extra: dict | None = None) -> str:
    """The detail page's content. ``extra`` (an error, a form with its errors) renders afresh."""
    inputs = _detail_inputs(request, application)
    if extra:
        body = render_to_string(
            "applications/_detail_body.html",
            {**_detail_context(application, inputs), **extra, "csrf_token": _CSRF_MARK},
        )
    else:
        key = _detail_key(application, inputs)
        body = _BODIES.get(key)
        if body is None:
            body = render_to_string(
                "applications/_detail_body.html",
                {**_detail_context(application, inputs), "csrf_token": _CSRF_MARK},
            )
            _BODIES[key] = body
            if len(_BODIES) > _BODIES_MAX:
                _BODIES.popitem(last=False)
        else:
            _BODIES.move_to_end(key)
    if _CSRF_MARK_ESCAPED in body:
        body = body.replace(_CSRF_MARK_ESCAPED, escape(get_token(request)))
    return mark_safe(body)  # noqa: S308 - rendered by the template engine, every value escaped  # nosec B308 B703


def _detail_page(request, application: Application, extra: dict | None = None, status: int = 200):
    return render(
        request,
        "applications/application_detail.html",
        {"application": application, "body": detail_body(request, application, extra)},
        status=status,
    )


@require_GET
def application_detail(request, pk: int):
    application = permissions.get_application_for(request.user, pk)
    return _detail_page(request, application)


def _refused(request, application, exc: InvalidInput):
    status = 409 if isinstance(exc, services.WorkflowError) and exc.field == "status" else 422
    application = permissions.get_application_for(request.user, application.pk)
    return _detail_page(request, application, {"error": exc.message}, status=status)


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
        return _detail_page(
            request, application, {"score_form": form, "error": "请检查专家组综合评分和意见"}, status=422
        )
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
        return _detail_page(
            request, application, {"visit_form": form, "error": "请检查现场核查信息"}, status=422
        )
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
