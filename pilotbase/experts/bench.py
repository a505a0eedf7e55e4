"""Benchmark for expert assignment (Art. 8(二)) on generated data of a realistic round.

Run ``python -m pilotbase.experts.bench [n_applications n_experts seed]``; prints JSON.
Conflicts go through ``conflicts.detect`` so the whole pipeline is exercised, but only
``solve`` is timed in ``solve_seconds``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date, timedelta

import numpy as np

from .assignment import ApplicationTopic, ExpertCandidate, greedy, solve
from .conflicts import (
    ApplicationParty,
    DeclaredTie,
    Employment,
    ExpertProfile,
    TieKind,
    detect,
    effective_conflicts,
)

__all__ = ["CHAINS", "FIELDS", "generate", "run"]

# The 11 starting chain codes of spec/eligibility.md.
CHAINS = (
    "cotton_textile",
    "grain_oil",
    "fruit_vegetable",
    "livestock",
    "seed_industry",
    "chemical",
    "silicon_new_materials",
    "new_energy",
    "equipment_manufacturing",
    "biomedicine",
    "modern_services",
)
# About fifteen fields of science and technology: the spec's field codes plus a few finer ones.
FIELDS = (
    "life_sciences",
    "medicine",
    "artificial_intelligence",
    "agriculture",
    "food",
    "chemical_engineering",
    "new_materials",
    "energy",
    "equipment",
    "information_technology",
    "environment",
    "water_conservancy",
    "textile_engineering",
    "animal_husbandry",
    "management_science",
)
RECOMMENDING_UNITS = tuple(f"division-{k}" for k in range(1, 15)) + (
    "university-shihezi",
    "university-tarim",
    "industry-agriculture",
    "industry-industry-it",
)


def _subset(rng: np.random.Generator, pool: tuple[str, ...], low: int, high: int) -> frozenset[str]:
    size = int(rng.integers(low, high + 1))
    return frozenset(rng.choice(pool, size=size, replace=False).tolist()) if size else frozenset()


def generate(n_applications: int, n_experts: int, seed: int, today: date):
    """Applications, experts and the effective conflict pairs of one generated round."""
    rng = np.random.default_rng(seed)
    n_orgs = max(50, n_applications * 3)
    orgs = [f"org-{k}" for k in range(n_orgs)]

    applications: list[ApplicationTopic] = []
    parties: list[ApplicationParty] = []
    for k in range(n_applications):
        app_id = f"app-{k}"
        applicant, host, *co = rng.choice(n_orgs, size=4, replace=False).tolist()
        parties.append(
            ApplicationParty(
                application_id=app_id,
                applicant_id=orgs[applicant],
                recommending_unit_id=str(rng.choice(RECOMMENDING_UNITS)),
                host_unit_id=orgs[host] if rng.random() < 0.3 else None,
                co_builder_ids=tuple(orgs[c] for c in co[: int(rng.integers(0, 3))]),
                title=f"中试基地 {k}",
            )
        )
        applications.append(
            ApplicationTopic(app_id, f"中试基地 {k}", _subset(rng, FIELDS, 1, 3), _subset(rng, CHAINS, 1, 2))
        )

    experts: list[ExpertCandidate] = []
    profiles: list[ExpertProfile] = []
    for k in range(n_experts):
        expert_id = f"expert-{k}"
        draw = rng.random()
        types = {"technical"} if draw < 0.56 else {"management"} if draw < 0.80 else {"financial"}
        if rng.random() < 0.09:  # some people are qualified as two types
            types.add(str(rng.choice(["technical", "management", "financial"])))
        n_fields = (1, 3) if "technical" in types else (0, 2) if "management" in types else (0, 1)
        experts.append(
            ExpertCandidate(
                expert_id,
                frozenset(types),
                _subset(rng, FIELDS, *n_fields),
                _subset(rng, CHAINS, 0, 2),
                available=bool(rng.random() < 0.95),
            )
        )
        # Most experts work at universities and institutes outside this round; ~3 % work, or
        # worked within (or just beyond) the look-back, at a party of some application.
        start = today - timedelta(days=int(rng.integers(400, 6000)))
        employments = [Employment(f"institute-{k % 400}", start)]
        if rng.random() < 0.03:
            party = parties[int(rng.integers(n_applications))]
            end = None if rng.random() < 0.6 else today - timedelta(days=int(rng.integers(0, 1500)))
            employments.append(Employment(party.applicant_id, start - timedelta(days=2000), end))
        ties = ()
        if rng.random() < 0.01:
            party = parties[int(rng.integers(n_applications))]
            ties = (DeclaredTie(party.applicant_id, "近三年合作承担科研项目", TieKind.COLLABORATION),)
        unit = str(rng.choice(RECOMMENDING_UNITS)) if rng.random() < 0.08 else None
        profiles.append(ExpertProfile(expert_id, tuple(employments), unit, ties))

    # Only pairs that share an organisation or a recommending unit can conflict; index them.
    by_org: dict[str, list[ApplicationParty]] = {}
    by_unit: dict[str, list[ApplicationParty]] = {}
    for party in parties:
        for org_id in party.roles():
            by_org.setdefault(org_id, []).append(party)
        by_unit.setdefault(party.recommending_unit_id, []).append(party)
    findings = []
    for profile in profiles:
        touched = {p.application_id: p for job in profile.employments for p in by_org.get(job.org_id, [])}
        touched |= {p.application_id: p for tie in profile.ties for p in by_org.get(tie.org_id, [])}
        if profile.recommending_unit_id:
            touched |= {p.application_id: p for p in by_unit.get(profile.recommending_unit_id, [])}
        for party in touched.values():
            findings.extend(detect(profile, party, today))
    effective = effective_conflicts(findings)
    return applications, experts, effective


def run(
    n_applications: int = 300,
    n_experts: int = 2000,
    seed: int = 7,
    *,
    panel_size: int = 5,
    load_cap: int = 3,
    time_limit_s: float = 30.0,
) -> dict:
    """Generate one round, solve it, and report the figures the assignment is judged by."""
    today = date(2026, 3, 1)
    applications, experts, effective = generate(n_applications, n_experts, seed, today)
    pairs = effective.pairs()
    started = time.perf_counter()
    result = solve(
        applications, experts, pairs, panel_size=panel_size, load_cap=load_cap, time_limit_s=time_limit_s
    )
    solve_seconds = time.perf_counter() - started
    baseline = greedy(applications, experts, pairs, panel_size=panel_size, load_cap=load_cap)
    kinds: dict[str, int] = {}
    for finding in effective.findings:
        kinds[finding.kind.value] = kinds.get(finding.kind.value, 0) + 1
    return {
        "applications": n_applications,
        "experts": n_experts,
        "conflict_pairs": len(pairs),
        "conflict_findings": kinds,
        "solve_seconds": round(solve_seconds, 3),
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "status": result.status,
        "method": result.method,
        "variables": result.variables,
        "greedy_objective": baseline.objective,
        "greedy_complete": baseline.complete,
        # ru_maxrss is in kilobytes on Linux.
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:4]]
    print(json.dumps(run(*args), ensure_ascii=False, indent=2))
