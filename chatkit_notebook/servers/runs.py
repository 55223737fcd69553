"""What `agent=` and `workflow=` share to stream an openai-agents run into ChatKit.

`chatkit.agents.stream_agent_response` turns a streamed run into ChatKit events (text, reasoning
as thoughts, widgets and progress from tools, client tool calls). Around it both servers need:
function tool calls and handoffs shown as workflow tasks, unique item ids for chat-completions
models, the chat's model override as a `RunConfig`, and failures (guardrail trips, a missing
key, hosted tools a model cannot run) turned into readable chat messages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from agents import (
    Agent,
    InputGuardrailTripwireTriggered,
    Model,
    ModelProvider,
    ModelSettings,
    OutputGuardrailTripwireTriggered,
    RunConfig,
    RunContextWrapper,
    RunHooks,
    Tool,
    UserError,
)
from agents.models.fake_id import FAKE_RESPONSES_ID
from agents.tool_context import ToolContext
from chatkit.agents import AgentContext
from chatkit.errors import CustomStreamError
from chatkit.store import StoreItemType
from chatkit.types import (
    CustomTask,
    InferenceOptions,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemRemovedEvent,
    ThreadItemReplacedEvent,
    ThreadItemUpdatedEvent,
    ThreadStreamEvent,
    WorkflowItem,
)

from ..errors import ErrorLog
from .models import ChatModels, ModelNotConfigured, chat_model

SHORT = 200  # characters of a tool result or guardrail detail shown in the chat

T = TypeVar("T")
ModelChoice = str | Model | None


class ModelOverride:
    """The chat's model choice, applied to every agent of a run through its `RunConfig`.

    `model` (a name or an agents `Model`) replaces each agent's model; the composer's model
    picker (`inference_options.model`) replaces it per message; `model_settings` are merged
    over each agent's own; a composer tool that names one of the agent's tools forces it.
    `models` resolves model names (OpenAI, or an OpenAI-compatible endpoint).
    """

    def __init__(
        self,
        model: ModelChoice | Callable[[], ModelChoice] = None,
        model_settings: ModelSettings | Callable[[], ModelSettings | None] | None = None,
        models: ModelProvider | None = None,
        *,
        trace_locally: Callable[[], bool] = lambda: False,
    ) -> None:
        self.model: Callable[[], ModelChoice] = getter(model)
        self.model_settings: Callable[[], ModelSettings | None] = getter(model_settings)
        self.models = models or ChatModels()
        self.trace_locally = trace_locally

    def run_config(
        self,
        agent: Agent[Any],
        options: InferenceOptions | None = None,
        base: RunConfig | None = None,
    ) -> RunConfig:
        """`base` (the caller's own RunConfig) with the chat's model, provider and settings."""
        base = base or RunConfig()
        model = chat_model(self.model()) or base.model
        settings = self.model_settings()
        if options is not None and options.model:
            model = options.model
        tool = options.tool_choice.id if options is not None and options.tool_choice else None
        if tool is not None and tool in {t.name for t in agent.tools}:
            settings = (settings or ModelSettings()).resolve(ModelSettings(tool_choice=tool))
        if base.model_settings is not None:
            settings = base.model_settings.resolve(settings) if settings else base.model_settings
        return dataclasses.replace(
            base,
            model=model,
            model_provider=self.models,
            model_settings=settings,
            # a compatible endpoint's key is not an OpenAI key: don't export traces to OpenAI;
            # a chat that records its runs traces locally and exports only if asked to
            tracing_disabled=base.tracing_disabled
            or (
                not self.trace_locally()
                and isinstance(self.models, ChatModels)
                and not self.models.is_openai
            ),
        )


class ToolTasks(RunHooks[Any]):
    """Shows each function tool call as a workflow task (name and arguments, then the result),
    and each handoff as a task: `stream_agent_response` shows neither.

    `chat` is the AgentContext to show them in; by default the run's own context.
    """

    def __init__(self, chat: AgentContext[Any] | None = None) -> None:
        self._chat = chat
        self._running: dict[str, tuple[WorkflowItem, int, CustomTask]] = {}

    def _context(self, context: RunContextWrapper[Any]) -> AgentContext[Any] | None:
        chat = self._chat or context.context
        return chat if isinstance(chat, AgentContext) else None

    async def on_tool_start(
        self, context: RunContextWrapper[Any], agent: Agent[Any], tool: Tool
    ) -> None:
        chat = self._context(context)
        if not isinstance(context, ToolContext) or chat is None:
            return
        task = CustomTask(
            title=context.tool_name,
            icon="bolt",
            content=f"Arguments: {context.tool_arguments}",
            status_indicator="loading",
        )
        await chat.add_workflow_task(task)
        workflow = chat.workflow_item
        if workflow is not None:
            self._running[context.tool_call_id] = (workflow, len(workflow.workflow.tasks) - 1, task)

    async def on_tool_end(
        self, context: RunContextWrapper[Any], agent: Agent[Any], tool: Tool, result: object
    ) -> None:
        chat = self._context(context)
        if not isinstance(context, ToolContext) or chat is None:
            return
        running = self._running.pop(context.tool_call_id, None)
        if running is None:
            return
        workflow, index, task = running
        client_call = chat.client_tool_call
        handed_over = client_call is not None and client_call.name == context.tool_name
        outcome = "handed to the client" if handed_over else short(result)
        done = task.model_copy(
            update={"content": f"{task.content}\nResult: {outcome}", "status_indicator": "complete"}
        )
        if chat.workflow_item is workflow:
            await chat.update_workflow_task(done, index)
        else:  # something the tool streamed (a widget) ended the workflow: replace the saved one
            workflow.workflow.tasks[index] = done
            await chat.stream(ThreadItemReplacedEvent(item=workflow))

    async def on_handoff(
        self, context: RunContextWrapper[Any], from_agent: Agent[Any], to_agent: Agent[Any]
    ) -> None:
        chat = self._context(context)
        if chat is not None:
            task = CustomTask(
                title=f"Handoff to {to_agent.name}",
                icon="agent",
                content=f"{from_agent.name} handed the conversation to {to_agent.name}.",
                status_indicator="complete",
            )
            await chat.add_workflow_task(task)


class UniqueIds:
    """Gives items that carry the SDK's placeholder id a store id of their own.

    Chat-completions models have no item ids, so every message of every turn would otherwise
    share one id ("__fake_id__") and overwrite the previous one in the thread.
    """

    def __init__(self, new_id: Callable[[StoreItemType], str]) -> None:
        self._new_id = new_id
        self._current: str | None = None
        self._given: list[str] = []

    def rename(self, event: ThreadStreamEvent) -> Iterator[ThreadStreamEvent]:
        if isinstance(event, ThreadItemAddedEvent | ThreadItemDoneEvent):
            if event.item.id != FAKE_RESPONSES_ID:
                yield event
                return
            added = isinstance(event, ThreadItemAddedEvent)
            item_id = None if added else self._current
            if item_id is None:
                kind: StoreItemType = (
                    "tool_call" if event.item.type == "client_tool_call" else "message"
                )
                item_id = self._new_id(kind)
                self._given.append(item_id)
            self._current = item_id if added else None
            item = event.item.model_copy(update={"id": item_id})
            yield event.model_copy(update={"item": item})
        elif isinstance(event, ThreadItemUpdatedEvent) and event.item_id == FAKE_RESPONSES_ID:
            yield event.model_copy(update={"item_id": self._current or event.item_id})
        elif isinstance(event, ThreadItemRemovedEvent) and event.item_id == FAKE_RESPONSES_ID:
            for item_id in self._given:
                yield ThreadItemRemovedEvent(item_id=item_id)
        else:
            yield event


def run_failure(exc: Exception, failed: str, errors: ErrorLog) -> CustomStreamError:
    """The chat message for a failed run: `failed` names what failed ("agent 'Triage'")."""
    if isinstance(exc, CustomStreamError):
        return exc
    if isinstance(exc, InputGuardrailTripwireTriggered | OutputGuardrailTripwireTriggered):
        return CustomStreamError(guardrail_message(exc), allow_retry=False)
    if isinstance(exc, ModelNotConfigured):
        errors.record(str(exc), None)
        return CustomStreamError(str(exc), allow_retry=True)
    if isinstance(exc, UserError) and "Hosted tools are not supported" in str(exc):
        message = (
            f"{failed} uses a hosted tool (file search, web search, code interpreter, hosted "
            "MCP...), which runs only on OpenAI's Responses API; this chat's model cannot run "
            "it. Use an OpenAI model, or remove the tool to test offline."
        )
        errors.record(message, exc)
        return CustomStreamError(message, allow_retry=False)
    message = f"{failed} failed: {type(exc).__name__}: {exc}"
    errors.record(message, exc)
    return CustomStreamError(message, allow_retry=True)


def guardrail_message(
    exc: InputGuardrailTripwireTriggered | OutputGuardrailTripwireTriggered,
) -> str:
    result = exc.guardrail_result
    info = result.output.output_info
    detail = f": {short(info)}" if info not in (None, "", {}, []) else ""
    if isinstance(exc, InputGuardrailTripwireTriggered):
        return f"Your message was blocked by the {result.guardrail.get_name()!r} guardrail{detail}"
    return f"The reply was withheld by the {result.guardrail.get_name()!r} guardrail{detail}"


def short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def getter(value: T | Callable[[], T]) -> Callable[[], T]:
    """A value, or a getter read on every turn (so the widget can change it live)."""
    if callable(value):
        return value
    return lambda: value
