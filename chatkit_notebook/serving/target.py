"""What is being served: a `ChatKit` widget, a plain `ChatKitServer`, or an openai-agents `Agent`
(wrapped in `ChatKit(agent=...)`), reduced to the few things the HTTP side needs."""

from __future__ import annotations

import sys
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..bridge.core import DEFAULT_MAX_REQUEST_BYTES, KeyedLocks, RequestInfo

if TYPE_CHECKING:
    from chatkit.server import ChatKitServer
    from chatkit.store import Store

    from ..bridge.callbacks import Callbacks
    from ..stores.attachments import NotebookAttachmentStore

# A plain server served by several apps still has one lock per thread.
_server_locks: weakref.WeakKeyDictionary[Any, KeyedLocks] = weakref.WeakKeyDictionary()


@dataclass
class Target:
    server: Callable[[], Awaitable[ChatKitServer[Any]]]
    locks: KeyedLocks
    """Shared with the chat's comm bridge, so a served turn and a notebook turn on one thread
    never run at once."""
    chat_context: Callable[[RequestInfo], Any] | None = None
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    attachments: Callable[[], NotebookAttachmentStore | None] = lambda: None
    store: Callable[[], Store[Any] | None] = lambda: None
    callbacks: Callbacks | None = None
    options: Callable[[], dict[str, Any]] = field(default=lambda: {})
    """The page's options and theme, as `chat.export_options()` gives them."""
    slots: Callable[[], list[str]] = field(default=lambda: [])
    """Callback slots the page turns into functions that call Python over HTTP."""
    chat: Any = None


def target_of(obj: object) -> Target:
    from chatkit.server import ChatKitServer

    if isinstance(obj, ChatKitServer):
        return _plain_server(obj)
    agents = sys.modules.get("agents")  # an Agent instance implies openai-agents is loaded
    if agents is not None and isinstance(obj, agents.Agent):
        from ..widget import ChatKit

        obj = ChatKit(agent=obj)
    if callable(getattr(obj, "_get_server", None)) and hasattr(obj, "_bridge"):
        return _chat(obj)
    raise TypeError(
        "this serves a ChatKit widget, a chatkit.server.ChatKitServer or an agents.Agent, not "
        f"{type(obj).__name__}"
    )


def _plain_server(server: ChatKitServer[Any]) -> Target:
    from ..stores.attachments import NotebookAttachmentStore

    async def get_server() -> ChatKitServer[Any]:
        return server

    locks = _server_locks.get(server)
    if locks is None:
        locks = _server_locks[server] = KeyedLocks()
    own = getattr(server, "attachment_store", None)
    uploads = own if isinstance(own, NotebookAttachmentStore) else None
    return Target(
        get_server,
        locks,
        attachments=lambda: uploads,
        store=lambda: server.store,
    )


def _chat(chat: Any) -> Target:
    bridge = chat._bridge
    return Target(
        chat._get_server,
        bridge.thread_locks,
        chat_context=chat._context,
        max_request_bytes=bridge.max_request_bytes,
        attachments=lambda: chat._attachments,
        store=lambda: chat._store,
        callbacks=chat._callbacks,
        options=chat.export_options,
        slots=chat._callbacks.slots,
        chat=chat,
    )
