"""Backup while people keep working, restore into an empty instance, and proof that what came back
is what was saved: the same row counts, the same file hashes, an intact audit chain. Run as an
operator would, through the ``pilotbase`` command in separate processes, on SQLite always and on
PostgreSQL too when the suite runs there (into databases created for the test and dropped after)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

PILOTBASE = str(Path(sys.executable).with_name("pilotbase"))
PG_URL = os.environ.get("DATABASE_URL", "")

# Keeps writing audit events (each locks the chain head) until the stop file appears.
WRITER = """
import os, time
from pathlib import Path
from pilotbase.audit import services as audit
from pilotbase.accounts.models import User
u = User.objects.order_by("pk").first()
stop = Path(os.environ["STOP_FILE"])
print("started", flush=True)
i = 0
deadline = time.monotonic() + 120
while not stop.exists() and time.monotonic() < deadline:
    audit.record(u, "load_test_write", by=u, data={"i": i})
    i += 1
print("wrote", i, flush=True)
"""


def run(*args, env, timeout=300):
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    return subprocess.run(
        [PILOTBASE, *args], capture_output=True, text=True, timeout=timeout, env={**base, **env}
    )


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _instances(vendor: str, tmp: Path):
    """Two instances (source and restore target), each a database URL and a var directory."""
    if vendor == "sqlite":
        return [
            {
                "DATABASE_URL": f"sqlite:///{tmp / name / 'pilotbase.sqlite3'}",
                "PILOTBASE_VAR": str(tmp / name),
            }
            for name in ("source", "target")
        ], []
    suffix = uuid.uuid4().hex[:8]
    names = [f"test_backup_src_{suffix}", f"test_restore_{suffix}"]
    for name in names:
        _pg(f'CREATE DATABASE "{name}"')
    base = PG_URL.rsplit("/", 1)[0]
    return [
        {"DATABASE_URL": f"{base}/{name}", "PILOTBASE_VAR": str(tmp / label)}
        for name, label in zip(names, ("source", "target"), strict=True)
    ], names


VENDORS = ["sqlite"] + (["postgresql"] if PG_URL.startswith("postgres") else [])


@pytest.fixture(scope="module", params=VENDORS)
def source(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    (src, dst), dbs = _instances(request.param, tmp)
    for env in (src, dst):
        Path(env["PILOTBASE_VAR"]).mkdir(parents=True, exist_ok=True)
    assert run("migrate", "-v0", env=src).returncode == 0
    demo = run("demo", env=src)
    assert demo.returncode == 0, demo.stderr[-2000:]
    # an upload still arriving when the backup runs: not a stored file, not archived
    incoming = Path(src["PILOTBASE_VAR"]) / "media" / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    (incoming / "arriving.part").write_bytes(b"%PDF-1.7 half")
    yield {"src": src, "dst": dst, "tmp": tmp, "vendor": request.param}
    for name in dbs:
        _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _backup_while_writing(source) -> tuple[Path, dict]:
    src = source["src"]
    out = source["tmp"] / f"backups-{uuid.uuid4().hex[:6]}"
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    stop = out.with_suffix(".stop")
    writer = subprocess.Popen(
        [PILOTBASE, "shell", "-c", WRITER],
        stdout=subprocess.PIPE,
        text=True,
        env={**base, **src, "STOP_FILE": str(stop)},
    )
    try:
        for line in writer.stdout:
            if line.strip() == "started":
                break
        done = run("backup", "--output", str(out), env=src)
    finally:
        stop.touch()
        tail = writer.communicate(timeout=120)[0]
    assert writer.returncode == 0
    written = int(tail.split("wrote", 1)[1].split()[0])
    assert written > 0  # the writer was still writing when the backup finished
    assert done.returncode == 0, done.stderr[-2000:]
    assert "备份完成" in done.stdout
    (target,) = out.iterdir()
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    return target, manifest


@pytest.fixture(scope="module")
def taken(source):
    return _backup_while_writing(source)


def test_backup_under_writes_restores_into_an_empty_instance_and_proves_itself(source, taken):
    backup, manifest = taken
    assert oct(backup.stat().st_mode & 0o777) == "0o700"
    assert manifest["vendor"] == source["vendor"]
    assert manifest["media"] and all(len(h) == 64 for h in manifest["media"].values())
    assert not [name for name in manifest["media"] if name.startswith("incoming/")]
    assert manifest["row_counts"]["audit_auditevent"] == manifest["audit_head"]["seq"]

    restored = run("restore", str(backup), env=source["dst"])
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert "校验通过" in restored.stdout and "记录数一致" in restored.stdout
    verify = run("audit", "verify", env=source["dst"])
    assert verify.returncode == 0 and f"共 {manifest['audit_head']['seq']} 条" in verify.stdout

    # The restored instance is not empty any more: a second restore is refused, nothing touched.
    again = run("restore", str(backup), env=source["dst"])
    assert again.returncode == 2 and "不是空的" in again.stderr


def test_restore_refuses_a_non_empty_database(source, taken):
    backup, _ = taken
    refused = run("restore", str(backup), env=source["src"])
    assert refused.returncode == 2 and "目标数据库不是空的" in refused.stderr


def test_a_damaged_backup_is_refused_before_anything_is_written(source, taken, tmp_path):
    backup = tmp_path / "copy"
    shutil.copytree(taken[0], backup)
    tar = backup / "media.tar"
    data = bytearray(tar.read_bytes())
    data[1000] ^= 0xFF
    tar.write_bytes(bytes(data))
    empty = {**source["dst"], "PILOTBASE_VAR": str(tmp_path)}
    if source["vendor"] == "sqlite":
        empty["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    refused = run("restore", str(backup), env=empty)
    assert refused.returncode == 2 and "SHA-256 不符" in refused.stderr and "media.tar" in refused.stderr
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.*"))


def test_restore_names_a_missing_backup_directory(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "PILOTBASE_VAR": str(tmp_path)}
    out = run("restore", str(tmp_path / "nope"), env=env)
    assert out.returncode == 2 and "备份目录不存在" in out.stderr


def test_seed_builds_a_world_in_proportion_and_keeps_the_audit_chain(world):
    from django.core.management import call_command

    from pilotbase.applications.models import Application
    from pilotbase.audit.services import verify
    from pilotbase.bases.models import PilotBase

    apps_before, bases_before = Application.objects.count(), PilotBase.objects.count()
    call_command("seed", "--scale", "5", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Application.objects.count() - apps_before == 50
    assert PilotBase.objects.count() - bases_before == 5
    assert PilotBase.objects.filter(source_application__status=Application.Status.FILED).count() >= 5
    assert verify().ok


def test_seed_names_a_bad_scale(world):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--scale"):
        call_command("seed", "--scale", "0")
