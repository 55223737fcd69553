"""`POST {path}/upload/<attachment id>`: the second phase of ChatKit's two-phase upload over HTTP.

`attachments.create` answers with this URL (the endpoint rewrites the store's
`chatkit-notebook://upload/<id>`); the client posts the file as multipart `file` (or the raw bytes),
which reach the `NotebookAttachmentStore` in the same 1 MiB pieces as over the comm, checked
against the size announced at creation. The finished attachment (with its image preview) is
saved under the request's own context, built from its headers like every other request's.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Final

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..bridge.core import describe_error
from ..stores.attachments import MAX_CHUNK_BYTES, UploadError
from .auth import Contexts
from .endpoint import error_response
from .security import require_content_type
from .target import Target

UPLOAD_TYPES: Final = ("multipart/form-data", "application/octet-stream")


class Uploads:
    def __init__(self, target: Target, contexts: Contexts) -> None:
        self._target = target
        self._contexts = contexts

    async def handle(self, request: Request) -> Response:
        attachment_id = request.path_params["attachment_id"]
        try:
            identity = await self._contexts.authenticate(request)
            require_content_type(request, UPLOAD_TYPES)
            attachments, store = self._target.attachments(), self._target.store()
            if attachments is None or store is None:
                raise HTTPException(404, "this server accepts no uploads")
            ctx = await self._contexts.build(request, identity, "attachments.upload", None)
            # Whose upload it is, before a byte is taken: another user's id is a 404 and leaves
            # the owner's upload waiting.
            await store.load_attachment(attachment_id, ctx)
            finished = None
            async for offset, chunk, final in _pieces(request):
                finished = attachments.receive(attachment_id, offset, chunk, final)
            assert finished is not None  # the last piece is final
            await store.save_attachment(finished, ctx)
        except UploadError as exc:
            return error_response(HTTPException(400, describe_error(exc)), "upload")
        except Exception as exc:  # noqa: BLE001 - every failure becomes an HTTP error response
            return error_response(exc, "upload")
        body = finished.model_dump(
            mode="json", exclude_none=True, context={"exclude_metadata": True}
        )
        return Response(json.dumps(body), media_type="application/json")


async def _pieces(request: Request) -> AsyncIterator[tuple[int, bytes, bool]]:
    """(offset, bytes, final) in pieces of at most MAX_CHUNK_BYTES; one empty final piece for an
    empty file."""
    reader = await _file(request)
    offset = 0
    piece = await reader.read(MAX_CHUNK_BYTES)
    while True:
        following = await reader.read(MAX_CHUNK_BYTES) if piece else b""
        yield offset, piece, not following
        if not following:
            return
        offset += len(piece)
        piece = following


class _BodyReader:
    """The raw body (application/octet-stream) read like an UploadFile."""

    def __init__(self, request: Request) -> None:
        self._stream = request.stream()
        self._buffer = b""
        self._done = False

    async def read(self, size: int) -> bytes:
        while len(self._buffer) < size and not self._done:
            try:
                self._buffer += await self._stream.__anext__()
            except StopAsyncIteration:
                self._done = True
        piece, self._buffer = self._buffer[:size], self._buffer[size:]
        return piece


async def _file(request: Request) -> UploadFile | _BodyReader:
    if request.headers.get("content-type", "").lower().startswith("application/octet-stream"):
        return _BodyReader(request)
    form = await request.form(max_files=1, max_fields=8)
    file = form.get("file")
    if not isinstance(file, UploadFile):
        raise HTTPException(400, "the upload has no `file` field")
    return file
