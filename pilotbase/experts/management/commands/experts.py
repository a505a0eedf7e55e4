"""``pilotbase experts import FILE``: the expert pool from an XLSX sheet; any rejected row writes nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pilotbase.experts import importing


class Command(BaseCommand):
    help = "专家库：experts import FILE（XLSX，表头见页面下载的模板）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="从 XLSX 导入专家；任何一行有误则全部不导入")
        imp.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"file: 文件不存在：{path}", returncode=2)
        report = importing.import_experts(path.read_bytes())
        if report.rejected:
            for row in report.rejected:
                self.stderr.write(f"第 {row.number} 行：{'；'.join(row.errors)}")
            raise CommandError(f"{len(report.rejected)} 行有误，未导入任何专家", returncode=2)
        self.stdout.write(f"已导入 {report.written} 名专家")
