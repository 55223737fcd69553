"""What user code may produce — text, widgets, ChatKit events, or iterables of these — as events.

`respond=` functions and action handlers share it, so both accept the same convenient values.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import datetime

from chatkit.server import stream_widget
from chatkit.store import StoreItemType
from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageContentPartAdded,
    AssistantMessageContentPartTextDelta,
    AssistantMessageItem,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemUpdatedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
)
from chatkit.widgets import WidgetRoot
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..bridge import user_code

_stream_event: TypeAdapter[ThreadStreamEvent] = TypeAdapter(ThreadStreamEvent)
_widget_root: TypeAdapter[WidgetRoot] = TypeAdapter(WidgetRoot)

NewId = Callable[[StoreItemType], str]


class OutputError(TypeError):
    """User code produced something that cannot be shown in the chat."""


class Output:
    """Streams the parts one call produced; consecutive text parts form one assistant message."""

    def __init__(self, thread: ThreadMetadata, new_id: NewId, producer: str) -> None:
        self._thread = thread
        self._new_id = new_id
        self._producer = producer
        self._writer = _MessageWriter(thread, lambda: new_id("message"))

    async def events(self, result: object) -> AsyncIterator[ThreadStreamEvent]:
        async for part in parts(result):
            if isinstance(part, str):  # the hot path: one delta, no generator per part
                for event in self._writer.write(part):
                    yield event
            else:
                async for event in self.part(part):
                    yield event

    async def part(self, part: object) -> AsyncIterator[ThreadStreamEvent]:
        if isinstance(part, str):
            for event in self._writer.write(part):
                yield event
            return
        for event in self.close():
            yield event
        passthrough = as_event(part)
        if passthrough is not None:
            yield passthrough
            return
        widget = as_widget(part)
        if widget is not None:
            async for event in stream_widget(self._thread, widget, generate_id=self._new_id):
                yield event
            return
        raise OutputError(
            f"{self._producer} produced {type(part).__name__!s}; expected str, a chatkit widget "
            "(Card, ListView, BasicRoot), a ChatKit stream event, or an iterable of these"
        )

    def close(self) -> Iterator[ThreadStreamEvent]:
        """Finishes the open assistant message, so what was streamed is kept."""
        return self._writer.close()


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


async def parts(result: object, *, ahead: int = user_code.READ_AHEAD) -> AsyncIterator[object]:
    """Flatten whatever `respond` returned (value, awaitable, sync or async iterable).

    Lists and tuples are plain data; any other sync iterable (a generator, an SDK's stream) may
    block between items, so it is pulled on a worker thread (`user_code.iterate`).
    """
    if inspect.isawaitable(result):
        result = await result
    if hasattr(result, "__aiter__"):
        async for part in result:
            yield part
    elif isinstance(result, list | tuple):
        for part in result:
            yield part
    elif isinstance(result, Iterable) and not isinstance(result, str | bytes | dict | BaseModel):
        async for part in user_code.iterate(result, ahead=ahead):
            yield part
    elif result is not None:
        yield result


def as_event(part: object) -> ThreadStreamEvent | None:
    try:
        return _stream_event.validate_python(part) if isinstance(part, BaseModel) else None
    except ValidationError:
        return None


def as_widget(part: object) -> WidgetRoot | None:
    if not isinstance(part, BaseModel | dict):
        return None
    try:
        return _widget_root.validate_python(part)
    except ValidationError:
        return None
