from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from pilotbase.accounts.dashboard import Todo
from pilotbase.accounts.models import Role

from .models import AuditEvent

SECURITY_ACTIONS = [
    "login_failed",
    "account_locked",
    "permission_denied",
    "csrf_refused",
    "login_failed_totp",
]


def for_user(user) -> list[Todo]:
    if user.role != Role.AUDITADMIN:
        return []
    since = timezone.now() - timedelta(days=1)
    n = AuditEvent.objects.filter(action__in=SECURITY_ACTIONS, at__gte=since).count()
    return [
        Todo(
            "近 24 小时安全事件",
            reverse("audit:event_list"),
            n,
            "登录失败、锁定、越权访问等",
            "danger" if n else "secondary",
        ),
        Todo(
            "校验审计日志完整性",
            reverse("audit:event_list"),
            None,
            "逐条核对哈希链，发现篡改即指出首条异常记录",
            "primary",
        ),
    ]
