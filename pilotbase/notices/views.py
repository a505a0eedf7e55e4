"""Public notice pages (no sign-in) with the objection form, and the bureau's handling of objections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from pilotbase.accounts.permissions import require
from pilotbase.accounts.services import InvalidInput
from pilotbase.operations import clock

from . import permissions, services
from .models import Objection, PublicNotice


@login_not_required
@require_GET
def public_list(request):
    page = Paginator(PublicNotice.objects.all(), 20).get_page(request.GET.get("page"))
    return render(request, "notices/public_list.html", {"page": page, "today": clock.today()})


def _public_detail(request, notice, **extra):
    return {
        "notice": notice,
        "items": notice.items.all(),
        "running": notice.is_running(clock.today()),
        **extra,
    }


@login_not_required
def public_detail(request, pk: int):
    notice = permissions.get_public_notice(pk)
    if request.method == "POST":
        item = notice.items.filter(pk=request.POST.get("item") or 0).first()
        try:
            services.submit_objection(
                notice,
                item=item,
                real_name=request.POST.get("real_name", ""),
                contact=request.POST.get("contact", ""),
                text=request.POST.get("text", ""),
                ip=request.META.get("REMOTE_ADDR"),
            )
        except InvalidInput as exc:
            return render(
                request,
                "notices/public_detail.html",
                _public_detail(request, notice, error=exc.message, posted=request.POST),
                status=422,
            )
        messages.success(request, "您的异议已收到，兵团科技局将调查核实并答复")
        return redirect(notice)
    if request.method not in ("GET", "HEAD"):
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "notices/public_detail.html", _public_detail(request, notice))


@require_GET
def manage(request):
    require(permissions.can_manage_notices(request.user), "只有兵团科技局工作人员可以管理公示")
    notices = PublicNotice.objects.all()[:50]
    objections = Objection.objects.select_related("notice", "item").order_by("status", "-submitted_at")[:200]
    return render(
        request, "notices/manage.html", {"notices": notices, "objections": objections, "today": clock.today()}
    )


def objection_detail(request, pk: int):
    objection = permissions.get_objection_for(request.user, pk)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "investigate":
                services.investigate(objection, by=request.user)
            elif action in ("uphold", "dismiss"):
                services.decide(
                    objection,
                    upheld=action == "uphold",
                    result=request.POST.get("result", ""),
                    by=request.user,
                )
            else:
                raise InvalidInput("action", "未知操作")
        except InvalidInput as exc:
            error = exc.message
        else:
            messages.success(request, "已处理")
            return redirect("notices:objection_detail", pk=pk)
    status = 422 if error else 200
    return render(request, "notices/objection_detail.html", {"o": objection, "error": error}, status=status)
