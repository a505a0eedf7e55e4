"""Django's model backend, loading the signed-in user with one prepared statement (``rowfetch``):
``get_user`` runs on every signed-in request. Inactive accounts are refused as before."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .rowfetch import get_by


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        user = get_by(get_user_model(), "pk", user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
