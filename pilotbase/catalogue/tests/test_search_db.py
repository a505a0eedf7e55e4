"""Search through the API, the CLI and the portal page, in step with the database."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pilotbase.bases.models import PilotBase
from pilotbase.catalogue import services
from pilotbase.catalogue.models import PilotService


def api(client, **params):
    return client.get("/api/v1/services", params)


def cli(*args) -> list[dict]:
    out = io.StringIO()
    call_command("catalogue", "search", *args, stdout=out)
    return json.loads(out.getvalue())


def test_api_and_cli_give_the_same_order(filed, client):
    for query in ("番茄酱杀菌工艺放大", "葡萄酒酿造 小批量试产", "tomato paste sterilization"):
        response = api(client, q=query, limit=5)
        assert response.status_code == 200
        assert response.json()["results"] == cli(query, "--limit", "5")
    top = api(client, q="番茄酱杀菌工艺放大").json()["results"][0]
    assert (top["base"], top["ref"]) == ("BTZS-2024-0001", "T01")
    assert set(top) == {"base", "ref", "title", "score"}


def test_synonym_finds_service_written_otherwise(filed, client):
    results = api(client, q="番茄化验").json()["results"]
    assert results[0]["ref"] == "T02"  # written as 检验


def test_filters_and_unknown_codes(filed, client):
    results = api(client, q="小批量试生产", kind="trial_production", division="division-4").json()["results"]
    assert [r["base"] for r in results] == ["BTZS-2024-0003"]
    response = api(client, q="番茄", chain="moon_mining")
    assert response.status_code == 422 and response.json()["field"] == "chain"
    with pytest.raises(CommandError) as caught:
        cli("番茄", "--kind", "nope")
    assert caught.value.returncode == 2 and "服务类型" in str(caught.value)
    assert api(client, q="番茄", limit="abc").status_code == 422


def test_empty_absurd_and_huge_queries_do_not_fail(filed, client):
    assert api(client, q="").json()["results"] == []
    assert api(client, q="！！！？？？").json()["results"] == []
    assert api(client, q="番茄" * 5000).status_code == 200
    page = client.get("/services/", {"q": "番茄" * 5000})
    assert page.status_code == 200 and "检索词过长" in page.content.decode()
    assert "请输入" in client.get("/services/", {"q": "  "}).content.decode()


def test_revoked_base_disappears_at_once_even_without_reindex(filed, client):
    assert any(r["base"] == "BTZS-2024-0001" for r in api(client, q="番茄").json()["results"])
    PilotBase.objects.filter(pk=filed.base_a.pk).update(status=PilotBase.Status.REVOKED)  # no bump
    assert not any(r["base"] == "BTZS-2024-0001" for r in api(client, q="番茄").json()["results"])
    assert "天业番茄中试基地" not in client.get("/directory/").content.decode()
    assert client.get("/directory/BTZS-2024-0001/").status_code == 404
    services.reindex_base(filed.base_a)
    assert "BTZS-2024-0001" not in {d.base for d in services.get_index().services()}


def test_withdrawn_service_disappears_and_publish_brings_it_back(filed, client):
    service = PilotService.objects.get(base=filed.base_a, ref="T01")
    services.withdraw_service(service, by=filed.applicant_a)
    assert "T01" not in [r["ref"] for r in api(client, q="番茄酱杀菌工艺放大").json()["results"]]
    services.publish_service(service, by=filed.applicant_a)
    assert api(client, q="番茄酱杀菌工艺放大").json()["results"][0]["ref"] == "T01"


def test_edit_shows_in_search(filed, client):
    service = PilotService.objects.get(base=filed.base_b, ref="C01")
    services.save_service(
        filed.base_b,
        {
            **services.clean_service(
                {
                    "ref": "C01",
                    "title": "棉籽蛋白小批量试生产",
                    "kinds": ["trial_production"],
                    "description": "饲用蛋白粉",
                }
            ),
            "description": "棉籽脱酚蛋白小批量试生产，年产饲用蛋白粉 500 吨",
        },
        by=filed.applicant_b,
        service=service,
    )
    assert api(client, q="饲用蛋白粉").json()["results"][0]["ref"] == "C01"


def test_sysadmin_synonyms_feed_the_index(filed, client):
    assert api(client, q="红宝石酱").json()["results"] == []
    services.save_synonyms("番茄酱/红宝石酱\n检测/检验/化验", by=filed.sysadmin)
    assert api(client, q="红宝石酱").json()["results"][0]["base"] == "BTZS-2024-0001"


def test_cached_public_pages_follow_a_revocation_at_once(filed, client):
    """Anonymous directory pages come from a cache; a revocation must still show on the next request."""
    first = client.get("/directory/").content.decode()
    assert "天业番茄中试基地" in first
    assert client.get("/directory/").content.decode() == first  # served again (from the cache)
    from pilotbase.bases import lifecycle

    lifecycle.revoke(
        filed.base_a,
        reason="no_participation",
        document_number="兵科发〔2026〕33号",
        evidence="逾期未提交自评报告，经催告仍未提交。",
        by=filed.officer,
    )
    assert "天业番茄中试基地" not in client.get("/directory/").content.decode()


def test_signed_in_pages_are_never_shared_from_the_cache(filed, client):
    client.get("/directory/")
    import time

    client.force_login(filed.applicant_a)
    session = client.session
    session["pilotbase_login_at"] = time.time()
    session.save()
    html = client.get("/directory/").content.decode()
    assert 'name="csrf-token"' in html  # rendered for this person, not the anonymous copy
