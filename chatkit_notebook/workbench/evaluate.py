"""`evaluate(target, cases, graders)`: run every case on a fresh thread, grade it, collect it.

Every target becomes a headless `ChatKit` (`_as_chat`), and every case runs through `chat.ask()`,
the path the chat UI takes, so the runs, the store and the errors are the ones a user would get.
At most `concurrency` cases run at once; a case that raises, streams an error or times out is
recorded as such and the others go on; `Progress.stop()` (the Stop button) cancels the running
cases and returns what finished.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .cases import Case, CaseSource, load_cases
from .graders import Grade, GradeFunction, Grader, as_grader, graders_for
from .progress import Progress
from .results import CaseResult, Results, TurnResult

if TYPE_CHECKING:
    from ..bridge.headless import Reply
    from ..widget import ChatKit

Graders = Sequence[Grader | GradeFunction]
MAX_CLIENT_TOOL_CALLS = 20  # per turn; a model that never stops calling them is cut off here


async def evaluate(
    target: Any,
    cases: CaseSource,
    graders: Graders = (),
    *,
    concurrency: int = 4,
    timeout: float | None = None,
    progress: Progress | bool | None = None,
    name: str | None = None,
) -> Results:
    """Run `cases` against `target` and grade each answer.

    `target`: a `ChatKit`, an agents `Agent`, a respond function, or the path of an exported
    Agent Builder workflow (a `ChatKit(workflow=...)` works too). `cases`: a list, or the path of
    a `.jsonl` / `.csv` file (see `cases.py`). `graders` apply to every case, beside the graders
    each case's `expect` asks for. `timeout` bounds one case, in seconds. `progress`: None shows
    a bar with a Stop button in a notebook; pass a `Progress` to stop from code.
    """
    if not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be a positive integer, got {concurrency!r}")
    loaded = load_cases(cases)
    shared = [as_grader(g) for g in graders]
    _check_rubrics(loaded, shared)
    chat, owned = _as_chat(target)
    bar = progress if isinstance(progress, Progress) else Progress(show=progress)
    label = name or target_name(target)
    try:
        return await _evaluate(
            chat,
            cases=loaded,
            shared=shared,
            concurrency=concurrency,
            timeout=timeout,
            bar=bar,
            label=label,
        )
    finally:
        if bar is not progress:
            bar.finish()
        if owned:
            chat.close()


async def _evaluate(
    chat: ChatKit,
    *,
    cases: list[Case],
    shared: list[Grader],
    concurrency: int,
    timeout: float | None,
    bar: Progress,
    label: str,
) -> Results:
    started = time.perf_counter()
    results: list[CaseResult | None] = [None] * len(cases)
    pending = iter(enumerate(cases))
    running: set[asyncio.Task[CaseResult]] = set()
    loop = asyncio.get_running_loop()

    def cancel_running() -> None:
        for task in list(running):
            task.cancel()

    def stop_soon() -> None:  # Stop may be clicked on another thread (a kernel subshell)
        loop.call_soon_threadsafe(cancel_running)

    forget = bar.on_stop(stop_soon)
    bar.add(len(cases), label)

    async def worker() -> None:
        for index, case in pending:  # one shared iterator: each worker takes the next case
            if bar.stopped:
                return
            task = asyncio.ensure_future(_run_case(chat, index, case, shared, timeout))
            running.add(task)
            try:
                results[index] = await task
            except asyncio.CancelledError:
                if not bar.stopped:
                    raise  # the evaluation itself was cancelled
                return
            finally:
                running.discard(task)
            bar.advance(results[index].passed)  # type: ignore[union-attr]

    try:
        await asyncio.gather(*(worker() for _ in range(min(concurrency, len(cases)))))
    finally:
        forget()
        cancel_running()
    done = [
        result or CaseResult(index=i, case=cases[i], status="stopped", chat=chat)
        for i, result in enumerate(results)
    ]
    names = list(dict.fromkeys(g.grader for r in done for g in r.grades))
    return Results(
        target=label,
        cases=done,
        graders=names,
        concurrency=concurrency,
        duration=time.perf_counter() - started,
        stopped=bar.stopped,
    )


async def _run_case(
    chat: ChatKit, index: int, case: Case, shared: list[Grader], timeout: float | None
) -> CaseResult:
    result = CaseResult(index=index, case=case, status="error", chat=chat)
    started = time.perf_counter()
    try:
        await asyncio.wait_for(_converse(chat, case, result), timeout)
    except asyncio.TimeoutError:
        result.error = f"timed out after {timeout} s"
    except Exception as exc:  # noqa: BLE001 - one failing case never stops the others
        result.error = f"{type(exc).__name__}: {exc}"
    result.latency = time.perf_counter() - started
    if result.thread_id is not None:
        result.runs = [r for r in chat.runs.for_thread(result.thread_id) if r.status != "running"]
    result.grades = await _grade(case, result, [*graders_for(case), *shared])
    if result.error is None:
        result.status = "passed" if all(g.passed for g in result.grades) else "failed"
    return result


async def _converse(chat: ChatKit, case: Case, result: CaseResult) -> None:
    for text in case.inputs:
        reply = await chat.ask(text, result.thread_id)
        result.thread_id = reply.thread_id
        replies = [reply, *await _client_tools(chat, reply)]
        answer = "\n\n".join(r.text for r in replies if r.text)
        items = [item for r in replies for item in r.items]
        errors = [error for r in replies for error in r.errors]
        result.turns.append(TurnResult(text, answer, items, errors))
        if errors:
            result.error = "; ".join(errors)
            return


async def _client_tools(chat: ChatKit, reply: Reply) -> list[Reply]:
    """Headless, no browser runs the chat's client tools: run its `@chat.client_tool` functions
    as `onClientTool` would and send their results back, until the turn asks for no more."""
    from ..bridge.callbacks import CLIENT_TOOL
    from ..bridge.headless import client_tool_output

    more: list[Reply] = []
    for _ in range(MAX_CLIENT_TOOL_CALLS):
        calls = [i for i in reply.items if i["type"] == "client_tool_call"]
        call = calls[-1] if calls else None
        if call is None or call.get("status") != "pending":
            break
        output = await chat._invoke_callback(
            CLIENT_TOOL, [{"name": call["name"], "params": call["arguments"]}]
        )
        reply = await client_tool_output(chat._bridge, reply.thread_id, output)
        more.append(reply)
    return more


async def _grade(case: Case, result: CaseResult, graders: list[Grader]) -> list[Grade]:
    grades = []
    for grader in graders:
        try:
            grade = await grader.grade(case, result)
        except Exception as exc:  # noqa: BLE001 - a broken grader fails its grade, not the run
            grade = Grade(False, reason=f"the grader raised {type(exc).__name__}: {exc}")
        if grade is not None:
            grade.grader = grade.grader or grader.name
            grades.append(grade)
    return grades


def _check_rubrics(cases: list[Case], graders: list[Grader]) -> None:
    if any(c.expect.rubric for c in cases) and not any(g.name == "judge" for g in graders):
        raise ValueError(
            "some cases have expect.rubric: pass graders=[judge(model=...)] to grade them"
        )


def _as_chat(target: Any) -> tuple[ChatKit, bool]:
    """The target as a headless chat, and whether this evaluation created it (and closes it).

    The one place targets are told apart: a chat is used as is; an agents `Agent` becomes
    `ChatKit(agent=...)`, a path to an exported Agent Builder workflow `ChatKit(workflow=...)`,
    any other callable `ChatKit(respond=...)` (pass `ChatKit(workflow=fn)` for a workflow's
    function).
    """
    from ..widget import ChatKit

    if isinstance(target, ChatKit):
        return target, False
    agents = sys.modules.get("agents")
    if agents is not None and isinstance(target, agents.Agent):
        return ChatKit(agent=target), True
    if isinstance(target, str | os.PathLike):
        return ChatKit(workflow=os.fspath(target)), True
    if callable(target):
        return ChatKit(respond=target), True
    raise TypeError(
        "evaluate() takes a ChatKit, an agents.Agent, a respond function or the path of an "
        f"exported workflow; got {type(target).__name__}"
    )


def target_name(target: Any) -> str:
    agent = getattr(target, "agent", None) if not callable(target) else None
    for candidate in (agent, target):
        name = getattr(candidate, "name", None)
        if isinstance(name, str) and name:
            return name
    if isinstance(target, str | os.PathLike):
        return os.path.basename(os.fspath(target))
    return str(getattr(target, "__name__", type(target).__name__))
