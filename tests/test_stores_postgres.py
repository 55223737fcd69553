"""What only PostgresStore has: a schema of its own checked before use, a pool per event loop,
concurrent writers, and several uvicorn workers sharing one database.

Every test runs against a real PostgreSQL cluster from Debian's packages, started in a temporary
folder by tests/postgres.py (the session's `postgres` fixture); the shared behaviour of the three
stores is in tests/test_stores.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from datetime import timedelta
from typing import Any

import httpx
import psycopg
import pytest
from chatkit.store import NotFoundError

import chatkit_notebook
from chatkit_notebook import ChatKit
from chatkit_notebook.stores import PostgresStore
from chatkit_notebook.stores._shared import ForeignDatabaseError

from .harness import add_message, create
from .postgres import PostgresCluster, uvicorn_workers
from .test_stores import ALICE, T0, THREAD, message, new_postgres_store, thread_meta

pytestmark = pytest.mark.timeout(180)


def tables(url: str, schema: str) -> dict[str, list[str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = %s ORDER BY table_name, ordinal_position",
            (schema,),
        ).fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


async def test_the_schema_is_created_on_first_use(postgres_database: str) -> None:
    store = PostgresStore(postgres_database)
    assert tables(postgres_database, "chatkit_notebook") == {}  # nothing before the first call
    await store.save_thread(thread_meta(), ALICE)
    assert set(tables(postgres_database, "chatkit_notebook")) == {
        "threads",
        "items",
        "attachments",
        "store_version",
    }
    await store.aclose()
    reopened = PostgresStore(postgres_database)  # a later process finds them and keeps the data
    assert (await reopened.load_thread(THREAD, ALICE)).id == THREAD
    await reopened.aclose()


async def test_another_applications_tables_are_left_alone(postgres_database: str) -> None:
    """Its own schema: another application's `public.threads` never meets ours; and a schema of
    that name that holds someone else's tables is refused, unchanged (issue 16.9)."""
    with psycopg.connect(postgres_database) as conn:
        conn.execute("CREATE TABLE public.threads (id text PRIMARY KEY, title text)")
        conn.execute("INSERT INTO public.threads VALUES ('t1', 'not yours')")
        conn.execute("CREATE SCHEMA theirs")
        conn.execute("CREATE TABLE theirs.threads (id text PRIMARY KEY, title text)")
        conn.execute("CREATE TABLE theirs.notes (body text)")
    store = PostgresStore(postgres_database)
    await store.save_thread(thread_meta(), ALICE)
    await store.aclose()

    refused = PostgresStore(postgres_database, schema="theirs")
    with pytest.raises(ForeignDatabaseError, match=r"notes\(body\), threads\(id, title\)"):
        await refused.load_thread(THREAD, ALICE)
    assert tables(postgres_database, "theirs") == {"notes": ["body"], "threads": ["id", "title"]}
    with psycopg.connect(postgres_database) as conn:
        assert conn.execute("SELECT * FROM public.threads").fetchall() == [("t1", "not yours")]


async def test_a_newer_store_version_is_refused(postgres: PostgresCluster) -> None:
    store = new_postgres_store(postgres)
    await store.save_thread(thread_meta(), ALICE)
    await store.aclose()
    with psycopg.connect(postgres.url) as conn:
        conn.execute(f"UPDATE {store.schema}.store_version SET version = 99")
    with pytest.raises(RuntimeError, match="99"):
        await PostgresStore(postgres.url, schema=store.schema).load_thread(THREAD, ALICE)


async def test_a_wrong_url_fails_at_once_with_the_drivers_message() -> None:
    store = PostgresStore("postgresql://postgres:s3cret@127.0.0.1:1/nowhere")
    started = time.monotonic()
    with pytest.raises(psycopg.OperationalError, match=r"127\.0\.0\.1") as failed:
        await store.load_thread(THREAD, ALICE)
    assert time.monotonic() - started < 20  # not the pool's 30 s timeout
    assert "s3cret" not in str(failed.value)
    assert "s3cret" not in repr(store)


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="schema"):
        PostgresStore("postgresql://localhost/x", schema="drop table; --")


async def test_stores_opening_together_create_the_schema_once(postgres: PostgresCluster) -> None:
    schema = new_postgres_store(postgres).schema
    stores = [PostgresStore(postgres.url, schema=schema, max_size=2) for _ in range(6)]
    await asyncio.gather(
        *(store.save_thread(thread_meta(f"thr_{n}"), ALICE) for n, store in enumerate(stores))
    )
    page = await stores[0].load_threads(20, None, "asc", ALICE)
    assert sorted(thread.id for thread in page.data) == [f"thr_{n}" for n in range(6)]
    for store in stores:
        await store.aclose()


async def test_concurrent_writers_lose_nothing(postgres: PostgresCluster) -> None:
    """Two stores (two processes' worth of pools) write 200 items into one thread at once, while
    the thread is renamed over and over: every item lands, in created_at order."""
    one = new_postgres_store(postgres, max_size=5)
    two = PostgresStore(postgres.url, schema=one.schema, max_size=5)
    await one.save_thread(thread_meta(), ALICE)
    writes = [
        (one if n % 2 else two).add_thread_item(
            THREAD, message(f"m{n:03}", T0 + timedelta(milliseconds=n)), ALICE
        )
        for n in range(200)
    ]
    renames = [
        (two if n % 2 else one).save_thread(thread_meta(title=f"title {n}"), ALICE)
        for n in range(20)
    ]
    await asyncio.gather(*writes, *renames)
    seen: list[str] = []
    after = None
    while True:
        page = await two.load_thread_items(THREAD, after, 20, "asc", ALICE)
        seen += [item.id for item in page.data]
        if not page.has_more:
            break
        after = page.after
    assert seen == [f"m{n:03}" for n in range(200)]
    assert (await one.load_thread(THREAD, ALICE)).title.startswith("title ")  # type: ignore[union-attr]
    await one.aclose()
    await two.aclose()


async def test_a_thread_deleted_while_items_arrive(postgres: PostgresCluster) -> None:
    """Writes racing a delete either land before it (and go with the thread) or fail as
    NotFound; nothing is left behind under the deleted id."""
    store = new_postgres_store(postgres, max_size=8)
    await store.save_thread(thread_meta(), ALICE)
    writes = [store.add_thread_item(THREAD, message(f"m{n}"), ALICE) for n in range(40)]
    results = await asyncio.gather(
        *writes[:20], store.delete_thread(THREAD, ALICE), *writes[20:], return_exceptions=True
    )
    assert all(r is None or isinstance(r, NotFoundError) for r in results), results
    await store.save_thread(thread_meta(), ALICE)
    assert (await store.load_thread_items(THREAD, None, 50, "asc", ALICE)).data == []
    await store.aclose()


async def test_one_store_serves_several_event_loops(postgres: PostgresCluster) -> None:
    """The kernel's loop and serve()'s thread each get a pool of their own."""
    store = new_postgres_store(postgres)
    await store.save_thread(thread_meta(), ALICE)
    found: list[Any] = []

    def elsewhere() -> None:
        async def work() -> None:
            found.append((await store.load_thread(THREAD, ALICE)).id)
            await store.add_thread_item(THREAD, message("from_thread"), ALICE)
            await store.aclose()

        asyncio.run(work())

    worker = threading.Thread(target=elsewhere)
    worker.start()
    await asyncio.to_thread(worker.join)
    assert found == [THREAD]
    assert (await store.load_item(THREAD, "from_thread", ALICE)).id == "from_thread"
    await store.aclose()


async def test_chat_takes_a_postgres_url(postgres_database: str) -> None:
    chat = ChatKit(respond=lambda message, thread: f"echo {message}", store=postgres_database)
    assert isinstance(chat.store, PostgresStore)
    assert chatkit_notebook.PostgresStore is PostgresStore
    reply = await chat.ask("hello")
    assert reply.text == "echo hello"
    again = PostgresStore(postgres_database)
    assert [t.id for t in (await again.load_threads(5, None, "asc", {})).data] == [reply.thread_id]
    await again.aclose()


def post(client: httpx.Client, url: str, body: Any, user: str = "alice") -> httpx.Response:
    headers = {"content-type": "application/json", "x-user-id": user}
    return client.post(url, content=json.dumps(body), headers=headers, timeout=60)


def sse(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    frames = [frame for frame in response.text.split("\n\n") if frame.strip()]
    return [json.loads(frame.removeprefix("data: ")) for frame in frames]


def reply_text(events: list[dict[str, Any]]) -> str:
    done = [e["item"] for e in events if e["type"] == "thread.item.done"]
    return "".join(part["text"] for part in done[-1]["content"])


def test_two_workers_share_threads(postgres_database: str) -> None:
    """Two uvicorn processes on one database: a thread started through one is continued,
    listed, renamed and deleted through the other; another user sees none of it."""
    with uvicorn_workers(postgres_database, 2) as (one, two), httpx.Client() as client:
        events = sse(post(client, one, create("hello")))
        thread_id = events[0]["thread"]["id"]
        first_pid = reply_text(events).split()[1]
        continued = reply_text(sse(post(client, two, add_message(thread_id, "again"))))
        second_pid = continued.split()[1]
        assert first_pid != second_pid != str(os.getpid())
        assert continued == f"worker {second_pid} heard 'again'"

        listed = post(
            client, one, {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}}
        )
        texts = [
            "".join(part["text"] for part in item["content"])
            for item in listed.json()["data"]
            if item["type"] in ("user_message", "assistant_message")
        ]
        assert texts == ["hello", f"worker {first_pid} heard 'hello'", "again", continued]
        for url in (one, two):
            threads = post(client, url, {"type": "threads.list", "params": {}}).json()["data"]
            assert [t["id"] for t in threads] == [thread_id]
            assert post(client, url, {"type": "threads.list", "params": {}}, "bob").json() == {
                "data": [],
                "has_more": False,
            }

        rename = {"type": "threads.update", "params": {"thread_id": thread_id, "title": "Both"}}
        assert post(client, two, rename).json()["title"] == "Both"
        get = {"type": "threads.get_by_id", "params": {"thread_id": thread_id}}
        assert post(client, one, get).json()["title"] == "Both"
        assert post(client, one, get, "bob").status_code == 404

        delete = {"type": "threads.delete", "params": {"thread_id": thread_id}}
        assert post(client, one, delete).status_code == 200
        assert post(client, two, get).status_code == 404
        assert post(client, two, {"type": "threads.list", "params": {}}).json()["data"] == []


def test_bob_is_refused_by_user_not_by_worker(postgres_database: str) -> None:
    with uvicorn_workers(postgres_database, 1) as (one,), httpx.Client() as client:
        thread_id = sse(post(client, one, create("secret")))[0]["thread"]["id"]
        response = post(client, one, add_message(thread_id, "let me in"), "bob")
        assert response.status_code == 404
        items = post(
            client, one, {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}}
        )
        assert len(items.json()["data"]) == 2  # bob added nothing
