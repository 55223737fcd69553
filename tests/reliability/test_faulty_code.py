"""Faulty user code: `respond` in every shape, a Store method and the `context=` factory raise.

Each failure must reach the client as a readable message naming the exception (an SSE `error`
event, or an `error` frame), leave its traceback in `chat.errors`, and leave the chat usable: the
next message on the same thread is answered normally.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from chatkit_notebook import ChatKit, MemoryStore
from tests.harness import add_message, create

from .helpers import Wire, events_of, streamed_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class Boom(Exception):
    pass


class Once:
    """Raises `Boom(name)` the first time it is asked, then never again."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.armed = True

    def __call__(self) -> None:
        if self.armed:
            self.armed = False
            raise Boom(self.name)


def respond_variants() -> dict[str, Any]:
    def sync_return(fail: Once) -> Any:
        def respond(message: str) -> str:
            fail()
            return f"ok: {message}"

        return respond

    def async_return(fail: Once) -> Any:
        async def respond(message: str) -> str:
            await asyncio.sleep(0)
            fail()
            return f"ok: {message}"

        return respond

    def generator_before(fail: Once) -> Any:
        def respond(message: str) -> Iterator[str]:
            fail()
            yield f"ok: {message}"

        return respond

    def generator_after(fail: Once) -> Any:
        def respond(message: str) -> Iterator[str]:
            yield "partial "
            fail()
            yield f"ok: {message}"

        return respond

    def async_generator_before(fail: Once) -> Any:
        async def respond(message: str) -> AsyncIterator[str]:
            await asyncio.sleep(0)
            fail()
            yield f"ok: {message}"

        return respond

    def async_generator_after(fail: Once) -> Any:
        async def respond(message: str) -> AsyncIterator[str]:
            yield "partial "
            await asyncio.sleep(0)
            fail()
            yield f"ok: {message}"

        return respond

    return {
        f.__name__: f
        for f in (
            sync_return,
            async_return,
            generator_before,
            generator_after,
            async_generator_before,
            async_generator_after,
        )
    }


VARIANTS = respond_variants()


def readable_error(frames: list[dict[str, Any]]) -> str:
    """The message the user sees: an SSE error event's, or the error frame's."""
    last = frames[-1]
    if last["type"] == "error":
        return str(last["error"]["message"])
    errors = [e for e in events_of(frames) if e["type"] == "error"]
    assert errors, f"no error reached the client: {[f['type'] for f in frames]}"
    return str(errors[-1].get("message") or "")


async def second_message_works(wire: Wire, thread_id: str, request_id: str) -> str:
    frames = await wire.answered(wire.request(request_id, add_message(thread_id, "again")))
    assert (frames[-1]["type"], frames[-1]["cancelled"]) == ("end", False)
    assert not [e for e in events_of(frames) if e["type"] == "error"]
    return streamed_text(frames)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
async def test_an_exception_in_respond(variant: str) -> None:
    fail = Once(f"respond-{variant}")
    chat = ChatKit(respond=VARIANTS[variant](fail))
    wire = Wire(chat)
    frames = await wire.answered(wire.request("r1", create("hello")))
    message = readable_error(frames)
    assert "Boom" in message  # names the exception...
    assert fail.name in message  # ...and what it said
    assert chat.errors.last is not None
    assert chat.errors.last.traceback is not None
    assert f"Boom: respond-{variant}" in chat.errors.last.traceback
    thread_id = events_of(frames)[0]["thread"]["id"]
    items = await chat.store.load_thread_items(thread_id, None, 10, "asc", {})
    kept = [i.content[0].text for i in items.data if i.type == "assistant_message"]
    if variant.endswith("_after"):
        assert kept == ["partial "]  # the text streamed before the failure is kept
    else:
        assert kept == []
    again = await second_message_works(wire, thread_id, "r2")
    assert again == ("partial ok: again" if variant.endswith("_after") else "ok: again")
    print(f"\nrespond {variant}: client saw {message!r}; next message answered {again!r}")
    chat.close()


class FlakyStore(MemoryStore):
    """`add_thread_item` raises once, on its `fail_on`-th call after `arm()`."""

    def __init__(self) -> None:
        super().__init__()
        self.countdown: int | None = None

    def arm(self, fail_on: int) -> None:
        self.countdown = fail_on

    async def add_thread_item(self, thread_id: str, item: Any, context: Any) -> None:
        if self.countdown is not None:
            self.countdown -= 1
            if self.countdown == 0:
                self.countdown = None
                raise Boom(f"disk full while saving a {item.type}")
        await super().add_thread_item(thread_id, item, context)


@pytest.mark.parametrize(("fail_on", "what"), [(1, "user_message"), (2, "assistant_message")])
async def test_an_exception_in_a_store_method(fail_on: int, what: str) -> None:
    store = FlakyStore()
    chat = ChatKit(respond=lambda message: f"ok: {message}", store=store)
    wire = Wire(chat)
    thread_id = (await wire.call("r0", create("first")))[0]["thread"]["id"]
    store.arm(fail_on)
    frames = await wire.answered(wire.request("r1", add_message(thread_id, "hello")))
    message = readable_error(frames)
    print(f"\nstore fails saving the {what}: client saw {message!r}, {len(chat.errors)} errors")
    assert "Boom" in message
    assert f"disk full while saving a {what}" in message
    assert chat.errors.last is not None
    assert chat.errors.last.traceback is not None
    assert f"disk full while saving a {what}" in chat.errors.last.traceback
    assert await second_message_works(wire, thread_id, "r2") == "ok: again"
    chat.close()


async def test_an_exception_in_the_context_factory() -> None:
    fail = Once("context")

    def context(info: Any) -> dict[str, Any]:
        fail()
        return {"user_id": "ada"}

    chat = ChatKit(respond=lambda message: f"ok: {message}", context=context)
    wire = Wire(chat)
    frames = await wire.answered(wire.request("r1", create("hello")))
    assert [f["type"] for f in frames] == ["error"]
    message = readable_error(frames)
    assert "Boom" in message
    assert "context" in message
    assert chat.errors.last is not None
    assert chat.errors.last.traceback is not None
    assert "Boom: context" in chat.errors.last.traceback
    events = await wire.call("r2", create("hello"))
    thread_id = events[0]["thread"]["id"]
    assert await second_message_works(wire, thread_id, "r3") == "ok: again"
    print(f"\ncontext factory: client saw {message!r}; next messages answered")
    chat.close()


async def test_headless_ask_reports_a_failing_respond_and_recovers() -> None:
    fail = Once("headless")

    async def respond(message: str) -> AsyncIterator[str]:
        yield "partial "
        fail()
        yield "rest"

    chat = ChatKit(respond=respond)
    reply = await chat.ask("hi")
    assert len(reply.errors) == 1
    assert "Boom" in reply.errors[0]
    assert "headless" in reply.errors[0]
    again = await chat.ask("again", thread_id=reply.thread_id)
    assert again.errors == []
    assert again.text == "partial rest"
    assert chat.errors.last is not None
    assert "Boom: headless" in (chat.errors.last.traceback or "")
