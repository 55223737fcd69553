"""Frames from the comm ⇄ tracked asyncio tasks that drive `ChatKitServer.process()`.

Every request runs in its own task, kept in `tasks` until it finishes (so it is neither garbage
collected nor forgotten), and every request id is answered exactly once: by a `response`, by an
`end` after the stream's chunks, or by an `error`. Cancelling a stream cancels its task, which is
what lets `ChatKitServer.handle_stream_cancelled` keep the partial reply.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import threading
import time
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..errors import ErrorLog
from ..redaction import redact_text
from . import frames

if TYPE_CHECKING:
    from chatkit.server import ChatKitServer

logger = logging.getLogger("chatkit_notebook")

Send = Callable[[dict[str, Any]], None]

STREAMING_TYPES = frozenset(
    {
        "threads.create",
        "threads.add_user_message",
        "threads.add_client_tool_output",
        "threads.add_structured_input",
        "threads.retry_after_item",
        "threads.custom_action",
    }
)

# Jupyter's websocket refuses browser messages above 10 MiB by default; say so before it does.
DEFAULT_MAX_REQUEST_BYTES = 10 * 1024 * 1024

# A chunk frame is flushed when the producer yields to the event loop, or sooner when a producer
# that never yields has buffered this much, so the UI keeps streaming either way.
FLUSH_BYTES = 64 * 1024
FLUSH_SECONDS = 0.02


@dataclass(frozen=True)
class RequestInfo:
    """What a `context=` factory may look at to build the per-request context."""

    type: str
    thread_id: str | None
    headers: Mapping[str, str] = field(default_factory=dict)


ServerFactory = Callable[[], Awaitable["ChatKitServer[Any]"]]
ContextFactory = Callable[[RequestInfo], Any]
CallbackRunner = Callable[[str, list[Any]], Awaitable[Any]]
UploadReceiver = Callable[[frames.UploadChunk, bytes], Awaitable[Any]]
Notice = frames.EventFrame | frames.ViewFrame | frames.CallResult | frames.StateFrame
Notify = Callable[[Notice], None]


async def _no_callbacks(slot: str, _args: list[Any]) -> Any:
    raise LookupError(f"no Python callback is registered for {slot}")


async def _no_uploads(chunk: frames.UploadChunk, _data: bytes) -> Any:
    raise LookupError(f"this chat accepts no uploads (attachment {chunk.attachment_id})")


class Bridge:
    def __init__(
        self,
        server: ServerFactory,
        send: Send,
        context: ContextFactory,
        errors: ErrorLog,
        *,
        callbacks: CallbackRunner = _no_callbacks,
        notify: Notify | None = None,
        uploads: UploadReceiver = _no_uploads,
        on_responding: Callable[[bool], None] | None = None,
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    ) -> None:
        self._server = server
        self._send_frame = send
        self._context = context
        self._errors = errors
        self._callbacks = callbacks
        self._notify = notify
        self._uploads = uploads
        self._on_responding = on_responding
        self.max_request_bytes = max_request_bytes
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.streaming = 0  # responses streaming now
        self._loop: asyncio.AbstractEventLoop | None = None  # where the comm's requests run
        self._thread_locks = KeyedLocks()

    @property
    def thread_locks(self) -> KeyedLocks:
        """Per-thread locks that every other path into this server (e.g. `serve()`) must share."""
        return self._thread_locks

    # -- entry point from the comm (synchronous, must never raise) -----------------------------

    def handle(self, content: object, buffers: Sequence[object] = ()) -> None:
        if not isinstance(content, dict) or content.get("ns") != frames.NS:
            return  # another protocol sharing the comm
        try:
            frame = frames.incoming_frame.validate_python(content)
        except ValidationError as exc:
            self._reject_malformed(content, exc)
            return
        except RecursionError:
            self._reject_malformed(content, "the frame is nested too deeply")
            return
        if isinstance(frame, frames.CancelFrame):
            self.cancel(frame.id)
        elif isinstance(
            frame, frames.EventFrame | frames.ViewFrame | frames.CallResult | frames.StateFrame
        ):
            self._deliver(frame)
        elif frame.id in self.tasks:
            self._send(
                frames.error_frame(frame.id, "DuplicateRequest", "request id already in use", 400)
            )
        elif isinstance(frame, frames.FetchRequest) and len(frame.body) > self.max_request_bytes:
            self._reject_large(frame)
        else:
            self._start(frame, buffers)

    def cancel(self, request_id: str) -> None:
        """Safe from any thread: with comms on a subshell, the caller may not be the tasks' loop."""
        task = self.tasks.get(request_id)
        if task is None:
            return
        loop = task.get_loop()
        try:
            here = asyncio.get_running_loop() is loop
        except RuntimeError:
            here = False
        if here:
            task.cancel()
        else:
            loop.call_soon_threadsafe(task.cancel)

    def cancel_all(self) -> None:
        for request_id in list(self.tasks):
            self.cancel(request_id)

    async def call(self, body: str) -> Any:
        """Process one request outside the comm (headless use), under the same thread lock.

        It runs on the loop the comm's requests run on (a subshell's, in JupyterLab with comms
        over subshells), so per-thread locks and stores are only ever used from one loop.
        Returns the parsed JSON of a JSON request, or the list of parsed SSE events of a stream.
        """
        home = self._loop
        if home is not None and home.is_running() and home is not asyncio.get_running_loop():
            return await asyncio.wrap_future(
                asyncio.run_coroutine_threadsafe(self._call_here(body), home)
            )
        return await self._call_here(body)

    async def _call_here(self, body: str) -> Any:
        request_type, thread_id = peek_request(body)
        async with contextlib.AsyncExitStack() as stack:
            if thread_id is not None and request_type in STREAMING_TYPES:
                await stack.enter_async_context(self._thread_locks.hold(thread_id))
            from chatkit.server import NonStreamingResult

            server = await self._server()
            info = RequestInfo(type=request_type, thread_id=thread_id)
            result = await server.process(body, self._context(info))
            if isinstance(result, NonStreamingResult):
                return json.loads(result.json)
            return [json.loads(chunk[len(b"data: ") :]) async for chunk in result]

    # -- request lifecycle ---------------------------------------------------------------------

    def _deliver(self, frame: Notice) -> None:
        if self._notify is None:
            return
        try:
            self._notify(frame)
        except Exception as exc:  # noqa: BLE001 - a user's event handler must not break the comm
            self._errors.record(f"handling {frame.type} frame failed: {exc}", exc)

    def _start(
        self,
        frame: frames.FetchRequest | frames.CallbackRequest | frames.UploadChunk,
        buffers: Sequence[object] = (),
    ) -> None:
        try:
            loop = self._loop = asyncio.get_running_loop()
        except RuntimeError:
            self._send(
                frames.error_frame(frame.id, "NoEventLoop", "no running asyncio event loop", 503)
            )
            return
        work: Coroutine[Any, Any, None]
        if isinstance(frame, frames.FetchRequest):
            work = self._run(frame)
        elif isinstance(frame, frames.CallbackRequest):
            work = self._call(frame)
        else:
            work = self._upload(frame, _first_buffer(buffers))
        task = loop.create_task(work, name=f"chatkit-{frame.kind}-{frame.id}")
        self.tasks[frame.id] = task
        task.add_done_callback(lambda done: self._finished(frame.id, done))

    def _finished(self, request_id: str, task: asyncio.Task[None]) -> None:
        """The request handlers answer every failure themselves; this is the net under them."""
        self.tasks.pop(request_id, None)
        if task.cancelled():  # cancelled before its handler began: still answer it once
            self._send(frames.end_frame(request_id, cancelled=True))
            return
        exc = task.exception()
        if exc is None:
            return
        self._errors.record(f"request {request_id} failed unexpectedly: {exc!r}", exc)
        self._send(frames.error_frame(request_id, type(exc).__name__, describe_error(exc), 500))

    async def _run(self, frame: frames.FetchRequest) -> None:
        request_type, thread_id = peek_request(frame.body)
        stream = _Stream(thread_id)
        try:
            if thread_id is not None and request_type in STREAMING_TYPES:
                async with self._thread_locks.hold(thread_id):
                    await self._process(frame, request_type, stream)
            else:
                await self._process(frame, request_type, stream)
        except asyncio.CancelledError:
            self._send(frames.end_frame(frame.id, cancelled=True, thread_id=stream.thread_id))
        except Exception as exc:  # noqa: BLE001 - every failure must reach the UI as a frame
            self._fail(frame.id, request_type, exc)

    async def _call(self, frame: frames.CallbackRequest) -> None:
        try:
            result = await self._callbacks(frame.slot, frame.args)
            body = json.dumps(result)
        except asyncio.CancelledError:
            self._send(frames.end_frame(frame.id, cancelled=True))
        except Exception as exc:  # noqa: BLE001 - the UI shows the callback's failure
            message = describe_error(exc)
            self._errors.record(f"{frame.slot} failed: {message}", exc)
            self._send(frames.error_frame(frame.id, type(exc).__name__, message, 500))
        else:
            self._send(frames.response_frame(frame.id, body))

    async def _upload(self, frame: frames.UploadChunk, data: bytes | None) -> None:
        try:
            if data is None:
                raise ValueError("an upload chunk must carry its bytes in the message's buffer")
            result = await self._uploads(frame, data)
            body = json.dumps(result)
        except asyncio.CancelledError:
            self._send(frames.end_frame(frame.id, cancelled=True))
        except Exception as exc:  # noqa: BLE001 - the UI shows why the upload failed
            message = describe_error(exc)
            self._errors.record(f"upload of {frame.attachment_id} failed: {message}", exc)
            self._send(frames.error_frame(frame.id, type(exc).__name__, message, 400))
        else:
            self._send(frames.response_frame(frame.id, body))

    async def _process(
        self, frame: frames.FetchRequest, request_type: str, stream: _Stream
    ) -> None:
        from chatkit.server import NonStreamingResult  # loaded with the server by now

        server = await self._server()
        info = RequestInfo(type=request_type, thread_id=stream.thread_id, headers=frame.headers)
        result = await server.process(frame.body, self._context(info))
        if isinstance(result, NonStreamingResult):
            self._send(frames.response_frame(frame.id, result.json.decode()))
            return
        self._responding(+1)
        try:
            await self._stream(frame.id, result, stream)
        finally:
            self._responding(-1)
        self._send(frames.end_frame(frame.id, thread_id=stream.thread_id))

    def _responding(self, change: int) -> None:
        """The kernel, not a view, knows whether a response is streaming (a view may be gone)."""
        before = self.streaming > 0
        self.streaming += change
        if self._on_responding is not None and (self.streaming > 0) != before:
            self._on_responding(self.streaming > 0)

    async def _stream(self, request_id: str, result: AsyncIterable[bytes], stream: _Stream) -> None:
        """Forward SSE frames, coalescing those produced in the same event-loop tick."""
        loop = asyncio.get_running_loop()
        pending: list[bytes] = []
        size = 0
        first_at = 0.0
        scheduled: asyncio.Handle | None = None

        def flush() -> None:
            nonlocal scheduled, size
            scheduled = None
            if pending:
                data = b"".join(pending).decode()
                pending.clear()
                size = 0
                self._send(frames.chunk_frame(request_id, data))

        try:
            async for chunk in result:
                if stream.thread_id is None:
                    stream.learn(chunk)
                pending.append(chunk)
                size += len(chunk)
                if scheduled is None:
                    scheduled = loop.call_soon(flush)
                    first_at = time.monotonic()
                elif size >= FLUSH_BYTES or time.monotonic() - first_at >= FLUSH_SECONDS:
                    scheduled.cancel()
                    flush()
        except asyncio.CancelledError:
            if scheduled is not None:
                scheduled.cancel()
            raise
        except BaseException:
            if scheduled is not None:
                scheduled.cancel()
            flush()  # the chunks produced before the failure still belong to the UI
            raise
        if scheduled is not None:
            scheduled.cancel()
        flush()

    def _fail(self, request_id: str, request_type: str, exc: Exception) -> None:
        status, kind = http_status(exc)
        message = describe_error(exc)
        self._errors.record(f"{request_type or 'request'} failed: {message}", exc)
        self._send(frames.error_frame(request_id, kind, message, status))

    def _reject_large(self, frame: frames.FetchRequest) -> None:
        size, limit = len(frame.body), self.max_request_bytes
        message = (
            f"the request is {size / 2**20:.1f} MiB; the limit is {limit / 2**20:.1f} MiB "
            "(ChatKit(max_request_bytes=...) raises it, up to what the Jupyter server accepts)"
        )
        self._errors.record(message, None)
        self._send(frames.error_frame(frame.id, "RequestTooLarge", message, 413))

    def _reject_malformed(self, content: dict[Any, Any], exc: ValidationError | str) -> None:
        message = exc if isinstance(exc, str) else frames.describe_frame_error(exc)
        request_id = content.get("id")
        self._errors.record(message, None)
        if isinstance(request_id, str) and request_id and content.get("type") != "cancel":
            self._send(frames.error_frame(request_id[:200], "MalformedFrame", message, 400))

    def _send(self, frame: dict[str, Any]) -> None:
        try:
            self._send_frame(frame)
        except Exception:
            logger.exception("could not send a %s frame to the front end", frame.get("type"))


class _Stream:
    """The thread a stream writes to: from the request, or from its `thread.created` event."""

    def __init__(self, thread_id: str | None) -> None:
        self.thread_id = thread_id

    def learn(self, chunk: bytes) -> None:
        if chunk.startswith(b'data: {"type":"thread.created"'):
            with contextlib.suppress(ValueError, KeyError, TypeError):
                self.thread_id = json.loads(chunk[len(b"data: ") :])["thread"]["id"]


class KeyedLocks:
    """One lock per thread id, dropped when nobody holds or waits for it.

    Streams that write to one thread run one at a time, so their items never interleave. Every
    path into one server shares these locks (the comm bridge, `ask()`, the HTTP endpoint of
    `serve()`), and those may run on different event loops: with comms on a subshell the bridge
    runs on the subshell's thread while `serve()` runs on the kernel's main loop. So the locks are
    guarded by a `threading.Lock` and hand ownership to a waiter on any loop, in arrival order.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiters: dict[str, collections.deque[_Waiter]] = {}  # present while held

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        with self._guard:
            waiters = self._waiters.get(key)
            if waiters is None:
                self._waiters[key] = collections.deque()
                waiter = None
            else:
                waiter = _Waiter(loop, loop.create_future())
                waiters.append(waiter)
        if waiter is not None:
            try:
                await waiter.future
            except asyncio.CancelledError:
                with self._guard:
                    granted = waiter.granted
                    if not granted:
                        self._waiters[key].remove(waiter)
                if granted:  # ownership arrived as we were cancelled: pass it on
                    self._release(key)
                raise
        try:
            yield
        finally:
            self._release(key)

    def _release(self, key: str) -> None:
        with self._guard:
            waiters = self._waiters[key]
            while waiters:
                waiter = waiters.popleft()
                waiter.granted = True
                try:
                    waiter.loop.call_soon_threadsafe(_wake, waiter.future)
                except RuntimeError:  # its loop is closed: nobody is waiting there any more
                    continue
                return
            del self._waiters[key]

    def waiting(self, key: str) -> int:
        """How many wait for `key` (0 when free or only held)."""
        with self._guard:
            return len(self._waiters.get(key, ()))

    def __len__(self) -> int:
        return len(self._waiters)


@dataclass
class _Waiter:
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[None]
    granted: bool = False


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():  # a cancelled waiter passes the lock on itself
        future.set_result(None)


def _first_buffer(buffers: Sequence[object]) -> bytes | None:
    """Comm buffers arrive as memoryview (ipykernel) or bytes; anything else is not ours."""
    if not buffers:
        return None
    first = buffers[0]
    if isinstance(first, bytes | bytearray | memoryview):
        return bytes(first)
    return None


def peek_request(body: str) -> tuple[str, str | None]:
    """The request type and thread id, for logging, locking and the context factory."""
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):  # pydantic reports the body's problem in process()
        return "", None
    if not isinstance(parsed, dict):
        return "", None
    request_type = parsed.get("type")
    params = parsed.get("params")
    thread_id = params.get("thread_id") if isinstance(params, dict) else None
    return (
        request_type if isinstance(request_type, str) else "",
        thread_id if isinstance(thread_id, str) else None,
    )


def http_status(exc: Exception) -> tuple[int, str]:
    kind = type(exc).__name__
    if isinstance(exc, ValidationError | ValueError | TypeError):
        return 400, kind
    if kind == "NotFoundError":
        return 404, kind
    if isinstance(exc, NotImplementedError):
        return 501, kind
    return 500, kind


def describe_error(exc: BaseException) -> str:
    """A readable one-line message; bounded, since it may quote untrusted input."""
    if isinstance(exc, ValidationError):
        lines = [
            f"{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}"
            for err in exc.errors(include_url=False)[:5]
        ]
        return shorten("invalid ChatKit request: " + "; ".join(lines))
    text = redact_text(str(exc))
    return shorten(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def shorten(text: str, limit: int = 1000) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
