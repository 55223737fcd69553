"""One chat turn without a browser: for tests, evaluations and scripted conversations."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .bridge import Bridge


@dataclass(frozen=True)
class Reply:
    """What one turn produced: the thread it ran in, its new items (plain dicts) and the text."""

    thread_id: str
    items: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""
    events: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def errors(self) -> list[str]:
        """Messages of the `error` events the turn streamed (the UI would show them)."""
        return [
            e.get("message") or e.get("code", "error") for e in self.events if e["type"] == "error"
        ]

    def __str__(self) -> str:
        return self.text


async def ask(bridge: Bridge, text: str, thread_id: str | None = None) -> Reply:
    user_input = {
        "content": [{"type": "input_text", "text": text}],
        "attachments": [],
        "inference_options": {},
    }
    if thread_id is None:
        request = {"type": "threads.create", "params": {"input": user_input}}
    else:
        request = {
            "type": "threads.add_user_message",
            "params": {"thread_id": thread_id, "input": user_input},
        }
    events: list[dict[str, Any]] = await bridge.call(json.dumps(request))
    return _reply_from(events, thread_id)


def _reply_from(events: list[dict[str, Any]], thread_id: str | None) -> Reply:
    items: dict[str, dict[str, Any]] = {}
    for event in events:
        kind = event["type"]
        if kind == "thread.created":
            thread_id = event["thread"]["id"]
        elif kind in ("thread.item.done", "thread.item.replaced"):
            items[event["item"]["id"]] = event["item"]
        elif kind == "thread.item.removed":
            items.pop(event["item_id"], None)
    text = "\n\n".join(
        "".join(part.get("text", "") for part in item.get("content", []))
        for item in items.values()
        if item["type"] == "assistant_message"
    )
    if thread_id is None:
        raise RuntimeError("the server streamed no thread.created event")
    return Reply(thread_id=thread_id, items=list(items.values()), text=text, events=events)
