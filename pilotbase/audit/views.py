from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_POST

from pilotbase.accounts.permissions import can_read_audit, require

from . import services
from .models import AuditEvent


def event_list(request):
    """Only the audit administrator reads the trail (等保 level 3: 三员分立)."""
    require(can_read_audit(request.user), "只有审计管理员可以查看审计日志")
    qs = AuditEvent.objects.order_by("-seq")
    action = request.GET.get("action", "").strip()[:64]
    actor = request.GET.get("actor", "").strip()[:150]
    if action:
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(actor_label=actor)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"page": page, "action": action, "actor": actor})


@require_POST
def verify_view(request):
    require(can_read_audit(request.user), "只有审计管理员可以校验审计日志")
    result = services.verify()
    services.record(
        ("audit", "", "chain"),
        "audit_verified",
        by=request.user,
        data={"ok": result.ok, "checked": result.checked},
    )
    return render(request, "audit/verify.html", {"result": result})
