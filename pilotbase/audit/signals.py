"""Sign-in events from Django's and django-axes' signals go to the audit trail (等保: 安全事件)."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import services


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    services.record(user, "login", by=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        services.record(user, "logout", by=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    services.record(
        ("user", "", username),
        "login_failed",
        actor_label=username or "anonymous",
        data={"username": username},
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    services.record(
        ("user", "", username or ""),
        "account_locked",
        actor_label=username or "anonymous",
        data={"username": username or "", "ip": ip_address or ""},
    )
