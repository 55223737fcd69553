"""Attachments: two-phase upload over the comm in chunks, data: previews, bytes for the model."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path
from typing import Any

import pytest
from agents import Agent, set_tracing_disabled

from chatkit_notebook import ChatKit
from chatkit_notebook.stores.attachments import MAX_CHUNK_BYTES, UPLOAD_PREFIX
from chatkit_notebook.testing import ScriptedModel, text, turn

from .harness import TERMINAL, BridgeError, WidgetHarness

set_tracing_disabled(True)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class Uploader(WidgetHarness):
    async def create(self, name: str, mime_type: str, size: int) -> dict[str, Any]:
        body = {
            "type": "attachments.create",
            "params": {"name": name, "size": size, "mime_type": mime_type},
        }
        return await self.call(body)

    async def send_chunk(
        self, attachment_id: str, offset: int, data: bytes | None, final: bool
    ) -> dict[str, Any]:
        request_id = f"up-{attachment_id}-{offset}-{final}"
        frame = {
            "ns": "chatkit",
            "type": "request",
            "id": request_id,
            "kind": "upload",
            "attachment_id": attachment_id,
            "offset": offset,
            "final": final,
        }
        self.chat._handle_custom_msg(frame, [] if data is None else [memoryview(data)])
        for _ in range(2000):
            frames = [f for f in self.sent if f.get("id") == request_id]
            if frames and frames[-1]["type"] in TERMINAL:
                if frames[-1]["type"] == "error":
                    raise BridgeError(frames[-1]["error"])
                return json.loads(frames[-1]["body"])
            await asyncio.sleep(0.005)
        raise AssertionError("no answer")

    async def upload(self, attachment_id: str, data: bytes) -> dict[str, Any]:
        offsets = list(range(0, len(data), MAX_CHUNK_BYTES)) or [0]
        answer: dict[str, Any] = {}
        for offset in offsets:
            chunk = data[offset : offset + MAX_CHUNK_BYTES]
            answer = await self.send_chunk(
                attachment_id, offset, chunk, offset + len(chunk) >= len(data)
            )
        return answer


def echo_attachments(message: str, thread: Any) -> str:
    names = [a.name for a in thread.user_message.attachments]
    return f"got {message} with {names}"


async def test_an_image_is_uploaded_in_chunks_and_previewed_inline() -> None:
    chat = ChatKit(echo_attachments)
    harness = Uploader(chat)
    created = await harness.create("pixel.png", "image/png", len(PNG))
    assert created["upload_descriptor"] == {
        "url": f"{UPLOAD_PREFIX}{created['id']}",
        "method": "POST",
        "headers": {},
    }
    finished = await harness.upload(created["id"], PNG)
    assert finished["preview_url"] == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert "upload_descriptor" not in finished
    events = await harness.call(
        {
            "type": "threads.create",
            "params": {
                "input": {
                    "content": [{"type": "input_text", "text": "look"}],
                    "attachments": [created["id"]],
                    "inference_options": {},
                }
            },
        }
    )
    user = next(
        e["item"]
        for e in events
        if e["type"] == "thread.item.done" and e["item"]["type"] == "user_message"
    )
    assert user["attachments"][0]["preview_url"].startswith("data:image/png;base64,")
    assert events[-2]["item"]["content"][0]["text"] == "got look with ['pixel.png']"


async def test_large_files_travel_in_many_chunks() -> None:
    chat = ChatKit(echo_attachments)
    harness = Uploader(chat)
    data = bytes(range(256)) * (MAX_CHUNK_BYTES * 3 // 256 + 7)
    created = await harness.create("big.bin", "application/octet-stream", len(data))
    finished = await harness.upload(created["id"], data)
    assert finished["type"] == "file"
    stored = await chat.store.load_attachment(finished["id"], {})
    assert await chat._attachments.read(stored) == data  # type: ignore[union-attr]


async def test_uploads_are_checked() -> None:
    chat = ChatKit(echo_attachments, max_request_bytes=4 * MAX_CHUNK_BYTES)
    harness = Uploader(chat)
    with pytest.raises(
        BridgeError, match=r"huge\.bin is 5\.0 MiB; attachments may be at most 4\.0 MiB"
    ):
        await harness.create("huge.bin", "application/octet-stream", 5 * MAX_CHUNK_BYTES)
    created = await harness.create("a.txt", "text/plain", 10)
    with pytest.raises(BridgeError, match="expected offset 0, got 5"):
        await harness.send_chunk(created["id"], 5, b"hello", False)
    with pytest.raises(BridgeError, match="must carry its bytes"):
        await harness.send_chunk(created["id"], 0, None, False)
    with pytest.raises(BridgeError, match="received 5 of 10 bytes"):
        await harness.send_chunk(created["id"], 0, b"hello", True)
    created = await harness.create("b.txt", "text/plain", 3)
    with pytest.raises(BridgeError, match="larger than the 3 bytes announced"):
        await harness.send_chunk(created["id"], 0, b"hello", True)
    with pytest.raises(BridgeError, match="no upload is waiting for attachment 'atc_nope'"):
        await harness.send_chunk("atc_nope", 0, b"x", True)
    assert len(chat.errors) >= 5


async def test_attachments_beside_sqlite_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "chats.db"
    harness = Uploader(ChatKit(echo_attachments, store=path))
    created = await harness.create("notes.txt", "text/plain", 5)
    await harness.upload(created["id"], b"hello")
    assert (tmp_path / "chats.attachments" / created["id"]).read_bytes() == b"hello"
    reopened = ChatKit(echo_attachments, store=path)
    stored = await reopened.store.load_attachment(created["id"], {})
    assert await reopened._attachments.read(stored) == b"hello"  # type: ignore[union-attr]
    assert (
        await Uploader(reopened).call(
            {"type": "attachments.delete", "params": {"attachment_id": created["id"]}}
        )
        == {}
    )
    assert not (tmp_path / "chats.attachments" / created["id"]).exists()


async def test_the_agent_sees_images_and_text_files() -> None:
    model = ScriptedModel([turn(text("I see them."))])
    chat = ChatKit(agent=Agent(name="eyes", model=model))
    harness = Uploader(chat)
    image = await harness.create("pixel.png", "image/png", len(PNG))
    await harness.upload(image["id"], PNG)
    notes = await harness.create("notes.txt", "text/plain", 11)
    await harness.upload(notes["id"], b"remember me")
    await harness.call(
        {
            "type": "threads.create",
            "params": {
                "input": {
                    "content": [{"type": "input_text", "text": "what are these?"}],
                    "attachments": [image["id"], notes["id"]],
                    "inference_options": {},
                }
            },
        }
    )
    sent = json.dumps(model.calls[0].input)
    assert "data:image/png;base64," + base64.b64encode(PNG).decode() in sent
    assert "remember me" in sent
