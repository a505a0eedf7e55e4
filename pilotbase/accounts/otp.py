"""django-otp's middleware, loading the session's verified device with one prepared statement
(``rowfetch``) — it runs on every request of a person who passed the second factor. The device
must still exist, belong to the user and be confirmed (django-otp's own checks, unchanged)."""

from __future__ import annotations

from django.apps import apps
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device

from .rowfetch import get_by


class OTPMiddleware(DjangoOTPMiddleware):
    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            model_label, device_id = persistent_id.rsplit("/", 1)
            model = apps.get_model(model_label)
        except (ValueError, LookupError):
            return None
        if not issubclass(model, Device):
            return None
        return get_by(model, "pk", device_id)
