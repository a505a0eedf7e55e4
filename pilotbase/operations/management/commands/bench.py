import importlib
import json

from django.core.management.base import BaseCommand, CommandError

BENCHES = {
    "rules": "pilotbase.rules.bench",
    "assignment": "pilotbase.experts.bench",
    "search": "pilotbase.catalogue.bench",
    "filing": "pilotbase.applications.bench",
    "export": "pilotbase.documents.bench",
}


class Command(BaseCommand):
    help = "性能基准：pilotbase bench NAME [--size N]，输出一行 JSON（单位写在字段名里）"

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(BENCHES), help="基准名称")
        parser.add_argument("--size", type=int, default=None, help="规模（各基准自己的默认值）")

    def handle(self, *args, name, size, **opts):
        try:
            module = importlib.import_module(BENCHES[name])
        except ModuleNotFoundError as exc:
            raise CommandError(f"基准 {name} 尚未实现") from exc
        result = module.run(size) if size is not None else module.run()
        self.stdout.write(json.dumps(result, ensure_ascii=False))
