"""One answer of a workflow to one message: a task, and the queue its events stream through.

The workflow runs in its own asyncio task, bound (runner.bind) to this run, so each of its
`Runner.run` calls streams here (`stream_agent`). The request that started the run reads the
queue (`stream`) until the workflow returns; when the workflow waits for the browser (an
approval card, a client tool) the request ends with the run paused, and the request that
brings the answer (a widget action, `threads.add_client_tool_output`) reads on. A request that
stops reading before the end (the stop button) cancels the task, which cancels the agent run.

History: an export builds its input from `input_as_text` alone, so every `Runner.run` of the
run gets the thread's earlier turns (converted as for `agent=`) put in front of its input,
unless the input already starts with them (an export that passes `result.to_input_list()` on).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agents import Agent, RunConfig, RunResultStreaming, TResponseInputItem
from agents.run_state import RunState
from chatkit.agents import AgentContext, stream_agent_response
from chatkit.store import Store
from chatkit.types import (
    AssistantMessageItem,
    CustomTask,
    DurationSummary,
    ErrorEvent,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemUpdatedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
)

from ...errors import ErrorLog
from ..output import Output
from ..runs import ModelOverride, ToolTasks, UniqueIds, run_failure, short
from . import runner
from .answer import answer_text
from .approvals import Approvals
from .load import Workflow


@dataclass(frozen=True)
class Waiting:
    """What a paused run waits for: an approval (its id) or a client tool's output."""

    kind: str
    id: str
    future: asyncio.Future[Any]


@dataclass(frozen=True)
class _Paused:
    pass


@dataclass(frozen=True)
class _Finished:
    value: Any = None
    error: BaseException | None = None


class WorkflowRun:
    """`workflow(text)` answering in `thread`, with `history` as the earlier turns."""

    def __init__(
        self,
        workflow: Workflow,
        text: str,
        thread: ThreadMetadata,
        store: Store[Any],
        request_context: Any,
        *,
        history: list[TResponseInputItem],
        override: ModelOverride,
        errors: ErrorLog,
        approvals: Approvals,
        prepare_agent: Callable[[Agent[Any]], Agent[Any]] = lambda agent: agent,
    ) -> None:
        self.workflow = workflow
        self.text = text
        self.thread = thread
        self.agent_context: AgentContext[Any] = AgentContext(
            thread=thread, store=store, request_context=request_context
        )
        self.history = history
        self.approvals = approvals
        self.waiting: Waiting | None = None
        self.finished = False
        self._override = override
        self._errors = errors
        self._prepare_agent = prepare_agent
        self._ids = UniqueIds(self.agent_context.generate_id)
        self._events: asyncio.Queue[ThreadStreamEvent | _Paused | _Finished] = asyncio.Queue()
        self._shown: list[str] = []  # text of every assistant message shown
        self._lock = asyncio.Lock()  # runs started concurrently stream one after the other
        self._forwarded: dict[str, asyncio.Event] = {}
        self._task: asyncio.Task[None] | None = None

    # -- the task -----------------------------------------------------------------------------

    def start(self) -> None:
        runner.install()
        token = runner.bind(self)
        try:
            self._task = asyncio.get_running_loop().create_task(self._main())
        finally:
            runner.unbind(token)

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def _main(self) -> None:
        try:
            value = await self.workflow(self.text)
        except asyncio.CancelledError:
            self._events.put_nowait(_Finished(error=asyncio.CancelledError()))
            raise
        except BaseException as exc:  # noqa: BLE001  # the reading request shows or re-raises it
            self._events.put_nowait(_Finished(error=exc))
        else:
            self._events.put_nowait(_Finished(value=value))

    # -- reading ------------------------------------------------------------------------------

    async def stream(self, request_context: Any) -> AsyncIterator[ThreadStreamEvent]:
        """The run's events until it pauses or ends; stopping early cancels the run."""
        self.agent_context.request_context = request_context
        reached_end = False
        try:
            while True:
                item = await self._events.get()
                if isinstance(item, _Paused):
                    reached_end = True
                    return
                if isinstance(item, _Finished):
                    reached_end = True
                    self.finished = True
                    async for event in self._finish(item):
                        yield event
                    return
                yield item
        finally:
            if not reached_end:
                self.cancel()

    async def _finish(self, finished: _Finished) -> AsyncIterator[ThreadStreamEvent]:
        workflow = self.agent_context.workflow_item
        if workflow is not None:  # a task list left open (a structured output was the last step)
            self.agent_context.workflow_item = None
            if workflow.workflow.summary is None:
                seconds = int((datetime.now() - workflow.created_at).total_seconds())
                workflow.workflow.summary = DurationSummary(duration=seconds)
            workflow.workflow.expanded = False
            yield ThreadItemDoneEvent(item=workflow)
        error = finished.error
        if isinstance(error, asyncio.CancelledError):
            return
        if error is not None:
            if not isinstance(error, Exception):
                raise error
            raise run_failure(error, self.workflow.name, self._errors) from error
        text = answer_text(finished.value, self._shown)
        if text is not None:
            output = Output(self.thread, self.agent_context.generate_id, self.workflow.name)
            async for event in output.events(text):
                yield event
            for event in output.close():
                yield event
        elif not self._shown:
            yield ErrorEvent(
                message=f"{self.workflow.name} finished without a reply: it returned "
                f"{finished.value!r} and no agent wrote a message",
                allow_retry=True,
            )

    # -- writing ------------------------------------------------------------------------------

    def emit(self, event: ThreadStreamEvent) -> None:
        if isinstance(event, ThreadItemDoneEvent):
            if isinstance(event.item, AssistantMessageItem):
                self._shown.append("".join(part.text for part in event.item.content))
            forwarded = self._forwarded.pop(event.item.id, None)
            if forwarded is not None:
                forwarded.set()
        self._events.put_nowait(event)

    async def show(self, event: ThreadItemDoneEvent) -> None:
        """Show an item in order with what the current agent run streamed before it."""
        if not runner.in_streamed_run():
            self.emit(event)
            return
        forwarded = self._forwarded[event.item.id] = asyncio.Event()
        await self.agent_context.stream(event)  # stream_agent_response forwards it in order
        await forwarded.wait()

    async def wait(self, kind: str, waiting_id: str) -> Any:
        """Pause the run (the reading request ends) until `answer(...)` resolves the wait."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.waiting = Waiting(kind, waiting_id, future)
        self._events.put_nowait(_Paused())
        try:
            return await future
        finally:
            self.waiting = None

    def answer(self, value: Any) -> bool:
        """Resume a paused run with `value`; False if it was not waiting."""
        waiting = self.waiting
        if waiting is None or waiting.future.done():
            return False
        waiting.future.set_result(value)
        return True

    # -- the workflow's Runner.run calls ------------------------------------------------------

    async def stream_agent(
        self,
        chat_runner: runner.ChatRunner,
        agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any],
        kwargs: dict[str, Any],
    ) -> RunResultStreaming:
        async with self._lock:
            agent = self._prepare_agent(agent)
            options = dict(kwargs)
            if options.get("context") is None:
                options["context"] = self.agent_context
            if options.get("hooks") is None:
                options["hooks"] = ToolTasks(self.agent_context)
            base = options.get("run_config")
            if isinstance(base, dict):
                base = RunConfig(**base)
            options["run_config"] = self._override.run_config(agent, None, base)
            result = chat_runner.start_streamed(agent, self._with_history(input), options)
            hidden: set[str] = set()
            try:
                async for event in stream_agent_response(self.agent_context, result):
                    if await self._hide_structured(event, result, hidden):
                        continue
                    for renamed in self._ids.rename(event):
                        self.emit(renamed)
            finally:
                result.cancel()  # stops the run if the workflow was cancelled; no-op once done
            return result

    def _with_history(self, input: Any) -> Any:
        if not self.history or isinstance(input, RunState):
            return input
        items: list[Any] = (
            [{"role": "user", "content": input}] if isinstance(input, str) else list(input)
        )
        if _starts_with(items, self.history):
            return items
        return [*self.history, *items]

    async def _hide_structured(
        self, event: ThreadStreamEvent, result: RunResultStreaming, hidden: set[str]
    ) -> bool:
        """A structured output (a classifier's JSON) is data for the workflow, not a reply:
        it is shown as a task named after its agent instead of as a message."""
        if isinstance(event, ThreadItemAddedEvent | ThreadItemDoneEvent):
            if not isinstance(event.item, AssistantMessageItem):
                return False
            if event.item.id not in hidden and not _structured(result.current_agent):
                return False
            hidden.add(event.item.id)
            if isinstance(event, ThreadItemDoneEvent):
                text = "".join(part.text for part in event.item.content)
                task = CustomTask(
                    title=result.current_agent.name,
                    icon="sparkle",
                    content=f"Output: {short(_compact(text))}",
                    status_indicator="complete",
                )
                await self.agent_context.add_workflow_task(task)
            return True
        return isinstance(event, ThreadItemUpdatedEvent) and event.item_id in hidden


def _structured(agent: Agent[Any]) -> bool:
    return agent.output_type is not None and agent.output_type is not str


def _compact(text: str) -> str:
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


def _starts_with(items: list[Any], prefix: list[TResponseInputItem]) -> bool:
    if len(items) < len(prefix):
        return False
    return all(_same(a, b) for a, b in zip(items, prefix, strict=False))


def _same(a: Any, b: Any) -> bool:
    try:
        return json.dumps(a, sort_keys=True, default=str) == json.dumps(
            b, sort_keys=True, default=str
        )
    except (TypeError, ValueError):
        return False
