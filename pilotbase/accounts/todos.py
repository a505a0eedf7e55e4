from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .dashboard import Todo
from .models import Organisation, RecommendingUnit, Role, User


def for_user(user) -> list[Todo]:
    todos: list[Todo] = []
    if user.role == Role.SECADMIN:
        locked = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).count()
        todos.append(
            Todo(
                "被锁定的账号",
                reverse("accounts:users") + "?locked=1",
                locked,
                "连续登录失败达到上限的账号，核实后可解除锁定",
                "danger" if locked else "secondary",
            )
        )
        without = (
            User.objects.filter(is_active=True, role__in=settings.OTP_REQUIRED_ROLES)
            .exclude(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user_id"))
            .count()
        )
        todos.append(
            Todo(
                "未绑定动态口令的必需账号",
                reverse("accounts:users"),
                without,
                "科技局工作人员和管理员必须使用动态口令",
                "warning" if without else "secondary",
            )
        )
    elif user.role == Role.SYSADMIN:
        unassigned = (
            Organisation.objects.filter(recommending_unit__isnull=True)
            .exclude(kind__in=["government", "evaluator"])
            .count()
        )
        todos.append(
            Todo(
                "未落实属地推荐单位的单位",
                reverse("accounts:units"),
                unassigned,
                "每个申报单位必须属于一个推荐单位",
                "warning" if unassigned else "secondary",
            )
        )
        no_reviewer = RecommendingUnit.objects.filter(active=True, reviewers__isnull=True).count()
        todos.append(
            Todo("尚无审核人员账号的推荐单位", reverse("accounts:units"), no_reviewer, "", "secondary")
        )
    return todos
