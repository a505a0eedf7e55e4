"""Uploaded files: checked by content, stored under generated names, served only as attachments.

Reusable by any app that keeps files (evaluations, site visits): ``store`` streams an upload to
MEDIA_ROOT under a uuid name, computing SHA-256 and size and checking the type by its bytes;
``stored_in_transaction`` removes the file again if the row that records it is not committed;
``attachment`` serves a stored file after checking its hash."""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import FileResponse

from pilotbase.accounts.services import InvalidInput

SUBDIR = "materials"
# Magic bytes → (type, content type). DOCX and XLSX are zips told apart by [Content_Types].xml.
MAGIC = [
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpeg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"PK\x03\x04", "zip", "application/zip"),
]
OOXML = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
OFD_CONTENT_TYPE = "application/ofd"
# A zip that inflates past this is a bomb, not a document.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
ALLOWED_LABEL = "PDF、OFD、JPEG、PNG、DOCX、XLSX"


class FileRejected(InvalidInput):
    pass


class IntegrityFailed(Exception):
    """A stored file no longer matches the hash recorded when it was uploaded."""


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    size: int
    sha256: str
    content_type: str
    kind: str

    @property
    def path(self) -> Path:
        return storage_root() / self.stored_name


def storage_root() -> Path:
    root = Path(settings.MEDIA_ROOT) / SUBDIR
    root.mkdir(parents=True, exist_ok=True)
    return root


def _sniff_zip(path: Path, field: str) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
                raise FileRejected(field, "文件解压后过大，疑似压缩炸弹，已拒收")
            names = {i.filename for i in infos}
            if "mimetype" in names and "OFD.xml" in names:
                return "ofd", OFD_CONTENT_TYPE
            if "OFD.xml" in names:
                return "ofd", OFD_CONTENT_TYPE
            if "[Content_Types].xml" not in names:
                raise FileRejected(field, f"文件类型不受支持，仅接受 {ALLOWED_LABEL}")
            info = zf.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                raise FileRejected(field, "文件结构异常，已拒收")
            content_types = zf.read(info).decode("utf-8", "replace")
    except zipfile.BadZipFile as exc:
        raise FileRejected(field, "文件已损坏或不是有效的压缩文档") from exc
    for kind, (marker, content_type) in OOXML.items():
        if marker in content_types:
            return kind, content_type
    raise FileRejected(field, f"文件类型不受支持，仅接受 {ALLOWED_LABEL}")


def sniff(head: bytes, path: Path, field: str = "file") -> tuple[str, str]:
    """The file's type by its bytes, whatever its name says (an HTML page named .pdf is refused)."""
    for magic, kind, content_type in MAGIC:
        if head.startswith(magic):
            if kind == "zip":
                return _sniff_zip(path, field)
            return kind, content_type
    raise FileRejected(field, f"文件内容与类型不符或类型不受支持，仅接受 {ALLOWED_LABEL}")


# Markup that has no business inside a PDF or an image: a file that carries it is a polyglot
# (a valid PDF header with an HTML page behind it) and is refused, not just served carefully.
MARKUP = (b"<script", b"<html", b"<!doctype html", b"<iframe", b"<svg", b"<body", b"javascript:")
_MARKUP_OVERLAP = max(len(m) for m in MARKUP)


def _carries_markup(window: bytes) -> bool:
    lowered = window.lower()
    return any(marker in lowered for marker in MARKUP)


def store(upload, *, field: str = "file") -> StoredFile:
    """Stream an upload to disk under a generated name, hashing as it goes. On any refusal the
    partial file is removed before the error is raised."""
    limit = settings.PILOTBASE_UPLOAD_MAX_BYTES
    if upload is None:
        raise FileRejected(field, "请选择要上传的文件")
    if getattr(upload, "size", None) and upload.size > limit:
        raise FileRejected(field, f"文件超过大小上限 {limit // (1024 * 1024)} MB")
    stored_name = f"{uuid.uuid4().hex}"
    path = storage_root() / stored_name
    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    markup = False
    try:
        with open(path, "xb") as out:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > limit:
                    raise FileRejected(field, f"文件超过大小上限 {limit // (1024 * 1024)} MB")
                if len(head) < 16:
                    head += chunk[: 16 - len(head)]
                markup = markup or _carries_markup(tail + chunk)
                tail = chunk[-_MARKUP_OVERLAP:]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise FileRejected(field, "文件为空")
        kind, content_type = sniff(head, path, field)
        if markup and kind != "zip":
            raise FileRejected(field, "文件内容与类型不符：文件中夹带网页代码（疑似伪装文件），已拒绝")
        path.chmod(0o640)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(stored_name, size, digest.hexdigest(), content_type, kind)


@contextmanager
def stored_in_transaction(upload, *, field: str = "file"):
    """``with stored_in_transaction(f) as stored: Model.objects.create(...)`` — the file stays only
    if the surrounding transaction commits; an exception inside removes it at once."""
    stored = store(upload, field=field)
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        stored.path.unlink(missing_ok=True)
        raise


def verify(stored_name: str, sha256: str) -> Path:
    path = storage_root() / stored_name
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1024 * 1024), b""):
                digest.update(block)
    except FileNotFoundError as exc:
        raise IntegrityFailed("文件缺失") from exc
    if digest.hexdigest() != sha256:
        raise IntegrityFailed("文件哈希校验不符")
    return path


def attachment(stored_name: str, sha256: str, original_name: str, content_type: str) -> FileResponse:
    """Serve as a download, never inline, after the hash check (raises IntegrityFailed)."""
    path = verify(stored_name, sha256)
    response = FileResponse(
        open(path, "rb"), as_attachment=True, filename=original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
