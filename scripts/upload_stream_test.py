#!/usr/bin/env python3
# ruff: noqa: S105, S108, S603, S607 - dev scripts: fixed argv, /tmp work dirs per script, demo password
"""Upload streaming (issue 9): a 100 MB material upload is stored with its SHA-256 in at most twice
the time ``sha256sum`` takes on the same file, and the gunicorn worker grows by < 20 MB RSS.

    .venv/bin/python scripts/upload_stream_test.py [--mb 100]

Own server on 127.0.0.1 (one worker so its RSS is the one measured), own PILOTBASE_VAR
(/tmp/upload_stream_test-var). Prints one JSON object and a PASS/FAIL line."""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash_test import Server, base_env, demo_var, fake_pdf, login, token_for  # noqa: E402


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=100)
    args = ap.parse_args()
    var = Path("/tmp/upload_stream_test-var")
    demo_var(var)
    size = args.mb * 1024 * 1024
    src = var / "big.pdf"
    src.write_bytes(fake_pdf(size, b"upload-stream"))
    expected = hashlib.sha256(src.read_bytes()).hexdigest()
    sums = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = subprocess.run(["sha256sum", str(src)], capture_output=True, text=True, check=True)  # noqa: S603,S607
        sums.append(time.perf_counter() - t0)
        assert out.stdout.split()[0] == expected
    sha256sum_s = min(sums)

    env = base_env(var, PILOTBASE_UPLOAD_MAX_BYTES=str(size * 2))
    server = Server(env, workers=1, threads=4, log=var / "server.log").start()
    try:
        s = login(server.url, "applicant_a")
        s.token = token_for(s, server.url, "/applications/4/edit/materials/")
        (worker,) = server.worker_pids()
        # warm the upload path once with a small file so imports and caches are not counted as growth
        small = fake_pdf(4 * 1024 * 1024, b"warm")
        s.post(
            f"{server.url}/applications/4/materials/",
            data={"csrfmiddlewaretoken": s.token, "kind": "other"},
            files={"file": ("warm.pdf", small, "application/pdf")},
            allow_redirects=False,
            timeout=120,
        )
        before = rss_kb(worker)
        times, statuses = [], []
        for i in range(2):
            with open(src, "rb") as fh:
                t0 = time.perf_counter()
                r = s.post(
                    f"{server.url}/applications/4/materials/",
                    data={"csrfmiddlewaretoken": s.token, "kind": "other"},
                    files={"file": (f"big-{i}.pdf", fh, "application/pdf")},
                    allow_redirects=False,
                    timeout=600,
                )
                times.append(time.perf_counter() - t0)
                statuses.append(r.status_code)
        after = rss_kb(worker)
    finally:
        server.stop()
    con = sqlite3.connect(var / "pilotbase.sqlite3")
    rows = con.execute(
        "SELECT stored_name, sha256, size FROM applications_material WHERE original_name LIKE 'big-%'"
    ).fetchall()
    con.close()
    stored_ok = len(rows) == 2 and all(
        sha == expected and n == size and (var / "media" / "materials" / stored).stat().st_size == size
        for stored, sha, n in rows
    )
    upload_s = min(times)
    figures = {
        "file_size_mb": args.mb,
        "sha256sum_s": round(sha256sum_s, 3),
        "upload_s": [round(t, 3) for t in times],
        "upload_over_sha256sum_ratio": round(upload_s / sha256sum_s, 2),
        "upload_throughput_mb_per_s": round(args.mb / upload_s, 1),
        "http_status": statuses,
        "stored_with_matching_sha256": stored_ok,
        "worker_rss_before_mb": round(before / 1024, 1),
        "worker_rss_after_mb": round(after / 1024, 1),
        "worker_rss_growth_mb": round((after - before) / 1024, 1),
    }
    ok_time = upload_s <= 2 * sha256sum_s
    ok_mem = (after - before) / 1024 < 20
    print(json.dumps(figures))
    ok = stored_ok and ok_time and ok_mem and all(c == 302 for c in statuses)
    print(
        ("PASS" if ok else "FAIL")
        + f": stored={stored_ok} time<=2x sha256sum={ok_time} rss growth<20MB={ok_mem}"
    )
    src.unlink()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
