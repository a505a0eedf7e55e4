"""``pilotbase files sweep`` (and ``pilotbase tick``) remove stored files no row names and parts of
killed uploads once past the grace period, and never a file a row names or one still young."""

from __future__ import annotations

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from pilotbase.applications import demo, services
from pilotbase.applications.models import Material
from pilotbase.audit.models import AuditEvent
from pilotbase.cli import _help
from pilotbase.evaluations.models import EvaluationEvidence, EvaluationSiteVisit
from pilotbase.operations import files


def age(path: Path, hours: float) -> Path:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))
    return path


def put(relative: str, hours: float) -> Path:
    path = Path(django_settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 left behind")
    return age(path, hours)


@pytest.fixture
def stored(world, settings, tmp_path):
    """Two files rows name (one of them flagged removed), all old, plus orphans old and young."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "spool")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    draft = services.start_application(demo.open_call(world.officer), by=world.applicant_b)
    kept = []
    for name in ("a.pdf", "b.pdf"):
        material = services.add_material(
            draft, kind="other", upload=SimpleUploadedFile(name, demo.TINY_PDF), by=world.applicant_b
        )
        kept.append(age(Path(settings.MEDIA_ROOT) / "materials" / material.stored_name, 48))
    Material.objects.filter(stored_name=kept[1].name).update(removed=True)
    spooled = Path(settings.FILE_UPLOAD_TEMP_DIR) / "tmpx.upload.pdf"  # Django's own spool name
    spooled.write_bytes(b"x")
    return {
        "referenced": kept,
        "old_orphan": put("materials/0123456789abcdef0123456789abcdef", 2),
        "young_orphan": put("materials/fedcba9876543210fedcba9876543210", 0.2),
        "old_part": put("incoming/00aa.part", 3),
        "young_part": put("incoming/11bb.part", 0.1),
        "old_spool": age(spooled, 2),
    }


def test_every_model_that_names_a_stored_file_is_consulted():
    assert {Material, EvaluationEvidence, EvaluationSiteVisit} <= set(files.referencing_models())


def test_dry_run_lists_but_removes_nothing(stored):
    before = AuditEvent.objects.count()
    report = files.sweep(dry_run=True)
    assert set(report.removed) == {stored["old_orphan"], stored["old_part"], stored["old_spool"]}
    assert all(p.exists() for p in (*stored.pop("referenced"), *stored.values()))
    assert AuditEvent.objects.count() == before


def test_sweep_removes_old_unreferenced_files_and_keeps_referenced_and_young(stored):
    report = files.sweep()
    assert set(report.removed) == {stored["old_orphan"], stored["old_part"], stored["old_spool"]}
    assert not any(p.exists() for p in report.removed)
    for path in (*stored["referenced"], stored["young_orphan"], stored["young_part"]):
        assert path.exists()
    assert report.kept_referenced == 2 and report.kept_young == 2
    event = AuditEvent.objects.get(action="orphan_files_swept")
    assert event.data["removed_count"] == 3 and event.actor_label == "system"
    assert "materials/0123456789abcdef0123456789abcdef" in event.data["removed"]


def test_command_prints_what_it_removed_and_tick_sweeps_too(stored):
    out = StringIO()
    call_command("files", "sweep", "--dry-run", stdout=out)
    assert str(stored["old_orphan"]) in out.getvalue() and "演练" in out.getvalue()
    assert stored["old_orphan"].exists()

    out = StringIO()
    call_command("files", "sweep", "--older-than-minutes", "30", stdout=out)
    text = out.getvalue()
    assert f"已清理 {stored['old_orphan']}" in text and f"已清理 {stored['old_part']}" in text
    assert not stored["old_orphan"].exists() and stored["young_orphan"].exists()

    later = put("materials/99999999999999999999999999999999", 5)
    call_command("tick", stdout=StringIO())
    assert not later.exists() and all(p.exists() for p in stored["referenced"])
    assert AuditEvent.objects.filter(action="orphan_files_swept").count() == 2


def test_the_operator_help_lists_the_command():
    assert "  files " in _help()
