"""The `ChatKit` widget: synced traitlets and the public Python API, no protocol logic."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from .bridge import Bridge, RequestInfo
from .errors import ErrorLog
from .headless import Reply, ask
from .traits import HeightTrait, OptionsTrait, ThemeTrait

if TYPE_CHECKING:
    from chatkit.server import ChatKitServer
    from chatkit.store import Store

STATIC = Path(__file__).parent / "static"
BUNDLE = STATIC / "widget.js"
CDN_SCRIPT_URL = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js"
LOCAL_DOMAIN_KEY = "domain_pk_localhost_dev"

if not BUNDLE.exists():  # anywidget would fail at class creation with a bare FileNotFoundError
    raise ImportError(
        f"chatkit_notebook's JavaScript bundle is missing ({BUNDLE}). Reinstall the package "
        "(`pip install chatkit-notebook`); in a source checkout run `npm ci && npm run build`."
    )

_warmed = threading.Event()


def _warm_up() -> None:
    """Import the server stack (seconds: openai-agents) while the user is still typing."""
    try:
        importlib.import_module("chatkit_notebook.servers")
        importlib.import_module("chatkit_notebook.agent_server")
    finally:
        _warmed.set()


class ChatKit(anywidget.AnyWidget):
    """A ChatKit chat in a notebook cell, served by a ChatKit server inside the kernel.

    Give it exactly one brain: `respond=` a Python function, `agent=` an openai-agents `Agent`,
    or `server=` your own `chatkit.server.ChatKitServer`.
    """

    _esm = BUNDLE

    options = OptionsTrait().tag(sync=True)
    theme = ThemeTrait().tag(sync=True)
    height = HeightTrait().tag(sync=True)
    thread_id = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    is_responding = traitlets.Bool(False).tag(sync=True)
    ready = traitlets.Bool(False).tag(sync=True)
    domain_key = traitlets.Unicode(LOCAL_DOMAIN_KEY).tag(sync=True)
    renderer = traitlets.Enum(("auto", "builtin", "chatkit"), "auto").tag(sync=True)
    active_renderer = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    renderer_notice = traitlets.Unicode("").tag(sync=True)
    script_url = traitlets.Unicode(CDN_SCRIPT_URL).tag(sync=True)
    script_timeout = traitlets.Float(8.0, min=0.5).tag(sync=True)

    def __init__(
        self,
        respond: Callable[..., Any] | None = None,
        *,
        agent: Any = None,
        server: ChatKitServer[Any] | None = None,
        store: Store[Any] | str | os.PathLike[str] | None = None,
        context: Any = None,
        options: dict[str, Any] | None = None,
        theme: str | dict[str, Any] = "light",
        height: int | str = 600,
        renderer: str = "auto",
        thread_id: str | None = None,
        domain_key: str = LOCAL_DOMAIN_KEY,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            names = ", ".join(sorted(kwargs))
            raise TypeError(f"ChatKit() got unexpected keyword argument(s): {names}")
        _check_brain(respond, agent, server, store)
        super().__init__(
            options=options or {},
            theme=theme,
            height=height,
            renderer=renderer,
            thread_id=thread_id,
            domain_key=domain_key,
        )
        self.errors = ErrorLog()
        self._respond = respond
        self._agent = agent
        self._server: ChatKitServer[Any] | None = server
        self._store = _open_store(store) if server is None else server.store
        self._context = _context_factory(context)
        self._bridge = Bridge(self._get_server, self._send_frame, self._context, self.errors)
        self.on_msg(self._on_frame)
        if server is None and not _warmed.is_set():
            threading.Thread(target=_warm_up, name="chatkit-warm-up", daemon=True).start()

    # -- the brain ----------------------------------------------------------------------------

    @property
    def agent(self) -> Any:
        return self._agent

    @agent.setter
    def agent(self, agent: Any) -> None:
        """Swap the agent; the next message uses it and the open thread stays."""
        if self._agent is None:
            raise TypeError(
                "this chat was not created with agent=; create it with ChatKit(agent=...)"
            )
        _check_agent(agent)
        self._agent = agent

    @property
    def store(self) -> Store[Any]:
        return self._store

    @property
    def server(self) -> ChatKitServer[Any] | None:
        """The ChatKit server behind the chat, once built (built on first use)."""
        return self._server

    async def _get_server(self) -> ChatKitServer[Any]:
        if self._server is None:
            if self._respond is not None:
                servers = await _import("chatkit_notebook.servers")
                self._server = servers.FunctionServer(self._respond, self._store, self.errors)
            else:
                agents = await _import("chatkit_notebook.agent_server")
                self._server = agents.AgentServer(lambda: self._agent, self._store, self.errors)
        return self._server

    # -- headless use -------------------------------------------------------------------------

    async def ask(self, text: str, thread_id: str | None = None) -> Reply:
        """Run one turn through the same `process()` path as the UI, with no browser."""
        return await ask(self._bridge, text, thread_id)

    # -- comm ---------------------------------------------------------------------------------

    def _on_frame(self, _widget: object, content: object, _buffers: object) -> None:
        self._bridge.handle(content)

    def _send_frame(self, frame: dict[str, Any]) -> None:
        self.send(frame)

    def close(self) -> None:
        bridge = getattr(
            self, "_bridge", None
        )  # close() also runs from __del__ after a failed __init__
        if bridge is not None:
            for task in list(bridge.tasks.values()):
                task.cancel()
        super().close()


async def _import(module: str) -> Any:
    """Import off the event loop: the server stack takes seconds the first time."""
    return await asyncio.to_thread(importlib.import_module, module)


def _check_brain(respond: object, agent: object, server: object, store: object) -> None:
    given = [
        name
        for name, v in (("respond", respond), ("agent", agent), ("server", server))
        if v is not None
    ]
    if len(given) != 1:
        got = ", ".join(f"{n}=" for n in given) or "none"
        raise TypeError(
            "ChatKit() needs exactly one of respond= (a Python function), agent= (an "
            f"openai-agents Agent) or server= (a chatkit.server.ChatKitServer); got {got}"
        )
    if respond is not None and not callable(respond):
        raise TypeError(f"respond= must be a function, got {type(respond).__name__}")
    if agent is not None:
        _check_agent(agent)
    if server is not None:
        chatkit_server = sys.modules.get("chatkit.server")  # a server instance implies it is loaded
        if chatkit_server is None or not isinstance(server, chatkit_server.ChatKitServer):
            raise TypeError(
                f"server= must be a chatkit.server.ChatKitServer, got {type(server).__name__}"
            )
        if store is not None:
            raise TypeError("pass store= to your ChatKitServer, not to ChatKit(server=...)")


def _check_agent(agent: object) -> None:
    agents = sys.modules.get("agents")  # an Agent instance implies openai-agents is loaded
    if agents is None or not isinstance(agent, agents.Agent):
        raise TypeError(
            f"agent= must be an agents.Agent (openai-agents), got {type(agent).__name__}"
        )


def _open_store(store: object) -> Store[Any]:
    from .stores import MemoryStore, SQLiteStore

    if store is None:
        return MemoryStore()
    if isinstance(store, str | os.PathLike):
        return SQLiteStore(store)
    from chatkit.store import Store

    if isinstance(store, Store):
        return store
    raise TypeError(
        f"store= must be a chatkit Store, or a path to a SQLite file; got {type(store).__name__}"
    )


def _context_factory(context: Any) -> Callable[[RequestInfo], Any]:
    """`context=` is a value, or a factory called per request with none or one argument."""
    if context is None:
        return lambda _info: {}
    if not callable(context):
        return lambda _info: context
    try:
        wants_info = any(
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
            for p in inspect.signature(context).parameters.values()
        )
    except (TypeError, ValueError):
        wants_info = True
    return context if wants_info else (lambda _info: context())


__all__ = ["ChatKit", "Reply"]
