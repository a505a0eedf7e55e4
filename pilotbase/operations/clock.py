"""The one place every date-driven rule takes "today" and "now" from, so tests can move time.

``settings.PILOTBASE_TODAY`` (an ISO date, from the environment or a test's ``settings`` fixture)
pins today; otherwise it is today in China Standard Time."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def today() -> date:
    pinned = getattr(settings, "PILOTBASE_TODAY", None)
    if pinned:
        return date.fromisoformat(str(pinned))
    return timezone.localdate()


def now() -> datetime:
    return timezone.now()
