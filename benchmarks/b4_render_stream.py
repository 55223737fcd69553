"""B4: 10,000 deltas from the kernel to the rendered DOM of the builtin renderer, in JupyterLab and
Chromium, vs the same stream with rendering disabled, vs bare `process()` in the same kernel.

Run: .venv/bin/python -m benchmarks.b4_render_stream [--quick] [--json out.json]
     add --profile for a CDP CPU profile of one rendered stream instead of the comparison

- rendered:  set the composer text, click send; a MutationObserver on the renderer's shadow root
             sees the first non-empty assistant text and the last delta's marker; times are taken
             at the next requestAnimationFrame (the frame that paints it). Long tasks come from a
             PerformanceObserver('longtask') running during the stream.
- transport: "rendering disabled": the very same comm-backed `api.fetch` the renderer uses (kernel
             -> Bridge -> comm -> websocket -> JupyterLab -> RpcClient -> Response), with the SSE
             body read and every event JSON-parsed, but no reducer, no Markdown and no DOM. This
             isolates what rendering adds; a hidden chat would still run the reducer and Lit.
- bare:      a cell that iterates `server.process()` of the chat's own server (no comm);
             also `await chat.ask(...)` (Bridge.call, no comm) for reference.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

from playwright.sync_api import Page

from ._browser import kernel_json, lab_page, open_chat
from ._common import machine_info, median, start

N = 10_000
MARKER = "ENDMARK"

SETUP = f"""
from chatkit_notebook import ChatKit

def respond(message):
    n = int(message)
    for _ in range(n - 1):
        yield "tok "
    yield "{MARKER}"

chat = ChatKit(respond=respond, renderer="builtin", height=500)
chat
"""

RENDERED_JS = """
async ({ text, marker, timeoutMs }) => {
  const el = document.querySelector('chatkit-notebook-chat');
  const root = el.shadowRoot;
  while (el.controller.responding) await new Promise((r) => setTimeout(r, 20));
  await el.setThreadId(null);
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const longtasks = [];
  const po = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longtasks.push([e.startTime, e.duration]);
  });
  po.observe({ type: 'longtask' });
  const frameTimes = [];
  let streaming = true;
  const tick = (t) => { frameTimes.push(t); if (streaming) requestAnimationFrame(tick); };
  let t0 = 0, firstDom = null, firstPaint = null, lastDom = null;
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      mo.disconnect();
      reject(new Error(`timeout, first=${firstDom}`));
    }, timeoutMs);
    const mo = new MutationObserver(() => {
      const md = root.querySelector('.assistant .markdown');
      if (!md) return;
      const t = md.textContent;
      if (firstDom === null && t.trim()) {
        firstDom = performance.now();
        requestAnimationFrame(() => { firstPaint = performance.now(); });
      }
      if (lastDom === null && t.trimEnd().endsWith(marker)) {
        lastDom = performance.now();
        mo.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => resolve(performance.now()));
      }
    });
    mo.observe(root, { childList: true, subtree: true, characterData: true });
  });
  const ta = root.querySelector('.composer textarea');
  ta.value = text;
  ta.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  requestAnimationFrame(tick);
  t0 = performance.now();
  root.querySelector('.composer button.send').click();
  const lastPaint = await done;
  streaming = false;
  await new Promise((r) => setTimeout(r, 200));
  for (const e of po.takeRecords()) longtasks.push([e.startTime, e.duration]);
  po.disconnect();
  const inStream = longtasks.filter(([s, d]) => s + d >= t0 && s <= lastPaint);
  let maxGap = 0;
  for (let i = 1; i < frameTimes.length; i++) {
    if (frameTimes[i] <= lastPaint) maxGap = Math.max(maxGap, frameTimes[i] - frameTimes[i - 1]);
  }
  const chars = root.querySelector('.assistant .markdown').textContent.length;
  return {
    firstDom: firstDom - t0, firstPaint: (firstPaint ?? lastPaint) - t0,
    lastDom: lastDom - t0, lastPaint: lastPaint - t0,
    longtasks: inStream.length, maxLongtask: Math.max(0, ...inStream.map((x) => x[1])),
    longtaskTotal: inStream.reduce((a, x) => a + x[1], 0),
    frames: frameTimes.filter((t) => t <= lastPaint).length, maxFrameGap: maxGap, chars,
  };
}
"""

TRANSPORT_JS = """
async ({ n }) => {
  const el = document.querySelector('chatkit-notebook-chat');
  while (el.controller.responding) await new Promise((r) => setTimeout(r, 20));
  const api = el.chatOptions.api;
  const input = { content: [{ type: 'input_text', text: String(n) }], attachments: [],
    inference_options: {} };
  const body = JSON.stringify({ type: 'threads.create', params: { input } });
  const t0 = performance.now();
  const res = await api.fetch(api.url, { method: 'POST', body,
    headers: { 'content-type': 'application/json' } });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '', events = 0, deltas = 0, first = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\\n\\n')) !== -1) {
      const event = JSON.parse(buf.slice(6, i));
      buf = buf.slice(i + 2);
      events += 1;
      if (event.type === 'thread.item.updated' && event.update.type.endsWith('text_delta')) {
        deltas += 1;
        if (first === null) first = performance.now() - t0;
      }
    }
  }
  return { total: performance.now() - t0, first, events, deltas };
}
"""

BARE_CODE = """
import json as _j, time as _t
_server = await chat._get_server()
_input = {{"content": [{{"type": "input_text", "text": "{n}"}}], "attachments": [],
    "inference_options": {{}}}}
_body = _j.dumps({{"type": "threads.create", "params": {{"input": _input}}}})
_s = _t.perf_counter()
_r = await _server.process(_body, {{}})
_k = 0
async for _c in _r:
    _k += 1
_bare = _t.perf_counter() - _s
_s = _t.perf_counter()
_reply = await chat.ask("{n}")
_ask = _t.perf_counter() - _s
_ok = _reply.text.endswith("{marker}")
_bench_result = {{"bare": _bare, "ask": _ask, "events": _k, "ask_ok": _ok}}
"""


def rendered(page: Page, n: int) -> dict[str, Any]:
    return page.evaluate(RENDERED_JS, {"text": str(n), "marker": MARKER, "timeoutMs": 120_000})


def transport(page: Page, n: int) -> dict[str, Any]:
    return page.evaluate(TRANSPORT_JS, {"n": n})


def profile(page: Page, n: int) -> None:
    """CDP CPU profile of one rendered stream: self time by function and by script."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 250})
    cdp.send("Profiler.start")
    result = rendered(page, n)
    prof = cdp.send("Profiler.stop")["profile"]
    cdp.detach()
    nodes = {node["id"]: node["callFrame"] for node in prof["nodes"]}
    by_function: Counter[str] = Counter()
    by_script: Counter[str] = Counter()
    for node_id, delta in zip(prof["samples"], [*prof["timeDeltas"][1:], 0], strict=True):
        frame = nodes[node_id]
        url = frame["url"]
        script = "widget.js (anywidget blob/data URL)" if url.startswith(("blob:", "data:")) else ""
        script = script or url.rsplit("/", 1)[-1].split("?")[0] or frame["functionName"]
        name = frame["functionName"] or "(anonymous)"
        by_function[f"{name} {script}:{frame['lineNumber']}:{frame['columnNumber']}"] += delta
        by_script[script] += delta
    print(f"  rendered run while profiling: {json.dumps(result)}")
    print("  self time by script (ms):")
    for script, micros in by_script.most_common(12):
        print(f"    {micros / 1e3:9.1f}  {script}")
    print("  self time by function (ms):")
    for name, micros in by_function.most_common(30):
        print(f"    {micros / 1e3:9.1f}  {name}")


def main() -> None:
    report, args = start(
        "B4", "10,000 deltas kernel -> rendered DOM (builtin renderer, JupyterLab)"
    )
    info = machine_info(browser=True)
    print(f"   Node {info['node']} | {info['chromium']}", flush=True)
    report.figures["machine"] = info
    repeats = 1 if args.quick else 3
    runs: dict[str, list[dict[str, Any]]] = {"rendered": [], "transport": [], "kernel": []}
    with lab_page() as (page, server):
        open_chat(page, server, "b4", [SETUP])
        if "--profile" in sys.argv:
            rendered(page, 200)
            profile(page, N)
            return
        # warm-up: server import, first thread, JIT
        rendered(page, 200)
        transport(page, 200)
        kernel_json(page, server, BARE_CODE.format(n=200, marker=MARKER))
        for _ in range(repeats):
            runs["rendered"].append(rendered(page, N))
            runs["transport"].append(transport(page, N))
            runs["kernel"].append(kernel_json(page, server, BARE_CODE.format(n=N, marker=MARKER)))
    for kind, values in runs.items():
        report.figures[f"{kind} runs"] = values
        print(f"  {kind} runs: {json.dumps(values)}", flush=True)

    def med(kind: str, key: str) -> float:
        return median([float(r[key]) for r in runs[kind]])

    rendered_s = med("rendered", "lastPaint") / 1e3
    transport_s = med("transport", "total") / 1e3
    bare_s, ask_s = med("kernel", "bare"), med("kernel", "ask")
    rates = {
        "rendered (send click -> last delta painted)": N / rendered_s,
        "transport only (comm fetch, events parsed, no rendering)": N / transport_s,
        "bare process() in the kernel": N / bare_s,
        "chat.ask() in the kernel (Bridge.call)": N / ask_s,
    }
    for name, rate in rates.items():
        report.figure(f"{name}: deltas/s", rate)
    rendered_rate = rates["rendered (send click -> last delta painted)"]
    bare_rate = rates["bare process() in the kernel"]
    report.figure(
        "rendered / transport only",
        rendered_rate / rates["transport only (comm fetch, events parsed, no rendering)"],
        "x",
    )
    report.figure(
        "transport only / bare process()",
        rates["transport only (comm fetch, events parsed, no rendering)"] / bare_rate,
        "x",
    )
    report.figure("first delta in DOM: ms", med("rendered", "firstDom"))
    report.figure("first delta in transport: ms", med("transport", "first"))
    report.figure("frames painted during the stream", med("rendered", "frames"))
    report.figure("longest frame gap during the stream: ms", med("rendered", "maxFrameGap"))
    report.figure("long tasks during the stream (count)", med("rendered", "longtasks"))
    report.figure("long tasks total: ms", med("rendered", "longtaskTotal"))
    report.goal("rendered deltas/s", rendered_rate, ">=", 10_000, "/s")
    report.goal("rendered / bare process()", rendered_rate / bare_rate, ">=", 0.25, "x")
    report.goal(
        "longest main-thread task during the stream",
        max(float(r["maxLongtask"]) for r in runs["rendered"]),
        "<=",
        50,
        " ms",
        note=f"long tasks per run: {[r['longtasks'] for r in runs['rendered']]}",
    )
    report.goal("first delta painted after send", med("rendered", "firstPaint"), "<=", 150, " ms")
    report.finish(args.json)


if __name__ == "__main__":
    main()
