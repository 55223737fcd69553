"""The in-kernel ChatKit server behind `agent=`: an openai-agents `Agent` streamed into ChatKit.

`chatkit.agents.stream_agent_response` turns the run into ChatKit events (text, reasoning as
thoughts, widgets and progress from tools, client tool calls). This module adds what a notebook
prototype needs around it: function tool calls shown as workflow tasks, the whole conversation
passed back to the model, guardrail trips and missing API keys as readable messages, a per-chat
model override, and unique item ids for chat-completions models.

Importing this module imports `chatkit.server` and openai-agents (seconds), so the widget imports
it lazily.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
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
    Runner,
    Tool,
)
from agents.models.fake_id import FAKE_RESPONSES_ID
from agents.tool_context import ToolContext
from chatkit.agents import AgentContext, ThreadItemConverter, stream_agent_response
from chatkit.errors import CustomStreamError
from chatkit.store import AttachmentStore, Store, StoreItemType
from chatkit.types import (
    CustomTask,
    InferenceOptions,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemRemovedEvent,
    ThreadItemReplacedEvent,
    ThreadItemUpdatedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    WorkflowItem,
)

from ..bridge.callbacks import ClientTool
from ..errors import ErrorLog
from .actions import ActionRunner
from .base import NotebookServer
from .client_tools import with_client_tools
from .converter import NotebookConverter
from .function import HISTORY_ITEMS, message_text, title_from
from .models import ChatModels, ModelNotConfigured, chat_model

SHORT = 200  # characters of a tool result or guardrail detail shown in the chat

T = TypeVar("T")
ModelChoice = str | Model | None


class AgentServer(NotebookServer):
    """Runs an openai-agents `Agent` and streams it into ChatKit.

    `agent` is a getter read on every turn, so swapping the agent takes effect on the next
    message. `model` (a model name or an agents `Model`) overrides the agent's model for the
    whole run; the composer's model picker (`inference_options.model`) overrides it per message.
    `model_settings` adds `ModelSettings`; a composer tool (`inference_options.tool_choice`)
    that names one of the agent's tools forces that tool. Both may be values or getters.
    `models` resolves model names (OpenAI, or an OpenAI-compatible endpoint).
    """

    def __init__(
        self,
        agent: Callable[[], Agent[Any]],
        store: Store[Any],
        errors: ErrorLog,
        *,
        model: ModelChoice | Callable[[], ModelChoice] = None,
        model_settings: ModelSettings | Callable[[], ModelSettings | None] | None = None,
        models: ModelProvider | None = None,
        converter: ThreadItemConverter | None = None,
        actions: ActionRunner | None = None,
        client_tools: Mapping[str, ClientTool] | None = None,
        attachment_store: AttachmentStore[Any] | None = None,
    ) -> None:
        super().__init__(store, attachment_store)
        self._agent = agent
        self._actions = actions or ActionRunner({}, store, errors)
        self._client_tools = client_tools if client_tools is not None else {}
        self._errors = errors
        self._model: Callable[[], ModelChoice] = _getter(model)
        self._model_settings: Callable[[], ModelSettings | None] = _getter(model_settings)
        self.models = models or ChatModels()
        reader = getattr(attachment_store, "read", None)  # bytes of uploads, for the model
        self.converter = converter or NotebookConverter(read_attachment=reader)

    async def respond(
        self,
        thread: ThreadMetadata,
        input_user_message: UserMessageItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        agent = with_client_tools(self._agent(), self._client_tools)
        agent_context = AgentContext(thread=thread, store=self.store, request_context=context)
        page = await self.store.load_thread_items(thread.id, None, HISTORY_ITEMS, "desc", context)
        options = input_user_message.inference_options if input_user_message else None
        ids = _UniqueIds(lambda kind: self.store.generate_item_id(kind, thread, context))
        try:
            agent_input = await self.converter.to_agent_input(list(reversed(page.data)))
            result = Runner.run_streamed(
                agent,
                agent_input,
                context=agent_context,
                hooks=_ToolTasks(),
                run_config=self._run_config(agent, options),
            )
            try:
                async for event in stream_agent_response(agent_context, result):
                    for renamed in ids.rename(event):
                        yield renamed
            finally:
                result.cancel()  # stops the run if the request was cancelled; no-op once done
        except (InputGuardrailTripwireTriggered, OutputGuardrailTripwireTriggered) as exc:
            raise CustomStreamError(_guardrail_message(exc), allow_retry=False) from exc
        except ModelNotConfigured as exc:
            self._errors.record(str(exc), None)
            raise CustomStreamError(str(exc), allow_retry=True) from exc
        except CustomStreamError:
            raise
        except Exception as exc:
            message = f"agent {agent.name!r} failed: {type(exc).__name__}: {exc}"
            self._errors.record(message, exc)
            raise CustomStreamError(message, allow_retry=True) from exc
        if thread.title is None and input_user_message is not None:
            thread.title = title_from(message_text(input_user_message))

    def _run_config(self, agent: Agent[Any], options: InferenceOptions | None) -> RunConfig:
        model = chat_model(self._model())
        settings = self._model_settings()
        if options is not None and options.model:
            model = options.model
        tool = options.tool_choice.id if options is not None and options.tool_choice else None
        if tool is not None and tool in {t.name for t in agent.tools}:
            settings = (settings or ModelSettings()).resolve(ModelSettings(tool_choice=tool))
        return RunConfig(
            model=model,
            model_provider=self.models,
            model_settings=settings,
            # a compatible endpoint's key is not an OpenAI key: don't export traces to OpenAI;
            # a chat's runs (`self.runs`) trace locally and export only if asked to
            tracing_disabled=self.runs is None
            and isinstance(self.models, ChatModels)
            and not self.models.is_openai,
        )


class _ToolTasks(RunHooks[AgentContext[Any]]):
    """Shows each function tool call as a workflow task: name and arguments, then the result.

    `stream_agent_response` shows nothing for ordinary function tools.
    """

    def __init__(self) -> None:
        self._running: dict[str, tuple[WorkflowItem, int, CustomTask]] = {}

    async def on_tool_start(
        self,
        context: RunContextWrapper[AgentContext[Any]],
        agent: Agent[AgentContext[Any]],
        tool: Tool,
    ) -> None:
        if not isinstance(context, ToolContext):
            return
        chat = context.context
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
        self,
        context: RunContextWrapper[AgentContext[Any]],
        agent: Agent[AgentContext[Any]],
        tool: Tool,
        result: object,
    ) -> None:
        if not isinstance(context, ToolContext):
            return
        running = self._running.pop(context.tool_call_id, None)
        if running is None:
            return
        workflow, index, task = running
        chat = context.context
        client_call = chat.client_tool_call
        handed_over = client_call is not None and client_call.name == context.tool_name
        outcome = "handed to the client" if handed_over else _short(result)
        done = task.model_copy(
            update={"content": f"{task.content}\nResult: {outcome}", "status_indicator": "complete"}
        )
        if chat.workflow_item is workflow:
            await chat.update_workflow_task(done, index)
        else:  # something the tool streamed (a widget) ended the workflow: replace the saved one
            workflow.workflow.tasks[index] = done
            await chat.stream(ThreadItemReplacedEvent(item=workflow))


class _UniqueIds:
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


def _guardrail_message(
    exc: InputGuardrailTripwireTriggered | OutputGuardrailTripwireTriggered,
) -> str:
    result = exc.guardrail_result
    info = result.output.output_info
    detail = f": {_short(info)}" if info not in (None, "", {}, []) else ""
    if isinstance(exc, InputGuardrailTripwireTriggered):
        return f"Your message was blocked by the {result.guardrail.get_name()!r} guardrail{detail}"
    return f"The reply was withheld by the {result.guardrail.get_name()!r} guardrail{detail}"


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _getter(value: T | Callable[[], T]) -> Callable[[], T]:
    """A value, or a getter read on every turn (so the widget can change it live)."""
    if callable(value):
        return value
    return lambda: value
