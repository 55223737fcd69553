"""Evaluation cases: from a list, a JSONL file or a CSV file; each one turn or several.

```python
{"input": "Weather in Paris?", "expect": {"contains": "Paris", "called_tool": "get_weather"}}
{"turns": ["My name is Ada.", "What is my name?"], "expect": {"contains": "Ada"}}
"Hello"                                   # a bare string: one turn, no expectations
```

A CSV file has an `input` column (or `turns`, a JSON list), optional `id`, and one column per
expectation (`contains`, `equals`, `regex`, `not_contains`, `called_tool`, `json_schema`,
`rubric`); other columns become the case's `metadata`.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class ToolExpectation(BaseModel):
    """A tool the agent must call: its name, and arguments that must be among the call's."""

    model_config = ConfigDict(extra="forbid")

    name: str
    arguments: dict[str, Any] | None = None


class Expect(BaseModel):
    """What a case's answer must satisfy; each key becomes a grader of that case."""

    model_config = ConfigDict(extra="forbid")

    contains: str | list[str] | None = None
    not_contains: str | list[str] | None = None
    equals: str | None = None
    regex: str | None = None
    json_schema: dict[str, Any] | None = None
    called_tool: str | ToolExpectation | list[str | ToolExpectation] | None = None
    rubric: str | None = None  # graded by the `judge(...)` among the evaluation's graders


class Case(BaseModel):
    """One conversation to run on a fresh thread, and what its answer must satisfy."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    input: str | None = None
    turns: list[str] | None = Field(default=None, min_length=1)
    expect: Expect = Field(default_factory=Expect)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_conversation(self) -> Case:
        if (self.input is None) == (self.turns is None):
            raise ValueError("a case needs exactly one of input (one turn) or turns (a list)")
        return self

    @property
    def inputs(self) -> list[str]:
        """The user messages, in order."""
        return list(self.turns) if self.turns is not None else [str(self.input)]

    @property
    def label(self) -> str:
        return self.id or self.inputs[0]


CaseSource = str | os.PathLike[str] | Iterable[Case | Mapping[str, Any] | str]
CSV_EXPECT = frozenset(Expect.model_fields)


class CaseError(ValueError):
    """A case could not be read; the message names the case (or line) and the problem."""


def load_cases(source: CaseSource) -> list[Case]:
    """Cases from a list (dicts, strings, `Case`s) or the path of a `.jsonl` / `.csv` file."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            raise CaseError(f"no case file at {path}")
        if path.suffix.lower() == ".csv":
            return _from_csv(path)
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            return _from_jsonl(path)
        raise CaseError(f"{path}: cases are read from .jsonl or .csv files")
    cases = [_case(item, f"case {i}") for i, item in enumerate(source)]
    if not cases:
        raise CaseError("no cases to evaluate")
    return cases


def _case(item: object, where: str) -> Case:
    if isinstance(item, Case):
        return item
    if isinstance(item, str):
        return Case(input=item)
    if not isinstance(item, Mapping):
        raise CaseError(f"{where}: a case is a dict or a string, got {type(item).__name__}")
    try:
        return Case.model_validate(dict(item))
    except ValidationError as exc:
        raise CaseError(f"{where}: {_describe(exc)}") from None


def _from_jsonl(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise CaseError(f"{path.name} line {number}: not JSON ({exc})") from None
        cases.append(_case(item, f"{path.name} line {number}"))
    if not cases:
        raise CaseError(f"{path.name} holds no cases")
    return cases


def _from_csv(path: Path) -> list[Case]:
    with path.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    if not rows:
        raise CaseError(f"{path.name} holds no cases")
    columns = set(rows[0])
    if not columns & {"input", "turns"}:
        raise CaseError(f"{path.name}: needs an 'input' (or 'turns') column; has {sorted(columns)}")
    return [_csv_case(row, f"{path.name} line {number}") for number, row in enumerate(rows, 2)]


def _csv_case(row: dict[str, str], where: str) -> Case:
    item: dict[str, Any] = {"expect": {}, "metadata": {}}
    for column, value in row.items():
        if value is None or value == "":
            continue
        if column in ("input", "id"):
            item[column] = value
        elif column == "turns":
            item["turns"] = _json_cell(value, column, where)
        elif column in CSV_EXPECT:
            json_like = column in ("json_schema", "called_tool") and value[:1] in "{["
            item["expect"][column] = _json_cell(value, column, where) if json_like else value
        else:
            item["metadata"][column] = value
    return _case(item, where)


def _json_cell(value: str, column: str, where: str) -> Any:
    try:
        return json.loads(value)
    except ValueError as exc:
        raise CaseError(f"{where}: column {column!r} must hold JSON ({exc})") from None


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors(include_url=False)[:5]:
        where = ".".join(str(p) for p in error["loc"])
        if error["type"] == "extra_forbidden":
            parent = Expect if error["loc"][:1] == ("expect",) else Case
            allowed = ", ".join(parent.model_fields)
            problems.append(f"unknown key {where!r} (allowed: {allowed})")
        else:
            problems.append(f"{where + ': ' if where else ''}{error['msg']}")
    return "; ".join(problems)
