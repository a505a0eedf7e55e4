"""Concurrency: many people (or many clicks) attempting the same move at once change the state once,
write one audit row and one notification, and refuse the rest with the workflow's own message."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from pilotbase.accounts.models import Notification
from pilotbase.applications import demo, services
from pilotbase.applications.models import Application
from pilotbase.audit.models import AuditEvent
from pilotbase.audit.services import verify

S = Application.Status
ATTEMPTS = 16


@pytest.fixture
def submitted(world):
    call = demo.open_call(world.officer)
    app = services.start_application(call, by=world.applicant_b)
    app = demo.fill_and_upload(app, world.applicant_b, "并发测试中试基地")
    return services.submit(app, pledge=True, by=world.applicant_b)


def _audit_rows(app, action):
    return AuditEvent.objects.filter(
        object_type="applications.application", object_id=str(app.pk), action=action
    ).count()


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_recommendations_give_one_success(transactional_db, world, submitted):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite serialises writers (BEGIN IMMEDIATE): there is no race to lose; run on PostgreSQL"
        )
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()
    reviewer = world.reviewer_div1

    def attempt():
        try:
            mine = Application.objects.select_related("organisation__recommending_unit", "call").get(
                pk=submitted.pk
            )
            barrier.wait(timeout=30)
            try:
                services.recommend(mine, opinion="同意推荐", by=reviewer)
                result = "ok"
            except services.WorkflowError as exc:
                result = "refused:" + exc.message
            except Exception as exc:  # anything else is a failure of the test
                result = f"error:{type(exc).__name__}:{exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(outcomes) == ATTEMPTS
    assert outcomes.count("ok") == 1, outcomes
    refusals = [o for o in outcomes if o != "ok"]
    assert all(o.startswith("refused:") for o in refusals), refusals
    assert all("已被他人处理" in o or "当前状态" in o for o in refusals), refusals
    submitted.refresh_from_db()
    assert submitted.status == S.RECOMMENDED
    assert _audit_rows(submitted, "recommend") == 1
    assert Notification.objects.filter(recipient=world.officer, title__startswith="待形式审查").count() == 1
    result = verify()
    assert result.ok, result.reason


def test_the_same_recommend_form_posted_ten_times_changes_the_state_once(world, submitted, login):
    client = login(world.reviewer_div1)
    url = f"/applications/{submitted.pk}/do/recommend/"
    statuses = [client.post(url, {"opinion": "同意推荐"}).status_code for _ in range(10)]
    assert statuses[0] == 302
    assert statuses[1:] == [409] * 9
    refused = client.post(url, {"opinion": "同意推荐"})
    assert "当前状态为「已推荐」" in refused.content.decode() or "已推荐" in refused.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == S.RECOMMENDED
    assert _audit_rows(submitted, "recommend") == 1
    assert Notification.objects.filter(recipient=world.officer, title__startswith="待形式审查").count() == 1
    assert Notification.objects.filter(recipient=world.applicant_b, title__startswith="已推荐").count() == 1
    assert verify().ok


def test_the_same_formal_review_move_posted_from_two_tabs_records_once(world, submitted, login):
    from django.test import Client

    services.recommend(submitted, opinion="同意推荐", by=world.reviewer_div1)
    first = login(world.officer, c=Client())
    second = Client()
    second.cookies = first.cookies  # the same session in a second browser tab
    url = f"/applications/{submitted.pk}/do/start_formal_review/"
    assert [first.post(url).status_code, second.post(url).status_code] == [302, 409]
    submitted.refresh_from_db()
    assert submitted.status == S.FORMAL_REVIEW
    assert _audit_rows(submitted, "start_formal_review") == 1
