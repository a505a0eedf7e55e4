"""Working days (工作日) for the public notices of Article 8(三) and Article 9(二).

A public notice lasts 5 working days. Working days follow the State Council's yearly
holiday schedule, not the plain week: weekdays inside a holiday are off, and some
Saturdays and Sundays are worked (调休上班). The contract is ``spec/calendar.md``.

This module is pure Python so that the Django layer, the CLI and the tests share one
arithmetic. The Django layer builds a :class:`HolidayTable` from its holiday rows
(date, kind, name, source) and the set of years whose schedule has been entered.

A year without an entered schedule is never guessed: any computation that reaches into it
raises :class:`YearNotCovered`, because a weekend-only fallback is wrong in China.
"""

from __future__ import annotations

import csv
import io
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date, datetime
from typing import Final, Literal

__all__ = [
    "NOTICE_WORKING_DAYS",
    "OFF",
    "WORK",
    "DayRecord",
    "HolidayTable",
    "Kind",
    "Schedule",
    "ScheduleError",
    "YearNotCovered",
    "chinese_calendar_years",
    "dump_schedule",
    "parse_schedule",
    "records_from_chinese_calendar",
    "state_council_notice_title",
]

# Article 8(三) and Article 9(二): 公示期为 5 个工作日.
NOTICE_WORKING_DAYS: Final = 5

Kind = Literal["off", "work"]
OFF: Final = "off"  # a day off (放假), whether it falls on a weekday or a weekend inside a holiday
WORK: Final = "work"  # an adjusted working day (调休上班) on a Saturday or Sunday
KINDS: Final = (OFF, WORK)
KIND_LABELS: Final = {OFF: "放假", WORK: "调休上班"}

_WEEKDAY_NAMES: Final = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def _check_date(value: object, what: str = "日期") -> date:
    # A datetime would compare unequal to the date keys, and its day depends on the time
    # zone it was taken in; callers must convert to a local (Asia/Shanghai) date first.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{what}应为 datetime.date，收到 {type(value).__name__}")
    return value


def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


def _working_ordinals(year: int, special: dict[int, str]) -> list[int]:
    """The ordinals of a year's working days, given its special days' kinds by ordinal."""
    working = []
    for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1):
        kind = special.get(ordinal)
        # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is date.weekday().
        if kind == WORK or (kind is None and (ordinal - 1) % 7 < 5):
            working.append(ordinal)
    return working


@dataclass(frozen=True)
class DayRecord:
    """One entry of the holiday table: a day off or an adjusted working day.

    ``name`` is the holiday the day belongs to (春节, 国庆节 …); for an adjusted working
    day it is the holiday the day is worked for. ``source`` names the notice it came from.
    """

    date: date
    kind: Kind
    name: str
    source: str

    def __post_init__(self) -> None:
        _check_date(self.date)
        if self.kind not in KINDS:
            raise ValueError(f"未知的类型“{self.kind}”，只能是 off（放假）或 work（调休上班）")


class YearNotCovered(LookupError):
    """A computation reached a year whose holiday schedule has not been entered."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"{year} 年节假日安排尚未录入")


class HolidayTable:
    """The system's holiday table and the working-day arithmetic built on it.

    ``records`` are the special days (days off and adjusted working days);
    ``covered_years`` are the years whose schedule has been entered. Only covered years can
    be computed with; a record in a year that is not covered is kept but does not make the
    year usable, because one corrected day is not a whole schedule.

    Each covered year's working days are precomputed as a sorted list of ordinals, so that
    every computation is a binary search plus one step per year crossed.
    """

    def __init__(self, records: Iterable[DayRecord], covered_years: Iterable[int]) -> None:
        self._records: dict[date, DayRecord] = {}
        for record in records:
            if not isinstance(record, DayRecord):
                raise TypeError(f"应为 DayRecord，收到 {type(record).__name__}")
            if record.date in self._records:
                raise ValueError(f"{record.date.isoformat()} 在节假日表中出现两次")
            self._records[record.date] = record
        self._covered: frozenset[int] = frozenset(int(year) for year in covered_years)
        kinds_by_year: dict[int, dict[int, str]] = {}
        for day, record in self._records.items():
            kinds_by_year.setdefault(day.year, {})[day.toordinal()] = record.kind
        self._working: dict[int, list[int]] = {
            year: _working_ordinals(year, kinds_by_year.get(year, {})) for year in self._covered
        }

    @classmethod
    def from_chinese_calendar(cls) -> HolidayTable:
        """The table seeded from the chinesecalendar package (2004–2026 in version 1.11.0)."""
        records = records_from_chinese_calendar()
        return cls(records, {record.date.year for record in records})

    # --- what the table holds -------------------------------------------------------------

    def covered_years(self) -> frozenset[int]:
        """The years whose schedule has been entered."""
        return self._covered

    def is_covered(self, year: int) -> bool:
        return year in self._covered

    def require_year(self, year: int) -> None:
        """Raise :class:`YearNotCovered` unless the year's schedule has been entered."""
        if year not in self._covered:
            raise YearNotCovered(year)

    def records(self, year: int | None = None) -> list[DayRecord]:
        """The special days, in date order, optionally only those of one year."""
        return sorted(
            (r for r in self._records.values() if year is None or r.date.year == year),
            key=lambda r: r.date,
        )

    def record_for(self, d: date) -> DayRecord | None:
        """The special day entered for ``d``, or None for an ordinary weekday or weekend."""
        return self._records.get(_check_date(d))

    def with_schedule(self, schedule: Schedule) -> HolidayTable:
        """A new table in which ``schedule`` replaces everything held for its year."""
        kept = [r for r in self._records.values() if r.date.year != schedule.year]
        return HolidayTable([*kept, *schedule.days], self._covered | {schedule.year})

    # --- arithmetic -----------------------------------------------------------------------

    def _days(self, year: int) -> list[int]:
        working = self._working.get(year)
        if working is None:
            raise YearNotCovered(year)
        return working

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day: a weekday not off, or an adjusted working day."""
        _check_date(d)
        self.require_year(d.year)
        record = self._records.get(d)
        if record is not None:
            return record.kind == WORK
        return not _is_weekend(d)

    def _position(self, d: date, *, after: bool) -> tuple[int, int]:
        """(year, index) of the first working day on or after ``d`` (strictly after if ``after``)."""
        year = d.year
        days = self._days(year)
        index = (bisect_right if after else bisect_left)(days, d.toordinal())
        while index >= len(days):
            year += 1
            days = self._days(year)
            index = 0
        return year, index

    def _last_before(self, d: date) -> tuple[int, int]:
        """(year, index) of the last working day strictly before ``d``."""
        year = d.year
        days = self._days(year)
        index = bisect_left(days, d.toordinal()) - 1
        while index < 0:
            year -= 1
            days = self._days(year)
            index = len(days) - 1
        return year, index

    def _step(self, year: int, index: int, steps: int) -> date:
        days = self._days(year)
        while index + steps >= len(days):
            steps -= len(days) - index
            year += 1
            days = self._days(year)
            index = 0
        while index + steps < 0:
            steps += index + 1
            year -= 1
            days = self._days(year)
            index = len(days) - 1
        return date.fromordinal(days[index + steps])

    def working_day_on_or_after(self, d: date) -> date:
        """``d`` if it is a working day, otherwise the first working day after it."""
        year, index = self._position(_check_date(d), after=False)
        return date.fromordinal(self._days(year)[index])

    def notice_end(self, start: date, days: int = NOTICE_WORKING_DAYS) -> date:
        """The ``ends_on`` of a public notice that starts on ``start`` (Article 8(三), 9(二)).

        ``start`` is day 1 if it is a working day, otherwise day 1 is the first working day
        after it; the notice ends at 24:00 of the ``days``-th working day, which is returned.
        """
        _check_date(start, "开始日期")
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ValueError(f"工作日天数应为正整数，收到 {days!r}")
        year, index = self._position(start, after=False)
        return self._step(year, index, days - 1)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        A negative ``n`` gives the ``-n``-th working day before ``start``; ``n == 0`` gives
        ``start`` unchanged (after checking its year is covered).
        """
        _check_date(start, "开始日期")
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"工作日天数应为整数，收到 {n!r}")
        if n == 0:
            self.require_year(start.year)
            return start
        if n > 0:
            year, index = self._position(start, after=True)
            return self._step(year, index, n - 1)
        year, index = self._last_before(start)
        return self._step(year, index, n + 1)

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in ``start`` … ``end``, both included.

        A notice's period from its first working day to its ``ends_on`` holds exactly its
        number of working days.
        """
        _check_date(start, "开始日期")
        _check_date(end, "结束日期")
        if end < start:
            raise ValueError(f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
        for year in range(start.year, end.year + 1):
            self.require_year(year)
        if start.year == end.year:
            days = self._days(start.year)
            return bisect_right(days, end.toordinal()) - bisect_left(days, start.toordinal())
        total = len(self._days(start.year)) - bisect_left(self._days(start.year), start.toordinal())
        total += sum(len(self._days(year)) for year in range(start.year + 1, end.year))
        return total + bisect_right(self._days(end.year), end.toordinal())


# --- seeding from the chinesecalendar package ---------------------------------------------

# Two amendments were published as notices of their own, not in the yearly schedule.
_SPECIAL_SOURCES: Final = {
    "Anti-Fascist 70th Day": "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知",
}
_EXTENDED_2020_SPRING_FESTIVAL: Final = frozenset({date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)})
_SOURCE_2020_EXTENSION: Final = "国务院办公厅关于延长2020年春节假期的通知"


def state_council_notice_title(year: int) -> str:
    """The title of the State Council General Office's yearly holiday notice."""
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


def records_from_chinese_calendar() -> list[DayRecord]:
    """Every special day the chinesecalendar package holds, as holiday-table records.

    Days off: every day of every holiday, including the Saturdays and Sundays inside a
    holiday, named in Chinese. Adjusted working days: every worked Saturday or Sunday,
    named after the holiday they are worked for.
    """
    # Imported here: only seeding needs the package, the arithmetic runs on the table.
    from chinese_calendar import constants

    def name_of(value: str) -> str:
        return constants.Holiday(value).chinese

    def source_of(day: date, value: str) -> str:
        if value in _SPECIAL_SOURCES:
            return _SPECIAL_SOURCES[value]
        if day in _EXTENDED_2020_SPRING_FESTIVAL:
            return _SOURCE_2020_EXTENSION
        return state_council_notice_title(day.year)

    records = [
        DayRecord(day, OFF, name_of(value), source_of(day, value))
        for day, value in constants.holidays.items()
    ]
    records += [
        DayRecord(day, WORK, name_of(value), source_of(day, value))
        for day, value in constants.workdays.items()
    ]
    return sorted(records, key=lambda r: r.date)


def chinese_calendar_years() -> frozenset[int]:
    """The years the chinesecalendar package holds a schedule for."""
    from chinese_calendar import constants

    return frozenset(day.year for day in constants.holidays)


# --- the import format for a new year's schedule ------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """One year's holiday schedule as published by the State Council, ready to import."""

    year: int
    days: tuple[DayRecord, ...] = field(default_factory=tuple)

    @property
    def sources(self) -> tuple[str, ...]:
        """The distinct notices the days come from, in order of first appearance."""
        return tuple(dict.fromkeys(r.source for r in self.days))


class ScheduleError(ValueError):
    """An import file that cannot be taken as a schedule; the message says where and why."""

    def __init__(self, problem: str, where: str | None = None) -> None:
        self.problem = problem
        self.where = where
        super().__init__(f"{where}：{problem}" if where else problem)


CSV_HEADER: Final = ("date", "kind", "name", "source")
_JSON_KEYS: Final = frozenset({"year", "source", "days"})
_JSON_DAY_KEYS: Final = frozenset({"date", "kind", "name", "source"})


_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Collector:
    """Checks the days of one schedule as they are read, with the place of each.

    ``label(where, field)`` names a field for a message: ``第 3 行 kind`` for CSV,
    ``days[2].kind`` for JSON.
    """

    def __init__(self, year: int | None, label: Callable[[str, str], str]) -> None:
        self.year = year
        self.label = label
        self.seen: dict[date, str] = {}
        self.days: list[DayRecord] = []

    def add(
        self, where: str, raw_date: object, raw_kind: object, raw_name: object, raw_source: object
    ) -> None:
        at = self.label
        text = raw_date.strip() if isinstance(raw_date, str) else None
        if text is None or not _ISO_DATE.fullmatch(text):
            raise ScheduleError(f"“{raw_date}”不是 YYYY-MM-DD 形式的日期", at(where, "date"))
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ScheduleError(f"“{raw_date}”不是有效日期", at(where, "date")) from None
        if self.year is None:
            self.year = day.year
        elif day.year != self.year:
            raise ScheduleError(f"{day.isoformat()} 不属于 {self.year} 年", at(where, "date"))
        if day in self.seen:
            raise ScheduleError(f"{day.isoformat()} 重复，已在 {self.seen[day]} 出现", at(where, "date"))

        kind = raw_kind.strip() if isinstance(raw_kind, str) else raw_kind
        if kind not in KINDS:
            raise ScheduleError(
                f"未知的类型“{raw_kind}”，只能是 off（放假）或 work（调休上班）", at(where, "kind")
            )
        if kind == WORK and not _is_weekend(day):
            raise ScheduleError(
                f"{day.isoformat()} 是{_WEEKDAY_NAMES[day.weekday()]}，本来就是工作日，不能标为调休上班（work）",
                at(where, "kind"),
            )
        # An "off" day on a weekend is accepted: the weekend days inside a holiday are
        # listed so that the holiday shows whole in the table.

        if not isinstance(raw_name, str) or not raw_name.strip():
            raise ScheduleError("节日名称不能为空", at(where, "name"))
        if not isinstance(raw_source, str) or not raw_source.strip():
            raise ScheduleError("来源（发布安排的通知）不能为空", at(where, "source"))

        self.seen[day] = where
        self.days.append(DayRecord(day, kind, raw_name.strip(), raw_source.strip()))

    def schedule(self) -> Schedule:
        if self.year is None:
            raise ScheduleError("文件中没有任何日期，无法确定年份")
        return Schedule(self.year, tuple(sorted(self.days, key=lambda r: r.date)))


def _check_year(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MINYEAR <= value <= MAXYEAR:
        raise ScheduleError(f"年份应为整数（如 2027），收到 {value!r}", where)
    return value


def _parse_json(text: str, year: int | None) -> Schedule:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScheduleError(
            f"JSON 格式错误：{error.msg}", f"第 {error.lineno} 行第 {error.colno} 列"
        ) from None
    if not isinstance(data, dict):
        raise ScheduleError("文件应为一个 JSON 对象，含 year、source、days")
    unknown = sorted(set(data) - _JSON_KEYS)
    if unknown:
        raise ScheduleError(f"未知字段 {', '.join(unknown)}；只允许 year、source、days")
    if "year" not in data:
        raise ScheduleError("缺少字段", "year")
    file_year = _check_year(data["year"], "year")
    if year is not None and file_year != year:
        raise ScheduleError(f"文件中的年份 {file_year} 与要导入的年份 {year} 不符", "year")
    default_source = data.get("source")
    if default_source is not None and (not isinstance(default_source, str) or not default_source.strip()):
        raise ScheduleError("来源（发布安排的通知）应为非空文字", "source")
    days = data.get("days")
    if not isinstance(days, list):
        raise ScheduleError("缺少日期列表，或它不是一个 JSON 数组", "days")

    collector = _Collector(file_year, lambda where, key: f"{where}.{key}")
    for position, entry in enumerate(days):
        where = f"days[{position}]"
        if not isinstance(entry, dict):
            raise ScheduleError("每一项应为一个含 date、kind、name 的对象", where)
        unknown = sorted(set(entry) - _JSON_DAY_KEYS)
        if unknown:
            raise ScheduleError(f"未知字段 {', '.join(unknown)}；只允许 date、kind、name、source", where)
        for key in ("date", "kind", "name"):
            if key not in entry:
                raise ScheduleError("缺少字段", f"{where}.{key}")
        collector.add(where, entry["date"], entry["kind"], entry["name"], entry.get("source", default_source))
    return collector.schedule()


def _parse_csv(text: str, year: int | None) -> Schedule:
    # Excel saves "CSV UTF-8" with a byte-order mark.
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader, None)
    if header is None or tuple(cell.strip() for cell in header) != CSV_HEADER:
        raise ScheduleError(f"第一行应为表头 {','.join(CSV_HEADER)}", "第 1 行")
    collector = _Collector(year, lambda where, key: f"{where} {key}")
    for row in reader:
        where = f"第 {reader.line_num} 行"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSV_HEADER):
            raise ScheduleError(
                f"应有 {len(CSV_HEADER)} 列（{','.join(CSV_HEADER)}），实有 {len(row)} 列", where
            )
        collector.add(where, *row)
    return collector.schedule()


def parse_schedule(text: str, fmt: Literal["json", "csv"], *, year: int | None = None) -> Schedule:
    """Read a year's holiday schedule from the import format (JSON or CSV).

    JSON: ``{"year": 2027, "source": "<notice>", "days": [{"date": "2027-01-01",
    "kind": "off", "name": "元旦"}, …]}``; a day may carry its own ``source``.
    CSV: header ``date,kind,name,source`` and one row per day.

    ``kind`` is ``off`` (放假) or ``work`` (调休上班, only on a Saturday or Sunday). All dates
    must be in one year (``year`` if given). Raises :class:`ScheduleError` naming the line
    or field at fault.
    """
    if year is not None:
        _check_year(year, "year")
    if fmt == "json":
        return _parse_json(text, year)
    if fmt == "csv":
        return _parse_csv(text, year)
    raise ValueError(f"未知的格式“{fmt}”，只能是 json 或 csv")


def dump_schedule(schedule: Schedule, fmt: Literal["json", "csv"]) -> str:
    """Write a schedule in the import format, so that a year can be exported and re-imported."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for r in schedule.days:
            writer.writerow((r.date.isoformat(), r.kind, r.name, r.source))
        return out.getvalue()
    if fmt == "json":
        sources = schedule.sources
        main_source = (
            max(sources, key=lambda s: sum(r.source == s for r in schedule.days)) if sources else None
        )
        days = []
        for r in schedule.days:
            entry = {"date": r.date.isoformat(), "kind": r.kind, "name": r.name}
            if r.source != main_source:
                entry["source"] = r.source
            days.append(entry)
        data: dict[str, object] = {"year": schedule.year}
        if main_source is not None:
            data["source"] = main_source
        data["days"] = days
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"未知的格式“{fmt}”，只能是 json 或 csv")
