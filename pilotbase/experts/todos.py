"""Expert review to-dos: an expert's open invitations and unscored assignments; officers' declines."""

from __future__ import annotations

from django.urls import reverse

from pilotbase.accounts.dashboard import Todo
from pilotbase.accounts.permissions import is_officer

from . import permissions
from .models import Invitation


def for_user(user) -> list[Todo]:
    if permissions.is_expert(user):
        mine = permissions.visible_assignments(user)
        invited = mine.filter(status=Invitation.Status.INVITED).count()
        unscored = mine.filter(status=Invitation.Status.ACCEPTED, review__isnull=True).count()
        url = reverse("experts:workspace")
        todos = []
        if invited:
            todos.append(Todo("待确认的评审邀请", url, invited, "接受或谢绝，并声明是否需要回避"))
        if unscored:
            todos.append(Todo("待评分的申报", url, unscored, "审阅材料，按评价标准评分并填写意见", "warning"))
        return todos
    if is_officer(user):
        declined = Invitation.objects.filter(
            status=Invitation.Status.DECLINED, application__status="expert_evaluation"
        ).count()
        if declined:
            return [Todo("专家谢绝邀请，待重新分配", reverse("experts:round_new"), declined, "", "warning")]
    return []
