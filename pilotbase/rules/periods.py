"""Calendar arithmetic for the periods of Article 7 (满两年, 近两年内) and the measure's own validity."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (or earlier, when negative).

    《民法典》第二百零二条: when the last month has no corresponding day, the period ends on that
    month's last day — only 29 February lacks one, so 2024-02-29 + 2 years is 2026-02-28.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def china_today(now: datetime | None = None) -> date:
    """Today's date in China Standard Time, whatever the server's zone is."""
    if now is None:
        now = datetime.now(CHINA_STANDARD_TIME)
    elif now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(CHINA_STANDARD_TIME).date()


_CHINESE_NUMERALS = ("零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十")


def years_in_words(years: int) -> str:
    """`2` → "两年", as the measure writes 满两年."""
    if 0 <= years < len(_CHINESE_NUMERALS):
        return f"{_CHINESE_NUMERALS[years]}年"
    return f"{years}年"
