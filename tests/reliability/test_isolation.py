"""Per-user isolation through the bridge, for both stores.

The `context=` factory takes the user from a request header, so consecutive requests alternate
between users exactly as a multi-user deployment's would. Each user's `threads.list`,
`threads.get_by_id` and `items.list` show only their own threads; every request naming another
user's thread gets a 404 error frame and changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chatkit_notebook import ChatKit, MemoryStore, SQLiteStore
from tests.harness import add_message, create

from .helpers import Wire, snapshot

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

USERS = ["ada", "bob", "cy"]
PER_USER = 3


def as_user(user: str | None) -> dict[str, str]:
    return {"accept-language": "en"} | ({"x-user": user} if user else {})


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
async def test_each_user_sees_only_their_threads(kind: str, tmp_path: Path) -> None:
    store = MemoryStore() if kind == "memory" else SQLiteStore(tmp_path / "chats.db")
    chat = ChatKit(
        respond=lambda message: f"ok: {message}",
        store=store,
        context=lambda info: {"user_id": info.headers.get("x-user")},
    )
    wire = Wire(chat)
    counter = iter(range(10_000))

    async def call(user: str | None, body: dict[str, Any]) -> Any:
        return await wire.call(f"r{next(counter)}", body, headers=as_user(user))

    async def fails(user: str | None, body: dict[str, Any]) -> dict[str, Any]:
        request_id = wire.request(f"r{next(counter)}", body, headers=as_user(user))
        frames = await wire.answered(request_id)
        assert [f["type"] for f in frames] == ["error"], frames
        return dict(frames[0]["error"])

    owned: dict[str, list[str]] = {user: [] for user in USERS}
    for _ in range(PER_USER):  # alternate: ada, bob, cy, ada, bob, ...
        for user in USERS:
            events = await call(user, create(f"{user}'s secret plan"))
            owned[user].append(events[0]["thread"]["id"])

    before = {user: await snapshot(store, {"user_id": user}) for user in USERS}
    denied = 0
    for user in USERS:
        listed = await call(user, {"type": "threads.list", "params": {"limit": 100}})
        assert sorted(t["id"] for t in listed["data"]) == sorted(owned[user])
        for thread_id in owned[user]:
            thread = await call(
                user, {"type": "threads.get_by_id", "params": {"thread_id": thread_id}}
            )
            texts = [i["content"][0]["text"] for i in thread["items"]["data"]]
            assert texts[0] == f"{user}'s secret plan"
            items = await call(user, {"type": "items.list", "params": {"thread_id": thread_id}})
            assert all(user in i["content"][0]["text"] for i in items["data"])
        for other in USERS:
            if other == user:
                continue
            for thread_id in owned[other]:
                for body in (
                    {"type": "threads.get_by_id", "params": {"thread_id": thread_id}},
                    {"type": "items.list", "params": {"thread_id": thread_id}},
                    {"type": "threads.update", "params": {"thread_id": thread_id, "title": "x"}},
                    {"type": "threads.delete", "params": {"thread_id": thread_id}},
                    add_message(thread_id, "let me in"),
                ):
                    error = await fails(user, body)
                    assert error["status"] == 404, error
                    assert error["type"] == "NotFoundError"
                    denied += 1
    # a request with no user sees no one's threads
    assert (await call(None, {"type": "threads.list", "params": {}}))["data"] == []
    error = await fails(
        None, {"type": "threads.get_by_id", "params": {"thread_id": owned["ada"][0]}}
    )
    assert error["status"] == 404
    after = {user: await snapshot(store, {"user_id": user}) for user in USERS}
    assert after == before
    print(
        f"\nisolation ({kind}): {len(USERS)} users x {PER_USER} threads, lists/reads show only "
        f"their own, {denied + 1} cross-user requests all 404, stores unchanged"
    )
    chat.close()
    if isinstance(store, SQLiteStore):
        store.close()
