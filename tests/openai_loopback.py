"""A loopback HTTP server that speaks OpenAI's streaming protocol, for the real `AsyncOpenAI` client.

OpenAI's API is unreachable from the tests, so this server stands in for it on 127.0.0.1: each
`POST /v1/responses` or `POST /v1/chat/completions` with `stream: true` is answered with the next
scripted turn, as Responses API SSE events or as chat-completion chunks, and every request is
recorded.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from typing import Any

from agents import ModelSettings, ModelTracing
from openai.types import CompletionUsage
from openai.types.chat import ChatCompletionChunk
from openai.types.chat.chat_completion_chunk import (
    Choice,
    ChoiceDelta,
    ChoiceDeltaToolCall,
    ChoiceDeltaToolCallFunction,
)

from chatkit_notebook.testing import ScriptedModel, Text, ToolCall, Turn


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class OpenAILoopback:
    """`async with OpenAILoopback([turn(...), ...]) as api:` then point a client at `api.base_url`."""

    def __init__(self, turns: list[Turn]) -> None:
        self.turns = list(turns)
        self.requests: list[Request] = []
        self.base_url = ""
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> OpenAILoopback:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}/v1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await _read_request(reader)
        self.requests.append(request)
        if request.path == "/v1/responses":
            frames = await _responses_frames(self.turns.pop(0))
        elif request.path == "/v1/chat/completions":
            frames = _chat_frames(self.turns.pop(0), request.body["model"])
        else:
            writer.write(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            await writer.drain()
            writer.close()
            return
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            b"Cache-Control: no-cache\r\nConnection: close\r\n\r\n"
        )
        for frame in frames:  # one write per event, as a real stream arrives
            writer.write(frame.encode())
            await writer.drain()
        writer.close()
        await writer.wait_closed()


async def _read_request(reader: asyncio.StreamReader) -> Request:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    method, path, _ = head[0].split(" ", 2)
    headers = {}
    for line in head[1:]:
        if line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return Request(method, path, headers, json.loads(body) if body else {})


async def _responses_frames(turn: Turn) -> list[str]:
    """The turn as Responses API SSE, via the same events ScriptedModel yields in process."""
    model = ScriptedModel([turn])
    stream = model.stream_response(None, [], ModelSettings(), [], None, [], ModelTracing.DISABLED)
    return [f"event: {event.type}\ndata: {event.model_dump_json()}\n\n" async for event in stream]


def _chat_frames(turn: Turn, model: str) -> list[str]:
    """The turn as chat-completion chunks: content deltas, tool-call deltas, finish, usage."""

    def chunk(delta: ChoiceDelta | None = None, finish: Any = None, **extra: Any) -> str:
        choices = [] if delta is None else [Choice(index=0, delta=delta, finish_reason=finish)]
        data = ChatCompletionChunk(
            id="chatcmpl-loopback",
            object="chat.completion.chunk",
            created=0,
            model=model,
            choices=choices,
            **extra,
        )
        return f"data: {data.model_dump_json(exclude_none=True)}\n\n"

    frames = [chunk(ChoiceDelta(role="assistant", content=""))]
    calls = 0
    for step in turn.steps:
        if isinstance(step, Text):
            frames += [chunk(ChoiceDelta(content=part)) for part in step.chunks]
        elif isinstance(step, ToolCall):
            call = ChoiceDeltaToolCall(
                index=calls,
                id=step.call_id or f"call_{uuid.uuid4().hex[:12]}",
                type="function",
                function=ChoiceDeltaToolCallFunction(name=step.name, arguments=step.arguments),
            )
            frames.append(chunk(ChoiceDelta(tool_calls=[call])))
            calls += 1
    frames.append(chunk(ChoiceDelta(), finish="tool_calls" if calls else "stop"))
    usage = CompletionUsage(prompt_tokens=10, completion_tokens=5, total_tokens=15)
    frames.append(chunk(usage=usage))
    return [*frames, "data: [DONE]\n\n"]
