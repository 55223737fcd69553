"""B7: what we ship, what a notebook saves, and what that costs at display time.

A chat saves only the loader (`_esm`, a few KB) and gets the renderer from the kernel over the
comm, once per page (chatkit_notebook/bridge/bundle.py). Measured side by side with the inline
scheme it replaced (the whole bundle as `_esm`, `InlineChat` below), in one run:

- the gzip size of `npm run build`'s widget.js, loader.js and the parts loaded on first use;
- saved notebook growth per chat with nbclient (`store_widget_state=True`, 0 vs N chats), and a
  notebook of ten chats in all;
- the same from JupyterLab with "save widget state" on (0 vs ten chats, saved from the page);
- time from running the cell to a usable composer in JupyterLab + Chromium, each trial in a fresh
  page (so the loader has to fetch the renderer), loader and inline in rotation.

Run: .venv/bin/python -m benchmarks.b7_shipped_size [--quick] [--json out.json]
"""

from __future__ import annotations

import gzip
import json
import subprocess
import tempfile
from pathlib import Path

from ._common import ROOT, Report, median, start

STATIC = ROOT / "chatkit_notebook" / "static"
BUNDLE = STATIC / "widget.js"
N_WIDGETS = 5
TEN = 10

SETUP = f"""\
import sys
sys.path.insert(0, {str(ROOT)!r})
from chatkit_notebook import ChatKit
from chatkit_notebook.widget import BUNDLE

class InlineChat(ChatKit):
    \"\"\"The scheme before the loader: the whole renderer saved as each widget's _esm.\"\"\"
    _esm = BUNDLE

def echo(message):
    return f"echo: {{message}}"
"""
CELL_CHAT = """\
chat_{i} = {cls}(respond=echo, renderer="builtin", height=400)
chat_{i}"""
CELL_WAIT = """\
import asyncio
await asyncio.sleep(0.5)  # let the comm messages settle before the state is captured"""
VARIANTS = {"loader": "ChatKit", "inline": "InlineChat"}


def build(report: Report) -> bool:
    proc = subprocess.run(
        ["npm", "run", "build"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    report.figure("npm run build exit code", proc.returncode)
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-2000:])
    return proc.returncode == 0


def gzip_kb(data: bytes) -> float:
    return len(gzip.compress(data, 6)) / 1024


def bundle_sizes(report: Report) -> None:
    data = BUNDLE.read_bytes()
    report.figure("widget.js raw: KB", len(data) / 1024)
    report.figure("loader.js raw: KB", (STATIC / "loader.js").stat().st_size / 1024)
    grammars = sorted((STATIC / "hljs").glob("*.js"))
    report.figure("highlight.js grammars (one file each)", len(grammars))
    report.figure("largest grammar gzip: KB", max(gzip_kb(path.read_bytes()) for path in grammars))
    katex = (STATIC / "katex" / "katex.js").read_bytes() + (
        STATIC / "katex" / "katex.css"
    ).read_bytes()
    report.figure("KaTeX js+css gzip: KB", gzip_kb(katex))
    fonts = sum(path.stat().st_size for path in (STATIC / "katex" / "fonts").glob("*.woff2"))
    report.figure("KaTeX fonts (woff2): KB", fonts / 1024)
    report.goal("widget.js gzip (level 6, as servers send it)", gzip_kb(data), "<=", 250.0, " KB")


# -- saved by nbclient ---------------------------------------------------------------------------


def chats(n: int, cls: str) -> list[str]:
    return [SETUP] + [CELL_CHAT.format(i=i, cls=cls) for i in range(n)] + [CELL_WAIT]


def nbclient_growth(report: Report) -> None:
    from tests.e2e.notebook import execute_with_widget_state

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        execute_with_widget_state(chats(0, "ChatKit"), tmp / "zero.ipynb")
        base = (tmp / "zero.ipynb").stat().st_size
        report.figure("nbclient: notebook with 0 chats: KB", base / 1024)
        for variant, cls in VARIANTS.items():
            path = tmp / f"{variant}-{N_WIDGETS}.ipynb"
            state = execute_with_widget_state(chats(N_WIDGETS, cls), path)
            per_chat = (path.stat().st_size - base) / N_WIDGETS / 1024
            report.figure(f"nbclient, {variant}: growth per chat: KB", per_chat)
            if variant == "loader":
                report.goal("nbclient: saved notebook growth per chat", per_chat, "<=", 16.0, " KB")
                biggest: dict[str, int] = {}
                for model in state.get("state", {}).values():
                    for key, value in model.get("state", {}).items():
                        biggest[key] = max(biggest.get(key, 0), len(json.dumps(value)))
                top = sorted(biggest.items(), key=lambda kv: -kv[1])[:5]
                report.figure("largest saved state keys (bytes per model)", dict(top))
        path = tmp / "ten.ipynb"
        execute_with_widget_state(chats(TEN, "ChatKit"), path)
        report.goal(
            f"nbclient: a notebook of {TEN} chats in all",
            path.stat().st_size / 1024,
            "<=",
            200.0,
            " KB",
        )


# -- saved from JupyterLab, and time to a usable composer ------------------------------------------

TIMED_RUN = """async (code) => {
    const app = window.jupyterapp;
    const notebook = app.shell.currentWidget.content;
    notebook.activeCellIndex = notebook.widgets.length - 1;
    await app.commands.execute('notebook:insert-cell-below');
    const cell = notebook.activeCell;
    cell.model.sharedModel.setSource(code);
    const usable = () => {
        const root = cell.node.querySelector('chatkit-notebook-chat')?.shadowRoot;
        const input = root && root.querySelector('.composer textarea');
        return !!input && !input.disabled && input.getBoundingClientRect().height > 0;
    };
    const start = performance.now();
    void app.commands.execute('notebook:run-cell');
    while (!usable()) await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - start;
}"""

SAVE = """async () => {
    await window.jupyterapp.commands.execute('docmanager:save');
}"""

READY_COUNT = """(n) => [...document.querySelectorAll('chatkit-notebook-chat')]
    .filter((el) => el.shadowRoot?.querySelector('.composer textarea')).length >= n"""


def enable_widget_state_saving(root: Path) -> None:
    """JupyterLab's "save widget state automatically" (off by default), in the test lab's config."""
    settings = root.parent / "config" / "lab" / "user-settings" / "@jupyter-widgets"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "jupyterlab-manager").mkdir(exist_ok=True)
    (settings / "jupyterlab-manager" / "plugin.jupyterlab-settings").write_text(
        json.dumps({"saveState": True})
    )


def lab_measurements(report: Report, repeats: int) -> None:
    from tests.e2e.notebook import KERNEL_IDLE, open_notebook_alone, run_all, write_notebook

    from ._browser import kernel_json, lab_page

    with lab_page() as (page, server):
        enable_widget_state_saving(server.root)
        page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?"

        def saved_size(name: str, cells: list[str], ready: int) -> int:
            open_notebook_alone(page, server, write_notebook(server.root, name, cells))
            run_all(page)
            page.wait_for_function(READY_COUNT, arg=ready, timeout=180_000)
            page.wait_for_function(KERNEL_IDLE, timeout=180_000)
            page.evaluate(SAVE)
            page.wait_for_function(
                "() => !window.jupyterapp.shell.currentWidget.context.model.dirty"
            )
            return (server.root / f"{name}.ipynb").stat().st_size

        base = saved_size("lab-zero", chats(0, "ChatKit"), 0)
        report.figure("JupyterLab: saved notebook with 0 chats: KB", base / 1024)
        for variant, cls in VARIANTS.items():
            size = saved_size(f"lab-{variant}", chats(TEN, cls), TEN)
            per_chat = (size - base) / TEN / 1024
            report.figure(f"JupyterLab, {variant}: {TEN} chats in all: KB", size / 1024)
            report.figure(f"JupyterLab, {variant}: growth per chat: KB", per_chat)
            if variant == "loader":
                report.goal(
                    "JupyterLab: saved notebook growth per chat", per_chat, "<=", 16.0, " KB"
                )
                report.goal(
                    f"JupyterLab: a notebook of {TEN} chats in all", size / 1024, "<=", 200.0, " KB"
                )

        # Time to a usable composer: each trial in a freshly loaded page (nothing cached), of
        # the same warm kernel; loader and inline in rotation.
        filename = write_notebook(server.root, "lab-timing", [SETUP])
        open_notebook_alone(page, server, filename)
        run_all(page)
        page.wait_for_function(KERNEL_IDLE)
        times: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
        order = list(VARIANTS.items())
        for trial in range(repeats + 1):  # the first round warms both up, unmeasured
            for variant, cls in order if trial % 2 == 0 else order[::-1]:
                open_notebook_alone(page, server, filename)
                code = CELL_CHAT.format(i=f"{variant}_{trial}", cls=cls)
                elapsed = page.evaluate(TIMED_RUN, code)
                # Closed, so the next page load creates no model for it: each trial starts clean.
                kernel_json(page, server, f"chat_{variant}_{trial}.close()\n_bench_result = 0")
                if trial:
                    times[variant].append(elapsed)
        for variant, values in times.items():
            label = f"cell run -> usable composer, {variant}"
            report.figure(f"{label}: median ms", median(values))
            report.figure(f"{label}: all ms", [round(v) for v in values])
        ratio = median(times["loader"]) / median(times["inline"])
        report.goal("cell run -> usable composer, loader / inline", ratio, "<=", 1.1, "x")


def main() -> None:
    report, args = start("B7", "shipped size, saved-notebook growth and display time per chat")
    if build(report):
        bundle_sizes(report)
    nbclient_growth(report)
    lab_measurements(report, repeats=3 if args.quick else 21)  # single trials vary ±30 %
    report.finish(args.json)


if __name__ == "__main__":
    main()
