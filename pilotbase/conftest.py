"""Test fixtures shared by every app: the demo personas, built once per test through the same code
as ``pilotbase demo``, and helpers to sign in as them."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

os.environ.setdefault("PILOTBASE_TESTING", "1")


def pytest_configure(config):
    from django.conf import settings

    # Argon2 is the production hasher (tested in accounts/tests); tests that only need a user
    # signed in use a fast one so the suite stays quick.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class World(SimpleNamespace):
    """The demo world: ``world.people['officer']``, plus attribute access ``world.officer``."""

    def __getattr__(self, name):
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)


@pytest.fixture
def world(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    from pilotbase.accounts import demo

    built: dict = {}
    demo.build(built)  # organisations and personas only; apps add their own fixtures on top
    return World(**built)


@pytest.fixture
def personas(world):
    return world


def totp_now(user) -> str:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, name="default")
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


@pytest.fixture
def login(client):
    """Sign in through the real login form (password and TOTP), as a person would."""

    def _login(user, password=None, c=None):
        from pilotbase.accounts.demo import DEMO_PASSWORD

        c = c or client
        c.logout()  # signing in over another person's session would silently keep the old one
        response = c.post(
            "/accounts/login/",
            {"username": user.username, "password": password or DEMO_PASSWORD, "otp_token": totp_now(user)},
        )
        assert response.status_code == 302, response.content.decode()[:500]
        return c

    return _login
