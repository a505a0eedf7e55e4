"""Dashboard to-dos of matchmaking (Art. 11): each party sees whose turn it is, nobody else's."""

from __future__ import annotations

import pytest

from pilotbase.catalogue import services, todos
from pilotbase.catalogue.models import PilotService


def titles(user) -> dict[str, int]:
    return {t.title: t.count for t in todos.for_user(user)}


@pytest.fixture
def demand(filed):
    return services.post_demand(
        by=filed.enterprise,
        title="番茄酱杀菌放大",
        text="需要把番茄酱杀菌工艺放大到中试线",
        contact_name="吴晓东",
        contact_phone="0993-1234567",
        industry_chains=["fruit_vegetable"],
    )


def test_unmatched_demand_waits_on_the_enterprise_and_the_bureau_only(filed, demand):
    assert titles(filed.enterprise) == {"尚未对接基地的需求": 1}
    assert titles(filed.officer) == {"尚未对接基地的企业需求": 1}
    assert titles(filed.applicant_a) == {}


def test_each_turn_of_an_engagement_shows_for_the_party_whose_turn_it_is(filed, demand, client, login):
    engagement = services.request_engagement(demand, PilotService.objects.get(ref="T01"), by=filed.enterprise)
    assert titles(filed.applicant_a) == {"待答复的对接请求": 1}
    assert titles(filed.applicant_b) == {}  # base B is not asked
    assert titles(filed.enterprise) == {}  # the demand is matched now
    assert titles(filed.officer) == {}

    services.move(engagement, "accept", by=filed.applicant_a, note="可以")
    assert titles(filed.applicant_a) == {}
    assert titles(filed.enterprise) == {"基地已接受、待确认合作的对接": 1}

    services.move(engagement, "agree", by=filed.enterprise)
    assert titles(filed.applicant_a) == {"已达成合作待登记完成的对接": 1}
    assert titles(filed.enterprise) == {}

    services.move(engagement, "complete", by=filed.applicant_a, note="完成 3 批次")
    assert titles(filed.applicant_a) == {}
    assert titles(filed.enterprise) == {"已完成待评价的对接": 1}

    login(filed.enterprise)
    page = client.get("/accounts/").content.decode()
    assert "已完成待评价的对接" in page

    services.rate(engagement, by=filed.enterprise, rating=5)
    assert titles(filed.enterprise) == {}


def test_a_declined_request_puts_the_demand_back_among_the_unmatched(filed, demand):
    engagement = services.request_engagement(demand, PilotService.objects.get(ref="T01"), by=filed.enterprise)
    services.move(engagement, "decline", by=filed.applicant_a, note="排期已满")
    assert titles(filed.enterprise) == {"尚未对接基地的需求": 1}
    assert titles(filed.officer) == {"尚未对接基地的企业需求": 1}


def test_a_closed_demand_is_no_longer_a_todo(filed, demand):
    services.close_demand(demand, by=filed.enterprise, reason="not_needed")
    assert titles(filed.enterprise) == {}
    assert titles(filed.officer) == {}


def test_people_outside_matchmaking_get_nothing(filed, demand):
    for user in (filed.reviewer_div1, filed.expert_tech):
        assert todos.for_user(user) == []
