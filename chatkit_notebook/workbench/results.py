"""What an evaluation produced: per case (output, grades, latency, tokens, errors, runs) and a
summary (pass rate, score per grader), as HTML in the cell, pandas, JSONL or assertions."""

from __future__ import annotations

import json
import os
import statistics
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .graders import Grade
from .optional import require
from .runs import USAGE_KEYS, Run, ToolCall
from .timeline import STYLE

if TYPE_CHECKING:
    from ..widget import ChatKit
    from .cases import Case

PREVIEW = 120


@dataclass
class TurnResult:
    """One user message of a case and what the chat answered."""

    input: str
    output: str
    items: list[dict[str, Any]] = field(default_factory=list, repr=False)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "output": self.output, "errors": self.errors}


@dataclass
class CaseResult:
    """One case's outcome. `status` is passed, failed, error (the turn raised or streamed an
    error, or timed out) or stopped (the evaluation was stopped before it finished)."""

    index: int
    case: Case
    status: str
    turns: list[TurnResult] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)
    error: str | None = None
    latency: float = 0.0
    thread_id: str | None = None
    runs: list[Run] = field(default_factory=list, repr=False)
    chat: ChatKit | None = field(default=None, repr=False, compare=False)

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def output(self) -> str:
        """The answer to the last turn (what graders check)."""
        return self.turns[-1].output if self.turns else ""

    @property
    def score(self) -> float | None:
        scores = [g.score for g in self.grades if g.score is not None]
        return statistics.fmean(scores) if scores else None

    @property
    def usage(self) -> dict[str, int]:
        totals = dict.fromkeys(USAGE_KEYS, 0)
        for run in self.runs:
            for key, value in run.usage.items():
                totals[key] += value
        return totals

    @property
    def tool_calls(self) -> list[ToolCall]:
        return [call for run in self.runs for call in run.tool_calls]

    def open(self) -> ChatKit:
        """A chat view of this case's thread, to read it or go on talking."""
        if self.chat is None or self.thread_id is None:
            raise ValueError(f"case {self.case.label!r} has no thread to open ({self.status})")
        from ..widget import ChatKit

        server = self.chat.server
        if server is None:
            raise ValueError("the evaluated chat has no server")
        return ChatKit(server=server, thread_id=self.thread_id)

    def to_dict(self, *, runs: bool = True) -> dict[str, Any]:
        out = {
            "index": self.index,
            "id": self.case.id,
            "case": self.case.model_dump(mode="json", exclude_none=True),
            "status": self.status,
            "passed": self.passed,
            "score": self.score,
            "output": self.output,
            "turns": [t.to_dict() for t in self.turns],
            "grades": [g.to_dict() for g in self.grades],
            "error": self.error,
            "latency": self.latency,
            "usage": self.usage,
            "tool_calls": [c.to_dict() for c in self.tool_calls],
            "thread_id": self.thread_id,
        }
        if runs:
            out["runs"] = [run.to_dict() for run in self.runs]
        return out


@dataclass
class Results:
    """An evaluation of one target on a list of cases."""

    target: str
    cases: list[CaseResult]
    graders: list[str]
    concurrency: int
    duration: float
    stopped: bool = False

    # -- numbers --------------------------------------------------------------------------------

    @property
    def passed(self) -> bool:
        """Every case passed (and the evaluation was not stopped)."""
        return not self.stopped and all(c.passed for c in self.cases)

    @property
    def pass_rate(self) -> float:
        return sum(c.passed for c in self.cases) / len(self.cases) if self.cases else 0.0

    @property
    def failures(self) -> list[CaseResult]:
        """The cases that did not pass (failed, error or stopped), in order."""
        return [c for c in self.cases if not c.passed]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("passed", "failed", "error", "stopped"), 0)
        for case in self.cases:
            out[case.status] += 1
        return out

    def by_grader(self) -> dict[str, dict[str, float]]:
        """Per grader: how many cases it graded, its pass rate and mean score."""
        out: dict[str, dict[str, float]] = {}
        for name in self.graders:
            grades = [g for c in self.cases for g in c.grades if g.grader == name]
            if grades:
                out[name] = {
                    "graded": len(grades),
                    "pass_rate": sum(g.passed for g in grades) / len(grades),
                    "score": statistics.fmean(g.score or 0.0 for g in grades),
                }
        return out

    def latency(self) -> dict[str, float]:
        done = sorted(c.latency for c in self.cases if c.status != "stopped")
        if not done:
            return {}
        return {
            "mean": statistics.fmean(done),
            "p50": done[len(done) // 2],
            "p95": done[min(len(done) - 1, int(len(done) * 0.95))],
        }

    def usage(self) -> dict[str, int]:
        totals = dict.fromkeys(USAGE_KEYS, 0)
        for case in self.cases:
            for key, value in case.usage.items():
                totals[key] += value
        return totals

    def summary(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "cases": len(self.cases),
            "pass_rate": self.pass_rate,
            "counts": self.counts(),
            "graders": self.by_grader(),
            "latency": self.latency(),
            "usage": self.usage(),
            "duration": self.duration,
            "concurrency": self.concurrency,
            "stopped": self.stopped,
        }

    # -- checks ---------------------------------------------------------------------------------

    def assert_pass_rate(self, minimum: float) -> None:
        """Raise AssertionError, listing the failures, if fewer than `minimum` of cases passed."""
        if self.pass_rate >= minimum and self.cases:
            return
        lines = [
            f"{self.target}: pass rate {self.pass_rate:.0%} < {minimum:.0%} "
            f"({len(self.failures)} of {len(self.cases)} cases did not pass)"
        ]
        lines += [f"  #{c.index} {c.case.label!r}: {_why(c)}" for c in self.failures[:20]]
        raise AssertionError("\n".join(lines))

    # -- export ---------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary(), "results": [c.to_dict() for c in self.cases]}

    def to_jsonl(self, path: str | os.PathLike[str], *, runs: bool = True) -> Path:
        """One JSON object per case (with its runs' spans unless `runs=False`)."""
        target = Path(path)
        with target.open("w", encoding="utf-8") as file:
            for case in self.cases:
                file.write(json.dumps({"target": self.target, **case.to_dict(runs=runs)}) + "\n")
        return target

    def to_pandas(self) -> Any:
        """One row per case: id, input, output, status, score, latency, tokens, error, and a
        `<grader>` (passed) and `<grader>.score` column per grader."""
        pandas = _pandas()
        return pandas.DataFrame([self._row(c) for c in self.cases]).set_index("index")

    def _row(self, case: CaseResult) -> dict[str, Any]:
        row: dict[str, Any] = {
            "index": case.index,
            "id": case.case.id,
            "input": "\n".join(case.case.inputs),
            "output": case.output,
            "status": case.status,
            "passed": case.passed,
            "score": case.score,
            "latency": case.latency,
            **{f"{k}": v for k, v in case.usage.items() if k != "requests"},
            "tools": ", ".join(c.name for c in case.tool_calls),
            "error": case.error,
        }
        for grade in case.grades:
            row[grade.grader] = grade.passed
            row[f"{grade.grader}.score"] = grade.score
        return row

    def __repr__(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.counts().items() if v)
        return f"<Results {self.target}: pass rate {self.pass_rate:.0%} ({counts})>"

    def _repr_html_(self) -> str:
        return STYLE + '<div class="ckwb">' + summary_html(self) + cases_html(self) + "</div>"


# -- HTML ---------------------------------------------------------------------------------------

TABLE_STYLE = "border-collapse:collapse;width:100%;margin-top:6px;font-size:12px;table-layout:auto"
CELL = "border-bottom:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top"


def summary_html(results: Results, *, name: str = "results") -> str:
    counts = results.counts()
    latency = results.latency()
    usage = results.usage()
    bits = [
        f"<b>{escape(results.target)}</b>",
        f"<b>{results.pass_rate:.0%}</b> passed",
        ", ".join(f"{v} {k}" for k, v in counts.items() if v),
        f"{results.duration:.1f} s at concurrency {results.concurrency}",
    ]
    if latency:
        bits.append(f"latency p50 {latency['p50']:.2f} s, p95 {latency['p95']:.2f} s")
    if usage["total_tokens"]:
        bits.append(f"{usage['total_tokens']} tokens")
    if results.stopped:
        bits.append('<span class="ckwb-err">stopped</span>')
    graders = " · ".join(
        f"{escape(name)} {g['pass_rate']:.0%} (score {g['score']:.2f})"
        for name, g in results.by_grader().items()
    )
    hint = ""
    if results.failures:
        hint = (
            f'<div class="ckwb-muted">{escape(name)}.failures[0].open() shows a failing case\'s '
            f"thread in a chat; {escape(name)}.to_pandas() for the table</div>"
        )
    return (
        f'<div class="ckwb-head">{" · ".join(bits)}</div>'
        + (f'<div class="ckwb-muted">{graders}</div>' if graders else "")
        + hint
    )


def cases_html(results: Results) -> str:
    head = ["#", "case", "output", *results.graders, "latency", "tokens", "status"]
    rows = ["<tr>" + "".join(f'<th style="{CELL}">{escape(h)}</th>' for h in head) + "</tr>"]
    for case in results.cases:
        grades = {g.grader: g for g in case.grades}
        tint = "" if case.passed else "background:#fff1f0;"
        cells = [
            str(case.index),
            escape(_clip(" → ".join(case.case.inputs), PREVIEW)),
            escape(_clip(case.output, PREVIEW))
            + (f'<div class="ckwb-err">{escape(case.error)}</div>' if case.error else ""),
            *[grade_html(grades.get(name)) for name in results.graders],
            f"{case.latency:.2f} s" if case.status != "stopped" else "",
            str(case.usage["total_tokens"] or ""),
            escape(case.status),
        ]
        rows.append(
            f'<tr style="{tint}">'
            + "".join(f'<td style="{CELL}">{c}</td>' for c in cells)
            + "</tr>"
        )
    return f'<table style="{TABLE_STYLE}">{"".join(rows)}</table>'


def grade_chip(grade: Grade) -> str:
    """A grade with its grader's name, e.g. ✗ contains (the reason on hover)."""
    mark, color = ("✓", "#1a7f37") if grade.passed else ("✗", "#cf222e")
    title = escape(grade.reason, quote=True)
    return f'<span title="{title}" style="color:{color}">{mark} {escape(grade.grader)}</span>'


def grade_html(grade: Grade | None) -> str:
    if grade is None:
        return '<span class="ckwb-muted">·</span>'
    mark = "✓" if grade.passed else "✗"
    color = "#1a7f37" if grade.passed else "#cf222e"
    title = escape(grade.reason, quote=True)
    score = f" {grade.score:.2f}" if grade.score not in (0.0, 1.0, None) else ""
    return f'<span title="{title}" style="color:{color}">{mark}{score}</span>' + (
        f'<div class="ckwb-muted">{escape(_clip(grade.reason, 80))}</div>'
        if grade.reason and not grade.passed
        else ""
    )


def _why(case: CaseResult) -> str:
    if case.error:
        return case.error
    if case.status == "stopped":
        return "stopped before it finished"
    failed = [f"{g.grader}: {g.reason or 'failed'}" for g in case.grades if not g.passed]
    return "; ".join(failed) or case.status


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pandas() -> Any:
    return require("pandas", "to_pandas()", "pip install pandas (results.to_jsonl() needs nothing)")
