"""`respond=` functions of every shape, served by FunctionServer through the bridge."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from chatkit.types import NoticeEvent, ProgressUpdateEvent
from chatkit.widgets import Card, Text

from chatkit_notebook.errors import ErrorLog
from chatkit_notebook.servers.function import ChatThread, FunctionServer
from chatkit_notebook.stores import MemoryStore

from .harness import Harness, user_input

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def serve(respond: Any) -> Harness:
    return Harness(FunctionServer(respond, MemoryStore(), ErrorLog()))


async def turn(harness: Harness, text: str, thread_id: str | None = None) -> list[dict[str, Any]]:
    if thread_id is None:
        return await harness.call({"type": "threads.create", "params": {"input": user_input(text)}})
    return await harness.call(
        {
            "type": "threads.add_user_message",
            "params": {"thread_id": thread_id, "input": user_input(text)},
        }
    )


def assistant_texts(events: list[dict[str, Any]]) -> list[str]:
    return [
        e["item"]["content"][0]["text"]
        for e in events
        if e["type"] == "thread.item.done" and e["item"]["type"] == "assistant_message"
    ]


def deltas(events: list[dict[str, Any]]) -> list[str]:
    return [
        e["update"]["delta"]
        for e in events
        if e["type"] == "thread.item.updated" and e["update"]["type"].endswith("text_delta")
    ]


async def test_a_returned_string_is_one_message() -> None:
    events = await turn(serve(lambda message, thread: f"You said: {message}"), "hi")
    assert assistant_texts(events) == ["You said: hi"]


async def test_a_sync_generator_streams_each_chunk() -> None:
    def respond(message: str, thread: ChatThread) -> Iterator[str]:
        yield "You "
        yield "said: "
        yield message

    events = await turn(serve(respond), "hi")
    assert deltas(events) == ["You ", "said: ", "hi"]
    assert assistant_texts(events) == ["You said: hi"]


async def test_async_functions_and_async_generators() -> None:
    async def returns(message: str, thread: ChatThread) -> str:
        await asyncio.sleep(0)
        return message.upper()

    async def streams(message: str, thread: ChatThread) -> AsyncIterator[str]:
        for word in message.split():
            await asyncio.sleep(0)
            yield word

    assert assistant_texts(await turn(serve(returns), "loud")) == ["LOUD"]
    events = await turn(serve(streams), "a b c")
    assert deltas(events) == ["a", "b", "c"]


async def test_respond_may_take_only_the_message() -> None:
    assert assistant_texts(await turn(serve(lambda m: m * 2), "ab")) == ["abab"]
    assert assistant_texts(await turn(serve(lambda: "fixed"), "x")) == ["fixed"]


async def test_widgets_and_text_interleave_as_separate_items() -> None:
    def respond(message: str, thread: ChatThread) -> Iterator[Any]:
        yield "before "
        yield Card(children=[Text(value="a card")])
        yield "after"

    events = await turn(serve(respond), "x")
    done = [e["item"]["type"] for e in events if e["type"] == "thread.item.done"]
    assert done == ["user_message", "assistant_message", "widget", "assistant_message"]
    assert assistant_texts(events) == ["before ", "after"]


async def test_a_returned_widget_and_a_widget_dict() -> None:
    card = {"type": "Card", "children": [{"type": "Text", "value": "from a dict"}]}
    events = await turn(serve(lambda m, t: card), "x")
    widget = next(
        e["item"]
        for e in events
        if e["type"] == "thread.item.done" and e["item"]["type"] == "widget"
    )
    assert widget["widget"]["children"][0]["value"] == "from a dict"


async def test_chatkit_events_pass_through() -> None:
    def respond(message: str, thread: ChatThread) -> Iterator[Any]:
        yield ProgressUpdateEvent(text="thinking")
        yield "done"
        yield NoticeEvent(level="info", message="**note**")

    events = await turn(serve(respond), "x")
    kinds = [e["type"] for e in events]
    assert kinds.index("progress_update") < kinds.index("thread.item.added")
    assert kinds[-2:] == ["notice", "thread.updated"]  # the default title comes last


async def test_thread_history_reaches_respond() -> None:
    seen: list[list[dict[str, str]]] = []

    def respond(message: str, thread: ChatThread) -> str:
        seen.append(list(thread.messages))
        return f"reply to {message}"

    harness = serve(respond)
    first = await turn(harness, "one")
    thread_id = first[0]["thread"]["id"]
    await turn(harness, "two", thread_id)
    assert seen[0] == []
    assert seen[1] == [
        {"role": "user", "content": "one"},
        {"role": "assistant", "content": "reply to one"},
    ]


async def test_title_defaults_to_the_first_message_and_respond_may_set_it() -> None:
    harness = serve(lambda m, t: "ok")
    events = await turn(harness, "What is the airspeed of an unladen swallow?")
    assert events[-1]["type"] == "thread.updated"
    assert events[-1]["thread"]["title"] == "What is the airspeed of an unladen swallow?"

    def titled(message: str, thread: ChatThread) -> str:
        thread.title = "Custom"
        return "ok"

    events = await turn(serve(titled), "x")
    assert events[-1]["thread"]["title"] == "Custom"


async def test_an_exception_is_shown_in_the_chat_and_logged() -> None:
    def respond(message: str, thread: ChatThread) -> Iterator[str]:
        yield "partial "
        raise KeyError("missing")

    harness = serve(respond)
    events = await turn(harness, "x")
    assert assistant_texts(events) == ["partial "]  # what was streamed is kept
    assert events[-1] == {
        "type": "error",
        "code": "custom",
        "message": "respond() raised KeyError('missing')",
        "allow_retry": True,
    }
    server = harness.server
    assert server._errors.last is not None
    assert "KeyError" in (server._errors.last.traceback or "")
    assert assistant_texts(await turn(harness, "again")) == ["partial "]  # the next message works


async def test_an_unsupported_value_is_a_clear_error() -> None:
    events = await turn(serve(lambda m, t: 42), "x")
    assert events[-1]["type"] == "error"
    assert events[-1]["message"].startswith("<lambda>() produced int; expected str")
