"""Benchmark of the catalogue core: index build time, search and matchmaking latency, NDCG@10, memory.

``python -m pilotbase.catalogue.bench_core`` prints the figures as JSON. The target is a p95 search
latency under 30 ms in-process on 10,000 services, so that the public search page (Article 11) stays
responsive without an external search engine.
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta

from pilotbase.catalogue import evaluation
from pilotbase.catalogue.matching import Demand, match
from pilotbase.catalogue.sample_catalogue import QUERIES, generate
from pilotbase.catalogue.search import SearchIndex


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run(n_services: int = 10_000, n_bases: int = 500, seed: int = 20260301, n_queries: int = 400) -> dict:
    """Build an index of ``n_services`` generated services and time searches and matches on it."""
    rng = random.Random(seed)  # seeded, reproducible benchmark data  # nosec B311
    bases, services, _topics = generate(n_services=n_services, n_bases=n_bases, seed=seed)
    index = SearchIndex()  # the segmenter loads here, outside the build timing
    started = time.perf_counter()
    index.add_many(services)
    for base in bases:
        index.add_base(base)
    build_seconds = time.perf_counter() - started

    texts = [q[0] for q in QUERIES]
    chains = sorted({s.industry_chains[0] for s in services})
    kinds = sorted(index.kinds)
    search_ms: list[float] = []
    first_query_ms = None
    for number in range(n_queries):
        text = rng.choice(texts)
        filters = {}
        if number % 4 == 1:
            filters["chain"] = rng.choice(chains)
        elif number % 4 == 2:
            filters["kind"] = rng.choice(kinds)
        started = time.perf_counter()
        index.search(text, limit=10, **filters)
        elapsed = (time.perf_counter() - started) * 1000
        first_query_ms = elapsed if first_query_ms is None else first_query_ms
        search_ms.append(elapsed)

    today = date(2026, 3, 1)
    match_ms: list[float] = []
    for _ in range(max(n_queries // 4, 1)):
        demand = Demand(
            text=rng.choice(texts),
            chains=(rng.choice(chains),),
            kinds=(rng.choice(kinds),),
            budget_yuan=rng.choice((None, 5000, 50000)),
            needed_by=today + timedelta(days=rng.choice((10, 30, 90))),
            division=f"division-{rng.randint(1, 14)}",
        )
        started = time.perf_counter()
        match(demand, index, limit=10, today=today)
        match_ms.append((time.perf_counter() - started) * 1000)

    labelled = evaluation.evaluate(evaluation.build_index(), evaluation.load_queries())
    return {
        "n_services": n_services,
        "n_bases": n_bases,
        "index_build_seconds": round(build_seconds, 3),
        "search_first_ms": round(first_query_ms or 0.0, 2),
        "search_p50_ms": round(statistics.median(search_ms), 2),
        "search_p95_ms": round(_percentile(search_ms, 0.95), 2),
        "match_p50_ms": round(statistics.median(match_ms), 2),
        "match_p95_ms": round(_percentile(match_ms, 0.95), 2),
        "ndcg_at_10": round(labelled.ndcg_at_10, 4),
        # ru_maxrss is in kilobytes on Linux and bytes on macOS
        "peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            / (1024 * 1024 if sys.platform == "darwin" else 1024),
            1,
        ),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
