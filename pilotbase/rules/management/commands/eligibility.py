"""`pilotbase eligibility check FILE|-`: Article 7, check by check, for one applicant or a list."""

import sys

from django.core.management.base import BaseCommand, CommandError

from pilotbase.rules import FactsError, policy_store


class Command(BaseCommand):
    help = "申报条件：eligibility check FILE|- 按《办法》第七条逐项判断，输出 JSON（FILE 可为单个对象或对象数组）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="check")
        check = sub.add_parser("check", help="判断申报条件，输出结果 JSON")
        check.add_argument("file", help="事实 JSON 文件；- 表示标准输入")
        check.add_argument("--unit", default=None, help="推荐单位代码（按其适用的办法判断；默认兵团办法）")

    def handle(self, *args, action, file, unit=None, **options):
        try:
            if file == "-":
                text = sys.stdin.buffer.read()
            else:
                with open(file, "rb") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror}", returncode=2) from None
        try:
            result = policy_store.check_many(policy_store.load_json(text), jurisdiction=unit)
        except FactsError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(policy_store.dumps(result))
