from django.urls import reverse

from pilotbase.accounts.dashboard import Todo
from pilotbase.accounts.models import Role
from pilotbase.operations import clock

from .models import CoveredYear


def for_user(user) -> list[Todo]:
    """Public notices stop being computable at the end of the last entered year: remind in time."""
    if user.role != Role.SYSADMIN:
        return []
    next_year = clock.today().year + 1
    if CoveredYear.objects.filter(year=next_year).exists():
        return []
    return [
        Todo(
            f"{next_year} 年节假日安排尚未录入",
            reverse("workdays:manage"),
            None,
            "国务院办公厅通知发布后请及时录入，否则跨年公示期无法计算",
            "warning",
        )
    ]
