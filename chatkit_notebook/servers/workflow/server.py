"""The in-kernel ChatKit server behind `workflow=`: an Agent Builder export answering a chat.

Each message starts a `WorkflowRun` of `run_workflow`; its `Runner.run` calls stream into the
chat (runner.py) with the thread's earlier turns (run.py). A run paused for an approval card or
a client tool is kept per thread until the answer arrives (a widget action, or
`threads.add_client_tool_output`); a new message in the thread ends it instead.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

from agents import Agent, ModelProvider, ModelSettings, RunContextWrapper
from chatkit.actions import Action
from chatkit.agents import ThreadItemConverter
from chatkit.errors import CustomStreamError
from chatkit.store import AttachmentStore, NotFoundError, Store
from chatkit.types import (
    ClientToolCallItem,
    ThreadItemDoneEvent,
    ThreadItemReplacedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    WidgetItem,
)

from ...bridge.callbacks import ClientTool
from ...errors import ErrorLog
from ..actions import ActionRunner
from ..base import NotebookServer
from ..client_tools import as_function_tool
from ..converter import NotebookConverter
from ..function import HISTORY_ITEMS, message_text, title_from
from ..runs import ModelChoice, ModelOverride
from . import runner
from .approvals import APPROVAL_ACTION, Approvals, answer_payload, card, card_item, request_of
from .load import Workflow
from .run import WorkflowRun

GONE = (
    "The workflow run that called this client tool is no longer running (a new message was "
    "sent, or the chat restarted); send your message again."
)


class WorkflowServer(NotebookServer):
    """Runs an exported workflow per message and streams every agent run it makes.

    `model`, `model_settings` and `models` apply to every agent the workflow runs, as
    `agent=`'s do to its agent; `approvals` answers `approve()` cards headless.
    """

    def __init__(
        self,
        workflow: Workflow,
        store: Store[Any],
        errors: ErrorLog,
        *,
        model: ModelChoice | Any = None,
        model_settings: ModelSettings | Any = None,
        models: ModelProvider | None = None,
        approvals: Approvals | None = None,
        actions: ActionRunner | None = None,
        client_tools: Mapping[str, ClientTool] | None = None,
        attachment_store: AttachmentStore[Any] | None = None,
        converter: ThreadItemConverter | None = None,
    ) -> None:
        super().__init__(store, attachment_store)
        self.workflow = workflow
        self.approvals = approvals or Approvals()
        self._errors = errors
        self._override = ModelOverride(
            model, model_settings, models, trace_locally=lambda: self.runs is not None
        )
        self._actions = actions or ActionRunner({}, store, errors)
        self._client_tools = client_tools if client_tools is not None else {}
        reader = getattr(attachment_store, "read", None)
        self.converter = converter or NotebookConverter(read_attachment=reader)
        self._runs: dict[str, WorkflowRun] = {}  # per thread: the run answering or paused

    async def respond(
        self,
        thread: ThreadMetadata,
        input_user_message: UserMessageItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        if input_user_message is None:  # threads.add_client_tool_output
            async for event in self._client_tool_output(thread, context):
                yield event
            return
        async for event in self._end_previous(thread, context):
            yield event
        text = message_text(input_user_message)
        run = WorkflowRun(
            self.workflow,
            text,
            thread,
            self.store,
            context,
            history=await self._history(thread, input_user_message, context),
            override=self._override,
            errors=self._errors,
            approvals=self.approvals,
            prepare_agent=self._with_client_tools,
        )
        self._runs[thread.id] = run
        run.start()
        async for event in self._read(run, context):
            yield event
        if thread.title is None:
            thread.title = title_from(text)

    def action(
        self,
        thread: ThreadMetadata,
        action: Action[str, Any],
        sender: WidgetItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        if action.type == APPROVAL_ACTION:
            return self._approval(thread, action, sender, context)
        return super().action(thread, action, sender, context)

    async def _read(self, run: WorkflowRun, context: Any) -> AsyncIterator[ThreadStreamEvent]:
        try:
            async for event in run.stream(context):
                yield event
        finally:
            if run.waiting is None and self._runs.get(run.thread.id) is run:
                del self._runs[run.thread.id]  # finished, failed or stopped

    async def _approval(
        self,
        thread: ThreadMetadata,
        action: Action[str, Any],
        sender: WidgetItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        answer = answer_payload(action.payload)
        if answer is None:
            raise CustomStreamError("this approval card sent a malformed answer")
        request_id, approved = answer
        found = self.approvals.take(request_id, thread.id)
        if found is None:
            if sender is not None and (stale := request_of(sender)) is not None:
                widget = card(stale, stale=True)
                yield ThreadItemReplacedEvent(item=sender.model_copy(update={"widget": widget}))
                return
            raise CustomStreamError(
                "This approval is no longer pending. Send your message again to run it again."
            )
        request, run = found
        created = sender.created_at if sender is not None else None
        yield ThreadItemReplacedEvent(item=card_item(request, approved, created_at=created))
        run.answer(approved)
        async for event in self._read(run, context):
            yield event

    async def _client_tool_output(
        self, thread: ThreadMetadata, context: Any
    ) -> AsyncIterator[ThreadStreamEvent]:
        run = self._runs.get(thread.id)
        if run is None or run.waiting is None or run.waiting.kind != "client_tool":
            raise CustomStreamError(GONE, allow_retry=False)
        page = await self.store.load_thread_items(thread.id, None, 1, "desc", context)
        item = page.data[0] if page.data else None
        if not isinstance(item, ClientToolCallItem) or item.id != run.waiting.id:
            raise CustomStreamError(GONE, allow_retry=False)
        run.answer(item.output)
        async for event in self._read(run, context):
            yield event

    async def _end_previous(
        self, thread: ThreadMetadata, context: Any
    ) -> AsyncIterator[ThreadStreamEvent]:
        """A new message ends a run still paused in the thread; its cards say so."""
        previous = self._runs.pop(thread.id, None)
        if previous is None:
            return
        for request in self.approvals.of_run(previous):
            try:
                item = await self.store.load_item(thread.id, request.item_id, context)
            except NotFoundError:  # the card was deleted: nothing to update
                continue
            if isinstance(item, WidgetItem):
                widget = card(request, stale=True)
                yield ThreadItemReplacedEvent(item=item.model_copy(update={"widget": widget}))
        previous.cancel()

    async def _history(
        self, thread: ThreadMetadata, message: UserMessageItem, context: Any
    ) -> list[Any]:
        """The thread's turns before `message`, as agent input."""
        page = await self.store.load_thread_items(thread.id, None, HISTORY_ITEMS, "desc", context)
        earlier = []
        for item in reversed(page.data):
            if item.id == message.id:
                break
            earlier.append(item)
        return list(await self.converter.to_agent_input(earlier)) if earlier else []

    def _with_client_tools(self, agent: Agent[Any]) -> Agent[Any]:
        """Every agent of the workflow is offered the chat's client tools; calling one pauses
        the run until the browser sends the tool's output, which the tool then returns."""
        if not self._client_tools:
            return agent
        existing = {tool.name for tool in agent.tools}
        added = [
            as_function_tool(tool, _wait_for_client(tool))
            for tool in self._client_tools.values()
            if tool.name not in existing
        ]
        return agent.clone(tools=[*agent.tools, *added]) if added else agent


def _wait_for_client(tool: ClientTool) -> Any:
    async def hand_to_client(ctx: RunContextWrapper[Any], arguments: str) -> str:
        run = runner.current_run()
        if run is None:
            raise RuntimeError(f"client tool {tool.name} runs only in a chat")
        tool_call_id = getattr(ctx, "tool_call_id", None) or run.agent_context.generate_id(
            "tool_call"
        )
        item = ClientToolCallItem(
            id=run.agent_context.generate_id("tool_call"),
            thread_id=run.thread.id,
            created_at=datetime.now(),
            name=tool.name,
            arguments=json.loads(arguments or "{}"),
            call_id=tool_call_id,
        )
        await run.show(ThreadItemDoneEvent(item=item))
        output = await run.wait("client_tool", item.id)
        return json.dumps(output, default=str)

    return hand_to_client


__all__ = ["WorkflowServer"]
