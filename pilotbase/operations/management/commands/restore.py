from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "从备份目录恢复到空实例（拒绝覆盖已有数据），并校验记录数、文件哈希和审计哈希链"

    def add_arguments(self, parser):
        parser.add_argument("backup", help="pilotbase backup 生成的备份目录")

    def handle(self, *args, backup: str, **opts):
        from pilotbase.operations import backup as backups

        source = Path(backup)
        if not source.is_dir():
            raise CommandError(f"备份目录不存在：{source}", returncode=2)
        try:
            report = backups.restore(source)
        except backups.BackupError as exc:
            raise CommandError(f"恢复失败：{exc}", returncode=2) from exc
        self.stdout.write(
            f"恢复完成并校验通过：{report.tables} 张表 {report.rows} 行记录数一致，"
            f"{report.files} 个文件哈希一致，审计哈希链 {report.audit_events} 条校验通过"
        )
