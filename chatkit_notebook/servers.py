"""The in-kernel ChatKit server behind `respond=`.

Importing this module imports `chatkit.server` (and with it openai-agents), which takes seconds,
so the widget imports it lazily, on a background thread, when a chat is created.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chatkit.errors import CustomStreamError
from chatkit.server import ChatKitServer, stream_widget
from chatkit.store import Store
from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageContentPartAdded,
    AssistantMessageContentPartTextDelta,
    AssistantMessageItem,
    ThreadItem,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemUpdatedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    UserMessageTagContent,
    UserMessageTextContent,
)
from chatkit.widgets import WidgetRoot
from pydantic import BaseModel, TypeAdapter, ValidationError

from .errors import ErrorLog

HISTORY_ITEMS = 50
TITLE_LENGTH = 60

_stream_event: TypeAdapter[ThreadStreamEvent] = TypeAdapter(ThreadStreamEvent)
_widget_root: TypeAdapter[WidgetRoot] = TypeAdapter(WidgetRoot)


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


class FunctionServer(ChatKitServer[Any]):
    """Turns a plain `respond(message, thread)` function into a ChatKit server."""

    def __init__(self, respond: RespondFunction, store: Store[Any], errors: ErrorLog) -> None:
        super().__init__(store)
        self.respond_function = respond
        self._errors = errors
        self._arity = _positional_arity(respond)

    async def respond(
        self,
        thread: ThreadMetadata,
        input_user_message: UserMessageItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        text = message_text(input_user_message) if input_user_message else ""
        view = await self._thread_view(thread, input_user_message, context)
        writer = _MessageWriter(
            thread, lambda: self.store.generate_item_id("message", thread, context)
        )
        try:
            result = self.respond_function(*(text, view)[: self._arity])
            async for part in _parts(result):
                async for event in self._events_for(part, thread, writer, context):
                    yield event
        except CustomStreamError:
            raise
        except Exception as exc:
            for event in writer.close():
                yield event
            name = getattr(self.respond_function, "__name__", "respond")
            self._errors.record(f"{name}() raised {type(exc).__name__}: {exc}", exc)
            raise CustomStreamError(
                f"{name}() raised {type(exc).__name__}: {exc}", allow_retry=True
            ) from exc
        for event in writer.close():
            yield event
        if view.title != thread.title:
            thread.title = view.title
        elif thread.title is None and text:
            thread.title = title_from(text)

    async def _events_for(
        self, part: object, thread: ThreadMetadata, writer: _MessageWriter, context: Any
    ) -> AsyncIterator[ThreadStreamEvent]:
        if isinstance(part, str):
            for event in writer.write(part):
                yield event
            return
        for event in writer.close():
            yield event
        passthrough = _as_event(part)
        if passthrough is not None:
            yield passthrough
            return
        widget = _as_widget(part)
        if widget is not None:
            async for event in stream_widget(
                thread,
                widget,
                generate_id=lambda kind: self.store.generate_item_id(kind, thread, context),
            ):
                yield event
            return
        raise TypeError(
            f"respond produced {type(part).__name__!s}; expected str, a chatkit widget "
            "(Card, ListView, BasicRoot), a ChatKit stream event, or an iterable of these"
        )

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


class _MessageWriter:
    """Streams text parts as one assistant message until something else interrupts it."""

    def __init__(self, thread: ThreadMetadata, new_id: Callable[[], str]) -> None:
        self._thread = thread
        self._new_id = new_id
        self._item: AssistantMessageItem | None = None
        self._text: list[str] = []

    def write(self, text: str) -> Iterator[ThreadStreamEvent]:
        if not text:
            return
        if self._item is None:
            self._item = AssistantMessageItem(
                id=self._new_id(),
                thread_id=self._thread.id,
                created_at=datetime.now(),
                content=[],
            )
            yield ThreadItemAddedEvent(item=self._item)
            yield ThreadItemUpdatedEvent(
                item_id=self._item.id,
                update=AssistantMessageContentPartAdded(
                    content_index=0, content=AssistantMessageContent(text="")
                ),
            )
        self._text.append(text)
        yield ThreadItemUpdatedEvent(
            item_id=self._item.id,
            update=AssistantMessageContentPartTextDelta(content_index=0, delta=text),
        )

    def close(self) -> Iterator[ThreadStreamEvent]:
        if self._item is None:
            return
        done = self._item.model_copy(
            update={"content": [AssistantMessageContent(text="".join(self._text))]}
        )
        self._item, self._text = None, []
        yield ThreadItemDoneEvent(item=done)


async def _parts(result: object) -> AsyncIterator[object]:
    """Flatten whatever `respond` returned (value, awaitable, sync or async iterable)."""
    if inspect.isawaitable(result):
        result = await result
    if hasattr(result, "__aiter__"):
        async for part in result:
            yield part
    elif isinstance(result, Iterable) and not isinstance(result, str | bytes | dict | BaseModel):
        for part in result:
            yield part
    elif result is not None:
        yield result


def _as_event(part: object) -> ThreadStreamEvent | None:
    try:
        return _stream_event.validate_python(part) if isinstance(part, BaseModel) else None
    except ValidationError:
        return None


def _as_widget(part: object) -> WidgetRoot | None:
    if not isinstance(part, BaseModel | dict):
        return None
    try:
        return _widget_root.validate_python(part)
    except ValidationError:
        return None


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


def _positional_arity(function: Callable[..., Any]) -> int:
    """How many of (message, thread) the function accepts, so `respond(message)` works too."""
    try:
        params = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return 2
    positional = [
        p
        for p in params
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        return 2
    return min(len(positional), 2)
