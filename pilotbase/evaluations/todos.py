"""Each role's to-dos in evaluations and rectification, only what that person may see."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from pilotbase.accounts.dashboard import Todo
from pilotbase.accounts.models import Role
from pilotbase.accounts.permissions import has_role, is_applicant, is_officer, is_reviewer
from pilotbase.operations import clock

from . import permissions
from .models import Evaluation, Rectification

E = Evaluation.Status
R = Rectification.Status


def for_user(user) -> list[Todo]:
    if not (is_applicant(user) or is_reviewer(user) or is_officer(user) or has_role(user, Role.EVALUATOR)):
        return []
    url = reverse("evaluations:campaign_list")
    today = clock.today()
    counts = {
        "awaiting": lambda: Count("pk", filter=Q(status=E.AWAITING_REPORT)),
        "submitted": lambda: Count("pk", filter=Q(status=E.SUBMITTED)),
        "forwarded": lambda: Count("pk", filter=Q(status=E.FORWARDED)),
        "flagged": lambda: Count(
            "pk", filter=Q(status=E.AWAITING_REPORT, no_participation_flagged_on__isnull=False)
        ),
        "to_file": lambda: Count("pk", filter=Q(status=E.ON_NOTICE, notice__ends_on__lt=today)),
        "rect_open": lambda: Count(
            "rectification", filter=Q(rectification__status__in=(R.OPEN, R.PLAN_SUBMITTED, R.DUE))
        ),
        "rect_review": lambda: Count(
            "rectification", filter=Q(rectification__status__in=(R.REPORT_SUBMITTED, R.DUE))
        ),
    }
    # Only the figures this person's to-dos use: the dashboard is every person's first page, and
    # each count is a join and a filter to build and run.
    wanted = (
        (("awaiting", "rect_open") if is_applicant(user) else ())
        + (("submitted",) if is_reviewer(user) else ())
        + (("forwarded",) if has_role(user, Role.EVALUATOR) else ())
        + (("forwarded", "flagged", "to_file", "rect_review") if is_officer(user) else ())
    )
    # Each figure over the rows it can count: evaluations in the states named, rectifications
    # still open. Through the status indexes, not over every evaluation ever made.
    by_status = {
        "awaiting": (E.AWAITING_REPORT,),
        "submitted": (E.SUBMITTED,),
        "forwarded": (E.FORWARDED,),
        "flagged": (E.AWAITING_REPORT,),
        "to_file": (E.ON_NOTICE,),
    }
    wanted = tuple(dict.fromkeys(wanted))
    visible = permissions.visible_evaluations(user)
    c = dict.fromkeys(counts, 0)
    if on_status := [name for name in wanted if name in by_status]:
        c |= visible.filter(status__in={s for name in on_status for s in by_status[name]}).aggregate(
            **{name: counts[name]() for name in on_status}
        )
    if on_rectification := [name for name in wanted if name.startswith("rect_")]:
        c |= visible.filter(rectification__status__in=Rectification.OPEN_STATUSES).aggregate(
            **{name: counts[name]() for name in on_rectification}
        )
    todos: list[Todo] = []
    if is_applicant(user):
        if c["awaiting"]:
            todos.append(Todo("待提交的绩效自评报告", url, c["awaiting"], "按评价通知的截止日提交"))
        if c["rect_open"]:
            todos.append(
                Todo(
                    "限期整改中的基地",
                    reverse("bases:base_list"),
                    c["rect_open"],
                    "提交整改方案和整改报告",
                    "warning",
                )
            )
    if is_reviewer(user) and c["submitted"]:
        todos.append(Todo("待出具真实性审核意见的自评报告", url, c["submitted"]))
    if has_role(user, Role.EVALUATOR) and c["forwarded"]:
        todos.append(Todo("受托待评定的绩效评价", url, c["forwarded"]))
    if is_officer(user):
        if c["forwarded"]:
            todos.append(Todo("待评定等次的绩效评价", url, c["forwarded"]))
        if c["flagged"]:
            todos.append(
                Todo(
                    "逾期未提交自评报告的基地",
                    url,
                    c["flagged"],
                    "决定是否以无故不参加评价撤销备案",
                    "danger",
                )
            )
        if c["to_file"]:
            todos.append(Todo("公示期满待备案的评价结果", url, c["to_file"]))
        if c["rect_review"]:
            todos.append(
                Todo("待复评的整改基地", reverse("bases:base_list") + "?status=rectifying", c["rect_review"])
            )
    return todos
