"""Working-day arithmetic for the rest of the system (Art. 8(三), 9(二): 5-working-day notices).

Other apps call ``notice_end`` and ``is_workday`` from here, never the package: the holiday table an
administrator maintains in the database is the one that counts. A period that reaches a year whose
schedule has not been entered raises ``YearNotCovered`` ("2027 年节假日安排尚未录入") — never a guess.
"""

from __future__ import annotations

import threading
from datetime import date

from django.db import transaction
from django.db.models import Count, Max

from pilotbase.audit import services as audit

from .calendar import (
    NOTICE_WORKING_DAYS,
    DayRecord,
    HolidayTable,
    Schedule,
    YearNotCovered,
    chinese_calendar_years,
    records_from_chinese_calendar,
    state_council_notice_title,
)
from .models import CoveredYear, HolidayDay

__all__ = [
    "YearNotCovered",
    "is_workday",
    "notice_end",
    "table",
    "import_schedule",
    "set_day",
    "period_label",
]

_lock = threading.Lock()
_cached: tuple[tuple, HolidayTable] | None = None


def ensure_seeded() -> None:
    """A new or flushed database starts from the chinese-calendar data, as the migration does."""
    if CoveredYear.objects.exists():
        return
    with transaction.atomic():
        HolidayDay.objects.bulk_create(
            [
                HolidayDay(date=r.date, kind=r.kind, name=r.name, source=r.source)
                for r in records_from_chinese_calendar()
            ],
            ignore_conflicts=True,
        )
        CoveredYear.objects.bulk_create(
            [
                CoveredYear(year=y, source=state_council_notice_title(y))
                for y in sorted(chinese_calendar_years())
            ],
            ignore_conflicts=True,
        )


def _fingerprint() -> tuple:
    agg = CoveredYear.objects.aggregate(n=Count("year"), latest=Max("entered_at"))
    return (agg["n"], agg["latest"], HolidayDay.objects.count())


def table() -> HolidayTable:
    """The table as the database holds it; rebuilt in this process only when it has changed."""
    global _cached
    ensure_seeded()
    fp = _fingerprint()
    with _lock:
        if _cached is not None and _cached[0] == fp:
            return _cached[1]
        records = [DayRecord(d.date, d.kind, d.name, d.source) for d in HolidayDay.objects.all()]
        years = CoveredYear.objects.values_list("year", flat=True)
        built = HolidayTable(records, years)
        _cached = (fp, built)
        return built


def notice_end(start: date, days: int = NOTICE_WORKING_DAYS) -> date:
    """The last day (ending 24:00) of a notice starting on ``start``; raises YearNotCovered."""
    return table().notice_end(start, days)


def is_workday(day: date) -> bool:
    return table().is_workday(day)


def period_label(starts_on: date, ends_on: date) -> str:
    """公示期：2026年2月16日至2026年2月28日 (spec/calendar.md)."""
    return f"公示期：{starts_on.year}年{starts_on.month}月{starts_on.day}日至{ends_on.year}年{ends_on.month}月{ends_on.day}日"


def _require_admin(by) -> None:
    from pilotbase.accounts.permissions import can_manage_system, require

    if by is not None:
        require(can_manage_system(by), "只有系统管理员可以维护节假日安排")


@transaction.atomic
def import_schedule(schedule: Schedule, *, by=None) -> CoveredYear:
    """Enter (or replace) one year's State Council schedule as published."""
    _require_admin(by)
    if any("示例" in s for s in schedule.sources):
        from pilotbase.accounts.services import InvalidInput

        raise InvalidInput("source", "这是格式示例文件，不是国务院发布的安排，不能导入")
    ensure_seeded()
    before = list(HolidayDay.objects.filter(date__year=schedule.year).values_list("date", "kind", "name"))
    HolidayDay.objects.filter(date__year=schedule.year).delete()
    HolidayDay.objects.bulk_create(
        [HolidayDay(date=d.date, kind=d.kind, name=d.name, source=d.source) for d in schedule.days]
    )
    covered, _ = CoveredYear.objects.update_or_create(
        year=schedule.year, defaults={"source": "；".join(schedule.sources) or "—"}
    )
    audit.record(
        covered,
        "holiday_schedule_imported",
        by=by,
        data={
            "year": schedule.year,
            "days": len(schedule.days),
            "replaced": len(before),
            "sources": list(schedule.sources),
        },
    )
    return covered


@transaction.atomic
def set_day(day: date, *, kind: str | None, name: str = "", source: str = "", by=None) -> None:
    """Correct one day: kind 'off' / 'work', or None to make it an ordinary day again."""
    _require_admin(by)
    covered = CoveredYear.objects.select_for_update().filter(year=day.year).first()
    if covered is None:
        raise YearNotCovered(day.year)
    old = HolidayDay.objects.filter(date=day).values("kind", "name").first()
    if kind is None:
        HolidayDay.objects.filter(date=day).delete()
    else:
        from pilotbase.accounts.services import InvalidInput

        if kind not in HolidayDay.Kind.values:
            raise InvalidInput("kind", f"未知的类型“{kind}”，只能是 off（放假）或 work（调休上班）")
        if kind == "work" and day.weekday() < 5:
            raise InvalidInput("kind", f"{day} 本来就是工作日，不能标为调休上班")
        if not name.strip() or not source.strip():
            raise InvalidInput("name" if not name.strip() else "source", "请填写节日名称和依据文件")
        HolidayDay.objects.update_or_create(
            date=day, defaults={"kind": kind, "name": name.strip(), "source": source.strip()}
        )
    covered.save(update_fields=["entered_at"])  # changes the fingerprint: every process rebuilds its table
    audit.record(
        covered,
        "holiday_day_corrected",
        by=by,
        data={
            "date": day.isoformat(),
            "before": old,
            "after": {"kind": kind, "name": name} if kind else None,
        },
    )
