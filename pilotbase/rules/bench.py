"""Throughput of the Article 7 engine: parse and evaluate many generated applicants on one core.

Run with `python -m pilotbase.rules.bench [n]`. The goal is at least 20,000 applicants a second,
so that a whole call's self-checks and re-evaluations never need a queue.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import islice
from typing import Any

from .codes import EDUCATION, ETHICS_FIELDS, INCIDENT_TYPES, INDUSTRY_CHAINS, PILOT_LINES, SEVERITIES, TITLES
from .engine import evaluate
from .facts import parse_facts

_AS_OF = date(2026, 3, 1)
_TRUE_MOSTLY = (True, True, True, True, True, True, False, None)


def generate(n: int, seed: int = 20260301) -> list[dict[str, Any]]:
    """`n` varied applicants as raw facts documents, the same ones for the same seed."""
    return list(applicants(n, seed))


def applicants(n: int, seed: int = 20260301) -> Iterator[dict[str, Any]]:
    """`n` varied applicants, one at a time: the same ones for the same seed."""
    rng = random.Random(seed)  # seeded, reproducible benchmark data  # nosec B311
    education = list(EDUCATION)
    titles = list(TITLES)
    chains = sorted(INDUSTRY_CHAINS.codes)
    lines = list(PILOT_LINES)
    fields = list(ETHICS_FIELDS)
    types = list(INCIDENT_TYPES)
    severities = list(SEVERITIES)

    for _ in range(n):
        # About a third are well-prepared applicants, so that every verdict occurs.
        prepared = rng.random() < 0.35

        def flag(prepared: bool = prepared) -> bool | None:
            return True if prepared else rng.choice(_TRUE_MOSTLY)

        as_of = _AS_OF + timedelta(days=rng.randrange(0, 700))
        registered_on = as_of - timedelta(days=rng.randrange(800 if prepared else 0, 4000))
        staff = [
            {
                "full_time": prepared or rng.random() < 0.8,
                "technical": prepared or rng.random() < 0.7,
                "education": "bachelor" if prepared else rng.choice(education),
                "title": rng.choice(titles),
                "years_of_service": rng.randrange(0, 30),
            }
            for _ in range(rng.randrange(6 if prepared else 0, 15))
        ]
        incidents = [
            {
                "date": (as_of - timedelta(days=rng.randrange(0, 1500))).isoformat(),
                "type": rng.choice(types),
                "severity": "general" if prepared else rng.choice(severities),
            }
            for _ in range(rng.choice((0, 0, 0, 1, 2)))
        ]
        low = 2000 if prepared else 500
        area: object = rng.choice(
            (
                f"{rng.randrange(low, 6000)}.{rng.randrange(100):02d}",
                rng.randrange(low, 6000),
                2000.5,
                1999.99,
            )
        )
        if prepared and area == 1999.99:
            area = 2000
        yield (
            {
                "as_of": as_of.isoformat(),
                "applicant": {
                    "independent_legal_person": flag(),
                    "registered_on": registered_on.isoformat(),
                    "operating_normally": flag(),
                    "serious_misconduct_in_penalty_period": not prepared and rng.random() < 0.05,
                    "credit_blacklisted": not prepared and rng.random() < 0.05,
                    "via_host_unit": rng.random() < 0.3,
                    "independent_accounting": flag(),
                },
                "industry": {"chains": rng.sample(chains, rng.randrange(1 if prepared else 0, 3))},
                "site": {"independent": flag(), "area_m2": area},
                "equipment": {
                    "pilot_line": flag(),
                    "process_qc": flag(),
                    "product_testing": flag(),
                    "original_value_yuan": f"{rng.randrange(5_000_000 if prepared else 1_000_000, 20_000_000)}."
                    f"{rng.randrange(100):02d}",
                },
                "pilot_lines": rng.sample(lines, rng.randrange(0, 3)),
                "external_pilot_projects": rng.randrange(0, 8),
                "team": {"technical_leader": flag(), "fixed_rd_team": flag()},
                "staff": staff,
                "safety": {"facilities": flag(), "standards_compliant": flag(), "incidents": incidents},
                "management": {"service_procedure_and_fees": flag(), "ip_protection_measures": flag()},
                "openness": {"open_sharing": flag(), "service_list_published": flag()},
                "ethics": {
                    "fields": rng.sample(fields, rng.randrange(1, 3)),
                    "ethics_sensitive": rng.random() < 0.3,
                    "ethics_committee": flag(),
                },
            }
        )


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(n: int = 100_000, batch: int = 1_000) -> dict[str, Any]:
    """Parse and evaluate `n` generated applicants; only parsing and evaluating is timed.

    Applicants are generated a batch at a time, as a call's submissions would arrive, so that the
    figure is the engine's and the memory is not a hundred thousand documents held at once.
    `seconds` is this process's CPU time (one core), so other work on a shared machine does not
    count against the engine; `Result.checks` is not read (the records are assembled on first read).
    """
    source = applicants(n)
    seconds = 0.0
    done = 0
    while done < n:
        documents = list(islice(source, batch))
        start = time.process_time()
        for raw in documents:
            evaluate(parse_facts(raw, today=_AS_OF))
        seconds += time.process_time() - start
        done += len(documents)
    return {
        "applicants": n,
        "per_second": round(n / seconds),
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
