"""Drives the Bridge frame by frame, exactly as js/rpc.ts does, and collects its replies."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import defaultdict
from typing import Any

from chatkit_notebook.bridge.core import Bridge
from chatkit_notebook.errors import ErrorLog

TERMINAL = {"response", "end", "error"}
_ids = itertools.count(1)


def user_input(text: str) -> dict[str, Any]:
    return {
        "content": [{"type": "input_text", "text": text}],
        "attachments": [],
        "inference_options": {},
    }


def create(text: str) -> dict[str, Any]:
    return {"type": "threads.create", "params": {"input": user_input(text)}}


def add_message(thread_id: str, text: str) -> dict[str, Any]:
    return {
        "type": "threads.add_user_message",
        "params": {"thread_id": thread_id, "input": user_input(text)},
    }


class Harness:
    def __init__(self, server: Any, context: Any = None) -> None:
        self.server = server
        self.frames: list[dict[str, Any]] = []
        self.by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._answered: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.errors = ErrorLog()
        self.contexts: list[Any] = []

        async def get_server() -> Any:
            return server

        def make_context(info: Any) -> Any:
            self.contexts.append(info)
            return {} if context is None else context

        self.bridge = Bridge(get_server, self._send, make_context, self.errors)

    def _send(self, frame: dict[str, Any]) -> None:
        json.dumps(frame)  # every frame must be JSON-serialisable, as the comm requires
        self.frames.append(frame)
        self.by_id[frame["id"]].append(frame)
        if frame["type"] in TERMINAL:
            self._answered[frame["id"]].set()

    def send(self, request: dict[str, Any] | str, request_id: str | None = None) -> str:
        request_id = request_id or f"req-{next(_ids)}"
        body = request if isinstance(request, str) else json.dumps(request)
        self.bridge.handle(
            {
                "ns": "chatkit",
                "type": "request",
                "id": request_id,
                "kind": "fetch",
                "body": body,
                "headers": {"accept-language": "en"},
            }
        )
        return request_id

    def cancel(self, request_id: str) -> None:
        self.bridge.handle({"ns": "chatkit", "type": "cancel", "id": request_id})

    async def answer(self, request_id: str, timeout: float = 10) -> list[dict[str, Any]]:
        await asyncio.wait_for(self._answered[request_id].wait(), timeout)
        await asyncio.sleep(0)
        return self.by_id[request_id]

    async def call(self, request: dict[str, Any] | str) -> Any:
        """The parsed JSON of a JSON request, or the list of SSE events of a stream."""
        frames = await self.answer(self.send(request))
        terminal = frames[-1]
        if terminal["type"] == "error":
            raise BridgeError(terminal["error"])
        if terminal["type"] == "response":
            assert len(frames) == 1
            return json.loads(terminal["body"])
        return events_of(frames)


def events_of(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    data = "".join(f["data"] for f in frames if f["type"] == "chunk")
    return [json.loads(block[len("data: ") :]) for block in data.split("\n\n") if block]


class BridgeError(Exception):
    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error["message"])
        self.error = error


class WidgetHarness:
    """Drives a real `ChatKit` widget through its comm handler, as the browser would."""

    def __init__(self, chat: Any) -> None:
        self.chat = chat
        self.sent: list[dict[str, Any]] = []
        chat.send = self.sent.append

    def frame(self, frame: dict[str, Any]) -> None:
        self.chat._handle_custom_msg({"ns": "chatkit", **frame}, [])

    def request(self, body: dict[str, Any]) -> str:
        request_id = f"req-{next(_ids)}"
        self.frame({"type": "request", "id": request_id, "kind": "fetch", "body": json.dumps(body)})
        return request_id

    def callback(self, slot: str, *args: Any) -> str:
        request_id = f"cb-{next(_ids)}"
        self.frame(
            {
                "type": "request",
                "id": request_id,
                "kind": "callback",
                "slot": slot,
                "args": list(args),
            }
        )
        return request_id

    async def answered(self, request_id: str) -> list[dict[str, Any]]:
        for _ in range(2000):
            frames = [f for f in self.sent if f.get("id") == request_id]
            if frames and frames[-1]["type"] in TERMINAL:
                return frames
            await asyncio.sleep(0.005)
        raise AssertionError(f"{request_id} was never answered")

    async def call(self, body: dict[str, Any]) -> Any:
        frames = await self.answered(self.request(body))
        if frames[-1]["type"] == "error":
            raise BridgeError(frames[-1]["error"])
        if frames[-1]["type"] == "response":
            return json.loads(frames[-1]["body"])
        return events_of(frames)

    async def invoke(self, slot: str, *args: Any) -> Any:
        """The JSON result of a callback slot, or BridgeError with the message the UI would get."""
        (answer,) = await self.answered(self.callback(slot, *args))
        if answer["type"] == "error":
            raise BridgeError(answer["error"])
        return json.loads(answer["body"])

    def calls(self) -> list[dict[str, Any]]:
        return [f for f in self.sent if f["type"] == "call"]
