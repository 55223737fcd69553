"""B1: text-delta throughput through the comm bridge vs bare `process()` vs FastAPI/uvicorn SSE.

Run: .venv/bin/python -m benchmarks.b1_bridge_throughput [--quick] [--json out.json]
     add --profile for a cProfile of one bridge request instead of the comparison
"""

from __future__ import annotations

import asyncio
import sys

import httpx

from ._common import Report, alternate, median, start
from ._workload import (
    create_body,
    function_server,
    http_server,
    list_bridge,
    run_http,
    run_limit,
    run_list_bridge,
    run_widget_bridge,
    widget_chat,
)

N = 10_000


async def measure(n: int, repeats: int, *, with_http: bool = True) -> dict[str, list[float]]:
    """Seconds per request of n deltas for each path, measured in rotation. Also checks that
    every path delivered the same number of SSE events."""
    body = create_body(n)
    server = function_server()
    bridge, sent = list_bridge(server)
    chat, _tally = widget_chat(function_server())
    counts: dict[str, set[int]] = {}
    chunk_frames: list[int] = []

    async def limit() -> float:
        elapsed, events = await run_limit(server, body)
        counts.setdefault("limit", set()).add(events)
        return elapsed

    async def bridge_list() -> float:
        elapsed, events, _chunks = await run_list_bridge(bridge, sent, body)
        counts.setdefault("bridge_list", set()).add(events)
        return elapsed

    async def bridge_widget() -> float:
        elapsed, events, chunks = await run_widget_bridge(chat, body)
        counts.setdefault("bridge_widget", set()).add(events)
        chunk_frames.append(chunks)
        return elapsed

    variants = {"limit": limit, "bridge_list": bridge_list, "bridge_widget": bridge_widget}
    if not with_http:
        results = await alternate(variants, repeats=repeats)
    else:
        with http_server() as url:
            limits = httpx.Limits(max_connections=1)
            async with httpx.AsyncClient(timeout=120, limits=limits) as client:

                async def http() -> float:
                    elapsed, events = await run_http(client, url, body)
                    counts.setdefault("http", set()).add(events)
                    return elapsed

                results = await alternate({**variants, "http": http}, repeats=repeats)
    chat.close()
    if len({frozenset(v) for v in counts.values()}) != 1:
        raise RuntimeError(f"the paths delivered different event counts: {counts}")
    results["_events"] = [float(next(iter(counts["limit"])))]
    results["_chunk_frames"] = [float(c) for c in chunk_frames]
    return results


def deltas_per_second(n: int, seconds: list[float]) -> float:
    return n / median(seconds)


async def main_async(report: Report, quick: bool) -> None:
    repeats = 3 if quick else 9
    results = await measure(N, repeats)
    events = int(results["_events"][0])
    report.figure("deltas per request", N)
    report.figure("SSE events per request", events)
    report.figure(
        "chunk frames per request (widget path, median)", median(results["_chunk_frames"])
    )
    rates = {}
    for name in ("limit", "bridge_list", "bridge_widget", "http"):
        rates[name] = deltas_per_second(N, results[name])
        report.figure(f"{name} deltas/s (median of {repeats})", rates[name])
        report.figure(f"{name} seconds (all runs)", [round(s, 4) for s in results[name]])
    report.figure("bridge_list / limit", rates["bridge_list"] / rates["limit"], "x")
    report.figure("bridge_list / http", rates["bridge_list"] / rates["http"], "x")
    report.goal(
        "bridge (real Widget.send + Session.serialize) / limit throughput",
        rates["bridge_widget"] / rates["limit"],
        ">=",
        0.8,
        "x",
    )
    report.goal(
        "bridge (real Widget.send + Session.serialize) / http throughput",
        rates["bridge_widget"] / rates["http"],
        ">=",
        2.0,
        "x",
    )


async def profile(n: int) -> None:
    """cProfile of one bridge request (real Widget.send): where the per-delta time goes."""
    import cProfile
    import pstats

    chat, _tally = widget_chat(function_server())
    body = create_body(n)
    await run_widget_bridge(chat, body)  # warm-up
    profiler = cProfile.Profile()
    profiler.enable()
    await run_widget_bridge(chat, body)
    profiler.disable()
    chat.close()
    print(f"  cProfile of one {n:,}-delta request through the bridge (top 25 by own time):")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    report, args = start(
        "B1",
        "10,000 text deltas: comm bridge vs bare process() vs FastAPI+uvicorn SSE",
        "   paths run in rotation; deltas/s = deltas / median wall time of one threads.create",
    )
    if "--profile" in sys.argv:
        asyncio.run(profile(N))
        return
    asyncio.run(main_async(report, args.quick))
    report.finish(args.json)


if __name__ == "__main__":
    main()
