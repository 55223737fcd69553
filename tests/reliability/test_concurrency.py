"""Concurrency in one kernel: two chats, 50 streams each over 5 threads, interleaved at random.

Every `respond` call yields chunks tagged with its own request's marker, with random yields to the
event loop in between, while JSON requests (lists, reads) run alongside. Both chats use the same
request ids, since each widget has its own comm. Afterwards: no chunk reached another request id
or the other chat, every stream ended once, and each thread's items are serialized (each user
message is followed directly by the assistant message answering it).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from chatkit_notebook import ChatKit
from tests.harness import add_message, create

from .helpers import Wire, events_of, streamed_text, ticks

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

THREADS = 5
STREAMS = 50  # per chat
PARTS = 8


def tagged_respond(rng: random.Random) -> Any:
    async def respond(message: str) -> AsyncIterator[str]:
        for i in range(PARTS):
            yield f"[{message}:{i}]"
            for _ in range(rng.randrange(0, 4)):
                await asyncio.sleep(0)
            if rng.random() < 0.1:
                await asyncio.sleep(0.001)

    return respond


async def test_interleaved_streams_in_two_chats() -> None:
    rng = random.Random(99)
    chats = {name: ChatKit(respond=tagged_respond(rng)) for name in ("A", "B")}
    wires = {name: Wire(chat) for name, chat in chats.items()}
    threads: dict[str, list[str]] = {}
    for name, wire in wires.items():
        threads[name] = []
        for t in range(THREADS):
            events = await wire.call(f"{name}-setup-{t}", create(f"{name}-setup-{t}"))
            threads[name].append(events[0]["thread"]["id"])

    # 50 streams per chat, same request ids in both chats, sent in a random interleaving
    plan = [(name, n) for name in wires for n in range(STREAMS)]
    rng.shuffle(plan)
    markers: dict[tuple[str, str], str] = {}
    for name, n in plan:
        request_id = f"s{n}"
        marker = f"{name}-{n}"
        thread_id = threads[name][n % THREADS]
        markers[name, request_id] = marker
        wires[name].request(request_id, add_message(thread_id, marker))
        if rng.random() < 0.3:
            wires[name].request(f"list{n}", {"type": "threads.list", "params": {"limit": 50}})
        if rng.random() < 0.3:
            wires[name].request(
                f"read{n}", {"type": "items.list", "params": {"thread_id": thread_id}}
            )
        await ticks(rng.randrange(0, 3))

    for wire in wires.values():
        for n in range(STREAMS):
            await wire.answered(f"s{n}", timeout=30)
    await ticks(5)

    wrong = 0
    chunks = 0
    for (name, request_id), marker in markers.items():
        frames = wires[name].by_id[request_id]
        assert [f["type"] for f in frames if f["type"] != "chunk"] == ["end"]
        assert frames[-1]["cancelled"] is False
        for frame in frames:
            if frame["type"] != "chunk":
                continue
            chunks += 1
            for event in events_of([frame]):
                if event["type"] == "thread.item.updated" and "delta" in event["update"]:
                    wrong += not event["update"]["delta"].startswith(f"[{marker}:")
        assert streamed_text(frames) == "".join(f"[{marker}:{i}]" for i in range(PARTS))

    interleaved = 0
    for name, chat in chats.items():
        for thread_id in threads[name]:
            page = await chat.store.load_thread_items(thread_id, None, 200, "asc", {})
            items = page.data
            assert [i.type for i in items] == ["user_message", "assistant_message"] * (
                len(items) // 2
            )
            for user, assistant in zip(items[::2], items[1::2], strict=True):
                marker = user.content[0].text  # type: ignore[union-attr]
                answer = assistant.content[0].text  # type: ignore[union-attr]
                interleaved += answer != "".join(f"[{marker}:{i}]" for i in range(PARTS))
        assert chat._bridge.tasks == {}
        assert len(chat._bridge._thread_locks) == 0
    print(
        f"\nconcurrency: 2 chats x {STREAMS} streams over {THREADS} threads each, {chunks} chunk "
        f"frames, {wrong} deltas delivered to the wrong request id, {interleaved} answers out of "
        f"place in the store"
    )
    assert wrong == 0
    assert interleaved == 0
    for chat in chats.values():
        chat.close()


class SubshellThread:
    """A second thread with its own event loop, as ipykernel 7 runs comm messages when
    JupyterLab sends them over a subshell (`commsOverSubshells`, on by default in JupyterLab
    4.6): the comm handler then runs there, while cells (and `chat.ask`) run on the main loop."""

    def __init__(self) -> None:
        import threading

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="subshell", daemon=True)
        self.thread.start()

    def deliver(self, chat: ChatKit, frame: dict[str, Any]) -> None:
        """Hand a comm message to the chat on the subshell's loop, as ipykernel would."""

        async def handle() -> None:
            chat._handle_custom_msg(frame, [])

        asyncio.run_coroutine_threadsafe(handle(), self.loop).result(timeout=5)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        self.loop.close()


async def test_a_ui_stream_on_a_subshell_and_ask_on_the_main_loop_share_a_thread() -> None:
    """The UI streams into a thread (comm handled on a subshell thread) while a cell runs
    `await chat.ask(..., thread_id=...)` on the same thread: both turns complete, serialized."""
    import threading

    from .helpers import request_frame

    release = threading.Event()

    async def respond(message: str) -> AsyncIterator[str]:
        yield f"[{message}:0]"
        while message == "ui" and not release.is_set():  # noqa: ASYNC110 (a threading.Event)
            await asyncio.sleep(0.005)
        yield f"[{message}:1]"

    chat = ChatKit(respond=respond)
    thread_id = (await chat.ask("setup")).thread_id
    wire = Wire(chat)
    subshell = SubshellThread()
    try:
        subshell.deliver(chat, request_frame("ui-1", add_message(thread_id, "ui")))
        for _ in range(200):  # the UI stream holds the thread now
            if wire.by_id["ui-1"]:
                break
            await asyncio.sleep(0.005)
        ask = asyncio.ensure_future(chat.ask("cell", thread_id=thread_id))
        await asyncio.sleep(0.05)
        release.set()
        released = time.monotonic()
        await asyncio.wait({ask}, timeout=3)  # no polling: only a real wake-up ends this early
        ask_waited = time.monotonic() - released
        reply = await asyncio.wait_for(ask, 10)
        for _ in range(400):
            if wire.terminals("ui-1"):
                break
            await asyncio.sleep(0.005)
        frames = wire.by_id["ui-1"]
        print(
            f"\nsubshell + main loop on one thread: UI stream ended with "
            f"{frames[-1]['type'] if frames else 'nothing'}, ask replied {reply.text!r} "
            f"{reply.errors} {ask_waited:.2f} s after the UI stream was released"
        )
        assert frames[-1]["type"] == "end"
        assert streamed_text(frames) == "[ui:0][ui:1]"
        assert reply.errors == []
        assert reply.text == "[cell:0][cell:1]"
        assert ask_waited < 1  # woken when the UI stream released the thread, not by chance
        page = await chat.store.load_thread_items(thread_id, None, 20, "asc", {})
        texts = [item.content[0].text for item in page.data]  # type: ignore[union-attr]
        assert texts[2:] == ["ui", "[ui:0][ui:1]", "cell", "[cell:0][cell:1]"]
    finally:
        subshell.close()
        chat.close()
