"""Each role's to-dos in the filing workflow, only what that person may see."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from pilotbase.accounts.dashboard import Todo
from pilotbase.accounts.permissions import is_applicant, is_officer, is_reviewer
from pilotbase.operations import clock

from . import permissions
from .models import Application, FilingBatch

S = Application.Status


def for_user(user) -> list[Todo]:
    todos: list[Todo] = []
    url = reverse("applications:application_list")
    # Only the states this person acts on: counted through the status index, so the bureau's
    # dashboard does not count every application ever filed (40 ms at 100,000 applications).
    wanted = (
        (S.DRAFT, S.RETURNED)
        if is_applicant(user)
        else (S.SUBMITTED,)
        if is_reviewer(user)
        else (S.RECOMMENDED, S.EXPERT_EVALUATION)
        if is_officer(user)
        else ()
    )
    counts = (
        dict(
            permissions.visible_applications(user)
            .filter(status__in=wanted)
            .values_list("status")
            .annotate(n=Count("*"))  # COUNT(*): answered from the status index alone
            .values_list("status", "n")
        )
        if wanted
        else {}
    )
    if is_applicant(user):
        if counts.get(S.DRAFT):
            todos.append(
                Todo("未提交的申报草稿", f"{url}?status=draft", counts[S.DRAFT], "填报完成后签署承诺并提交")
            )
        if counts.get(S.RETURNED):
            todos.append(
                Todo(
                    "被退回补正的申报",
                    f"{url}?status=returned",
                    counts[S.RETURNED],
                    "按退回理由修改后重新提交",
                    "warning",
                )
            )
    elif is_reviewer(user):
        todos.append(
            Todo(
                "待初审的申报",
                f"{url}?status=submitted",
                counts.get(S.SUBMITTED, 0),
                "本推荐单位所辖申报单位提交的申报",
                "primary" if counts.get(S.SUBMITTED) else "secondary",
            )
        )
    elif is_officer(user):
        from pilotbase.notices.models import Objection

        todos.append(Todo("已推荐、待形式审查", f"{url}?status=recommended", counts.get(S.RECOMMENDED, 0)))
        todos.append(
            Todo(
                "专家评估论证中（待登记综合意见）",
                f"{url}?status=expert_evaluation",
                counts.get(S.EXPERT_EVALUATION, 0),
            )
        )
        open_objections = Objection.objects.filter(status__in=Objection.OPEN_STATUSES).count()
        if open_objections:
            todos.append(Todo("待处理的公示异议", reverse("notices:manage"), open_objections, "", "danger"))
        ready = FilingBatch.objects.filter(
            status=FilingBatch.Status.ON_NOTICE, notice__ends_on__lt=clock.today()
        ).count()
        if ready:
            todos.append(
                Todo("公示期满、待发文备案的批次", reverse("applications:batch_list"), ready, "", "warning")
            )
    return todos
