import json

from django.core.management.base import BaseCommand

from pilotbase.accounts.models import RecommendingUnit


class Command(BaseCommand):
    help = "推荐单位：units list 列出全部推荐单位及其代码（导入文件中 recommending_unit 列使用这些代码）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="列出推荐单位")
        ls.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, action, **opts):
        rows = list(RecommendingUnit.objects.values("code", "name", "kind"))
        if opts.get("json"):
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        labels = dict(RecommendingUnit.Kind.choices)
        for row in rows:
            self.stdout.write(f"{row['code']:<45} {labels[row['kind']]:<10} {row['name']}")
