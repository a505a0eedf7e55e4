"""``pilotbase demo``: the demo world, built by each part of the domain in turn. Idempotent."""

from __future__ import annotations

import importlib

DEMO_APPS = [
    "accounts",
    "workdays",
    "applications",
    "experts",
    "notices",
    "bases",
    "evaluations",
    "catalogue",
    "portal",
]


def build() -> tuple[dict, list[str]]:
    world: dict = {}
    lines: list[str] = []
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"pilotbase.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"pilotbase.{app}.demo":
                raise
            continue
        module.build(world)
        if hasattr(module, "describe"):
            lines.extend(module.describe(world))
    return world, lines
