"""``pilotbase catalogue import FILE`` and ``pilotbase catalogue search QUERY`` (spec/catalogue.md)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from pilotbase.accounts.services import InvalidInput
from pilotbase.bases import importing
from pilotbase.bases.management.commands.bases import actor
from pilotbase.catalogue import services


class Command(BaseCommand):
    help = "中试服务清单：catalogue import FILE / catalogue search QUERY"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入或更新中试服务（JSON Lines 或 XLSX）")
        imp.add_argument("file")
        imp.add_argument("--by", default="system", help="记入审计日志的导入人用户名（默认 system）")
        find = sub.add_parser("search", help="检索中试服务，输出 JSON")
        find.add_argument("query")
        find.add_argument("--limit", default=10)
        find.add_argument("--chain")
        find.add_argument("--kind")
        find.add_argument("--division")

    def handle(self, *args, **options):
        if options["action"] == "import":
            return self.do_import(options)
        return self.do_search(options)

    def do_import(self, options):
        by = actor(options["by"])
        try:
            rows = importing.read_rows(options["file"])
        except importing.UnreadableFile as exc:
            raise CommandError(str(exc), returncode=2) from exc
        report = services.import_services(rows, by=by)
        self.stdout.write(report.summary("中试服务导入"))
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} 行被拒绝，其余已导入", returncode=2)

    def do_search(self, options):
        try:
            results = services.search(
                options["query"],
                limit=options["limit"],
                chain=options["chain"],
                kind=options["kind"],
                division=options["division"],
            )
        except InvalidInput as exc:
            raise CommandError(f"--{exc.field}：{exc.message}", returncode=2) from exc
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=1))
