"""Whose upload is whose: a delete checks ownership in the chat's Store before any byte goes, over
the comm and over HTTP (issue 16.1: the bytes used to be deleted first, then the 404 sent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from chatkit_notebook import ChatKit
from chatkit_notebook.bridge.core import RequestInfo
from chatkit_notebook.serving.app import asgi_app

from .harness import BridgeError
from .test_attachments import Uploader, echo_attachments

pytestmark = pytest.mark.timeout(60)


def delete(attachment_id: str) -> dict[str, Any]:
    return {"type": "attachments.delete", "params": {"attachment_id": attachment_id}}


class Users:
    """The comm carries no headers: the test names the user of each comm request."""

    def __init__(self) -> None:
        self.comm_user = "alice"

    def __call__(self, info: RequestInfo) -> dict[str, Any]:
        return {"user_id": info.headers.get("x-user-id", self.comm_user)}


async def alices_upload(tmp_path: Path, data: bytes = b"alice's notes") -> tuple[Any, Users, str]:
    users = Users()
    chat = ChatKit(echo_attachments, store=tmp_path / "chats.db", context=users)
    created = await Uploader(chat).create("notes.txt", "text/plain", len(data))
    await Uploader(chat).upload(created["id"], data)
    return chat, users, created["id"]


def stored_bytes(tmp_path: Path, attachment_id: str) -> bytes | None:
    path = tmp_path / "chats.attachments" / attachment_id
    return path.read_bytes() if path.exists() else None


async def test_another_user_cannot_delete_an_upload_over_the_comm(tmp_path: Path) -> None:
    chat, users, attachment_id = await alices_upload(tmp_path)
    users.comm_user = "bob"
    with pytest.raises(BridgeError, match=attachment_id) as refused:
        await Uploader(chat).call(delete(attachment_id))
    assert refused.value.error["type"] == "NotFoundError"
    assert stored_bytes(tmp_path, attachment_id) == b"alice's notes"
    assert (await chat.store.load_attachment(attachment_id, {"user_id": "alice"})).id
    users.comm_user = "alice"
    assert await Uploader(chat).call(delete(attachment_id)) == {}
    assert stored_bytes(tmp_path, attachment_id) is None


async def test_another_user_cannot_delete_a_pending_upload(tmp_path: Path) -> None:
    users = Users()
    chat = ChatKit(echo_attachments, store=tmp_path / "chats.db", context=users)
    created = await Uploader(chat).create("later.txt", "text/plain", 5)
    users.comm_user = "bob"
    with pytest.raises(BridgeError, match=created["id"]):
        await Uploader(chat).call(delete(created["id"]))
    users.comm_user = "alice"
    await Uploader(chat).upload(created["id"], b"hello")  # alice's upload still goes through
    assert stored_bytes(tmp_path, created["id"]) == b"hello"


async def test_another_user_cannot_delete_an_upload_over_http(tmp_path: Path) -> None:
    chat, _users, attachment_id = await alices_upload(tmp_path)
    transport = httpx.ASGITransport(app=asgi_app(chat))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:

        async def post(user: str) -> httpx.Response:
            headers = {"x-user-id": user, "content-type": "application/json"}
            body = json.dumps(delete(attachment_id))
            return await client.post("/chatkit", content=body, headers=headers)

        refused = await post("bob")
        assert refused.status_code == 404
        assert stored_bytes(tmp_path, attachment_id) == b"alice's notes"
        assert (await post("alice")).status_code == 200
    assert stored_bytes(tmp_path, attachment_id) is None
