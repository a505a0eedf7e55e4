"""Large uploads are received straight into the materials store: hashed, measured, size-checked and
scanned while they arrive, fsynced, then renamed into place, never spooled and copied again. Small
uploads (held in memory) go through the same checks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from pilotbase.accounts.services import InvalidInput
from pilotbase.applications import demo, materials, services, uploads
from pilotbase.applications.models import Material

BOUNDARY = "----pilotbaseStreamBoundary4k2f9"
MB = 1024 * 1024


def big_pdf(size: int, seed: bytes = b"stream") -> bytes:
    """``%PDF-1.4`` then pseudo-random bytes without ``<`` (which the markup scan looks for)."""
    out = bytearray(b"%PDF-1.4\n")
    block = hashlib.sha256(seed).digest()
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:size]).replace(b"<", b"A")


def multipart(filename: str, content: bytes, kind: str = "other") -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()


def post(client, url, body: bytes):
    return client.generic("POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def draft(world):
    return services.start_application(demo.open_call(world.officer), by=world.applicant_b)


@pytest.fixture
def page(world, draft, login):
    return login(world.applicant_b), f"/applications/{draft.pk}/materials/"


@pytest.fixture
def taken(monkeypatch):
    """Records each ``Incoming`` that ``store`` took over from the streaming handler."""
    seen: list = []
    original = uploads.StreamedUpload.take_incoming

    def spy(self):
        incoming = original(self)
        seen.append(incoming)
        return incoming

    monkeypatch.setattr(uploads.StreamedUpload, "take_incoming", spy)
    return seen


def test_a_large_upload_is_received_into_the_store_and_renamed_not_copied(page, draft, taken):
    client, url = page
    content = big_pdf(4 * MB + 123)
    assert len(content) > django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    spool_before = files_under(Path(django_settings.FILE_UPLOAD_TEMP_DIR))

    response = post(client, url, multipart("大文件.pdf", content))

    assert response.status_code == 302, response.content.decode()[-2000:]
    material = Material.objects.get(application=draft)
    assert material.sha256 == hashlib.sha256(content).hexdigest()
    assert material.size == len(content) and material.content_type == "application/pdf"
    # The streaming handler wrote it, and store took that file over instead of writing another.
    assert len(taken) == 1 and taken[0] is not None and taken[0].stored_name == material.stored_name
    stored = Path(django_settings.MEDIA_ROOT) / "materials" / material.stored_name
    assert stored.read_bytes() == content
    assert stored.stat().st_mode & 0o777 == 0o640
    # Nothing left behind: no part file, nothing in Django's spool folder, only the stored file.
    assert files_under(Path(django_settings.MEDIA_ROOT)) == [stored]
    assert files_under(Path(django_settings.FILE_UPLOAD_TEMP_DIR)) == spool_before
    assert materials.verify(material.stored_name, material.sha256) == stored


def test_a_large_upload_over_the_limit_is_refused_in_chinese_and_leaves_no_file(page, settings):
    settings.PILOTBASE_UPLOAD_MAX_BYTES = 3 * MB
    client, url = page

    response = post(client, url, multipart("超限.pdf", big_pdf(4 * MB)))

    assert response.status_code == 422
    assert "文件超过大小上限 3 MB" in response.content.decode()
    assert files_under(Path(django_settings.MEDIA_ROOT)) == []
    assert not Material.objects.exists()


def test_the_partial_file_is_deleted_as_soon_as_the_limit_is_passed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # its own store: earlier tests' files are not this test's
    settings.PILOTBASE_UPLOAD_MAX_BYTES = 200 * 1024
    handler = uploads.StreamingUploadHandler()
    handler.new_file("file", "big.pdf", "application/pdf", None)
    part = handler.incoming.path
    chunk = b"%PDF-1.4\n" + bytes(64 * 1024 - 9)
    for i in range(3):
        handler.receive_data_chunk(chunk, i * len(chunk))
    assert part.exists() and part.stat().st_size == 3 * len(chunk)
    handler.receive_data_chunk(chunk, 3 * len(chunk))  # 256 KB: over the limit
    assert not part.exists()
    for i in range(4, 8):  # the rest of the body is only counted
        handler.receive_data_chunk(chunk, i * len(chunk))
    upload = handler.file_complete(8 * len(chunk))
    handler.upload_complete()
    assert upload.size == 8 * len(chunk) and not part.exists()
    with pytest.raises(InvalidInput, match="文件超过大小上限"):
        materials.store(upload)
    assert files_under(Path(django_settings.MEDIA_ROOT)) == []


def test_a_truncated_large_body_leaves_no_part_file(page):
    client, url = page
    body = multipart("截断.pdf", big_pdf(6 * MB))  # half of it still streams: over 2 MB
    before = Material.objects.count()
    response = post(client, url, body[: len(body) // 2])
    assert response.status_code in (400, 422)
    assert files_under(Path(django_settings.MEDIA_ROOT)) == []
    assert Material.objects.count() == before


def received(content: bytes, chunk: int = 64 * 1024) -> uploads.StreamedUpload:
    handler = uploads.StreamingUploadHandler()
    handler.new_file("file", "a.pdf", "application/pdf", None)
    for start in range(0, len(content), chunk):
        handler.receive_data_chunk(content[start : start + chunk], start)
    upload = handler.file_complete(len(content))
    handler.upload_complete()
    return upload


def test_a_streamed_upload_reads_like_any_upload_and_is_removed_when_closed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    content = big_pdf(300 * 1024)
    upload = received(content)
    part = Path(upload.temporary_file_path())
    assert part.parent == Path(settings.MEDIA_ROOT) / "incoming"
    assert upload.read() == content and upload.size == len(content)
    upload.close()  # Django closes uploads at the end of the request: nobody stored it
    assert not part.exists()


def test_a_streamed_upload_stored_twice_gives_two_good_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    content = big_pdf(300 * 1024)
    upload = received(content)
    first = materials.store(upload)
    second = materials.store(upload)  # re-read from the open upload, not lost with the first rename
    upload.close()
    assert first.stored_name != second.stored_name
    for stored in (first, second):
        assert stored.sha256 == hashlib.sha256(content).hexdigest()
        assert stored.path.read_bytes() == content
    assert files_under(Path(settings.MEDIA_ROOT) / "incoming") == []


@pytest.mark.parametrize("marker", [b"<ScRiPt>", b"JavaScript:", b"<!DOCTYPE html>"])
@pytest.mark.parametrize("chunk", [7, 64 * 1024])
def test_markup_split_across_chunks_is_found(settings, tmp_path, marker, chunk):
    settings.MEDIA_ROOT = tmp_path / "media"
    content = bytearray(big_pdf(200 * 1024))
    at = 64 * 1024 - len(marker) // 2  # straddles the first chunk boundary
    content[at : at + len(marker)] = marker
    upload = received(bytes(content), chunk=chunk)
    with pytest.raises(InvalidInput, match="夹带网页代码"):
        materials.store(upload)
    upload.close()
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_small_uploads_in_memory_still_store_fsynced_under_a_generated_name(world, settings, monkeypatch):
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(materials.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    stored = materials.store(SimpleUploadedFile("a.pdf", demo.TINY_PDF, content_type="application/pdf"))
    assert stored.path.read_bytes() == demo.TINY_PDF
    assert stored.sha256 == hashlib.sha256(demo.TINY_PDF).hexdigest()
    assert len(synced) == 2  # the file, then the directory that names it
    assert files_under(Path(settings.MEDIA_ROOT)) == [stored.path]
