"""Differences between two submitted versions, as rows a person can read."""

from __future__ import annotations

from typing import Any

LABELS = {
    "name": "基地名称",
    "description": "基地简介",
    "platform_basis": "依托创新平台",
    "platform_corps_level": "兵团级及以上平台",
    "co_builders": "共建单位",
    "service_list": "中试服务清单",
    "facts": "申报条件",
    "details": "明细",
    "materials": "申报材料",
}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = value
    return out


def compare(old: dict, new: dict) -> list[dict]:
    a, b = flatten(old), flatten(new)
    rows = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            head = key.split(".", 1)[0].split("[", 1)[0]
            rows.append(
                {"path": key, "section": LABELS.get(head, head), "old": a.get(key), "new": b.get(key)}
            )
    return rows
