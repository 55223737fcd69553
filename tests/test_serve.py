"""The HTTP endpoint of `chatkit_notebook.serving.app`, driven with httpx against a real uvicorn on
loopback, exactly as the official ChatKit frontends would call it."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sys
import threading
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from chatkit.server import ChatKitServer
from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageItem,
    ThreadItem,
    ThreadItemDoneEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
)

from chatkit_notebook import ChatKit, MemoryStore
from chatkit_notebook.bridge.core import RequestInfo
from chatkit_notebook.serving.app import asgi_app
from chatkit_notebook.serving.runner import Serving, serve

from .harness import add_message, create

pytestmark = pytest.mark.timeout(60)


def items_list(thread_id: str) -> dict[str, Any]:
    return {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}}


THREADS_LIST = {"type": "threads.list", "params": {}}


def sse_events(text: str) -> list[dict[str, Any]]:
    """Each SSE frame of a ChatKit stream is one `data: {json}` line followed by a blank line."""
    frames = [frame for frame in text.split("\n\n") if frame.strip()]
    assert all(frame.startswith("data: ") for frame in frames), frames
    return [json.loads(frame[len("data: ") :]) for frame in frames]


def assistant_texts(items: list[dict[str, Any]]) -> list[str]:
    return [
        "".join(part["text"] for part in item["content"])
        for item in items
        if item["type"] == "assistant_message"
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


JSON_HEADERS = {"content-type": "application/json"}  # what ChatKit's clients send


async def post(client: httpx.AsyncClient, url: str, body: Any, **kwargs: Any) -> httpx.Response:
    content = body if isinstance(body, str | bytes) else json.dumps(body)
    headers = {**JSON_HEADERS, **kwargs.pop("headers", {})}
    return await client.post(url, content=content, headers=headers, **kwargs)


def echo(message: str) -> str:
    return f"You said: {message}"


class EchoServer(ChatKitServer[dict[str, Any]]):
    """The smallest hand-written ChatKit server, as a production app would have."""

    async def respond(
        self,
        thread: ThreadMetadata,
        input_user_message: UserMessageItem | None,
        context: dict[str, Any],
    ) -> AsyncIterator[ThreadStreamEvent]:
        assert input_user_message is not None
        text = "".join(getattr(part, "text", "") for part in input_user_message.content)
        yield ThreadItemDoneEvent(
            item=AssistantMessageItem(
                id=self.store.generate_item_id("message", thread, context),
                thread_id=thread.id,
                created_at=datetime.now(),
                content=[AssistantMessageContent(text=f"echo {text}")],
            )
        )


# -- the protocol ---------------------------------------------------------------------------------


async def test_widget_chat_streams_sse_and_answers_json() -> None:
    chat = ChatKit(respond=echo)
    async with serve(chat, port=0) as served, httpx.AsyncClient() as client:
        assert served.url == f"http://127.0.0.1:{served.port}/chatkit"
        response = await post(client, served.url, create("hi"))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response.text)
        assert events[0]["type"] == "thread.created"
        thread_id = events[0]["thread"]["id"]
        done = [e["item"] for e in events if e["type"] == "thread.item.done"]
        assert [item["type"] for item in done] == ["user_message", "assistant_message"]
        assert assistant_texts(done) == ["You said: hi"]

        response = await post(client, served.url, add_message(thread_id, "again"))
        assert assistant_texts(
            [e["item"] for e in sse_events(response.text) if e["type"] == "thread.item.done"]
        ) == ["You said: again"]

        response = await post(client, served.url, items_list(thread_id))
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        items = response.json()["data"]
        assert [item["type"] for item in items] == ["user_message", "assistant_message"] * 2
        assert assistant_texts(items) == ["You said: hi", "You said: again"]

        threads = (await post(client, served.url, THREADS_LIST)).json()
        assert [thread["id"] for thread in threads["data"]] == [thread_id]

        health = await client.get(served.url + "/health")
        assert health.status_code == 200
        assert health.json() == {"ok": True}
    # the notebook sees what the served app wrote: one server, one store
    reply = await chat.ask("from the notebook", thread_id=thread_id)
    assert reply.text == "You said: from the notebook"


async def test_a_plain_chatkit_server_is_served_as_is() -> None:
    server = EchoServer(MemoryStore())
    async with serve(server, port=0, path="/api/chat/") as served, httpx.AsyncClient() as client:
        assert served.url.endswith("/api/chat")
        events = sse_events((await post(client, served.url, create("ping"))).text)
        thread_id = events[0]["thread"]["id"]
        assert assistant_texts([e["item"] for e in events if e["type"] == "thread.item.done"]) == [
            "echo ping"
        ]
        items = (await post(client, served.url, items_list(thread_id))).json()["data"]
        assert assistant_texts(items) == ["echo ping"]
        assert (await client.get(served.url + "/health")).json() == {"ok": True}


async def test_unknown_thread_is_a_404_for_json_and_for_streams() -> None:
    async with serve(ChatKit(respond=echo), port=0) as served, httpx.AsyncClient() as client:
        response = await post(client, served.url, items_list("thr_missing"))
        assert response.status_code == 404
        assert response.json()["error"]["type"] == "NotFoundError"
        assert "thr_missing" in response.json()["error"]["message"]
        # streams are lazy: the endpoint waits for the first event, so this is a 404 too
        response = await post(client, served.url, add_message("thr_missing", "hello?"))
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"
        assert response.json()["error"]["type"] == "NotFoundError"


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        b"\xff\xfe",
        "",
        "[1, 2]",
        json.dumps({"type": "threads.explode", "params": {}}),
        json.dumps({"type": "threads.create", "params": {"input": {"content": "hi"}}}),
    ],
)
async def test_bad_bodies_are_a_400_with_a_json_error(body: str | bytes) -> None:
    async with serve(ChatKit(respond=echo), port=0) as served, httpx.AsyncClient() as client:
        response = await post(client, served.url, body)
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["type"] == "ValidationError"
        assert error["message"].startswith("invalid ChatKit request")


async def test_hostile_bodies_get_a_short_400() -> None:
    app = asgi_app(ChatKit(respond=echo))
    transport = httpx.ASGITransport(app=app)
    deep = '{"type": "threads.list", "params": ' + "[" * 100_000 + "]" * 100_000 + "}"
    huge = json.dumps({"type": "x" * 100_000, "params": {}})
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        for body in (deep, huge):
            response = await post(client, "/chatkit", body)
            assert response.status_code == 400
            assert response.json()["error"]["type"] == "ValidationError"
            assert len(response.content) < 2_000


async def test_unexpected_failures_are_a_500_with_the_message_and_a_logged_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class BrokenStore(MemoryStore):
        async def load_threads(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("database is down")

    caplog.set_level(logging.ERROR, logger="chatkit_notebook.serving")
    async with serve(EchoServer(BrokenStore()), port=0) as served, httpx.AsyncClient() as client:
        response = await post(client, served.url, THREADS_LIST)
    assert response.status_code == 500
    assert response.json() == {
        "error": {"type": "RuntimeError", "message": "RuntimeError: database is down"}
    }
    record = next(r for r in caplog.records if r.name == "chatkit_notebook.serving")
    assert "threads.list failed" in record.getMessage()
    assert record.exc_info is not None


async def test_a_stream_failing_midway_ends_with_an_sse_error_event(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class FailingStore(MemoryStore):
        async def add_thread_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
            raise OSError("disk full")  # after `thread.created` went out

    caplog.set_level(logging.ERROR, logger="chatkit_notebook.serving")
    async with serve(EchoServer(FailingStore()), port=0) as served, httpx.AsyncClient() as client:
        response = await post(client, served.url, create("hi"))
    assert response.status_code == 200
    events = sse_events(response.text)
    assert [e["type"] for e in events] == ["thread.created", "error"]
    assert events[-1] == {
        "type": "error",
        "code": "custom",
        "message": "OSError: disk full",
        "allow_retry": True,
    }
    assert any("stream failed" in r.getMessage() for r in caplog.records)


# -- request context ------------------------------------------------------------------------------


async def test_the_widget_context_factory_gets_request_headers_and_users_are_isolated() -> None:
    seen: list[RequestInfo] = []

    def context(info: RequestInfo) -> dict[str, Any]:
        seen.append(info)
        return {"user_id": info.headers.get("x-user-id")}

    chat = ChatKit(respond=echo, context=context)
    alice, bob = {"x-user-id": "alice"}, {"x-user-id": "bob"}
    async with serve(chat, port=0) as served, httpx.AsyncClient() as client:
        events = sse_events((await post(client, served.url, create("secret"), headers=alice)).text)
        thread_id = events[0]["thread"]["id"]
        assert seen[-1].type == "threads.create"
        assert seen[-1].thread_id is None
        assert seen[-1].headers["x-user-id"] == "alice"

        mine = (await post(client, served.url, THREADS_LIST, headers=alice)).json()["data"]
        assert [t["id"] for t in mine] == [thread_id]
        assert (await post(client, served.url, THREADS_LIST, headers=bob)).json()["data"] == []
        response = await post(client, served.url, items_list(thread_id), headers=bob)
        assert response.status_code == 404
        assert seen[-1] == RequestInfo("items.list", thread_id, seen[-1].headers)
        response = await post(client, served.url, add_message(thread_id, "hi"), headers=bob)
        assert response.status_code == 404
        assert len(assistant_texts(mine[0]["items"]["data"])) == 0  # lists carry no items


async def test_context_argument_maps_the_request_for_a_plain_server() -> None:
    async def context(request: Any) -> dict[str, Any]:  # async factories are awaited
        return {"user_id": request.headers.get("x-user-id")}

    server = EchoServer(MemoryStore())
    async with serve(server, port=0, context=context) as served, httpx.AsyncClient() as client:
        await post(client, served.url, create("a"), headers={"x-user-id": "a"})
        await post(client, served.url, create("b"), headers={"x-user-id": "b"})
        for user in ("a", "b"):
            threads = (
                await post(client, served.url, THREADS_LIST, headers={"x-user-id": user})
            ).json()["data"]
            assert len(threads) == 1
            items = (
                await post(
                    client, served.url, items_list(threads[0]["id"]), headers={"x-user-id": user}
                )
            ).json()["data"]
            assert assistant_texts(items) == [f"echo {user}"]


async def test_a_context_factory_can_refuse_with_an_http_status() -> None:
    from starlette.exceptions import HTTPException

    def context(request: Any) -> dict[str, Any]:
        if "authorization" not in request.headers:
            raise HTTPException(401, "sign in first", headers={"www-authenticate": "Bearer"})
        return {"user_id": request.headers["authorization"]}

    app = asgi_app(EchoServer(MemoryStore()), context=context)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        response = await post(client, "/chatkit", THREADS_LIST)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == {"error": {"type": "HTTPException", "message": "sign in first"}}
        response = await post(client, "/chatkit", THREADS_LIST, headers={"authorization": "x"})
        assert response.status_code == 200


# -- cancellation ---------------------------------------------------------------------------------


async def test_a_client_disconnect_cancels_the_turn_and_keeps_the_partial_reply() -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def respond(message: str) -> AsyncIterator[str]:
        if message != "go":
            yield "done"
            return
        yield "partial answer"
        started.set()
        try:
            await asyncio.sleep(30)
            yield " never sent"
        except asyncio.CancelledError:
            cancelled.set()
            raise

    chat = ChatKit(respond=respond)
    async with serve(chat, port=0) as served, httpx.AsyncClient() as client:
        thread_id = None
        async with client.stream(
            "POST", served.url, content=json.dumps(create("go")), headers=JSON_HEADERS
        ) as stream:
            assert stream.status_code == 200
            async for line in stream.aiter_lines():
                if line.startswith("data: "):
                    event = json.loads(line[len("data: ") :])
                    if event["type"] == "thread.created":
                        thread_id = event["thread"]["id"]
                    if "partial answer" in line and event["type"] == "thread.item.updated":
                        break  # leave mid-stream: httpx drops the connection
        assert thread_id is not None
        await asyncio.wait_for(cancelled.wait(), 10)

        async def stored_texts() -> list[str]:
            items = (await post(client, served.url, items_list(thread_id))).json()["data"]
            return assistant_texts(items)

        for _ in range(200):
            if await stored_texts():
                break
            await asyncio.sleep(0.02)
        assert await stored_texts() == ["partial answer"]
        # the thread is usable again right away (its lock was released)
        response = await post(client, served.url, add_message(thread_id, "next"))
        assert response.status_code == 200
        assert await stored_texts() == ["partial answer", "done"]
        assert started.is_set()


async def test_stopping_with_an_open_stream_cancels_it_after_the_grace_period(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys.modules[Serving.__module__], "SHUTDOWN_GRACE", 1)
    cancelled = asyncio.Event()

    async def respond(message: str) -> AsyncIterator[str]:
        yield "half"
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    chat = ChatKit(respond=respond)
    served = serve(chat, port=0)
    body = json.dumps(create("go"))
    async with (
        httpx.AsyncClient() as client,
        client.stream("POST", served.url, content=body, headers=JSON_HEADERS) as stream,
    ):
        lines = stream.aiter_lines()
        thread_id = None
        async for line in lines:
            if line.startswith("data: ") and '"thread.created"' in line:
                thread_id = json.loads(line[6:])["thread"]["id"]
            if "half" in line:
                break
        loop = asyncio.get_running_loop()
        started = loop.time()
        await served.aclose()
        assert loop.time() - started < 5
        assert cancelled.is_set()
        with pytest.raises(httpx.HTTPError):  # the server dropped the unfinished response
            async for _ in lines:
                pass
    assert thread_id is not None
    stored = await chat.store.load_thread_items(thread_id, None, 20, "asc", {})
    assert [item.type for item in stored.data][-2:] == ["assistant_message", "sdk_hidden_context"]


# -- running the server ---------------------------------------------------------------------------


async def test_serve_stops_cleanly_and_the_port_can_be_served_again() -> None:
    port = free_port()
    chat = ChatKit(respond=echo)
    for _ in range(2):
        async with serve(chat, port=port) as served, httpx.AsyncClient() as client:
            assert served.port == port
            assert served.running
            assert (await client.get(served.url + "/health")).json() == {"ok": True}
            assert not port_is_free(port)
        assert not served.running
        assert port_is_free(port)

    # stop() from sync code frees the port at once; the rest of the shutdown happens on the loop
    served = serve(chat, port=port)
    async with httpx.AsyncClient() as client:
        assert (await client.get(served.url + "/health")).status_code == 200
    served.stop()
    assert port_is_free(port)
    await served.aclose()
    assert not [t for t in threading.enumerate() if t.name.startswith("chatkit-serve")]


async def test_stop_before_the_server_ever_ran_releases_the_port() -> None:
    served = serve(ChatKit(respond=echo), port=0)
    served.stop()  # same tick: the uvicorn task never started
    assert port_is_free(served.port)
    await served.aclose()
    assert not served.running


async def test_serving_a_chat_again_stops_its_previous_server(
    caplog: pytest.LogCaptureFixture,
) -> None:
    chat = ChatKit(respond=echo)
    first = serve(chat, port=0)
    async with httpx.AsyncClient() as client:
        assert (await client.get(first.url + "/health")).status_code == 200
        with caplog.at_level(logging.WARNING, logger="chatkit_notebook.serving"):
            second = serve(chat, port=first.port)  # re-running the cell: same port is fine
        assert "serve it again" in caplog.text
        assert not first.running
        async with second:
            assert (await client.get(second.url + "/health")).status_code == 200
    await first.aclose()


async def test_a_taken_port_is_a_clear_oserror() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match=f"cannot serve on 127.0.0.1:{port}"):
            serve(ChatKit(respond=echo), port=port)


def test_without_a_running_loop_it_serves_from_a_thread_and_stops_cleanly() -> None:
    chat = ChatKit(respond=echo)
    with serve(chat, port=0) as served:
        assert isinstance(served, Serving)
        threads = [t for t in threading.enumerate() if t.name == f"chatkit-serve-{served.port}"]
        assert len(threads) == 1
        with httpx.Client() as client:
            response = client.post(
                served.url, content=json.dumps(create("threaded")), headers=JSON_HEADERS
            )
            events = sse_events(response.text)
            assert assistant_texts(
                [e["item"] for e in events if e["type"] == "thread.item.done"]
            ) == ["You said: threaded"]
    assert not threads[0].is_alive()
    assert port_is_free(served.port)
    assert not served.running


async def test_cors_headers_only_when_enabled() -> None:
    origin = "http://app.example"
    preflight = {"origin": origin, "access-control-request-method": "POST"}
    preflight["access-control-request-headers"] = "content-type"
    chat = ChatKit(respond=echo)
    async with httpx.AsyncClient() as client:
        async with serve(chat, port=0, cors_origins=[origin]) as served:
            response = await client.options(served.url, headers=preflight)
            assert response.status_code == 200
            assert response.headers["access-control-allow-origin"] == origin
            assert "POST" in response.headers["access-control-allow-methods"]
            response = await post(client, served.url, THREADS_LIST, headers={"origin": origin})
            assert response.headers["access-control-allow-origin"] == origin
            response = await post(
                client, served.url, THREADS_LIST, headers={"origin": "http://evil.example"}
            )
            assert "access-control-allow-origin" not in response.headers
        async with serve(chat, port=0) as served:  # no CORS, and other sites are refused
            response = await post(client, served.url, THREADS_LIST, headers={"origin": origin})
            assert response.status_code == 403
            assert response.json()["error"]["type"] == "CrossOriginRequest"
            assert "access-control-allow-origin" not in response.headers


def test_other_objects_are_refused() -> None:
    with pytest.raises(TypeError, match="ChatKitServer"):
        asgi_app(object())  # type: ignore[arg-type]
