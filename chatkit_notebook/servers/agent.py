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

from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

from agents import Agent, ModelProvider, ModelSettings, Runner
from chatkit.agents import AgentContext, ThreadItemConverter, stream_agent_response
from chatkit.store import AttachmentStore, Store
from chatkit.types import ThreadMetadata, ThreadStreamEvent, UserMessageItem

from ..bridge.callbacks import ClientTool
from ..errors import ErrorLog
from .actions import ActionRunner
from .base import NotebookServer
from .client_tools import with_client_tools
from .converter import NotebookConverter
from .function import HISTORY_ITEMS, message_text, title_from
from .runs import ModelChoice, ModelOverride, ToolTasks, UniqueIds, run_failure


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
        self._override = ModelOverride(
            model, model_settings, models, trace_locally=lambda: self.runs is not None
        )
        self.models = self._override.models
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
        ids = UniqueIds(lambda kind: self.store.generate_item_id(kind, thread, context))
        try:
            agent_input = await self.converter.to_agent_input(list(reversed(page.data)))
            result = Runner.run_streamed(
                agent,
                agent_input,
                context=agent_context,
                hooks=ToolTasks(),
                run_config=self._override.run_config(agent, options),
            )
            try:
                async for event in stream_agent_response(agent_context, result):
                    for renamed in ids.rename(event):
                        yield renamed
            finally:
                result.cancel()  # stops the run if the request was cancelled; no-op once done
        except Exception as exc:
            raise run_failure(exc, f"agent {agent.name!r}", self._errors) from exc
        if thread.title is None and input_user_message is not None:
            thread.title = title_from(message_text(input_user_message))
