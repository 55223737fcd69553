"""`chatkit.*` events of the UI delivered to Python handlers (`chat.on`, `chat.on_effect`)."""

from __future__ import annotations

import asyncio
import inspect
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..errors import ErrorLog
from . import frames

EVENT_NAMES = frozenset(
    {
        "ready",
        "error",
        "effect",
        "deeplink",
        "log",
        "response.start",
        "response.end",
        "history.open",
        "history.close",
        "thread.change",
        "thread.load.start",
        "thread.load.end",
        "tool.change",
    }
)

Handler = Callable[..., Any]


def event_name(name: str) -> str:
    """`"response.end"` and `"chatkit.response.end"` name the same event."""
    short = name.removeprefix("chatkit.")
    if short not in EVENT_NAMES:
        allowed = ", ".join(sorted(EVENT_NAMES))
        raise ValueError(f"unknown ChatKit event {name!r}; events are: {allowed}")
    return short


class Events:
    def __init__(self, errors: ErrorLog) -> None:
        self._errors = errors
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._effects: dict[str, list[Handler]] = defaultdict(list)
        self._tasks: set[asyncio.Task[Any]] = set()

    def on(self, name: str, handler: Handler) -> None:
        self._handlers[event_name(name)].append(handler)

    def on_effect(self, name: str, handler: Handler) -> None:
        self._effects[name].append(handler)

    def forwarded(self) -> list[str]:
        """The events the view must send to the kernel (others stay in the browser)."""
        names = {name for name, handlers in self._handlers.items() if handlers}
        if self._effects:
            names.add("effect")
        return sorted(f"chatkit.{name}" for name in names)

    def dispatch(self, frame: frames.EventFrame) -> None:
        name = frame.name.removeprefix("chatkit.")
        detail = frame.detail if frame.detail is not None else {}
        for handler in list(self._handlers.get(name, ())):
            self._run(handler, f"chat.on({name!r}) handler", detail)
        if name == "effect" and isinstance(detail, dict):
            for handler in list(self._effects.get(str(detail.get("name")), ())):
                self._run(handler, f"effect {detail.get('name')!r} handler", detail.get("data"))

    def _run(self, handler: Handler, what: str, argument: Any) -> None:
        try:
            result = handler(argument)
        except Exception as exc:  # noqa: BLE001 - shown in chat.errors; the UI keeps working
            self._errors.record(f"{what} raised {exc!r}", exc)
            return
        if inspect.isawaitable(result):
            task = asyncio.ensure_future(result)
            self._tasks.add(task)
            task.add_done_callback(lambda t: self._finished(t, what))

    def _finished(self, task: asyncio.Task[Any], what: str) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            self._errors.record(f"{what} raised {exc!r}", exc)
