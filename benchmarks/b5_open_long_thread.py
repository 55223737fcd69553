"""B5: open a 2,000-item thread in the builtin renderer while typing in the composer, vs a 20-item
thread: time to visible, JS heap, keystroke-to-paint. JupyterLab + Chromium.

Run: .venv/bin/python -m benchmarks.b5_open_long_thread [--quick] [--json out.json]

- time to visible: from `element.setThreadId(id)` to the next animation frame after the newest
  item of the thread is in the DOM (MutationObserver on the shadow root);
- heap: CDP Performance.getMetrics JSHeapUsedSize after a forced GC, with the thread open (the
  whole JupyterLab page; the growth over the same page with no thread open is printed too);
- keystroke-to-paint: Playwright types into the focused composer while the thread loads; for each
  key, from the keydown event's timeStamp to the first requestAnimationFrame after its `input`.
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page

from ._browser import heap_used_mb, lab_page, open_chat
from ._common import machine_info, median, start

BIG, SMALL = 2_000, 20
TYPED = "what about this?"

SETUP = f"""
from chatkit_notebook import ChatKit
from benchmarks._fixtures import fill_thread

chat = ChatKit(respond=lambda message: "ok", renderer="builtin", height=600)
await fill_thread(chat.store, "thr_big", {BIG})
await fill_thread(chat.store, "thr_small", {SMALL})
chat
"""

START_JS = """
async ({ threadId, marker }) => {
  const el = document.querySelector('chatkit-notebook-chat');
  const root = el.shadowRoot;
  const ta = root.querySelector('.composer textarea');
  ta.focus();
  const state = { latencies: [], visible: null, pending: null };
  state.onKeyDown = (e) => { state.pending = e.timeStamp; };
  state.onInput = () => {
    const from = state.pending;
    state.pending = null;
    if (from !== null) requestAnimationFrame(() => state.latencies.push(performance.now() - from));
  };
  ta.addEventListener('keydown', state.onKeyDown);
  ta.addEventListener('input', state.onInput);
  const t0 = performance.now();
  state.shown = new Promise((resolve) => {
    const mo = new MutationObserver(() => {
      if (!root.querySelector(`[data-item-id="${marker}"]`)) return;
      mo.disconnect();
      requestAnimationFrame(() => { state.visible = performance.now() - t0; resolve(); });
    });
    mo.observe(root, { childList: true, subtree: true });
  });
  state.opening = el.setThreadId(threadId);
  window.__b5 = state;
}
"""

FINISH_JS = """
async () => {
  const state = window.__b5;
  await state.shown;
  await state.opening;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
  const el = document.querySelector('chatkit-notebook-chat');
  const ta = el.shadowRoot.querySelector('.composer textarea');
  ta.removeEventListener('keydown', state.onKeyDown);
  ta.removeEventListener('input', state.onInput);
  const typed = ta.value;
  const items = el.shadowRoot.querySelectorAll('[data-item-id]').length;
  return { visible: state.visible, latencies: state.latencies, typed, items };
}
"""

RESET_JS = """
async () => {
  const el = document.querySelector('chatkit-notebook-chat');
  await el.setThreadId(null);
  await el.setComposerValue({ text: '' });
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
}
"""


def open_and_type(page: Page, thread_id: str, count: int) -> dict[str, Any]:
    page.evaluate(RESET_JS)
    before = heap_used_mb(page)
    marker = f"{thread_id}_item_{count - 1:05d}"
    page.evaluate(START_JS, {"threadId": thread_id, "marker": marker})
    page.keyboard.type(TYPED, delay=20)
    result: dict[str, Any] = page.evaluate(FINISH_JS)
    result["heap_mb"] = heap_used_mb(page)
    result["heap_growth_mb"] = result["heap_mb"] - before
    if result["typed"] != TYPED:
        print(f"  (the composer holds {result['typed']!r}, expected {TYPED!r})")
    return result


def main() -> None:
    report, args = start("B5", f"open a {BIG:,}-item thread while typing vs a {SMALL}-item thread")
    info = machine_info(browser=True)
    print(f"   Node {info['node']} | {info['chromium']}", flush=True)
    report.figures["machine"] = info
    repeats = 2 if args.quick else 5
    runs: dict[str, list[dict[str, Any]]] = {"big": [], "small": []}
    with lab_page() as (page, server):
        open_chat(page, server, "b5", [SETUP])
        report.figure("heap with the chat and no thread open: MB", heap_used_mb(page))
        open_and_type(page, "thr_small", SMALL)  # warm-up
        open_and_type(page, "thr_big", BIG)
        for i in range(repeats):
            order = [("big", "thr_big", BIG), ("small", "thr_small", SMALL)]
            for kind, thread_id, count in order[:: 1 - 2 * (i % 2)]:
                runs[kind].append(open_and_type(page, thread_id, count))
    for kind, values in runs.items():
        short = [{k: v for k, v in r.items() if k != "latencies"} for r in values]
        report.figures[f"{kind} runs"] = values
        print(f"  {kind} runs: {json.dumps(short)}", flush=True)
    for kind, count in (("small", SMALL), ("big", BIG)):
        latencies = [lat for r in runs[kind] for lat in r["latencies"]]
        report.figure(f"{count}-item thread: items in the DOM", runs[kind][-1]["items"])
        report.figure(
            f"{count}-item thread: time to visible, median ms",
            median([r["visible"] for r in runs[kind]]),
        )
        report.figure(
            f"{count}-item thread: heap, median MB", median([r["heap_mb"] for r in runs[kind]])
        )
        report.figure(
            f"{count}-item thread: heap growth, median MB",
            median([r["heap_growth_mb"] for r in runs[kind]]),
        )
        report.figure(f"{count}-item thread: keystroke-to-paint median ms", median(latencies))
        report.figure(f"{count}-item thread: keystroke-to-paint max ms", max(latencies))
        report.figures[f"{count}-item keystrokes measured"] = len(latencies)
    big_lat = [lat for r in runs["big"] for lat in r["latencies"]]
    small_visible = median([r["visible"] for r in runs["small"]])
    big_visible = median([r["visible"] for r in runs["big"]])
    report.figure(f"time to visible {BIG} / {SMALL} items", big_visible / small_visible, "x")
    report.goal(f"{BIG}-item thread: time to visible", big_visible / 1e3, "<=", 1.0, " s")
    report.goal(
        f"{BIG}-item thread: JS heap (whole page)",
        max(r["heap_mb"] for r in runs["big"]),
        "<=",
        150,
        " MB",
    )
    report.goal(
        f"{BIG}-item thread: keystroke-to-paint (max while loading)", max(big_lat), "<=", 50, " ms"
    )
    report.finish(args.json)


if __name__ == "__main__":
    main()
