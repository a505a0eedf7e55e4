"""pilotbase bench export: time an XLSX export of ``size`` bases and watch peak memory.

The bases are created with bulk_create inside a transaction that is rolled back, so the database
is left as it was. Peak RSS is measured in a fresh child process per size (ru_maxrss only grows),
so growth between 1,000 and ``size`` rows shows whether memory stays flat."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

SIZES = (1_000,)


class _Rollback(Exception):
    pass


def _measure(size: int) -> dict:
    import datetime as dt

    from django.db import transaction

    from pilotbase.accounts.models import Organisation, RecommendingUnit, Role, User
    from pilotbase.bases.models import PilotBase

    from . import spreadsheets

    result: dict = {}
    try:
        with transaction.atomic():
            unit = RecommendingUnit.objects.create(
                code="bench-unit", name="基准测试推荐单位", kind="division"
            )
            org = Organisation.objects.create(
                name="基准测试单位", credit_code="BENCH0000000000000", recommending_unit=unit
            )
            officer = User.objects.create(username="bench-export-officer", role=Role.OFFICER)
            PilotBase.objects.bulk_create(
                [
                    PilotBase(
                        name=f"基准中试基地{i}",
                        filing_number=f"BENCH-{i:07d}",
                        filed_on=dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
                        document_number="兵科发〔2026〕5号",
                        organisation=org,
                        recommending_unit=unit,
                        industry_chains=["cotton_textile", "grain_oil"],
                        contact_name="张三",
                        contact_phone="13800000000",
                    )
                    for i in range(size)
                ],
                batch_size=2000,
            )
            start = time.perf_counter()
            handle, rows = spreadsheets.export_to_file("bases", by=officer)
            seconds = time.perf_counter() - start
            handle.seek(0, os.SEEK_END)
            result = {"rows": rows, "seconds": round(seconds, 3), "bytes": handle.tell()}
            handle.close()
            raise _Rollback
    except _Rollback:
        pass
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def _child(size: int) -> dict:
    code = (
        "import django,json,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','pilotbase.settings');"
        "django.setup();from pilotbase.documents import bench;"
        f"print(json.dumps(bench._measure({size})))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script  # nosec B603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(size: int = 10_000) -> dict:
    sizes = sorted({*SIZES, size}) if size > 1_000 else [size]
    results = {n: _child(n) for n in sizes}
    small, large = results[sizes[0]], results[sizes[-1]]
    figures: dict = {}
    for n, r in results.items():
        figures[f"export_{n}_rows_seconds"] = r["seconds"]
        figures[f"export_{n}_rows_peak_rss_mb"] = r["peak_rss_mb"]
        figures[f"export_{n}_rows_file_kb"] = round(r["bytes"] / 1024, 1)
    figures["peak_rss_growth_mb"] = round(large["peak_rss_mb"] - small["peak_rss_mb"], 1)
    figures["rows_per_second"] = round(large["rows"] / large["seconds"]) if large["seconds"] else None
    figures["goal_under_10_seconds"] = large["seconds"] < 10
    return figures
