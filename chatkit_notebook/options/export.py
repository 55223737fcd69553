"""`chat.export_options()`: the options JSON to paste into a production `useChatKit({...})`."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from ..bridge.callbacks import CLIENT_TOOL, WIDGET_ACTION, Callbacks

PRODUCTION_URL = "/chatkit"


def export_options(
    options: Mapping[str, Any],
    option_callbacks: Mapping[str, Callable[..., Any]],
    callbacks: Callbacks,
    *,
    theme: Any,
    domain_key: str,
) -> dict[str, Any]:
    """Functions become stubs named after the Python callbacks they stand for."""
    exported: dict[str, Any] = _replace_markers(copy.deepcopy(dict(options)), option_callbacks)
    stubs: dict[str, str] = {slot: _stub(handler) for slot, handler in callbacks.handlers.items()}
    if callbacks.client_tools:
        stubs[CLIENT_TOOL] = f"<function onClientTool: {', '.join(sorted(callbacks.client_tools))}>"
    if callbacks.actions:
        stubs[WIDGET_ACTION] = f"<function onAction: {', '.join(sorted(callbacks.actions))}>"
    for slot, stub in stubs.items():
        _set(exported, slot.split("."), stub)
    exported["theme"] = copy.deepcopy(theme)
    exported["api"] = {"url": PRODUCTION_URL, "domainKey": domain_key}
    return exported


def _stub(function: Callable[..., Any]) -> str:
    return f"<function {getattr(function, '__name__', type(function).__name__)}>"


def _replace_markers(node: Any, option_callbacks: Mapping[str, Callable[..., Any]]) -> Any:
    if isinstance(node, dict):
        marker = node.get("$callback")
        if isinstance(marker, str) and len(node) == 1:
            function = option_callbacks.get(marker)
            return _stub(function) if function is not None else f"<function {marker}>"
        return {k: _replace_markers(v, option_callbacks) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_markers(v, option_callbacks) for v in node]
    return node


def _set(target: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
