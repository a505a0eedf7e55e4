import calendar
import datetime
from datetime import date

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from pilotbase.api.schema import errors

from . import services
from .calendar import YearNotCovered

router = Router(tags=["工作日"])
PREFIX = "/calendar/"


class NoticePeriod(Schema):
    starts_on: date
    ends_on: date
    working_days: int
    label: str


_MONTH_DAYS = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)


def _dates_in(years) -> str:
    """A pattern of exactly the real dates of ``years`` (29 February in leap years only)."""
    years = sorted(years)
    leap = [str(y) for y in years if calendar.isleap(y)]
    pattern = f"(?:{'|'.join(str(y) for y in years)})-{_MONTH_DAYS}"
    if leap:
        pattern += f"|(?:{'|'.join(leap)})-02-29"
    return f"^(?:{pattern})$"


def _covered_years() -> set[int]:
    from .models import CoveredYear

    try:
        services.ensure_seeded()
        return set(CoveredYear.objects.values_list("year", flat=True))
    except Exception:  # noqa: BLE001 — a schema built without a database simply states no years
        return set()


def _covered_dates(schema: dict) -> None:
    """Read when the schema is served: the holiday table is data an administrator extends."""
    years = _covered_years()
    if years:
        schema["pattern"] = _dates_in(years)


def _notice_starts(schema: dict) -> None:
    # up to 60 working days reach into the next year, which must be entered too
    years = _covered_years()
    years = {y for y in years if y + 1 in years}
    if years:
        schema["pattern"] = _dates_in(years)


class NoticeQuery(Schema):
    start: date = Field(..., json_schema_extra=_notice_starts)
    days: int = Field(5, ge=1, le=60)


@router.get(
    "notice-end", response={200: NoticePeriod, **errors(422)}, auth=None, summary="公示期截止日（5 个工作日）"
)
def notice_end(request, q: Query[NoticeQuery]):
    try:
        ends = services.notice_end(q.start, q.days)
    except YearNotCovered as exc:
        raise HttpError(422, str(exc)) from exc
    return {
        "starts_on": q.start,
        "ends_on": ends,
        "working_days": q.days,
        "label": services.period_label(q.start, ends),
    }


class WorkdayAnswer(Schema):
    date: date
    is_workday: bool


class WorkdayQuery(Schema):
    date: datetime.date = Field(..., json_schema_extra=_covered_dates)


@router.get("is-workday", response={200: WorkdayAnswer, **errors(422)}, auth=None, summary="是否工作日")
def is_workday(request, q: Query[WorkdayQuery]):
    try:
        return {"date": q.date, "is_workday": services.is_workday(q.date)}
    except YearNotCovered as exc:
        raise HttpError(422, str(exc)) from exc
