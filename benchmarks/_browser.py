"""JupyterLab + Debian Chromium for B4/B5, reusing the end-to-end harness in tests/e2e (read-only).

`lab_page()` starts one JupyterLab on loopback and one headless Chromium; `open_chat()` writes a
notebook, runs it and waits until the builtin renderer's composer exists; `kernel_json()` runs a
cell that writes JSON to a file and waits for it (outputs are not scraped).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.notebook import execute, open_notebook, run_all, write_notebook
from tests.e2e.servers import Server, start_jupyter, stop

from ._common import ROOT

_cells = itertools.count(1)

CHAT_READY = """() => {
    const el = document.querySelector('chatkit-notebook-chat');
    return !!(el && el.shadowRoot && el.shadowRoot.querySelector('.composer textarea'));
}"""


@contextlib.contextmanager
def lab_page() -> Iterator[tuple[Page, Server]]:
    with tempfile.TemporaryDirectory(prefix="chatkit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        root = tmp / "notebooks"
        root.mkdir()
        server = start_jupyter("lab", root, tmp)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                context = browser.new_context(viewport={"width": 1280, "height": 1000})
                page = context.new_page()
                page.set_default_timeout(120_000)
                try:
                    yield page, server
                finally:
                    context.close()
                    browser.close()
        finally:
            stop(server)


def open_chat(page: Page, server: Server, name: str, cells: list[str]) -> None:
    preamble = f"import sys\nsys.path.insert(0, {str(ROOT)!r})"
    filename = write_notebook(server.root, name, [preamble, *cells])
    open_notebook(page, server, filename)
    run_all(page)
    page.wait_for_function(CHAT_READY, timeout=120_000)


def kernel_json(page: Page, server: Server, code: str, timeout: float = 300) -> Any:
    """Runs `code` in a new cell; the code must assign a JSON-able value to `_bench_result`."""
    out = server.root / f"bench-result-{next(_cells)}.json"
    wrapped = (
        f"{code}\nimport json as _json\n"
        f"open({str(out)!r} + '.tmp', 'w').write(_json.dumps(_bench_result))\n"
        f"import os as _os\n_os.replace({str(out)!r} + '.tmp', {str(out)!r})"
    )
    execute(page, wrapped)
    deadline = time.monotonic() + timeout
    while not out.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the kernel cell did not finish within {timeout} s:\n{code}")
        page.wait_for_timeout(
            100
        )  # polling a file the kernel writes; keeps Playwright's loop alive
    return json.loads(out.read_text())


def heap_used_mb(page: Page, *, collect: bool = True) -> float:
    """JSHeapUsedSize from CDP Performance.getMetrics, after a forced GC when `collect`."""
    cdp = page.context.new_cdp_session(page)
    try:
        if collect:
            cdp.send("HeapProfiler.enable")
            cdp.send("HeapProfiler.collectGarbage")
        cdp.send("Performance.enable")
        metrics = cdp.send("Performance.getMetrics")["metrics"]
    finally:
        cdp.detach()
    used = next(m["value"] for m in metrics if m["name"] == "JSHeapUsedSize")
    return float(used) / 1e6
