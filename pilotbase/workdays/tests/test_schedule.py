"""The import format an administrator uses to enter a new year's State Council schedule."""

import json
from datetime import date
from pathlib import Path

import pytest

from pilotbase.workdays import (
    HolidayTable,
    Schedule,
    ScheduleError,
    YearNotCovered,
    dump_schedule,
    parse_schedule,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_example_json_parses_and_says_it_is_an_example():
    schedule = parse_schedule((EXAMPLES / "2027-example.json").read_text(encoding="utf-8"), "json")
    assert schedule.year == 2027
    assert len(schedule.days) == 11
    assert all("示例" in r.source for r in schedule.days)
    worked = [r for r in schedule.days if r.kind == "work"]
    assert [(r.date, r.name) for r in worked] == [(date(2027, 2, 20), "春节")]
    # a day's own source overrides the file's
    assert len(schedule.sources) == 2


def test_example_csv_parses():
    schedule = parse_schedule((EXAMPLES / "2027-example.csv").read_text(encoding="utf-8"), "csv")
    assert schedule.year == 2027
    assert [r.kind for r in schedule.days] == ["off", "off", "off", "off", "work"]


def test_importing_a_year_makes_it_computable():
    table = HolidayTable.from_chinese_calendar()
    with pytest.raises(YearNotCovered):
        table.notice_end(date(2026, 12, 28))
    schedule = parse_schedule((EXAMPLES / "2027-example.json").read_text(encoding="utf-8"), "json")
    extended = table.with_schedule(schedule)
    assert 2027 in extended.covered_years()
    # 28–31 Dec, then 1–3 Jan off in the example, so day 5 is Mon 4 Jan
    assert extended.notice_end(date(2026, 12, 28)) == date(2027, 1, 4)
    assert extended.is_workday(date(2027, 2, 20))


def test_reimporting_a_year_replaces_it():
    table = HolidayTable.from_chinese_calendar()
    corrected = table.with_schedule(Schedule(2026, ()))
    assert corrected.is_workday(date(2026, 10, 5))
    assert corrected.records(2026) == []
    assert corrected.records(2025) == table.records(2025)


def test_a_year_without_special_days_is_accepted():
    schedule = parse_schedule('{"year": 2030, "source": "某通知", "days": []}', "json")
    assert schedule == Schedule(2030, ())


def test_bom_and_blank_lines_in_csv_are_tolerated():
    text = "\ufeffdate,kind,name,source\r\n2027-01-01,off,元旦,某通知\r\n\r\n"
    assert parse_schedule(text, "csv").days[0].date == date(2027, 1, 1)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_round_trip(fmt):
    table = HolidayTable.from_chinese_calendar()
    for year in (2015, 2020, 2026):
        schedule = Schedule(year, tuple(table.records(year)))
        assert parse_schedule(dump_schedule(schedule, fmt), fmt) == schedule


def csv_of(*rows: str) -> str:
    return "\n".join(["date,kind,name,source", *rows]) + "\n"


def json_of(*days: dict, year: int = 2027) -> str:
    return json.dumps({"year": year, "source": "某通知", "days": list(days)}, ensure_ascii=False)


CSV_ERRORS = [
    (
        csv_of("2027-01-01,off,元旦,某通知", "2028-01-01,off,元旦,某通知"),
        "第 3 行 date：2028-01-01 不属于 2027 年",
    ),
    (csv_of("2027-01-01,holiday,元旦,某通知"), "第 2 行 kind：未知的类型“holiday”"),
    (
        csv_of("2027-01-01,off,元旦,某通知", "2027-01-02,off,元旦,某通知", "2027-01-01,off,元旦,某通知"),
        "第 4 行 date：2027-01-01 重复，已在 第 2 行 出现",
    ),
    (csv_of("2027-01-04,work,元旦,某通知"), "第 2 行 kind：2027-01-04 是星期一，本来就是工作日"),
    (csv_of("2027-02-30,off,春节,某通知"), "第 2 行 date：“2027-02-30”不是有效日期"),
    (csv_of("2027/01/01,off,元旦,某通知"), "第 2 行 date：“2027/01/01”不是 YYYY-MM-DD 形式的日期"),
    (csv_of("2027-01-01,off,,某通知"), "第 2 行 name：节日名称不能为空"),
    (csv_of("2027-01-01,off,元旦,"), "第 2 行 source：来源（发布安排的通知）不能为空"),
    (csv_of("2027-01-01,off,元旦"), "第 2 行：应有 4 列"),
    ("日期,类型,名称,来源\n", "第 1 行：第一行应为表头 date,kind,name,source"),
    (csv_of(), "文件中没有任何日期"),
]


@pytest.mark.parametrize(("text", "message"), CSV_ERRORS)
def test_csv_errors_name_the_line_and_field(text, message):
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(text, "csv")
    assert str(raised.value).startswith(message)


JSON_ERRORS = [
    (
        json_of({"date": "2028-01-01", "kind": "off", "name": "元旦"}),
        "days[0].date：2028-01-01 不属于 2027 年",
    ),
    (json_of({"date": "2027-01-01", "kind": "休", "name": "元旦"}), "days[0].kind：未知的类型“休”"),
    (
        json_of(
            {"date": "2027-01-01", "kind": "off", "name": "元旦"},
            {"date": "2027-01-01", "kind": "off", "name": "元旦"},
        ),
        "days[1].date：2027-01-01 重复，已在 days[0] 出现",
    ),
    (json_of({"date": "2027-01-05", "kind": "work", "name": "元旦"}), "days[0].kind：2027-01-05 是星期二"),
    (json_of({"date": "2027-01-01", "kind": "off"}), "days[0].name：缺少字段"),
    (json_of({"date": "2027-01-01", "kind": "off", "name": "元旦", "note": "x"}), "days[0]：未知字段 note"),
    (json.dumps({"year": "2027", "days": []}), "year：年份应为整数"),
    (
        json.dumps({"year": 2027, "days": [{"date": "2027-01-01", "kind": "off", "name": "元旦"}]}),
        "days[0].source：",
    ),
    ('{"year": 2027,\n "days": [}', "第 2 行第 11 列：JSON 格式错误"),
    (json.dumps({"year": 2027, "dais": []}), "未知字段 dais"),
]


@pytest.mark.parametrize(("text", "message"), JSON_ERRORS)
def test_json_errors_name_the_field(text, message):
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(text, "json")
    assert str(raised.value).startswith(message)


def test_an_off_day_on_an_ordinary_weekend_is_allowed():
    # 2027-01-09 is a Saturday; listing it as off changes nothing but is not an error
    schedule = parse_schedule(csv_of("2027-01-09,off,元旦,某通知"), "csv")
    assert schedule.days[0].kind == "off"


def test_a_worked_weekend_day_is_allowed():
    schedule = parse_schedule(csv_of("2027-01-10,work,元旦,某通知"), "csv")
    assert schedule.days[0].kind == "work"


def test_the_year_asked_for_must_match():
    with pytest.raises(ScheduleError, match="^year：文件中的年份 2027 与要导入的年份 2028 不符"):
        parse_schedule(json_of(), "json", year=2028)
    with pytest.raises(ScheduleError, match="^第 2 行 date：2027-01-01 不属于 2028 年"):
        parse_schedule(csv_of("2027-01-01,off,元旦,某通知"), "csv", year=2028)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="xlsx"):
        parse_schedule("", "xlsx")
