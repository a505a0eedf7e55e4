"""Working-day arithmetic for the rest of the system (Art. 8(三), 9(二): 5-working-day notices).

Other apps call ``notice_end`` and ``is_workday`` from here and never the package directly, so the
holiday table an administrator maintains is the one that counts. (Interim: backed by the
chinese-calendar data until the administrator-edited table lands.)"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from .calendar import NOTICE_WORKING_DAYS, HolidayTable, YearNotCovered

__all__ = ["YearNotCovered", "is_workday", "notice_end", "table"]


@lru_cache(maxsize=1)
def _seed_table() -> HolidayTable:
    return HolidayTable.from_chinese_calendar()


def table() -> HolidayTable:
    return _seed_table()


def notice_end(start: date, days: int = NOTICE_WORKING_DAYS) -> date:
    """The last day (ends 24:00) of a notice starting on ``start``; raises YearNotCovered."""
    return table().notice_end(start, days)


def is_workday(day: date) -> bool:
    return table().is_workday(day)
