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
    "Reply": "chatkit_notebook.bridge.headless",
    "ChatThread": "chatkit_notebook.servers.function",
    "FunctionServer": "chatkit_notebook.servers.function",
    "AgentServer": "chatkit_notebook.servers.agent",
    "WorkflowServer": "chatkit_notebook.servers.workflow.server",
    "approve": "chatkit_notebook.servers.workflow.approvals",
    "Approvals": "chatkit_notebook.servers.workflow.approvals",
    "MemoryStore": "chatkit_notebook.stores",
    "SQLiteStore": "chatkit_notebook.stores",
    "PostgresStore": "chatkit_notebook.stores",
    "OptionsError": "chatkit_notebook.options.schema",
    "THEME_PRESETS": "chatkit_notebook.options.schema",
    "asgi_app": "chatkit_notebook.serving.app",
    "show": "chatkit_notebook.design.preview",
    "WidgetPreview": "chatkit_notebook.design.preview",
    "NotebookAttachmentStore": "chatkit_notebook.stores.attachments",
    "evaluate": "chatkit_notebook.workbench.evaluate",
    "compare": "chatkit_notebook.workbench.compare",
    "graders": "chatkit_notebook.workbench",
    "Grade": "chatkit_notebook.workbench.graders",
    "load_cases": "chatkit_notebook.workbench.cases",
    "Progress": "chatkit_notebook.workbench.progress",
}

if TYPE_CHECKING:
    from .bridge.headless import Reply
    from .design.preview import WidgetPreview, show
    from .options.schema import THEME_PRESETS, OptionsError
    from .servers.agent import AgentServer
    from .servers.function import ChatThread, FunctionServer
    from .servers.workflow.approvals import Approvals, approve
    from .servers.workflow.server import WorkflowServer
    from .serving.app import asgi_app
    from .stores import MemoryStore, PostgresStore, SQLiteStore
    from .stores.attachments import NotebookAttachmentStore
    from .widget import ChatKit
    from .workbench import graders
    from .workbench.cases import load_cases
    from .workbench.compare import compare
    from .workbench.evaluate import evaluate
    from .workbench.graders import Grade
    from .workbench.progress import Progress

__all__ = [
    "THEME_PRESETS",
    "AgentServer",
    "Approvals",
    "ChatKit",
    "ChatThread",
    "FunctionServer",
    "Grade",
    "MemoryStore",
    "NotebookAttachmentStore",
    "OptionsError",
    "PostgresStore",
    "Progress",
    "Reply",
    "SQLiteStore",
    "WidgetPreview",
    "WorkflowServer",
    "__version__",
    "approve",
    "asgi_app",
    "compare",
    "evaluate",
    "graders",
    "load_cases",
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
