"""The public portal: no login, mobile-friendly pages, revoked bases gone at once, open data."""

from __future__ import annotations

import json

from pilotbase.bases.models import PilotBase
from pilotbase.catalogue import services


def test_home_shows_figures_and_notices(filed, client):
    page = client.get("/").content.decode()
    assert "已备案中试基地" in page and ">3<" in page


def test_directory_filters_and_query_count(filed, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get("/directory/").content.decode()
    assert "天业番茄中试基地" in page and "伊犁河谷葡萄酒中试基地" in page
    page = client.get("/directory/", {"division": "division-1"}).content.decode()
    assert "新农棉籽蛋白中试基地" in page and "天业番茄中试基地" not in page
    page = client.get("/directory/", {"kind": "product_testing"}).content.decode()
    assert "天业番茄中试基地" in page and "伊犁河谷葡萄酒中试基地" not in page
    page = client.get("/directory/", {"chain": "cotton_textile"}).content.decode()
    assert "新农棉籽蛋白中试基地" in page and "天业番茄中试基地" not in page
    response = client.get("/directory/", {"chain": "nope"})
    assert response.status_code == 422 and "未知的产业链代码" in response.content.decode()


def test_profile_shows_filing_facts_services_and_equipment(filed, client):
    page = client.get("/directory/BTZS-2024-0001/").content.decode()
    for text in (
        "BTZS-2024-0001",
        "2024年5月20日",
        "兵科发〔2024〕12号",
        "管式杀菌机",
        "番茄酱无菌灌装与杀菌工艺放大",
        "0993-2001234",
    ):
        assert text in page


def test_directory_api_and_open_data(filed, client):
    results = client.get("/api/v1/bases/directory", {"division": "division-8"}).json()["results"]
    assert [r["filing_number"] for r in results] == ["BTZS-2024-0001"]
    assert client.get("/api/v1/bases/directory", {"kind": "bogus"}).status_code == 422
    data = json.loads(client.get("/open-data/", {"dataset": "catalogue", "format": "json"}).content)
    assert {r["ref"] for r in data["results"]} == {"T01", "T02", "C01", "W01"}
    csv_text = client.get("/open-data/", {"dataset": "directory", "format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert csv_text.startswith("filing_number,") and "天业番茄中试基地" in csv_text
    PilotBase.objects.filter(pk=filed.base_a.pk).update(status=PilotBase.Status.REVOKED)
    csv_text = client.get("/open-data/", {"dataset": "directory", "format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "天业番茄中试基地" not in csv_text


def test_cases_and_investors(filed, client):
    case = services.save_case(
        by=filed.officer, title="一体化服务经验", body="做法……", publish=True, base=filed.base_a
    )
    draft = services.save_case(by=filed.officer, title="草稿经验", body="……")
    assert "一体化服务经验" in client.get("/cases/").content.decode()
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/cases/{draft.pk}/").status_code == 404
    assert client.get("/investors/BTZS-2024-0001/contact/").status_code == 404
    services.save_profile(
        filed.base_a, by=filed.applicant_a, welcomes_investment=True, investment_note="欢迎共建"
    )
    assert "天业番茄中试基地" in client.get("/investors/").content.decode()
    response = client.post(
        "/investors/BTZS-2024-0001/contact/", {"name": "钱总", "contact": "", "message": "想投资"}
    )
    assert response.status_code == 422
    response = client.post(
        "/investors/BTZS-2024-0001/contact/", {"name": "钱总", "contact": "13800000000", "message": "想投资"}
    )
    assert response.status_code == 302
    assert filed.applicant_a.notifications.filter(title__contains="投资意向").exists()


def test_demand_entry_leads_anonymous_to_login(db, client):
    page = client.get("/demands/new/").content.decode()
    assert "/accounts/login/?next=" in page


def test_a_cached_profile_shows_a_status_change_at_once(filed, client, world):
    """Anonymous pages come from a cache keyed by the data version: a base put under rectification
    shows it on the very next request, and a newly filed base appears in the directory."""
    from pilotbase.bases import lifecycle

    base = PilotBase.objects.get(filing_number="BTZS-2024-0001")
    url = f"/directory/{base.filing_number}/"
    assert "绩效评价中" not in client.get(url).content.decode()
    assert "绩效评价中" not in client.get(url).content.decode()  # served from the cache
    lifecycle.move(
        base,
        PilotBase.Status.UNDER_EVALUATION,
        expect=PilotBase.Status.ACTIVE,
        by=world.officer,
        action="evaluation_started",
    )
    assert "绩效评价中" in client.get(url).content.decode()
