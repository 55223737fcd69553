"""The in-kernel ChatKit server behind `agent=`: an openai-agents `Agent` streamed into ChatKit.

Importing this module imports `chatkit.server` and openai-agents (seconds), so the widget imports
it lazily.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from chatkit.agents import AgentContext, ThreadItemConverter, stream_agent_response
from chatkit.errors import CustomStreamError
from chatkit.server import ChatKitServer
from chatkit.store import Store
from chatkit.types import ThreadMetadata, ThreadStreamEvent, UserMessageItem

from .errors import ErrorLog
from .servers import HISTORY_ITEMS, message_text, title_from


class AgentServer(ChatKitServer[Any]):
    """Runs an openai-agents `Agent` through `chatkit.agents.stream_agent_response`."""

    def __init__(
        self,
        agent: Callable[[], Any],
        store: Store[Any],
        errors: ErrorLog,
        converter: ThreadItemConverter | None = None,
    ) -> None:
        super().__init__(store)
        self._agent = agent  # read on every turn, so `chat.agent = ...` takes effect at once
        self._errors = errors
        self.converter = converter or ThreadItemConverter()

    async def respond(
        self,
        thread: ThreadMetadata,
        input_user_message: UserMessageItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        from agents import Runner

        agent = self._agent()
        agent_context = AgentContext(thread=thread, store=self.store, request_context=context)
        page = await self.store.load_thread_items(thread.id, None, HISTORY_ITEMS, "desc", context)
        agent_input = await self.converter.to_agent_input(list(reversed(page.data)))
        try:
            result = Runner.run_streamed(agent, agent_input, context=agent_context)
            async for event in stream_agent_response(agent_context, result):
                yield event
        except CustomStreamError:
            raise
        except Exception as exc:
            message = f"agent {agent.name!r} failed: {type(exc).__name__}: {exc}"
            self._errors.record(message, exc)
            raise CustomStreamError(message, allow_retry=True) from exc
        if thread.title is None and input_user_message is not None:
            thread.title = title_from(message_text(input_user_message))
