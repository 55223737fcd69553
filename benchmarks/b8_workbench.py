"""B8: the agent workbench against an OpenAI-protocol server that takes 200 ms per model call.

(a) `evaluate()` of 200 single-turn cases at concurrency 8 vs concurrency 1; (b) per case,
`evaluate()` (a chat turn, tracing, grading) vs a bare `Runner.run` of the same agent; (c) one
chat turn with `chat.runs` tracing vs the same chat with it off. (b) and (c) alternate batches of
the variants, so noise hits them alike. Also, as figures: (c) with no model latency at all
(`ScriptedModel`), which shows tracing's CPU cost alone.

The model server is the tests' loopback OpenAI server (chat completions over real HTTP, the real
`AsyncOpenAI` client), with a fixed delay added before each answer. It runs in its own process,
as a real model server would, so its CPU time is not charged to the workbench.

Run: .venv/bin/python -m benchmarks.b8_workbench [--quick] [--json out.json]
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

from tests.openai_loopback import OpenAILoopback

from ._common import PYTHON, ROOT, Report, alternate, median, perf_counter, start

LATENCY = 0.200  # seconds per model call
ANSWER = "It is sunny in Paris."


class SlowLoopback(OpenAILoopback):
    """The loopback server answering every request with the same turn, `latency` s later."""

    def __init__(self, latency: float) -> None:
        from chatkit_notebook.testing import text, turn

        super().__init__([])
        self.turn = turn(text(ANSWER))
        self.latency = latency

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.turns.append(self.turn)
        if len(self.requests) > 1000:
            self.requests.clear()
        await asyncio.sleep(self.latency)
        await super()._serve(reader, writer)


async def serve_forever() -> None:
    """`--serve`: the slow loopback server, its base URL printed on the first line."""
    async with SlowLoopback(LATENCY) as api:
        print(api.base_url, flush=True)
        await asyncio.Event().wait()


@contextlib.asynccontextmanager
async def model_server() -> AsyncIterator[str]:
    """The slow loopback server in a child process; yields its base URL."""
    child = await asyncio.create_subprocess_exec(
        PYTHON, "-m", "benchmarks.b8_workbench", "--serve", cwd=ROOT, stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None
        yield (await child.stdout.readline()).decode().strip()
    finally:
        child.terminate()
        await child.wait()


def cases(n: int) -> list[dict[str, Any]]:
    return [
        {"input": f"Weather in Paris? ({i})", "expect": {"contains": "sunny"}} for i in range(n)
    ]


async def main_async(report: Report, quick: bool) -> None:
    from agents import Agent, RunConfig, Runner

    from chatkit_notebook import ChatKit, evaluate, graders
    from chatkit_notebook.servers.models import ChatModels
    from chatkit_notebook.testing import ScriptedModel, text, turn

    logging.getLogger("openai.agents").setLevel(logging.ERROR)
    n = 48 if quick else 200
    batch = 8 if quick else 20
    repeats = 3 if quick else 5
    async with model_server() as base_url:
        agent = Agent(name="Weather", instructions="Answer briefly.", model="bench-model")
        endpoint = {"base_url": base_url, "api_key": "bench-key"}

        def chat(**extra: Any) -> ChatKit:
            return ChatKit(agent=agent, **endpoint, **extra)

        # (a) concurrency 8 vs 1, same cases, same graders; a fresh chat each
        await evaluate(chat(), cases(4), concurrency=4, progress=False)  # warm-up
        times = {}
        for concurrency in (8, 1):
            target = chat()
            begin = perf_counter()
            results = await evaluate(
                target, cases(n), [graders.regex("Paris")], concurrency=concurrency, progress=False
            )
            times[concurrency] = perf_counter() - begin
            assert results.pass_rate == 1.0, results
            report.figure(f"{n} cases at concurrency {concurrency}: s", times[concurrency])
        report.goal(
            f"speed-up of concurrency 8 over 1 ({n} cases)", times[1] / times[8], ">=", 6.0, "x"
        )

        # (b) per case: evaluate() (chat turn + tracing + grading) vs bare Runner.run
        models = ChatModels(**endpoint)
        bare_config = RunConfig(model_provider=models, tracing_disabled=True)
        workbench = chat()

        async def bare() -> float:
            """Runner.run_streamed, consumed to the end: the loopback server (and the chat)
            stream, so the bare run streams too."""
            begin = perf_counter()
            for i in range(batch):
                result = Runner.run_streamed(
                    agent, f"Weather in Paris? ({i})", run_config=bare_config
                )
                async for _event in result.stream_events():
                    pass
                assert result.final_output == ANSWER
            return (perf_counter() - begin) / batch

        async def evaluated() -> float:
            begin = perf_counter()
            results = await evaluate(
                workbench, cases(batch), [graders.regex("Paris")], concurrency=1, progress=False
            )
            assert results.pass_rate == 1.0
            return (perf_counter() - begin) / batch

        per_case = await alternate({"bare": bare, "evaluate": evaluated}, repeats=repeats)
        b, e = median(per_case["bare"]), median(per_case["evaluate"])
        report.figure("bare Runner.run per case: ms", b * 1e3)
        report.figure("evaluate() per case: ms", e * 1e3)
        report.goal("evaluate() / bare Runner.run, per case", e / b, "<=", 1.1, "x")

        # (c) a chat turn with tracing (chat.runs) vs without
        traced, untraced = chat(), chat()
        (await untraced._get_server()).runs = None  # as before the workbench: no runs, no spans

        def turns(target: ChatKit) -> Any:
            async def run() -> float:
                begin = perf_counter()
                for i in range(batch):
                    assert (await target.ask(f"Weather? ({i})")).text == ANSWER
                return (perf_counter() - begin) / batch

            return run

        per_turn = await alternate(
            {"traced": turns(traced), "untraced": turns(untraced)}, repeats=repeats
        )
        t, u = median(per_turn["traced"]), median(per_turn["untraced"])
        report.figure("chat turn with tracing: ms", t * 1e3)
        report.figure("chat turn without tracing: ms", u * 1e3)
        report.figure("spans recorded per traced turn", len(traced.runs[-1].spans))
        report.goal("chat turn: tracing / no tracing", t / u, "<=", 1.05, "x")

    # (c') no model latency: the CPU cost of tracing alone (figure, no goal)
    def scripted_chat() -> ChatKit:
        model = ScriptedModel([turn(text(ANSWER))] * (batch * (repeats + 1) * 2))
        return ChatKit(agent=Agent(name="Weather", model=model))

    cpu_traced, cpu_untraced = scripted_chat(), scripted_chat()
    (await cpu_untraced._get_server()).runs = None
    from agents import set_tracing_disabled

    async def untraced_turns() -> float:
        set_tracing_disabled(True)  # what a chat without runs amounts to: no spans at all
        try:
            return await turns(cpu_untraced)()
        finally:
            set_tracing_disabled(False)

    cpu = await alternate(
        {"traced": turns(cpu_traced), "untraced": untraced_turns}, repeats=repeats
    )
    ct, cu = median(cpu["traced"]), median(cpu["untraced"])
    report.figure("ScriptedModel turn with tracing: ms", ct * 1e3)
    report.figure("ScriptedModel turn without tracing: ms", cu * 1e3)
    report.figure("ScriptedModel turn: tracing / no tracing", ct / cu, "x")


def main() -> None:
    if "--serve" in sys.argv:
        asyncio.run(serve_forever())
        return
    report, args = start(
        "B8",
        f"the workbench against an OpenAI-protocol loopback server, {LATENCY * 1e3:.0f} ms a call",
        "   evaluate() at concurrency 8 vs 1; evaluate() vs bare Runner.run; tracing on vs off",
    )
    asyncio.run(main_async(report, args.quick))
    report.finish(args.json)


if __name__ == "__main__":
    main()
