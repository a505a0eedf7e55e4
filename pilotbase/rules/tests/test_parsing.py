"""Bad input is rejected as a whole, with a message that names the field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilotbase.rules import Facts, FactsError, StaffMember, china_today, evaluate, parse_facts

from .documents import edit, meets, person, set_path, spec_example, without


def rejection(document: Any) -> FactsError:
    with pytest.raises(FactsError) as raised:
        evaluate(document)
    return raised.value


def test_the_spec_message_for_an_unknown_education_code() -> None:
    staff = [person() for _ in range(3)] + [person(education="phd")]
    error = rejection(edit(meets(), staff=staff))
    assert str(error) == "staff[3].education: unknown code 'phd'"
    assert error.field_path == "staff[3].education"
    assert error.message == "unknown code 'phd'"
    assert "phd" in error.message_zh


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        # not the right kind of value; `true` is not a number and `1` is not a boolean
        ("external_pilot_projects", True, "external_pilot_projects"),
        ("external_pilot_projects", "3", "external_pilot_projects"),
        ("external_pilot_projects", 2.5, "external_pilot_projects"),
        ("site.area_m2", True, "site.area_m2"),
        ("site.area_m2", "2,000", "site.area_m2"),
        ("site.area_m2", "about 2000", "site.area_m2"),
        ("site.area_m2", "NaN", "site.area_m2"),
        ("site.area_m2", float("inf"), "site.area_m2"),
        ("site.area_m2", [2000], "site.area_m2"),
        ("equipment.original_value_yuan", False, "equipment.original_value_yuan"),
        ("applicant.independent_legal_person", 1, "applicant.independent_legal_person"),
        ("applicant.independent_legal_person", "true", "applicant.independent_legal_person"),
        ("applicant.independent_accounting", "yes", "applicant.independent_accounting"),
        ("team.technical_leader", 0, "team.technical_leader"),
        ("staff[0].full_time", "yes", "staff[0].full_time"),
        ("staff[1].years_of_service", True, "staff[1].years_of_service"),
        ("staff[2]", "engineer", "staff[2]"),
        ("staff", {"full_time": True}, "staff"),
        ("industry.chains", "cotton_textile", "industry.chains"),
        ("site", "big", "site"),
        # unknown codes
        ("staff[0].title", "professor", "staff[0].title"),
        ("staff[0].education", 3, "staff[0].education"),
        ("industry.chains", ["cotton_textile", "spaceflight"], "industry.chains[1]"),
        ("pilot_lines", ["pilot_plant"], "pilot_lines[0]"),
        ("ethics.fields", ["astrology"], "ethics.fields[0]"),
        (
            "safety.incidents",
            [{"date": "2025-01-01", "type": "fire", "severity": "major"}],
            "safety.incidents[0].type",
        ),
        (
            "safety.incidents",
            [{"date": "2025-01-01", "type": "quality", "severity": "catastrophic"}],
            "safety.incidents[0].severity",
        ),
        ("safety.incidents", [{"type": "quality", "severity": "major"}], "safety.incidents[0].date"),
        # negative numbers
        ("site.area_m2", "-1", "site.area_m2"),
        ("site.area_m2", -0.5, "site.area_m2"),
        ("equipment.original_value_yuan", -5000000, "equipment.original_value_yuan"),
        ("external_pilot_projects", -1, "external_pilot_projects"),
        ("staff[0].years_of_service", -3, "staff[0].years_of_service"),
        # dates that do not exist, are not dates, or come after as_of
        ("applicant.registered_on", "2023-02-29", "applicant.registered_on"),
        ("applicant.registered_on", "2023-13-01", "applicant.registered_on"),
        ("applicant.registered_on", "2023/01/01", "applicant.registered_on"),
        ("applicant.registered_on", "20230101", "applicant.registered_on"),
        ("applicant.registered_on", 20230101, "applicant.registered_on"),
        ("applicant.registered_on", "2026-03-02", "applicant.registered_on"),
        ("as_of", "2026-02-30", "as_of"),
        (
            "safety.incidents",
            [{"date": "2026-03-02", "type": "quality", "severity": "general"}],
            "safety.incidents[0].date",
        ),
        # a misspelt field is not silently "not given"
        ("site.aera_m2", "2600", "site.aera_m2"),
        ("staff[0].fulltime", True, "staff[0].fulltime"),
        ("teams", {}, "teams"),
    ],
)
def test_bad_input_names_the_field(path: str, value: Any, named: str) -> None:
    error = rejection(set_path(meets(), path, value))
    assert error.field_path == named
    assert str(error).startswith(f"{named}: ")


@pytest.mark.parametrize("document", [[], "facts", 42, None, True])
def test_a_document_that_is_not_an_object_is_rejected(document: Any) -> None:
    error = rejection(document)
    assert "object" in str(error)


def test_impossible_date_message() -> None:
    error = rejection(set_path(meets(), "applicant.registered_on", "2023-02-29"))
    assert str(error) == "applicant.registered_on: impossible date '2023-02-29'"


def test_registration_after_as_of_is_rejected_but_on_as_of_is_accepted() -> None:
    rejection(edit(meets(), as_of="2026-03-01", applicant__registered_on="2026-03-02"))
    result = evaluate(edit(meets(), as_of="2026-03-01", applicant__registered_on="2026-03-01"))
    assert result.check("registered_two_years").status == "fail"


def test_nothing_is_half_evaluated() -> None:
    # a valid first half does not produce a partial result: evaluate raises before any check runs
    document = set_path(meets(), "ethics.fields", ["unknown_field_of_science"])
    with pytest.raises(FactsError):
        evaluate(document)


def test_numbers_are_exact_decimals() -> None:
    facts = parse_facts(edit(meets(), site__area_m2=2000.1, equipment__original_value_yuan="5000000.10"))
    assert facts.area_m2 == Decimal("2000.1")
    assert facts.original_value_yuan == Decimal("5000000.10")
    facts = parse_facts(edit(meets(), site__area_m2=2000))
    assert facts.area_m2 == Decimal(2000)


def test_staff_entries_without_flags_do_not_count() -> None:
    facts = parse_facts(edit(meets(), staff=[{"education": "master"}, {"full_time": True}]))
    assert facts.staff == (
        StaffMember(False, False, "master", None, None),
        StaffMember(True, False, None, None, None),
    )


def test_as_of_defaults_to_the_given_today() -> None:
    document = without(meets(), "as_of")
    assert parse_facts(document, today=date(2026, 4, 1)).as_of == date(2026, 4, 1)
    assert evaluate(document, today=date(2026, 4, 1)).as_of == date(2026, 4, 1)


def test_today_is_taken_in_china_standard_time() -> None:
    # 2026-02-28 20:00 UTC is already 1 March in Beijing
    late_utc = datetime(2026, 2, 28, 20, 0, tzinfo=UTC)
    assert china_today(late_utc) == date(2026, 3, 1)
    early_utc = datetime(2026, 2, 28, 15, 59, tzinfo=UTC)
    assert china_today(early_utc) == date(2026, 2, 28)
    assert china_today(datetime(2026, 3, 1, 0, 0, tzinfo=timezone(timedelta(hours=-5)))) == date(2026, 3, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        china_today(datetime(2026, 3, 1, 12, 0))  # noqa: DTZ001 - the point of the test


def test_facts_can_be_evaluated_directly() -> None:
    facts = parse_facts(spec_example())
    assert isinstance(facts, Facts)
    assert evaluate(facts).to_dict() == evaluate(spec_example()).to_dict()
    later = facts._replace(as_of=date(2024, 5, 9))
    assert evaluate(later).check("registered_two_years").status == "fail"


def test_null_sections_and_lists_are_not_given() -> None:
    document = {"as_of": "2026-03-01", "applicant": None, "staff": None, "pilot_lines": None}
    result = evaluate(document)
    assert result.check("independent_legal_person").status == "missing"
    assert result.check("full_time_staff").status == "missing"


json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@given(
    path=st.sampled_from(
        ["site.area_m2", "staff[0]", "applicant", "safety.incidents", "ethics.fields", "as_of"]
    ),
    value=json_values,
)
def test_any_json_value_either_parses_or_raises_facts_error(path: str, value: Any) -> None:
    document = set_path(meets(), path, value)
    try:
        result = evaluate(document)
    except FactsError as error:
        assert error.field_path.split(".")[0].split("[")[0] in path
    else:
        assert len(result.checks) == 27
