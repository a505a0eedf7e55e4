"""The industry-chain vocabulary is data the system administrator edits (spec/eligibility.md)."""

import json

import pytest

from pilotbase.accounts.permissions import Refused
from pilotbase.accounts.services import InvalidInput
from pilotbase.rules import services
from pilotbase.rules.models import IndustryChain


def facts_with_chain(code):
    return {"as_of": "2026-03-01", "industry": {"chains": [code]}}


def chain_check(client, code):
    response = client.post(
        "/api/v1/eligibility/check", json.dumps(facts_with_chain(code)), content_type="application/json"
    )
    return response


def test_the_starting_list_is_the_spec_eleven(db):
    assert IndustryChain.objects.count() == 11
    assert IndustryChain.objects.get(code="fruit_vegetable").label.startswith("绿色有机果蔬")


def test_an_added_chain_is_understood_everywhere_at_once(client, world):
    assert chain_check(client, "low_altitude_economy").status_code == 422
    services.save_chain(code="low_altitude_economy", label="低空经济", by=world.sysadmin)
    response = chain_check(client, "low_altitude_economy")
    assert response.status_code == 200
    check = next(c for c in response.json()["checks"] if c["id"] == "industry_chain")
    assert check["status"] == "pass"
    assert "低空经济" in client.get("/eligibility/").content.decode()


def test_a_retired_chain_is_still_understood_but_no_longer_offered(client, world):
    services.save_chain(code="modern_services", label="现代服务业", retired=True, by=world.sysadmin)
    assert chain_check(client, "modern_services").status_code == 200
    assert "现代服务业" not in client.get("/eligibility/").content.decode()


def test_only_the_system_administrator_edits_it(world):
    with pytest.raises(Refused):
        services.save_chain(code="x_chain", label="X", by=world.officer)


def test_bad_codes_are_refused_with_the_field(world):
    with pytest.raises(InvalidInput) as exc:
        services.save_chain(code="Bad Code", label="X", by=world.sysadmin)
    assert exc.value.field == "code"


def test_admin_page(client, world, login):
    login(world.sysadmin)
    assert "产业链目录" in client.get("/eligibility/chains/").content.decode()
    assert client.post("/eligibility/chains/", {"code": "salt_lake", "label": "盐湖化工"}).status_code == 302
    assert IndustryChain.objects.filter(code="salt_lake").exists()
    bad = client.post("/eligibility/chains/", {"code": "", "label": ""})
    assert bad.status_code == 422 and "代码应为" in bad.content.decode()
