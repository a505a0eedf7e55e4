#!/usr/bin/env python3
# ruff: noqa: S105, S108, S603, S607 - dev scripts: fixed argv, /tmp work dirs per script, demo password
"""Crash test (issue 9): SIGKILL the whole ``pilotbase serve`` process group while material uploads
and application starts are in flight, 20 times; afterwards every acknowledged request is durable,
and ``pilotbase files sweep`` removes every file no row names (counted before and after it).

    .venv/bin/python scripts/crash_test.py [--rounds 20]

Runs only against servers it starts itself on 127.0.0.1, with its own ``PILOTBASE_VAR``
(/tmp/crash_test-var), so nothing shared is touched. Prints one JSON object and a PASS/FAIL line.

This module also holds the small helpers the other scripts in this folder import (free port, server
start/stop, real form login, percentile)."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PILOTBASE = str(ROOT / ".venv" / "bin" / "pilotbase")
HOST = "127.0.0.1"  # never any other address
PASSWORD = "Demo#2026pb"
BAKED = Path("/tmp/pilotbase-scripts-demo-var")  # a migrated demo instance, copied per script


# --- helpers shared by the scripts --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def base_env(var: Path, **extra: str) -> dict:
    env = dict(os.environ)
    env.update({"PILOTBASE_VAR": str(var), "PILOTBASE_WAIVE_OTP": "1", "PYTHONUNBUFFERED": "1"})
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def pilotbase(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([PILOTBASE, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=check)  # noqa: S603


def demo_var(var: Path) -> None:
    """A fresh copy of a migrated demo instance (built once, ~40 s, then copied and migrated)."""
    if not (BAKED / "pilotbase.sqlite3").exists():
        shutil.rmtree(BAKED, ignore_errors=True)
        env = base_env(BAKED)
        pilotbase("migrate", "-v0", env=env)
        pilotbase("demo", env=env)
        con = sqlite3.connect(BAKED / "pilotbase.sqlite3")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
    shutil.rmtree(var, ignore_errors=True)
    shutil.copytree(BAKED, var)
    # The baked copy may predate a migration added since: bring the copy up to date.
    pilotbase("migrate", "-v0", env=base_env(var))


class Server:
    """``pilotbase serve`` in its own process group on 127.0.0.1."""

    def __init__(
        self, env: dict, port: int | None = None, workers: int = 2, threads: int = 4, log: Path | None = None
    ):
        self.env, self.port, self.workers, self.threads = env, port or free_port(), workers, threads
        self.log = log
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603
            [
                PILOTBASE,
                "serve",
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
            ],
            env=self.env,
            cwd=ROOT,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/accounts/login/", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            time.sleep(0.2)
        raise RuntimeError("server did not come up")

    def kill(self) -> None:
        """SIGKILL the whole process group (master and workers) and reap the master."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        elif self.proc:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        )  # noqa: S603,S607
        return [int(p) for p in out.stdout.split()]


def csrf(session: requests.Session, html: str) -> str:
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return m.group(1) if m else session.cookies.get("csrftoken", "")


def login(base: str, username: str, password: str = PASSWORD) -> requests.Session:
    """Sign in by posting the real login form (OTP waived by PILOTBASE_WAIVE_OTP=1 on the server)."""
    s = requests.Session()
    page = s.get(base + "/accounts/login/", timeout=30)
    r = s.post(
        base + "/accounts/login/",
        data={"csrfmiddlewaretoken": csrf(s, page.text), "username": username, "password": password},
        headers={"Referer": base + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if r.status_code != 302:
        raise RuntimeError(f"login of {username} failed: {r.status_code}")
    return s


def token_for(session: requests.Session, base: str, path: str) -> str:
    return csrf(session, session.get(base + path, timeout=30).text)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q * (len(v) - 1))))]


def fake_pdf(size: int, seed: bytes) -> bytes:
    """``%PDF-1.4`` then deterministic pseudo-random bytes with no ``<`` (the markup scan)."""
    out = bytearray(b"%PDF-1.4\n")
    block = hashlib.sha256(seed).digest()
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:size]).replace(b"<", b"A")


# --- the crash test -----------------------------------------------------------------------------

APPS = {"applicant_a": [4, 6]}  # applicant_a's draft and returned applications in the demo
CALL = 1  # the open call; applicant_c starts applications in it


def one_round(
    server: Server, rnd: int, sessions: dict, size: int, acked: list, attempted: list, kill_after: float
):
    base = server.url

    def upload(i: int, app: int):
        name = f"crash-r{rnd:02d}-u{i}.pdf"
        body = fake_pdf(size + i * 100, name.encode())
        digest = hashlib.sha256(body).hexdigest()
        s = sessions["applicant_a"]
        attempted.append(("upload", name))
        try:
            r = s.post(
                f"{base}/applications/{app}/materials/",
                data={"csrfmiddlewaretoken": s.token, "kind": "other"},
                files={"file": (name, body, "application/pdf")},
                headers={"Referer": base + "/"},
                allow_redirects=False,
                timeout=30,
            )
        except requests.RequestException:
            return
        if 200 <= r.status_code < 400:
            acked.append({"what": "upload", "name": name, "sha256": digest, "status": r.status_code})

    def start(i: int):
        s = sessions["applicant_c"]
        attempted.append(("start", f"r{rnd}-s{i}"))
        try:
            r = s.post(
                f"{base}/applications/calls/{CALL}/start/",
                data={"csrfmiddlewaretoken": s.token},
                headers={"Referer": base + "/"},
                allow_redirects=False,
                timeout=30,
            )
        except requests.RequestException:
            return
        m = re.search(r"/applications/(\d+)/", r.headers.get("Location", ""))
        if r.status_code in (301, 302, 303) and m:
            acked.append({"what": "start", "pk": int(m.group(1)), "status": r.status_code})

    def uploads(i: int):  # three in a row per thread, so some finish and some are cut
        for j in range(3):
            upload(i * 10 + j, APPS["applicant_a"][i % 2])

    def starts(i: int):
        for j in range(3):
            start(i * 10 + j)

    threads = [threading.Thread(target=uploads, args=(i,)) for i in range(4)]
    threads += [threading.Thread(target=starts, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(kill_after)
    server.kill()
    for t in threads:
        t.join(timeout=40)


def leftovers(var: Path) -> tuple[list[str], list[str]]:
    """Stored files no material row names, and part files of uploads that never finished (in
    MEDIA_ROOT/incoming, or Django's spool in the server's TMPDIR)."""
    con = sqlite3.connect(var / "pilotbase.sqlite3")
    stored_names = {r[0] for r in con.execute("SELECT stored_name FROM applications_material")}
    con.close()
    media = var / "media"
    materials = media / "materials"
    orphans = [str(p) for p in materials.iterdir() if p.is_file() and p.name not in stored_names]
    parts = [str(p) for d in (media / "incoming", var / "tmp") if d.is_dir() for p in d.iterdir()]
    return orphans, parts


def check(var: Path, acked: list) -> dict:
    con = sqlite3.connect(var / "pilotbase.sqlite3")
    rows = con.execute("SELECT original_name, stored_name, sha256 FROM applications_material").fetchall()
    app_pks = {r[0] for r in con.execute("SELECT id FROM applications_application")}
    con.close()
    media = var / "media" / "materials"
    by_name = {}
    for original, stored, sha in rows:
        by_name.setdefault(original, []).append((stored, sha))

    def rows_check() -> tuple[list[str], list[str]]:
        without_file, bad = [], []
        for _original, stored, sha in rows:
            p = media / stored
            if not p.exists():
                without_file.append(stored)
            elif hashlib.sha256(p.read_bytes()).hexdigest() != sha:
                bad.append(stored)
        return without_file, bad

    missing = []
    rows_without_file, bad_hash = rows_check()
    for a in acked:
        if a["what"] == "upload":
            hits = by_name.get(a["name"], [])
            if not any(sha == a["sha256"] for _, sha in hits):
                missing.append(a["name"])
        elif a["pk"] not in app_pks:
            missing.append(f"application {a['pk']}")
    orphans_before, parts_before = leftovers(var)
    # The server is stopped, so nothing is in flight: sweep with no grace period.
    env = base_env(var, TMPDIR=str(var / "tmp"))
    sweep = pilotbase("files", "sweep", "--older-than-minutes", "0", env=env, check=False)
    orphans_after, parts_after = leftovers(var)
    rows_without_file_after_sweep, _ = rows_check()
    verify = pilotbase("audit", "verify", env=base_env(var), check=False)
    return {
        "missing_acknowledged": missing,
        "material_rows_with_bad_hash": bad_hash,
        "material_rows_without_file": rows_without_file,
        "orphan_files_before_sweep": len(orphans_before),
        "partial_uploads_before_sweep": len(parts_before),
        "sweep_rc": sweep.returncode,
        "sweep_out": (sweep.stdout + sweep.stderr).strip()[-300:],
        "orphan_files_after_sweep": orphans_after,
        "partial_uploads_after_sweep": parts_after,
        "material_rows_without_file_after_sweep": rows_without_file_after_sweep,
        "audit_verify_rc": verify.returncode,
        "audit_verify_out": (verify.stdout + verify.stderr).strip()[-300:],
        "material_rows": len(rows),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--size-bytes", type=int, default=3_000_000)
    args = ap.parse_args()
    var = Path("/tmp/crash_test-var")
    demo_var(var)
    (var / "tmp").mkdir(exist_ok=True)
    env = base_env(var, TMPDIR=str(var / "tmp"))  # any upload Django spools itself lands here
    acked: list = []
    attempted: list = []
    restart_s: list[float] = []
    server = Server(env, workers=1, threads=8, log=var / "server.log")
    server.start()
    for rnd in range(args.rounds):
        sessions = {u: login(server.url, u) for u in ("applicant_a", "applicant_c")}
        for s in sessions.values():
            s.token = token_for(s, server.url, "/accounts/")
        # kill at varying points: early (in the body), middle (storing), late (after commits)
        kill_after = 0.3 + (rnd % 5) * 0.6
        one_round(server, rnd, sessions, args.size_bytes, acked, attempted, kill_after)
        t0 = time.monotonic()
        server = Server(env, port=server.port, workers=1, threads=8, log=var / "server.log")
        server.start()
        restart_s.append(time.monotonic() - t0)
    server.stop()
    result = check(var, acked)
    figures = {
        "rounds": args.rounds,
        "requests_attempted": len(attempted),
        "requests_acknowledged": len(acked),
        "uploads_acknowledged": sum(a["what"] == "upload" for a in acked),
        "starts_acknowledged": sum(a["what"] == "start" for a in acked),
        "upload_size_bytes": args.size_bytes,
        "restart_median_s": round(percentile(restart_s, 0.5), 2),
        **result,
    }
    ok = (
        not result["missing_acknowledged"]
        and not result["material_rows_with_bad_hash"]
        and not result["material_rows_without_file"]
        and result["audit_verify_rc"] == 0
        and result["sweep_rc"] == 0
        and not result["orphan_files_after_sweep"]
        and not result["partial_uploads_after_sweep"]
        and not result["material_rows_without_file_after_sweep"]
    )
    print(json.dumps(figures, ensure_ascii=False))
    note = (
        f"; orphan files {result['orphan_files_before_sweep']} and partial uploads"
        f" {result['partial_uploads_before_sweep']} before the sweep,"
        f" {len(result['orphan_files_after_sweep']) + len(result['partial_uploads_after_sweep'])} after"
    )
    print(("PASS" if ok else "FAIL") + f": crash test, {len(acked)} acknowledged of {len(attempted)}{note}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
