"""What a person sees while the database restarts, and what a killed upload leaves behind."""

import os
import time
from pathlib import Path

from django.db import OperationalError
from django.test import RequestFactory

from pilotbase.accounts.middleware import DatabaseUnavailableMiddleware
from pilotbase.operations.management.commands.tick import clear_stale_upload_spool


def test_database_outage_is_a_503_with_retry_after_not_a_500():
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    request = RequestFactory().get("/applications/")
    response = middleware.process_exception(request, OperationalError("connection refused"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "稍后重试" in response.content.decode()


def test_sqlite_lock_contention_is_not_called_an_outage():
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    assert (
        middleware.process_exception(RequestFactory().get("/"), OperationalError("database is locked"))
        is None
    )


def test_other_errors_are_left_to_the_error_page():
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None


def test_tick_clears_upload_parts_left_by_a_killed_worker(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    stale, fresh, other = tmp_path / "tmpa.upload.pdf", tmp_path / "tmpb.upload.pdf", tmp_path / "keep.txt"
    for path in (stale, fresh, other):
        path.write_bytes(b"x")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    assert clear_stale_upload_spool() == 1
    assert not stale.exists() and fresh.exists() and other.exists()


def test_uploads_spool_beside_the_data_not_in_the_system_temp(settings):
    spool = Path(settings.FILE_UPLOAD_TEMP_DIR)
    assert spool.is_dir() and spool.parent == Path(settings.VAR_DIR)
