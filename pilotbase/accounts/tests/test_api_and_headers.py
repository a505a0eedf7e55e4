"""The API's authentication and the security headers every response carries."""

from pilotbase.accounts import services


def test_api_refuses_anonymous_and_accepts_a_bearer_token(client, world):
    assert client.get("/api/v1/me/").status_code == 401
    token = services.issue_api_token(world.reviewer_div1, name="对接脚本", by=world.reviewer_div1)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["recommending_unit"] == "division-1"
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer forged").status_code == 401


def test_only_the_token_hash_is_stored(world):
    from pilotbase.accounts.models import ApiToken

    token = services.issue_api_token(world.applicant_a, name="x", by=world.applicant_a)
    assert not ApiToken.objects.filter(token_hash=token).exists()


def test_deactivated_users_token_stops_working(client, world):
    token = services.issue_api_token(world.applicant_a, name="x", by=world.applicant_a)
    services.deactivate_user(world.applicant_a, by=world.secadmin)
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_api_session_auth_works_for_signed_in_people(client, world, login):
    login(world.applicant_a)
    assert client.get("/api/v1/me/").json()["username"] == "applicant_a"


def test_public_page_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "max-age=" in response["Strict-Transport-Security"]
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_authenticated_responses_are_not_cached(client, world, login):
    login(world.applicant_a)
    assert client.get("/accounts/")["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script(client, world, login):
    login(world.applicant_a)
    html = client.get("/accounts/").content.decode()
    import re

    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
    assert ' style="' not in html


def test_unknown_page_is_a_friendly_chinese_404_without_traceback(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_oversized_body_is_refused_not_crashed(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        "/accounts/login/", data="x=" + "a" * 5000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_language_switch_to_english_and_back(client, world, login):
    login(world.applicant_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/"})
    html = client.get("/accounts/").content.decode()
    assert "My to-dos" in html and "Sign out" in html and 'lang="en"' in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/"})
    assert "我的待办" in client.get("/accounts/").content.decode()


def test_chinese_first_whatever_the_browser_asks(client, db):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "用户登录" in html


def test_opening_a_notification_marks_it_read_and_others_cannot(client, world, login):
    from pilotbase.accounts import notify
    from pilotbase.accounts.models import Notification

    notify.send([world.applicant_a], "测试通知", url="/accounts/profile/")
    n = Notification.objects.get(recipient=world.applicant_a, title="测试通知")
    login(world.applicant_b)
    assert client.get(f"/accounts/notifications/{n.pk}/").status_code == 404
    client.post("/accounts/logout/")
    login(world.applicant_a)
    response = client.get(f"/accounts/notifications/{n.pk}/")
    assert response["Location"] == "/accounts/profile/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_language_link_switches_and_returns_to_the_same_page(client, db):
    response = client.get("/accounts/login/?lang=en&next=/x/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=%2Fx%2F"
    assert "Sign in" in client.get("/accounts/login/").content.decode()
    client.get("/accounts/login/?lang=zh-hans")
    assert "用户登录" in client.get("/accounts/login/").content.decode()
