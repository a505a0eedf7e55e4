from datetime import date

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from . import services
from .calendar import YearNotCovered

router = Router(tags=["工作日"])
PREFIX = "/calendar/"


class NoticePeriod(Schema):
    starts_on: date
    ends_on: date
    working_days: int
    label: str


class NoticeQuery(Schema):
    start: date
    days: int = 5


@router.get("notice-end", response=NoticePeriod, auth=None, summary="公示期截止日（5 个工作日）")
def notice_end(request, q: Query[NoticeQuery]):
    if not 1 <= q.days <= 60:
        raise HttpError(422, "days: 应为 1 至 60 之间的整数")
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


@router.get("is-workday", response=WorkdayAnswer, auth=None, summary="是否工作日")
def is_workday(request, date: date):
    try:
        return {"date": date, "is_workday": services.is_workday(date)}
    except YearNotCovered as exc:
        raise HttpError(422, str(exc)) from exc
