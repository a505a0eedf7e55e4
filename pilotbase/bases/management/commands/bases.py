"""``pilotbase bases import FILE [--by USERNAME]``: bases filed on paper before PilotBase (spec/catalogue.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pilotbase.accounts.models import User
from pilotbase.bases import importing


def actor(username: str) -> User | None:
    """The person an import is recorded against; "system" means no person (the operator's run)."""
    if not username or username == "system":
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"--by：用户 {username} 不存在或已停用", returncode=2)
    return user


class Command(BaseCommand):
    help = "中试基地：bases import FILE 导入系统上线前已备案的基地"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入已备案基地（JSON Lines 或 XLSX）")
        imp.add_argument("file")
        imp.add_argument("--by", default="system", help="记入审计日志的导入人用户名（默认 system）")

    def handle(self, *args, **options):
        by = actor(options["by"])
        try:
            rows = importing.read_rows(options["file"])
        except importing.UnreadableFile as exc:
            raise CommandError(str(exc), returncode=2) from exc
        report = importing.import_bases(rows, by=by, source=str(options["file"]))
        if report.created:
            from pilotbase.catalogue import services as catalogue

            catalogue.bump_search_version()
        self.stdout.write(report.summary("中试基地导入"))
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} 行被拒绝，其余已导入", returncode=2)
