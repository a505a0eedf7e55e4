"""The three ways into Article 7 — CLI, API, self-check page — give the same result for the same
facts, and reject the same bad input by naming the field (spec/eligibility.md)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from pilotbase.rules import CHECK_IDS

API = "/api/v1/eligibility/check"
PILOTBASE = [sys.executable, "-m", "pilotbase.cli"]

# The spec's example document, verbatim.
EXAMPLE = {
    "as_of": "2026-03-01",
    "applicant": {
        "independent_legal_person": True,
        "registered_on": "2022-05-10",
        "operating_normally": True,
        "serious_misconduct_in_penalty_period": False,
        "credit_blacklisted": False,
        "via_host_unit": False,
        "independent_accounting": None,
    },
    "industry": {"chains": ["cotton_textile"]},
    "site": {"independent": True, "area_m2": "2600"},
    "equipment": {
        "pilot_line": True,
        "process_qc": True,
        "product_testing": True,
        "original_value_yuan": "6800000",
    },
    "pilot_lines": ["process_improvement", "sample_trial_production"],
    "external_pilot_projects": 3,
    "team": {"technical_leader": True, "fixed_rd_team": True},
    "staff": [
        {
            "full_time": True,
            "technical": True,
            "education": "master",
            "title": "intermediate",
            "years_of_service": 6,
        }
    ],
    "safety": {
        "facilities": True,
        "standards_compliant": True,
        "incidents": [{"date": "2025-06-01", "type": "production_safety", "severity": "general"}],
    },
    "management": {"service_procedure_and_fees": True, "ip_protection_measures": True},
    "openness": {"open_sharing": True, "service_list_published": True},
    "ethics": {"fields": ["new_materials"], "ethics_sensitive": False, "ethics_committee": False},
}


def _person(qualified: bool = True, technical: bool = True) -> dict:
    return {
        "full_time": True,
        "technical": technical,
        "education": "bachelor" if qualified else "associate",
        "title": "junior",
        "years_of_service": 3,
    }


def meeting(staff: list[dict] | None = None) -> dict:
    """The example, with a roster large enough to meet every automatic condition."""
    facts = copy.deepcopy(EXAMPLE)
    facts["staff"] = staff if staff is not None else [_person() for _ in range(6)]
    return facts


def failing() -> dict:
    facts = meeting()
    facts["site"]["area_m2"] = "1999.99"
    facts["safety"]["incidents"].append({"date": "2024-03-01", "type": "quality", "severity": "larger"})
    return facts


# --- the three interfaces --------------------------------------------------------------------


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own command
        [*PILOTBASE, "eligibility", "check", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )


def via_api(client, facts) -> dict:
    response = client.post(API, data=json.dumps(facts), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def form_data(facts: dict) -> dict:
    """What a person would type into the self-check page for these facts."""
    data: dict = {"as_of": facts.get("as_of", "")}

    def put(prefix, section):
        for key, value in section.items():
            name = f"{prefix}.{key}" if prefix else key
            if key == "incidents":
                continue
            if isinstance(value, bool):
                data[name] = "true" if value else "false"
            elif value is None:
                data[name] = ""
            elif isinstance(value, list):
                data[name] = value
            else:
                data[name] = str(value)

    for section in (
        "applicant",
        "industry",
        "site",
        "equipment",
        "team",
        "safety",
        "management",
        "openness",
        "ethics",
    ):
        put(section, facts.get(section, {}))
    data["pilot_lines"] = facts.get("pilot_lines", [])
    data["external_pilot_projects"] = str(facts.get("external_pilot_projects", ""))
    staff = facts.get("staff", [])
    for key in ("full_time", "technical", "education", "title", "years_of_service"):
        data[f"staff-{key}"] = [
            ("true" if p.get(key) else "false") if key in ("full_time", "technical") else str(p.get(key, ""))
            for p in staff
        ]
    incidents = facts.get("safety", {}).get("incidents", [])
    for key in ("date", "type", "severity"):
        data[f"safety-incidents-{key}"] = [i[key] for i in incidents]
    return data


def via_page(client, facts) -> dict:
    response = client.post(reverse("rules:self_check"), form_data(facts))
    assert response.status_code == 200, response.context and response.context["form"].errors
    return response.context["result"]


def via_cli(facts, tmp_path: Path) -> dict:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    done = run_cli(str(path))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make", [lambda: copy.deepcopy(EXAMPLE), meeting, failing], ids=["example", "meets", "fails"]
)
def test_cli_api_and_page_give_the_same_result(client, tmp_path, make):
    facts = make()
    from_api = via_api(client, facts)
    assert from_api == via_page(client, facts)
    assert from_api == via_cli(facts, tmp_path)
    assert [c["id"] for c in from_api["checks"]] == list(CHECK_IDS)


@pytest.mark.django_db
def test_verdicts_of_the_example_a_complete_base_and_a_failing_one(client):
    assert via_api(client, EXAMPLE)["verdict"] == "ineligible"  # one person is not six
    assert via_api(client, meeting())["verdict"] == "meets_thresholds"
    result = via_api(client, failing())
    assert result["verdict"] == "ineligible"
    statuses = {c["id"]: c["status"] for c in result["checks"]}
    assert statuses["site_area"] == "fail" and statuses["no_major_incident"] == "fail"


def test_cli_reads_a_list_from_standard_input_and_answers_in_order():
    done = run_cli("-", stdin=json.dumps([failing(), meeting(), EXAMPLE]))
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert [r["verdict"] for r in results] == ["ineligible", "meets_thresholds", "ineligible"]


def test_cli_prints_chinese_as_is():
    done = run_cli("-", stdin=json.dumps(meeting()))
    assert "第七条第（一）项" in done.stdout


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        ("not json", "not JSON"),
        ('{"staff": [{}, {}, {}, {"education": "phd"}]}', "staff[3].education: unknown code 'phd'"),
        ('{"site": {"area_m2": "-1"}}', "site.area_m2: must not be negative"),
        ('{"applicant": {"registered_on": "2023-02-29"}}', "applicant.registered_on: impossible date"),
        ('{"as_of": "2026-03-01", "applicant": {"registered_on": "2026-03-02"}}', "applicant.registered_on"),
        ('{"external_pilot_projects": "3"}', "external_pilot_projects: expected a whole number"),
        ("42", "expected a JSON object"),
    ],
)
def test_cli_rejects_bad_input_with_exit_2_and_the_field_on_stderr(stdin, field):
    done = run_cli("-", stdin=stdin)
    assert done.returncode == 2
    assert field in done.stderr
    assert done.stdout == ""


def test_cli_rejects_a_whole_list_naming_the_bad_document():
    bad = meeting()
    bad["staff"][3]["education"] = "phd"
    done = run_cli("-", stdin=json.dumps([meeting(), meeting(), bad]))
    assert done.returncode == 2
    assert "[2].staff[3].education: unknown code 'phd'" in done.stderr
    assert done.stdout == ""  # nothing half-evaluated: not even the two good ones


def test_cli_names_a_file_it_cannot_read(tmp_path):
    done = run_cli(str(tmp_path / "absent.json"))
    assert done.returncode == 2 and "absent.json" in done.stderr and done.stdout == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        (
            '{"staff": [{}, {}, {}, {"education": "phd"}]}',
            "staff[3].education",
            "staff[3].education: unknown code 'phd'",
        ),
        (
            '{"equipment": {"original_value_yuan": -5}}',
            "equipment.original_value_yuan",
            "must not be negative",
        ),
        ('{"as_of": "2026-02-30"}', "as_of", "impossible date"),
        (
            '{"applicant": {"independent_legal_person": "yes"}}',
            "applicant.independent_legal_person",
            "expected",
        ),
        ('{"industry": {"chains": ["cotton"]}}', "industry.chains[0]", "unknown code 'cotton'"),
        ("{not json", "", "not JSON"),
        ("[]", "", "expected a JSON object"),
    ],
)
def test_api_rejects_bad_input_with_422_naming_the_field(client, body, field, detail):
    response = client.post(API, data=body, content_type="application/json")
    assert response.status_code == 422
    payload = response.json()
    assert payload["field"] == field
    assert detail in payload["detail"]
    assert "checks" not in payload


@pytest.mark.django_db
def test_api_is_public_and_needs_no_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        API, data=json.dumps(meeting()), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["verdict"] == "meets_thresholds"


# --- the self-check page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_page_is_public_and_offers_every_fact(client, settings):
    settings.PILOTBASE_TODAY = "2026-04-01"
    response = client.get(reverse("rules:self_check"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "申报条件自评" in html
    assert 'value="2026-04-01"' in html  # as_of defaults to today
    for name in (
        "applicant.registered_on",
        "site.area_m2",
        "equipment.original_value_yuan",
        "ethics.ethics_committee",
    ):
        assert f'name="{name}"' in html
    assert "棉花和纺织服装" in html and "样品试制" in html  # code lists with Chinese labels
    assert 'data-add-row="staff-template"' in html and '<template id="staff-template">' in html
    assert "<script>" not in html and 'style="' not in html


@pytest.mark.django_db
def test_page_shows_every_check_with_its_clause_status_and_verdict(client):
    response = client.post(reverse("rules:self_check"), form_data(failing()))
    html = response.content.decode()
    assert html.count("data-check=") == len(CHECK_IDS)
    assert "第七条第（三）项" in html and "第七条第（八）项" in html
    assert "不符合申报条件" in html
    assert "pb-status-fail" in html and "pb-status-manual" in html and "需人工判断" in html
    assert "data-print" in html


@pytest.mark.django_db
def test_page_counts_the_roster_rows(client):
    result = via_page(client, meeting([_person() for _ in range(5)]))
    checks = {c["id"]: c for c in result["checks"]}
    assert checks["full_time_staff"]["status"] == "fail"
    result = via_page(client, meeting([_person() for _ in range(7)]))
    checks = {c["id"]: c for c in result["checks"]}
    assert checks["full_time_staff"]["status"] == "pass"


@pytest.mark.django_db
@pytest.mark.parametrize(("qualified", "status"), [(6, "pass"), (5, "fail")])
def test_page_exactly_sixty_percent_qualified_passes(client, qualified, status):
    # Ten full-time people: six qualified technical staff is exactly 60 % (含), five is not.
    staff = [_person(qualified=True) for _ in range(qualified)]
    staff += [_person(qualified=False) for _ in range(10 - qualified)]
    result = via_page(client, meeting(staff))
    assert {c["id"]: c["status"] for c in result["checks"]}["qualified_ratio"] == status


@pytest.mark.django_db
def test_page_shows_the_engine_message_next_to_the_field_with_422(client):
    data = form_data(meeting())
    data["staff-years_of_service"] = ["3", "3", "-2", "3", "3", "3"]
    response = client.post(reverse("rules:self_check"), data)
    assert response.status_code == 422
    assert response.context["result"] is None  # nothing half-evaluated
    html = response.content.decode()
    assert "不能为负数" in html and "is-invalid" in html
    assert response.context["form"].errors == {"staff-2-years_of_service": "不能为负数"}


@pytest.mark.django_db
def test_page_names_a_date_after_the_evaluation_day(client):
    data = form_data(meeting())
    data["applicant.registered_on"] = "2026-05-01"
    response = client.post(reverse("rules:self_check"), data)
    assert response.status_code == 422
    assert "晚于评估日期" in response.context["form"].errors["applicant.registered_on"]


@pytest.mark.django_db
def test_page_leaves_unanswered_questions_missing(client):
    response = client.post(reverse("rules:self_check"), {"as_of": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["result"]["verdict"] == "ineligible"  # no chain ticked, no staff
    statuses = {c["id"]: c["status"] for c in response.context["result"]["checks"]}
    assert statuses["independent_legal_person"] == "missing"
    assert statuses["registered_two_years"] == "missing"
