"""Holiday table and working-day arithmetic (Article 8(三), Article 9(二)); see spec/calendar.md."""

from pilotbase.workdays.calendar import (
    NOTICE_WORKING_DAYS,
    OFF,
    WORK,
    DayRecord,
    HolidayTable,
    Kind,
    Schedule,
    ScheduleError,
    YearNotCovered,
    chinese_calendar_years,
    dump_schedule,
    parse_schedule,
    records_from_chinese_calendar,
    state_council_notice_title,
)

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
