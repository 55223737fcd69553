"""The `ChatKit` widget: synced traitlets and the public Python API, no protocol logic."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from .bridge import bundle, frames
from .bridge import callbacks as slots
from .bridge.callbacks import ActionHandler, Callbacks, ClientTool
from .bridge.core import DEFAULT_MAX_REQUEST_BYTES, Bridge, Notice, RequestInfo, shorten
from .bridge.events import Events
from .bridge.headless import Reply, ask, list_items, list_threads, retry, to_markdown
from .bridge.ui import UiCall, Views
from .errors import ErrorLog
from .options.traits import HeightTrait, OptionsTrait, ThemeTrait
from .redaction import redact_text, register_secret
from .workbench.runs import RunLog

if TYPE_CHECKING:
    from chatkit.server import ChatKitServer
    from chatkit.store import Store

    from .serving.auth import Auth
    from .serving.runner import Serving
    from .stores.attachments import NotebookAttachmentStore

STATIC = Path(__file__).parent / "static"
BUNDLE = STATIC / "widget.js"
CDN_SCRIPT_URL = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js"
LOCAL_DOMAIN_KEY = "domain_pk_localhost_dev"
HOSTED_WORKFLOW_RETIRED = (
    "workflow={workflow_id!r} names a workflow hosted by OpenAI's Agent Builder, which was shut "
    "down on 2026-11-30, so it can no longer run. Save the workflow's exported code (Agent "
    'Builder: Code → Agents SDK → Python) as a file and pass ChatKit(workflow="my_workflow.py") '
    "or its run_workflow function instead: it then runs here, in the kernel."
)

if not (BUNDLE.exists() and bundle.LOADER.exists()):
    raise ImportError(
        f"chatkit_notebook's JavaScript bundle is missing ({BUNDLE}). Reinstall the package "
        "(`pip install chatkit-notebook`); in a source checkout run `npm ci && npm run build`."
    )

_warmed = threading.Event()


def _warm_up() -> None:
    """Import the server stack (seconds: openai-agents) while the user is still typing."""
    try:
        importlib.import_module("chatkit_notebook.servers.function")
        importlib.import_module("chatkit_notebook.servers.agent")
    finally:
        _warmed.set()


class ChatKit(anywidget.AnyWidget):
    """A ChatKit chat in a notebook cell, served by a ChatKit server inside the kernel.

    Give it exactly one brain: `respond=` a Python function, `agent=` an openai-agents `Agent`,
    `workflow=` an Agent Builder export (its path or its `run_workflow`), or `server=` your own
    `chatkit.server.ChatKitServer`.
    """

    _esm = bundle.loader_esm("default")  # a few KB: the renderer comes over the comm

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
    follow_jupyter_theme = traitlets.Bool(False).tag(sync=True)
    # The last error the UI showed, credentials redacted. Not synced: error text may quote
    # secrets, and synced state is saved with the notebook.
    last_error = traitlets.Unicode("")
    # Names only: which JS callbacks to create and which events to forward. Functions stay here.
    _callback_slots = traitlets.List(traitlets.Unicode()).tag(sync=True)
    _forwarded_events = traitlets.List(traitlets.Unicode()).tag(sync=True)

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
        follow_jupyter_theme: bool = False,
        model: Any = None,
        model_settings: Any = None,
        base_url: str | None = None,
        api_key: str | None = None,
        api: str | None = None,
        workflow: str | os.PathLike[str] | Callable[..., Any] | None = None,
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
        export_traces: bool = False,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            names = ", ".join(sorted(kwargs))
            raise TypeError(f"ChatKit() got unexpected keyword argument(s): {names}")
        _check_brain(respond, agent, server, workflow, store)
        model_args = {
            "model": model,
            "model_settings": model_settings,
            "api": api,
            "base_url": base_url,
            "api_key": api_key,
        }
        if agent is None and workflow is None and any(v is not None for v in model_args.values()):
            given = ", ".join(f"{k}=" for k, v in model_args.items() if v is not None)
            raise TypeError(
                f"{given} configure the model of an agent: use them with agent= or workflow="
            )
        self._workflow = None
        if workflow is not None:  # import the export now, so a broken one fails in this cell
            from .servers.workflow.load import load_workflow

            env = {"OPENAI_API_KEY": api_key or "", "OPENAI_BASE_URL": base_url or ""}
            self._workflow = load_workflow(workflow, {k: v for k, v in env.items() if v})
        super().__init__(
            options=options or {},
            theme=theme,
            height=height,
            renderer=renderer,
            thread_id=thread_id,
            domain_key=domain_key,
            follow_jupyter_theme=follow_jupyter_theme,
        )
        self.errors = ErrorLog()
        self.runs = RunLog(export=export_traces)  # every turn's trace, local unless exported
        if api_key is not None:
            register_secret(api_key)  # never in a trace's saved form
        self._callbacks = Callbacks(
            self.errors, options=lambda: self.options.callbacks, client_action=self._client_action
        )
        self._events = Events(self.errors)
        self._views = Views(self._send_frame, self.errors)
        self._respond = respond
        self._agent = agent
        self._transcriber: Callable[..., Any] | None = None
        self.model = model
        self.model_settings = model_settings
        self._models = None
        if agent is not None or workflow is not None:  # the key lives only in the model client
            from .servers.models import ChatModels

            self._models = ChatModels(base_url=base_url, api_key=api_key, api=api)  # type: ignore[arg-type]
        self._server: ChatKitServer[Any] | None = server
        self._store = server.store if server is not None else _open_store(store)
        self._attachments = _attachment_store(server, store, max_request_bytes, self._store)
        self._context = _context_factory(context)
        self._bridge = Bridge(
            self._get_server,
            self._send_frame,
            self._context,
            self.errors,
            callbacks=self._invoke_callback,
            notify=self._on_notice,
            uploads=self._receive_upload,
            on_responding=self._set_responding,
            max_request_bytes=max_request_bytes,
        )
        self.approvals = None  # workflow=: approve() cards, answered headless (chat.ask())
        if workflow is not None:
            from .servers.workflow.approvals import Approvals

            self.approvals = Approvals(self._bridge)
        self.on_msg(self._on_frame)
        self.on_msg(bundle.serve)
        bundle.push(self)
        self._sync_callbacks()
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
            reporting = await _import("chatkit_notebook.stores.reporting")
            store = reporting.ReportingStore(self._store, self.errors)  # failures shown in chat
            actions = (await _import("chatkit_notebook.servers.actions")).ActionRunner(
                self._callbacks.actions, store, self.errors, chat=lambda: self
            )
            if self._respond is not None:
                servers = await _import("chatkit_notebook.servers.function")
                server = servers.FunctionServer(
                    self._respond, store, self.errors, actions, self._attachments
                )
            elif self._workflow is not None:
                workflows = await _import("chatkit_notebook.servers.workflow.server")
                server = workflows.WorkflowServer(
                    self._workflow,
                    store,
                    self.errors,
                    model=lambda: self.model,
                    model_settings=lambda: self.model_settings,
                    models=self._models,
                    approvals=self.approvals,
                    actions=actions,
                    client_tools=self._callbacks.client_tools,
                    attachment_store=self._attachments,
                )
            else:
                agents = await _import("chatkit_notebook.servers.agent")
                server = agents.AgentServer(
                    lambda: self._agent,
                    store,
                    self.errors,
                    model=lambda: self.model,
                    model_settings=lambda: self.model_settings,
                    models=self._models,
                    actions=actions,
                    client_tools=self._callbacks.client_tools,
                    attachment_store=self._attachments,
                )
            server.transcriber = lambda: self._transcriber  # @chat.transcribe, if any
            self._server = server
        current: Any = self._server
        base = sys.modules.get("chatkit_notebook.servers.base")  # loaded with any of our servers
        if base is not None and isinstance(current, base.NotebookServer) and current.runs is None:
            current.runs = self.runs  # a server shared by several chats keeps the first one's log
        return self._server

    # -- Python callbacks for ChatKit's JS callbacks ---------------------------------------------

    def client_tool(
        self, function: Callable[..., Any] | None = None, *, name: str | None = None
    ) -> Any:
        """Register a client tool: `onClientTool` calls it with the tool's params as keywords.

        Its return value (a JSON-able dict) goes back to the model as the tool output; an exception
        fails the tool call, which the model and the chat both see.
        """

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            tool_name = name or fn.__name__
            doc = inspect.getdoc(fn) or ""
            self._callbacks.client_tools[tool_name] = ClientTool(tool_name, fn, doc)
            self._sync_callbacks()
            return fn

        return register(function) if function is not None else register

    def action(
        self, action_type: str, *, payload: type[Any] | None = None
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Handle widget actions of `action_type`, server-handled or `handler: "client"`.

        The handler takes `(action, item, ctx)` (or fewer); `payload=` a pydantic model validates
        the untrusted payload first. Returning a widget replaces the sender widget; returning or
        yielding text and widgets adds them to the chat; `ctx` can stream progress, add hidden
        context for the model, and more (see `ActionContext`).
        """

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._callbacks.actions[action_type] = ActionHandler(action_type, fn, payload)
            self._sync_callbacks()
            return fn

        return register

    def transcribe(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Dictation (`options={"composer": {"dictation": {"enabled": True}}}`): `function(audio,
        mime_type)` gets the recorded bytes (webm, ogg or mp4) and returns the text for the
        composer. For `respond=` and `agent=` chats; a `server=` implements `transcribe` itself."""
        self._transcriber = function
        return function

    def on_tag_search(self, function: Callable[[str], Any]) -> Callable[[str], Any]:
        """@-mentions: return a list of entities (`{id, title, ...}`) matching the query."""
        return self._handle(slots.TAG_SEARCH, function)

    def on_entity_click(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """A tag or entity source was clicked; receives the entity dict."""
        return self._handle(slots.ENTITY_CLICK, function)

    def on_entity_preview(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Hover preview of an entity: return a widget (BasicRoot) or None."""
        return self._handle(slots.ENTITY_PREVIEW, function)

    def on_command_search(self, function: Callable[[str], Any]) -> Callable[[str], Any]:
        """The "/" command menu: return a list of commands (`{id, label, ...}`)."""
        return self._handle(slots.COMMAND_SEARCH, function)

    def on_command_select(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """A command was chosen: return None, or a `{"type": "entity" | "menu", ...}` selection."""
        return self._handle(slots.COMMAND_SELECT, function)

    async def _invoke_callback(self, slot: str, args: list[Any]) -> Any:
        call = self._callbacks.invoke(slot, args)
        if slot == slots.CLIENT_TOOL and args and isinstance(args[0], dict):
            return await self.runs.client_tool(
                str(args[0].get("name")), args[0].get("params"), call
            )
        return await call

    def _handle(self, slot: str, function: Callable[..., Any]) -> Callable[..., Any]:
        self._callbacks.handlers[slot] = function
        self._sync_callbacks()
        return function

    async def _client_action(self, action: dict[str, Any], item: dict[str, Any]) -> None:
        handler = self._callbacks.actions.get(str(action.get("type")))
        if handler is None:
            raise slots.CallbackError(
                f"no handler for action {action.get('type')!r}; register one with @chat.action"
            )
        actions = await _import("chatkit_notebook.servers.actions")
        await actions.run_client_action(handler, action, item, self)

    @traitlets.observe("options")
    def _options_changed(self, _change: object) -> None:
        if hasattr(self, "_callbacks"):
            self._sync_callbacks()

    def _sync_callbacks(self) -> None:
        self._callback_slots = self._callbacks.slots()
        self._forwarded_events = self._events.forwarded()

    def export_options(self) -> dict[str, Any]:
        """The exact options JSON for a production `useChatKit({...})` / `setOptions({...})`.

        Functions are replaced by stubs named after the Python callbacks they stand for, and
        `api` points at `/chatkit`, where `chatkit_notebook.asgi_app` serves this chat's server.
        """
        from .options.export import export_options

        return export_options(
            self.options,
            self.options.callbacks,
            self._callbacks,
            theme=self.theme,
            domain_key=self.domain_key,
        )

    def serve(
        self,
        port: int = 8000,
        host: str = "127.0.0.1",
        *,
        open_browser: bool = False,
        ui: bool = True,
        path: str = "/chatkit",
        root_path: str = "",
        context: Any = None,
        auth: Auth | None = None,
        cors_origins: str | Sequence[str] | None = None,
        allowed_origins: str | Sequence[str] | None = None,
        allowed_hosts: str | Sequence[str] | None = None,
    ) -> Serving:
        """Serve this chat over HTTP: its page at `/` (`open_browser=True` opens it) and its
        server at `POST {path}`, for the page and ChatKit's official frontends alike; runs on the
        kernel's event loop until `.stop()`. See `chatkit_notebook.serving.runner.serve`."""
        from .serving.runner import serve

        return serve(
            self,
            port,
            host,
            open_browser=open_browser,
            ui=ui,
            path=path,
            root_path=root_path,
            context=context,
            auth=auth,
            cors_origins=cors_origins,
            allowed_origins=allowed_origins,
            allowed_hosts=allowed_hosts,
        )

    def theme_editor(self) -> Any:
        """The playground's theme and typography controls alone, linked to `chat.theme`."""
        from .design.playground import THEME_SECTIONS, ControlPanel

        return ControlPanel(self, THEME_SECTIONS, compact=True)

    def playground(self) -> Any:
        """Every appearance option beside a second live view of this chat, copied as code."""
        from .design.playground import Playground

        return Playground(self)

    # -- events ---------------------------------------------------------------------------------

    def on(self, event: str, handler: Callable[..., Any] | None = None) -> Any:
        """Call `handler(detail)` on each `chatkit.<event>` of the UI (usable as a decorator)."""

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._events.on(event, fn)
            self._sync_callbacks()
            return fn

        return register(handler) if handler is not None else register

    def on_effect(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Handle `client_effect` events named `name`; the handler receives their data."""

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._events.on_effect(name, fn)
            self._sync_callbacks()
            return fn

        return register

    # -- the UI, from Python -------------------------------------------------------------------

    def send_message(self, text: str, *, new_thread: bool = False, **params: Any) -> UiCall:
        """Send a user message from the composer's side (`toolChoice`, `model`, ... allowed)."""
        return self._views.call(
            "sendUserMessage", {"text": text, "newThread": new_thread, **params}
        )

    def set_composer_value(self, text: str | None = None, **params: Any) -> UiCall:
        return self._views.call("setComposerValue", {"text": text, **params} if text else params)

    def set_thread(self, thread_id: str | None) -> UiCall:
        """Open a thread (None: a new one). Setting `chat.thread_id` does the same."""
        return self._views.call("setThreadId", thread_id)

    def send_action(
        self, action_type: str, payload: dict[str, Any] | None = None, item_id: str | None = None
    ) -> UiCall:
        action = {"type": action_type, "payload": payload or {}}
        return self._views.call("sendCustomAction", action, *([item_id] if item_id else []))

    def focus_composer(self) -> UiCall:
        return self._views.call("focusComposer")

    def fetch_updates(self) -> UiCall:
        """Ask the UI to reload the open thread (after changing the store from Python)."""
        return self._views.call("fetchUpdates")

    def show_history(self) -> UiCall:
        return self._views.call("showHistory")

    def hide_history(self) -> UiCall:
        return self._views.call("hideHistory")

    # -- headless use -------------------------------------------------------------------------

    async def ask(self, text: str, thread_id: str | None = None) -> Reply:
        """Run one turn through the same `process()` path as the UI, with no browser."""
        return await ask(self._bridge, text, thread_id)

    async def rerun(self, item_id: str | None = None, thread_id: str | None = None) -> Reply:
        """Answer a user message again with the current agent or respond function (ChatKit's
        retry: the answers after it are replaced). Default: the last turn's message."""
        from .workbench.rerun import rerun_target

        thread_id, item_id = await rerun_target(self, item_id, thread_id)
        return await retry(self._bridge, thread_id, item_id)

    def inspector(self) -> Any:
        """A live view of this chat's runs, newest first: spans, timings, tokens, tool calls."""
        from .workbench.inspector import Inspector

        return Inspector(self.runs)

    async def threads(self) -> list[dict[str, Any]]:
        """The chat's threads as plain dicts, newest first."""
        return await list_threads(self._bridge)

    async def items(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        """A thread's items as plain dicts, oldest first (default: the open thread)."""
        return await list_items(self._bridge, self._thread(thread_id))

    async def export_thread(self, thread_id: str | None = None, format: str = "markdown") -> str:
        """A thread as a Markdown transcript, or as JSON (`format="json"`: thread and items)."""
        thread_id = self._thread(thread_id)
        thread = await self._bridge.call(
            json.dumps({"type": "threads.get_by_id", "params": {"thread_id": thread_id}})
        )
        items = await self.items(thread_id)
        if format == "json":
            return json.dumps({**thread, "items": items}, indent=2)
        if format != "markdown":
            raise ValueError(f"format must be 'markdown' or 'json', got {format!r}")
        return to_markdown(thread.get("title"), items)

    def _thread(self, thread_id: str | None) -> str:
        thread_id = thread_id or self.thread_id
        if thread_id is None:
            raise ValueError("no thread is open in the chat: pass a thread_id")
        return thread_id

    # -- comm ---------------------------------------------------------------------------------

    def _on_frame(self, _widget: object, content: object, buffers: list[object]) -> None:
        self._bridge.handle(content, buffers)

    async def _receive_upload(self, chunk: frames.UploadChunk, data: bytes) -> Any:
        if self._attachments is None:
            raise TypeError("this chat's server has no NotebookAttachmentStore to upload into")
        context = self._attachments.upload_context(chunk.attachment_id)
        finished = self._attachments.receive(chunk.attachment_id, chunk.offset, data, chunk.final)
        if finished is None:
            return {"received": chunk.offset + len(data)}
        await self._store.save_attachment(finished, context)  # the creator's, as announced
        return finished.model_dump(
            mode="json", exclude_none=True, context={"exclude_metadata": True}
        )

    def _set_responding(self, responding: bool) -> None:
        self.is_responding = responding

    def _on_notice(self, frame: Notice) -> None:
        if isinstance(frame, frames.EventFrame):
            self._events.dispatch(frame)
        elif isinstance(frame, frames.ViewFrame):
            self._views.update(frame)
        elif isinstance(frame, frames.StateFrame):
            self._apply_view_state(frame.values)
        else:
            self._views.resolve(frame)

    def _apply_view_state(self, state: frames.ViewState) -> None:
        """The view's report, applied whether or not its trait updates arrived too."""
        for name in sorted(state.model_fields_set - {"error"}):
            self.set_trait(name, getattr(state, name))
        if "error" in state.model_fields_set:
            shown = redact_text(state.error)
            self.last_error = shorten(shown, 500)
            if not self.errors.mentions(shown):  # errors raised in Python are there already
                self.errors.record(f"the chat UI reported an error: {shown}", None)

    def _send_frame(self, frame: dict[str, Any]) -> None:
        self.send(frame)

    def close(self) -> None:
        bridge = getattr(
            self, "_bridge", None
        )  # close() also runs from __del__ after a failed __init__
        if bridge is not None:
            bridge.cancel_all()
        super().close()


async def _import(module: str) -> Any:
    """Import off the event loop: the server stack takes seconds the first time."""
    return await asyncio.to_thread(importlib.import_module, module)


def _check_brain(
    respond: object, agent: object, server: object, workflow: object, store: object
) -> None:
    brains = (("respond", respond), ("agent", agent), ("server", server), ("workflow", workflow))
    given = [name for name, value in brains if value is not None]
    if len(given) != 1:
        got = ", ".join(f"{n}=" for n in given) or "none"
        raise TypeError(
            "ChatKit() needs exactly one of respond= (a Python function), agent= (an "
            "openai-agents Agent), server= (a chatkit.server.ChatKitServer) or workflow= (an "
            f"Agent Builder export); got {got}"
        )
    if isinstance(workflow, str) and workflow.startswith("wf_"):
        raise ValueError(HOSTED_WORKFLOW_RETIRED.format(workflow_id=workflow))
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
    if _is_postgres_url(store):
        from .stores.postgres import PostgresStore

        return PostgresStore(str(store))
    if isinstance(store, str | os.PathLike):
        return SQLiteStore(store)
    from chatkit.store import Store

    if isinstance(store, Store):
        return store
    raise TypeError(
        f"store= must be a chatkit Store, a path to a SQLite file or a postgresql:// URL; "
        f"got {type(store).__name__}"
    )


def _is_postgres_url(store: object) -> bool:
    return isinstance(store, str) and store.startswith(("postgresql://", "postgres://"))


def _attachment_store(
    server: Any, store: object, max_bytes: int, owners: Store[Any]
) -> NotebookAttachmentStore | None:
    """Uploads go to memory, or beside a SQLite file (`chats.db` → `chats.attachments/`)."""
    from .stores.attachments import NotebookAttachmentStore

    if server is not None:
        own = getattr(server, "attachment_store", None)
        if not isinstance(own, NotebookAttachmentStore):
            return None
        own.store = own.store or server.store  # it checks ownership there before deleting
        return own
    folder = (
        Path(store).with_suffix(".attachments")
        if isinstance(store, str | os.PathLike) and not _is_postgres_url(store)
        else None
    )
    return NotebookAttachmentStore(folder, max_bytes=max_bytes, store=owners)


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
