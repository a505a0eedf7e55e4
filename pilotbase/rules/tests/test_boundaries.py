"""The boundaries of Article 7's numbers and periods, read as 《民法典》第一千二百五十九条 reads them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pilotbase.rules import add_years, evaluate

from .documents import edit, meets, person, unqualified


def status(document: dict, check_id: str) -> str:
    return evaluate(document).check(check_id).status


# --- money and areas ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        ("2000", "pass"),
        (2000, "pass"),
        ("2000.00", "pass"),
        (2000.0, "pass"),
        ("1999.99", "fail"),
        (1999.99, "fail"),
        ("1999.999999", "fail"),
        ("0", "fail"),
    ],
)
def test_site_area_of_2000_m2_is_enough(area: object, expected: str) -> None:
    assert status(edit(meets(), site__area_m2=area), "site_area") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5000000.00", "pass"),
        (5000000, "pass"),
        ("5000000", "pass"),
        ("4999999.99", "fail"),
        (4999999.99, "fail"),
        ("4999999.999", "fail"),
    ],
)
def test_equipment_value_of_exactly_five_million_is_enough(value: object, expected: str) -> None:
    assert status(edit(meets(), equipment__original_value_yuan=value), "equipment_value") == expected


def test_a_json_float_is_read_through_its_decimal_text() -> None:
    # 0.1 + 0.2 as a binary float is 0.30000000000000004; its decimal text is what the user typed.
    check = evaluate(edit(meets(), site__area_m2=1999.99)).check("site_area")
    assert check.values["area_m2"] == "1999.99"


@given(st.decimals(min_value=0, max_value=10_000, places=2))
def test_site_area_passes_exactly_from_2000(area: Decimal) -> None:
    expected = "pass" if area >= 2000 else "fail"
    assert status(edit(meets(), site__area_m2=str(area)), "site_area") == expected


@given(st.integers(min_value=0, max_value=20_000_000_00))
def test_equipment_value_passes_exactly_from_five_million(fen: int) -> None:
    yuan = Decimal(fen) / 100
    expected = "pass" if fen >= 5_000_000_00 else "fail"
    assert status(edit(meets(), equipment__original_value_yuan=f"{yuan:.2f}"), "equipment_value") == expected


@given(st.integers(min_value=0, max_value=10))
def test_two_external_projects_suffice_without_a_pilot_line(projects: int) -> None:
    document = edit(meets(), pilot_lines=[], external_pilot_projects=projects)
    assert status(document, "pilot_line_or_projects") == ("pass" if projects >= 2 else "fail")


# --- the 60 % share -------------------------------------------------------------------------------


def test_exactly_three_of_five_qualified_is_sixty_percent_and_passes() -> None:
    staff = [person() for _ in range(3)] + [unqualified(), unqualified()]
    check = evaluate(edit(meets(), staff=staff)).check("qualified_ratio")
    assert check.status == "pass"
    assert (check.values["qualified"], check.values["full_time"]) == (3, 5)


def test_the_denominator_is_all_full_time_staff_not_only_technical() -> None:
    # 3 qualified technical people; 2 qualified but not technical people still count in the total.
    staff = [person() for _ in range(3)] + [person(technical=False, education="doctorate")] * 3
    check = evaluate(edit(meets(), staff=staff)).check("qualified_ratio")
    assert (check.values["qualified"], check.values["full_time"]) == (3, 6)
    assert check.status == "fail"  # 50 %


def test_part_time_people_never_count_even_when_qualified() -> None:
    staff = [person() for _ in range(2)] + [unqualified()] * 2 + [person(full_time=False)] * 10
    check = evaluate(edit(meets(), staff=staff)).check("qualified_ratio")
    assert (check.values["qualified"], check.values["full_time"]) == (2, 4)
    assert check.status == "fail"


@pytest.mark.parametrize(
    ("qualification", "qualifies"),
    [
        ({"education": "bachelor"}, True),
        ({"education": "master"}, True),
        ({"education": "doctorate"}, True),
        ({"education": "associate"}, False),
        ({"title": "intermediate"}, True),
        ({"title": "associate_senior"}, True),
        ({"title": "senior"}, True),
        ({"title": "junior"}, False),
        ({"years": 8}, True),
        ({"years": "8.0"}, True),
        ({"years": "7.99"}, False),
        ({"years": 7}, False),
        ({"years": None}, False),
    ],
)
def test_any_one_qualification_is_enough(qualification: dict, qualifies: bool) -> None:
    candidate = unqualified(**qualification)
    check = evaluate(edit(meets(), staff=[candidate])).check("qualified_ratio")
    assert check.values["qualified"] == (1 if qualifies else 0)


@given(
    qualified=st.integers(min_value=0, max_value=60),
    unqualified_technical=st.integers(min_value=0, max_value=60),
    non_technical=st.integers(min_value=0, max_value=60),
    part_time=st.integers(min_value=0, max_value=5),
)
def test_qualified_ratio_is_exact_near_sixty_percent(
    qualified: int, unqualified_technical: int, non_technical: int, part_time: int
) -> None:
    staff = (
        [person() for _ in range(qualified)]
        + [unqualified() for _ in range(unqualified_technical)]
        + [person(technical=False, education="doctorate") for _ in range(non_technical)]
        + [person(full_time=False) for _ in range(part_time)]
    )
    total = qualified + unqualified_technical + non_technical
    check = evaluate(edit(meets(), staff=staff)).check("qualified_ratio")
    if total == 0:
        assert check.status == "missing"
    else:
        assert check.status == ("pass" if Fraction(qualified, total) >= Fraction(3, 5) else "fail")
        assert check.values["full_time"] == total


@given(st.integers(min_value=1, max_value=400))
def test_ratio_at_and_just_below_sixty_percent(total: int) -> None:
    at_least = -(-total * 3 // 5)  # the smallest count reaching 60 %
    staff_at = [person() for _ in range(at_least)] + [unqualified() for _ in range(total - at_least)]
    assert status(edit(meets(), staff=staff_at), "qualified_ratio") == "pass"
    if at_least > 0:
        staff_below = [person() for _ in range(at_least - 1)] + [
            unqualified() for _ in range(total - at_least + 1)
        ]
        assert status(edit(meets(), staff=staff_below), "qualified_ratio") == "fail"


@pytest.mark.parametrize(("full_time", "expected"), [(6, "pass"), (5, "fail")])
def test_six_full_time_staff(full_time: int, expected: str) -> None:
    staff = [person() for _ in range(full_time)] + [person(full_time=False) for _ in range(4)]
    assert status(edit(meets(), staff=staff), "full_time_staff") == expected


@pytest.mark.parametrize(("technical", "expected"), [(4, "pass"), (3, "fail")])
def test_four_full_time_technical_staff(technical: int, expected: str) -> None:
    staff = (
        [person() for _ in range(technical)]
        + [person(technical=False) for _ in range(6)]
        + [person(full_time=False) for _ in range(3)]
    )
    assert status(edit(meets(), staff=staff), "full_time_technical_staff") == expected


# --- two years -------------------------------------------------------------------------------------


def registered(on: str, as_of: str) -> str:
    document = edit(meets(), as_of=as_of, applicant__registered_on=on, safety__incidents=[])
    return status(document, "registered_two_years")


@pytest.mark.parametrize(
    ("registered_on", "as_of", "expected"),
    [
        ("2024-03-01", "2026-03-01", "pass"),  # the anniversary itself: 满两年
        ("2024-03-02", "2026-03-01", "fail"),
        ("2024-02-29", "2026-02-28", "pass"),  # no 29 February in 2026: the month's last day
        ("2024-02-29", "2026-02-27", "fail"),
        ("2024-02-28", "2026-02-28", "pass"),
        ("2024-02-28", "2026-02-27", "fail"),
        ("2026-03-01", "2026-03-01", "fail"),  # registered today
    ],
)
def test_registered_two_years(registered_on: str, as_of: str, expected: str) -> None:
    assert registered(registered_on, as_of) == expected


def test_registration_on_29_february_reaches_two_years_on_28_february() -> None:
    check = evaluate(edit(meets(), as_of="2026-02-28", applicant__registered_on="2024-02-29")).check(
        "registered_two_years"
    )
    assert check.status == "pass"
    assert check.values["two_years_on"] == "2026-02-28"


def test_add_years_is_calendar_correct() -> None:
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2024, 2, 29), -1) == date(2023, 2, 28)
    assert add_years(date(2026, 2, 28), -2) == date(2024, 2, 28)
    assert add_years(date(2025, 12, 31), 2) == date(2027, 12, 31)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(-50, 50))
def test_add_years_keeps_month_and_day_except_29_february(day: date, years: int) -> None:
    later = add_years(day, years)
    assert later.year == day.year + years
    assert later.month == day.month
    if (day.month, day.day) == (2, 29):
        assert later.day in (28, 29)
    else:
        assert later.day == day.day


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=2000),
)
def test_registered_two_years_is_the_anniversary(registered_on: date, days_later: int) -> None:
    as_of = registered_on + timedelta(days=days_later)
    expected = "pass" if as_of >= add_years(registered_on, 2) else "fail"
    assert registered(registered_on.isoformat(), as_of.isoformat()) == expected
    # monotone: one day later never un-passes
    if expected == "pass":
        assert registered(registered_on.isoformat(), (as_of + timedelta(days=1)).isoformat()) == "pass"


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2030, 12, 31)))
def test_registration_exactly_two_years_back_passes_and_one_day_less_fails(as_of: date) -> None:
    two_years_back = add_years(as_of, -2)
    assume(add_years(two_years_back, 2) == as_of)  # as_of on 29 February has no exact counterpart
    assert registered(two_years_back.isoformat(), as_of.isoformat()) == "pass"
    assert registered((two_years_back + timedelta(days=1)).isoformat(), as_of.isoformat()) == "fail"


# --- the incident window ---------------------------------------------------------------------------


def incident_status(incident_on: str, as_of: str, severity: str = "larger") -> str:
    incidents = [{"date": incident_on, "type": "production_safety", "severity": severity}]
    document = edit(meets(), as_of=as_of, applicant__registered_on="1990-01-01", safety__incidents=incidents)
    return status(document, "no_major_incident")


@pytest.mark.parametrize(
    ("incident_on", "as_of", "expected"),
    [
        ("2024-03-01", "2026-03-01", "fail"),  # exactly two years back: 近两年内 counts it
        ("2024-02-29", "2026-03-01", "pass"),  # one day more: outside
        ("2026-03-01", "2026-03-01", "fail"),  # on as_of itself
        ("2026-02-28", "2026-02-28", "fail"),
        ("2024-02-28", "2026-02-28", "fail"),
        ("2024-02-27", "2026-02-28", "pass"),
        ("2026-02-28", "2028-02-29", "fail"),  # as_of 29 Feb: two years back is 28 Feb
        ("2026-02-27", "2028-02-29", "pass"),
    ],
)
def test_incident_window_includes_both_ends(incident_on: str, as_of: str, expected: str) -> None:
    assert incident_status(incident_on, as_of) == expected


@pytest.mark.parametrize(
    ("severity", "expected"),
    [("general", "pass"), ("larger", "fail"), ("major", "fail"), ("extraordinary", "fail")],
)
def test_larger_and_above_counts(severity: str, expected: str) -> None:
    assert incident_status("2025-06-01", "2026-03-01", severity) == expected


@given(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=1500),
    st.sampled_from(["general", "larger", "major", "extraordinary"]),
)
def test_incident_counts_exactly_inside_the_window(as_of: date, days_back: int, severity: str) -> None:
    incident_on = as_of - timedelta(days=days_back)
    inside = add_years(as_of, -2) <= incident_on
    expected = "fail" if inside and severity != "general" else "pass"
    assert incident_status(incident_on.isoformat(), as_of.isoformat(), severity) == expected


# --- the verdict -------------------------------------------------------------------------------------

fail_edits = st.sampled_from(
    [
        {"site__area_m2": "1"},
        {"applicant__credit_blacklisted": True},
        {"team__fixed_rd_team": False},
        {"openness__service_list_published": False},
    ]
)
# fields disjoint from fail_edits, so that one edit never undoes another
missing_edits = st.sampled_from(
    [
        {"equipment__original_value_yuan": None},
        {"applicant__operating_normally": None},
        {"staff": None},
        {"safety__incidents": None},
        {"ethics": None},
    ]
)


@given(st.lists(fail_edits, max_size=3), st.lists(missing_edits, max_size=3))
def test_fail_beats_missing_beats_meets(fails: list[dict], missings: list[dict]) -> None:
    document = meets()
    for change in [*fails, *missings]:
        document = edit(document, **change)
    result = evaluate(document)
    statuses = {check.status for check in result.checks}
    if fails:
        assert result.verdict == "ineligible"
    elif missings:
        assert result.verdict == "incomplete"
    else:
        assert result.verdict == "meets_thresholds"
    assert ("fail" in statuses) == bool(fails)
    assert ("missing" in statuses) == bool(missings)


def test_manual_checks_do_not_hold_back_meets_thresholds() -> None:
    result = evaluate(meets())
    assert result.verdict == "meets_thresholds"
    assert [c.id for c in result.checks if c.status == "manual"] == [
        "location_tech_advantage",
        "standards_compliance",
        "service_effectiveness",
    ]
