"""Uploaded files: checked by content, stored under generated names, served only as attachments.

Reusable by any app that keeps files (evaluations, site visits): ``store`` puts an upload under
MEDIA_ROOT/materials under a uuid name, with its SHA-256 and size, checking the type by its bytes;
``stored_in_transaction`` removes the file again if the row that records it is not committed;
``attachment`` serves a stored file after checking its hash.

Every file is first written to MEDIA_ROOT/incoming by an ``Incoming``, which hashes, measures and
scans it chunk by chunk as it is written, fsyncs it, and is then renamed into place (same
filesystem, so no second copy). Large uploads are received that way straight from the request by
``uploads.StreamingUploadHandler``; small ones (held in memory by Django) are written through an
``Incoming`` by ``store`` itself. A file no row names (a crash between the rename and the commit) is
removed by ``pilotbase files sweep`` after a grace period."""

from __future__ import annotations

import hashlib
import os
import re
import uuid
import weakref
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import FileResponse

from pilotbase.accounts.services import InvalidInput

SUBDIR = "materials"
# Files being received; a sibling of SUBDIR so it is on the same filesystem and the move is a rename.
INCOMING_SUBDIR = "incoming"
INCOMING_SUFFIX = ".part"
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


def incoming_root() -> Path:
    root = Path(settings.MEDIA_ROOT) / INCOMING_SUBDIR
    root.mkdir(parents=True, exist_ok=True)
    return root


def too_large_message(limit: int) -> str:
    return f"文件超过大小上限 {limit // (1024 * 1024)} MB"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_partial(path: Path, out) -> None:
    out.close()
    path.unlink(missing_ok=True)


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
# Searched as two patterns that each start at a fixed byte ("<", or ":" looking back), which the
# regex engine finds at memchr speed: lowering every chunk and searching for each marker in turn
# cost more than hashing it, and this scan runs over every byte of a 100 MB upload.
_MARKUP_TAGS = re.compile(
    b"<(?:" + b"|".join(re.escape(m[1:]) for m in MARKUP if m.startswith(b"<")) + b")", re.IGNORECASE
)
_MARKUP_SCHEMES = re.compile(
    b":(?<=" + b"|".join(re.escape(m[:-1]) for m in MARKUP if m.endswith(b":")) + b":)", re.IGNORECASE
)
if not all(m.startswith(b"<") or m.endswith(b":") for m in MARKUP):
    # a marker neither pattern covers would silently never be searched for (an assert would vanish
    # under python -O and let the polyglot through)
    raise RuntimeError("every MARKUP entry must start with b'<' or end with b':'")


def _carries_markup(window: bytes) -> bool:
    return bool(_MARKUP_TAGS.search(window) or _MARKUP_SCHEMES.search(window))


_WRITEBACK_EVERY = 8 * 1024 * 1024


def _fadvise_writeback(fd: int, offset: int, length: int) -> None:
    # On Linux, POSIX_FADV_DONTNEED starts writeback of the range's dirty pages without waiting.
    os.posix_fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)


_start_writeback = _fadvise_writeback if hasattr(os, "posix_fadvise") else None


class Incoming:
    """One file being received into MEDIA_ROOT/incoming: written, hashed, measured and scanned for
    markup chunk by chunk, so that storing it needs no second read. Past ``limit`` bytes the partial
    file is deleted at once and later chunks are only counted. If the object is dropped before
    ``move_into_place`` (an exception, a broken request), its file is deleted with it."""

    def __init__(self, limit: int):
        self.limit = limit
        self.stored_name = uuid.uuid4().hex
        self.path = incoming_root() / f"{self.stored_name}{INCOMING_SUFFIX}"
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        self._out = open(fd, "wb")  # noqa: SIM115 - closed by finish/discard/the finalizer
        self._cleanup = weakref.finalize(self, _remove_partial, self.path, self._out)
        self._digest = hashlib.sha256()
        self.size = 0
        self.head = b""
        self._tail = b""
        self.markup = False
        self.over_limit = False
        self.sha256 = ""
        self._written_back = 0

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.over_limit:
            return
        if self.size > self.limit:
            self.over_limit = True
            self.discard()
            return
        if len(self.head) < 16:
            self.head += chunk[: 16 - len(self.head)]
        # The seam with the previous chunk is searched on its own, so no chunk is copied whole.
        self.markup = (
            self.markup
            or _carries_markup(self._tail + chunk[: _MARKUP_OVERLAP - 1])
            or _carries_markup(chunk)
        )
        seam = _MARKUP_OVERLAP - 1
        self._tail = chunk[-seam:] if len(chunk) >= seam else (self._tail + chunk)[-seam:]
        self._digest.update(chunk)
        self._out.write(chunk)
        if self.size - self._written_back >= _WRITEBACK_EVERY and _start_writeback:
            # Start the disk writing what has arrived so far, so the fsync at the end has little
            # left to wait for (on a 100 MB upload it was 10% of the time the upload took).
            self._out.flush()
            _start_writeback(self._out.fileno(), self._written_back, self.size - self._written_back)
            self._written_back = self.size

    def finish(self) -> None:
        """All bytes are in: make them durable (the row that names the file commits only after)."""
        self._out.flush()
        os.fchmod(self._out.fileno(), 0o640)
        os.fsync(self._out.fileno())
        self._out.close()
        self.sha256 = self._digest.hexdigest()

    def move_into_place(self) -> Path:
        """Rename into MEDIA_ROOT/materials and make the rename durable."""
        root = storage_root()
        target = root / self.stored_name
        os.replace(self.path, target)
        self._cleanup.detach()
        _fsync_dir(root)
        return target

    def discard(self) -> None:
        self._cleanup()


def _received(upload, limit: int, field: str) -> Incoming:
    """The upload as an ``Incoming``: the one the streaming handler already wrote, or a new one
    written from the upload's chunks (in-memory uploads, or a streamed upload stored twice)."""
    taken = getattr(upload, "take_incoming", None)
    incoming = taken() if taken else None
    if incoming is not None:
        return incoming
    incoming = Incoming(limit)
    try:
        for chunk in upload.chunks():
            incoming.write(chunk)
            if incoming.over_limit:
                raise FileRejected(field, too_large_message(limit))
        incoming.finish()
    except BaseException:
        incoming.discard()
        raise
    return incoming


def store(upload, *, field: str = "file") -> StoredFile:
    """Put an upload in place under a generated name with its SHA-256 and size, after checking its
    type by its bytes. On any refusal the partial file is removed before the error is raised. The
    file is fsynced before this returns, so a row committed afterwards never names a lost file."""
    limit = settings.PILOTBASE_UPLOAD_MAX_BYTES
    if upload is None:
        raise FileRejected(field, "请选择要上传的文件")
    # Also the refusal of a streamed upload the handler cut off at the limit (its size says so).
    if getattr(upload, "size", None) and upload.size > limit:
        raise FileRejected(field, too_large_message(limit))
    incoming = _received(upload, limit, field)
    try:
        if incoming.size > limit:
            raise FileRejected(field, too_large_message(limit))
        if incoming.size == 0:
            raise FileRejected(field, "文件为空")
        # Only the head and, for zips, the central directory are read again.
        kind, content_type = sniff(incoming.head, incoming.path, field)
        if incoming.markup and kind != "zip":
            raise FileRejected(field, "文件内容与类型不符：文件中夹带网页代码（疑似伪装文件），已拒绝")
        incoming.move_into_place()
    finally:
        incoming.discard()  # a no-op once moved
    return StoredFile(incoming.stored_name, incoming.size, incoming.sha256, content_type, kind)


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
