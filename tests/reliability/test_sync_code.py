"""Sync user code runs off the event loop: a stop interrupts a blocking sync generator, and one
chat's blocking `respond` does not freeze another chat, while chunks keep their order and user code
keeps the caller's context variables.

The blocking is a `threading.Event.wait`, standing in for a network read of an SDK's stream
(`for chunk in client.stream(): yield chunk`). The checks are causal, not timed: the test releases
the blocked code only after it has seen the answer that must not wait for it, so on a loop that
runs the code itself the answer arrives only after the wait times out, and the test fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from chatkit_notebook import ChatKit
from chatkit_notebook.bridge import user_code
from tests.harness import create

from .helpers import Wire, events_of, streamed_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BLOCK = 5.0  # seconds the user code waits, at most, for the test to release it


async def until(predicate: Callable[[], bool], timeout: float = 60) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "the condition never came true"
        await asyncio.sleep(0.005)


async def test_a_stop_interrupts_a_blocking_sync_generator() -> None:
    release = threading.Event()
    pulled: list[int] = []
    threads: dict[str, int] = {}

    def respond(message: str) -> Iterator[str]:
        threads["chunks"] = threading.get_ident()
        try:
            for i in range(100):
                if i == 2:
                    release.wait(BLOCK)  # the third chunk is slow to arrive
                pulled.append(i)
                yield f"c{i} "
        finally:
            threads["closed"] = threading.get_ident()

    chat = ChatKit(respond=respond)
    wire = Wire(chat)
    request_id = wire.request("stop-me", create("go"))
    await until(lambda: "c1 " in streamed_text(wire.by_id[request_id]))
    stopped_at = time.monotonic()
    wire.cancel(request_id)
    frames = await wire.answered(request_id, timeout=BLOCK * 2)
    answered_in = time.monotonic() - stopped_at
    answered_while_blocked = not release.is_set() and len(pulled) == 2
    release.set()
    await until(lambda: "closed" in threads)

    assert frames[-1]["type"] == "end"
    assert frames[-1]["cancelled"] is True
    assert answered_while_blocked  # the stop did not wait for the slow chunk
    assert pulled == [0, 1, 2]  # the chunk in flight finished, then nothing more was pulled
    assert threads["closed"] == threads["chunks"] != threading.get_ident()  # closed in its thread
    thread_id = events_of(frames)[0]["thread"]["id"]
    items = (await chat.store.load_thread_items(thread_id, None, 10, "asc", {})).data
    kinds = [item.type for item in items]
    assert kinds == ["user_message", "assistant_message", "sdk_hidden_context"]
    assert items[1].content[0].text == "c0 c1 "  # type: ignore[union-attr]  # what the UI saw
    print(
        f"\nstop: answered {answered_in * 1000:.0f} ms after the stop while chunk 3 of 100 was "
        f"still blocked; {len(pulled)} chunks pulled, closed in its thread, reply kept"
    )


async def test_a_stop_interrupts_a_blocking_sync_function() -> None:
    release = threading.Event()
    started = threading.Event()

    def respond(message: str) -> str:
        started.set()
        release.wait(BLOCK)
        return "too late"

    chat = ChatKit(respond=respond)
    wire = Wire(chat)
    request_id = wire.request("stop-me", create("go"))
    await until(started.is_set)
    wire.cancel(request_id)
    frames = await wire.answered(request_id, timeout=BLOCK * 2)
    answered_while_blocked = not release.is_set()
    release.set()
    assert frames[-1]["type"] == "end"
    assert frames[-1]["cancelled"] is True
    assert answered_while_blocked
    assert "too late" not in streamed_text(frames)


async def test_a_blocking_respond_does_not_freeze_another_chat() -> None:
    release = threading.Event()
    started = threading.Event()

    def slow(message: str) -> str:
        started.set()
        release.wait(BLOCK)
        return "slow answer"

    blocked, other = ChatKit(respond=slow), ChatKit(respond=lambda message: "quick answer")
    blocked_wire, other_wire = Wire(blocked), Wire(other)
    await other_wire.call("warm-up", create("hello"))
    slow_id = blocked_wire.request("slow", create("block"))
    await until(started.is_set)

    asked_at = time.monotonic()
    listed = await other_wire.call("list", {"type": "threads.list", "params": {"limit": 10}})
    listed_in = time.monotonic() - asked_at
    reply = await other_wire.answered(other_wire.request("second", create("hello again")))
    replied_in = time.monotonic() - asked_at
    slow_still_running = blocked_wire.terminals(slow_id) == 0 and not release.is_set()
    release.set()
    frames = await blocked_wire.answered(slow_id, timeout=BLOCK * 2)

    assert len(listed["data"]) == 1
    assert streamed_text(reply) == "quick answer"
    assert slow_still_running  # the other chat was answered while the slow respond blocked
    assert streamed_text(frames) == "slow answer"
    print(
        f"\nblocking respond: the other chat listed its threads in {listed_in * 1000:.0f} ms and "
        f"streamed a reply in {replied_in * 1000:.0f} ms while the first chat's respond blocked"
    )


async def test_chunks_keep_their_order_with_threads_switching_often() -> None:
    """A fast generator (the worker runs ahead of the loop) under a tiny GIL switch interval."""

    def respond(message: str) -> Iterator[str]:
        for i in range(5_000):
            yield f"{i},"

    chat = ChatKit(respond=respond)
    wire = Wire(chat)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        frames = await wire.answered(wire.request("many", create("go")), timeout=60)
    finally:
        sys.setswitchinterval(interval)
    assert streamed_text(frames) == "".join(f"{i}," for i in range(5_000))


REQUEST_VAR: contextvars.ContextVar[str] = contextvars.ContextVar("REQUEST_VAR", default="unset")


async def test_user_code_in_a_thread_keeps_context_variables() -> None:
    seen: list[tuple[str, str]] = []

    def respond(message: str) -> Iterator[str]:
        seen.append(("generator", REQUEST_VAR.get()))
        yield "a"
        seen.append(("generator, later", REQUEST_VAR.get()))
        yield "b"

    def plain(message: str) -> str:
        seen.append(("function", REQUEST_VAR.get()))
        return "c"

    for function in (respond, plain):
        chat = ChatKit(respond=function)
        wire = Wire(chat)
        token = REQUEST_VAR.set("from the request")  # the comm handler's context
        try:
            request_id = wire.request(f"ctx-{function.__name__}", create("go"))
        finally:
            REQUEST_VAR.reset(token)
        await wire.answered(request_id)
    assert seen == [
        ("generator", "from the request"),
        ("generator, later", "from the request"),
        ("function", "from the request"),
    ]


async def test_sync_action_handlers_and_callbacks_run_off_the_loop() -> None:
    """Action handlers (a sync generator with `ctx` calls between parts), client tools and
    entity search: each runs on a worker thread, and `ctx` calls keep their place."""
    loop_thread = threading.get_ident()
    ran_on: dict[str, int] = {}
    chat = ChatKit(respond=lambda message: "ok")

    @chat.action("steps")
    def steps(action: Any, item: Any, ctx: Any) -> Iterator[str]:
        ran_on["action"] = threading.get_ident()
        ctx.progress("one")
        yield "first "
        ctx.progress("two")
        yield "second"

    @chat.client_tool
    def pick(limit: int = 1) -> dict[str, int]:
        ran_on["client tool"] = threading.get_ident()
        return {"picked": limit}

    @chat.on_tag_search
    def search(query: str) -> list[dict[str, str]]:
        ran_on["tag search"] = threading.get_ident()
        return [{"id": "e1", "title": query}]

    wire = Wire(chat)
    created = await wire.call("create", create("hi"))
    thread_id = created[0]["thread"]["id"]
    action = {
        "type": "threads.custom_action",
        "params": {"thread_id": thread_id, "action": {"type": "steps", "payload": {}}},
    }
    events = await wire.call("act", action)
    kinds = [
        e["text"] if e["type"] == "progress_update" else e["update"]["delta"]
        for e in events
        if e["type"] == "progress_update"
        or (e["type"] == "thread.item.updated" and "delta" in e["update"])
    ]
    assert kinds == ["one", "first ", "two", "second"]
    tool = await wire.answered(
        callback(chat, "onClientTool", {"name": "pick", "params": {"limit": 3}})
    )
    found = await wire.answered(callback(chat, "entities.onTagSearch", "ada"))
    assert tool[-1]["body"] == '{"picked": 3}'
    assert found[-1]["body"] == '[{"id": "e1", "title": "ada"}]'
    assert set(ran_on) == {"action", "client tool", "tag search"}
    assert loop_thread not in ran_on.values()


def callback(chat: ChatKit, slot: str, *args: Any) -> str:
    request_id = f"cb-{slot}"
    frame = {"ns": "chatkit", "type": "request", "id": request_id, "kind": "callback"}
    chat._handle_custom_msg({**frame, "slot": slot, "args": list(args)}, [])
    return request_id


async def test_a_sync_client_action_may_drive_the_ui() -> None:
    """`ctx.chat.send_message(...)` from a sync `handler: "client"` action, on its worker thread."""
    chat = ChatKit(respond=lambda message: "ok")

    @chat.action("ask")
    def ask(action: Any, item: Any, ctx: Any) -> None:
        ctx.chat.send_message(f"tell me about {action.payload['topic']}")

    wire = Wire(chat)
    chat._handle_custom_msg({"ns": "chatkit", "type": "view", "view": "v1", "open": True}, [])
    action = {"type": "ask", "payload": {"topic": "otters"}}
    frames = await wire.answered(callback(chat, "widgets.onAction", action, {"id": "w1"}))
    assert frames[-1]["type"] == "response"
    calls = [f for sent in wire.by_id.values() for f in sent if f["type"] == "call"]
    assert [(c["method"], c["args"][0]["text"]) for c in calls] == [
        ("sendUserMessage", "tell me about otters")
    ]
    assert not chat.errors


class Source:
    """A generator of `length` ints, some slow, recording what it produced and where it closed."""

    def __init__(self, rng: random.Random) -> None:
        self.length = rng.randrange(0, 60)
        self.naps = {i for i in range(self.length) if rng.random() < 0.05}
        self.produced: list[int] = []
        self.closed_in: list[int] = []

    def __iter__(self) -> Iterator[int]:
        try:
            for i in range(self.length):
                if i in self.naps:
                    time.sleep(0.0005)  # a slow network read
                self.produced.append(i)
                yield i
        finally:
            self.closed_in.append(threading.get_ident())


async def stop_at_random(rng: random.Random, ahead: int, problems: list[str]) -> bool:
    """One generator consumed and cancelled at a random point; True if it was stopped early."""
    source = Source(rng)
    consumed: list[int] = []

    async def consume() -> None:
        async for item in user_code.iterate(iter(source), ahead=ahead):
            if ahead == 0 and len(source.produced) != len(consumed) + 1:
                problems.append(f"ahead=0 ran ahead: {len(source.produced)} for {len(consumed)}")
            consumed.append(item)
            if rng.random() < 0.3:
                await asyncio.sleep(0)

    task = asyncio.ensure_future(consume())
    for _ in range(rng.randrange(0, 30)):
        await asyncio.sleep(0)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    if source.produced:  # a generator that never started has no `finally` to run
        await until(lambda: bool(source.closed_in), timeout=10)
        if source.closed_in[0] == threading.get_ident():
            problems.append("closed on the event loop's thread")
    if consumed != list(range(len(consumed))):
        problems.append(f"out of order: {consumed[:10]}")
    return len(consumed) < source.length


async def test_a_thousand_sync_generators_stopped_at_random_points() -> None:
    """The thread hand-over itself (`user_code.iterate`), with every read-ahead in use: items
    arrive in order, a read-ahead of 0 never runs the generator ahead of the consumer, each
    stopped generator is closed in its own thread, and no thread is left behind."""
    rng = random.Random(2024)
    threads_before = threading.active_count()
    problems: list[str] = []
    stopped = 0
    for _ in range(1_000):
        stopped += await stop_at_random(rng, rng.choice([0, 1, 2, 256]), problems)
    await until(lambda: threading.active_count() <= threads_before, timeout=10)
    print(f"\nsync generators: 1,000 runs, {stopped} stopped mid-way, all closed, in order")
    assert problems == []
    assert stopped > 100


WIDGET_NOTEBOOK = [
    """
import threading
import ipywidgets as widgets
from chatkit_notebook import ChatKit

bar = widgets.IntProgress(max=3)

def respond(message):
    for i in range(3):
        bar.value = i + 1  # a trait set from the worker thread
        yield f"{i} "
    print("printed by respond on", threading.current_thread().name)
    yield threading.current_thread().name

chat = ChatKit(respond=respond)
bar
""",
    """
reply = await chat.ask("go")
print("reply:", reply.text, reply.errors)
""",
]


def test_a_sync_respond_may_set_widget_traits_in_a_real_kernel(tmp_path: Any) -> None:
    """In a real ipykernel (nbclient), a sync `respond` on its worker thread sets an ipywidgets
    trait: the update reaches the front end (nbclient keeps the widget state it receives), and
    what it prints lands in the cell that asked."""
    from ..notebooks import run_cells, widget_state

    notebook = run_cells(WIDGET_NOTEBOOK, tmp_path / "widgets.ipynb")
    asked = "".join(o.get("text", "") for o in notebook.cells[1].outputs)
    state = widget_state(notebook)
    bars = [m["state"] for m in state.values() if m["model_name"] == "IntProgressModel"]
    print(f"\nwidget from a worker thread: {asked.strip()!r}, bar state {bars[0].get('value')}")
    assert "reply: 0 1 2 chatkit-respond []" in asked
    assert "printed by respond on chatkit-respond" in asked
    assert bars[0]["value"] == 3
