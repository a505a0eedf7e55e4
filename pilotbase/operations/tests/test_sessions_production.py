"""Sessions under the production settings, through the real forms over https with CSRF enforced
(等保 level 3: identification, session protection). ``accounts/tests/test_signin.py`` covers the
rules themselves (rotation at login, logout and deactivation ending sessions, timeouts) under the
development settings; here the same walk runs with the ``__Host-`` cookies production sends, and
deactivation is checked to remove the session rows themselves, not only to fail the next request."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from pilotbase.accounts import services
from pilotbase.accounts.demo import DEMO_PASSWORD
from pilotbase.conftest import totp_now
from pilotbase.operations.tests.test_security_headers import production_settings

HTTPS = {"secure": True, "HTTP_REFERER": "https://testserver/accounts/login/"}


@pytest.fixture(scope="module")
def production():
    return production_settings()


def sign_in(c: Client, user) -> object:
    """GET the login page (CSRF cookie), then POST the form with the token, as a browser does."""
    page = c.get("/accounts/login/", **HTTPS)
    token = page.cookies["__Host-csrftoken"].value
    return c.post(
        "/accounts/login/",
        {
            "username": user.username,
            "password": DEMO_PASSWORD,
            "otp_token": totp_now(user),
            "csrfmiddlewaretoken": token,
        },
        **HTTPS,
    )


def assert_host_cookie(morsel, *, httponly: bool):
    assert morsel["secure"] and morsel["path"] == "/" and not morsel["domain"], morsel.output()
    assert bool(morsel["httponly"]) == httponly, morsel.output()
    assert morsel["samesite"] in ("Lax", "Strict"), morsel.output()


def test_sign_in_sets_host_cookies_and_rotates_the_key(world, production):
    with override_settings(**production):
        c = Client(enforce_csrf_checks=True)
        page = c.get("/accounts/login/", **HTTPS)
        assert_host_cookie(page.cookies["__Host-csrftoken"], httponly=False)
        # a session planted before sign-in (fixation) must not be the one that signs in
        session = c.session
        session["planted"] = True
        session.save()
        planted = session.session_key
        c.cookies["__Host-sessionid"] = planted
        response = sign_in(c, world.officer)
        assert response.status_code == 302, response.content.decode()[:300]
        cookie = response.cookies["__Host-sessionid"]
        assert_host_cookie(cookie, httponly=True)
        assert cookie.value != planted
        assert not Session.objects.filter(session_key=planted).exists()
        assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
        assert c.get("/accounts/", **HTTPS).status_code == 200


def test_language_cookie_is_a_host_cookie(db, production):
    with override_settings(**production):
        response = Client().get("/accounts/login/?lang=en", **HTTPS)
        assert response.status_code == 302
        assert_host_cookie(response.cookies["__Host-language"], httponly=True)


def test_logout_removes_the_session_row_and_clears_the_cookie(world, production):
    with override_settings(**production):
        c = Client(enforce_csrf_checks=True)
        assert sign_in(c, world.applicant_a).status_code == 302
        key = c.cookies["__Host-sessionid"].value
        assert Session.objects.filter(session_key=key).exists()
        token = c.cookies["__Host-csrftoken"].value
        response = c.post("/accounts/logout/", {"csrfmiddlewaretoken": token}, **HTTPS)
        assert response.status_code == 302
        assert not Session.objects.filter(session_key=key).exists()
        assert response.cookies["__Host-sessionid"]["max-age"] == 0
        # the old key, replayed, is no session at all
        replay = Client()
        replay.cookies["__Host-sessionid"] = key
        response = replay.get("/accounts/", **HTTPS)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_deactivation_removes_only_that_persons_session_rows(world, production):
    with override_settings(**production):
        a, b = Client(), Client()
        assert sign_in(a, world.applicant_a).status_code == 302
        assert sign_in(b, world.applicant_b).status_code == 302
        key_a = a.cookies["__Host-sessionid"].value
        key_b = b.cookies["__Host-sessionid"].value
        services.deactivate_user(world.applicant_a, by=world.secadmin)
        assert not Session.objects.filter(session_key=key_a).exists()
        assert Session.objects.filter(session_key=key_b).exists()
        assert a.get("/accounts/", **HTTPS).status_code == 302
        assert b.get("/accounts/", **HTTPS).status_code == 200
