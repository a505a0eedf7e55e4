#!/usr/bin/env python3
# ruff: noqa: S105, S108, S603, S607 - dev scripts: fixed argv, /tmp work dirs per script, demo password
"""Load test (issue 9): key pages at ~100 applications and at a large scale in the same run, against
``pilotbase serve`` (gunicorn, 2 workers taking one request at a time: serve's default) on
127.0.0.1 with real signed-in sessions and 8 concurrent connections. The load comes from ``wrk`` (Debian package ``wrk``: a C client that
leaves the CPUs to the server) with the session cookie of a person signed in through the real
login form; without wrk, from 8 Python threads with ``requests`` (which take CPU from the server
on a 2-CPU machine and so depress every figure, the bare view's most).

    .venv/bin/python scripts/load_test.py [--scale 10000] [--seconds 10] [--workers 2 --threads 1]

PostgreSQL by default: a template database ``loadtpl_<pid>`` (migrate + demo) is cloned into
``loadsmall_<pid>`` (+ ``seed --scale 10`` = 100 applications) and ``loadlarge_<pid>``
(+ ``seed --scale N``; 10000 = 100,000 applications); all three are dropped at the end.
Queries per page are counted server-side with Django's test client on the same database
(``CaptureQueriesContext``). Prints one JSON object and a PASS/FAIL line (targets of issue 9:
equal queries at both scales, median at large <= 1.2x median at small, each page >= 1/4 of the bare
view's throughput, p99/p50 <= 1.6)."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash_test import Server, base_env, login, percentile, pilotbase  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432"
CONNECTIONS = 8

# name -> (persona or None for anonymous, path)
PAGES = {
    "bare_view": (None, "/applications/bench/bare/"),
    "bare_view_signed_in": ("officer", "/applications/bench/bare/"),  # what sign-in costs by itself
    "directory": (None, "/directory/"),
    "bureau_list": ("officer", "/applications/"),
    "unit_list": ("reviewer_div8", "/applications/"),
    "detail": ("officer", "/applications/1/"),
    "dashboard": ("applicant_a", "/accounts/"),
    "dashboard_officer": ("officer", "/accounts/"),
}

COUNT_QUERIES = """
import json, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pilotbase.accounts.models import User
from pilotbase.applications.models import Application
out = {"applications": Application.objects.count()}
for name, (who, path) in PAGES.items():
    c = Client(HTTP_HOST="127.0.0.1")
    if who:
        c.force_login(User.objects.get(username=who))
        s = c.session; s["pilotbase_login_at"] = time.time(); s.save()
    c.get(path)
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(path)
    out[name] = [r.status_code, len(ctx.captured_queries)]
print("QUERIES" + json.dumps(out))
"""


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True)  # noqa: S603,S607


def count_queries(env: dict) -> dict:
    code = f"PAGES = {PAGES!r}\n" + COUNT_QUERIES
    out = pilotbase("shell", "-c", code, env=env).stdout
    return json.loads(out.split("QUERIES", 1)[1].strip().splitlines()[0])


def hammer(base: str, sessions: dict, path: str, who: str | None, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        s = sessions[who][threading.get_ident() % len(sessions[who])] if who else requests.Session()
        for _ in range(1_000_000):  # bounded; the deadline ends it
            if time.monotonic() >= deadline:
                return
            t0 = time.perf_counter()
            try:
                r = s.get(base + path, timeout=30, allow_redirects=False)
                ok = r.status_code == 200
            except requests.RequestException:
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(dt)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    p50 = percentile(latencies, 0.5)
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(p50 * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "p99_over_p50": round(percentile(latencies, 0.99) / p50, 2) if latencies else None,
    }


_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _wrk_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _WRK_UNITS[unit]


def hammer_wrk(base: str, sessions: dict, path: str, who: str | None, seconds: float) -> dict:
    """``wrk -c 8 --latency`` on one page, with the person's session cookie; only 200 counts."""
    # a new connection: the pooled one of the login may have been closed by the server meanwhile
    cookies = sessions[who][0].cookies if who else None
    check = requests.get(
        base + path, cookies=cookies, timeout=30, allow_redirects=False, headers={"Connection": "close"}
    )
    if check.status_code != 200:
        raise RuntimeError(f"{path} as {who or 'anonymous'} answered {check.status_code}")
    cmd = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "30s",
    ]
    if who:
        cookie = "; ".join(f"{c.name}={c.value}" for c in sessions[who][0].cookies)
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, base + path], capture_output=True, text=True, check=True).stdout
    percentiles = {
        int(p): _wrk_ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+([\d.]+(?:us|ms|s|m))\s*$", out, re.M)
    }
    if 50 not in percentiles or 99 not in percentiles:
        raise RuntimeError(f"no latency distribution in wrk's output:\n{out}")
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {
        "requests": total - bad,
        "errors": bad + errors,
        "per_s": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), 1),
        "p50_ms": round(percentiles[50], 2),
        "p99_ms": round(percentiles[99], 2),
        "p99_over_p50": round(percentiles[99] / percentiles[50], 2),
    }


def measure(env: dict, var: Path, seconds: float, workers: int, threads: int) -> dict:
    server = Server(env, workers=workers, threads=threads, log=var / "server.log").start()
    run = hammer_wrk if shutil.which("wrk") else hammer
    try:
        sessions = {who: [login(server.url, who) for _ in range(2)] for who, _ in PAGES.values() if who}
        result = {}
        for name, (who, path) in PAGES.items():
            run(server.url, sessions, path, who, 2)  # warm-up
            result[name] = run(server.url, sessions, path, who, seconds)
        return result
    finally:
        server.stop()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--scale", type=int, default=10000, help="bases of the large world (10 applications each)"
    )
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1, help="as pilotbase serve's default")
    args = ap.parse_args()
    pid = os.getpid()
    var = Path("/tmp/load_test-var")
    var.mkdir(exist_ok=True)
    tpl, small, large = f"loadtpl_{pid}", f"loadsmall_{pid}", f"loadlarge_{pid}"
    figures: dict = {
        "connections": CONNECTIONS,
        "seconds_per_page": args.seconds,
        "database": "postgresql",
        "client": "wrk" if shutil.which("wrk") else "python-requests",
        "server": f"gunicorn {args.workers} workers x {args.threads} threads",
    }
    try:
        psql(f"CREATE DATABASE {tpl}")
        tenv = base_env(var, DATABASE_URL=f"{PG}/{tpl}")
        pilotbase("migrate", "-v0", env=tenv)
        pilotbase("demo", env=tenv)
        psql(f"CREATE DATABASE {small} TEMPLATE {tpl}")
        psql(f"CREATE DATABASE {large} TEMPLATE {tpl}")
        # DEBUG off as in production (no query log, cached templates); the rest of the
        # development settings stay (plain http on loopback, the second factor waived).
        envs = {
            "small": base_env(var, DATABASE_URL=f"{PG}/{small}", DEBUG="0"),
            "large": base_env(var, DATABASE_URL=f"{PG}/{large}", DEBUG="0"),
        }
        pilotbase("seed", "--scale", "10", env=envs["small"])
        t0 = time.monotonic()
        pilotbase("seed", "--scale", str(args.scale), env=envs["large"])
        figures["seed_large_s"] = round(time.monotonic() - t0, 1)
        for which, env in envs.items():
            q = count_queries(env)
            figures[f"applications_{which}"] = q.pop("applications")
            figures[f"queries_{which}"] = q
            figures[f"pages_{which}"] = measure(env, var, args.seconds, args.workers, args.threads)
    finally:
        for db in (small, large, tpl):
            psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    checks = {}
    bare_small = figures["pages_small"]["bare_view"]["per_s"]
    for name in PAGES:
        if name.startswith("bare_view"):
            continue
        s, lg = figures["pages_small"][name], figures["pages_large"][name]
        checks[name] = {
            "queries_equal": figures["queries_small"][name] == figures["queries_large"][name],
            "median_large_over_small": round(lg["p50_ms"] / s["p50_ms"], 2),
            "throughput_over_bare_small": round(s["per_s"] / bare_small, 3),
            "throughput_over_bare_large": round(
                lg["per_s"] / figures["pages_large"]["bare_view"]["per_s"], 3
            ),
            "p99_over_p50_large": lg["p99_over_p50"],
        }
    figures["checks"] = checks
    print(json.dumps(figures, ensure_ascii=False))
    failed = [
        f"{n}:{k}"
        for n, c in checks.items()
        for k, bad in (
            ("queries", not c["queries_equal"]),
            ("median", c["median_large_over_small"] > 1.2),
            ("throughput", min(c["throughput_over_bare_small"], c["throughput_over_bare_large"]) < 0.25),
            ("p99/p50", (c["p99_over_p50_large"] or 99) > 1.6),
        )
        if bad
    ]
    print(
        ("PASS" if not failed else "FAIL")
        + ": load test"
        + (f"; missed {', '.join(failed)}" if failed else "")
    )
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
