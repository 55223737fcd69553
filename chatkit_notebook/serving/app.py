"""Serve a chat's ChatKit server over HTTP, the way OpenAI's production samples do.

`asgi_app(chat)` is the advanced samples' `POST /chatkit` endpoint
(`await server.process(await request.body(), ctx)`, SSE for streams, JSON otherwise), so the
official React/JS frontends run unchanged against the very server the notebook prototyped.
`serve(chat)` runs that app with uvicorn from a notebook cell.

Threading: when an asyncio loop is running (a Jupyter kernel), uvicorn runs as a task on that
loop, the same one the widget's comm bridge uses, so the store and the server are never touched
from two threads and need no locking. Only without a running loop (a plain script) does uvicorn
get its own thread and loop; the served app then owns the chat's server, so do not drive the same
chat from another loop meanwhile. A consequence of sharing the kernel's loop: call the served URL
from that same kernel only with an async client (`await httpx.AsyncClient().post(...)`); a blocking
call would hold the loop the server needs to answer it.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import socket
import threading
import time
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterator,
    Mapping,
    Sequence,
)
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

try:
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response, StreamingResponse
    from starlette.routing import Route
    from starlette.types import Receive, Scope, Send
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "serving a chat over HTTP needs starlette and uvicorn: pip install starlette uvicorn"
    ) from exc

from ..bridge.core import (
    STREAMING_TYPES,
    KeyedLocks,
    RequestInfo,
    describe_error,
    http_status,
    peek_request,
    shorten,
)

if TYPE_CHECKING:
    import uvicorn
    from chatkit.server import ChatKitServer

    from ..widget import ChatKit

logger = logging.getLogger("chatkit_notebook.serving")

SHUTDOWN_GRACE: Final = 3
"""Seconds `stop()` lets open streams finish before uvicorn cancels them (which, like a client
disconnect, keeps their partial replies)."""

"""Longest error message sent to a client (the log keeps the whole exception)."""

_DONE: Final = "done"
_CANCELLED: Final = "cancelled"
_Item = bytes | Exception | str  # an SSE chunk, the failure that ended the stream, or an end marker

# The running server of each chat, by id(chat): the handle keeps the chat alive while it runs and
# removes itself when it ends, so ids are never reused while listed.
_serving: dict[int, Serving] = {}
_serving_lock = threading.Lock()


def asgi_app(
    chat_or_server: ChatKit | ChatKitServer[Any],
    *,
    path: str = "/chatkit",
    context: Any = None,
    cors_origins: str | Sequence[str] | None = None,
) -> Starlette:
    """A Starlette app serving the chat's ChatKit server at `POST {path}`, for production.

    `chat_or_server` is a `ChatKit` widget (its server and its `context=` factory, called with a
    `RequestInfo` carrying the HTTP headers) or any `chatkit.server.ChatKitServer`. `context=`,
    when given, wins for both: a value, or a function (sync or async) of the starlette `Request`,
    the place to turn auth headers into the user identity the stores scope threads by; without
    it a plain server gets `{}`. `cors_origins` allows browsers on those origins (or `"*"`).
    `GET {path}/health` answers `{"ok": true}` for load balancers. In a FastAPI app, mount it after
    your own routes: `app.mount("/", asgi_app(server))`.
    """
    endpoint = _Endpoint(chat_or_server, context)
    path = "/" + path.strip("/")

    async def health(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    middleware = []
    if cors_origins is not None:
        origins = [cors_origins] if isinstance(cors_origins, str) else list(cors_origins)
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=origins,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["*"],
                allow_credentials="*" not in origins,  # browsers reject credentials with "*"
            )
        )
    return Starlette(
        routes=[
            Route(path, endpoint.handle, methods=["POST"]),
            Route(path.rstrip("/") + "/health", health, methods=["GET"]),
        ],
        middleware=middleware,
    )


class _Endpoint:
    """`POST {path}`: one ChatKit request, answered as JSON or as an SSE stream."""

    def __init__(self, chat_or_server: Any, context: Any) -> None:
        from chatkit.server import ChatKitServer

        if isinstance(chat_or_server, ChatKitServer):
            server: ChatKitServer[Any] = chat_or_server

            async def get_server() -> ChatKitServer[Any]:
                return server

            self._server: Callable[[], Awaitable[ChatKitServer[Any]]] = get_server
            self._chat_context: Callable[[RequestInfo], Any] | None = None
        elif callable(getattr(chat_or_server, "_get_server", None)):
            self._server = chat_or_server._get_server
            self._chat_context = chat_or_server._context
        else:
            raise TypeError(
                "asgi_app() serves a ChatKit widget or a chatkit.server.ChatKitServer, not "
                f"{type(chat_or_server).__name__}"
            )
        self._context = context
        # Streams writing to one thread run one at a time, as in the comm bridge.
        self._locks = KeyedLocks()

    async def handle(self, request: Request) -> Response:
        from chatkit.server import NonStreamingResult

        body = await request.body()
        try:
            request_type, thread_id = peek_request(body.decode("utf-8", "replace"))
        except RecursionError:  # nested deeper than `json` parses; pydantic rejects it below
            request_type, thread_id = "", None
        try:
            server = await self._server()
            ctx = await self._make_context(request, request_type, thread_id)
            result = await server.process(body, ctx)
        except Exception as exc:  # noqa: BLE001 - every failure becomes an HTTP error response
            return _error_response(exc, request_type)
        if isinstance(result, NonStreamingResult):
            return Response(result.json, media_type="application/json")
        streams_to_thread = thread_id is not None and request_type in STREAMING_TYPES
        lock = self._locks.hold(thread_id) if thread_id is not None and streams_to_thread else None
        return await _open_stream(result, lock, request_type)

    async def _make_context(
        self, request: Request, request_type: str, thread_id: str | None
    ) -> Any:
        if self._context is not None:
            value = self._context(request) if callable(self._context) else self._context
        elif self._chat_context is not None:
            headers = dict(request.headers)
            value = self._chat_context(RequestInfo(request_type, thread_id, headers))
        else:
            value = {}
        return await value if inspect.isawaitable(value) else value


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
        return _error_response(first, request_type)
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


def _error_response(exc: Exception, request_type: str) -> Response:
    headers: Mapping[str, str] | None = None
    if isinstance(exc, HTTPException):  # raised by a context factory, e.g. 401 for a bad token
        status, kind, message, headers = exc.status_code, "HTTPException", exc.detail, exc.headers
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
    item = first
    while True:
        if isinstance(item, bytes):
            yield item
        elif isinstance(item, Exception):
            message = describe_error(item)
            logger.error("%s stream failed: %s", request_type, message, exc_info=item)
            yield _sse_error(message)
            return
        else:  # _DONE, or _CANCELLED once the client has gone
            return
        item = await queue.get()


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


# -- running it ---------------------------------------------------------------------------------


def serve(
    chat_or_server: ChatKit | ChatKitServer[Any],
    port: int = 8000,
    host: str = "127.0.0.1",
    *,
    path: str = "/chatkit",
    context: Any = None,
    cors_origins: str | Sequence[str] | None = None,
) -> Serving:
    """Serve `asgi_app(chat_or_server, ...)` with uvicorn until `stop()`; returns at once.

    The port is bound before this returns (an `OSError` says if it is taken; `port=0` picks a free
    one), so `url` works right away. Inside a running asyncio loop (Jupyter) uvicorn runs as a task
    on that loop; otherwise in a daemon thread with its own loop. Serving a chat again stops its
    previous server first, so re-running a notebook cell just works.
    """
    app = asgi_app(chat_or_server, path=path, context=context, cors_origins=cors_origins)
    with _serving_lock:
        previous = _serving.get(id(chat_or_server))
    if previous is not None and previous.running:
        logger.warning("stopping this chat's server at %s to serve it again", previous.url)
        previous.stop()
    loop = _running_loop()
    return Serving(app, host, port, "/" + path.strip("/"), loop, key=id(chat_or_server))


class Serving:
    """A running HTTP server of one chat: `url` is what ChatKit's `api.url` should point at.

    `stop()` closes the listening socket at once (the port is free again) and lets open streams
    finish for up to `SHUTDOWN_GRACE` seconds; `await aclose()` also waits for that. Usable as a
    context manager (`with`: stop, `async with`: aclose).
    """

    def __init__(
        self,
        app: Starlette,
        host: str,
        port: int,
        path: str,
        loop: asyncio.AbstractEventLoop | None,
        *,
        key: int | None = None,
    ) -> None:
        import uvicorn

        self._sock = _bind(host, port)
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        self.path = path
        try:
            config = uvicorn.Config(
                app,
                lifespan="off",  # startup failures there would call sys.exit inside the kernel
                ws="none",
                log_config=None,  # leave the notebook's logging alone
                access_log=False,
                timeout_graceful_shutdown=SHUTDOWN_GRACE,
            )
            self._server = _quiet_server(config)
        except BaseException:
            self._sock.close()
            raise
        self._finished = threading.Event()
        self._entered = False
        self._thread: threading.Thread | None = None
        self._task: asyncio.Task[None] | None = None
        self._loop = loop
        self._key = key
        if key is not None:
            with _serving_lock:
                _serving[key] = self
        if loop is not None:
            self._task = loop.create_task(self._main(), name=f"chatkit-serve-{self.port}")
        else:
            self._thread = threading.Thread(
                target=asyncio.run, args=(self._main(),), name=f"chatkit-serve-{self.port}"
            )
            self._thread.daemon = True  # a forgotten server must not keep the process alive
            self._thread.start()
            deadline = time.monotonic() + 10
            while not (self._server.started or self._finished.is_set()):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            if self._finished.is_set():
                raise RuntimeError(f"the ChatKit server at {self.url} failed to start; see the log")

    @property
    def url(self) -> str:
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}{self.path}"

    @property
    def running(self) -> bool:
        return not self._finished.is_set() and not self._server.should_exit

    async def _main(self) -> None:
        self._entered = True
        try:
            await self._server.serve(sockets=[self._sock])
        except (Exception, SystemExit) as exc:  # uvicorn calls sys.exit on some failures
            logger.error("the ChatKit server at %s stopped: %s", self.url, exc, exc_info=exc)
        finally:
            self._finish()

    def stop(self) -> None:
        """Stop accepting connections now; open streams get `SHUTDOWN_GRACE` seconds."""
        if self._thread is not None:
            self._server.should_exit = True
            if self._thread is not threading.current_thread():
                self._thread.join(SHUTDOWN_GRACE + 5)
            return
        loop = self._loop
        assert loop is not None
        if _running_loop() is loop:
            self._stop_on_loop()
        elif not loop.is_closed():
            loop.call_soon_threadsafe(self._stop_on_loop)

    def _finish(self) -> None:
        self._sock.close()
        self._finished.set()
        with _serving_lock:
            if self._key is not None and _serving.get(self._key) is self:
                del _serving[self._key]

    def _stop_on_loop(self) -> None:
        self._server.should_exit = True
        if not self._entered:  # not started yet: it never will
            assert self._task is not None
            self._task.cancel()
            self._finish()
        elif self._server.started:
            for listener in self._server.servers:
                listener.close()  # frees the port now; uvicorn finishes shutting down on its own

    async def aclose(self) -> None:
        """Stop, and wait until every connection is closed and the server task has ended."""
        if self._thread is not None:
            self._server.should_exit = True
            await asyncio.to_thread(self._thread.join, SHUTDOWN_GRACE + 5)
            return
        self.stop()
        if self._task is not None and _running_loop() is self._loop:
            await asyncio.wait({self._task})
        else:
            await asyncio.to_thread(self._finished.wait, SHUTDOWN_GRACE + 5)

    def __enter__(self) -> Serving:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Serving:
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<Serving {self.url} ({'running' if self.running else 'stopped'})>"


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _bind(host: str, port: int) -> socket.socket:
    """Bind here rather than in uvicorn, which calls `sys.exit` when the port is taken."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot serve on {host}:{port}: {exc.strerror or exc}") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise OSError(exc.errno, f"cannot serve on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


def _quiet_server(config: uvicorn.Config) -> uvicorn.Server:
    import uvicorn

    class Server(uvicorn.Server):
        """Leaves signal handlers alone: in a kernel, Ctrl-C must interrupt the cell, not us."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    return Server(config)


__all__ = ["SHUTDOWN_GRACE", "Serving", "asgi_app", "serve"]
