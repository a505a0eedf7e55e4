"""The upload handler that receives a large file straight into the materials store.

Django's ``TemporaryFileUploadHandler`` spools to a temp folder, after which ``materials.store``
had to read the whole file again to hash it and copy it into MEDIA_ROOT: twice the disk traffic.
``StreamingUploadHandler`` writes each chunk into MEDIA_ROOT/incoming through a
``materials.Incoming`` (hashing, measuring and scanning as it goes, refusing past
``PILOTBASE_UPLOAD_MAX_BYTES``), so storing is a rename. Small uploads stay with Django's
``MemoryFileUploadHandler``, which runs first (``FILE_UPLOAD_HANDLERS`` in settings)."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from pilotbase.applications import materials


class StreamedUpload(UploadedFile):
    """A file the handler wrote to MEDIA_ROOT/incoming. Reads like any upload (other forms, such as
    spreadsheet imports, read it); ``materials.store`` takes its ``Incoming`` instead and renames it.
    One cut off at the size limit has its full ``size`` and no content: ``store`` refuses it."""

    def __init__(self, incoming: materials.Incoming, name, content_type, charset, content_type_extra):
        refused = incoming.over_limit
        file = io.BytesIO() if refused else open(incoming.path, "rb")  # noqa: SIM115 - closed by close()
        super().__init__(file, name, content_type, incoming.size, charset, content_type_extra)
        self._incoming: materials.Incoming | None = None if refused else incoming

    def take_incoming(self) -> materials.Incoming | None:
        """Hand the received file to ``materials.store``, once (a second store re-reads it)."""
        incoming, self._incoming = self._incoming, None
        return incoming

    def temporary_file_path(self) -> str:
        return str(self.file.name)

    def close(self):
        # Django closes uploads when the request ends: a file nobody stored is deleted here.
        try:
            return self.file.close()
        finally:
            if self._incoming is not None:
                self._incoming.discard()
                self._incoming = None


class StreamingUploadHandler(FileUploadHandler):
    """Receives every file that did not fit in memory into MEDIA_ROOT/incoming."""

    # Django's 64 KB chunks: measured faster end to end than 1 MB ones (the multipart parser copies
    # each chunk a few times; small ones stay in the CPU cache).

    def __init__(self, request=None):
        super().__init__(request)
        self.incoming: materials.Incoming | None = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._drop()
        self.incoming = materials.Incoming(settings.PILOTBASE_UPLOAD_MAX_BYTES)

    def receive_data_chunk(self, raw_data, start):
        self.incoming.write(raw_data)

    def file_complete(self, file_size):
        incoming, self.incoming = self.incoming, None
        if not incoming.over_limit:
            incoming.finish()
        return StreamedUpload(
            incoming, self.file_name, self.content_type, self.charset, self.content_type_extra
        )

    def upload_interrupted(self):
        self._drop()

    def upload_complete(self):
        self._drop()  # a file the parser never completed (a truncated body)

    def _drop(self) -> None:
        if self.incoming is not None:
            self.incoming.discard()
            self.incoming = None
