"""An enterprise closes its demand (met, or no longer needed); the bureau's overview counts it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pilotbase.accounts.services import InvalidInput
from pilotbase.audit.models import AuditEvent
from pilotbase.catalogue import services
from pilotbase.catalogue.models import Demand, Engagement, PilotService


def post_demand(filed, title="番茄酱杀菌放大"):
    return services.post_demand(
        by=filed.enterprise,
        title=title,
        text="需要把番茄酱杀菌工艺放大到中试线",
        contact_name="吴晓东",
        contact_phone="0993-1234567",
        industry_chains=["fruit_vegetable"],
    )


def test_closing_cancels_pending_requests_but_not_agreed_work(filed):
    demand = post_demand(filed)
    pending = services.request_engagement(demand, PilotService.objects.get(ref="W01"), by=filed.enterprise)
    agreed = services.request_engagement(demand, PilotService.objects.get(ref="T01"), by=filed.enterprise)
    services.move(agreed, "accept", by=filed.applicant_a, note="可以")
    services.move(agreed, "agree", by=filed.enterprise)

    services.close_demand(demand, by=filed.enterprise, reason="fulfilled", note="找到基地了")
    demand.refresh_from_db()
    assert (demand.status, demand.closed_reason) == (Demand.Status.CLOSED, "fulfilled")
    assert demand.closed_at is not None
    assert Engagement.objects.get(pk=pending.pk).status == Engagement.Status.CANCELLED
    assert Engagement.objects.get(pk=agreed.pk).status == Engagement.Status.AGREED
    assert AuditEvent.objects.filter(action="demand_closed").count() == 1
    # the agreed work still runs to its end
    services.move(Engagement.objects.get(pk=agreed.pk), "complete", by=filed.applicant_a, note="完成")
    with pytest.raises(InvalidInput, match="已关闭"):
        services.request_engagement(demand, PilotService.objects.get(ref="C01"), by=filed.enterprise)
    with pytest.raises(InvalidInput, match="已关闭"):
        services.close_demand(demand, by=filed.enterprise, reason="not_needed")


def test_only_the_enterprise_closes_and_only_for_a_known_reason(filed):
    demand = post_demand(filed)
    with pytest.raises(PermissionDenied):
        services.close_demand(demand, by=filed.officer, reason="fulfilled")
    with pytest.raises(InvalidInput) as caught:
        services.close_demand(demand, by=filed.enterprise, reason="bored")
    assert caught.value.field == "reason"
    assert Demand.objects.get(pk=demand.pk).status == Demand.Status.OPEN


def test_close_form_on_the_demand_page(filed, client, login):
    demand = post_demand(filed)
    login(filed.enterprise)
    page = client.get(demand.get_absolute_url()).content.decode()
    assert "关闭需求" in page and "推荐的中试服务" in page
    response = client.post(f"/catalogue/demands/{demand.pk}/close/", {"reason": ""})
    assert response.status_code == 422 and "请选择关闭原因" in response.content.decode()
    response = client.post(f"/catalogue/demands/{demand.pk}/close/", {"reason": "not_needed"})
    assert response.status_code == 302
    page = client.get(demand.get_absolute_url()).content.decode()
    assert "不再需要" in page and "推荐的中试服务" not in page and "关闭需求</button>" not in page


def test_another_enterprise_or_a_base_cannot_close(filed, client, login):
    demand = post_demand(filed)
    services.request_engagement(demand, PilotService.objects.get(ref="T01"), by=filed.enterprise)
    login(filed.applicant_a)  # the base sees the demand it was asked about, but may not close it
    assert client.post(f"/catalogue/demands/{demand.pk}/close/", {"reason": "fulfilled"}).status_code == 403
    login(filed.applicant_b)
    assert client.post(f"/catalogue/demands/{demand.pk}/close/", {"reason": "fulfilled"}).status_code == 404
    assert Demand.objects.get(pk=demand.pk).status == Demand.Status.OPEN


def test_overview_counts_open_unmatched_and_closed_demands(
    filed, client, login, django_assert_max_num_queries
):
    unmatched = post_demand(filed, "无人对接的需求")
    matched = post_demand(filed, "已联系基地的需求")
    services.request_engagement(matched, PilotService.objects.get(ref="T01"), by=filed.enterprise)
    met = post_demand(filed, "已满足的需求")
    services.close_demand(met, by=filed.enterprise, reason="fulfilled")
    dropped = post_demand(filed, "不再需要的需求")
    services.close_demand(dropped, by=filed.enterprise, reason="not_needed")

    figures = services.bureau_overview()["demands"]
    assert figures == {"total": 4, "open": 2, "unmatched": 1, "fulfilled": 1, "not_needed": 1}
    login(filed.officer)
    with django_assert_max_num_queries(20):
        page = client.get("/catalogue/overview/").content.decode()
    assert unmatched.title in page
    for title in (matched.title, met.title, dropped.title):
        assert title not in page


def test_closing_through_the_api(filed, client):
    from pilotbase.accounts import services as accounts

    demand = post_demand(filed)
    auth = {
        "HTTP_AUTHORIZATION": "Bearer "
        + accounts.issue_api_token(filed.enterprise, name="x", by=filed.enterprise)
    }
    url = f"/api/v1/catalogue/demands/{demand.pk}/close"
    response = client.post(url, {"reason": "maybe"}, content_type="application/json", **auth)
    assert response.status_code == 422 and response.json()["field"] == "reason"
    response = client.post(url, {"reason": "fulfilled"}, content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["closed_reason"] == "fulfilled"
