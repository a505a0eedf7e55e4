from __future__ import annotations

import time

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from pilotbase.audit import services as audit

from .permissions import NotVisible


class SecurityHeadersMiddleware:
    """CSP without inline script, and no caching of anything a signed-in person sees."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        if not settings.PRODUCTION and "Strict-Transport-Security" not in response.headers:
            # SecurityMiddleware sends HSTS only over https; send it always so that the header is
            # present behind a TLS-terminating proxy in development too (browsers ignore it on http).
            # The same value SecurityMiddleware sends over https in production.
            response.headers["Strict-Transport-Security"] = (
                f"max-age={settings.SECURE_HSTS_SECONDS}"
                + ("; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else "")
                + ("; preload" if settings.SECURE_HSTS_PRELOAD else "")
            )
        return response


class SessionLimitsMiddleware:
    """Idle timeout (30 minutes) and absolute limit (12 hours), checked on the server.

    The last activity is written into the session at most once a minute, not on every request:
    a session write per page view would make every GET a database write (and, on SQLite, take the
    write lock). Each write renews the server-side expiry, so an idle session also expires in the
    store. A session of an account deactivated meanwhile is ended by the deactivation itself."""

    TOUCH_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get("pilotbase_login_at")
            seen = request.session.get("pilotbase_seen", started)
            expired = (
                started is None
                or now - float(started) > settings.SESSION_ABSOLUTE_SECONDS
                or now - float(seen) > settings.SESSION_COOKIE_AGE
            )
            if expired:
                auth.logout(request)
                if not request.path.startswith("/api/"):
                    return redirect(reverse(settings.LOGIN_URL) + "?expired=1")
            elif now - float(seen) >= self.TOUCH_EVERY_SECONDS:
                request.session["pilotbase_seen"] = now
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Login is required by default (Django's middleware); public pages opt out with
    ``@login_not_required``. The API enforces its own authentication per route (401, not a redirect)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/") or request.path.startswith(settings.STATIC_URL):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        if isinstance(exception, NotVisible | PermissionDenied):
            user = request.user if request.user.is_authenticated else None
            audit.record(
                ("request", "", request.path[:200]),
                "permission_denied",
                by=user,
                actor_label="" if user else "anonymous",
                data={
                    "path": request.path[:200],
                    "method": request.method,
                    "status": 404 if isinstance(exception, NotVisible) else 403,
                },
            )
        return None


class ChineseFirstLocaleMiddleware:
    """Chinese unless the person chose English with the language switch (a cookie). The browser's
    Accept-Language is ignored: a government system answers in Chinese first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseRedirect
        from django.utils import translation

        switch = request.GET.get("lang")
        if request.method == "GET" and switch in dict(settings.LANGUAGES):
            # The language link: remember the choice and show the same page without the parameter.
            query = request.GET.copy()
            del query["lang"]
            target = request.path + (f"?{query.urlencode()}" if query else "")
            response = HttpResponseRedirect(target)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                switch,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
            )
            return response
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DatabaseUnavailableMiddleware:
    """While the database is down (a restart, a failover) answer 503 with Retry-After, which
    clients and proxies understand as "try again shortly", rather than a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.http import HttpResponse

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        text = str(exception).lower()
        if "lock" in text and "database" in text:
            return None  # SQLite "database is locked" is contention, not an outage
        response = HttpResponse(
            "系统维护中，请稍后重试（数据库暂时不可用）", status=503, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = "5"
        return response
