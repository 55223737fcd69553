"""Cancellation: 1,000 streams cancelled at random points, through the widget's comm handler.

Each stream is cancelled after a random number of event-loop ticks (0 = in the same tick as the
request). Afterwards: every id got exactly one terminal frame, no task is left (neither in
`bridge.tasks` nor in `asyncio.all_tasks()`), no thread lock is left, each partial reply whose
text reached the client is persisted (the client's text is a prefix of the stored text), and
memory stays flat (tracemalloc after 1,000 cancellations vs after 100).
"""

from __future__ import annotations

import asyncio
import gc
import random
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from chatkit_notebook import ChatKit, MemoryStore
from tests.harness import add_message, create

from .helpers import Wire, events_of, streamed_text, ticks

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

STREAMS = 1_000
WORDS = 20
MAX_DELAY = 40  # ticks; a whole stream takes about 30
GROWTH_LIMIT = 64 * 1024  # bytes allowed to grow between cancellation 100 and 1,000


async def respond(message: str) -> AsyncIterator[str]:
    for i in range(WORDS):
        yield f"w{i} "
        await asyncio.sleep(0)


class RecordingStore(MemoryStore):
    """Records what is written, so the test checks the store without parsing JSON through
    pydantic (whose bounded string cache would otherwise show up as memory growth)."""

    def __init__(self) -> None:
        super().__init__()
        self.thread_ids: list[str] = []
        self.assistant_text: dict[str, str] = {}

    async def save_thread(self, thread: Any, context: Any) -> None:
        await super().save_thread(thread, context)
        if thread.id not in self.thread_ids:
            self.thread_ids.append(thread.id)

    async def add_thread_item(self, thread_id: str, item: Any, context: Any) -> None:
        await super().add_thread_item(thread_id, item, context)
        if item.type == "assistant_message":
            self.assistant_text[item.id] = "".join(part.text for part in item.content)

    async def clear(self) -> None:
        for thread_id in self.thread_ids:
            await self.delete_thread(thread_id, {})
        self.thread_ids.clear()
        self.assistant_text.clear()


async def test_a_thousand_random_cancellations() -> None:
    rng = random.Random(1234)
    store = RecordingStore()
    chat = ChatKit(respond=respond, store=store)
    wire = Wire(chat)
    await wire.call("warm-up", create("hello"))  # builds the server before measuring
    await store.clear()
    stats: Counter[str] = Counter()
    problems: list[str] = []
    mine = asyncio.current_task()
    memory: dict[int, int] = {}
    tracemalloc.start()
    try:
        for n in range(1, STREAMS + 1):
            request_id = f"c{n}"
            delay = rng.randrange(0, MAX_DELAY)
            wire.request(request_id, create("hello"))
            await ticks(delay)
            wire.cancel(request_id)
            for _ in range(1000):
                if not chat._bridge.tasks:
                    break
                await asyncio.sleep(0)
            await ticks(2)
            frames = wire.by_id[request_id]
            terminals = [f for f in frames if f["type"] in {"response", "end", "error"}]
            if len(terminals) != 1:
                problems.append(
                    f"{request_id} (cancelled after {delay} ticks): "
                    f"{len(terminals)} terminal frames"
                )
            elif terminals[0]["type"] == "end" and terminals[0]["cancelled"]:
                stats["cancelled"] += 1
            if chat._bridge.tasks or len(chat._bridge._thread_locks):
                problems.append(f"{request_id}: tasks or thread locks left over")
            seen = streamed_text(frames)
            stored = "".join(store.assistant_text.values())
            if seen:
                if stored.startswith(seen) and stored.strip():
                    stats["partial replies persisted"] += 1
                else:
                    problems.append(f"{request_id}: client saw {seen!r}, store kept {stored!r}")
            await store.clear()
            wire.forget(request_id)
            if n in (100, STREAMS):
                gc.collect()
                memory[n] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()

    leftover = [t for t in asyncio.all_tasks() if t is not mine and not t.done()]
    growth = memory[STREAMS] - memory[100]
    print(
        f"\ncancellation: {STREAMS} streams, {stats['cancelled']} cancelled mid-way, "
        f"{STREAMS - stats['cancelled']} finished (or were lost) first, "
        f"{stats['partial replies persisted']} replies with streamed text persisted, "
        f"{len(chat._bridge.tasks)} bridge tasks and {len(leftover)} asyncio tasks left, "
        f"memory {memory[100] / 1024:.0f} KiB after 100 -> {memory[STREAMS] / 1024:.0f} KiB "
        f"after {STREAMS} ({growth / 1024:+.1f} KiB), {len(problems)} problems"
    )
    for problem in problems[:10]:
        print("  PROBLEM", problem)
    assert leftover == []
    assert chat._bridge.tasks == {}
    assert growth < GROWTH_LIMIT
    assert problems == []
    chat.close()


async def test_a_cancel_in_the_same_tick_as_the_request_is_answered() -> None:
    chat = ChatKit(respond=respond)
    wire = Wire(chat)
    await wire.call("warm-up", create("warm up"))
    wire.request("r1", create("hello"))
    wire.cancel("r1")
    await ticks(20)
    print(f"\nsame-tick cancel: {[f['type'] for f in wire.by_id['r1']]}")
    assert wire.by_id["r1"] == [{"ns": "chatkit", "type": "end", "id": "r1", "cancelled": True}]
    assert chat._bridge.tasks == {}
    chat.close()


async def test_close_answers_requests_that_have_not_started() -> None:
    chat = ChatKit(respond=respond)
    wire = Wire(chat)
    await wire.call("warm-up", create("warm up"))
    wire.request("r1", create("hello"))
    chat.close()
    await ticks(20)
    assert [f["type"] for f in wire.by_id["r1"]] == ["end"]


async def test_cancel_for_unknown_and_finished_ids_is_harmless() -> None:
    chat = ChatKit(respond=respond)
    wire = Wire(chat)
    events = await wire.call("r1", create("hello"))
    thread_id = events[0]["thread"]["id"]
    sent = wire.count
    for request_id in ("r1", "never-sent", "r1", "x" * 200):
        wire.cancel(request_id)
    await ticks(5)
    assert wire.count == sent
    assert len(chat.errors) == 0
    # ...and the chat goes on: the finished stream's thread takes another message
    again = await wire.call("r2", add_message(thread_id, "again"))
    assert [e for e in again if e["type"] == "error"] == []
    items = await chat.store.load_thread_items(thread_id, None, 20, "asc", {})
    assert [i.type for i in items.data] == ["user_message", "assistant_message"] * 2
    print(f"\ncancel of unknown/finished ids: 0 frames sent, 0 errors, {len(events)} events")


async def test_cancelling_a_queued_stream_on_a_busy_thread() -> None:
    """A stream waiting for its thread's lock is cancelled: it ends, the lock is released."""
    gate = asyncio.Event()

    async def slow(message: str) -> AsyncIterator[str]:
        yield "first "
        if message == "hold":
            await gate.wait()
        yield "done"

    chat = ChatKit(respond=slow)
    wire = Wire(chat)
    thread_id = (await wire.call("r0", create("go")))[0]["thread"]["id"]
    wire.request("r1", add_message(thread_id, "hold"))
    await ticks(10)
    wire.request("r2", add_message(thread_id, "queued"))
    await ticks(10)
    wire.cancel("r2")
    frames = await wire.answered("r2")
    assert frames[-1]["cancelled"] is True
    gate.set()
    frames = await wire.answered("r1")
    assert streamed_text(frames) == "first done"
    assert len(chat._bridge._thread_locks) == 0
    items = await chat.store.load_thread_items(thread_id, None, 20, "asc", {})
    assert [i.type for i in items.data] == ["user_message", "assistant_message"] * 2
    assert events_of(frames)[-1]["type"] in {"thread.item.done", "thread.updated"}
    chat.close()
