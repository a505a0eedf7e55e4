"""Sign-in as people use it: password, TOTP, lockout, timeouts, logout, deactivation."""

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from pilotbase.accounts import services
from pilotbase.accounts.demo import DEMO_PASSWORD
from pilotbase.audit.models import AuditEvent
from pilotbase.conftest import totp_now


def post_login(client, username, password=DEMO_PASSWORD, token=""):
    return client.post("/accounts/login/", {"username": username, "password": password, "otp_token": token})


def test_applicant_signs_in_with_password_and_token_and_sees_chinese_dashboard(client, world):
    response = post_login(client, "applicant_a", token=totp_now(world.applicant_a))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "我的待办" in text and "张建华" in text
    assert page["Content-Type"] == "text/html; charset=utf-8"


def test_wrong_password_is_refused_in_chinese_and_audited(client, world):
    response = post_login(client, "applicant_a", password="wrong-password")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed", data__username="applicant_a").exists()


def test_unknown_user_gets_the_same_message(client, world):
    response = post_login(client, "nobody", password="whatever-123")
    assert "用户名或密码错误" in response.content.decode()


def test_officer_cannot_sign_in_without_totp(client, world):
    response = post_login(client, "officer")
    assert response.status_code == 401
    assert "请输入动态口令" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_officer_with_wrong_totp_is_refused(client, world):
    good = totp_now(world.officer)
    bad = f"{(int(good) + 1) % 1000000:06d}"
    response = post_login(client, "officer", token=bad)
    assert response.status_code == 401
    assert AuditEvent.objects.filter(action="login_failed_totp").exists()


def test_officer_signs_in_with_totp(client, world):
    assert post_login(client, "officer", token=totp_now(world.officer)).status_code == 302


def test_waiver_is_development_only(client, world, settings):
    settings.PILOTBASE_WAIVE_OTP = True
    assert post_login(client, "officer").status_code == 302


def test_lockout_after_five_failures_is_logged_and_blocks_even_the_right_password(client, world):
    for _ in range(5):
        post_login(client, "applicant_b", password="wrong-password")
    response = post_login(client, "applicant_b", token=totp_now(world.applicant_b))
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert AuditEvent.objects.filter(action="account_locked").exists()


def test_session_key_rotates_at_login(client, world):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    post_login(client, "applicant_a", token=totp_now(world.applicant_a))
    assert client.session.session_key != before


def test_logout_ends_the_session_server_side(client, world):
    post_login(client, "applicant_a", token=totp_now(world.applicant_a))
    key = client.session.session_key
    client.post("/accounts/logout/")
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/accounts/").status_code == 302


def test_absolute_session_limit_of_twelve_hours(client, world):
    post_login(client, "applicant_a", token=totp_now(world.applicant_a))
    session = client.session
    session["pilotbase_login_at"] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get("/accounts/")
    assert response.status_code == 302 and "expired=1" in response["Location"]


def test_idle_timeout_is_thirty_minutes(client, world):
    post_login(client, "applicant_a", token=totp_now(world.applicant_a))
    session = client.session
    session["pilotbase_seen"] = time.time() - 29 * 60
    session.save()
    assert client.get("/accounts/").status_code == 200  # 29 minutes idle: still signed in
    session = client.session
    assert time.time() - session["pilotbase_seen"] < 5  # and the activity was recorded
    session["pilotbase_seen"] = time.time() - 30 * 60 - 1
    session.save()
    response = client.get("/accounts/")
    assert response.status_code == 302 and "expired=1" in response["Location"]


def test_a_page_view_is_not_a_session_write(client, world):
    from django.contrib.sessions.models import Session

    post_login(client, "applicant_a", token=totp_now(world.applicant_a))
    client.get("/accounts/")
    before = Session.objects.get(session_key=client.session.session_key).expire_date
    client.get("/accounts/")
    assert Session.objects.get(session_key=client.session.session_key).expire_date == before


def test_deactivation_ends_existing_sessions(world):
    c = Client()
    post_login(c, "applicant_a", token=totp_now(world.applicant_a))
    assert c.get("/accounts/").status_code == 200
    services.deactivate_user(world.applicant_a, by=world.secadmin)
    assert c.get("/accounts/").status_code == 302


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from pilotbase import settings as production_like

    assert production_like.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert make_password("x", hasher="argon2").startswith("argon2$")


@pytest.mark.parametrize("password", ["short1!", "password123", "12345678"])
def test_weak_passwords_are_refused(world, password):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_user(
            username="newbie", password=password, role="applicant", organisation=world.organisations["tianye"]
        )


def test_forged_csrf_token_is_refused_with_a_chinese_page(db):
    c = Client(enforce_csrf_checks=True)
    response = c.post("/accounts/login/", {"username": "x", "password": "y", "csrfmiddlewaretoken": "forged"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_open_redirect_after_login_is_ignored(client, world):
    response = client.post(
        "/accounts/login/",
        {
            "username": "applicant_a",
            "password": DEMO_PASSWORD,
            "otp_token": totp_now(world.applicant_a),
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/accounts/"
