"""Attachments uploaded over the widget comm, kept in memory or in a folder.

ChatKit's two-phase upload: `attachments.create` answers with an `upload_descriptor` whose URL
(`chatkit-notebook://upload/<id>`) the comm-backed fetch recognises; the file then travels in
chunks of at most 1 MiB (Jupyter caps a browser message at 10 MiB) and is checked against the
size announced at creation. Image previews become `data:` URLs, which the official component's
cross-origin iframe can show (it cannot load the notebook server's localhost URLs).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chatkit.store import AttachmentStore, Store
from chatkit.types import (
    Attachment,
    AttachmentCreateParams,
    AttachmentUploadDescriptor,
    FileAttachment,
    ImageAttachment,
)
from pydantic import TypeAdapter

UPLOAD_PREFIX = "chatkit-notebook://upload/"
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_CHUNK_BYTES = 1024 * 1024
PREVIEW_LIMIT = 4 * 1024 * 1024  # larger images get no inline preview (it would bloat every view)
# A transparent 1x1 GIF until the image's bytes arrive.
PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

_attachment: TypeAdapter[Attachment] = TypeAdapter(Attachment)


class UploadError(ValueError):
    """An upload the kernel refuses; the message says why."""


@dataclass
class _Upload:
    attachment: Attachment
    size: int
    context: Any  # the `attachments.create` request's: the finished upload is saved under it
    received: bytearray = field(default_factory=bytearray)


class NotebookAttachmentStore(AttachmentStore[Any]):
    """Bytes of uploaded attachments: in memory, or in `folder` when given (they then survive a
    kernel restart, beside a SQLite store).

    `store` is the chat's Store, which knows whose attachment is whose: a delete checks there
    first, so one user cannot destroy another's upload. ChatKit sets it for its own stores."""

    def __init__(
        self,
        folder: str | Path | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
        store: Store[Any] | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.store = store
        self._folder = Path(folder) if folder is not None else None
        if self._folder is not None:
            self._folder.mkdir(parents=True, exist_ok=True)
        self._uploads: dict[str, _Upload] = {}
        self._memory: dict[str, bytes] = {}

    async def create_attachment(self, input: AttachmentCreateParams, context: Any) -> Attachment:
        if input.size > self.max_bytes:
            raise UploadError(
                f"{input.name} is {input.size / 2**20:.1f} MiB; attachments may be at most "
                f"{self.max_bytes / 2**20:.1f} MiB"
            )
        if input.size < 0:
            raise UploadError(f"{input.name}: size must not be negative")
        attachment_id = self.generate_attachment_id(input.mime_type, context)
        descriptor = AttachmentUploadDescriptor(
            url=f"{UPLOAD_PREFIX}{attachment_id}",  # type: ignore[arg-type]
            method="POST",
        )
        attachment: Attachment
        if input.mime_type.startswith("image/"):
            attachment = ImageAttachment(
                id=attachment_id,
                name=input.name,
                mime_type=input.mime_type,
                upload_descriptor=descriptor,
                preview_url=PLACEHOLDER,  # type: ignore[arg-type]
            )
        else:
            attachment = FileAttachment(
                id=attachment_id,
                name=input.name,
                mime_type=input.mime_type,
                upload_descriptor=descriptor,
            )
        self._uploads[attachment_id] = _Upload(attachment, input.size, context)
        return attachment

    def upload_context(self, attachment_id: str) -> Any:
        """The context of the request that announced the upload. The bytes' own request carries
        the upload descriptor's headers, not the protocol's, so it cannot rebuild it."""
        upload = self._uploads.get(attachment_id)
        if upload is None:
            raise UploadError(f"no upload is waiting for attachment {attachment_id!r}")
        return upload.context

    def receive(
        self, attachment_id: str, offset: int, chunk: bytes, final: bool
    ) -> Attachment | None:
        """One chunk of an upload; returns the finished attachment after the final chunk."""
        upload = self._uploads.get(attachment_id)
        if upload is None:
            raise UploadError(f"no upload is waiting for attachment {attachment_id!r}")
        if len(chunk) > MAX_CHUNK_BYTES:
            raise UploadError(f"upload chunks may be at most {MAX_CHUNK_BYTES} bytes")
        if offset != len(upload.received):
            raise UploadError(
                f"upload of {attachment_id} expected offset {len(upload.received)}, got {offset}"
            )
        if len(upload.received) + len(chunk) > upload.size:
            del self._uploads[attachment_id]
            raise UploadError(
                f"{upload.attachment.name} is larger than the {upload.size} bytes announced"
            )
        upload.received += chunk
        if not final:
            return None
        del self._uploads[attachment_id]
        if len(upload.received) != upload.size:
            raise UploadError(
                f"{upload.attachment.name}: received {len(upload.received)} of {upload.size} bytes"
            )
        data = bytes(upload.received)
        self._write(attachment_id, data)
        update: dict[str, Any] = {"upload_descriptor": None}
        if isinstance(upload.attachment, ImageAttachment) and len(data) <= PREVIEW_LIMIT:
            encoded = base64.b64encode(data).decode()
            update["preview_url"] = f"data:{upload.attachment.mime_type};base64,{encoded}"
        return _attachment.validate_python({**upload.attachment.model_dump(), **update})

    async def read(self, attachment: Attachment) -> bytes | None:
        """The attachment's bytes (the converter turns them into model input)."""
        if self._folder is not None:
            path = self._path(attachment.id)
            return path.read_bytes() if path.exists() else None
        return self._memory.get(attachment.id)

    async def delete_attachment(self, attachment_id: str, context: Any) -> None:
        """The server calls this before it deletes the metadata, so ownership is checked here,
        before any byte goes: another user's (or an unknown) id is a NotFoundError and nothing
        is touched."""
        if self.store is not None:
            await self.store.load_attachment(attachment_id, context)
        self._uploads.pop(attachment_id, None)
        self._memory.pop(attachment_id, None)
        if self._folder is not None:
            self._path(attachment_id).unlink(missing_ok=True)

    def _write(self, attachment_id: str, data: bytes) -> None:
        if self._folder is None:
            self._memory[attachment_id] = data
            return
        path = self._path(attachment_id)
        partial = path.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(path)  # a crash mid-write never leaves a truncated file under the id

    def _path(self, attachment_id: str) -> Path:
        assert self._folder is not None
        safe = json.dumps(attachment_id)[1:-1]
        if "/" in safe or "\\" in safe or safe.startswith("."):
            raise UploadError(f"invalid attachment id {attachment_id!r}")
        return self._folder / safe
