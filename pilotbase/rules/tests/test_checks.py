"""Each check of Article 7 through `evaluate`: pass, fail, missing, not_applicable and manual."""

from __future__ import annotations

from typing import Any

import pytest

from pilotbase.rules import CHECK_IDS, evaluate

from .documents import edit, meets, person, set_path, spec_example, unqualified, without


def test_an_applicant_that_meets_every_threshold_gets_meets_thresholds() -> None:
    result = evaluate(meets())
    assert result.verdict == "meets_thresholds"
    statuses = {check.id: check.status for check in result.checks}
    assert statuses["location_tech_advantage"] == "manual"
    assert statuses["standards_compliance"] == "manual"
    assert statuses["service_effectiveness"] == "manual"
    assert statuses["independent_accounting"] == "not_applicable"
    assert statuses["ethics_committee"] == "not_applicable"
    automatic = {k: v for k, v in statuses.items() if v not in ("manual", "not_applicable")}
    assert set(automatic.values()) == {"pass"}


def test_every_check_appears_in_the_spec_order_with_its_clause() -> None:
    result = evaluate(meets())
    assert [check.id for check in result.checks] == list(CHECK_IDS)
    assert len(CHECK_IDS) == 27
    clauses = {check.id: check.clause for check in result.checks}
    assert clauses["industry_chain"] == "第七条第（一）项"
    assert clauses["registered_two_years"] == "第七条第（二）项"
    assert clauses["site_area"] == "第七条第（三）项"
    assert clauses["qualified_ratio"] == "第七条第（四）项"
    assert clauses["no_major_incident"] == "第七条第（五）项"
    assert clauses["ip_protection"] == "第七条第（六）项"
    assert clauses["service_effectiveness"] == "第七条第（七）项"
    assert clauses["ethics_committee"] == "第七条第（八）项"


def test_every_check_of_an_empty_document_is_listed_and_none_passes() -> None:
    result = evaluate({"as_of": "2026-03-01"})
    assert [check.id for check in result.checks] == list(CHECK_IDS)
    assert result.verdict == "incomplete"
    statuses = {check.id: check.status for check in result.checks}
    assert "pass" not in statuses.values()
    assert statuses["independent_accounting"] == "missing"  # not known whether via a host unit


FOUR_FULL_TIME_TECHNICAL = [person() for _ in range(4)]

# (check, edits to the passing document as (path, value) pairs or a path to delete, expected status)
CASES: list[tuple[str, list[tuple[str, Any]] | str, str]] = [
    ("industry_chain", [("industry.chains", ["grain_oil", "new_energy"])], "pass"),
    ("industry_chain", [("industry.chains", [])], "fail"),
    ("industry_chain", "industry.chains", "missing"),
    ("industry_chain", "industry", "missing"),
    ("location_tech_advantage", [], "manual"),
    ("independent_legal_person", [("applicant.independent_legal_person", False)], "fail"),
    ("independent_legal_person", [("applicant.independent_legal_person", None)], "missing"),
    ("independent_legal_person", "applicant.independent_legal_person", "missing"),
    ("registered_two_years", [("applicant.registered_on", "2024-03-01")], "pass"),
    ("registered_two_years", [("applicant.registered_on", "2024-03-02")], "fail"),
    ("registered_two_years", "applicant.registered_on", "missing"),
    ("operating_normally", [("applicant.operating_normally", False)], "fail"),
    ("operating_normally", [("applicant.operating_normally", None)], "missing"),
    ("no_misconduct_record", [("applicant.serious_misconduct_in_penalty_period", False)], "pass"),
    ("no_misconduct_record", [("applicant.serious_misconduct_in_penalty_period", True)], "fail"),
    ("no_misconduct_record", [("applicant.serious_misconduct_in_penalty_period", None)], "missing"),
    ("not_blacklisted", [("applicant.credit_blacklisted", False)], "pass"),
    ("not_blacklisted", [("applicant.credit_blacklisted", True)], "fail"),
    ("not_blacklisted", "applicant.credit_blacklisted", "missing"),
    ("independent_accounting", [("applicant.via_host_unit", False)], "not_applicable"),
    (
        "independent_accounting",
        [("applicant.via_host_unit", False), ("applicant.independent_accounting", False)],
        "not_applicable",
    ),
    (
        "independent_accounting",
        [("applicant.via_host_unit", True), ("applicant.independent_accounting", True)],
        "pass",
    ),
    (
        "independent_accounting",
        [("applicant.via_host_unit", True), ("applicant.independent_accounting", False)],
        "fail",
    ),
    (
        "independent_accounting",
        [("applicant.via_host_unit", True), ("applicant.independent_accounting", None)],
        "missing",
    ),
    ("independent_accounting", [("applicant.via_host_unit", None)], "missing"),
    ("independent_site", [("site.independent", False)], "fail"),
    ("independent_site", [("site.independent", None)], "missing"),
    ("site_area", [("site.area_m2", "2000")], "pass"),
    ("site_area", [("site.area_m2", "1999.99")], "fail"),
    ("site_area", "site.area_m2", "missing"),
    ("site_area", [("site.area_m2", None)], "missing"),
    ("pilot_equipment", [("equipment.process_qc", False)], "fail"),
    ("pilot_equipment", [("equipment.product_testing", None)], "missing"),
    # a kind declared missing fails even while another is not stated
    ("pilot_equipment", [("equipment.pilot_line", False), ("equipment.process_qc", None)], "fail"),
    ("equipment_value", [("equipment.original_value_yuan", "5000000.00")], "pass"),
    ("equipment_value", [("equipment.original_value_yuan", "4999999.99")], "fail"),
    ("equipment_value", "equipment.original_value_yuan", "missing"),
    (
        "pilot_line_or_projects",
        [("pilot_lines", ["data_simulation"]), ("external_pilot_projects", 0)],
        "pass",
    ),
    ("pilot_line_or_projects", [("pilot_lines", []), ("external_pilot_projects", 2)], "pass"),
    ("pilot_line_or_projects", [("pilot_lines", []), ("external_pilot_projects", 1)], "fail"),
    ("pilot_line_or_projects", [("pilot_lines", None), ("external_pilot_projects", 2)], "pass"),
    ("pilot_line_or_projects", [("pilot_lines", None), ("external_pilot_projects", 1)], "missing"),
    ("pilot_line_or_projects", [("pilot_lines", []), ("external_pilot_projects", None)], "missing"),
    ("technical_leader", [("team.technical_leader", False)], "fail"),
    ("technical_leader", "team", "missing"),
    ("fixed_rd_team", [("team.fixed_rd_team", False)], "fail"),
    ("fixed_rd_team", [("team.fixed_rd_team", None)], "missing"),
    ("full_time_staff", [("staff", [person() for _ in range(6)])], "pass"),
    ("full_time_staff", [("staff", [person() for _ in range(5)])], "fail"),
    # part-time people never count, however many
    ("full_time_staff", [("staff", [person() for _ in range(5)] + [person(full_time=False)] * 9)], "fail"),
    ("full_time_staff", "staff", "missing"),
    ("full_time_staff", [("staff", [])], "fail"),
    (
        "full_time_technical_staff",
        [("staff", FOUR_FULL_TIME_TECHNICAL + [person(technical=False)] * 2)],
        "pass",
    ),
    (
        "full_time_technical_staff",
        [("staff", [person() for _ in range(3)] + [person(technical=False)] * 3 + [person(full_time=False)])],
        "fail",
    ),
    ("full_time_technical_staff", "staff", "missing"),
    ("qualified_ratio", [("staff", [person() for _ in range(3)] + [unqualified()] * 2)], "pass"),
    ("qualified_ratio", [("staff", [person() for _ in range(2)] + [unqualified()] * 3)], "fail"),
    ("qualified_ratio", [("staff", [])], "missing"),
    ("qualified_ratio", [("staff", [person(full_time=False)] * 3)], "missing"),
    ("qualified_ratio", "staff", "missing"),
    ("safety_env_facilities", [("safety.facilities", False)], "fail"),
    ("safety_env_facilities", [("safety.facilities", None)], "missing"),
    ("no_major_incident", [("safety.incidents", [])], "pass"),
    (
        "no_major_incident",
        [("safety.incidents", [{"date": "2025-06-01", "type": "quality", "severity": "larger"}])],
        "fail",
    ),
    (
        "no_major_incident",
        [("safety.incidents", [{"date": "2025-06-01", "type": "environmental", "severity": "general"}])],
        "pass",
    ),
    ("no_major_incident", "safety.incidents", "missing"),
    ("standards_compliance", [("safety.standards_compliant", True)], "manual"),
    ("standards_compliance", [("safety.standards_compliant", False)], "manual"),
    ("standards_compliance", "safety.standards_compliant", "manual"),
    ("service_procedure_and_fees", [("management.service_procedure_and_fees", False)], "fail"),
    ("service_procedure_and_fees", [("management.service_procedure_and_fees", None)], "missing"),
    ("ip_protection", [("management.ip_protection_measures", False)], "fail"),
    ("ip_protection", "management", "missing"),
    ("open_sharing", [("openness.open_sharing", False)], "fail"),
    ("open_sharing", [("openness.open_sharing", None)], "missing"),
    ("service_list_published", [("openness.service_list_published", False)], "fail"),
    ("service_list_published", "openness.service_list_published", "missing"),
    ("service_effectiveness", [], "manual"),
    (
        "ethics_committee",
        [("ethics.ethics_sensitive", False), ("ethics.fields", ["medicine"])],
        "not_applicable",
    ),
    (
        "ethics_committee",
        [("ethics.ethics_sensitive", True), ("ethics.fields", ["new_materials"])],
        "not_applicable",
    ),
    (
        "ethics_committee",
        [("ethics.ethics_sensitive", True), ("ethics.fields", ["energy", "artificial_intelligence"])],
        "fail",
    ),
    (
        "ethics_committee",
        [
            ("ethics.ethics_sensitive", True),
            ("ethics.fields", ["life_sciences"]),
            ("ethics.ethics_committee", True),
        ],
        "pass",
    ),
    (
        "ethics_committee",
        [
            ("ethics.ethics_sensitive", True),
            ("ethics.fields", ["medicine"]),
            ("ethics.ethics_committee", None),
        ],
        "missing",
    ),
    ("ethics_committee", [("ethics.ethics_sensitive", None), ("ethics.fields", ["medicine"])], "missing"),
    ("ethics_committee", [("ethics.ethics_sensitive", None), ("ethics.fields", ["food"])], "not_applicable"),
    ("ethics_committee", [("ethics.ethics_sensitive", True), ("ethics.fields", None)], "missing"),
    ("ethics_committee", "ethics", "missing"),
]


def _apply(change: list[tuple[str, Any]] | str) -> dict[str, Any]:
    if isinstance(change, str):
        return without(meets(), change)
    document = meets()
    for path, value in change:
        document = set_path(document, path, value)
    return document


@pytest.mark.parametrize(
    ("check_id", "change", "expected"),
    CASES,
    ids=[f"{check_id}-{expected}-{i}" for i, (check_id, _, expected) in enumerate(CASES)],
)
def test_check_status(check_id: str, change: list[tuple[str, Any]] | str, expected: str) -> None:
    result = evaluate(_apply(change))
    check = result.check(check_id)
    assert check.status == expected, check.message
    assert check.message  # every status explains itself
    # the verdict follows from the statuses
    if expected == "fail":
        assert result.verdict == "ineligible"


def test_every_check_is_covered_by_the_table() -> None:
    covered = {check_id for check_id, _, _ in CASES}
    assert covered == set(CHECK_IDS)


def test_messages_explain_the_numbers() -> None:
    document = edit(
        meets(),
        site__area_m2="1999.99",
        equipment__original_value_yuan="4999999.99",
        staff=[person() for _ in range(3)] + [unqualified(technical=False)] * 2,
    )
    result = evaluate(document)
    assert result.check("site_area").message == "中试场地及配套设施面积 1,999.99 平方米，低于 2,000 平方米"
    assert result.check("equipment_value").message == "设备原值 4,999,999.99 元，低于 5,000,000 元"
    assert result.check("full_time_staff").message == "专职人员 5 名，少于 6 名"
    assert result.check("full_time_technical_staff").message == "专职技术人员 3 名，少于 4 名"
    ratio = result.check("qualified_ratio")
    assert ratio.status == "pass"
    assert "3 名" in ratio.message and "5 名" in ratio.message and "60.0%" in ratio.message


def test_pilot_equipment_names_what_is_lacking() -> None:
    document = edit(meets(), equipment__pilot_line=False, equipment__product_testing=False)
    check = evaluate(document).check("pilot_equipment")
    assert check.status == "fail"
    assert check.message == "缺少中试生产线设备、产品性能检测设备"
    assert check.values["lacking"] == ["pilot_line", "product_testing"]


def test_major_incident_is_named() -> None:
    document = edit(
        meets(),
        safety__incidents=[
            {"date": "2025-06-01", "type": "production_safety", "severity": "general"},
            {"date": "2025-07-15", "type": "environmental", "severity": "major"},
        ],
    )
    check = evaluate(document).check("no_major_incident")
    assert check.status == "fail"
    assert "2025-07-15 重大环境违法行为" in check.message
    assert "2025-06-01" not in check.message  # a general incident does not count
    assert check.values["incidents"] == [{"date": "2025-07-15", "type": "environmental", "severity": "major"}]


def test_spec_example_gives_the_spec_registered_two_years_check_exactly() -> None:
    result = evaluate(spec_example()).to_dict()
    check = next(c for c in result["checks"] if c["id"] == "registered_two_years")
    assert check == {
        "id": "registered_two_years",
        "clause": "第七条第（二）项",
        "status": "pass",
        "message": "注册满两年：2022-05-10 注册，截至 2026-03-01 已满两年",
        "values": {"registered_on": "2022-05-10", "two_years_on": "2024-05-10"},
    }


def test_spec_example_result_has_the_output_shape() -> None:
    output = evaluate(spec_example()).to_dict()
    assert list(output) == ["policy", "as_of", "verdict", "checks"]
    assert output["policy"] == {
        "id": "corps-pilot-base-2024",
        "title": "兵团科技成果转化中试基地备案管理暂行办法",
    }
    assert output["as_of"] == "2026-03-01"
    # one full-time person: the staff counts fail
    assert output["verdict"] == "ineligible"
    for check in output["checks"]:
        assert list(check) == ["id", "clause", "status", "message", "values"]
        assert check["status"] in {"pass", "fail", "manual", "not_applicable", "missing"}
        assert isinstance(check["values"], dict)


def test_output_is_json_serialisable_with_exact_decimals() -> None:
    import json

    document = edit(meets(), site__area_m2=2000.1, equipment__original_value_yuan="5000000.10")
    text = json.dumps(evaluate(document).to_dict(), ensure_ascii=False)
    output = json.loads(text)
    values = {c["id"]: c["values"] for c in output["checks"]}
    assert values["site_area"]["area_m2"] == "2000.1"
    assert values["equipment_value"]["original_value_yuan"] == "5000000.10"
