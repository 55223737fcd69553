"""OpenAI ChatKit in a notebook cell, with its ChatKit server running in the kernel.

Public names load on first use, so `import chatkit_notebook` stays cheap: the ChatKit server stack
(openai-agents, openai) is imported only when a chat needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    "ChatKit": "chatkit_notebook.widget",
    "Reply": "chatkit_notebook.headless",
    "ChatThread": "chatkit_notebook.servers",
    "FunctionServer": "chatkit_notebook.servers",
    "AgentServer": "chatkit_notebook.agent_server",
    "MemoryStore": "chatkit_notebook.stores",
    "SQLiteStore": "chatkit_notebook.stores",
    "OptionsError": "chatkit_notebook.options",
    "THEME_PRESETS": "chatkit_notebook.options",
    "asgi_app": "chatkit_notebook.serve",
    "show": "chatkit_notebook.preview",
    "WidgetPreview": "chatkit_notebook.preview",
    "NotebookAttachmentStore": "chatkit_notebook.stores.attachments",
}

if TYPE_CHECKING:
    from .agent_server import AgentServer
    from .headless import Reply
    from .options import THEME_PRESETS, OptionsError
    from .preview import WidgetPreview, show
    from .serve import asgi_app
    from .servers import ChatThread, FunctionServer
    from .stores import MemoryStore, SQLiteStore
    from .stores.attachments import NotebookAttachmentStore
    from .widget import ChatKit

__all__ = [
    "THEME_PRESETS",
    "AgentServer",
    "ChatKit",
    "ChatThread",
    "FunctionServer",
    "MemoryStore",
    "NotebookAttachmentStore",
    "OptionsError",
    "Reply",
    "SQLiteStore",
    "WidgetPreview",
    "__version__",
    "asgi_app",
    "show",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'chatkit_notebook' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
