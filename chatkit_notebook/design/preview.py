"""`chatkit_notebook.show(widget)`: design a ChatKit widget in a cell, actions handled in Python.

The widget is drawn by the builtin renderer's widget components (the same code a chat uses), and
each action (button click, form submit, select change) calls `on_action(action)`; returning a new
widget root replaces the one shown, which makes a preview a small interactive prototype.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..bridge import bundle
from ..bridge.callbacks import WIDGET_ACTION, to_json
from ..bridge.core import Bridge
from ..bridge.user_code import call
from ..errors import ErrorLog
from ..options.traits import ThemeTrait

ActionHandler = Callable[..., Any]


class WidgetPreview(anywidget.AnyWidget):
    """One widget root, rendered alone; `widget` may be replaced at any time."""

    _esm = bundle.loader_esm("preview")
    widget = traitlets.Dict().tag(sync=True)
    theme = ThemeTrait().tag(sync=True)

    def __init__(
        self,
        widget: Any,
        *,
        data: Any = None,
        on_action: ActionHandler | None = None,
        theme: str | dict[str, Any] = "light",
    ) -> None:
        super().__init__(widget=widget_json(widget, data), theme=theme)
        self.on_action = on_action
        self.actions: list[dict[str, Any]] = []  # every action received, for inspection
        self.errors = ErrorLog()
        self._bridge = Bridge(
            _no_server,
            self._send_frame,
            lambda _info: {},
            self.errors,
            callbacks=self._invoke,
        )
        self.on_msg(lambda _w, content, buffers: self._bridge.handle(content, buffers))
        self.on_msg(bundle.serve)
        bundle.push(self)

    def _send_frame(self, frame: dict[str, Any]) -> None:
        self.send(frame)

    async def _invoke(self, slot: str, args: list[Any]) -> Any:
        if slot != WIDGET_ACTION or not args or not isinstance(args[0], dict):
            raise LookupError(f"a widget preview answers only {WIDGET_ACTION}, not {slot}")
        action = args[0]
        self.actions.append(action)
        if self.on_action is None:
            return None
        result = await call(self.on_action, action)
        if result is not None:
            self.widget = widget_json(result, None)
        return None


async def _no_server() -> Any:
    raise RuntimeError("a widget preview has no ChatKit server: it only sends actions")


def widget_json(widget: Any, data: Any) -> dict[str, Any]:
    """A widget root as JSON, from a chatkit widget, its dict, or a `.widget` template file."""
    if isinstance(widget, str | os.PathLike) and str(widget).endswith(".widget"):
        from chatkit.widgets import WidgetTemplate

        widget = WidgetTemplate.from_file(str(Path(widget).resolve())).build(data)
    elif hasattr(widget, "build") and hasattr(widget, "template"):  # a WidgetTemplate
        widget = widget.build(data)
    value = to_json(widget)
    if not isinstance(value, dict) or value.get("type") not in {"Card", "ListView", "Basic"}:
        kind = value.get("type") if isinstance(value, dict) else type(widget).__name__
        raise TypeError(
            f"show() takes a widget root (Card, ListView or Basic), a dict of one, or a "
            f".widget file; got {kind!r}"
        )
    return value


def show(
    widget: Any,
    data: Any = None,
    *,
    on_action: ActionHandler | None = None,
    theme: str | dict[str, Any] = "light",
) -> WidgetPreview:
    """Render `widget` in the cell; `on_action(action)` runs for each action and may return a new
    widget root to show instead."""
    return WidgetPreview(widget, data=data, on_action=on_action, theme=theme)
