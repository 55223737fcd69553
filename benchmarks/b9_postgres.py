"""B9 (Postgres half): PostgresStore beside SQLiteStore, and 50 chats at once on two workers.

1. Store operations side by side, the stores interleaved call by call: a page of 20 items and an
   item upsert on PostgreSQL (a throwaway cluster from Debian's packages) against SQLite (a file).
   The goal compares like with like, a database on the same machine: PostgreSQL through its Unix
   socket; the same calls over loopback TCP are reported beside it. Both trade the last commits
   before a crash for speed the same way: SQLite runs WAL with synchronous=NORMAL, PostgreSQL
   synchronous_commit=off (fsync stays on).
2. Load: two uvicorn worker processes on one PostgreSQL database (tests/apps/postgres_chat.py),
   50 chats started at once over HTTP, alternating between the workers, each streaming a reply of
   500 deltas. Every reply is then read back through the *other* worker: 0 errors and 0 lost
   items; time to first delta p50/p95.

Run: .venv/bin/python -m benchmarks.b9_postgres [--quick] [--json out.json]
"""

from __future__ import annotations

import asyncio
import gc
import json
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.postgres import PostgresCluster, uvicorn_workers

from ._common import Report, median, perf_counter, start
from ._fixtures import fill_thread, make_items

ITEMS = 100
CHATS = 50
DELTAS = 500
SETTINGS = {"fsync": "on", "synchronous_commit": "off"}


async def store_ops(report: Report, cluster: PostgresCluster, quick: bool) -> None:
    from chatkit_notebook.stores import PostgresStore, SQLiteStore

    threads = 20 if quick else 200
    calls = 100 if quick else 400
    database = cluster.new_database()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = SQLiteStore(Path(tmp) / "b9.db")
        tcp, socket = PostgresStore(database), PostgresStore(cluster.over_socket(database))
        stores = {"sqlite": sqlite, "postgres": socket, "postgres_tcp": tcp}
        ids = [f"thr_{t:05d}" for t in range(threads)]
        base = datetime(2025, 1, 1)
        for label, store in (("SQLiteStore", sqlite), ("PostgresStore", socket)):
            begin = perf_counter()
            for t, thread_id in enumerate(ids):
                await fill_thread(store, thread_id, ITEMS, start=base + timedelta(hours=t))
            report.figure(f"fill {label} ({threads} x {ITEMS}): s", perf_counter() - begin)

        upserted: dict[str, Any] = {}

        async def page(store: Any, thread_id: str, _i: int) -> object:
            return await store.load_thread_items(thread_id, None, 20, "desc", {})

        async def upsert(store: Any, thread_id: str, i: int) -> object:
            item = upserted.get(thread_id)
            if item is None:
                item = upserted[thread_id] = make_items(thread_id, ITEMS)[-1]
            item.content[0].text = f"rewritten {i}"
            return await store.save_item(thread_id, item, {})

        rng = random.Random(9)
        for name, op in (("page of 20 items", page), ("item upsert (save_item)", upsert)):
            times: dict[str, list[float]] = {label: [] for label in stores}
            picks = [rng.choice(ids) for _ in range(calls)]
            for store in stores.values():
                for _ in range(6):  # warm-up; Postgres prepares a statement on its 5th use
                    await op(store, picks[0], -1)
            gc.disable()
            try:
                for i, thread_id in enumerate(picks):
                    order = list(stores.items())
                    for label, store in order[i % 3 :] + order[: i % 3]:
                        begin = perf_counter()
                        await op(store, thread_id, i)
                        times[label].append(perf_counter() - begin)
            finally:
                gc.enable()
            s, p, t = (median(times[label]) * 1e3 for label in stores)
            report.figure(f"{name}: SQLiteStore median ms", s)
            report.figure(f"{name}: PostgresStore (Unix socket) median ms", p)
            report.figure(f"{name}: PostgresStore (loopback TCP) median ms", t)
            report.figure(f"{name}: Postgres over TCP / SQLite", t / s, "x")
            report.goal(f"{name}: Postgres / SQLite (same machine)", p / s, "<=", 3.0, "x")
        sqlite.close()
        await tcp.aclose()
        await socket.aclose()


async def one_chat(
    client: httpx.AsyncClient, url: str, user: str, started: float
) -> tuple[str, float, int]:
    """Starts a chat; returns its thread id, the seconds to the first delta, and the deltas."""
    body = {
        "type": "threads.create",
        "params": {
            "input": {
                "content": [{"type": "input_text", "text": "stream"}],
                "attachments": [],
                "inference_options": {},
            }
        },
    }
    headers = {"content-type": "application/json", "x-user-id": user}
    thread_id, first, deltas = "", float("nan"), 0
    async with client.stream("POST", url, content=json.dumps(body), headers=headers) as response:
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {await response.aread()!r}")
        async for line in response.aiter_lines():
            if not line.startswith("data: "):
                continue
            event = json.loads(line[len("data: ") :])
            if event["type"] == "thread.created":
                thread_id = event["thread"]["id"]
            elif event["type"] == "error":
                raise RuntimeError(f"stream error: {event}")
            elif event["type"] == "thread.item.updated" and event["update"]["type"].endswith(
                "text_delta"
            ):
                if deltas == 0:
                    first = time.perf_counter() - started
                deltas += 1
    return thread_id, first, deltas


async def reply_of(client: httpx.AsyncClient, url: str, user: str, thread_id: str) -> str:
    body = {"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}}
    headers = {"content-type": "application/json", "x-user-id": user}
    page = (await client.post(url, content=json.dumps(body), headers=headers)).json()
    replies = [i for i in page["data"] if i["type"] == "assistant_message"]
    return "".join(part["text"] for item in replies for part in item["content"])


async def load(report: Report, urls: list[str], chats: int) -> None:
    expected = "".join(f"{n} " for n in range(DELTAS))
    limits = httpx.Limits(max_connections=chats * 2, max_keepalive_connections=chats * 2)
    async with httpx.AsyncClient(timeout=300, limits=limits) as client:
        started = time.perf_counter()
        results = await asyncio.gather(
            *(one_chat(client, urls[n % 2], f"user{n}", time.perf_counter()) for n in range(chats)),
            return_exceptions=True,
        )
        elapsed = time.perf_counter() - started
        errors = [r for r in results if isinstance(r, BaseException)]
        done = [r for r in results if not isinstance(r, BaseException)]
        lost = 0
        for n, result in enumerate(results):
            if isinstance(result, BaseException):
                continue
            thread_id = result[0]
            stored = await reply_of(client, urls[(n + 1) % 2], f"user{n}", thread_id)
            lost += stored != expected
    firsts = sorted(r[1] for r in done)
    report.figure("chats finished", len(done))
    report.figure("wall time for all chats: s", elapsed)
    report.figure("delta events received per chat (min)", min((r[2] for r in done), default=0))
    report.figure("deltas per second, all chats", sum(r[2] for r in done) / elapsed)
    if errors:
        report.figure("first error", repr(errors[0]))
    p50 = firsts[len(firsts) // 2] * 1e3 if firsts else float("nan")
    p95 = firsts[min(len(firsts) - 1, int(len(firsts) * 0.95))] * 1e3 if firsts else float("nan")
    report.figure("time to first delta p50: ms", p50)
    report.figure("time to first delta p95: ms", p95)
    report.goal(f"{chats} chats x {DELTAS} deltas on 2 workers: errors", len(errors), "<=", 0)
    report.goal("replies lost or incomplete (read back through the other worker)", lost, "<=", 0)


async def main_async(report: Report, cluster: PostgresCluster, quick: bool) -> None:
    await store_ops(report, cluster, quick)
    database = cluster.new_database()
    env = {"CHATKIT_TEST_DELTAS": str(DELTAS)}
    with uvicorn_workers(database, 2, env=env) as urls:
        await load(report, urls, 10 if quick else CHATS)


def main() -> None:
    report, args = start(
        "B9",
        "PostgresStore vs SQLiteStore; 50 chats x 500 deltas on two workers",
        "   store calls timed alone, the stores alternating call by call",
    )
    with PostgresCluster(settings=SETTINGS) as cluster:
        asyncio.run(main_async(report, cluster, args.quick))
    report.finish(args.json)


if __name__ == "__main__":
    main()
