"""Issue 16's HTTP holes, each against a real uvicorn on loopback: a served turn and a notebook
turn on one thread are serialized (5), cross-site posts are refused (6), foreign Host headers
are refused (7), oversized bodies get a 413 before they are read (8), and uploads work under a
per-request context that reads headers (2)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from chatkit_notebook import ChatKit
from chatkit_notebook.serving.runner import serve

from .harness import add_message, create

pytestmark = pytest.mark.timeout(60)

JSON = {"content-type": "application/json"}
THREADS_LIST = json.dumps({"type": "threads.list", "params": {}})


def recording_chat() -> tuple[ChatKit, list[str]]:
    calls: list[str] = []

    def respond(message: str) -> str:
        calls.append(message)
        return f"echo {message}"

    return ChatKit(respond=respond), calls


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("not true within 10 s")


# -- 5. one lock per thread across the comm bridge and the HTTP endpoint --------------------------


async def test_an_http_turn_waits_for_a_notebook_turn_running_on_another_loop() -> None:
    """The notebook's comm bridge runs on a subshell's thread and loop (JupyterLab's default);
    `serve()` runs on the kernel's main loop. A served turn on the same thread must wait for the
    notebook's turn and see its reply in the history."""
    release, first_started = threading.Event(), threading.Event()
    histories: dict[str, list[str]] = {}

    async def respond(message: str, thread: Any) -> AsyncIterator[str]:
        histories[message] = [m["content"] for m in thread.messages]
        if message == "first":
            first_started.set()
            await asyncio.to_thread(release.wait, 20)
        yield f"reply to {message}"

    chat = ChatKit(respond=respond)
    thread_id = (await chat.ask("hello")).thread_id
    frames: list[dict[str, Any]] = []
    chat._bridge._send_frame = frames.append
    subshell = asyncio.new_event_loop()
    runner = threading.Thread(target=subshell.run_forever, name="fake-subshell", daemon=True)
    runner.start()
    try:
        frame = {
            "ns": "chatkit",
            "type": "request",
            "id": "ui-turn",
            "kind": "fetch",
            "body": json.dumps(add_message(thread_id, "first")),
            "headers": {},
        }
        subshell.call_soon_threadsafe(chat._bridge.handle, frame)
        assert await asyncio.to_thread(first_started.wait, 10)
        async with serve(chat, port=0, ui=False) as served, httpx.AsyncClient() as client:
            body = json.dumps(add_message(thread_id, "second"))
            http_turn = asyncio.create_task(client.post(served.url, content=body, headers=JSON))
            locks = getattr(chat._bridge, "thread_locks", None)
            for _ in range(1000):  # until the HTTP turn either runs or queues behind the lock
                if "second" in histories or (locks is not None and locks.waiting(thread_id)):
                    break
                await asyncio.sleep(0.01)
            release.set()
            response = await http_turn
        assert response.status_code == 200
        assert "reply to second" in response.text
        assert histories["second"] == ["hello", "reply to hello", "first", "reply to first"]
        assert any(f["type"] == "end" and f["id"] == "ui-turn" for f in frames)
    finally:
        release.set()
        subshell.call_soon_threadsafe(subshell.stop)
        runner.join(5)
        subshell.close()


async def test_the_shared_locks_hand_over_across_loops_in_arrival_order() -> None:
    from chatkit_notebook.bridge.core import KeyedLocks

    locks = KeyedLocks()
    order: list[str] = []
    other = asyncio.new_event_loop()
    runner = threading.Thread(target=other.run_forever, daemon=True)
    runner.start()

    async def turn(name: str, hold: float) -> None:
        async with locks.hold("t"):
            order.append(f"{name}+")
            await asyncio.sleep(hold)
            order.append(f"{name}-")

    try:
        async with locks.hold("t"):
            remote = asyncio.run_coroutine_threadsafe(turn("remote", 0.05), other)
            await until(lambda: locks.waiting("t") == 1)
            local = asyncio.create_task(turn("local", 0))
            await until(lambda: locks.waiting("t") == 2)
        await asyncio.wrap_future(remote)
        await local
        assert order == ["remote+", "remote-", "local+", "local-"]
        assert len(locks) == 0

        # a waiter cancelled while queued leaves, and the lock still reaches the next one
        async with locks.hold("t"):
            cancelled = asyncio.create_task(turn("cancelled", 0))
            later = asyncio.create_task(turn("later", 0))
            await until(lambda: locks.waiting("t") == 2)
            cancelled.cancel()
        await later
        assert order[-2:] == ["later+", "later-"]
        assert "cancelled+" not in order
        assert len(locks) == 0
    finally:
        other.call_soon_threadsafe(other.stop)
        runner.join(5)
        other.close()


# -- 6. CSRF ----------------------------------------------------------------------------------------


async def test_a_cross_site_post_never_runs_respond() -> None:
    chat, calls = recording_chat()
    body = json.dumps(create("from evil"))
    async with serve(chat, port=0) as served, httpx.AsyncClient() as client:
        evil = {"origin": "http://evil.example"}
        # what a cross-site <form> or no-cors fetch can send: text/plain, no preflight
        response = await client.post(
            served.url, content=body, headers={**evil, "content-type": "text/plain"}
        )
        assert response.status_code == 403
        assert response.json()["error"]["type"] == "CrossOriginRequest"
        response = await client.post(served.url, content=body, headers={**evil, **JSON})
        assert response.status_code == 403
        # same origin, but not JSON: still refused, before the body is parsed
        own = {"origin": served.origin}
        response = await client.post(
            served.url, content=body, headers={**own, "content-type": "text/plain"}
        )
        assert response.status_code == 415
        assert calls == []
        # the page's own requests, and non-browser clients (no Origin), go through
        response = await client.post(served.url, content=body, headers={**own, **JSON})
        assert response.status_code == 200
        response = await client.post(served.url, content=body, headers=JSON)
        assert response.status_code == 200
        assert calls == ["from evil", "from evil"]

    async with (
        serve(chat, port=0, allowed_origins=["https://app.example"]) as served,
        httpx.AsyncClient() as client,
    ):
        headers = {"origin": "https://app.example", **JSON}
        response = await client.post(served.url, content=THREADS_LIST, headers=headers)
        assert response.status_code == 200
        headers = {"origin": "https://app.example.evil.example", **JSON}
        response = await client.post(served.url, content=THREADS_LIST, headers=headers)
        assert response.status_code == 403


# -- 7. DNS rebinding -------------------------------------------------------------------------------


async def test_a_foreign_host_header_is_refused() -> None:
    chat, _calls = recording_chat()
    await chat.ask("secret title")
    async with serve(chat, port=0) as served, httpx.AsyncClient() as client:
        for host in ("rebind.evil.example", f"rebind.evil.example:{served.port}", "10.0.0.1"):
            response = await client.post(
                served.url, content=THREADS_LIST, headers={"host": host, **JSON}
            )
            assert response.status_code == 400, host
            assert response.json()["error"]["type"] == "UnknownHost"
            assert "secret" not in response.text
            page = await client.get(served.page_url, headers={"host": host})
            assert page.status_code == 400
        for host in (f"localhost:{served.port}", f"127.0.0.1:{served.port}", "[::1]"):
            response = await client.post(
                served.url, content=THREADS_LIST, headers={"host": host, **JSON}
            )
            assert response.status_code == 200, host
            assert "secret title" in response.text

    async with (
        serve(chat, port=0, allowed_hosts=["chat.example.com"]) as served,
        httpx.AsyncClient() as client,
    ):
        headers = {"host": "chat.example.com", "origin": "https://chat.example.com", **JSON}
        response = await client.post(served.url, content=THREADS_LIST, headers=headers)
        assert response.status_code == 200


# -- 8. the body limit ------------------------------------------------------------------------------


async def test_a_body_over_max_request_bytes_is_a_413_before_it_is_read() -> None:
    limit = 10 * 1024 * 1024
    chat = ChatKit(respond=lambda m: "never", max_request_bytes=limit)
    text = "x" * (16 * 1024 * 1024)
    body = json.dumps(create(text)).encode()
    sent = 0

    async def chunked() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        nonlocal sent
        for start in range(0, len(body), 64 * 1024):
            sent += 64 * 1024
            yield body[start : start + 64 * 1024]

    async with serve(chat, port=0) as served, httpx.AsyncClient() as client:
        response = await client.post(served.url, content=body, headers=JSON)
        assert response.status_code == 413
        assert response.json()["error"]["type"] == "RequestTooLarge"
        assert "10.0 MiB" in response.json()["error"]["message"]
        try:
            response = await client.post(served.url, content=chunked(), headers=JSON)
        except httpx.HTTPError:  # the server may close before the client finished writing
            pass
        else:
            assert response.status_code == 413
            assert response.json()["error"]["type"] == "BodyTooLarge"
        # a body just under the limit is served as usual
        fits = json.dumps(create("y" * (limit - 1024))).encode()
        response = await client.post(served.url, content=fits, headers=JSON)
        assert response.status_code == 200
    assert await chat.threads() != []
    assert all(len(t.get("title") or "") < 1000 for t in await chat.threads())


# -- 2. uploads under a header-reading context ------------------------------------------------------


async def test_an_upload_over_http_uses_the_requests_headers_for_its_context() -> None:
    seen: list[list[tuple[str, int]]] = []

    async def respond(message: str, thread: Any) -> str:
        attachments = thread.user_message.attachments
        sizes = [(a.name, len(await chat._attachments.read(a) or b"")) for a in attachments]
        seen.append(sizes)
        return f"got {sizes}"

    chat = ChatKit(
        respond=respond,
        context=lambda info: {"user_id": info.headers["x-user"]},
        options={"composer": {"attachments": {"enabled": True}}},
    )
    alice = {"x-user": "alice", **JSON}
    async with serve(chat, port=0) as served, httpx.AsyncClient() as client:
        params = {"name": "notes.txt", "size": 2_500_000, "mime_type": "text/plain"}
        created = await client.post(
            served.url,
            content=json.dumps({"type": "attachments.create", "params": params}),
            headers=alice,
        )
        assert created.status_code == 200, created.text
        attachment = created.json()
        upload_url = attachment["upload_descriptor"]["url"]
        assert upload_url == f"/chatkit/upload/{attachment['id']}"
        data = bytes(range(256)) * (2_500_000 // 256) + b"z" * (2_500_000 % 256)
        uploaded = await client.post(
            served.origin + upload_url,
            files={"file": ("notes.txt", data, "text/plain")},
            headers={"x-user": "alice"},
        )
        assert uploaded.status_code == 200, uploaded.text
        assert uploaded.json()["id"] == attachment["id"]
        assert "upload_descriptor" not in uploaded.json()

        message = create("see attached")
        message["params"]["input"]["attachments"] = [attachment["id"]]
        response = await client.post(served.url, content=json.dumps(message), headers=alice)
        assert response.status_code == 200
        assert seen == [[("notes.txt", 2_500_000)]]

        # a finished upload takes no more bytes
        again = await client.post(
            served.origin + upload_url,
            files={"file": ("x.txt", b"x", "text/plain")},
            headers={"x-user": "alice"},
        )
        assert again.status_code == 400
        assert "no upload is waiting" in again.json()["error"]["message"]
        # the size announced at creation is enforced
        params = {"name": "small.txt", "size": 3, "mime_type": "text/plain"}
        small = await client.post(
            served.url,
            content=json.dumps({"type": "attachments.create", "params": params}),
            headers=alice,
        )
        url = served.origin + small.json()["upload_descriptor"]["url"]
        response = await client.post(
            url, files={"file": ("small.txt", b"four", "text/plain")}, headers={"x-user": "alice"}
        )
        assert response.status_code == 400
        assert "larger than the 3 bytes announced" in response.json()["error"]["message"]
        # a cross-site form cannot upload either
        response = await client.post(
            url,
            files={"file": ("small.txt", b"abc", "text/plain")},
            headers={"x-user": "alice", "origin": "http://evil.example"},
        )
        assert response.status_code == 403
        # another user's upload: refused before a byte is taken, the owner's still waits
        params = {"name": "tiny.txt", "size": 3, "mime_type": "text/plain"}
        tiny = await client.post(
            served.url,
            content=json.dumps({"type": "attachments.create", "params": params}),
            headers=alice,
        )
        url = served.origin + tiny.json()["upload_descriptor"]["url"]
        file = {"file": ("tiny.txt", b"abc", "text/plain")}
        response = await client.post(url, files=file, headers={"x-user": "bob"})
        assert response.status_code == 404
        assert response.json()["error"]["type"] == "NotFoundError"
        response = await client.post(url, files=file, headers={"x-user": "alice"})
        assert response.status_code == 200, response.text
