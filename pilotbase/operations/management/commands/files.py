"""``pilotbase files sweep``: remove stored files no database row names (a crash between writing a
file and committing its row), and upload parts a killed worker left, once older than a grace
period. Also run by ``pilotbase tick``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pilotbase.operations import files


class Command(BaseCommand):
    help = "上传文件：files sweep 清理数据库中无记录引用的残留文件（默认只清理 1 小时前的文件）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help="清理无记录引用的残留文件与中断的上传")
        sweep.add_argument("--dry-run", action="store_true", help="只列出将被清理的文件，不删除")
        sweep.add_argument(
            "--older-than-minutes",
            type=float,
            default=files.DEFAULT_GRACE_MINUTES,
            help=f"只清理最后写入早于此分钟数的文件（默认 {files.DEFAULT_GRACE_MINUTES}，避开正在上传的文件）",
        )

    def handle(self, *args, action, dry_run=False, older_than_minutes=files.DEFAULT_GRACE_MINUTES, **opts):
        if older_than_minutes < 0:
            raise CommandError("--older-than-minutes 不能为负数", returncode=2)
        report = files.sweep(older_than_minutes=older_than_minutes, dry_run=dry_run)
        verb = "将清理" if dry_run else "已清理"
        for path in report.removed:
            self.stdout.write(f"{verb} {path}")
        self.stdout.write(
            f"{verb}残留文件 {len(report.removed)} 个（{report.bytes_removed} 字节）；"
            f"保留有记录引用的文件 {report.kept_referenced} 个、{older_than_minutes:g} 分钟内的文件 {report.kept_young} 个"
            + ("（演练，未删除任何文件）" if dry_run else "")
        )
