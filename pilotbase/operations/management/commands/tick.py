"""``pilotbase tick``: the daily run that moves what is due (evaluation deadlines, rectification
years, reminders). Idempotent: run it any number of times, or after days of downtime.

Scheduling (cron, as the service user, from the install directory)::

    15 1 * * * .venv/bin/pilotbase tick

"Today" is ``pilotbase.operations.clock.today()`` (``PILOTBASE_TODAY`` pins it)."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from pilotbase.evaluations import tick
from pilotbase.operations import clock

STALE_UPLOAD_SECONDS = 3600


def clear_stale_upload_spool() -> int:
    """Remove spooled upload parts a killed worker left behind (older than an hour: no request
    lasts that long, so none is still being written)."""
    removed = 0
    cutoff = time.time() - STALE_UPLOAD_SECONDS
    spool = Path(settings.FILE_UPLOAD_TEMP_DIR)
    for path in spool.glob("*.upload*") if spool.is_dir() else ():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


class Command(BaseCommand):
    help = "每日定时任务：处理到期事项与提醒（可重复执行）"

    def handle(self, *args, **options):
        today = clock.today()
        counts = tick.run(today)
        spooled = clear_stale_upload_spool()
        self.stdout.write(
            f"{today}: 标记未参评 {counts['flagged_no_participation']}，整改期满 {counts['rectification_due']}，"
            f"提醒 {counts['reminders']}，清理残留上传临时文件 {spooled}"
        )
