"""The holiday table seeded from chinesecalendar matches the published State Council schedules."""

from datetime import date, timedelta

import pytest

from pilotbase.workdays import (
    HolidayTable,
    chinese_calendar_years,
    records_from_chinese_calendar,
    state_council_notice_title,
)


def span(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# reference/domain.md, "Working days", 2026 (notice of 2025-11-04)
PUBLISHED_2026_OFF = {
    **dict.fromkeys(span("2026-01-01", "2026-01-03"), "元旦"),
    **dict.fromkeys(span("2026-02-15", "2026-02-23"), "春节"),
    **dict.fromkeys(span("2026-04-04", "2026-04-06"), "清明"),
    **dict.fromkeys(span("2026-05-01", "2026-05-05"), "劳动节"),
    **dict.fromkeys(span("2026-06-19", "2026-06-21"), "端午"),
    **dict.fromkeys(span("2026-09-25", "2026-09-27"), "中秋"),
    **dict.fromkeys(span("2026-10-01", "2026-10-07"), "国庆节"),
}
PUBLISHED_2026_WORK = {
    date(2026, 1, 4): "元旦",
    date(2026, 2, 14): "春节",
    date(2026, 2, 28): "春节",
    date(2026, 5, 9): "劳动节",
    date(2026, 9, 20): "国庆节",
    date(2026, 10, 10): "国庆节",
}

# the 2025 notice (国务院办公厅关于2025年部分节假日安排的通知)
PUBLISHED_2025_OFF = {
    date(2025, 1, 1),
    *span("2025-01-28", "2025-02-04"),
    *span("2025-04-04", "2025-04-06"),
    *span("2025-05-01", "2025-05-05"),
    *span("2025-05-31", "2025-06-02"),
    *span("2025-10-01", "2025-10-08"),
}
PUBLISHED_2025_WORK = {
    date(2025, 1, 26),
    date(2025, 2, 8),
    date(2025, 4, 27),
    date(2025, 9, 28),
    date(2025, 10, 11),
}


@pytest.fixture(scope="module")
def records():
    return records_from_chinese_calendar()


def test_2026_is_the_published_schedule(records):
    in_2026 = [r for r in records if r.date.year == 2026]
    assert {r.date: r.name for r in in_2026 if r.kind == "off"} == PUBLISHED_2026_OFF
    assert {r.date: r.name for r in in_2026 if r.kind == "work"} == PUBLISHED_2026_WORK
    assert {r.source for r in in_2026} == {"国务院办公厅关于2026年部分节假日安排的通知"}


def test_2025_is_the_published_schedule(records):
    in_2025 = [r for r in records if r.date.year == 2025]
    assert {r.date for r in in_2025 if r.kind == "off"} == PUBLISHED_2025_OFF
    assert {r.date for r in in_2025 if r.kind == "work"} == PUBLISHED_2025_WORK
    assert {r.date: r.name for r in in_2025}[date(2025, 10, 8)] == "国庆节"


def test_every_holiday_day_is_stored_with_its_name_even_on_a_weekend(records):
    by_date = {r.date: r for r in records}
    sunday_in_spring_festival = by_date[date(2026, 2, 15)]
    assert (sunday_in_spring_festival.kind, sunday_in_spring_festival.name) == ("off", "春节")
    assert all(r.name for r in records)


def test_adjusted_working_days_are_all_weekends(records):
    assert all(r.date.weekday() >= 5 for r in records if r.kind == "work")


def test_amending_notices_are_named(records):
    by_date = {r.date: r for r in records}
    assert by_date[date(2020, 1, 31)].source == "国务院办公厅关于延长2020年春节假期的通知"
    assert by_date[date(2020, 1, 24)].source == state_council_notice_title(2020)
    assert "70周年纪念日" in by_date[date(2015, 9, 3)].source
    assert by_date[date(2015, 9, 6)].kind == "work"


def test_covered_years_are_those_the_package_holds():
    assert chinese_calendar_years() == frozenset(range(2004, 2027))
    assert HolidayTable.from_chinese_calendar().covered_years() == frozenset(range(2004, 2027))


def test_one_record_per_day(records):
    assert len({r.date for r in records}) == len(records)
