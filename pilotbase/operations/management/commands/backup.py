from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pilotbase.operations import backup


class Command(BaseCommand):
    help = "备份数据库与上传文件（可在系统运行时执行），生成含 SHA-256、记录数和审计链尾的清单"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=None, help="备份存放目录（默认 $PILOTBASE_VAR/backups），在其下新建一个子目录"
        )

    def handle(self, *args, output, **opts):
        out = Path(output) if output else Path(settings.VAR_DIR) / "backups"
        try:
            out.mkdir(parents=True, exist_ok=True)
            target = backup.backup(out)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(f"备份失败：{exc}", returncode=2) from exc
        manifest = backup.read_manifest(target)
        self.stdout.write(
            f"备份完成：{target}\n"
            f"  数据库 {manifest['vendor']}，{len(manifest['row_counts'])} 张表，"
            f"{sum(manifest['row_counts'].values())} 行；文件 {len(manifest['media'])} 个；"
            f"审计链尾 #{manifest['audit_head']['seq']} {manifest['audit_head']['hash'][:16]}…"
        )
