"""B6: SQLiteStore vs MemoryStore with 1,000 threads x 100 items: a page of 20 items, the thread
list, an item upsert. Medians over many calls, the two stores interleaved call by call.

Run: .venv/bin/python -m benchmarks.b6_store_ops [--quick] [--json out.json]
"""

from __future__ import annotations

import asyncio
import gc
import random
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ._common import Report, median, perf_counter, start
from ._fixtures import fill_thread, make_items

THREADS = 1_000
ITEMS = 100


async def fill(store: Any, threads: int) -> list[str]:
    ids = []
    base = datetime(2025, 1, 1)
    for t in range(threads):
        thread_id = f"thr_{t:05d}"
        await fill_thread(store, thread_id, ITEMS, start=base + timedelta(hours=t))
        ids.append(thread_id)
    return ids


Op = Callable[[Any, str, int], Awaitable[object]]


async def page_of_items(store: Any, thread_id: str, _i: int) -> object:
    return await store.load_thread_items(thread_id, None, 20, "desc", {})


async def older_page_of_items(store: Any, thread_id: str, _i: int) -> object:
    return await store.load_thread_items(thread_id, f"{thread_id}_item_00060", 20, "desc", {})


async def thread_list(store: Any, _thread_id: str, _i: int) -> object:
    return await store.load_threads(20, None, "desc", {})


UPSERT_CACHE: dict[str, Any] = {}


async def item_upsert(store: Any, thread_id: str, i: int) -> object:
    """Rewrites the newest item with new text (what a streamed item's save does)."""
    item = UPSERT_CACHE.get(thread_id)
    if item is None:
        item = UPSERT_CACHE[thread_id] = make_items(thread_id, ITEMS)[-1]
    item.content[0].text = f"rewritten {i}"
    return await store.save_item(thread_id, item, {})


async def item_add(store: Any, thread_id: str, i: int) -> object:
    """Appends a new item (a new message)."""
    item = make_items(thread_id, 1, start=datetime(2030, 1, 1) + timedelta(seconds=i))[0]
    item.id = f"{thread_id}_new_{i}"
    return await store.add_thread_item(thread_id, item, {})


OPS: dict[str, Op] = {
    "page of 20 items (newest)": page_of_items,
    "page of 20 items (after a cursor)": older_page_of_items,
    "thread list (20)": thread_list,
    "item upsert (save_item)": item_upsert,
    "item add (add_thread_item)": item_add,
}
GOALS = {"page of 20 items (newest)", "thread list (20)", "item upsert (save_item)"}


async def main_async(report: Report, quick: bool) -> None:
    from chatkit_notebook.stores import MemoryStore, SQLiteStore

    threads = 100 if quick else THREADS
    calls = 100 if quick else 400
    with tempfile.TemporaryDirectory() as tmp:
        memory, sqlite = MemoryStore(), SQLiteStore(Path(tmp) / "b6.db")
        begin = perf_counter()
        ids = await fill(memory, threads)
        report.figure(f"fill MemoryStore ({threads} x {ITEMS}): s", perf_counter() - begin)
        begin = perf_counter()
        await fill(sqlite, threads)
        report.figure(f"fill SQLiteStore ({threads} x {ITEMS}): s", perf_counter() - begin)
        report.figure("SQLite file size: MB", (Path(tmp) / "b6.db").stat().st_size / 1e6)
        rng = random.Random(7)
        for name, op in OPS.items():
            times: dict[str, list[float]] = {"memory": [], "sqlite": []}
            picks = [rng.choice(ids) for _ in range(calls)]
            for store in (memory, sqlite):  # warm-up
                await op(store, picks[0], -1)
            gc.disable()
            try:
                for i, thread_id in enumerate(picks):
                    for label, store in (("memory", memory), ("sqlite", sqlite))[
                        :: 1 - 2 * (i % 2)
                    ]:
                        begin = perf_counter()
                        await op(store, thread_id, i)
                        times[label].append(perf_counter() - begin)
            finally:
                gc.enable()
            m, s = median(times["memory"]) * 1e3, median(times["sqlite"]) * 1e3
            report.figure(f"{name}: MemoryStore median ms", m)
            report.figure(f"{name}: SQLiteStore median ms", s)
            if name in GOALS:
                report.goal(f"{name}: SQLite / Memory", s / m, "<=", 3.0, "x")
                report.goal(f"{name}: SQLite median", s, "<=", 2.0, " ms")
            else:
                report.figure(f"{name}: SQLite / Memory", s / m, "x")
        sqlite.close()


def main() -> None:
    report, args = start(
        "B6",
        f"SQLiteStore vs MemoryStore, {THREADS:,} threads x {ITEMS} items",
        "   each call timed alone; the stores alternate call by call; GC off while timing",
    )
    asyncio.run(main_async(report, args.quick))
    report.finish(args.json)


if __name__ == "__main__":
    main()
