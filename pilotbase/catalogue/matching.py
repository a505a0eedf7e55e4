"""Matchmaking (供需对接, Article 11): an enterprise's pilot-test demand against the service catalogue.

A demand says in its own words what it needs, and may name the kinds of service (Article 4), the
industry chains, a budget, a date by which the work must be done and the enterprise's division. The
text decides most of the order; the structured facts move services up or down and each one that
applies becomes a reason the enterprise can read (``服务类型匹配：小批量试生产``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pilotbase.catalogue.search import SearchIndex, ServiceDocument, ServiceKey
from pilotbase.catalogue.vocabulary import short_label

CHINA = ZoneInfo("Asia/Shanghai")

# How much each signal weighs next to the text relevance (scaled to 0..1 within the demand).
TEXT_WEIGHT = 0.6
KIND_WEIGHT = 0.15
CHAIN_WEIGHT = 0.1
DEADLINE_WEIGHT = 0.05
BUDGET_WEIGHT = 0.05
REGION_WEIGHT = 0.05

# Candidates taken from the text search before re-ranking; enough that structured signals can lift
# a service from well below the final limit.
CANDIDATES = 200


@dataclass(frozen=True)
class Demand:
    """An enterprise's pilot-test demand (中试需求)."""

    text: str
    chains: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    budget_yuan: Decimal | int | None = None
    needed_by: date | None = None
    division: str | None = None

    def __post_init__(self) -> None:
        for name in ("chains", "kinds"):
            value = getattr(self, name)
            object.__setattr__(self, name, (value,) if isinstance(value, str) else tuple(value or ()))


class Match(NamedTuple):
    key: ServiceKey
    score: float
    reasons: list[str]


_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?\s*元")


def fee_yuan(fee: str) -> Decimal | None:
    """The first amount in a free-text fee (``2万元/批次起`` → 20000); None for 面议 and the like."""
    found = _AMOUNT.search(fee or "")
    if not found:
        return None
    try:
        amount = Decimal(found.group(1))
    except InvalidOperation:
        return None
    return amount * 10000 if found.group(2) else amount


def _today() -> date:
    return datetime.now(CHINA).date()


def _join(words: Iterable[str]) -> str:
    return "、".join(words)


def match(demand: Demand, index: SearchIndex, *, limit: int = 10, today: date | None = None) -> list[Match]:
    """Services that best answer ``demand``, best first, each with its reasons in Chinese.

    Raises ``UnknownFilter`` only through the index, never for the demand's own codes: an unknown
    code in a demand simply matches nothing.
    """
    today = today or _today()
    ranked = index.ranked(demand.text, limit=CANDIDATES)
    top = max((score for _key, score in ranked), default=0.0)
    candidates: dict[ServiceKey, float] = {key: score / top for key, score in ranked}
    # A demand that names both a kind and a chain is answered by services having both, even when
    # its words miss them (a terse text such as 番茄 试产).
    if demand.kinds and demand.chains:
        for key in index.keys_with(kinds=demand.kinds) & index.keys_with(chains=demand.chains):
            candidates.setdefault(key, 0.0)
    elif not candidates:
        for key in index.keys_with(kinds=demand.kinds, chains=demand.chains):
            candidates.setdefault(key, 0.0)

    assessed = []
    for key, relevance in candidates.items():
        score, reasons = _assess(demand, index, index.get(key), relevance, today)
        assessed.append((round(score, 6), key, reasons))
    assessed.sort(key=lambda item: (-item[0], item[1]))
    best = assessed[:limit]
    # keywords are only read for what is shown: finding them costs more than the score itself
    keywords = index.matched_terms([key for _s, key, _r in best], demand.text)
    matches = []
    for score, key, reasons in best:
        if keywords[key]:
            at = sum(1 for r in reasons if r.startswith(("服务类型匹配", "产业链匹配")))
            reasons.insert(at, f"关键词：{_join(keywords[key])}")
        matches.append(Match(key, score, reasons))
    return matches


def _assess(
    demand: Demand, index: SearchIndex, service: ServiceDocument, relevance: float, today: date
) -> tuple[float, list[str]]:
    score = TEXT_WEIGHT * relevance
    reasons: list[str] = []
    kinds = [k for k in demand.kinds if k in service.kinds]
    if kinds:
        score += KIND_WEIGHT * len(kinds) / len(demand.kinds)
        reasons.append(f"服务类型匹配：{_join(index.kinds.get(k, k) for k in kinds)}")
    chains = [c for c in demand.chains if c in service.industry_chains]
    if chains:
        score += CHAIN_WEIGHT * len(chains) / len(demand.chains)
        reasons.append(f"产业链匹配：{_join(short_label(index.chains.get(c, c)) for c in chains)}")
    if demand.needed_by is not None and service.lead_time_days is not None:
        finish = today + timedelta(days=service.lead_time_days)
        if finish <= demand.needed_by:
            score += DEADLINE_WEIGHT
            reasons.append(f"周期 {service.lead_time_days} 天，可在需求期限前完成")
        else:
            score -= DEADLINE_WEIGHT
            reasons.append(
                f"注意：周期 {service.lead_time_days} 天，预计 {finish.isoformat()} 完成，"
                f"晚于需求期限 {demand.needed_by.isoformat()}"
            )
    if demand.budget_yuan is not None:
        fee = fee_yuan(service.fee)
        budget = Decimal(demand.budget_yuan)
        if fee is not None and fee <= budget:
            score += BUDGET_WEIGHT
            reasons.append(f"收费 {service.fee}，在预算 {budget:,.0f} 元以内")
        elif fee is not None:
            score -= BUDGET_WEIGHT
            reasons.append(f"注意：收费 {service.fee}，可能超出预算 {budget:,.0f} 元")
    if demand.division and demand.division == service.base_division:
        score += REGION_WEIGHT
        reasons.append(f"同属{index.divisions.get(demand.division, demand.division)}")
    return score, reasons
