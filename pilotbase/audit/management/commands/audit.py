from django.core.management.base import BaseCommand, CommandError

from pilotbase.audit import services


class Command(BaseCommand):
    help = "审计日志：verify 校验整条哈希链，指出第一条被改动的记录"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验审计日志哈希链")

    def handle(self, *args, **options):
        result = services.verify()
        if result.ok:
            self.stdout.write(f"审计日志完整：共 {result.checked} 条记录，哈希链校验通过")
            return
        raise CommandError(
            f"审计日志校验失败：{result.reason}（第一条异常记录序号 {result.broken_seq}）", returncode=1
        )
