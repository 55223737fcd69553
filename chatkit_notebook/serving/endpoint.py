"""`POST {path}`: one ChatKit request, answered as JSON or as an SSE stream, the way OpenAI's
production samples do (`await server.process(await request.body(), ctx)`)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from typing import Final

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from ..bridge.core import STREAMING_TYPES, describe_error, http_status, peek_request, shorten
from ..stores.attachments import UPLOAD_PREFIX
from .auth import Contexts
from .security import require_content_type
from .target import Target

logger = logging.getLogger("chatkit_notebook.serving")

JSON: Final = ("application/json",)

_DONE: Final = "done"
_CANCELLED: Final = "cancelled"
_Item = bytes | Exception | str  # an SSE chunk, the failure that ended the stream, or an end marker


class Endpoint:
    """Auth, then content type, then the body; the stream holds the thread's shared lock."""

    def __init__(self, target: Target, contexts: Contexts, path: str) -> None:
        self._target = target
        self._contexts = contexts
        self._path = path

    async def handle(self, request: Request) -> Response:
        from chatkit.server import NonStreamingResult

        try:
            identity = await self._contexts.authenticate(request)
            require_content_type(request, JSON)
            body = await request.body()
        except HTTPException as exc:
            return error_response(exc, "request")
        request_type, thread_id = peek_request(body.decode("utf-8", "replace"))
        try:
            server = await self._target.server()
            ctx = await self._contexts.build(request, identity, request_type, thread_id)
            result = await server.process(body, ctx)
        except Exception as exc:  # noqa: BLE001 - every failure becomes an HTTP error response
            return error_response(exc, request_type)
        if isinstance(result, NonStreamingResult):
            payload = result.json
            if request_type == "attachments.create":
                payload = self._upload_url(payload, request)
            return Response(payload, media_type="application/json")
        streams_to_thread = thread_id is not None and request_type in STREAMING_TYPES
        lock = self._target.locks.hold(thread_id) if thread_id and streams_to_thread else None
        return await _open_stream(result, lock, request_type)

    def _upload_url(self, payload: bytes, request: Request) -> bytes:
        """The store's `chatkit-notebook://upload/<id>` becomes this app's upload endpoint."""
        attachment = json.loads(payload)
        descriptor = attachment.get("upload_descriptor") if isinstance(attachment, dict) else None
        if not isinstance(descriptor, dict):
            return payload
        url = descriptor.get("url")
        if not isinstance(url, str) or not url.startswith(UPLOAD_PREFIX):
            return payload
        root = request.scope.get("root_path", "").rstrip("/")
        descriptor["url"] = f"{root}{self._path}/upload/{url[len(UPLOAD_PREFIX) :]}"
        return json.dumps(attachment).encode()


async def _open_stream(
    result: AsyncIterable[bytes],
    lock: contextlib.AbstractAsyncContextManager[None] | None,
    request_type: str,
) -> Response:
    """Start the stream in its own task and answer once its first chunk (or failure) is known.

    Streams are lazy, so a missing thread only shows up here: waiting for the first chunk turns
    it into a real 404 instead of a 200 whose body is an error.
    """
    queue: asyncio.Queue[_Item] = asyncio.Queue()
    producer = asyncio.get_running_loop().create_task(
        _produce(result, queue, lock), name=f"chatkit-http-{request_type}"
    )
    try:
        first = await queue.get()
    except BaseException:
        producer.cancel()
        raise
    if isinstance(first, Exception):
        return error_response(first, request_type)
    return _EventStream(queue, producer, first, request_type)


async def _produce(
    result: AsyncIterable[bytes],
    queue: asyncio.Queue[_Item],
    lock: contextlib.AbstractAsyncContextManager[None] | None,
) -> None:
    """Iterate the stream into an unbounded queue.

    The queue never blocks, so this task is always suspended *inside* the ChatKit stream: a
    cancellation lands there, and `ChatKitServer.handle_stream_cancelled` keeps the partial reply.
    """
    try:
        async with lock if lock is not None else contextlib.nullcontext():
            async for chunk in result:
                queue.put_nowait(chunk)
    except asyncio.CancelledError:
        queue.put_nowait(_CANCELLED)
        raise
    except Exception as exc:  # noqa: BLE001 - the response turns it into an error
        queue.put_nowait(exc)
    else:
        queue.put_nowait(_DONE)


def error_response(exc: Exception, request_type: str) -> Response:
    headers: Mapping[str, str] | None = None
    if isinstance(exc, HTTPException):  # raised by a context factory, e.g. 401 for a bad token
        status, message, headers = exc.status_code, exc.detail, exc.headers
        kind = type(exc).__name__
    elif isinstance(exc, PermissionError):
        status, kind, message = 403, type(exc).__name__, describe_error(exc)
    else:
        (status, kind), message = http_status(exc), describe_error(exc)
    message = shorten(message)
    what = request_type or "request"
    if status >= 500:
        logger.error("%s failed: %s", what, message, exc_info=exc)
    else:
        logger.info("%s rejected (%d): %s", what, status, message)
    return JSONResponse(
        {"error": {"type": kind, "message": message}}, status_code=status, headers=headers
    )


def _sse_error(message: str) -> bytes:
    """The SSE `error` event the comm front end also sends when a stream fails mid-way."""
    event = {"type": "error", "code": "custom", "message": message, "allow_retry": True}
    return b"data: " + json.dumps(event).encode() + b"\n\n"


async def _drain(
    queue: asyncio.Queue[_Item], first: _Item, request_type: str
) -> AsyncIterator[bytes]:
    """Everything queued so far goes out as one body chunk, as the comm coalesces a tick's frames:
    one write per event made the page render at half the notebook's rate once the producer
    and the sender interleave."""
    item: _Item | None = first
    while True:
        chunks: list[bytes] = []
        while isinstance(item, bytes):
            chunks.append(item)
            item = None if queue.empty() else queue.get_nowait()
        if chunks:
            yield b"".join(chunks)
        if item is None:
            item = await queue.get()
        elif isinstance(item, Exception):
            message = describe_error(item)
            logger.error("%s stream failed: %s", request_type, message, exc_info=item)
            yield _sse_error(message)
            return
        else:  # _DONE, or _CANCELLED once the client has gone
            return


class _EventStream(StreamingResponse):
    """SSE fed by the producer task; a client disconnect cancels that task exactly once.

    One plain `task.cancel()` (not an anyio cancel scope, which re-cancels every later await)
    lets `handle_stream_cancelled` finish its store writes before the task ends.
    """

    def __init__(
        self,
        queue: asyncio.Queue[_Item],
        producer: asyncio.Task[None],
        first: _Item,
        request_type: str,
    ) -> None:
        super().__init__(
            _drain(queue, first, request_type),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache", "x-accel-buffering": "no"},
        )
        self._producer = producer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        producer = self._producer

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            producer.cancel()

        watcher = asyncio.get_running_loop().create_task(watch())
        try:
            await self.stream_response(send)
        except OSError:  # the client is gone (ASGI spec 2.4 servers say so on send)
            producer.cancel()
        finally:
            watcher.cancel()
            if not producer.done():
                producer.cancel()
            await asyncio.wait({producer})  # the partial reply is stored once this returns
