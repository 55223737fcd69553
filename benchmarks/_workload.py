"""The streaming workload shared by B1 and B2, and the three ways of serving it.

The `respond=` function streams `int(message)` text deltas of four characters ("tok "), so the same
server answers any size. The three paths:

- limit:  iterate `server.process()` directly (what any transport must at least pay);
- bridge: `Bridge.handle()` with a fetch frame, counting SSE events in the chunk frames until
          `end`. The send function is either a list append, or a real `ChatKit` widget's
          `Widget.send` on a comm whose `publish_msg` serialises the message with a real
          `jupyter_client.session.Session` (what ipykernel does before the zmq send);
- http:   the same server behind FastAPI + uvicorn (its own process, loopback) as a
          `StreamingResponse`, read with httpx: the OpenAI advanced-samples architecture.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

from ._common import PYTHON, ROOT, perf_counter

DELTA = "tok "
_ids = itertools.count(1)


def respond(message: str) -> Iterator[str]:
    for _ in range(int(message)):
        yield DELTA


def create_body(n: int) -> str:
    return json.dumps(
        {
            "type": "threads.create",
            "params": {
                "input": {
                    "content": [{"type": "input_text", "text": str(n)}],
                    "attachments": [],
                    "inference_options": {},
                }
            },
        }
    )


def add_message_body(thread_id: str, text: str) -> str:
    return json.dumps(
        {
            "type": "threads.add_user_message",
            "params": {
                "thread_id": thread_id,
                "input": {
                    "content": [{"type": "input_text", "text": text}],
                    "attachments": [],
                    "inference_options": {},
                },
            },
        }
    )


def fetch_frame(body: str) -> dict[str, Any]:
    return {
        "ns": "chatkit",
        "type": "request",
        "id": f"bench-{next(_ids)}",
        "kind": "fetch",
        "body": body,
        "headers": {"accept-language": "en"},
    }


def function_server(store: Any = None) -> Any:
    from chatkit_notebook.errors import ErrorLog
    from chatkit_notebook.servers.function import FunctionServer
    from chatkit_notebook.stores import MemoryStore

    return FunctionServer(respond, store if store is not None else MemoryStore(), ErrorLog())


# -- limit ---------------------------------------------------------------------------------------


async def run_limit(server: Any, body: str) -> tuple[float, int]:
    """Seconds and SSE events for one request iterated straight off `process()`."""
    start = perf_counter()
    result = await server.process(body, {})
    events = 0
    async for _chunk in result:
        events += 1
    return perf_counter() - start, events


# -- bridge --------------------------------------------------------------------------------------


class Collector:
    """A send function that counts SSE events and chunk frames and wakes the waiter on `end`."""

    def __init__(self) -> None:
        self.events = 0
        self.chunks = 0
        self.done: asyncio.Event = asyncio.Event()
        self.error: Any = None

    def __call__(self, frame: dict[str, Any]) -> None:
        kind = frame["type"]
        if kind == "chunk":
            self.chunks += 1
            self.events += frame["data"].count("\n\n")
        elif kind in ("end", "error", "response"):
            if kind == "error":
                self.error = frame["error"]
            self.done.set()


def list_bridge(server: Any) -> tuple[Any, list[dict[str, Any]]]:
    """A Bridge whose send function is a plain list append (frames are kept, not inspected)."""
    from chatkit_notebook.bridge.core import Bridge
    from chatkit_notebook.errors import ErrorLog

    sent: list[dict[str, Any]] = []

    async def get_server() -> Any:
        return server

    return Bridge(get_server, sent.append, lambda _info: {}, ErrorLog()), sent


async def run_list_bridge(
    bridge: Any, sent: list[dict[str, Any]], body: str
) -> tuple[float, int, int]:
    """Seconds, SSE events, chunk frames. Counting happens after the clock stops."""
    sent.clear()
    frame = fetch_frame(body)
    start = perf_counter()
    bridge.handle(frame)
    await bridge.tasks[frame["id"]]
    elapsed = perf_counter() - start
    chunks = [f for f in sent if f["type"] == "chunk"]
    assert sent[-1]["type"] == "end", sent[-1]
    return elapsed, sum(f["data"].count("\n\n") for f in chunks), len(chunks)


def widget_chat(server: Any) -> tuple[Any, list[int]]:
    """A real `ChatKit` widget (comm created outside a kernel), whose comm serialises every message
    with a jupyter_client Session as ipykernel would; returns the widget and the byte tally."""
    from jupyter_client.session import Session

    from chatkit_notebook import ChatKit

    chat = ChatKit(server=server)
    session = Session(key=b"benchmark-key")
    tally = [0, 0]  # messages, bytes

    def publish_msg(
        msg_type: str,
        data: Any = None,
        metadata: Any = None,
        buffers: Any = None,
        **keys: Any,
    ) -> None:
        content = {"data": data, "comm_id": chat.comm.comm_id, **keys}
        msg = session.msg(msg_type, content=content, metadata=metadata or {})
        parts = session.serialize(msg)
        tally[0] += 1
        tally[1] += sum(len(p) for p in parts)

    chat.comm.publish_msg = publish_msg
    return chat, tally


async def run_widget_bridge(chat: Any, body: str) -> tuple[float, int, int]:
    collector = Collector()
    original = chat._send_frame

    def send(frame: dict[str, Any]) -> None:
        original(frame)  # Widget.send -> comm.send -> Session.serialize
        collector(frame)

    chat._bridge._send_frame = send
    frame = fetch_frame(body)
    start = perf_counter()
    chat._bridge.handle(frame)
    await collector.done.wait()
    elapsed = perf_counter() - start
    chat._bridge._send_frame = original
    assert collector.error is None, collector.error
    return elapsed, collector.events, collector.chunks


# -- http ----------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def http_server() -> Iterator[str]:
    """uvicorn serving benchmarks._http_app in its own process; yields the endpoint URL."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "uvicorn",
            "benchmarks._http_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}/chatkit"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {proc.returncode}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


async def run_http(client: Any, url: str, body: str) -> tuple[float, int]:
    """Seconds and SSE events for one streamed POST read to the end."""
    start = perf_counter()
    events = 0
    tail = b""
    async with client.stream(
        "POST", url, content=body, headers={"content-type": "application/json"}
    ) as response:
        response.raise_for_status()
        async for data in response.aiter_raw():
            joined = tail + data
            events += joined.count(b"\n\n") - tail.count(b"\n\n")
            tail = joined[-1:]
    return perf_counter() - start, events


def python_info() -> str:
    return sys.version.split()[0]
