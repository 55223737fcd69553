"""B9 (page half): B4's 10,000-delta stream rendered by the served chat page (HTTP + SSE) vs the
same chat in JupyterLab (the comm), side by side in one run.

Run: .venv/bin/python -m benchmarks.b9_page [--quick] [--json out.json]

One kernel holds one chat (B4's `respond`). The notebook path is B4's: the builtin renderer in
JupyterLab, kernel → comm → websocket → RpcClient. The page path is `chat.serve(port=0)` from the
same kernel (uvicorn on the kernel's event loop, as a user would run it), opened in a second tab of
the same Chromium: kernel → uvicorn → SSE → the page's real `fetch`. Both are timed by B4's probe
(send click → the last delta's text painted), alternating page and notebook run by run.
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page

from ._browser import CHAT_READY, kernel_json, lab_page, open_chat
from ._common import machine_info, median, start
from .b4_render_stream import MARKER, SETUP, N, rendered

SERVE = "served = chat.serve(port=0)\n_bench_result = served.page_url"


def run(page: Page, n: int) -> dict[str, Any]:
    page.bring_to_front()  # a background tab's animation frames are throttled
    return rendered(page, n)


def main() -> None:
    report, args = start("B9", "the served chat page vs the notebook: 10,000 deltas rendered")
    info = machine_info(browser=True)
    print(f"   Node {info['node']} | {info['chromium']}", flush=True)
    report.figures["machine"] = info
    repeats = 1 if args.quick else 3
    runs: dict[str, list[dict[str, Any]]] = {"notebook": [], "page": []}
    with lab_page() as (notebook, server):
        open_chat(notebook, server, "b9", [SETUP])
        url = kernel_json(notebook, server, SERVE)
        served = notebook.context.new_page()
        served.set_default_timeout(120_000)
        served.goto(url)
        served.wait_for_function(CHAT_READY, timeout=120_000)
        for tab in (notebook, served):  # warm-up: server import, first thread, JIT
            run(tab, 200)
        for _ in range(repeats):
            runs["page"].append(run(served, N))
            runs["notebook"].append(run(notebook, N))
        served.close()
    for kind, values in runs.items():
        report.figures[f"{kind} runs"] = values
        print(f"  {kind} runs: {json.dumps(values)}", flush=True)
    assert all(r["chars"] >= len(MARKER) for r in runs["page"])

    def rate(kind: str) -> float:
        return N / (median([float(r["lastPaint"]) for r in runs[kind]]) / 1e3)

    page_rate, notebook_rate = rate("page"), rate("notebook")
    report.figure("page (HTTP + SSE): deltas/s", page_rate)
    report.figure("notebook (comm): deltas/s", notebook_rate)
    report.figure(
        "page: first delta painted: ms", median([float(r["firstPaint"]) for r in runs["page"]])
    )
    report.figure(
        "notebook: first delta painted: ms",
        median([float(r["firstPaint"]) for r in runs["notebook"]]),
    )
    report.goal("page / notebook rendered deltas/s", page_rate / notebook_rate, ">=", 0.8, "x")
    report.finish(args.json)


if __name__ == "__main__":
    main()
