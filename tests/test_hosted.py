"""Hosted workflows: the kernel mints ChatKit client secrets through OpenAI's sessions API.

OpenAI's API is unreachable here, so a loopback HTTP server on 127.0.0.1 stands in for the
`POST /v1/chatkit/sessions` endpoint; the real `openai` client talks to it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest

from chatkit_notebook import ChatKit
from chatkit_notebook.hosted import warn_shutdown

from .harness import WidgetHarness

API_KEY = "sk-test-never-synced-0123456789"


class SessionsLoopback:
    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.base_url = ""

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        lines = head.split("\r\n")
        headers = {
            k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
        }
        body = json.loads(await reader.readexactly(int(headers["content-length"])))
        self.requests.append((headers, body))
        secret = f"ek_secret_{len(self.requests)}"
        session = {
            "id": f"cksess_{len(self.requests)}",
            "object": "chatkit.session",
            "client_secret": secret,
            "expires_at": int(time.time()) + 600,
            "max_requests_per_1_minute": 10,
            "status": "active",
            "user": body["user"],
            "workflow": {
                "id": body["workflow"]["id"],
                "version": None,
                "state_variables": None,
                "tracing": {"enabled": True},
            },
            "rate_limits": {"max_requests_per_1_minute": 10},
            "chatkit_configuration": {
                "automatic_thread_titling": {"enabled": True},
                "file_upload": {"enabled": False, "max_file_size": None, "max_files": None},
                "history": {"enabled": True, "recent_threads": None},
            },
        }
        payload = json.dumps(session).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            + f"content-length: {len(payload)}\r\nconnection: close\r\n\r\n".encode()
            + payload
        )
        await writer.drain()
        writer.close()


@pytest.fixture
async def sessions() -> AsyncIterator[SessionsLoopback]:
    loopback = SessionsLoopback()
    server = await asyncio.start_server(loopback.serve, "127.0.0.1", 0)
    loopback.base_url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1"
    yield loopback
    server.close()
    await server.wait_closed()


async def test_the_kernel_mints_and_refreshes_client_secrets(sessions: SessionsLoopback) -> None:
    with pytest.warns(FutureWarning, match="stops working on 2026-11-30"):
        chat = ChatKit(workflow="wf_support", api_key=API_KEY, base_url=sessions.base_url)
    assert chat.workflow == "wf_support"
    assert "api.getClientSecret" in chat._callback_slots
    harness = WidgetHarness(chat)
    assert await harness.invoke("api.getClientSecret", None) == "ek_secret_1"
    assert await harness.invoke("api.getClientSecret", "ek_secret_1") == "ek_secret_2"  # refresh
    headers, body = sessions.requests[0]
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["openai-beta"] == "chatkit_beta=v1"
    assert body["workflow"] == {"id": "wf_support"}
    assert body["user"].startswith("notebook-")
    assert sessions.requests[1][1]["user"] == body["user"]  # one end user per chat
    state = json.dumps({k: v for k, v in chat.get_state().items() if k != "_esm"}, default=str)
    assert API_KEY not in state
    assert "ek_secret" not in state
    with pytest.raises(RuntimeError, match="hosted workflow"):
        await chat.ask("hi")


def test_workflow_arguments_are_checked() -> None:
    with pytest.raises(TypeError, match="got respond=, workflow="):
        ChatKit(lambda m: m, workflow="wf_x")
    with (
        pytest.raises(ValueError, match="takes an Agent Builder workflow id"),
        pytest.warns(FutureWarning),
    ):
        ChatKit(workflow="support", api_key=API_KEY)
    with pytest.raises(TypeError, match="drop store="):
        ChatKit(workflow="wf_x", store="chats.db")


def test_the_warning_says_when_it_stopped_working() -> None:
    with pytest.warns(FutureWarning, match="stopped working on 2026-11-30"):
        warn_shutdown(today=date(2026, 12, 1))
