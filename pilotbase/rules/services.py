"""Writes to the industry-chain vocabulary: system administrator only, audited."""

from __future__ import annotations

import re

from django.db import transaction

from pilotbase.accounts.permissions import can_manage_system, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit

from .models import IndustryChain

CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


@transaction.atomic
def save_chain(*, code: str, label: str, retired: bool = False, sort_order: int = 0, by) -> IndustryChain:
    """Add a chain, rename it, or retire it. A code is never deleted: old applications keep it."""
    require(can_manage_system(by), "只有系统管理员可以维护产业链目录")
    code = (code or "").strip()
    if not CODE.match(code):
        raise InvalidInput("code", "代码应为小写字母开头的字母、数字或下划线，如 cotton_textile")
    label = (label or "").strip()
    if not label:
        raise InvalidInput("label", "请填写产业链名称")
    before = IndustryChain.objects.filter(code=code).values("label", "retired").first()
    chain, _ = IndustryChain.objects.update_or_create(
        code=code, defaults={"label": label[:100], "retired": retired, "sort_order": sort_order}
    )
    audit.record(
        chain,
        "industry_chain_saved",
        by=by,
        data={"before": before, "after": {"label": chain.label, "retired": retired}},
    )
    return chain
