"""Figures for the statistics page: the bureau sees everything, a recommending unit its jurisdiction
(both through the apps' visibility helpers, so the numbers never show more than the lists do)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from pilotbase.accounts.models import RecommendingUnit, User
from pilotbase.accounts.permissions import is_officer, is_reviewer
from pilotbase.applications.models import Application
from pilotbase.applications.permissions import visible_applications
from pilotbase.bases.models import PilotBase
from pilotbase.bases.permissions import visible_bases
from pilotbase.rules.codes import INDUSTRY_CHAINS

S = Application.Status
# Stages a reader understands, in the order an application moves through them (Art. 8).
STAGES = [
    ("申报填报", (S.DRAFT, S.RETURNED)),
    ("推荐单位初审", (S.SUBMITTED,)),
    ("形式审查", (S.RECOMMENDED, S.FORMAL_REVIEW)),
    ("专家评估论证", (S.EXPERT_EVALUATION, S.EVALUATED)),
    ("择优与公示", (S.SELECTED, S.ON_NOTICE)),
    ("已备案", (S.FILED,)),
    ("未通过或撤回", (S.NOT_RECOMMENDED, S.REJECTED, S.NOT_SELECTED, S.OBJECTION_UPHELD, S.WITHDRAWN)),
]
STAGE_OF = {status: label for label, statuses in STAGES for status in statuses}


def may_see(user: User) -> bool:
    return is_officer(user) or is_reviewer(user)


def _units(ids) -> dict[int | None, str]:
    names = dict(
        RecommendingUnit.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "short_name")
    )
    full = dict(RecommendingUnit.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))
    return {i: (names.get(i) or full.get(i) or "未指定") for i in ids}


def applications_by_stage_and_unit(user: User) -> dict:
    """Rows: recommending units; columns: stages. Also the totals per stage."""
    rows = (
        visible_applications(user)
        .values("organisation__recommending_unit", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    grid: dict[int | None, Counter] = {}
    for row in rows:
        grid.setdefault(row["organisation__recommending_unit"], Counter())[STAGE_OF[row["status"]]] += row[
            "n"
        ]
    units = _units(list(grid))
    stages = [label for label, _ in STAGES]
    order = sorted(grid, key=lambda i: (i is None, units[i]))
    return {
        "stages": stages,
        "units": [units[i] for i in order],
        "series": [{"name": stage, "data": [grid[i][stage] for i in order]} for stage in stages],
        "totals": [sum(grid[i][stage] for i in order) for stage in stages],
        "total": sum(sum(c.values()) for c in grid.values()),
        "table": [[units[i], *[grid[i][stage] for stage in stages], sum(grid[i].values())] for i in order],
    }


def bases_by_unit(user: User) -> dict:
    rows = (
        visible_bases(user)
        .exclude(status__in=[PilotBase.Status.REVOKED, PilotBase.Status.WITHDRAWN])
        .values("recommending_unit")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r["recommending_unit"]: r["n"] for r in rows}
    units = _units(list(counts))
    order = sorted(counts, key=lambda i: (-counts[i], units[i]))
    return {"labels": [units[i] for i in order], "values": [counts[i] for i in order]}


def bases_by_chain(user: User) -> dict:
    counts: Counter = Counter()
    chain_lists = (
        visible_bases(user)
        .exclude(status__in=[PilotBase.Status.REVOKED, PilotBase.Status.WITHDRAWN])
        .values_list("industry_chains", flat=True)
    )
    for chains in chain_lists:
        for code in chains or ["(未填写)"]:
            counts[code] += 1
    labels = []
    for code, _n in counts.most_common():
        try:
            labels.append((code, INDUSTRY_CHAINS.label(code)))
        except KeyError:
            labels.append((code, "未填写" if code == "(未填写)" else code))
    return {"labels": [label for _c, label in labels], "values": [counts[c] for c, _l in labels]}


def figures(user: User) -> dict:
    return {
        "applications": applications_by_stage_and_unit(user),
        "bases_by_unit": bases_by_unit(user),
        "bases_by_chain": bases_by_chain(user),
    }
