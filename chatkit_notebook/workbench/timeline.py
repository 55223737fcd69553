"""A run as HTML: a header (input, output, time, tokens) and its spans as bars to scale.

Plain HTML and CSS, no script: it renders the same in a cell output, an ipywidgets `HTML` (the
inspector) and a saved notebook. Arguments, outputs and model inputs fold into `<details>`.
Every value is escaped here: nothing from a model, a tool or a user becomes markup.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any

from .runs import MODEL_KINDS, TOOL_KINDS, Run, Span

STYLE = """<style>
.ckwb{font:13px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;max-width:100%}
.ckwb-run{border:1px solid #d0d7de;border-radius:8px;margin:6px 0;padding:8px 10px;
  background:#fff}
.ckwb-head{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline}
.ckwb-title{font-weight:600}
.ckwb-muted{color:#656d76;font-size:12px}
.ckwb-badge{border-radius:10px;padding:0 7px;font-size:11px;font-weight:600;color:#fff}
.ckwb-ok{background:#1a7f37}.ckwb-error{background:#cf222e}.ckwb-running{background:#9a6700}
.ckwb-cancelled{background:#6e7781}
.ckwb-io{margin:4px 0;white-space:pre-wrap;word-break:break-word}
.ckwb-io b{color:#656d76;font-weight:600}
.ckwb-err{color:#cf222e;white-space:pre-wrap}
.ckwb-rows{margin-top:6px}
.ckwb-row>summary{display:grid;grid-template-columns:minmax(200px,38%) 1fr 120px;gap:8px;
  align-items:center;cursor:pointer;list-style:none;padding:1px 0}
.ckwb-row>summary::-webkit-details-marker{display:none}
.ckwb-row>summary:hover{background:#f6f8fa}
.ckwb-name{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.ckwb-kind{display:inline-block;min-width:62px;font-size:11px;color:#656d76}
.ckwb-track{position:relative;height:12px;background:#f6f8fa;border-radius:3px}
.ckwb-bar{position:absolute;top:1px;bottom:1px;border-radius:3px;min-width:2px}
.ckwb-num{text-align:right;font-variant-numeric:tabular-nums;font-size:12px;color:#656d76}
.ckwb-detail{margin:2px 0 6px 18px;padding:6px 8px;background:#f6f8fa;border-radius:6px}
.ckwb-detail pre{margin:2px 0 6px;white-space:pre-wrap;word-break:break-word;max-height:320px;
  overflow:auto;font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,monospace}
</style>"""

COLORS = {
    "agent": "#0969da",
    "task": "#8c959f",
    "turn": "#afb8c1",
    "response": "#8250df",
    "generation": "#8250df",
    "function": "#bf8700",
    "client_tool": "#e16f24",
    "handoff": "#1a7f37",
    "guardrail": "#1b7c83",
    "custom": "#57606a",
}
PREVIEW = 160  # characters of input/output shown in a run's header


def render_run(run: Run, *, style: bool = True) -> str:
    return (STYLE if style else "") + f'<div class="ckwb">{run_html(run)}</div>'


def render_log(runs: Sequence[Run]) -> str:
    """Every run, newest first."""
    if not runs:
        return STYLE + '<div class="ckwb ckwb-muted">No runs yet: send a message.</div>'
    return STYLE + '<div class="ckwb">' + "".join(run_html(r) for r in reversed(runs)) + "</div>"


def run_html(run: Run) -> str:
    return (
        f'<div class="ckwb-run" data-run="{run.number}">{_header(run)}'
        f'<div class="ckwb-rows">{_rows(run)}</div></div>'
    )


def _header(run: Run) -> str:
    usage = run.usage
    bits = [f'<span class="ckwb-title">Run #{run.number}</span>', _badge(run.status)]
    if run.rerun_of is not None:
        bits.append(f'<span class="ckwb-muted">rerun of #{run.rerun_of}</span>')
    if run.agent:
        bits.append(f'<span class="ckwb-muted">agent {escape(run.agent)}</span>')
    if run.duration is not None:
        bits.append(f'<span class="ckwb-muted">{_seconds(run.duration)}</span>')
    if usage["total_tokens"]:
        bits.append(
            f'<span class="ckwb-muted">{usage["total_tokens"]} tokens '
            f"({usage['input_tokens']} in, {usage['output_tokens']} out)</span>"
        )
    if run.thread_id:
        bits.append(f'<span class="ckwb-muted">{escape(run.thread_id)}</span>')
    parts = [f'<div class="ckwb-head">{" ".join(bits)}</div>']
    if run.input:
        parts.append(_io("in", run.input))
    if run.output:
        parts.append(_io("out", run.output))
    parts += [f'<div class="ckwb-err">{escape(e)}</div>' for e in run.errors]
    return "".join(parts)


def _io(label: str, text: str) -> str:
    if len(text) <= PREVIEW:
        return f'<div class="ckwb-io"><b>{label}</b> {escape(text)}</div>'
    return (
        f'<details class="ckwb-io"><summary><b>{label}</b> {escape(text[:PREVIEW])}…</summary>'
        f"{escape(text)}</details>"
    )


def _rows(run: Run) -> str:
    start = run.started_at
    end = run.ended_at or max(
        [s.ended_at or s.started_at for s in run.spans] + [start + 1e-3], default=start + 1e-3
    )
    total = max(end - start, 1e-6)
    rows = [_turn_row(run, start, total)]
    for depth, span in run.tree():
        rows.append(_span_row(span, depth + 1, start, total, end))
    return "".join(rows)


def _turn_row(run: Run, start: float, total: float) -> str:
    label = f'<span class="ckwb-kind">{escape(run.request.removeprefix("threads."))}</span>turn'
    detail = {"thread": run.thread_id, "items": run.item_ids or None}
    return _row(
        label,
        0,
        left=0.0,
        width=100.0,
        color="#6e7781",
        number=_seconds(run.duration),
        span_id=None,
        detail=detail,
    )


def _span_row(span: Span, depth: int, start: float, total: float, end: float) -> str:
    left = (span.started_at - start) / total * 100
    width = ((span.ended_at or end) - span.started_at) / total * 100
    color = "#cf222e" if span.error else COLORS.get(span.kind, "#57606a")
    label = f'<span class="ckwb-kind">{escape(span.kind)}</span>{escape(span.name)}'
    if span.kind in TOOL_KINDS and span.data.get("arguments") is not None:
        value = span.data["arguments"]
        arguments = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        label += f'<span class="ckwb-muted">({escape(_clip(arguments, 80))})</span>'
    elif span.kind == "guardrail" and span.data.get("triggered"):
        color = "#cf222e"
    usage = span.usage if span.kind in MODEL_KINDS else None
    tokens = f"{usage.get('total_tokens', 0)} tok · " if usage else ""
    number = tokens + (_seconds(span.duration) if span.duration is not None else "…")
    detail: dict[str, Any] = dict(span.data)
    if span.error:
        detail = {"error": span.error, **detail}
    return _row(
        label,
        depth,
        left=left,
        width=width,
        color=color,
        number=number,
        span_id=span.id,
        detail=detail,
    )


def _row(
    label: str,
    depth: int,
    *,
    left: float,
    width: float,
    color: str,
    number: str,
    span_id: str | None,
    detail: dict[str, Any],
) -> str:
    left = min(max(left, 0.0), 100.0)
    width = min(max(width, 0.3), 100.0 - left)
    bar = (
        f'<div class="ckwb-track"><div class="ckwb-bar" style="left:{left:.2f}%;'
        f'width:{width:.2f}%;background:{color}"></div></div>'
    )
    name = f'<div class="ckwb-name" style="padding-left:{depth * 14}px">{label}</div>'
    attr = f' data-span="{escape(span_id)}"' if span_id else ""
    body = "".join(
        f"<div><b>{escape(key)}</b><pre>{escape(_text(value))}</pre></div>"
        for key, value in detail.items()
        if value not in (None, "", [], {})
    )
    return (
        f'<details class="ckwb-row"{attr}><summary>{name}{bar}'
        f'<span class="ckwb-num">{escape(number)}</span></summary>'
        f'<div class="ckwb-detail">{body or "<i>no data</i>"}</div></details>'
    )


def _badge(status: str) -> str:
    return f'<span class="ckwb-badge ckwb-{escape(status)}">{escape(status)}</span>'


def _seconds(value: float | None) -> str:
    if value is None:
        return "running"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)
