"""Backup and restore of one instance: the database, the uploaded files, and a manifest that lets
the restore prove it brought back exactly what was saved.

Consistency while people keep working: the database is copied first, from one snapshot (SQLite's
online backup API; PostgreSQL's ``pg_dump`` run on a snapshot exported from a REPEATABLE READ
transaction in which the row counts and the audit head are read too). The files are archived
after. An uploaded file is written to disk before the row that records it commits and is never
deleted afterwards (removal only flags the row), so every file a row of the snapshot names is
already on disk when the archive is taken; files newer than the snapshot are harmless extras.

A backup directory holds ``database.sqlite3`` or ``database.pgdump`` (custom format),
``media.tar`` and ``manifest.json`` with the SHA-256 of each of them and of every file inside
the archive, the row count of every table and the audit head (seq, hash)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


@dataclass
class RestoreReport:
    tables: int
    rows: int
    files: int
    audit_events: int


# --- what to count -----------------------------------------------------------------------------


def tables() -> list[str]:
    """Every table Django manages, including many-to-many tables."""
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    return sorted(names)


def _count(cursor, table: str, quote) -> int | None:
    try:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - model table names, quoted  # nosec B608
    except Exception:  # a table of a model without its migration yet
        return None
    return cursor.fetchone()[0]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor() -> str:
    return connection.vendor


def _pg_env(db: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- backup ------------------------------------------------------------------------------------


def _backup_sqlite(dest: Path) -> tuple[dict, dict]:
    source = Path(settings.DATABASES["default"]["NAME"])
    if not source.exists():
        raise BackupError(f"数据库文件不存在：{source}")
    src = sqlite3.connect(source, timeout=60)
    out = sqlite3.connect(dest)
    try:
        # One step under one read transaction: in WAL mode writers go on meanwhile, and a stepped
        # copy would restart whenever another connection writes, never finishing under load.
        src.backup(out)
    finally:
        src.close()
    try:
        cur = out.cursor()
        counts = {t: c for t in tables() if (c := _count(cur, t, _quote_sqlite)) is not None}
        row = cur.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1").fetchone()
    finally:
        out.close()
    return counts, {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": "0" * 64}


def _backup_postgresql(dest: Path) -> tuple[dict, dict]:
    import psycopg
    from psycopg import sql

    db = settings.DATABASES["default"]
    conn = psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )
    try:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts: dict[str, int] = {}
        existing = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        for table in tables():
            if table in existing:
                counts[table] = conn.execute(
                    sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
                ).fetchone()[0]
        row = conn.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1").fetchone()
        # pg_dump reads the very snapshot the counts were taken from, while the transaction is open.
        proc = subprocess.run(  # noqa: S603 - pg_dump/psql by name, arguments from settings, no shell  # nosec B603
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(dest),
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise BackupError(f"pg_dump 失败：{proc.stderr.strip()}")
        conn.execute("COMMIT")
    finally:
        conn.close()
    return counts, {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": "0" * 64}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"未找到 {name}，请安装 PostgreSQL 客户端工具")
    return path


def _archive_media(dest: Path) -> dict[str, str]:
    """Tar MEDIA_ROOT; return the SHA-256 of every file as archived (read once, hashed as read)."""
    from pilotbase.applications.materials import INCOMING_SUBDIR

    root = Path(settings.MEDIA_ROOT)
    # Uploads still arriving (MEDIA_ROOT/incoming/*.part) belong to no row yet: not archived.
    incoming = root / INCOMING_SUBDIR
    hashes: dict[str, str] = {}
    with tarfile.open(dest, "w") as tar:
        if root.exists():
            files = (p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
            for path in sorted(p for p in files if incoming not in p.parents):
                rel = path.relative_to(root).as_posix()
                data = path.read_bytes()
                info = tar.gettarinfo(str(path), arcname=rel)
                info.size = len(data)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                tar.addfile(info, io.BytesIO(data))
                hashes[rel] = hashlib.sha256(data).hexdigest()
    return hashes


def backup(output: Path) -> Path:
    """Write one backup directory under ``output`` and return its path."""
    vendor = _vendor()
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持的数据库类型：{vendor}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = Path(output) / f"pilotbase-backup-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    target.chmod(0o700)  # the copy holds everything the database does
    try:
        if vendor == "sqlite":
            db_file = target / "database.sqlite3"
            counts, head = _backup_sqlite(db_file)
        else:
            db_file = target / "database.pgdump"
            counts, head = _backup_postgresql(db_file)
        media_hashes = _archive_media(target / MEDIA_TAR)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "vendor": vendor,
            "database_file": db_file.name,
            "files": {p.name: sha256_of(p) for p in (db_file, target / MEDIA_TAR)},
            "media": media_hashes,
            "row_counts": counts,
            "audit_head": head,
        }
        (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


# --- restore -----------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    path = Path(source) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} 不是备份目录：缺少 {MANIFEST}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} 无法解析：{exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')}")
    for name, expected in manifest["files"].items():
        file = Path(source) / name
        if not file.is_file():
            raise BackupError(f"备份文件缺失：{name}")
        if sha256_of(file) != expected:
            raise BackupError(f"备份文件已损坏（SHA-256 不符）：{name}")
    return manifest


def current_counts() -> dict[str, int]:
    with connection.cursor() as cur:
        existing = set(connection.introspection.table_names(cur))
        return {
            t: c
            for t in tables()
            if t in existing and (c := _count(cur, t, connection.ops.quote_name)) is not None
        }


def database_is_empty() -> bool:
    """No person and no audit event: a new database, migrated or not (migrations themselves insert
    content types, permissions and the holiday table, which the restore replaces)."""
    from pilotbase.accounts.models import User
    from pilotbase.audit.models import AuditEvent

    counts = current_counts()
    return all(counts.get(m._meta.db_table, 0) == 0 for m in (User, AuditEvent))


def media_is_empty() -> bool:
    root = Path(settings.MEDIA_ROOT)
    return not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def _restore_sqlite(file: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    connections.close_all()
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(file)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _restore_postgresql(file: Path) -> None:
    db = settings.DATABASES["default"]
    connections.close_all()
    proc = subprocess.run(  # noqa: S603 - pg_dump/psql by name, arguments from settings, no shell  # nosec B603
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            db["NAME"],
            str(file),
        ],
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise BackupError(f"pg_restore 失败：{proc.stderr.strip()[:2000]}")


def _extract_media(tar_path: Path, manifest: dict) -> None:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tar_path, "r") as tar:
        names = {m.name for m in tar.getmembers()}
        unexpected = names - set(manifest["media"])
        if unexpected:
            raise BackupError(f"文件归档中有清单之外的文件：{sorted(unexpected)[:3]}")
        tar.extractall(root, filter="data")  # refuses absolute paths, .. and links out of root


def verify_restored(manifest: dict) -> RestoreReport:
    from pilotbase.audit.models import AuditHead
    from pilotbase.audit.services import verify

    counts = current_counts()
    diffs = [
        f"{t}: 备份 {n} 行，恢复后 {counts.get(t)} 行"
        for t, n in manifest["row_counts"].items()
        if counts.get(t) != n
    ]
    if diffs:
        raise BackupError("记录数不一致：" + "；".join(diffs[:5]))
    root = Path(settings.MEDIA_ROOT)
    for rel, expected in manifest["media"].items():
        path = root / rel
        if not path.is_file() or sha256_of(path) != expected:
            raise BackupError(f"文件校验不符：{rel}")
    result = verify()
    if not result.ok:
        raise BackupError(f"审计日志校验失败：{result.reason}")
    head = AuditHead.objects.filter(id=1).first()
    expected_head = manifest["audit_head"]
    if (head.seq if head else 0) != expected_head["seq"] or (
        head.hash if head else "0" * 64
    ) != expected_head["hash"]:
        raise BackupError("审计链尾与备份清单不符")
    return RestoreReport(
        tables=len(manifest["row_counts"]),
        rows=sum(manifest["row_counts"].values()),
        files=len(manifest["media"]),
        audit_events=result.checked,
    )


def restore(source: Path) -> RestoreReport:
    """Restore a backup into an empty instance and prove it: counts, file hashes, audit chain."""
    source = Path(source)
    manifest = read_manifest(source)
    vendor = _vendor()
    if manifest["vendor"] != vendor:
        raise BackupError(f"备份来自 {manifest['vendor']} 数据库，当前实例为 {vendor}，不能直接恢复")
    if not database_is_empty():
        raise BackupError("目标数据库不是空的（已有用户或审计记录），拒绝覆盖；请恢复到新建的空实例")
    if not media_is_empty():
        raise BackupError(f"目标文件目录不是空的：{settings.MEDIA_ROOT}，拒绝覆盖")
    db_file = source / manifest["database_file"]
    if vendor == "sqlite":
        _restore_sqlite(db_file)
    else:
        _restore_postgresql(db_file)
    _extract_media(source / MEDIA_TAR, manifest)
    return verify_restored(manifest)
