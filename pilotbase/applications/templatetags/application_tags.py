from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    if not isinstance(mapping, dict):
        return ""
    value = mapping.get(key, "")
    return "" if value is None else value


@register.filter
def action_label(action):
    from pilotbase.applications.workflow import ACTION_LABELS

    return ACTION_LABELS.get(action, action)


# The checklist (27 checks) and the timeline (up to 30 events) are the longest loops of the
# application pages; built here as strings with every value escaped, they cost a fraction of the
# same markup through the template engine.

_BADGES = {
    "pass": ("text-bg-success", "符合"),
    "fail": ("text-bg-danger", "不符合"),
    "manual": ("text-bg-info", "人工判断"),
    "missing": ("text-bg-warning", "未填写"),
}
_NOT_APPLICABLE = ("text-bg-light", "不适用")
_REVIEW_FORM = (
    '<form method="post" action="{action}" class="d-flex gap-1 mt-1">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    '<input type="hidden" name="check_id" value="{check_id}">\n'
    '<select name="status" class="form-select form-select-sm" aria-label="核定结论">'
    '<option value="pass">符合</option><option value="fail">不符合</option></select>\n'
    '<input name="reason" class="form-control form-control-sm" placeholder="理由" aria-label="核定理由">'
    '<button class="btn btn-sm btn-outline-primary text-nowrap" type="submit">核定</button></form>'
)


@register.simple_tag(takes_context=True)
def checklist_rows(context, checklist, show_review=False):
    """The rows of the Article 7 table: clause, verdict badge, message and, for the bureau, the
    officer's confirmation and (during formal review) the form to confirm or override."""
    from django.middleware.csrf import get_token
    from django.urls import reverse
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    form = ""
    if show_review and context.get("can_review") and context.get("application") is not None:
        form = _REVIEW_FORM.format(
            action=escape(reverse("applications:review_check", args=[context["application"].pk])),
            csrf=escape(context.get("csrf_token") or get_token(context["request"])),
            check_id="{check_id}",
        )
    rows = []
    for check in checklist.get("checks", ()):
        css, label = _BADGES.get(check["status"], _NOT_APPLICABLE)
        row = (
            f'<tr class="pb-check-{escape(check["status"])}"><td class="text-nowrap">{escape(check["clause"])}</td>'
            f'<td class="text-nowrap"><span class="badge {css}">{label}</span></td>'
            f"<td>{escape(check['message'])}</td>"
        )
        if show_review:
            cell = ""
            review = check.get("review")
            if review:
                passed = review.get("status") == "pass"
                cell = (
                    f'<span class="badge {"text-bg-success" if passed else "text-bg-danger"}">'
                    f"{'核定符合' if passed else '核定不符合'}</span> "
                    f"{escape(review.get('reason', ''))}（{escape(review.get('by', ''))}）"
                )
            if form:
                cell += "\n" + form.replace("{check_id}", escape(check["id"]))
            row += f"<td>{cell}</td>"
        rows.append(row + "</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped  # nosec B308 B703


@register.simple_tag
def timeline_items(history):
    """The timeline's list items: when, who, what (folded runs counted), and the opinion or the
    return reason the move carried."""
    from django.utils import timezone
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from pilotbase.applications.workflow import ACTION_LABELS

    items = []
    for event in history:  # rows of applications.views.timeline
        who = (
            (event["actor__display_name"] or event["actor__username"])
            if event["actor_id"]
            else event["actor_label"]
        )
        text = (
            f'<li class="list-group-item small"><span class="text-muted">'
            f"{timezone.localtime(event['at']).strftime('%Y-%m-%d %H:%M')}</span> {escape(who)} · "
            f"{escape(ACTION_LABELS.get(event['action'], event['action']))}"
        )
        if event.get("repeat"):
            text += f"（{event['repeat']} 次）"
        data = event["data"] or {}
        for key in ("opinion", "return_reason"):
            if data.get(key):
                text += f"：{escape(data[key])}"
        items.append(text + "</li>")
    if not items:
        items.append('<li class="list-group-item text-muted">暂无记录</li>')
    return mark_safe("\n".join(items))  # noqa: S308 - every value above is escaped  # nosec B308 B703
