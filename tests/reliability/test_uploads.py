"""Uploads under a per-request context that reads headers: the attachment belongs to whoever
announced it with `attachments.create`, whatever headers the upload's own request carries.

ChatKit uploads in two requests: the protocol request `attachments.create` (with the protocol's
headers, e.g. a user header in a served app), then the bytes to the upload descriptor's URL,
whose request carries only the descriptor's headers (the builtin renderer's and the official
component's alike). Rebuilding the context from the second request's headers named no user, so
every upload was refused as "not found" (or failed in the factory).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from chatkit.store import NotFoundError

from chatkit_notebook import ChatKit, MemoryStore, SQLiteStore

from .helpers import Wire

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def as_user(user: str) -> dict[str, str]:
    return {"accept-language": "en", "x-user": user}


def upload_frame(request_id: str, attachment_id: str) -> dict[str, Any]:
    """What js/rpc.ts sends for a one-chunk upload (the bytes travel as the message's buffer)."""
    return {
        "ns": "chatkit",
        "type": "request",
        "id": request_id,
        "kind": "upload",
        "attachment_id": attachment_id,
        "offset": 0,
        "final": True,
    }


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
@pytest.mark.parametrize("factory", ["strict", "lenient"])
async def test_an_upload_belongs_to_the_user_who_announced_it(
    kind: str, factory: str, tmp_path: Path
) -> None:
    store = MemoryStore() if kind == "memory" else SQLiteStore(tmp_path / "chats.db")
    if factory == "strict":  # a served app's factory: a request without the header is refused

        def context(info: Any) -> dict[str, Any]:
            return {"user_id": info.headers["x-user"]}
    else:

        def context(info: Any) -> dict[str, Any]:
            return {"user_id": info.headers.get("x-user")}

    seen: list[str] = []

    def respond(message: str, thread: Any) -> str:
        seen.extend(a.name for a in thread.user_message.attachments)
        return "ok"

    chat = ChatKit(respond=respond, store=store, context=context)
    wire = Wire(chat)
    params = {"name": "plan.txt", "size": 5, "mime_type": "text/plain"}
    created = await wire.call(
        "create", {"type": "attachments.create", "params": params}, headers=as_user("ada")
    )
    chat._handle_custom_msg(upload_frame("up", created["id"]), [memoryview(b"hello")])
    frames = await wire.answered("up")
    assert frames[-1]["type"] == "response", frames[-1]
    assert json.loads(frames[-1]["body"])["id"] == created["id"]

    stored = await store.load_attachment(created["id"], {"user_id": "ada"})
    assert stored.upload_descriptor is None  # the finished attachment, saved for ada
    with pytest.raises(NotFoundError):
        await store.load_attachment(created["id"], {"user_id": "bob"})
    message = {
        "type": "threads.create",
        "params": {
            "input": {
                "content": [{"type": "input_text", "text": "see attached"}],
                "attachments": [created["id"]],
                "inference_options": {},
            }
        },
    }
    await wire.call("send", message, headers=as_user("ada"))
    assert seen == ["plan.txt"]
    assert not chat.errors
