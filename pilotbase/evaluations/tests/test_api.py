"""The evaluations API: the pages' visibility, the same services, errors as {"detail", "field"}."""

from __future__ import annotations

from datetime import date

import pytest

from pilotbase.accounts import services as account_services
from pilotbase.evaluations.models import Evaluation

from .test_evaluations import INDICATORS, open_campaign

E = Evaluation.Status
REPORT = "本基地三年来完成中试项目十二项。"


@pytest.fixture
def as_user(client):
    def _as(user):
        token = account_services.issue_api_token(user, name="test", by=user)
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    return _as


def test_visibility_matches_the_pages(
    client, as_user, world, base_div1, base_div8, django_assert_max_num_queries
):
    campaign = open_campaign(world, as_of=date(2027, 3, 1))
    ev1 = campaign.evaluations.get(base=base_div1)
    ev8 = campaign.evaluations.get(base=base_div8)
    officer = as_user(world.officer)
    with django_assert_max_num_queries(8):
        rows = client.get("/api/v1/evaluations/", **officer).json()
    assert {r["id"] for r in rows} == {ev1.pk, ev8.pk}
    b = as_user(world.applicant_b)
    assert [r["id"] for r in client.get("/api/v1/evaluations/", **b).json()] == [ev1.pk]
    assert client.get(f"/api/v1/evaluations/{ev8.pk}", **b).status_code == 404
    mine = client.get(f"/api/v1/evaluations/{ev1.pk}", **b).json()
    assert mine["available_actions"] == ["evidence", "self_evaluate"] and mine["status"] == E.AWAITING_REPORT
    detail = client.get(f"/api/v1/evaluations/campaigns/{campaign.pk}", **as_user(world.reviewer_div8)).json()
    assert [e["base"]["name"] for e in detail["evaluations"]] == [base_div8.name]
    assert client.get("/api/v1/evaluations/campaigns", **as_user(world.enterprise)).json() == []
    assert (
        client.get(f"/api/v1/evaluations/campaigns/{campaign.pk}", **as_user(world.enterprise)).status_code
        == 404
    )
    assert client.get("/api/v1/evaluations/", {"offset": -1}, **officer).status_code == 422
    assert client.get(f"/api/v1/evaluations/{2**63}", **officer).status_code == 404
    assert client.get("/api/v1/evaluations/").status_code == 401


def test_self_evaluation_and_grade_through_the_api(client, as_user, world, base_div1):
    ev = open_campaign(world).evaluations.get()
    url = f"/api/v1/evaluations/{ev.pk}"
    b = as_user(world.applicant_b)
    bad = client.post(
        f"{url}/self-evaluation",
        {"indicators": {**INDICATORS, "staff": -1}, "report": REPORT},
        content_type="application/json",
        **b,
    )
    assert bad.status_code == 422 and bad.json()["field"] == "staff" and "负数" in bad.json()["detail"]
    other = client.post(
        f"{url}/self-evaluation",
        {"indicators": INDICATORS, "report": REPORT},
        content_type="application/json",
        **as_user(world.applicant_a),
    )
    assert other.status_code == 404
    ok = client.post(
        f"{url}/self-evaluation",
        {"indicators": {**INDICATORS, "staff": 26}, "report": REPORT},
        content_type="application/json",
        **b,
    )
    assert (
        ok.status_code == 200
        and ok.json()["status"] == E.SUBMITTED
        and ok.json()["indicators"]["staff"] == 26
    )
    officer = as_user(world.officer)
    early = client.post(
        f"{url}/grade",
        {"grade": "excellent", "opinion": "成效突出。"},
        content_type="application/json",
        **officer,
    )
    assert early.status_code == 422 and early.json()["field"] == "status"
    from pilotbase.evaluations import services

    services.forward(Evaluation.objects.get(pk=ev.pk), opinion="经核实，材料真实。", by=world.reviewer_div1)
    refused = client.post(
        f"{url}/grade", {"grade": "excellent", "opinion": "成效突出。"}, content_type="application/json", **b
    )
    assert refused.status_code == 403
    wrong = client.post(
        f"{url}/grade", {"grade": "good", "opinion": "成效突出。"}, content_type="application/json", **officer
    )
    assert wrong.status_code == 422 and wrong.json()["field"] == "grade"
    graded = client.post(
        f"{url}/grade",
        {"grade": "excellent", "opinion": "成效突出。"},
        content_type="application/json",
        **officer,
    )
    assert graded.status_code == 200 and graded.json()["grade_label"] == "优秀"
    twice = client.post(
        f"{url}/grade",
        {"grade": "qualified", "opinion": "达到要求。"},
        content_type="application/json",
        **officer,
    )
    assert twice.status_code == 422 and "不能重复评定" in twice.json()["detail"]
    assert Evaluation.objects.get(pk=ev.pk).grade == "excellent"
