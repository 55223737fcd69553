"""The agents SDK tracing processor behind `chat.runs`: local traces, nothing exported unasked.

One process-wide `WorkbenchProcessor` takes the place of the SDK's default (exporting) processor.
A trace that starts while a chat turn is running (`runs.current_run`, set by our servers) is
filed under that turn: its spans become `Span` records with their inputs, outputs, usage and
errors, redacted. Such a trace reaches the SDK's exporter (and so OpenAI) only if that chat was
created with `export_traces=True`; traces started outside our chats go to the exporter exactly as
before, so the user's own `Runner.run` calls keep the SDK's behaviour.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

from agents.tracing import (
    TracingProcessor,
    add_trace_processor,
    get_trace_provider,
    set_trace_processors,
)
from agents.tracing.processors import default_processor
from agents.tracing.span_data import (
    AgentSpanData,
    CustomSpanData,
    FunctionSpanData,
    GenerationSpanData,
    GuardrailSpanData,
    HandoffSpanData,
    ResponseSpanData,
    SpanData,
    TaskSpanData,
    TurnSpanData,
)
from agents.tracing.spans import Span as SdkSpan
from agents.tracing.traces import Trace

from ..redaction import register_environment
from .runs import Run, current_run, redact


class WorkbenchProcessor(TracingProcessor):
    """Files each span of a chat turn under its `Run`; forwards to `exporter` what may leave."""

    def __init__(self, exporter: TracingProcessor | None) -> None:
        self.exporter = exporter
        self._runs: dict[str, Run] = {}  # trace id -> the run it belongs to

    def on_trace_start(self, trace: Trace) -> None:
        run = current_run.get()
        if run is not None:
            self._runs[trace.trace_id] = run
            run._trace_ids.add(trace.trace_id)
        if self._exports(run):
            self.exporter.on_trace_start(trace)  # type: ignore[union-attr]

    def on_trace_end(self, trace: Trace) -> None:
        run = self._runs.pop(trace.trace_id, None)
        if self._exports(run):
            self.exporter.on_trace_end(trace)  # type: ignore[union-attr]

    def on_span_start(self, span: SdkSpan[Any]) -> None:
        run = self._runs.get(span.trace_id)
        if run is not None:
            data = span.span_data
            run.open_span(span.span_id, span.parent_id, _kind(data), _name(data), _start(data))
        if self._exports(run):
            self.exporter.on_span_start(span)  # type: ignore[union-attr]

    def on_span_end(self, span: SdkSpan[Any]) -> None:
        run = self._runs.get(span.trace_id)
        if run is not None:
            data = span.span_data
            run.close_span(
                span.span_id,
                name=_name(data),
                data=_end(data),
                later=_later(data),
                error=span.error,  # type: ignore[arg-type]
            )
        if self._exports(run):
            self.exporter.on_span_end(span)  # type: ignore[union-attr]

    def shutdown(self) -> None:
        if self.exporter is not None:
            self.exporter.shutdown()

    def force_flush(self) -> None:
        if self.exporter is not None:
            self.exporter.force_flush()

    def forget(self, trace_ids: Iterable[str]) -> None:
        for trace_id in trace_ids:
            self._runs.pop(trace_id, None)

    def _exports(self, run: Run | None) -> bool:
        if self.exporter is None:
            return False
        return run is None or (run._log is not None and run._log.export)


class _Installed:
    lock = threading.Lock()
    processor: WorkbenchProcessor | None = None


def install() -> WorkbenchProcessor:
    """Register the processor once per process, in place of the SDK's default one.

    Other processors the user registered stay. If the SDK's list cannot be read (a future
    version), the processor is added beside the default one: local runs still work, and export
    is then the SDK's business.
    """
    with _Installed.lock:
        if _Installed.processor is not None:
            return _Installed.processor
        register_environment()
        provider = get_trace_provider()
        multi = getattr(provider, "_multi_processor", None)
        current = getattr(multi, "_processors", None)
        if isinstance(current, tuple):
            default = default_processor()
            others = [p for p in current if p is not default]
            processor = WorkbenchProcessor(default if default in current else None)
            set_trace_processors([processor, *others])
        else:
            processor = WorkbenchProcessor(None)
            add_trace_processor(processor)
        _Installed.processor = processor
        return processor


def forget(trace_ids: Iterable[str]) -> None:
    """Drop the trace → run entries of a finished run (a cancelled run may leave its trace open)."""
    if _Installed.processor is not None:
        _Installed.processor.forget(trace_ids)


# -- span data → plain, redacted data ----------------------------------------------------------


def _kind(data: SpanData) -> str:
    kind = data.type
    return kind if isinstance(kind, str) else "custom"


def _name(data: SpanData) -> str:
    if isinstance(data, AgentSpanData | FunctionSpanData | GuardrailSpanData | CustomSpanData):
        return data.name
    if isinstance(data, TurnSpanData):
        return f"turn {data.turn} · {data.agent_name}"
    if isinstance(data, TaskSpanData):
        return data.name
    if isinstance(data, HandoffSpanData):
        return f"{data.from_agent} → {data.to_agent}"
    if isinstance(data, ResponseSpanData):
        response = data.response
        return f"model {response.model}" if response is not None else "model"
    if isinstance(data, GenerationSpanData):
        return f"model {data.model}" if data.model else "model"
    exported = data.export()
    return str(exported.get("name") or _kind(data))


def _start(data: SpanData) -> dict[str, Any]:
    """What is known when a span starts (a tool's arguments arrive with its start)."""
    if isinstance(data, FunctionSpanData):
        return {"arguments": redact(_maybe_json(data.input))}
    return {}


def _end(data: SpanData) -> dict[str, Any]:
    """What a span's record holds from its end on (small: names, usage, tool arguments)."""
    if isinstance(data, ResponseSpanData):
        response = data.response
        out: dict[str, Any] = {}
        if response is not None:
            out["model"] = response.model
        if data.usage is not None:
            out["usage"] = dict(data.usage)
        elif response is not None and response.usage is not None:
            out["usage"] = _plain(response.usage)
        return redact(out)  # type: ignore[no-any-return]
    if isinstance(data, GenerationSpanData):
        return redact({"model": data.model, "usage": data.usage})  # type: ignore[no-any-return]
    if isinstance(data, FunctionSpanData):
        return redact(  # type: ignore[no-any-return]
            {
                "arguments": _maybe_json(data.input),
                "output": _maybe_json(data.output),
                **({"mcp": data.mcp_data} if data.mcp_data else {}),
            }
        )
    if isinstance(data, TaskSpanData | TurnSpanData):
        return redact({"usage": data.usage} if data.usage else {})  # type: ignore[no-any-return]
    exported = data.export()
    exported.pop("type", None)
    if isinstance(data, CustomSpanData | AgentSpanData | FunctionSpanData | GuardrailSpanData):
        exported.pop("name", None)
    return redact(exported)  # type: ignore[no-any-return]


def _later(data: SpanData) -> Callable[[], dict[str, Any]] | None:
    """A model call's input and output: converted and redacted when first read."""
    if isinstance(data, ResponseSpanData):
        response = data.response

        def response_io() -> dict[str, Any]:
            out = {"input": _plain(data.input)}
            if response is not None:
                out |= {"response_id": response.id, "output": _plain(response.output)}
            return redact(out)  # type: ignore[no-any-return]

        return response_io
    if isinstance(data, GenerationSpanData):
        generation = data
        return lambda: redact(
            {
                "input": generation.input,
                "output": generation.output,
                "model_config": generation.model_config,
            }
        )
    return None


def _maybe_json(value: Any) -> Any:
    """Tool arguments and outputs are JSON text more often than not: keep them structured."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", exclude_none=True)
    return value
