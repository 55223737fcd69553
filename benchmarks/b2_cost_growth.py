"""B2: cost growth. (a) B1's bridge at 1,000 vs 10,000 deltas; (b) one turn in a fresh thread vs
one turn in a thread pre-filled with 2,000 items, MemoryStore and SQLiteStore, and the 10th vs the
1st turn in the 2,000-item thread.

Run: .venv/bin/python -m benchmarks.b2_cost_growth [--quick] [--json out.json]
     add --profile for a cProfile of 20 turns in a 2,000-item thread instead
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._common import Report, alternate, median, perf_counter, start
from ._fixtures import fill_thread
from ._workload import (
    add_message_body,
    create_body,
    fetch_frame,
    function_server,
    list_bridge,
    run_list_bridge,
)

PREFILL = 2_000
TURNS = 10
TURN_DELTAS = 50
_threads = itertools.count(1)


def respond_with_history(message: str, thread: Any) -> Iterator[str]:
    """A typical respond: reads the history (as an LLM call would), then streams 50 deltas."""
    assert len(thread.messages) <= 50
    for _ in range(TURN_DELTAS):
        yield "tok "


async def size_growth(report: Report, repeats: int) -> None:
    server = function_server()
    bridge, sent = list_bridge(server)
    small, large = create_body(1_000), create_body(10_000)

    async def run(body: str) -> float:
        return (await run_list_bridge(bridge, sent, body))[0]

    async def one_k() -> float:
        return await run(small)

    async def ten_k() -> float:
        return await run(large)

    results = await alternate({"1k": one_k, "10k": ten_k}, repeats=repeats)
    t1, t10 = median(results["1k"]), median(results["10k"])
    report.figure("bridge 1,000 deltas: ms", t1 * 1e3)
    report.figure("bridge 10,000 deltas: ms", t10 * 1e3)
    report.goal("time(10,000 deltas) / time(1,000 deltas)", t10 / t1, "<=", 11.0, "x")


async def turn(bridge: Any, sent: list[dict[str, Any]], thread_id: str) -> float:
    sent.clear()
    frame = fetch_frame(add_message_body(thread_id, "next question"))
    begin = perf_counter()
    bridge.handle(frame)
    await bridge.tasks[frame["id"]]
    elapsed = perf_counter() - begin
    assert sent[-1]["type"] == "end", sent[-1]
    return elapsed


def new_store(kind: str, tmp: Path) -> Any:
    from chatkit_notebook.stores import MemoryStore, SQLiteStore

    return MemoryStore() if kind == "memory" else SQLiteStore(tmp / f"b2-{next(_threads)}.db")


async def thread_growth(report: Report, kind: str, repeats: int, tmp: Path) -> None:
    """Per-turn time in a fresh thread vs in a 2,000-item thread, sequences run in rotation.
    Every sequence uses its own store, so earlier sequences cannot slow later ones."""
    from chatkit_notebook.errors import ErrorLog
    from chatkit_notebook.servers.function import FunctionServer

    per_turn: dict[str, list[list[float]]] = {"fresh": [], "prefilled": []}

    async def sequence(prefilled: bool) -> float:
        store = new_store(kind, tmp)
        server = FunctionServer(respond_with_history, store, ErrorLog())
        bridge, sent = list_bridge(server)
        thread_id = f"thr_b2_{next(_threads)}"
        await fill_thread(store, thread_id, PREFILL if prefilled else 2)
        times = [await turn(bridge, sent, thread_id) for _ in range(TURNS)]
        per_turn["prefilled" if prefilled else "fresh"].append(times)
        if hasattr(store, "close"):
            store.close()
        return median(times)

    async def fresh() -> float:
        return await sequence(False)

    async def prefilled() -> float:
        return await sequence(True)

    results = await alternate({"fresh": fresh, "prefilled": prefilled}, repeats=repeats)
    f, p = median(results["fresh"]), median(results["prefilled"])
    first = median([seq[0] for seq in per_turn["prefilled"]])
    tenth = median([seq[-1] for seq in per_turn["prefilled"]])
    report.figure(f"{kind}: one turn, fresh thread (2 items): ms", f * 1e3)
    report.figure(f"{kind}: one turn, {PREFILL}-item thread: ms", p * 1e3)
    report.figure(f"{kind}: 1st turn in {PREFILL}-item thread: ms", first * 1e3)
    report.figure(f"{kind}: 10th turn in {PREFILL}-item thread: ms", tenth * 1e3)
    report.goal(
        f"{kind}: turn in {PREFILL}-item thread / turn in fresh thread", p / f, "<=", 1.25, "x"
    )
    report.goal(
        f"{kind}: 10th turn / 1st turn in {PREFILL}-item thread", tenth / first, "<=", 1.25, "x"
    )


async def main_async(report: Report, quick: bool) -> None:
    await size_growth(report, 3 if quick else 9)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("memory", "sqlite"):
            await thread_growth(report, kind, 2 if quick else 9, Path(tmp))


async def profile() -> None:
    """cProfile of 20 turns in a 2,000-item MemoryStore thread: where a turn's time goes."""
    import cProfile
    import pstats

    from chatkit_notebook.errors import ErrorLog
    from chatkit_notebook.servers.function import FunctionServer
    from chatkit_notebook.stores import MemoryStore

    store = MemoryStore()
    bridge, sent = list_bridge(FunctionServer(respond_with_history, store, ErrorLog()))
    await fill_thread(store, "thr_profile", PREFILL)
    await turn(bridge, sent, "thr_profile")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        await turn(bridge, sent, "thr_profile")
    profiler.disable()
    print(f"  cProfile of 20 turns in a {PREFILL}-item thread (top 30 by cumulative time):")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    report, args = start(
        "B2",
        "cost growth with stream length and thread length",
        "   turns are threads.add_user_message through the Bridge; respond(message, thread) reads\n"
        f"   the history and streams {TURN_DELTAS} deltas. 'Flat' is read as <= 1.25x.",
    )
    if "--profile" in sys.argv:
        asyncio.run(profile())
        return
    asyncio.run(main_async(report, args.quick))
    report.finish(args.json)


if __name__ == "__main__":
    main()
