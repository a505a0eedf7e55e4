"""The misconduct register (Art. 7(二), 10), kept by the bureau, blocks applications in its period."""

from datetime import date

from pilotbase.audit.models import AuditEvent
from pilotbase.bases.models import MisconductRecord
from pilotbase.bases.services import in_penalty


def test_officer_records_an_entry_that_blocks_during_its_period(client, world, login):
    org = world.organisations["alar_cotton"]
    login(world.officer)
    response = client.post(
        "/bases/misconduct/",
        {
            "credit_code": org.credit_code,
            "penalty_from": "2026-01-01",
            "penalty_until": "2028-12-31",
            "reason": "绩效评价中提供虚假的中试服务合同",
        },
    )
    assert response.status_code == 302
    assert MisconductRecord.objects.filter(organisation=org).exists()
    assert AuditEvent.objects.filter(action="misconduct_recorded", actor=world.officer).exists()
    assert in_penalty(org, date(2028, 12, 31)) and not in_penalty(org, date(2029, 1, 1))
    page = client.get("/bases/misconduct/").content.decode()
    assert org.name in page and "2028-12-31" in page


def test_bad_input_is_refused_in_chinese_and_nothing_written(client, world, login):
    login(world.officer)
    unknown = client.post(
        "/bases/misconduct/",
        {
            "credit_code": "91350100M000100Y43",
            "penalty_from": "2026-01-01",
            "penalty_until": "2027-01-01",
            "reason": "某某失信行为",
        },
    )
    assert unknown.status_code == 422 and "未找到" in unknown.content.decode()
    org = world.organisations["alar_cotton"]
    backwards = client.post(
        "/bases/misconduct/",
        {
            "credit_code": org.credit_code,
            "penalty_from": "2027-01-01",
            "penalty_until": "2026-01-01",
            "reason": "某某失信行为",
        },
    )
    assert backwards.status_code == 422 and "不能早于" in backwards.content.decode()
    assert not MisconductRecord.objects.exists()


def test_only_the_bureau_sees_the_register(client, world, login):
    for name in ["reviewer_div1", "applicant_a", "sysadmin"]:
        login(world.people[name])
        assert client.get("/bases/misconduct/").status_code == 403, name
