"""``pilotbase``: the one console command for every operator task.

It is Django's management utility under our name, with a help page that lists the operator's
commands (``pilotbase COMMAND --help`` for each) instead of Django's whole list."""

from __future__ import annotations

import os
import sys

OPERATOR_COMMANDS = [
    ("serve", "以生产级 WSGI 服务器（gunicorn）运行系统，静态文件由应用自身提供"),
    ("migrate", "创建或升级数据库结构"),
    ("demo", "载入演示数据（可重复执行），并打印演示账号"),
    ("createadmin", "创建管理员或科技局工作人员账号（含动态口令密钥）"),
    ("units", "推荐单位：units list 列出全部推荐单位及代码"),
    ("audit", "审计日志：audit verify 校验哈希链"),
    ("check", "系统自检；check --deploy 检查生产环境安全配置"),
    ("eligibility", "申报条件：eligibility check FILE|- 按第七条逐项判断"),
    ("calendar", "工作日：calendar notice-end / is-workday / import"),
    ("bases", "中试基地：bases import FILE 导入系统上线前已备案的基地"),
    ("catalogue", "中试服务清单：catalogue import / search"),
    ("experts", "专家库：experts import FILE"),
    ("tick", "每日定时任务：处理到期事项与提醒（可重复执行）"),
    ("files", "上传文件：files sweep 清理无记录引用的残留文件"),
    ("bench", "性能基准：bench NAME 输出一行 JSON"),
    ("seed", "按规模生成测试数据：seed --scale N"),
    ("backup", "备份数据库与文件"),
    ("restore", "从备份恢复到空实例"),
]


def _help() -> str:
    from django.core.management import get_commands

    available = get_commands()
    lines = ["用法: pilotbase COMMAND [选项]", "", "兵团科技成果转化中试基地备案管理系统 运维命令：", ""]
    for name, text in OPERATOR_COMMANDS:
        if name in available:
            lines.append(f"  {name:<12} {text}")
    lines += [
        "",
        "每个命令都有自己的帮助：pilotbase COMMAND --help",
        "所有命令读取环境变量 DATABASE_URL（默认内置 SQLite）。",
        "Django 的其余管理命令也可使用：pilotbase help --all",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilotbase.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    import django

    django.setup()
    if not argv or argv[0] in {"-h", "--help"} or argv == ["help"]:
        print(_help())
        return
    if argv[0] == "help" and argv[1:] == ["--all"]:
        argv = ["help"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pilotbase", *argv])


if __name__ == "__main__":
    main()
