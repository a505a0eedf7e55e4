"""The moves of the filing workflow through the JSON API, around the personas: the same services
as the pages, errors as {"detail", "field"} (422 bad input, 403 not your move, 404 not visible,
409 wrong state or lost race)."""

import json

import pytest

from pilotbase.applications import services
from pilotbase.applications.models import Application

S = Application.Status


@pytest.fixture
def api(login):
    """One signed-in client per person (signing in again with the same one-time code is refused)."""
    from django.test import Client

    clients = {}

    def _api(user):
        if user.pk not in clients:
            clients[user.pk] = login(user, c=Client())
        client = clients[user.pk]

        def post(path, body=None):
            return client.post(
                f"/api/v1/applications/{path}",
                json.dumps(body or {}),
                content_type="application/json",
                HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
            )

        return post

    return _api


def test_not_recommend_by_own_unit_only(world, complete, api):
    services.submit(complete, pledge=True, by=world.applicant_b)
    response = api(world.reviewer_div8)(f"{complete.pk}/not-recommend", {"reason": "不符合"})
    assert response.status_code == 404 and response.json()["detail"]
    response = api(world.applicant_b)(f"{complete.pk}/not-recommend", {"reason": "不符合"})
    assert response.status_code == 403
    div1 = api(world.reviewer_div1)
    response = div1(f"{complete.pk}/not-recommend", {"reason": "  "})
    assert response.status_code == 422 and response.json()["field"] == "reason"
    response = div1(f"{complete.pk}/not-recommend", {"reason": "不属于兵团主导产业"})
    assert response.status_code == 200 and response.json()["status"] == S.NOT_RECOMMENDED
    again = div1(f"{complete.pk}/not-recommend", {"reason": "再次"})
    assert (
        again.status_code == 409
        and again.json()["field"] == "status"
        and "当前状态" in again.json()["detail"]
    )


def test_formal_review_decisions_through_the_api(world, complete, walk, api):
    app = walk(complete, S.RECOMMENDED)
    officer = api(world.officer)
    assert api(world.reviewer_div8)(f"{app.pk}/start-formal-review").status_code == 404
    assert api(world.reviewer_div1)(f"{app.pk}/start-formal-review").status_code == 403
    response = officer(f"{app.pk}/start-formal-review")
    assert response.status_code == 200 and response.json()["status"] == S.FORMAL_REVIEW
    response = officer(f"{app.pk}/send-to-experts", {"opinion": ""})
    assert response.status_code == 422 and response.json()["field"] == "checks"
    for check in response.json()["detail"].split("：", 1)[1].split("、"):
        ok = officer(f"{app.pk}/checks", {"check_id": check, "status": "pass", "reason": "经审查符合"})
        assert ok.status_code == 200, ok.json()
    bad = officer(f"{app.pk}/checks", {"check_id": "nope", "status": "pass", "reason": "x"})
    assert bad.status_code == 422 and bad.json()["field"] == "check_id"
    response = officer(f"{app.pk}/send-to-experts", {"opinion": "同意提交专家评估"})
    assert response.status_code == 200 and response.json()["status"] == S.EXPERT_EVALUATION
    response = officer(f"{app.pk}/reject", {"reason": ""})
    assert response.status_code == 422 and response.json()["field"] == "reason"
    response = officer(f"{app.pk}/reject", {"reason": "现场核查与申报不符"})
    assert response.status_code == 200 and response.json()["status"] == S.REJECTED


def test_bureau_return_and_resubmit(world, complete, walk, api):
    app = walk(complete, S.FORMAL_REVIEW)
    applicant = api(world.applicant_b)
    early = applicant(f"{app.pk}/resubmit", {"pledge": True})
    assert early.status_code == 409 and early.json()["field"] == "status"
    response = api(world.officer)(f"{app.pk}/return", {"reasons": "请补充设备发票"})
    assert response.status_code == 200 and response.json()["status"] == S.RETURNED
    assert api(world.reviewer_div8)(f"{app.pk}/resubmit", {"pledge": True}).status_code == 404
    response = applicant(f"{app.pk}/resubmit", {"pledge": False})
    assert response.status_code == 422 and response.json()["field"] == "pledge"
    stale = applicant(f"{app.pk}/resubmit", {"pledge": True, "version": 1})
    assert stale.status_code == 409 and stale.json()["field"] == "status"
    response = applicant(f"{app.pk}/resubmit", {"pledge": True})
    assert response.status_code == 200 and response.json()["status"] == S.SUBMITTED
    app.refresh_from_db()
    assert app.submitted_count == 2 and app.versions.count() == 2


def test_withdraw_by_the_applicant_only(world, complete, api):
    services.submit(complete, pledge=True, by=world.applicant_b)
    assert api(world.applicant_a)(f"{complete.pk}/withdraw").status_code == 404
    assert api(world.reviewer_div1)(f"{complete.pk}/withdraw").status_code == 403
    assert api(world.officer)(f"{complete.pk}/withdraw").status_code == 403
    response = api(world.applicant_b)(f"{complete.pk}/withdraw", {"reason": "重新规划"})
    assert response.status_code == 200 and response.json()["status"] == S.WITHDRAWN
    assert api(world.applicant_b)(f"{complete.pk}/withdraw").status_code == 409


def test_lost_race_is_409(world, complete, api, monkeypatch):
    """Two officers at once: the second works on a copy loaded before the first one's move."""
    from pilotbase.applications import permissions

    services.submit(complete, pledge=True, by=world.applicant_b)
    services.recommend(complete, opinion="同意推荐", by=world.reviewer_div1)
    stale = Application.objects.get(pk=complete.pk)
    services.start_formal_review(complete, by=world.officer)
    monkeypatch.setattr(permissions, "get_application_for", lambda user, pk: stale)
    response = api(world.officer)(f"{complete.pk}/start-formal-review")
    assert response.status_code == 409 and response.json()["field"] == "status"
    assert "已被他人处理" in response.json()["detail"]
