#!/usr/bin/env python3
# ruff: noqa: S105, S108, S603, S607 - dev scripts: fixed argv, /tmp work dirs per script, demo password
"""Database restart under load (issue 9): errors only while PostgreSQL is down, recovery by itself.

    .venv/bin/python scripts/db_restart_test.py

Creates database ``dbrestart_<pid>`` on postgres://postgres@127.0.0.1:5432, migrates it and loads
the demo, serves it on 127.0.0.1, runs 4 threads GETting ``/directory/`` and the signed-in
``/applications/`` list, restarts PostgreSQL ONCE (``pg_ctlcluster --skip-systemctl-redirect 15 main
restart``; the server is shared, so one restart only), keeps the load going 20 s more, then drops the
database and checks ``pg_isready``. Prints one JSON object and a PASS/FAIL line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash_test import Server, base_env, login, pilotbase  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432"


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True)  # noqa: S603,S607


def pg_ready() -> bool:
    return (
        subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True).returncode == 0
    )  # noqa: S603,S607


def main() -> int:
    db = f"dbrestart_{os.getpid()}"
    var = Path("/tmp/db_restart_test-var")
    var.mkdir(exist_ok=True)
    env = base_env(var, DATABASE_URL=f"{PG}/{db}")
    psql(f"CREATE DATABASE {db}")
    server = None
    try:
        pilotbase("migrate", "-v0", env=env)
        pilotbase("demo", env=env)
        server = Server(env, workers=2, threads=4, log=var / "server.log").start()
        base = server.url
        sessions = [login(base, "officer") for _ in range(2)]
        samples: list[tuple[float, bool, str]] = []  # (time, ok, what)
        stop = threading.Event()

        def load(i: int):
            s = sessions[i % 2] if i % 2 else requests.Session()
            path = "/applications/" if i % 2 else "/directory/"
            for _ in range(100_000):  # bounded; stopped by the event long before
                if stop.is_set():
                    return
                t = time.monotonic()
                try:
                    r = s.get(base + path, timeout=10, allow_redirects=False)
                    samples.append((t, r.status_code == 200, str(r.status_code)))
                except requests.RequestException as exc:
                    samples.append((t, False, type(exc).__name__))
                time.sleep(0.02)

        threads = [threading.Thread(target=load, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        time.sleep(8)
        t_restart = time.monotonic()
        subprocess.run(  # noqa: S603,S607
            ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"],
            check=True,
            capture_output=True,
        )
        t_back = time.monotonic()
        time.sleep(20)
        stop.set()
        for t in threads:
            t.join(timeout=30)
    finally:
        if server:
            server.stop()
        for _ in range(60):
            if pg_ready():
                break
            time.sleep(1)
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    errors = [s for s in samples if not s[1]]
    before = [s for s in samples if s[0] < t_restart]
    after_recovery = [s for s in samples if s[0] > t_back + 2]
    kinds: dict[str, int] = {}
    for e in errors:
        kinds[e[2]] = kinds.get(e[2], 0) + 1
    window = (max(e[0] for e in errors) - min(e[0] for e in errors)) if errors else 0.0
    figures = {
        "requests": len(samples),
        "errors": len(errors),
        "error_kinds": kinds,
        "errors_before_restart": sum(not s[1] for s in before),
        "errors_after_restart_plus_2s": sum(not s[1] for s in after_recovery),
        "ok_after_restart_plus_2s": sum(s[1] for s in after_recovery),
        "pg_restart_command_s": round(t_back - t_restart, 2),
        "error_window_s": round(window, 2),
        "first_error_after_restart_start_s": round(min(e[0] for e in errors) - t_restart, 2)
        if errors
        else None,
        "last_error_after_pg_back_s": round(max(e[0] for e in errors) - t_back, 2) if errors else None,
        "pg_isready_at_end": pg_ready(),
    }
    ok = (
        figures["errors_before_restart"] == 0
        and figures["errors_after_restart_plus_2s"] == 0
        and figures["ok_after_restart_plus_2s"] > 0
        and figures["pg_isready_at_end"]
    )
    print(json.dumps(figures))
    print(("PASS" if ok else "FAIL") + f": error window {figures['error_window_s']} s, recovered by itself")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
