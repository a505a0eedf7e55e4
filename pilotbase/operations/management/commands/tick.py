"""``pilotbase tick``: the daily run that moves what is due (evaluation deadlines, rectification
years, reminders) and sweeps stored files no row names (``pilotbase files sweep``). Idempotent:
run it any number of times, or after days of downtime.

Scheduling (cron, as the service user, from the install directory)::

    15 1 * * * .venv/bin/pilotbase tick

"Today" is ``pilotbase.operations.clock.today()`` (``PILOTBASE_TODAY`` pins it)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from pilotbase.evaluations import tick
from pilotbase.operations import clock, files
from pilotbase.operations.files import clear_stale_upload_spool  # noqa: F401 - kept importable here


class Command(BaseCommand):
    help = "每日定时任务：处理到期事项与提醒（可重复执行）"

    def handle(self, *args, **options):
        today = clock.today()
        counts = tick.run(today)
        # Files no row names (a crash between write and commit) and killed uploads' parts.
        swept = files.sweep()
        self.stdout.write(
            f"{today}: 标记未参评 {counts['flagged_no_participation']}，整改期满 {counts['rectification_due']}，"
            f"提醒 {counts['reminders']}，清理残留上传文件 {len(swept.removed)}"
        )
