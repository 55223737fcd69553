"""The in-kernel ChatKit server behind `respond=`.

Importing this module imports `chatkit.server` (and with it openai-agents), which takes seconds,
so the widget imports it lazily, on a background thread, when a chat is created.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from chatkit.errors import CustomStreamError
from chatkit.store import AttachmentStore, Store
from chatkit.types import (
    AssistantMessageItem,
    ThreadItem,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    UserMessageTagContent,
    UserMessageTextContent,
)

from ..bridge import user_code
from ..bridge.callbacks import positional_arity
from ..errors import ErrorLog
from .actions import ActionRunner
from .base import NotebookServer
from .output import Output, OutputError

HISTORY_ITEMS = 50
TITLE_LENGTH = 60


@dataclass
class ChatThread:
    """The conversation as a `respond` function sees it.

    `messages` holds the earlier turns as `{"role", "content"}` dicts (ready for an LLM call);
    setting `title` renames the thread in the UI.
    """

    id: str
    title: str | None
    messages: list[dict[str, str]]
    items: list[ThreadItem]
    user_message: UserMessageItem | None
    context: Any
    metadata: dict[str, Any] = field(default_factory=dict)


RespondFunction = Callable[..., Any]


class FunctionServer(NotebookServer):
    """Turns a plain `respond(message, thread)` function into a ChatKit server."""

    def __init__(
        self,
        respond: RespondFunction,
        store: Store[Any],
        errors: ErrorLog,
        actions: ActionRunner | None = None,
        attachment_store: AttachmentStore[Any] | None = None,
    ) -> None:
        super().__init__(store, attachment_store)
        self.respond_function = respond
        self._errors = errors
        self._arity = positional_arity(respond, 2)
        self._actions = actions or ActionRunner({}, store, errors)

    async def respond(
        self,
        thread: ThreadMetadata,
        input_user_message: UserMessageItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        text = message_text(input_user_message) if input_user_message else ""
        view = await self._thread_view(thread, input_user_message, context)
        name = getattr(self.respond_function, "__name__", "respond")
        output = Output(
            thread, lambda kind: self.store.generate_item_id(kind, thread, context), f"{name}()"
        )
        try:
            result = await user_code.call(self.respond_function, *(text, view)[: self._arity])
            async for event in output.events(result):
                yield event
        except CustomStreamError:
            raise
        except Exception as exc:
            for event in output.close():
                yield event
            message = str(exc) if isinstance(exc, OutputError) else f"{name}() raised {exc!r}"
            shown = self._errors.record(message, exc).message  # redacted
            raise CustomStreamError(shown, allow_retry=True) from exc
        for event in output.close():
            yield event
        if view.title != thread.title:
            thread.title = view.title
        elif thread.title is None and text:
            thread.title = title_from(text)

    async def _thread_view(
        self, thread: ThreadMetadata, user_message: UserMessageItem | None, context: Any
    ) -> ChatThread:
        if self._arity < 2:
            return ChatThread(thread.id, thread.title, [], [], user_message, context)
        page = await self.store.load_thread_items(thread.id, None, HISTORY_ITEMS, "desc", context)
        items = [
            item
            for item in reversed(page.data)
            if user_message is None or item.id != user_message.id
        ]
        return ChatThread(
            id=thread.id,
            title=thread.title,
            messages=to_messages(items),
            items=items,
            user_message=user_message,
            context=context,
            metadata=dict(thread.metadata),
        )


def message_text(item: UserMessageItem) -> str:
    parts = []
    for content in item.content:
        if isinstance(content, UserMessageTextContent):
            parts.append(content.text)
        elif isinstance(content, UserMessageTagContent):
            parts.append(f"@{content.text}")
    return "".join(parts)


def to_messages(items: Iterable[ThreadItem]) -> list[dict[str, str]]:
    messages = []
    for item in items:
        if isinstance(item, UserMessageItem):
            messages.append({"role": "user", "content": message_text(item)})
        elif isinstance(item, AssistantMessageItem):
            text = "".join(part.text for part in item.content)
            messages.append({"role": "assistant", "content": text})
    return messages


def title_from(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"
