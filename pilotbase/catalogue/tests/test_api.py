"""Matchmaking through the JSON API (Art. 11): the same services and visibility as the pages,
errors as {"detail", "field"}."""

from __future__ import annotations

import pytest

from pilotbase.accounts import services as accounts
from pilotbase.catalogue.models import Demand, Engagement, PilotService

DEMAND = {
    "title": "番茄酱杀菌放大",
    "text": "需要把番茄酱杀菌工艺放大到中试线，日处理 20 吨",
    "contact_name": "吴晓东",
    "contact_phone": "0993-1234567",
    "industry_chains": ["fruit_vegetable"],
    "kinds": ["scale_up"],
    "budget_yuan": "200000",
}


@pytest.fixture
def bearer(filed):
    def _bearer(user) -> dict:
        token = accounts.issue_api_token(user, name="对接脚本", by=user)
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    return _bearer


def post(client, url, body, auth):
    return client.post(url, body, content_type="application/json", **auth)


def test_enterprise_walks_a_demand_to_a_rating_through_the_api(filed, client, bearer):
    ent, base_a = bearer(filed.enterprise), bearer(filed.applicant_a)
    response = post(client, "/api/v1/catalogue/demands", DEMAND, ent)
    assert response.status_code == 201, response.content
    demand = response.json()
    assert demand["status"] == "open" and demand["organisation"] == filed.enterprise.organisation.name

    matches = client.get(f"/api/v1/catalogue/demands/{demand['id']}/matches", **ent).json()["results"]
    assert (matches[0]["base"], matches[0]["ref"]) == ("BTZS-2024-0001", "T01")
    assert any(r.startswith("服务类型匹配") for r in matches[0]["reasons"])

    url = f"/api/v1/catalogue/demands/{demand['id']}/engagements"
    response = post(client, url, {"service_id": matches[0]["service_id"], "message": "请报价"}, ent)
    assert response.status_code == 201, response.content
    engagement = response.json()
    assert engagement["status"] == "requested" and engagement["available_actions"] == ["cancel"]
    # by base and ref, as a search result names a service
    response = post(client, url, {"base": "BTZS-2024-0003", "ref": "W01"}, ent)
    assert response.status_code == 201

    move = f"/api/v1/catalogue/engagements/{engagement['id']}/move"
    seen = client.get(f"/api/v1/catalogue/engagements/{engagement['id']}", **base_a).json()
    assert seen["available_actions"] == ["accept", "decline"]
    assert post(client, move, {"action": "accept", "note": "可以"}, base_a).json()["status"] == "accepted"
    assert post(client, move, {"action": "agree"}, ent).json()["status"] == "agreed"
    done = post(client, move, {"action": "complete", "note": "完成 3 批次"}, base_a).json()
    assert done["status"] == "completed" and done["outcome"] == "完成 3 批次"
    rated = post(client, f"/api/v1/catalogue/engagements/{engagement['id']}/rating", {"rating": 4}, ent)
    assert rated.status_code == 200 and rated.json()["rating"] == 4
    assert Engagement.objects.get(pk=engagement["id"]).rating == 4

    listed = client.get("/api/v1/catalogue/engagements", {"status": "completed"}, **base_a).json()["results"]
    assert [e["id"] for e in listed] == [engagement["id"]]


def test_wrong_party_and_wrong_state_are_refused_with_the_field(filed, client, bearer):
    ent, base_a, base_b = bearer(filed.enterprise), bearer(filed.applicant_a), bearer(filed.applicant_b)
    demand = post(client, "/api/v1/catalogue/demands", DEMAND, ent).json()
    engagement = post(
        client,
        f"/api/v1/catalogue/demands/{demand['id']}/engagements",
        {"base": "BTZS-2024-0001", "ref": "T01"},
        ent,
    ).json()
    rating = f"/api/v1/catalogue/engagements/{engagement['id']}/rating"
    move = f"/api/v1/catalogue/engagements/{engagement['id']}/move"

    response = post(client, rating, {"rating": 5}, ent)
    assert response.status_code == 422
    assert response.json()["field"] == "rating" and "已完成" in response.json()["detail"]

    response = post(client, move, {"action": "accept"}, ent)  # the base's move, not the enterprise's
    assert response.status_code == 403 and response.json()["detail"]
    response = post(client, move, {"action": "fly"}, base_a)
    assert response.status_code == 422 and response.json()["field"] == "action"
    response = post(client, move, {"action": "complete", "note": "x"}, base_a)
    assert response.status_code == 422 and response.json()["field"] == "status"

    # base B and another enterprise see neither the engagement nor the demand: 404, not 403
    other_enterprise = (
        filed.enterprise.__class__.objects.exclude(pk=filed.enterprise.pk)
        .filter(role=filed.enterprise.role, organisation__isnull=False)
        .exclude(organisation=filed.enterprise.organisation)
        .first()
    )
    outsiders = [base_b] + ([bearer(other_enterprise)] if other_enterprise else [])
    for outsider in outsiders:
        assert client.get(f"/api/v1/catalogue/engagements/{engagement['id']}", **outsider).status_code == 404
        response = post(client, move, {"action": "accept", "note": "x"}, outsider)
        assert response.status_code == 404 and response.json()["detail"]
        assert post(client, rating, {"rating": 5}, outsider).status_code == 404
        assert client.get(f"/api/v1/catalogue/demands/{demand['id']}/matches", **outsider).status_code == 404
    assert Engagement.objects.get(pk=engagement["id"]).status == "requested"


def test_only_an_enterprise_posts_demands_and_contact_details_are_required(filed, client, bearer):
    response = post(client, "/api/v1/catalogue/demands", DEMAND, bearer(filed.applicant_a))
    assert response.status_code == 403
    ent = bearer(filed.enterprise)
    response = post(client, "/api/v1/catalogue/demands", {**DEMAND, "contact_phone": "  "}, ent)
    assert response.status_code == 422 and response.json()["field"] == "contact_phone"
    assert "联系电话" in response.json()["detail"]
    body = {k: v for k, v in DEMAND.items() if k != "contact_name"}
    response = post(client, "/api/v1/catalogue/demands", body, ent)
    assert response.status_code == 422 and response.json()["field"] == "contact_name"
    response = post(client, "/api/v1/catalogue/demands", {**DEMAND, "kinds": ["teleport"]}, ent)
    assert response.status_code == 422 and response.json()["field"] == "kinds"
    response = post(client, "/api/v1/catalogue/demands", {**DEMAND, "division": "division-99"}, ent)
    assert response.status_code == 422 and response.json()["field"] == "division"
    assert not Demand.objects.exists()


def test_contacting_a_withdrawn_or_unknown_service_names_the_field(filed, client, bearer):
    ent = bearer(filed.enterprise)
    demand = post(client, "/api/v1/catalogue/demands", DEMAND, ent).json()
    url = f"/api/v1/catalogue/demands/{demand['id']}/engagements"
    PilotService.objects.filter(ref="T01").update(status=PilotService.Status.WITHDRAWN)
    response = post(client, url, {"base": "BTZS-2024-0001", "ref": "T01"}, ent)
    assert response.status_code == 422 and response.json()["field"] == "ref"
    response = post(client, url, {"service_id": 999999}, ent)
    assert response.status_code == 422 and response.json()["field"] == "service_id"
    response = post(client, url, {}, ent)
    assert response.status_code == 422 and response.json()["field"] == "service_id"
    assert not Engagement.objects.exists()


def test_anonymous_callers_are_refused(filed, client):
    assert (
        client.post("/api/v1/catalogue/demands", DEMAND, content_type="application/json").status_code == 401
    )
    assert client.get("/api/v1/catalogue/engagements").status_code == 401
