from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pilotbase.audit import services as audit

from . import services
from .dashboard import todos_for
from .forms import LoginForm
from .models import Notification, Organisation, RecommendingUnit, User
from .permissions import can_manage_security, can_manage_system, require


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:dashboard")


@login_not_required
def login_view(request):
    """Password, then the TOTP token where the account has one or its role requires one."""
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = LoginForm(request.POST or None)
    error = ""
    if request.GET.get("expired"):
        error = _("会话已超时，请重新登录")
    if request.method == "POST" and form.is_valid():
        user = auth.authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is None:
            error = _("用户名或密码错误")
        else:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            token = form.cleaned_data["otp_token"].strip()
            needs_otp = user.role in settings.OTP_REQUIRED_ROLES and not settings.PILOTBASE_WAIVE_OTP
            if device is None and needs_otp:
                error = _("该账号必须使用动态口令登录，但尚未绑定；请联系安全管理员")
                audit.record(user, "login_refused_no_totp", by=user)
            elif device is not None and (needs_otp or token) and not device.verify_token(token):
                error = _("动态口令错误或已过期") if token else _("请输入动态口令")
                audit.record(user, "login_failed_totp", by=user)
            else:
                auth.login(request, user)  # rotates the session key
                if device is not None and (needs_otp or token):
                    otp_login(request, device)
                services.start_session_clock(request)
                return HttpResponseRedirect(_safe_next(request))
    status = 200 if not error else 401
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": _safe_next(request)},
        status=status,
    )


@login_not_required
def locked_out(request, credentials=None, *args, **kwargs):
    return render(
        request,
        "accounts/locked.html",
        {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=429,
    )


@require_POST
def logout_view(request):
    auth.logout(request)  # flushes the server-side session
    messages.info(request, "您已安全退出")
    return redirect("accounts:login")


def dashboard(request):
    todos = todos_for(request.user)
    notifications = Notification.objects.filter(recipient=request.user, read_at__isnull=True)[:10]
    return render(request, "accounts/dashboard.html", {"todos": todos, "notifications": notifications})


def profile(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    return render(request, "accounts/profile.html", {"device": device})


@require_POST
def enable_totp(request):
    """Any account may add the second factor; the secret is shown once."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.info(request, "您已绑定动态口令")
        return redirect("accounts:profile")
    device = services.ensure_totp(request.user, by=request.user)
    return render(
        request,
        "accounts/totp_enrolled.html",
        {"secret": services.base32_secret(device), "url": device.config_url},
    )


def users(request):
    require(can_manage_security(request.user), "只有安全管理员可以管理账号安全")
    qs = User.objects.select_related("organisation", "recommending_unit").order_by("role", "username")
    locked_names = set(
        AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).values_list(
            "username", flat=True
        )
    )
    if request.GET.get("locked"):
        qs = qs.filter(username__in=locked_names)
    with_totp = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/users.html", {"page": page, "locked": locked_names, "with_totp": with_totp}
    )


@require_POST
def user_action(request, pk: int, action: str):
    require(can_manage_security(request.user), "只有安全管理员可以管理账号安全")
    target = get_object_or_404(User, pk=pk)
    if action == "deactivate":
        services.deactivate_user(target, by=request.user)
        messages.success(request, f"已停用账号 {target.username}，其会话已全部结束")
    elif action == "unlock":
        services.unlock_user(target, by=request.user)
        messages.success(request, f"已解除 {target.username} 的锁定")
    elif action == "reset-totp":
        services.reset_totp(target, by=request.user)
        messages.success(request, f"已重置 {target.username} 的动态口令")
    return redirect("accounts:users")


def units(request):
    require(can_manage_system(request.user), "只有系统管理员可以查看单位配置")
    unit_rows = RecommendingUnit.objects.annotate(
        n_orgs=Count("organisations", distinct=True), n_reviewers=Count("reviewers", distinct=True)
    )
    q = request.GET.get("q", "").strip()[:50]
    orgs = Organisation.objects.select_related("recommending_unit")
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(credit_code__icontains=q))
    page = Paginator(orgs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/units.html", {"units": unit_rows, "page": page, "q": q})


@login_not_required
def csrf_failure(request, reason=""):
    audit.record(
        ("request", "", request.path[:200]),
        "csrf_refused",
        by=request.user if request.user.is_authenticated else None,
        actor_label="" if request.user.is_authenticated else "anonymous",
        data={"path": request.path[:200]},
    )
    return render(request, "403_csrf.html", status=403)


@login_not_required
def error_403(request, exception=None):
    message = getattr(exception, "message", None) or "您没有执行此操作的权限"
    return render(request, "403.html", {"message": message}, status=403)


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_500(request):
    return render(request, "500.html", status=500)


@login_not_required
def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def open_notification(request, pk: int):
    """Mark one's own notification read and go where it points (someone else's: 404)."""
    from django.utils import timezone

    from .permissions import NotVisible

    notification = Notification.objects.filter(pk=pk, recipient=request.user).first()
    if notification is None:
        raise NotVisible("notification", pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    target = notification.url if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None) else ""
    return redirect(target or "accounts:dashboard")
