"""Every demo persona signs in in real Chromium and sees a Chinese dashboard of their own."""

import pytest

from pilotbase.accounts.demo import PERSONAS
from pilotbase.conftest import totp_now

from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_persona_sees_their_own_dashboard(live_server, page):
    from pilotbase.accounts import demo

    world: dict = {}
    demo.build(world)
    for username, display, _role, _org, _unit in PERSONAS:
        user = world["people"][username]
        sign_in(page, live_server, username, totp_now(user))
        assert page.url.endswith("/accounts/"), f"{username} not signed in: {page.url}"
        body = page.inner_text("body")
        assert "我的待办" in body and display in body, username
        assert user.get_role_display() in body
        # No menu entry of another role's job: an applicant has no audit log, only the audit admin has.
        nav = page.inner_text("nav")
        assert ("审计日志" in nav) == (username == "auditadmin"), username
        assert ("账号安全" in nav) == (username == "secadmin"), username
        shot(page, f"dashboard-{username}")
        page.click("text=退出")
        page.wait_for_load_state("networkidle")
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors


def test_wrong_password_shows_a_chinese_message(live_server, page):
    from pilotbase.accounts import demo

    demo.build({})
    sign_in(page, live_server, "applicant_a", "000000", password="not-the-password")
    assert "用户名或密码错误" in page.inner_text("#login-error")
    shot(page, "login-error")
