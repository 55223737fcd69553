"""Running a served chat: `serve()` from a notebook cell or a script, with uvicorn.

Threading: when an asyncio loop is running (a Jupyter kernel), uvicorn runs as a task on that
loop; only without a running loop (a plain script) does it get its own thread and loop. Either
way the served app shares the chat's per-thread locks with the notebook's comm bridge (which may
run on a subshell's thread), so a served turn and a notebook turn on one thread never overlap.
A consequence of sharing the kernel's loop: call the served URL from that same kernel only with
an async client (`await httpx.AsyncClient().post(...)`); a blocking call would hold the loop the
server needs to answer it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
import webbrowser
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

from starlette.applications import Starlette

from .app import Origins, asgi_app
from .auth import Auth
from .security import bound_names

if TYPE_CHECKING:
    import uvicorn
    from chatkit.server import ChatKitServer

    from ..widget import ChatKit

logger = logging.getLogger("chatkit_notebook.serving")

SHUTDOWN_GRACE: Final = 3
"""Seconds `stop()` lets open streams finish before uvicorn cancels them (which, like a client
disconnect, keeps their partial replies)."""

# The running server of each chat, by id(chat): the handle keeps the chat alive while it runs and
# removes itself when it ends, so ids are never reused while listed.
_serving: dict[int, Serving] = {}
_serving_lock = threading.Lock()


def serve(
    chat_or_server: ChatKit | ChatKitServer[Any] | Any,
    port: int = 8000,
    host: str = "127.0.0.1",
    *,
    path: str = "/chatkit",
    ui: bool = True,
    open_browser: bool = False,
    root_path: str = "",
    context: Any = None,
    auth: Auth | None = None,
    cors_origins: Origins = None,
    allowed_origins: Origins = None,
    allowed_hosts: str | Sequence[str] | None = None,
) -> Serving:
    """Serve `asgi_app(chat_or_server, ui=True, ...)` with uvicorn until `stop()`; returns at once.

    The port is bound before this returns (an `OSError` says if it is taken; `port=0` picks a free
    one), so `url` (the endpoint) and `page_url` (the chat page) work right away;
    `open_browser=True` opens the page. It answers to the names of `host` (loopback by default)
    plus `allowed_hosts`; `root_path` is the prefix a reverse proxy serves it under. Inside a
    running asyncio loop (Jupyter) uvicorn runs as a task on that loop; otherwise in a daemon
    thread with its own loop. Serving a chat again stops its previous server first, so re-running
    a notebook cell just works.
    """
    app = asgi_app(
        chat_or_server,
        path=path,
        ui=ui,
        context=context,
        auth=auth,
        cors_origins=cors_origins,
        allowed_origins=allowed_origins,
        allowed_hosts=hosts_for(host, allowed_hosts),
    )
    with _serving_lock:
        previous = _serving.get(id(chat_or_server))
    if previous is not None and previous.running:
        logger.warning("stopping this chat's server at %s to serve it again", previous.url)
        previous.stop()
    loop = _running_loop()
    served = Serving(
        app,
        host,
        port,
        "/" + path.strip("/"),
        loop,
        key=id(chat_or_server),
        root_path=root_path,
        ui=ui,
    )
    if open_browser:
        webbrowser.open(served.page_url)
    return served


def hosts_for(host: str, allowed_hosts: str | Sequence[str] | None) -> list[str]:
    """The Host names a server bound to `host` answers to: its own, and those allowed."""
    extra = [allowed_hosts] if isinstance(allowed_hosts, str) else list(allowed_hosts or ())
    return [*bound_names(host), *extra]


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
        root_path: str = "",
        ui: bool = False,
    ) -> None:
        import uvicorn

        self._sock = _bind(host, port)
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        self.path = path
        self.root_path = "/" + root_path.strip("/") if root_path.strip("/") else ""
        self.ui = ui
        try:
            config = uvicorn.Config(
                app,
                root_path=self.root_path,
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
    def origin(self) -> str:
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The ChatKit endpoint (what an official frontend's `api.url` points at). With a
        `root_path`, the proxy's address of it ends in `root_path + path`."""
        return f"{self.origin}{self.path}"

    @property
    def page_url(self) -> str:
        """The chat page (with `ui=True`, the default of `serve()`); behind a proxy, at its
        `root_path`."""
        return f"{self.origin}/"

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
        state = "running" if self.running else "stopped"
        return f"<Serving {self.page_url if self.ui else self.url} ({state})>"


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


__all__ = ["SHUTDOWN_GRACE", "Serving", "serve"]
