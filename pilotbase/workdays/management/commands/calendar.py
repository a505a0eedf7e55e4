import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pilotbase.accounts.services import InvalidInput
from pilotbase.workdays import services
from pilotbase.workdays.calendar import NOTICE_WORKING_DAYS, ScheduleError, YearNotCovered, parse_schedule


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式错误：“{text}”，应为 YYYY-MM-DD", returncode=2) from exc


class Command(BaseCommand):
    help = "工作日与公示期：notice-end START [--days N]、is-workday DATE、import FILE（国务院节假日安排）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ne = sub.add_parser("notice-end", help="公示期截止日（ISO 日期）")
        ne.add_argument("start", help="公示开始日期 YYYY-MM-DD")
        ne.add_argument("--days", type=int, default=NOTICE_WORKING_DAYS, help="工作日天数（默认 5）")
        iw = sub.add_parser("is-workday", help="是否工作日：输出 true 或 false")
        iw.add_argument("date", help="日期 YYYY-MM-DD")
        im = sub.add_parser("import", help="导入一年的节假日安排（JSON 或 CSV，格式见 workdays/examples）")
        im.add_argument("file", help="文件路径，- 表示标准输入")
        im.add_argument("--format", choices=["json", "csv"], default=None, help="默认按扩展名判断")
        sub.add_parser("years", help="列出已录入节假日安排的年份")

    def handle(self, *args, action, **opts):
        try:
            if action == "notice-end":
                if opts["days"] < 1:
                    raise CommandError("--days 应为正整数", returncode=2)
                self.stdout.write(services.notice_end(_date(opts["start"]), opts["days"]).isoformat())
            elif action == "is-workday":
                self.stdout.write("true" if services.is_workday(_date(opts["date"])) else "false")
            elif action == "years":
                for year in sorted(services.table().covered_years()):
                    self.stdout.write(str(year))
            else:
                path = opts["file"]
                text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
                fmt = opts["format"] or ("csv" if path.lower().endswith(".csv") else "json")
                schedule = parse_schedule(text, fmt)
                services.import_schedule(schedule)
                self.stdout.write(f"已导入 {schedule.year} 年节假日安排：{len(schedule.days)} 天")
        except YearNotCovered as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except (ScheduleError, InvalidInput) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}", returncode=2) from exc
