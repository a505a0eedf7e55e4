"""Matchmaking to-dos (供需对接, Art. 11): each party sees whose turn it is, only on what it may see."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from pilotbase.accounts.dashboard import Todo
from pilotbase.accounts.permissions import is_applicant, is_officer

from . import permissions, services
from .models import Engagement

S = Engagement.Status


def for_user(user) -> list[Todo]:
    if not getattr(user, "is_authenticated", False):
        return []
    url = reverse("catalogue:engagements")
    todos: list[Todo] = []
    if is_applicant(user) and user.organisation_id:
        c = permissions.visible_engagements(user).aggregate(
            requested=Count("pk", filter=Q(status=S.REQUESTED)),
            agreed=Count("pk", filter=Q(status=S.AGREED)),
        )
        if c["requested"]:
            todos.append(
                Todo(
                    "待答复的对接请求",
                    f"{url}?status={S.REQUESTED}",
                    c["requested"],
                    "企业在等基地接受或婉拒",
                )
            )
        if c["agreed"]:
            todos.append(
                Todo(
                    "已达成合作待登记完成的对接",
                    f"{url}?status={S.AGREED}",
                    c["agreed"],
                    "服务完成后登记对接结果",
                )
            )
    if permissions.is_enterprise(user):
        mine = permissions.visible_engagements(user).aggregate(
            accepted=Count("pk", filter=Q(status=S.ACCEPTED)),
            to_rate=Count("pk", filter=Q(status=S.COMPLETED, rating__isnull=True)),
        )
        unmatched = services.unmatched_demands(permissions.visible_demands(user)).count()
        if unmatched:
            todos.append(
                Todo("尚未对接基地的需求", url, unmatched, "查看推荐的中试服务并联系基地", "warning")
            )
        if mine["accepted"]:
            todos.append(Todo("基地已接受、待确认合作的对接", f"{url}?status={S.ACCEPTED}", mine["accepted"]))
        if mine["to_rate"]:
            todos.append(
                Todo("已完成待评价的对接", f"{url}?status={S.COMPLETED}", mine["to_rate"], "为基地的服务打分")
            )
    if is_officer(user):
        unmatched = services.unmatched_demands().count()
        if unmatched:
            todos.append(
                Todo(
                    "尚未对接基地的企业需求",
                    reverse("catalogue:overview"),
                    unmatched,
                    "协助企业找到合适的中试基地",
                    "warning",
                )
            )
    return todos
