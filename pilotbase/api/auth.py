"""API authentication: the browser session (with CSRF) or a bearer token."""

from __future__ import annotations

from ninja.security import APIKeyCookie, HttpBearer

from pilotbase.accounts import services as account_services


class SessionAuth(APIKeyCookie):
    """Django's session, CSRF-checked for unsafe methods (django-ninja does that for cookie auth)."""

    param_name = "sessionid"

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def _get_key(self, request):
        # CSRF protects what a session cookie authorises, so it is checked only when the session
        # signs the request in. Checking it first (django-ninja's default) refused every POST of a
        # bearer-token client with 403 "CSRF check Failed" before TokenAuth was tried, and answered
        # an anonymous POST 403 instead of 401.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = account_services.user_for_token(token)
        if user is not None:
            request.user = user
        return user


AUTH = [SessionAuth(), TokenAuth()]
