"""In-app notifications and email telling the next person what is waiting for them.

Called from services inside their transaction; the email goes out only after commit, and a
``dedupe_key`` makes a notification idempotent (a double-submitted form notifies once)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification, User


def send(recipients: Iterable[User], title: str, body: str = "", url: str = "", dedupe_key: str = "") -> int:
    sent = 0
    emails: list[str] = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=user, title=title[:200], body=body, url=url, dedupe_key=dedupe_key
                )
        except IntegrityError:
            continue
        sent += 1
        if user.email:
            emails.append(user.email)
    if emails:
        transaction.on_commit(
            lambda: send_mail(
                f"【中试基地备案系统】{title}",
                f"{body}\n\n{url}",
                settings.DEFAULT_FROM_EMAIL,
                emails,
                fail_silently=True,
            )
        )
    return sent
