"""The comm bridge, driven frame by frame as js/rpc.ts drives it, against a real ChatKitServer."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest
from chatkit.server import ChatKitServer
from chatkit.store import AttachmentStore
from chatkit.types import (
    Action,
    AssistantMessageContent,
    AssistantMessageContentPartAdded,
    AssistantMessageContentPartTextDelta,
    AssistantMessageItem,
    Attachment,
    AttachmentCreateParams,
    AudioInput,
    ClientToolCallItem,
    FileAttachment,
    StructuredInputFreeform,
    StructuredInputItem,
    SyncCustomActionResponse,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemUpdatedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    TranscriptionResult,
    UserMessageItem,
    WidgetItem,
)
from chatkit.widgets import Button, Card, Text

from chatkit_notebook.bridge import core as bridge_module
from chatkit_notebook.stores import MemoryStore

from .harness import BridgeError, Harness, events_of, user_input

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class Attachments(AttachmentStore[Any]):
    def __init__(self) -> None:
        self.deleted: list[str] = []

    async def create_attachment(self, input: AttachmentCreateParams, context: Any) -> Attachment:
        return FileAttachment(
            id=self.generate_attachment_id(input.mime_type, context),
            name=input.name,
            mime_type=input.mime_type,
        )

    async def delete_attachment(self, attachment_id: str, context: Any) -> None:
        self.deleted.append(attachment_id)


class ScriptedServer(ChatKitServer[Any]):
    """Every server hook, each doing something observable; the message text picks the script."""

    def __init__(self) -> None:
        super().__init__(MemoryStore(), Attachments())
        self.gate = asyncio.Event()
        self.feedback: list[tuple[str, list[str], str]] = []
        self.cancelled: list[list[str]] = []

    async def respond(
        self, thread: ThreadMetadata, item: UserMessageItem | None, context: Any
    ) -> AsyncIterator[ThreadStreamEvent]:
        text = item.content[0].text if item else "(resumed)"  # type: ignore[union-attr]
        if text == "tool":
            yield ThreadItemDoneEvent(
                item=ClientToolCallItem(
                    id="tc_1",
                    thread_id=thread.id,
                    created_at=datetime.now(),
                    call_id="call_1",
                    name="get_rows",
                    arguments={"limit": 2},
                )
            )
            return
        if text == "ask":
            yield ThreadItemDoneEvent(
                item=StructuredInputItem(
                    id="si_1",
                    thread_id=thread.id,
                    created_at=datetime.now(),
                    inputs=[StructuredInputFreeform(id="q1", question="Why?")],
                )
            )
            return
        if text == "widget":
            yield ThreadItemDoneEvent(item=widget_item(thread.id, "w_1", "before"))
            return
        if text == "fail":
            raise RuntimeError("respond exploded")
        msg_id = self.store.generate_item_id("message", thread, context)
        yield ThreadItemAddedEvent(
            item=AssistantMessageItem(
                id=msg_id, thread_id=thread.id, created_at=datetime.now(), content=[]
            )
        )
        yield ThreadItemUpdatedEvent(
            item_id=msg_id,
            update=AssistantMessageContentPartAdded(
                content_index=0, content=AssistantMessageContent(text="")
            ),
        )
        reply = f"echo: {text}"
        for word in reply.split(" "):
            yield ThreadItemUpdatedEvent(
                item_id=msg_id,
                update=AssistantMessageContentPartTextDelta(content_index=0, delta=word + " "),
            )
            if text == "slow":
                await self.gate.wait()
        yield ThreadItemDoneEvent(
            item=AssistantMessageItem(
                id=msg_id,
                thread_id=thread.id,
                created_at=datetime.now(),
                content=[AssistantMessageContent(text=reply + " ")],
            )
        )

    async def action(
        self,
        thread: ThreadMetadata,
        action: Action[str, Any],
        sender: WidgetItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        assert sender is not None
        yield ThreadItemDoneEvent(
            item=widget_item(thread.id, "w_2", f"action {action.type} {action.payload}")
        )

    async def sync_action(
        self,
        thread: ThreadMetadata,
        action: Action[str, Any],
        sender: WidgetItem | None,
        context: Any,
    ) -> SyncCustomActionResponse:
        assert sender is not None
        return SyncCustomActionResponse(
            updated_item=sender.model_copy(update={"widget": Card(children=[Text(value="synced")])})
        )

    async def add_feedback(
        self, thread_id: str, item_ids: list[str], feedback: Any, context: Any
    ) -> None:
        self.feedback.append((thread_id, item_ids, feedback))

    async def transcribe(self, audio_input: AudioInput, context: Any) -> TranscriptionResult:
        return TranscriptionResult(
            text=f"{len(audio_input.data)} bytes of {audio_input.media_type}"
        )

    async def handle_stream_cancelled(
        self, thread: ThreadMetadata, pending_items: list[Any], context: Any
    ) -> None:
        self.cancelled.append([item.id for item in pending_items])
        await super().handle_stream_cancelled(thread, pending_items, context)


def widget_item(thread_id: str, item_id: str, text: str) -> WidgetItem:
    return WidgetItem(
        id=item_id,
        thread_id=thread_id,
        created_at=datetime.now(),
        widget=Card(
            children=[Text(id="t", value=text), Button(label="Go", onClickAction={"type": "go"})]
        ),
    )


@pytest.fixture
def server() -> ScriptedServer:
    return ScriptedServer()


@pytest.fixture
def harness(server: ScriptedServer) -> Harness:
    return Harness(server)


async def new_thread(harness: Harness, text: str = "hello") -> str:
    events = await harness.call({"type": "threads.create", "params": {"input": user_input(text)}})
    return events[0]["thread"]["id"]


def types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


# -- the six streaming request types --------------------------------------------------------------


async def test_threads_create_streams_every_event_in_order(harness: Harness) -> None:
    events = await harness.call(
        {"type": "threads.create", "params": {"input": user_input("hello")}}
    )
    assert types(events) == [
        "thread.created",
        "thread.item.done",
        "stream_options",
        "thread.item.added",
        "thread.item.updated",
        "thread.item.updated",
        "thread.item.updated",
        "thread.item.done",
    ]
    assert events[1]["item"]["type"] == "user_message"
    assert events[-1]["item"]["content"][0]["text"] == "echo: hello "
    request_id = harness.frames[0]["id"]
    assert harness.by_id[request_id][-1] == {
        "ns": "chatkit",
        "type": "end",
        "id": request_id,
        "cancelled": False,
        "thread_id": events[0]["thread"]["id"],  # learned from thread.created
    }


async def test_add_user_message_continues_the_thread(harness: Harness) -> None:
    thread_id = await new_thread(harness)
    events = await harness.call(
        {
            "type": "threads.add_user_message",
            "params": {"thread_id": thread_id, "input": user_input("more")},
        }
    )
    assert types(events)[0] == "thread.item.done"
    assert events[-1]["item"]["content"][0]["text"] == "echo: more "
    items = await harness.call(
        {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}}
    )
    assert [i["type"] for i in items["data"]] == ["user_message", "assistant_message"] * 2


async def test_client_tool_output_resumes_the_response(harness: Harness) -> None:
    thread_id = await new_thread(harness, "tool")
    events = await harness.call(
        {
            "type": "threads.add_client_tool_output",
            "params": {"thread_id": thread_id, "result": {"rows": [1, 2]}},
        }
    )
    assert events[-1]["item"]["content"][0]["text"] == "echo: (resumed) "
    tool_call = (
        await harness.call(
            {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}}
        )
    )["data"][1]
    assert tool_call["status"] == "completed"
    assert tool_call["output"] == {"rows": [1, 2]}


async def test_structured_input_is_answered(harness: Harness) -> None:
    thread_id = await new_thread(harness, "ask")
    events = await harness.call(
        {
            "type": "threads.add_structured_input",
            "params": {
                "thread_id": thread_id,
                "item_id": "si_1",
                "input": {
                    "status": "answered",
                    "answers": {"q1": {"values": ["because"], "skipped": False}},
                },
            },
        }
    )
    replaced = next(e for e in events if e["type"] == "thread.item.replaced")
    assert replaced["item"]["inputs"][0]["answer"]["values"] == ["because"]
    assert events[-1]["item"]["content"][0]["text"] == "echo: (resumed) "


async def test_retry_after_item_replays_the_answer(harness: Harness) -> None:
    thread_id = await new_thread(harness, "first")
    items = await harness.call(
        {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}}
    )
    user_item = items["data"][0]["id"]
    events = await harness.call(
        {
            "type": "threads.retry_after_item",
            "params": {"thread_id": thread_id, "item_id": user_item},
        }
    )
    assert events[-1]["item"]["content"][0]["text"] == "echo: first "
    items = await harness.call(
        {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}}
    )
    assert [i["type"] for i in items["data"]] == ["user_message", "assistant_message"]


async def test_custom_action_streams_from_action(harness: Harness) -> None:
    thread_id = await new_thread(harness, "widget")
    events = await harness.call(
        {
            "type": "threads.custom_action",
            "params": {
                "thread_id": thread_id,
                "item_id": "w_1",
                "action": {"type": "go", "payload": {"x": 1}},
            },
        }
    )
    assert events[-1]["item"]["widget"]["children"][0]["value"] == "action go {'x': 1}"


# -- the ten JSON request types -------------------------------------------------------------------


async def test_get_by_id_list_update_delete(harness: Harness) -> None:
    thread_id = await new_thread(harness)
    thread = await harness.call({"type": "threads.get_by_id", "params": {"thread_id": thread_id}})
    assert [i["type"] for i in thread["items"]["data"]] == ["user_message", "assistant_message"]
    renamed = await harness.call(
        {"type": "threads.update", "params": {"thread_id": thread_id, "title": "Renamed"}}
    )
    assert renamed["title"] == "Renamed"
    listed = await harness.call({"type": "threads.list", "params": {"limit": 5}})
    assert [t["title"] for t in listed["data"]] == ["Renamed"]
    assert await harness.call({"type": "threads.delete", "params": {"thread_id": thread_id}}) == {}
    assert (await harness.call({"type": "threads.list", "params": {}}))["data"] == []


async def test_items_list_pages(harness: Harness) -> None:
    thread_id = await new_thread(harness)
    page = await harness.call(
        {"type": "items.list", "params": {"thread_id": thread_id, "limit": 1, "order": "asc"}}
    )
    assert page["has_more"] is True
    rest = await harness.call(
        {
            "type": "items.list",
            "params": {"thread_id": thread_id, "limit": 5, "order": "asc", "after": page["after"]},
        }
    )
    assert [i["type"] for i in rest["data"]] == ["assistant_message"]


async def test_feedback_reaches_the_server(harness: Harness, server: ScriptedServer) -> None:
    thread_id = await new_thread(harness)
    body = {
        "type": "items.feedback",
        "params": {"thread_id": thread_id, "item_ids": ["m"], "kind": "positive"},
    }
    assert await harness.call(body) == {}
    assert server.feedback == [(thread_id, ["m"], "positive")]


async def test_attachments_create_and_delete(harness: Harness, server: ScriptedServer) -> None:
    created = await harness.call(
        {
            "type": "attachments.create",
            "params": {"name": "a.txt", "size": 3, "mime_type": "text/plain"},
        }
    )
    assert created["name"] == "a.txt"
    assert (await server.store.load_attachment(created["id"], {})).name == "a.txt"
    assert (
        await harness.call(
            {"type": "attachments.delete", "params": {"attachment_id": created["id"]}}
        )
        == {}
    )
    assert server.attachment_store.deleted == [created["id"]]  # type: ignore[union-attr]


async def test_transcribe(harness: Harness) -> None:
    audio = base64.b64encode(b"abcd").decode()
    result = await harness.call(
        {
            "type": "input.transcribe",
            "params": {"audio_base64": audio, "mime_type": "audio/webm;codecs=opus"},
        }
    )
    assert result == {"text": "4 bytes of audio/webm"}


async def test_sync_custom_action(harness: Harness) -> None:
    thread_id = await new_thread(harness, "widget")
    result = await harness.call(
        {
            "type": "threads.sync_custom_action",
            "params": {"thread_id": thread_id, "item_id": "w_1", "action": {"type": "x"}},
        }
    )
    assert result["updated_item"]["widget"]["children"][0]["value"] == "synced"


# -- cancellation ---------------------------------------------------------------------------------


async def test_cancel_mid_stream_keeps_the_partial_reply(
    harness: Harness, server: ScriptedServer
) -> None:
    request_id = harness.send({"type": "threads.create", "params": {"input": user_input("slow")}})
    for _ in range(100):
        await asyncio.sleep(0)
        if any('"text_delta"' in f.get("data", "") for f in harness.by_id[request_id]):
            break
    harness.cancel(request_id)
    frames = await harness.answer(request_id)
    thread_id = events_of(frames)[0]["thread"]["id"]
    assert frames[-1] == {
        "ns": "chatkit",
        "type": "end",
        "id": request_id,
        "cancelled": True,
        "thread_id": thread_id,
    }
    assert len(server.cancelled) == 1
    thread_id = events_of(frames)[0]["thread"]["id"]
    items = await harness.call(
        {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}}
    )
    assert [i["type"] for i in items["data"]] == ["user_message", "assistant_message"]
    assert items["data"][1]["content"][0]["text"] == "echo: "
    assert harness.bridge.tasks == {}


async def test_cancel_for_unknown_or_finished_ids_is_harmless(harness: Harness) -> None:
    harness.cancel("never-sent")
    thread_id = await new_thread(harness)
    finished = harness.frames[0]["id"]
    count = len(harness.frames)
    harness.cancel(finished)
    await asyncio.sleep(0)
    assert len(harness.frames) == count
    assert thread_id


# -- errors ---------------------------------------------------------------------------------------


async def test_unknown_request_type_is_a_400_error(harness: Harness) -> None:
    with pytest.raises(BridgeError) as info:
        await harness.call({"type": "threads.explode", "params": {}})
    assert info.value.error["status"] == 400
    assert "invalid ChatKit request" in info.value.error["message"]
    assert len(harness.errors) == 1


async def test_invalid_json_body_is_a_400_error(harness: Harness) -> None:
    with pytest.raises(BridgeError) as info:
        await harness.call("{not json")
    assert info.value.error["status"] == 400


async def test_missing_thread_is_a_404_before_any_chunk(harness: Harness) -> None:
    request_id = harness.send(
        {
            "type": "threads.add_user_message",
            "params": {"thread_id": "thr_nope", "input": user_input("x")},
        }
    )
    frames = await harness.answer(request_id)
    assert [f["type"] for f in frames] == ["error"]
    assert frames[0]["error"]["status"] == 404
    assert frames[0]["error"]["type"] == "NotFoundError"
    with pytest.raises(BridgeError, match="thr_nope"):
        await harness.call({"type": "threads.get_by_id", "params": {"thread_id": "thr_nope"}})


async def test_error_mid_stream_from_respond_is_an_error_event(harness: Harness) -> None:
    events = await harness.call({"type": "threads.create", "params": {"input": user_input("fail")}})
    assert events[-1] == {"type": "error", "code": "stream.error", "allow_retry": True}


async def test_error_raised_by_the_server_after_chunks_is_an_error_frame(harness: Harness) -> None:
    thread_id = await new_thread(harness, "hello")  # last item is not a pending client tool call
    request_id = harness.send(
        {"type": "threads.add_client_tool_output", "params": {"thread_id": thread_id, "result": {}}}
    )
    frames = await harness.answer(request_id)
    assert frames[-1]["type"] == "error"
    assert frames[-1]["error"]["status"] == 400
    assert "ClientToolCallItem" in frames[-1]["error"]["message"]
    assert harness.errors.last is not None
    assert harness.errors.last.traceback is not None


async def test_the_bridge_keeps_working_after_errors(harness: Harness) -> None:
    for body in ("{}", "[]", '{"type": 3}'):
        with pytest.raises(BridgeError):
            await harness.call(body)
    assert (await harness.call({"type": "threads.list", "params": {}}))["data"] == []


@pytest.mark.parametrize(
    "frame",
    [
        None,
        42,
        "text",
        [],
        {},
        {"ns": "chatkit"},
        {"ns": "chatkit", "type": "wat", "id": "a"},
        {"ns": "chatkit", "type": "request", "id": "m1", "kind": "fetch"},
        {"ns": "chatkit", "type": "request", "id": "m2", "kind": "teleport", "body": "{}"},
        {"ns": "chatkit", "type": "request", "id": "", "kind": "fetch", "body": "{}"},
        {"ns": "chatkit", "type": "request", "id": "m3", "kind": "fetch", "body": 7},
        {"ns": "chatkit", "type": "cancel"},
    ],
)
async def test_malformed_frames_never_raise(harness: Harness, frame: Any) -> None:
    harness.bridge.handle(frame)
    await asyncio.sleep(0)
    for sent in harness.frames:
        assert sent["type"] == "error"
        assert sent["error"]["type"] == "MalformedFrame"
    answered = {f["id"] for f in harness.frames}
    if isinstance(frame, dict) and frame.get("id") and frame.get("type") == "request":
        assert answered == {frame["id"]}


async def test_frames_of_other_protocols_are_ignored(harness: Harness) -> None:
    harness.bridge.handle({"ns": "other", "type": "request", "id": "x"})
    assert harness.frames == []
    assert len(harness.errors) == 0


async def test_duplicate_request_id_is_rejected(harness: Harness, server: ScriptedServer) -> None:
    request_id = harness.send({"type": "threads.create", "params": {"input": user_input("slow")}})
    harness.send({"type": "threads.list", "params": {}}, request_id=request_id)
    await asyncio.sleep(0)
    assert any(
        f["type"] == "error" and f["error"]["type"] == "DuplicateRequest"
        for f in harness.by_id[request_id]
    )
    server.gate.set()
    await harness.answer(request_id)


# -- concurrency ----------------------------------------------------------------------------------


async def test_concurrent_requests_are_answered_separately(
    harness: Harness, server: ScriptedServer
) -> None:
    slow = harness.send({"type": "threads.create", "params": {"input": user_input("slow")}})
    fast = harness.send({"type": "threads.create", "params": {"input": user_input("fast one")}})
    fast_frames = await harness.answer(fast)
    assert events_of(fast_frames)[-1]["item"]["content"][0]["text"] == "echo: fast one "
    assert slow in harness.bridge.tasks
    server.gate.set()
    slow_events = events_of(await harness.answer(slow))
    assert slow_events[-1]["item"]["content"][0]["text"] == "echo: slow "
    assert {f["id"] for f in harness.frames} == {slow, fast}


async def test_streams_on_one_thread_are_serialized(
    harness: Harness, server: ScriptedServer
) -> None:
    thread_id = await new_thread(harness)
    body = lambda text: {  # noqa: E731
        "type": "threads.add_user_message",
        "params": {"thread_id": thread_id, "input": user_input(text)},
    }
    first = harness.send(body("slow"))
    second = harness.send(body("after"))
    for _ in range(20):
        await asyncio.sleep(0)
    assert harness.by_id[second] == []  # waits for the first stream to finish
    server.gate.set()
    await harness.answer(first)
    await harness.answer(second)
    items = await harness.call(
        {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc", "limit": 50}}
    )
    texts = [i["content"][0]["text"] for i in items["data"]]
    assert texts[2:] == ["slow", "echo: slow ", "after", "echo: after "]
    assert len(harness.bridge._thread_locks) == 0


# -- coalescing -----------------------------------------------------------------------------------


async def test_frames_of_one_tick_travel_as_one_chunk(harness: Harness) -> None:
    request_id = harness.send(
        {"type": "threads.create", "params": {"input": user_input("a b c d e f")}}
    )
    frames = await harness.answer(request_id)
    chunks = [f for f in frames if f["type"] == "chunk"]
    assert len(chunks) < len(events_of(frames))


async def test_a_producer_that_never_yields_still_streams(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bridge_module, "FLUSH_BYTES", 200)
    request_id = harness.send(
        {"type": "threads.create", "params": {"input": user_input("w " * 200)}}
    )
    frames = await harness.answer(request_id)
    assert len([f for f in frames if f["type"] == "chunk"]) > 5
    assert "".join(f["data"] for f in frames if f["type"] == "chunk").count("data: ") == len(
        events_of(frames)
    )


async def test_request_info_reaches_the_context_factory(harness: Harness) -> None:
    thread_id = await new_thread(harness)
    await harness.call({"type": "threads.get_by_id", "params": {"thread_id": thread_id}})
    info = harness.contexts[-1]
    assert (info.type, info.thread_id, info.headers["accept-language"]) == (
        "threads.get_by_id",
        thread_id,
        "en",
    )


async def test_oversized_requests_get_a_clear_413(harness: Harness) -> None:
    harness.bridge.max_request_bytes = 1000
    big = {"type": "threads.create", "params": {"input": user_input("x" * 2000)}}
    with pytest.raises(BridgeError, match=r"the limit is 0\.0 MiB") as info:
        await harness.call(big)
    assert info.value.error["status"] == 413
    assert (await harness.call({"type": "threads.list", "params": {}}))["data"] == []


async def test_the_kernel_knows_when_a_response_streams(server: ScriptedServer) -> None:
    changes: list[bool] = []
    harness = Harness(server)
    harness.bridge._on_responding = changes.append
    first = harness.send({"type": "threads.create", "params": {"input": user_input("slow")}})
    second = harness.send({"type": "threads.create", "params": {"input": user_input("slow")}})
    for _ in range(50):
        await asyncio.sleep(0)
    assert (changes, harness.bridge.streaming) == ([True], 2)
    server.gate.set()
    await harness.answer(first)
    await harness.answer(second)
    assert (changes, harness.bridge.streaming) == ([True, False], 0)
