"""One chat turn without a browser: for tests, evaluations and scripted conversations."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..redaction import redact_text

if TYPE_CHECKING:
    from .core import Bridge


@dataclass(frozen=True)
class Reply:
    """What one turn produced: the thread it ran in, its new items (plain dicts) and the text."""

    thread_id: str
    items: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""
    events: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def errors(self) -> list[str]:
        """Messages of the `error` events the turn streamed (the UI would show them), with
        credentials redacted: a cell printing them is saved with the notebook."""
        return [
            redact_text(e.get("message") or e.get("code", "error"))
            for e in self.events
            if e["type"] == "error"
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


async def custom_action(
    bridge: Bridge, thread_id: str, action: dict[str, Any], item_id: str | None = None
) -> Reply:
    """Send a widget action to the server as a click would; the Reply holds what it streamed."""
    extra = {"item_id": item_id} if item_id is not None else {}
    return await _stream(bridge, "threads.custom_action", thread_id, action=action, **extra)


async def retry(bridge: Bridge, thread_id: str, item_id: str) -> Reply:
    """Answer the user message `item_id` again (ChatKit's `threads.retry_after_item`)."""
    return await _stream(bridge, "threads.retry_after_item", thread_id, item_id=item_id)


async def client_tool_output(bridge: Bridge, thread_id: str, result: Any) -> Reply:
    """Hand a client tool's result back, as the UI does after `onClientTool`; the run resumes."""
    return await _stream(bridge, "threads.add_client_tool_output", thread_id, result=result)


async def _stream(bridge: Bridge, request_type: str, thread_id: str, **params: Any) -> Reply:
    request = {"type": request_type, "params": {"thread_id": thread_id, **params}}
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


async def list_threads(bridge: Bridge) -> list[dict[str, Any]]:
    """Every thread the chat's store holds for the chat's context, newest first."""
    return await _all_pages(bridge, "threads.list", {})


async def list_items(bridge: Bridge, thread_id: str) -> list[dict[str, Any]]:
    """Every visible item of a thread, oldest first, as the UI would receive them."""
    return await _all_pages(bridge, "items.list", {"thread_id": thread_id, "order": "asc"})


async def _all_pages(
    bridge: Bridge, request_type: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        page_params = {**params, "limit": 100, **({"after": after} if after else {})}
        page = await bridge.call(json.dumps({"type": request_type, "params": page_params}))
        data.extend(page["data"])
        if not page["has_more"]:
            return data
        after = page["after"]


def to_markdown(title: str | None, items: list[dict[str, Any]]) -> str:
    """A readable transcript: user and assistant text, widgets and tool calls summarised."""
    lines = [f"# {title or 'Untitled thread'}", ""]
    for item in items:
        kind = item["type"]
        if kind == "user_message":
            text = "".join(part.get("text", "") for part in item["content"])
            lines += ["**User:**", "", text, ""]
        elif kind == "assistant_message":
            text = "".join(part.get("text", "") for part in item["content"])
            lines += ["**Assistant:**", "", text, ""]
        elif kind == "widget":
            lines += [f"*[widget: {item['widget'].get('type', 'widget')}]*", ""]
        elif kind == "client_tool_call":
            lines += [f"*[client tool {item['name']}({json.dumps(item['arguments'])})]*", ""]
        elif kind == "workflow":
            tasks = [
                t.get("title") or t.get("content") or t["type"] for t in item["workflow"]["tasks"]
            ]
            lines += [f"*[{item['workflow']['type']}: {'; '.join(map(str, tasks))}]*", ""]
    return "\n".join(lines).rstrip() + "\n"
