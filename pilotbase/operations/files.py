"""Sweeping stored files that no row names.

``materials.store`` renames a file into MEDIA_ROOT/materials (fsynced) before the row that names it
commits, so a crash between the two leaves a file no row refers to; a killed upload leaves a part
file in MEDIA_ROOT/incoming (or, for an upload Django spooled itself, in FILE_UPLOAD_TEMP_DIR).
``sweep`` removes such files once they are older than a grace period, so nothing still being
received or committed is touched.

Which rows name a file is found, not listed: every model with a ``stored_name`` field (the
field ``materials.store`` fills: application materials, evaluation evidence, evaluation site-visit
minutes today). Rows flagged as removed still name their file and keep it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from pilotbase.applications import materials
from pilotbase.audit import services as audit

DEFAULT_GRACE_MINUTES = 60
# Django's own spool names (TemporaryFileUploadHandler): tmpXXXX.upload.<ext>
SPOOL_PATTERN = "*.upload*"


@dataclass
class SweepReport:
    removed: list[Path] = field(default_factory=list)  # or, on a dry run, what would be
    bytes_removed: int = 0
    kept_referenced: int = 0
    kept_young: int = 0
    dry_run: bool = False


def referencing_models() -> list[type[models.Model]]:
    """Every model whose rows name a file in the materials store."""
    return [
        model
        for model in apps.get_models()
        if any(f.name == "stored_name" for f in model._meta.get_fields() if isinstance(f, models.Field))
    ]


def referenced_names() -> set[str]:
    names: set[str] = set()
    for model in referencing_models():
        names.update(model._default_manager.values_list("stored_name", flat=True).iterator())
    return names


def _files(directory: Path, pattern: str = "*") -> list[Path]:
    if not directory.is_dir():
        return []
    return [p for p in directory.glob(pattern) if p.is_file() and not p.is_symlink()]


def _old(paths: list[Path], cutoff: float) -> tuple[dict[Path, int], int]:
    """The files last written before ``cutoff`` with their sizes, and how many are younger."""
    old, young = {}, 0
    for path in paths:
        try:
            st = path.stat()
        except FileNotFoundError:  # stored or removed meanwhile
            continue
        if st.st_mtime < cutoff:
            old[path] = st.st_size
        else:
            young += 1
    return old, young


def sweep(
    *, older_than_minutes: float = DEFAULT_GRACE_MINUTES, dry_run: bool = False, by=None
) -> SweepReport:
    """Remove files older than the grace period that no row names: unreferenced files in
    MEDIA_ROOT/materials, and part files in MEDIA_ROOT/incoming and FILE_UPLOAD_TEMP_DIR. A real
    run writes one audit record of what it removed (a dry run changes nothing and records nothing)."""
    report = SweepReport(dry_run=dry_run)
    cutoff = time.time() - older_than_minutes * 60
    media = Path(settings.MEDIA_ROOT)
    # Files first, rows after: a row that commits in between is seen, so its file is kept.
    stored, young_stored = _old(_files(media / materials.SUBDIR), cutoff)
    parts, young_parts = _old(
        _files(media / materials.INCOMING_SUBDIR)
        + _files(Path(settings.FILE_UPLOAD_TEMP_DIR), SPOOL_PATTERN),
        cutoff,
    )
    report.kept_young = young_stored + young_parts
    referenced = referenced_names() if stored else set()
    doomed = dict(parts)
    for path, size in stored.items():
        if path.name in referenced:
            report.kept_referenced += 1
        else:
            doomed[path] = size
    report.removed = sorted(doomed)
    report.bytes_removed = sum(doomed.values())
    if dry_run:
        return report
    for path in report.removed:
        path.unlink(missing_ok=True)
    audit.record(
        ("operations.files", "", "上传文件存储"),
        "orphan_files_swept",
        by=by,
        data={
            "removed": [p.relative_to(p.parent.parent).as_posix() for p in report.removed[:200]],
            "removed_count": len(report.removed),
            "bytes_removed": report.bytes_removed,
            "kept_referenced": report.kept_referenced,
            "kept_young": report.kept_young,
            "older_than_minutes": older_than_minutes,
        },
    )
    return report


def clear_stale_upload_spool() -> int:
    """Remove upload parts a killed worker left behind in FILE_UPLOAD_TEMP_DIR (older than the
    grace period: no request lasts that long, so none is still being written)."""
    cutoff = time.time() - DEFAULT_GRACE_MINUTES * 60
    old, _ = _old(_files(Path(settings.FILE_UPLOAD_TEMP_DIR), SPOOL_PATTERN), cutoff)
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)
