"""``pilotbase bench search``: catalogue search and matchmaking through the Django layer at scale.

Seeds 500 filed bases and 10,000 published services with bulk_create inside a transaction that is
rolled back at the end (the database is left as it was), then measures: the index rebuild, the
median and p95 latency of search and of demand matching in-process (``services.search`` /
``services.suggestions``, with their per-query database checks) and through the portal's catalogue
page (Django test client), the public directory's throughput against a bare Django view in the same
run, and NDCG@10 on the labelled set.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta

from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from pilotbase.accounts.demo import demo_credit_code
from pilotbase.accounts.models import Organisation, RecommendingUnit
from pilotbase.bases.models import PilotBase
from pilotbase.operations import clock

from . import evaluation, services
from .models import Demand, PilotService
from .sample_catalogue import QUERIES, generate


class _Rollback(Exception):
    pass


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return round(statistics.median(ordered) * 1000, 2), round(p95 * 1000, 2)


def _rate(client: Client, url: str, seconds: float = 1.5) -> float:
    client.get(url)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        n += 1
    return n / (time.perf_counter() - start)


def _seed(n_services: int, n_bases: int) -> None:
    bases, docs, _topics = generate(n_services=n_services, n_bases=n_bases, seed=20260301)
    units = {u.code: u for u in RecommendingUnit.objects.all()}
    fallback = units.get("division-8") or next(iter(units.values()))
    numbers = {b.filing_number: f"BENCH-{i:05d}" for i, b in enumerate(bases)}
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"{b.organisation}（基准{i}）", credit_code=demo_credit_code(f"bench-{i}"))
            for i, b in enumerate(bases)
        ],
        batch_size=1000,
    )
    today = clock.today()
    created = PilotBase.objects.bulk_create(
        [
            PilotBase(
                name=b.name,
                filing_number=numbers[b.filing_number],
                filed_on=today - timedelta(days=30),
                document_number="兵科发〔2025〕1号",
                organisation=org,
                recommending_unit=units.get(b.division, fallback),
                industry_chains=list(b.industry_chains),
                description=b.description,
            )
            for b, org in zip(bases, orgs, strict=True)
        ],
        batch_size=1000,
    )
    ids = {b.filing_number: b for b in created}
    PilotService.objects.bulk_create(
        [
            PilotService(
                base=ids[numbers[d.base]],
                ref=d.ref,
                title=d.title,
                kinds=list(d.kinds),
                industry_chains=list(d.industry_chains),
                description=d.description,
                equipment=list(d.equipment),
                capacity=d.capacity,
                lead_time_days=d.lead_time_days,
                fee=d.fee,
                status=PilotService.Status.PUBLISHED,
            )
            for d in docs
        ],
        batch_size=2000,
    )
    services.bump_search_version()


def run(size: int | None = None) -> dict:
    n_services = size or 10_000
    n_bases = max(1, min(500, n_services // 20))
    rng = random.Random(20260301)  # seeded, reproducible benchmark data  # nosec B311
    texts = [q[0] for q in QUERIES]
    result: dict = {"n_services": n_services, "n_bases": n_bases}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            _seed(n_services, n_bases)
            result["seed_seconds"] = round(time.perf_counter() - started, 2)
            services.forget_index()
            started = time.perf_counter()
            services.get_index()
            result["index_rebuild_seconds"] = round(time.perf_counter() - started, 2)

            # what a visitor waits for on the first search after a base withdraws and republishes a service
            service = PilotService.objects.select_related("base").order_by("pk").first()
            samples = []
            for status in (PilotService.Status.WITHDRAWN, PilotService.Status.PUBLISHED) * 5:
                PilotService.objects.filter(pk=service.pk).update(status=status, updated_at=timezone.now())
                services.bump_search_version()
                t0 = time.perf_counter()
                services.search(service.title, limit=10)
                samples.append(time.perf_counter() - t0)
            result["search_after_change_p50_ms"], result["search_after_change_p95_ms"] = _ms(samples)

            samples = []
            chains = sorted(
                {c for s in PilotService.objects.values_list("industry_chains", flat=True)[:500] for c in s}
            )
            for number in range(300):
                filters = {"chain": rng.choice(chains)} if number % 3 == 1 else {}
                t0 = time.perf_counter()
                services.search(rng.choice(texts), limit=10, **filters)
                samples.append(time.perf_counter() - t0)
            result["search_p50_ms"], result["search_p95_ms"] = _ms(samples)

            samples = []
            for _ in range(100):
                demand = Demand(
                    title="",
                    text=rng.choice(texts),
                    industry_chains=[rng.choice(chains)],
                    kinds=[rng.choice(["scale_up", "trial_production", "product_testing"])],
                    budget_yuan=rng.choice([None, 50000]),
                    needed_by=clock.today() + timedelta(days=rng.choice([10, 30, 90])),
                    division=f"division-{rng.randint(1, 14)}",
                )
                t0 = time.perf_counter()
                services.suggestions(demand, limit=10)
                samples.append(time.perf_counter() - t0)
            result["match_p50_ms"], result["match_p95_ms"] = _ms(samples)

            client = Client(HTTP_HOST="localhost")
            samples = []
            for _ in range(100):
                t0 = time.perf_counter()
                response = client.get("/services/", {"q": rng.choice(texts)})
                samples.append(time.perf_counter() - t0)
                assert response.status_code == 200
            result["search_page_p50_ms"], result["search_page_p95_ms"] = _ms(samples)

            try:
                bare_url = reverse("applications:bench_bare")
            except NoReverseMatch:
                bare_url = reverse("portal:healthz")
            bare = _rate(client, bare_url)
            directory = _rate(client, reverse("portal:base_directory"))
            result["bare_view_per_second"] = round(bare, 1)
            result["directory_page_per_second"] = round(directory, 1)
            result["directory_ratio_to_bare_view"] = round(directory / bare, 4)
            raise _Rollback
    except _Rollback:
        pass
    services.forget_index()
    labelled = evaluation.evaluate(evaluation.build_index(), evaluation.load_queries())
    result["ndcg_at_10_labelled"] = round(labelled.ndcg_at_10, 4)
    return result
