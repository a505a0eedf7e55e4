"""Public-notice periods (Article 8(三), Article 9(二)) counted as spec/calendar.md says.

Expected dates below were worked out by hand from the State Council's published schedules
for 2025 and 2026 (see reference/domain.md), not with the code under test.
"""

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotbase.workdays import DayRecord, HolidayTable, YearNotCovered


@pytest.fixture(scope="module")
def table() -> HolidayTable:
    return HolidayTable.from_chinese_calendar()


D = date.fromisoformat

# start, N, ends_on, why
NOTICE_PERIODS = [
    # spec/calendar.md's own examples
    ("2025-09-26", 5, "2025-10-09", "Fri; Sun 28 Sep worked; 1–8 Oct off"),
    ("2026-02-16", 5, "2026-02-28", "Spring Festival day; day 1 is 24 Feb; Sat 28 Feb worked"),
    # 2025 元旦 (1 Jan only)
    ("2024-12-31", 5, "2025-01-07", "31 Dec, 2, 3, 6, 7 Jan"),
    ("2025-01-01", 5, "2025-01-08", "holiday start: 2, 3, 6, 7, 8 Jan"),
    # 2025 春节 28 Jan–4 Feb, Sun 26 Jan and Sat 8 Feb worked
    ("2025-01-24", 5, "2025-02-06", "24 Jan, Sun 26, 27 Jan, 5, 6 Feb"),
    ("2025-01-28", 5, "2025-02-10", "5, 6, 7, Sat 8, Mon 10 Feb"),
    # 2025 清明 4–6 Apr
    ("2025-04-02", 5, "2025-04-09", "2, 3, 7, 8, 9 Apr"),
    # 2025 劳动节 1–5 May, Sun 27 Apr worked
    ("2025-04-25", 5, "2025-04-30", "25, Sun 27, 28, 29, 30 Apr"),
    ("2025-04-29", 5, "2025-05-08", "29, 30 Apr, 6, 7, 8 May"),
    # 2025 端午 31 May–2 Jun
    ("2025-05-29", 5, "2025-06-05", "29, 30 May, 3, 4, 5 Jun"),
    # 2025 国庆/中秋 1–8 Oct, Sat 11 Oct worked
    ("2025-10-01", 5, "2025-10-14", "9, 10, Sat 11, 13, 14 Oct"),
    # 2026 元旦 1–3 Jan, Sun 4 Jan worked; crosses the year
    ("2025-12-31", 5, "2026-01-07", "31 Dec, Sun 4, 5, 6, 7 Jan"),
    # 2026 春节 15–23 Feb, Sat 14 Feb and Sat 28 Feb worked
    ("2026-02-12", 5, "2026-02-25", "12, 13, Sat 14, 24, 25 Feb"),
    # 2026 清明 4–6 Apr
    ("2026-04-02", 5, "2026-04-09", "2, 3, 7, 8, 9 Apr"),
    # 2026 劳动节 1–5 May, Sat 9 May worked
    ("2026-04-29", 5, "2026-05-08", "29, 30 Apr, 6, 7, 8 May"),
    ("2026-05-01", 5, "2026-05-11", "6, 7, 8, Sat 9, Mon 11 May"),
    # 2026 端午 19–21 Jun
    ("2026-06-17", 5, "2026-06-24", "17, 18, 22, 23, 24 Jun"),
    # 2026 中秋 25–27 Sep, Sun 20 Sep worked
    ("2026-09-18", 5, "2026-09-23", "18, Sun 20, 21, 22, 23 Sep"),
    ("2026-09-24", 5, "2026-10-08", "24, 28, 29, 30 Sep, 8 Oct"),
    # 2026 国庆 1–7 Oct, Sat 10 Oct worked
    ("2026-10-01", 5, "2026-10-13", "8, 9, Sat 10, 12, 13 Oct"),
    # starts on an ordinary weekend
    ("2026-03-07", 5, "2026-03-13", "Sat; 9–13 Mar"),
    ("2026-09-19", 5, "2026-09-24", "Sat off; day 1 is the worked Sun 20 Sep"),
    # starts on an adjusted working day: it is day 1
    ("2026-02-14", 5, "2026-02-27", "Sat 14, 24, 25, 26, 27 Feb"),
    ("2026-01-04", 5, "2026-01-08", "Sun 4, 5, 6, 7, 8 Jan"),
    # other lengths
    ("2026-02-16", 1, "2026-02-24", "one day, starting in a holiday"),
    ("2026-03-09", 1, "2026-03-09", "one day, starting on a working day"),
    ("2026-02-13", 2, "2026-02-14", "Fri, then the worked Sat"),
    # the last days of the last covered year stay computable
    ("2026-12-24", 5, "2026-12-30", "24, 25, 28, 29, 30 Dec"),
    ("2026-12-25", 5, "2026-12-31", "25, 28, 29, 30, 31 Dec"),
]


@pytest.mark.parametrize(("start", "days", "ends_on", "why"), NOTICE_PERIODS)
def test_notice_end_matches_the_published_schedule(table, start, days, ends_on, why):
    assert table.notice_end(D(start), days) == D(ends_on), why


def test_notice_lasts_five_working_days_by_default(table):
    assert table.notice_end(D("2025-09-26")) == D("2025-10-09")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-02-14", True),  # Saturday, worked for 春节
        ("2026-10-10", True),  # Saturday, worked for 国庆节
        ("2025-09-28", True),  # Sunday, worked
        ("2026-10-05", False),  # Monday inside 国庆节
        ("2026-02-16", False),  # Monday inside 春节
        ("2026-03-07", False),  # ordinary Saturday
        ("2026-03-09", True),  # ordinary Monday
    ],
)
def test_is_workday(table, day, expected):
    assert table.is_workday(D(day)) is expected


@pytest.mark.parametrize("start", ["2026-12-28", "2026-12-26", "2027-01-04"])
def test_period_reaching_an_unentered_year_is_refused_naming_the_year(table, start):
    with pytest.raises(YearNotCovered) as raised:
        table.notice_end(D(start), 5)
    assert str(raised.value) == "2027 年节假日安排尚未录入"
    assert raised.value.year == 2027


def test_days_in_an_unentered_year_are_never_guessed(table):
    with pytest.raises(YearNotCovered, match="^2027 年节假日安排尚未录入$"):
        table.is_workday(D("2027-01-04"))
    with pytest.raises(YearNotCovered, match="^2003 年节假日安排尚未录入$"):
        table.is_workday(D("2003-12-31"))
    with pytest.raises(YearNotCovered, match="2027"):
        table.working_days_between(D("2026-12-01"), D("2027-01-05"))
    with pytest.raises(YearNotCovered, match="2027"):
        table.add_working_days(D("2026-12-31"), 1)
    # 1 Jan 2004 is off, so there is no working day before 2 Jan 2004 within the data.
    with pytest.raises(YearNotCovered, match="2003"):
        table.add_working_days(D("2004-01-02"), -1)


def test_a_year_in_the_middle_without_data_is_refused():
    table = HolidayTable([], covered_years={2030, 2032})
    assert table.notice_end(D("2030-12-30"), 2) == D("2030-12-31")
    with pytest.raises(YearNotCovered, match="^2031 年"):
        table.notice_end(D("2030-12-30"), 3)
    with pytest.raises(YearNotCovered, match="^2031 年"):
        table.add_working_days(D("2032-01-01"), -1)


def test_a_corrected_day_alone_does_not_make_a_year_usable():
    record = DayRecord(D("2027-01-01"), "off", "元旦", "更正")
    table = HolidayTable([record], covered_years={2026})
    assert table.record_for(D("2027-01-01")) == record
    with pytest.raises(YearNotCovered):
        table.is_workday(D("2027-01-04"))


def test_a_covered_year_without_special_days_counts_weekdays():
    table = HolidayTable([], covered_years={2030})
    # 2030-01-04 is a Friday
    assert table.notice_end(D("2030-01-04"), 5) == D("2030-01-10")


def test_table_from_rows_honours_its_own_days():
    # an administrator's correction: a weekday off and a worked Sunday
    rows = [
        DayRecord(D("2030-01-07"), "off", "示例假日", "测试"),
        DayRecord(D("2030-01-13"), "work", "示例假日", "测试"),
    ]
    table = HolidayTable(rows, covered_years=[2030])
    assert not table.is_workday(D("2030-01-07"))
    assert table.is_workday(D("2030-01-13"))
    # Fri 4, Mon 7 off, 8, 9, 10, 11, Sun 13 worked
    assert table.notice_end(D("2030-01-04"), 6) == D("2030-01-13")


def test_duplicate_rows_are_refused():
    with pytest.raises(ValueError, match="2030-01-07"):
        HolidayTable(
            [
                DayRecord(D("2030-01-07"), "off", "甲", "测试"),
                DayRecord(D("2030-01-07"), "work", "乙", "测试"),
            ],
            covered_years=[2030],
        )


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-09-30", 1, "2025-10-09"),
        ("2025-10-09", -1, "2025-09-30"),
        ("2026-01-05", -1, "2026-01-04"),  # the worked Sunday
        ("2026-01-04", -1, "2025-12-31"),  # back across the year
        ("2026-02-13", 2, "2026-02-24"),  # Sat 14, then after 春节
        ("2026-02-16", 0, "2026-02-16"),
    ],
)
def test_add_working_days(table, start, n, expected):
    assert table.add_working_days(D(start), n) == D(expected)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-09-26", "2025-10-09", 5),
        ("2026-02-16", "2026-02-28", 5),
        ("2026-10-01", "2026-10-07", 0),
        ("2026-02-14", "2026-02-14", 1),
        ("2025-12-31", "2026-01-07", 5),
    ],
)
def test_working_days_between_counts_both_ends(table, start, end, expected):
    assert table.working_days_between(D(start), D(end)) == expected


def test_bad_arguments_are_refused(table):
    with pytest.raises(ValueError):
        table.notice_end(D("2026-03-09"), 0)
    with pytest.raises(ValueError):
        table.working_days_between(D("2026-03-10"), D("2026-03-09"))
    # a datetime's day depends on its time zone: the caller must pass a local date
    with pytest.raises(TypeError):
        table.is_workday(datetime(2026, 3, 9, 23, 30))


covered_dates = st.dates(min_value=D("2004-01-01"), max_value=D("2026-10-31"))


@settings(max_examples=300, deadline=None)
@given(start=covered_dates, days=st.integers(min_value=1, max_value=30))
def test_notice_holds_exactly_its_working_days(table, start, days):
    ends_on = table.notice_end(start, days)
    assert table.is_workday(ends_on)
    first = start
    while not table.is_workday(first):
        first += timedelta(days=1)
    counted = sum(table.is_workday(first + timedelta(days=i)) for i in range((ends_on - first).days + 1))
    assert counted == days
    assert table.working_days_between(first, ends_on) == days


@settings(max_examples=300, deadline=None)
@given(start=covered_dates, days=st.integers(min_value=1, max_value=30))
def test_notice_end_agrees_with_chinese_calendar(table, start, days):
    # reference/domain.md: find_workday(N-1, D) is the N-th working day counting D
    assert table.notice_end(start, days) == chinese_calendar.find_workday(days - 1, start)


@settings(max_examples=500, deadline=None)
@given(day=st.dates(min_value=D("2004-01-01"), max_value=D("2026-12-31")))
def test_is_workday_agrees_with_chinese_calendar(table, day):
    assert table.is_workday(day) is chinese_calendar.is_workday(day)


@settings(max_examples=200, deadline=None)
@given(start=covered_dates, n=st.integers(min_value=-30, max_value=30).filter(bool))
def test_add_then_count(table, start, n):
    # stay away from the edges of the data
    start = max(start, D("2004-03-01"))
    result = table.add_working_days(start, n)
    assert table.is_workday(result)
    if n > 0:
        assert table.working_days_between(start + timedelta(days=1), result) == n
    else:
        assert table.working_days_between(result, start - timedelta(days=1)) == -n
