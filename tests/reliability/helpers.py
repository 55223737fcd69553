"""Shared tools of the reliability tests: a faithful comm, store snapshots, frame bookkeeping."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from typing import Any

from jupyter_client.session import json_packer

from chatkit_notebook import ChatKit

TERMINAL = frozenset({"response", "end", "error"})


def request_frame(
    request_id: str, body: dict[str, Any] | str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "ns": "chatkit",
        "type": "request",
        "id": request_id,
        "kind": "fetch",
        "body": body if isinstance(body, str) else json.dumps(body),
        "headers": headers or {"accept-language": "en"},
    }


class Wire:
    """Stands in for `ChatKit.send`: packs every frame exactly as jupyter_client does, so a frame
    the real comm could not carry fails here too (and the bridge sees the same exception)."""

    def __init__(self, chat: ChatKit | None = None) -> None:
        self.by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.count = 0
        self.unsendable: list[tuple[dict[str, Any], BaseException]] = []
        self._events: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        if chat is not None:
            chat.send = self  # type: ignore[method-assign]
        self.chat = chat

    def __call__(self, frame: dict[str, Any], *_: Any, **__: Any) -> None:
        try:
            json_packer(frame)
        except Exception as exc:
            self.unsendable.append((frame, exc))
            raise
        self.count += 1
        self.by_id[frame["id"]].append(frame)
        if frame["type"] in TERMINAL:
            self._events[frame["id"]].set()

    def request(
        self,
        request_id: str,
        body: dict[str, Any] | str,
        headers: dict[str, str] | None = None,
    ) -> str:
        assert self.chat is not None
        self.chat._handle_custom_msg(request_frame(request_id, body, headers), [])
        return request_id

    def cancel(self, request_id: str) -> None:
        assert self.chat is not None
        self.chat._handle_custom_msg({"ns": "chatkit", "type": "cancel", "id": request_id}, [])

    async def answered(self, request_id: str, timeout: float = 60) -> list[dict[str, Any]]:
        await asyncio.wait_for(self._events[request_id].wait(), timeout)
        await asyncio.sleep(0)
        return self.by_id[request_id]

    def terminals(self, request_id: str) -> int:
        return sum(frame["type"] in TERMINAL for frame in self.by_id[request_id])

    def forget(self, request_id: str) -> None:
        self.by_id.pop(request_id, None)
        self._events.pop(request_id, None)

    async def call(self, request_id: str, body: dict[str, Any] | str, **kw: Any) -> Any:
        frames = await self.answered(self.request(request_id, body, **kw))
        last = frames[-1]
        if last["type"] == "response":
            return json.loads(last["body"])
        if last["type"] == "error":
            raise AssertionError(f"{request_id} failed: {last['error']}")
        return events_of(frames)


def events_of(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    data = "".join(f["data"] for f in frames if f["type"] == "chunk")
    return [json.loads(block[len("data: ") :]) for block in data.split("\n\n") if block]


def streamed_text(frames: list[dict[str, Any]]) -> str:
    """The assistant text deltas the client saw, in order."""
    return "".join(
        e["update"]["delta"]
        for e in events_of(frames)
        if e["type"] == "thread.item.updated" and e["update"]["type"].endswith("text_delta")
    )


async def snapshot(store: Any, context: Any = None) -> dict[str, Any]:
    """Every thread of one user with every item, as JSON text, through the public Store API."""
    context = {} if context is None else context
    threads: dict[str, Any] = {}
    after = None
    while True:
        page = await store.load_threads(100, after, "asc", context)
        for thread in page.data:
            items: list[str] = []
            item_after = None
            while True:
                item_page = await store.load_thread_items(
                    thread.id, item_after, 100, "asc", context
                )
                items.extend(item.model_dump_json() for item in item_page.data)
                if not item_page.has_more:
                    break
                item_after = item_page.after
            threads[thread.id] = (thread.model_dump_json(), items)
        if not page.has_more:
            return threads
        after = page.after


async def ticks(n: int) -> None:
    for _ in range(n):
        await asyncio.sleep(0)
