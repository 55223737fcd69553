"""Graders: a case's result in, a `Grade` (passed, score, reason) out.

Built-ins: `contains`, `not_contains`, `equals`, `regex`, `json_schema`, `called_tool`, `judge`
(an LLM with a rubric, through any agents `Model`, model name or OpenAI-compatible endpoint).
Any function `(case, result) -> bool | float | Grade` (sync or async) is a grader too. A case's
`expect` keys become that case's graders (`graders_for`); `graders=` apply to every case.
"""

from __future__ import annotations

import inspect
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .optional import require

if TYPE_CHECKING:
    from .cases import Case, ToolExpectation
    from .results import CaseResult


@dataclass
class Grade:
    """One grader's verdict on one case. `score` is in [0, 1]; it defaults to 1 or 0."""

    passed: bool
    score: float | None = None
    reason: str = ""
    grader: str = ""

    def __post_init__(self) -> None:
        if self.score is None:
            self.score = 1.0 if self.passed else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "grader": self.grader,
            "passed": self.passed,
            "score": self.score,
            "reason": self.reason,
        }


GradeFunction = Callable[..., Any]


class Grader:
    """A named check of a case's result. `grade` returns None when it does not apply."""

    name = "grader"

    async def grade(self, case: Case, result: CaseResult) -> Grade | None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<grader {self.name}>"


# -- text ---------------------------------------------------------------------------------------


class _Contains(Grader):
    def __init__(self, texts: Iterable[str], *, case_sensitive: bool, negate: bool) -> None:
        self.texts = list(texts)
        self.case_sensitive = case_sensitive
        self.negate = negate
        self.name = "not_contains" if negate else "contains"

    async def grade(self, case: Case, result: CaseResult) -> Grade:
        output = result.output if self.case_sensitive else result.output.casefold()
        found = [t for t in self.texts if (t if self.case_sensitive else t.casefold()) in output]
        if self.negate:
            return Grade(not found, reason=f"found {found!r}" if found else "")
        missing = [t for t in self.texts if t not in found]
        return Grade(not missing, reason=f"missing {missing!r}" if missing else "")


def contains(*texts: str, case_sensitive: bool = False) -> Grader:
    """The answer contains every one of `texts` (ignoring case unless told)."""
    return _Contains(texts, case_sensitive=case_sensitive, negate=False)


def not_contains(*texts: str, case_sensitive: bool = False) -> Grader:
    """The answer contains none of `texts`."""
    return _Contains(texts, case_sensitive=case_sensitive, negate=True)


class _Equals(Grader):
    name = "equals"

    def __init__(self, text: str, *, strip: bool, case_sensitive: bool) -> None:
        self.text, self.strip, self.case_sensitive = text, strip, case_sensitive

    async def grade(self, case: Case, result: CaseResult) -> Grade:
        want, got = self.text, result.output
        if self.strip:
            want, got = want.strip(), got.strip()
        if not self.case_sensitive:
            want, got = want.casefold(), got.casefold()
        return Grade(want == got, reason="" if want == got else f"expected {self.text!r}")


def equals(text: str, *, strip: bool = True, case_sensitive: bool = True) -> Grader:
    """The answer is exactly `text` (surrounding whitespace ignored unless `strip=False`)."""
    return _Equals(text, strip=strip, case_sensitive=case_sensitive)


class _Regex(Grader):
    name = "regex"

    def __init__(self, pattern: str | re.Pattern[str], flags: int) -> None:
        try:
            self.pattern = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        except re.error as exc:
            raise ValueError(f"regex grader: invalid pattern {pattern!r}: {exc}") from None

    async def grade(self, case: Case, result: CaseResult) -> Grade:
        found = self.pattern.search(result.output) is not None
        return Grade(found, reason="" if found else f"no match for /{self.pattern.pattern}/")


def regex(pattern: str | re.Pattern[str], flags: int = 0) -> Grader:
    """`pattern` matches somewhere in the answer (`re.search`)."""
    return _Regex(pattern, flags)


# -- structure ----------------------------------------------------------------------------------


class _JsonSchema(Grader):
    name = "json_schema"

    def __init__(self, schema: Mapping[str, Any]) -> None:
        validators = _jsonschema()
        try:
            cls = validators.validator_for(schema)
            cls.check_schema(schema)
        except Exception as exc:  # noqa: BLE001 - jsonschema's SchemaError and friends
            raise ValueError(f"json_schema grader: invalid schema: {exc}") from None
        self.validator = cls(schema)

    async def grade(self, case: Case, result: CaseResult) -> Grade:
        text = _strip_fence(result.output)
        try:
            value = json.loads(text)
        except ValueError as exc:
            return Grade(False, reason=f"the answer is not JSON: {exc}")
        errors = sorted(self.validator.iter_errors(value), key=lambda e: list(e.path))
        if not errors:
            return Grade(True)
        first = errors[0]
        where = "/".join(str(p) for p in first.path) or "(root)"
        return Grade(False, reason=f"{where}: {first.message}")


def json_schema(schema: Mapping[str, Any]) -> Grader:
    """The answer is JSON (a ```json fence is allowed) valid against `schema` (needs
    `jsonschema`: pip install 'chatkit-notebook[workbench]')."""
    return _JsonSchema(schema)


class _CalledTool(Grader):
    name = "called_tool"

    def __init__(self, tool: str, arguments: Mapping[str, Any] | None) -> None:
        self.tool, self.arguments = tool, dict(arguments) if arguments is not None else None

    async def grade(self, case: Case, result: CaseResult) -> Grade:
        calls = [c for c in result.tool_calls if c.name == self.tool]
        if not calls:
            called = sorted({c.name for c in result.tool_calls}) or "no tool"
            return Grade(False, reason=f"{self.tool} was not called (called: {called})")
        if self.arguments is None or any(_subset(self.arguments, c.arguments) for c in calls):
            return Grade(True)
        seen = [c.arguments for c in calls]
        return Grade(False, reason=f"{self.tool} called with {seen}, not {self.arguments}")


def called_tool(name: str, arguments: Mapping[str, Any] | None = None) -> Grader:
    """A tool named `name` was called (in any turn), with `arguments` among its arguments."""
    return _CalledTool(name, arguments)


# -- functions ----------------------------------------------------------------------------------


class _Function(Grader):
    def __init__(self, function: GradeFunction, name: str | None, threshold: float) -> None:
        self.function = function
        self.name = name or str(getattr(function, "__name__", "function"))
        self.threshold = threshold

    async def grade(self, case: Case, result: CaseResult) -> Grade | None:
        value = self.function(case, result)
        if inspect.isawaitable(value):
            value = await value
        return to_grade(value, self.threshold, self.name)


def grader(function: GradeFunction, *, name: str | None = None, threshold: float = 0.5) -> Grader:
    """A function `(case, result) -> bool | float | Grade | None` as a named grader; a float
    score passes at `threshold` or above; None means "does not apply"."""
    return _Function(function, name, threshold)


def to_grade(value: object, threshold: float, name: str) -> Grade | None:
    if value is None or isinstance(value, Grade):
        return value
    if isinstance(value, bool):
        return Grade(value)
    if isinstance(value, int | float) and not math.isnan(value):
        score = float(value)
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"grader {name} returned the score {score}: scores are in [0, 1]")
        return Grade(score >= threshold, score=score)
    raise TypeError(
        f"grader {name} returned {type(value).__name__}: return a bool, a float in [0, 1], "
        "a Grade or None"
    )


# -- an LLM judge -------------------------------------------------------------------------------

JUDGE_INSTRUCTIONS = """You grade one answer of an AI assistant against a rubric.
Read the conversation and the answer, then reply with one JSON object and nothing else:
{"passed": true or false, "score": a number from 0 to 1, "reason": "one short sentence"}

Rubric:
"""


class _Judge(Grader):
    name = "judge"

    def __init__(
        self,
        rubric: str | None,
        *,
        model: Any,
        threshold: float,
        base_url: str | None,
        api_key: str | None,
        api: str | None,
    ) -> None:
        if model is None:
            raise TypeError(
                "judge() needs model=: a model name, an agents Model (e.g. ScriptedModel), "
                "or a name with base_url= for an OpenAI-compatible endpoint"
            )
        self.rubric, self.model, self.threshold = rubric, model, threshold
        self._endpoint = {"base_url": base_url, "api_key": api_key, "api": api}
        self._provider: Any = None  # ChatModels, built on first use (it imports openai)

    async def grade(self, case: Case, result: CaseResult) -> Grade | None:
        rubric = self.rubric or case.expect.rubric
        if rubric is None:
            return None
        from agents import Agent, RunConfig, Runner

        from ..servers.models import ChatModels

        agent: Agent[Any] = Agent(
            name="judge", instructions=JUDGE_INSTRUCTIONS + rubric, model=self.model
        )
        if self._provider is None:
            self._provider = ChatModels(**self._endpoint)  # type: ignore[arg-type]
        config = RunConfig(
            model_provider=self._provider,
            tracing_disabled=True,  # a judge's calls are not the chat's runs, nor exported
        )
        answer = await Runner.run(agent, _judge_prompt(case, result), run_config=config)
        return _verdict(str(answer.final_output), self.threshold)


def judge(
    rubric: str | None = None,
    *,
    model: Any = None,
    threshold: float = 0.5,
    base_url: str | None = None,
    api_key: str | None = None,
    api: str | None = None,
) -> Grader:
    """An LLM grades the answer against `rubric` (default: each case's `expect.rubric`).

    `model` is an agents `Model` (any provider, or `ScriptedModel` in tests) or a model name,
    resolved like `ChatKit(agent=..., model=..., base_url=..., api_key=...)`. The judge answers
    JSON `{"passed", "score", "reason"}`; a score alone passes at `threshold`.
    """
    return _Judge(
        rubric, model=model, threshold=threshold, base_url=base_url, api_key=api_key, api=api
    )


def _judge_prompt(case: Case, result: CaseResult) -> str:
    lines = ["Conversation:"]
    for turn in result.turns:
        lines += [f"User: {turn.input}", f"Assistant: {turn.output}"]
    if not result.turns:
        lines += [f"User: {text}" for text in case.inputs]
    expected = case.expect.model_dump(exclude_none=True, exclude={"rubric"})
    if expected:
        lines.append(f"Expected: {json.dumps(expected)}")
    lines.append(f"\nAnswer to grade:\n{result.output}")
    return "\n".join(lines)


def _verdict(text: str, threshold: float) -> Grade:
    match = re.search(r"\{.*\}", text, re.DOTALL)
    try:
        data = json.loads(match.group(0)) if match else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return Grade(False, reason=f"the judge's answer is not a JSON verdict: {text[:200]!r}")
    score = data.get("score")
    score = float(score) if isinstance(score, int | float) else None
    if score is not None:
        score = min(max(score, 0.0), 1.0)
    passed = data.get("passed")
    if not isinstance(passed, bool):
        passed = score is not None and score >= threshold
    return Grade(passed, score=score, reason=str(data.get("reason") or ""))


# -- from a case's expectations -----------------------------------------------------------------


def graders_for(case: Case) -> list[Grader]:
    """The graders a case's `expect` asks for (a rubric is graded by the evaluation's judge)."""
    expect = case.expect
    out: list[Grader] = []
    if expect.contains is not None:
        out.append(contains(*_strings(expect.contains)))
    if expect.not_contains is not None:
        out.append(not_contains(*_strings(expect.not_contains)))
    if expect.equals is not None:
        out.append(equals(expect.equals))
    if expect.regex is not None:
        out.append(regex(expect.regex))
    if expect.json_schema is not None:
        out.append(json_schema(expect.json_schema))
    if expect.called_tool is not None:
        tools = expect.called_tool if isinstance(expect.called_tool, list) else [expect.called_tool]
        out += [_tool_grader(tool) for tool in tools]
    return out


def as_grader(value: Grader | GradeFunction) -> Grader:
    if isinstance(value, Grader):
        return value
    if callable(value):
        return grader(value)
    raise TypeError(f"a grader is a Grader or a function (case, result); got {value!r}")


def _tool_grader(tool: str | ToolExpectation) -> Grader:
    if isinstance(tool, str):
        return called_tool(tool)
    return called_tool(tool.name, tool.arguments)


def _strings(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _subset(expected: Any, actual: Any) -> bool:
    """Every key of `expected` is in `actual` with a matching value (recursively)."""
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(
            k in actual and _subset(v, actual[k]) for k, v in expected.items()
        )
    return bool(expected == actual)


def _strip_fence(text: str) -> str:
    match = re.fullmatch(r"\s*```(?:json)?\s*\n(.*?)\n?```\s*", text, re.DOTALL)
    return match.group(1) if match else text.strip()


def _jsonschema() -> Any:
    return require(
        "jsonschema.validators",
        "the json_schema grader",
        "pip install 'chatkit-notebook[workbench]'",
    )


__all__ = [
    "Grade",
    "Grader",
    "as_grader",
    "called_tool",
    "contains",
    "equals",
    "grader",
    "graders_for",
    "json_schema",
    "judge",
    "not_contains",
    "regex",
]
