"""`chat.runs`: one plain-data `Run` per turn, with the spans the agents SDK traced during it.

A run is opened by our servers around every request that makes the chat answer (a new message,
a retry, a client tool's result); `RunLog.record` wraps that request's event stream, learns the
thread, the items and the errors from it, and sets `current_run` so the tracing processor
(`tracing.py`) files the SDK's spans under it. Everything kept is JSON-able and redacted
(`redaction.py`): `json.dumps(chat.runs.to_dict())` is the saved form.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import json
import threading
import time
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from .. import redaction

KEPT_CHARS = 20_000  # of one string a run keeps: a huge tool output cannot bloat a notebook


def redact(value: Any) -> Any:
    """What a run keeps of `value`: JSON-able, credentials out (`redaction.py`), strings cut."""
    return redaction.redact(value, max_chars=KEPT_CHARS)


def redact_text(text: str) -> str:
    return redaction.redact_text(text, max_chars=KEPT_CHARS)


# Requests that make the chat answer (`ChatKitServer.respond`), each recorded as one run.
RECORDED = frozenset(
    {
        "threads.create",
        "threads.add_user_message",
        "threads.add_client_tool_output",
        "threads.add_structured_input",
        "threads.retry_after_item",
    }
)
MODEL_KINDS = frozenset({"response", "generation"})
TOOL_KINDS = frozenset({"function", "client_tool"})
USAGE_KEYS = ("requests", "input_tokens", "output_tokens", "total_tokens")

current_run: contextvars.ContextVar[Run | None] = contextvars.ContextVar(
    "chatkit_notebook_run", default=None
)


@dataclass
class Span:
    """One traced step: an agent, a model call, a tool call, a handoff, a guardrail, ...

    `kind` is the SDK's span type (`agent`, `response`, `generation`, `function`, `handoff`,
    `guardrail`, `custom`, `task`, `turn`, `mcp_tools`), or `client_tool` for a tool the browser
    (or a Python `@chat.client_tool`) ran. Times are seconds since the epoch. The bulky part of
    `data` (a model call's input and output) is converted and redacted when first read, not
    while the turn runs.
    """

    id: str
    parent_id: str | None
    kind: str
    name: str
    started_at: float
    ended_at: float | None = None
    _data: dict[str, Any] = field(default_factory=dict, repr=False)
    error: dict[str, Any] | None = None
    _later: Callable[[], dict[str, Any]] | None = field(default=None, repr=False, compare=False)

    @property
    def data(self) -> dict[str, Any]:
        later, self._later = self._later, None
        if later is not None:
            self._data.update(later())
        return self._data

    @property
    def duration(self) -> float | None:
        return None if self.ended_at is None else self.ended_at - self.started_at

    @property
    def usage(self) -> dict[str, Any] | None:
        usage = self.data.get("usage")
        return usage if isinstance(usage, dict) else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "parent_id": self.parent_id,
            "kind": self.kind,
            "name": self.name,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "duration": self.duration,
            "data": self.data,
            "error": self.error,
        }


@dataclass
class ToolCall:
    """A tool call as graders and tables see it: its name, parsed arguments, output, error."""

    name: str
    arguments: Any
    output: Any = None
    error: str | None = None
    duration: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "arguments": self.arguments,
            "output": self.output,
            "error": self.error,
            "duration": self.duration,
        }


@dataclass
class Run:
    """One turn of a chat: what went in, what came out, how long it took, and its spans."""

    id: str
    number: int
    request: str
    thread_id: str | None
    input: str | None
    started_at: float
    ended_at: float | None = None
    status: str = "running"  # running | ok | error | cancelled
    output: str = ""
    item_ids: list[str] = field(default_factory=list)
    user_item_id: str | None = None
    errors: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    rerun_of: int | None = None  # the number of the run this one answers again
    _open: dict[str, Span] = field(default_factory=dict, repr=False, compare=False)
    _client_calls: list[str] = field(default_factory=list, repr=False, compare=False)
    _trace_ids: set[str] = field(default_factory=set, repr=False, compare=False)
    _log: RunLog | None = field(default=None, repr=False, compare=False)

    # -- reading --------------------------------------------------------------------------------

    @property
    def duration(self) -> float | None:
        return None if self.ended_at is None else self.ended_at - self.started_at

    @property
    def usage(self) -> dict[str, int]:
        """Tokens of the run's model calls (requests, input, output, total)."""
        totals = dict.fromkeys(USAGE_KEYS, 0)
        for span in self.spans:
            usage = span.usage if span.kind in MODEL_KINDS else None
            if usage:
                for key in USAGE_KEYS:
                    value = usage.get(key)
                    totals[key] += value if isinstance(value, int) else 0
                if not usage.get("requests"):
                    totals["requests"] += 1
        return totals

    @property
    def tool_calls(self) -> list[ToolCall]:
        return [
            ToolCall(
                name=s.name,
                arguments=s.data.get("arguments"),
                output=s.data.get("output"),
                error=(s.error or {}).get("message"),
                duration=s.duration,
            )
            for s in self.spans
            if s.kind in TOOL_KINDS
        ]

    @property
    def agent(self) -> str | None:
        """The name of the first agent that ran (None for `respond=` runs)."""
        return next((s.name for s in self.spans if s.kind == "agent"), None)

    def find(self, kind: str, name: str | None = None) -> list[Span]:
        """The spans of one kind (and name), in the order they started."""
        return [s for s in self.spans if s.kind == kind and (name is None or s.name == name)]

    def tree(self) -> list[tuple[int, Span]]:
        """(depth, span) pairs in depth-first order, children in the order they started."""
        ids = {s.id for s in self.spans}
        children: dict[str | None, list[Span]] = {}
        for span in self.spans:
            parent = span.parent_id if span.parent_id in ids else None
            children.setdefault(parent, []).append(span)
        out: list[tuple[int, Span]] = []

        def walk(parent: str | None, depth: int) -> None:
            for child in children.get(parent, []):
                out.append((depth, child))
                walk(child.id, depth + 1)

        walk(None, 0)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "request": self.request,
            "thread_id": self.thread_id,
            "input": self.input,
            "output": self.output,
            "status": self.status,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "duration": self.duration,
            "item_ids": list(self.item_ids),
            "user_item_id": self.user_item_id,
            "errors": list(self.errors),
            "rerun_of": self.rerun_of,
            "usage": self.usage,
            "spans": [s.to_dict() for s in list(self.spans)],
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    def _repr_html_(self) -> str:
        from .timeline import render_run

        return render_run(self)

    def __repr__(self) -> str:
        took = f"{self.duration:.2f}s" if self.duration is not None else "running"
        return (
            f"<Run #{self.number} {self.status} {took} {len(self.spans)} spans "
            f"thread={self.thread_id} input={_short(self.input or '', 40)!r}>"
        )

    # -- recording (called by RunLog and the tracing processor) -------------------------------

    def open_span(
        self, span_id: str, parent_id: str | None, kind: str, name: str, data: dict[str, Any]
    ) -> Span:
        span = Span(span_id, parent_id, kind, name, time.time(), None, data)
        self._open[span_id] = span
        self.spans.append(span)
        self._changed()
        return span

    def close_span(
        self,
        span_id: str,
        *,
        name: str | None = None,
        data: dict[str, Any] | None = None,
        later: Callable[[], dict[str, Any]] | None = None,
        error: dict[str, Any] | None = None,
    ) -> None:
        """End a span: `data` now, `later` (heavy, already redacted) when first read."""
        span = self._open.pop(span_id, None)
        if span is None:
            return
        span.ended_at = time.time()
        if name:
            span.name = name
        if data:
            span._data.update(data)
        span._later = later
        if error:
            span.error = redact(error)
        self._changed()

    def _observe(self, chunk: bytes) -> None:
        """Learn the thread, the items and the errors from one SSE frame of the stream."""
        if not chunk.startswith(_WANTED):  # text deltas and the like: skip without parsing
            return
        try:
            event = json.loads(chunk[len(b"data: ") :])
        except ValueError:
            return
        kind = event.get("type")
        if kind == "thread.created":
            self.thread_id = event["thread"]["id"]
        elif kind == "thread.item.done":
            self._item_done(event["item"])
        elif kind == "thread.item.removed":
            with contextlib.suppress(ValueError):
                self.item_ids.remove(event.get("item_id"))
        elif kind == "error":
            self.errors.append(redact_text(str(event.get("message") or event.get("code"))))
        else:
            return
        self._changed()

    def _item_done(self, item: dict[str, Any]) -> None:
        kind = item.get("type")
        if kind == "user_message":
            self.user_item_id = item.get("id")
            return
        if item.get("id") not in self.item_ids:
            self.item_ids.append(item["id"])
        if kind == "assistant_message":
            text = "".join(part.get("text", "") for part in item.get("content", []))
            self.output = redact_text(f"{self.output}\n\n{text}" if self.output else text)
        elif kind == "client_tool_call":
            self._client_calls.append(str(item.get("name")))

    def _finish(self, status: str, error: BaseException | None = None) -> None:
        if error is not None:
            self.errors.append(redact_text(f"{type(error).__name__}: {error}"))
        for span in self.spans:  # the SDK ran these function tools to hand them to the client
            if span.kind == "function" and span.name in self._client_calls:
                span.kind = "client_tool"
        for span_id in list(self._open):  # spans the SDK never closed (a cancelled run)
            self.close_span(span_id)
        self.ended_at = time.time()
        self.status = "error" if status == "ok" and self.errors else status
        if self._log is not None:
            self._log._forget_traces(self)
        self._changed()

    def _changed(self) -> None:
        if self._log is not None:
            self._log._notify(self)


_WANTED = tuple(
    f'data: {{"type":"{kind}"'.encode()
    for kind in ("thread.item.done", "thread.created", "thread.item.removed", "error")
)


class RunLog(Sequence[Run]):
    """Every run of one chat, oldest first (`chat.runs[-1]` is the last turn).

    `export=True` lets the agents SDK's default exporter send this chat's traces to OpenAI (with
    the key it finds); otherwise they stay in the kernel. Keeps the newest `limit` runs, so a
    long-lived chat's memory stays flat (set `chat.runs.limit` to keep more).
    """

    def __init__(self, *, export: bool = False, limit: int = 100) -> None:
        self.export = export
        self.limit = limit
        self._runs: list[Run] = []
        self._numbers = itertools.count(1)
        self._listeners: list[Callable[[Run], None]] = []
        self._lock = threading.Lock()
        self._traced = False

    # -- Sequence -------------------------------------------------------------------------------

    @overload
    def __getitem__(self, index: int) -> Run: ...
    @overload
    def __getitem__(self, index: slice) -> list[Run]: ...
    def __getitem__(self, index: int | slice) -> Run | list[Run]:
        return self._runs[index]

    def __len__(self) -> int:
        return len(self._runs)

    def __iter__(self) -> Iterator[Run]:
        return iter(list(self._runs))

    def __repr__(self) -> str:
        return f"<RunLog {len(self)} runs>"

    def for_thread(self, thread_id: str) -> list[Run]:
        return [run for run in self._runs if run.thread_id == thread_id]

    def to_dict(self) -> list[dict[str, Any]]:
        return [run.to_dict() for run in self]

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    def _repr_html_(self) -> str:
        from .timeline import render_log

        return render_log(list(self._runs))

    def subscribe(self, listener: Callable[[Run], None]) -> Callable[[], None]:
        """Call `listener(run)` whenever a run starts, changes or ends (from any thread)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- recording ------------------------------------------------------------------------------

    def record(
        self, request: Any, stream: AsyncGenerator[bytes, None]
    ) -> AsyncGenerator[bytes, None]:
        """The server hook: `stream` (a request's SSE frames) recorded as one run, if the request
        makes the chat answer; other requests pass through untouched."""
        if getattr(request, "type", None) not in RECORDED:
            return stream
        if not self._traced:
            from .tracing import install

            install()
            self._traced = True
        return self._recorded(request, stream)

    async def _recorded(
        self, request: Any, stream: AsyncGenerator[bytes, None]
    ) -> AsyncGenerator[bytes, None]:
        run = self._start(request)
        token = current_run.set(run)
        try:
            async for chunk in stream:
                run._observe(chunk)
                yield chunk
        except BaseException as exc:
            cancelled = not isinstance(exc, Exception)  # CancelledError, GeneratorExit
            run._finish("cancelled" if cancelled else "error", None if cancelled else exc)
            raise
        else:
            run._finish("ok")
        finally:
            with contextlib.suppress(ValueError):  # closed from another context: nothing to reset
                current_run.reset(token)

    def _start(self, request: Any) -> Run:
        params = getattr(request, "params", None)
        kind = request.type
        thread_id = getattr(params, "thread_id", None)
        run = Run(
            id=f"run_{uuid.uuid4().hex[:16]}",
            number=next(self._numbers),
            request=kind,
            thread_id=thread_id,
            input=None,
            started_at=time.time(),
            _log=self,
        )
        if kind in ("threads.create", "threads.add_user_message"):
            run.input = redact_text(_input_text(getattr(params, "input", None)))
        elif kind == "threads.retry_after_item":
            item_id = getattr(params, "item_id", None)
            earlier = next((r for r in reversed(self._runs) if r.user_item_id == item_id), None)
            run.user_item_id = item_id
            if earlier is not None:
                run.input, run.rerun_of = earlier.input, earlier.number
        elif kind == "threads.add_client_tool_output":
            result = redact(getattr(params, "result", None))
            run.input = _short(json.dumps(result, default=str), 2000)
        with self._lock:
            self._runs.append(run)
            del self._runs[: max(0, len(self._runs) - self.limit)]
        self._notify(run)
        return run

    async def client_tool(self, name: str, params: Any, call: Awaitable[Any]) -> Any:
        """Record a `@chat.client_tool` function's execution on the run that asked for it."""
        run = next((r for r in reversed(self._runs) if name in r._client_calls), None)
        if run is None:
            return await call
        span = run.open_span(
            f"span_{uuid.uuid4().hex[:24]}",
            None,
            "client_tool",
            name,
            {"arguments": redact(params)},
        )
        try:
            result = await call
        except BaseException as exc:
            run.close_span(span.id, error={"message": f"{type(exc).__name__}: {exc}"})
            raise
        run.close_span(span.id, data={"output": redact(result)})
        return result

    def _forget_traces(self, run: Run) -> None:
        from .tracing import forget

        forget(run._trace_ids)

    def _notify(self, run: Run) -> None:
        for listener in list(self._listeners):
            with contextlib.suppress(Exception):  # a view must never break a chat turn
                listener(run)


def _input_text(user_input: Any) -> str:
    parts = []
    for content in getattr(user_input, "content", None) or []:
        text = getattr(content, "text", None)
        if isinstance(text, str):
            parts.append(f"@{text}" if getattr(content, "type", "") == "input_tag" else text)
    return "".join(parts)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
