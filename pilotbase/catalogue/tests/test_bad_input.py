"""Issue 7's bad input, through every interface: clear messages naming the field, nothing broken."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pilotbase.catalogue import services
from pilotbase.catalogue.models import Engagement, PilotService, PracticeCase

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def cli(*args) -> list[dict]:
    out = io.StringIO()
    call_command("catalogue", "search", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"chain": "moon_mining"}, "chain", "产业链"),
        ({"kind": "teleport"}, "kind", "服务类型"),
        ({"division": "division-99"}, "division", "师市"),
    ],
)
def test_unknown_filter_codes_are_named_on_the_page_the_api_and_the_cli(filed, client, params, field, words):
    for q in ("番茄", ""):
        page = client.get("/services/", {"q": q, **params})
        assert page.status_code == 422, (q, params)
        assert words in page.content.decode() and next(iter(params.values())) in page.content.decode()
    response = client.get("/api/v1/services", {"q": "番茄", **params})
    assert response.status_code == 422 and response.json()["field"] == field
    with pytest.raises(CommandError) as caught:
        cli("番茄", f"--{field}", next(iter(params.values())))
    assert caught.value.returncode == 2 and f"--{field}" in str(caught.value) and words in str(caught.value)
    response = client.get("/api/v1/bases/directory", params)
    assert response.status_code == 422 and response.json()["field"] == field
    assert client.get("/directory/", params).status_code == 422


def test_known_filters_without_a_query_are_fine(filed, client):
    page = client.get("/services/", {"q": "", "chain": "fruit_vegetable", "division": "division-8"})
    assert page.status_code == 200 and "请输入" in page.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "！！！？？？",
        "%%%___",
        "'; DROP TABLE catalogue_pilotservice; --",
        "\u200b\u3000",
        "🍅🍅🍅",
        "a\x00b",
    ],
)
def test_empty_and_absurd_queries_answer_with_an_empty_list_everywhere(filed, client, query):
    response = client.get("/api/v1/services", {"q": query})
    assert response.status_code == 200 and isinstance(response.json()["results"], list)
    assert client.get("/services/", {"q": query}).status_code in (200, 400)
    assert isinstance(cli(query), list)
    assert PilotService.objects.count() == 4


def test_a_query_of_ten_thousand_characters(filed, client):
    query = ("番茄酱杀菌工艺放大" * 1200)[:10_000]
    response = client.get("/api/v1/services", {"q": query, "limit": 3})
    assert response.status_code == 200 and response.json()["results"][0]["ref"] == "T01"
    assert cli(query, "--limit", "3")[0]["ref"] == "T01"
    page = client.get("/services/", {"q": query})
    assert page.status_code == 200 and "检索词过长" in page.content.decode()


@pytest.mark.parametrize("limit", ["0", "-1", "101", "1e3", "9" * 30, "abc"])
def test_absurd_limits_name_the_field(filed, client, limit):
    response = client.get("/api/v1/services", {"q": "番茄", "limit": limit})
    assert response.status_code == 422 and response.json()["field"] == "limit"
    with pytest.raises(CommandError) as caught:
        cli("番茄", "--limit", limit)
    assert caught.value.returncode == 2


def test_html_in_every_matchmaking_text_is_shown_as_text(filed, client, login):
    demand = services.post_demand(
        by=filed.enterprise, title=EVIL, text=EVIL, contact_name=EVIL[:50], contact_phone=EVIL[:30]
    )
    engagement = services.request_engagement(
        demand, PilotService.objects.get(ref="T01"), by=filed.enterprise, message=EVIL
    )
    services.move(engagement, "accept", by=filed.applicant_a, note=EVIL)
    services.move(Engagement.objects.get(pk=engagement.pk), "agree", by=filed.enterprise)
    services.move(Engagement.objects.get(pk=engagement.pk), "complete", by=filed.applicant_a, note=EVIL)
    services.save_case(by=filed.officer, title=EVIL, body=EVIL, summary=EVIL, publish=True)
    case = PracticeCase.objects.get()
    services.save_profile(filed.base_a, by=filed.applicant_a, welcomes_investment=True, investment_note=EVIL)

    def clean(html: str) -> None:
        assert "<script>alert" not in html and "<img src=x" not in html

    for user, urls in (
        (
            filed.enterprise,
            [demand.get_absolute_url(), engagement.get_absolute_url(), "/catalogue/engagements/"],
        ),
        (filed.applicant_a, [engagement.get_absolute_url(), "/catalogue/engagements/", "/accounts/"]),
        (filed.officer, ["/catalogue/overview/", "/catalogue/cases/", engagement.get_absolute_url()]),
    ):
        login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            clean(response.content.decode())
    client.logout()
    for url in (case.get_absolute_url(), "/cases/", "/investors/", "/directory/BTZS-2024-0001/"):
        response = client.get(url)
        assert response.status_code == 200, url
        clean(response.content.decode())
    assert "&lt;script&gt;" in client.get(case.get_absolute_url()).content.decode()
