"""Demands and engagements (供需对接, Art. 11): moves, refusals, ratings, ownership, escaping."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pilotbase.accounts.services import InvalidInput
from pilotbase.catalogue import services
from pilotbase.catalogue.models import Demand, Engagement, PilotService


@pytest.fixture
def demand(filed):
    return services.post_demand(
        by=filed.enterprise,
        title="番茄酱杀菌放大",
        text="需要把番茄酱杀菌工艺放大到中试线",
        contact_name="吴晓东",
        contact_phone="0993-1234567",
        industry_chains=["fruit_vegetable"],
        kinds=["scale_up"],
    )


def test_demand_gets_matches_with_reasons(demand):
    found = services.suggestions(demand)
    assert found[0].service.ref == "T01"
    assert any(r.startswith("服务类型匹配") for r in found[0].reasons)


def test_demand_without_contact_is_refused_in_chinese(filed, client, login):
    login(filed.enterprise)
    response = client.post(
        "/catalogue/demands/new/", {"title": "x", "text": "需要检测", "contact_name": "", "contact_phone": ""}
    )
    assert response.status_code == 422
    assert "请填写联系人" in response.content.decode()
    assert not Demand.objects.exists()


def test_full_path_and_refusals(filed, demand):
    service = PilotService.objects.get(ref="T01")
    engagement = services.request_engagement(demand, service, by=filed.enterprise, message="请报价")
    with pytest.raises(InvalidInput):
        services.request_engagement(demand, service, by=filed.enterprise)  # same base twice
    with pytest.raises(PermissionDenied):
        services.move(engagement, "accept", by=filed.enterprise)  # not the enterprise's move
    with pytest.raises(PermissionDenied):
        services.move(engagement, "accept", by=filed.applicant_b)  # base B is not a party
    with pytest.raises(InvalidInput, match="评价"):
        services.rate(engagement, by=filed.enterprise, rating=5)
    services.move(engagement, "accept", by=filed.applicant_a, note="可以")
    with pytest.raises(InvalidInput, match="不能"):
        services.move(engagement, "complete", by=filed.applicant_a, note="完成")  # must be agreed first
    services.move(engagement, "agree", by=filed.enterprise)
    services.move(engagement, "complete", by=filed.applicant_a, note="完成 3 批次")
    with pytest.raises(InvalidInput):
        services.rate(engagement, by=filed.enterprise, rating=6)
    services.rate(engagement, by=filed.enterprise, rating=4)
    with pytest.raises(InvalidInput, match="已评价"):
        services.rate(engagement, by=filed.enterprise, rating=5)
    engagement.refresh_from_db()
    assert (engagement.status, engagement.rating) == (Engagement.Status.COMPLETED, 4)
    figures = services.engagement_figures(filed.base_a, None, None)
    assert (
        figures["services_delivered"] == 1
        and figures["enterprises_served"] == 1
        and figures["mean_rating"] == 4
    )


def test_stale_move_loses_the_race(filed, demand):
    engagement = services.request_engagement(demand, PilotService.objects.get(ref="T01"), by=filed.enterprise)
    stale = Engagement.objects.get(pk=engagement.pk)
    services.move(engagement, "cancel", by=filed.enterprise)
    with pytest.raises(InvalidInput):
        services.move(stale, "decline", by=filed.applicant_a, note="no")


def test_rating_page_refuses_before_completion(filed, demand, client, login):
    engagement = services.request_engagement(demand, PilotService.objects.get(ref="T01"), by=filed.enterprise)
    login(filed.enterprise)
    response = client.post(f"/catalogue/engagements/{engagement.pk}/rating/", {"rating": "5"})
    assert response.status_code == 422 and "只有已完成的对接才能评价" in response.content.decode()


def test_base_a_users_cannot_touch_base_b_services(filed, client, login):
    service_b = PilotService.objects.get(ref="C01")
    login(filed.applicant_a)
    assert client.get(f"/catalogue/services/{service_b.pk}/").status_code == 404
    assert client.post(f"/catalogue/services/{service_b.pk}/withdraw/").status_code == 404
    assert client.get(f"/catalogue/bases/{filed.base_b.pk}/services/new/").status_code == 404
    service_b.refresh_from_db()
    assert service_b.status == PilotService.Status.PUBLISHED
    own = PilotService.objects.get(ref="T02")
    assert client.post(f"/catalogue/services/{own.pk}/withdraw/").status_code == 302


def test_other_enterprise_and_base_cannot_see_engagement(filed, demand, client, login):
    engagement = services.request_engagement(demand, PilotService.objects.get(ref="T01"), by=filed.enterprise)
    login(filed.applicant_b)
    assert client.get(f"/catalogue/engagements/{engagement.pk}/").status_code == 404
    assert client.get(f"/catalogue/demands/{demand.pk}/").status_code == 404


def test_script_in_text_is_escaped(filed, client, login):
    evil = '<script>alert("x")</script>'
    services.save_service(
        filed.base_a,
        {"ref": "X1", "title": f"番茄{evil}", "kinds": ["consulting"], "description": evil},
        by=filed.applicant_a,
        status="published",
    )
    demand = services.post_demand(
        by=filed.enterprise, title=evil, text=evil, contact_name=evil, contact_phone="1"
    )
    page = client.get("/services/", {"q": "番茄 alert"}).content.decode()
    assert evil not in page and "&lt;script&gt;" in page
    login(filed.enterprise)
    page = client.get(f"/catalogue/demands/{demand.pk}/").content.decode()
    assert evil not in page


def test_engagement_list_queries_do_not_grow(filed, demand, client, login, django_assert_max_num_queries):
    for service in PilotService.objects.all():
        try:
            services.request_engagement(demand, service, by=filed.enterprise)
        except InvalidInput:
            pass
    login(filed.enterprise)
    with django_assert_max_num_queries(15):
        assert client.get("/catalogue/engagements/").status_code == 200


def test_officer_overview_shows_unmatched(filed, demand, client, login):
    login(filed.officer)
    page = client.get("/catalogue/overview/").content.decode()
    assert demand.title in page
