"""`compare(targets, cases, graders)`: the same cases and graders on several targets, side by
side, with the cases whose outcome or answer differs marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from .cases import CaseSource, load_cases
from .evaluate import Graders, evaluate, target_name
from .progress import Progress
from .results import CELL, TABLE_STYLE, Results, grade_chip, summary_html
from .timeline import STYLE

PREVIEW = 90


@dataclass
class Comparison:
    """One `Results` per target, over the same cases (`results[name].cases[i]` line up)."""

    results: dict[str, Results]

    @property
    def names(self) -> list[str]:
        return list(self.results)

    @property
    def differences(self) -> list[int]:
        """Indexes of the cases whose pass/fail or answer is not the same on every target."""
        columns = list(self.results.values())
        out = []
        for i in range(len(columns[0].cases) if columns else 0):
            outcomes = {(r.cases[i].passed, r.cases[i].output.strip()) for r in columns}
            if len(outcomes) > 1:
                out.append(i)
        return out

    @property
    def best(self) -> str:
        """The target with the highest pass rate (the first one on a tie)."""
        return max(self.results, key=lambda name: self.results[name].pass_rate)

    def to_pandas(self) -> Any:
        """One row per case; per target a `<target>.output`, `.passed` and `.score` column."""
        from .results import _pandas

        rows = []
        columns = list(self.results.items())
        for i in range(len(columns[0][1].cases) if columns else 0):
            first = columns[0][1].cases[i]
            row: dict[str, Any] = {"index": i, "id": first.case.id, "input": first.case.inputs[0]}
            for name, results in columns:
                case = results.cases[i]
                row[f"{name}.output"] = case.output
                row[f"{name}.passed"] = case.passed
                row[f"{name}.score"] = case.score
            row["differs"] = i in self.differences
            rows.append(row)
        return _pandas().DataFrame(rows).set_index("index")

    def __repr__(self) -> str:
        rates = ", ".join(f"{n} {r.pass_rate:.0%}" for n, r in self.results.items())
        return f"<Comparison {rates}; {len(self.differences)} cases differ>"

    def _repr_html_(self) -> str:
        summaries = "".join(
            f"<div>{summary_html(r, name=f'comparison.results[{n!r}]')}</div>"
            for n, r in self.results.items()
        )
        return STYLE + f'<div class="ckwb">{summaries}{self._table()}</div>'

    def _table(self) -> str:
        columns = list(self.results.items())
        if not columns:
            return ""
        differs = set(self.differences)
        head = ["#", "case", *[name for name, _ in columns], ""]
        rows = ["<tr>" + "".join(f'<th style="{CELL}">{escape(h)}</th>' for h in head) + "</tr>"]
        for i, first in enumerate(columns[0][1].cases):
            cells = [str(i), escape(_clip(" → ".join(first.case.inputs)))]
            for _name, results in columns:
                case = results.cases[i]
                marks = " ".join(grade_chip(g) for g in case.grades)
                status = "" if case.passed else f' <b class="ckwb-err">{escape(case.status)}</b>'
                cells.append(
                    f'{escape(_clip(case.output))}{status}<div class="ckwb-muted">{marks}</div>'
                )
            cells.append('<b title="the targets disagree">≠</b>' if i in differs else "")
            tint = "background:#fff8c5;" if i in differs else ""
            rows.append(
                f'<tr style="{tint}">'
                + "".join(f'<td style="{CELL}">{c}</td>' for c in cells)
                + "</tr>"
            )
        note = f'<div class="ckwb-muted">{len(differs)} of {len(columns[0][1].cases)} cases differ'
        return note + f'</div><table style="{TABLE_STYLE}">{"".join(rows)}</table>'


async def compare(
    targets: Mapping[str, Any] | Sequence[Any],
    cases: CaseSource,
    graders: Graders = (),
    *,
    concurrency: int = 4,
    timeout: float | None = None,
    progress: Progress | bool | None = None,
) -> Comparison:
    """Evaluate each target (a name → target mapping, or a list) on the same cases and graders,
    one target after the other, and line the results up."""
    named = dict(targets) if isinstance(targets, Mapping) else _names(targets)
    if not named:
        raise ValueError("compare() needs at least one target")
    loaded = load_cases(cases)
    bar = progress if isinstance(progress, Progress) else Progress(show=progress)
    results: dict[str, Results] = {}
    try:
        for name, target in named.items():
            if bar.stopped:
                break
            results[name] = await evaluate(
                target,
                loaded,
                graders,
                concurrency=concurrency,
                timeout=timeout,
                progress=bar,
                name=name,
            )
    finally:
        if bar is not progress:
            bar.finish()
    return Comparison(results)


def _names(targets: Sequence[Any]) -> dict[str, Any]:
    named: dict[str, Any] = {}
    for target in targets:
        name = target_name(target)
        unique, n = name, 2
        while unique in named:
            unique, n = f"{name} ({n})", n + 1
        named[unique] = target
    return named


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"
