"""Each person's to-dos, gathered from every part of the system.

An app contributes by defining ``todos.py`` with ``for_user(user) -> list[Todo]``; it returns only
what that user may see, using its own permission helpers."""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    title: str
    url: str
    count: int | None = None
    detail: str = ""
    level: str = "primary"  # bootstrap colour: primary, warning, danger, secondary


TODO_APPS = [
    "accounts",
    "audit",
    "applications",
    "experts",
    "notices",
    "bases",
    "evaluations",
    "catalogue",
    "workdays",
]


def todos_for(user) -> list[Todo]:
    todos: list[Todo] = []
    for app in TODO_APPS:
        try:
            module = importlib.import_module(f"pilotbase.{app}.todos")
        except ModuleNotFoundError as exc:
            if exc.name != f"pilotbase.{app}.todos":
                raise
            continue
        todos.extend(module.for_user(user))
    return todos
