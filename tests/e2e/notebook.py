"""Helpers for the end-to-end tests: write a notebook, open it, run it, read its outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from playwright.sync_api import Page

from .servers import Server


def write_notebook(root: Path, name: str, cells: list[str]) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    path = root / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path.name


def execute_with_widget_state(
    cells: list[str], path: Path, *, sign_for: Path | None = None
) -> dict[str, Any]:
    """Runs `cells` with nbclient, which saves widget state (as `jupyter nbconvert --execute`
    does), writes the notebook to `path` and returns its widget-state metadata. `sign_for`: the
    Jupyter data dir whose notary should trust it (as a notebook the user saved themselves;
    JupyterLab renders widgets of trusted notebooks only)."""
    from nbformat.sign import NotebookNotary

    from ..notebooks import run_cells

    notebook = run_cells(cells, path)
    if sign_for is not None:
        NotebookNotary(data_dir=str(sign_for)).sign(notebook)
        nbformat.write(notebook, path)
    widgets: dict[str, Any] = notebook.metadata.get("widgets", {})
    return widgets.get("application/vnd.jupyter.widget-state+json", {})


def open_notebook(page: Page, server: Server, filename: str) -> None:
    """Open a notebook and wait until its kernel is idle."""
    route = "lab/tree" if server.kind == "lab" else "notebooks"
    page.goto(f"{server.url}/{route}/{filename}")
    page.wait_for_function(
        """() => {
            const app = window.jupyterapp;
            const widget = app && app.shell.currentWidget;
            const kernel = widget && widget.sessionContext && widget.sessionContext.session
                && widget.sessionContext.session.kernel;
            return kernel && kernel.status === "idle";
        }""",
        timeout=90_000,
    )


def run_all(page: Page) -> None:
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")


def execute(page: Page, code: str) -> None:
    """Append a cell with `code` to the open notebook and run it."""
    page.evaluate(
        """async (code) => {
            const app = window.jupyterapp;
            const panel = app.shell.currentWidget;
            const notebook = panel.content;
            notebook.activeCellIndex = notebook.widgets.length - 1;
            await app.commands.execute('notebook:insert-cell-below');
            notebook.activeCell.model.sharedModel.setSource(code);
            await app.commands.execute('notebook:run-cell');
        }""",
        code,
    )


def cell_output(page: Page, index: int) -> Any:
    return page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-OutputArea-output")


# -- helpers for the builtin renderer's tests (additive) ----------------------------------------


def run_notebook(page: Page, server: Server, name: str, cells: list[str]) -> None:
    """Write a notebook of `cells`, open it alone, wait for its kernel and run every cell."""
    open_notebook_alone(page, server, write_notebook(server.root, name, cells))
    run_all(page)


KERNEL_IDLE = """() => {
    const app = window.jupyterapp;
    const widget = app && app.shell.currentWidget;
    const kernel = widget && widget.sessionContext && widget.sessionContext.session
        && widget.sessionContext.session.kernel;
    return kernel && kernel.status === "idle";
}"""


def open_notebook_alone(page: Page, server: Server, filename: str) -> None:
    """Like `open_notebook`, but JupyterLab starts from an empty workspace (`?reset`), so the
    tabs of earlier tests in the same session are not restored next to this notebook."""
    if server.kind == "lab":
        page.goto(f"{server.url}/lab/tree/{filename}?reset")
    else:
        page.goto(f"{server.url}/notebooks/{filename}")
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)


def chat_element(page: Page, index: int = 0) -> Any:
    """The builtin renderer's element (Playwright locators pierce its open shadow root)."""
    return page.locator("chatkit-notebook-chat").nth(index)


def send_message(page: Page, text: str, index: int = 0) -> None:
    """Type `text` in the composer of the builtin renderer and press Enter."""
    composer = chat_element(page, index).get_by_test_id("composer-input")
    composer.fill(text)
    composer.press("Enter")


def shutdown_kernels(server: Server) -> None:
    """Stop every kernel of `server` (each test's notebook starts one) and reset the workspace."""
    import contextlib
    import json
    import urllib.request

    with urllib.request.urlopen(f"{server.url}/api/kernels", timeout=10) as response:
        kernels = json.load(response)
    # Forget the open tabs too, so a later test's notebook opens alone (JupyterLab restores the
    # last workspace otherwise, and index-based cell locators would see two notebooks).
    if server.kind == "lab":
        forget = urllib.request.Request(f"{server.url}/lab/api/workspaces/default", method="DELETE")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(forget, timeout=10).close()
    for kernel in kernels:
        request = urllib.request.Request(
            f"{server.url}/api/kernels/{kernel['id']}", method="DELETE"
        )
        with contextlib.suppress(OSError):  # already gone
            urllib.request.urlopen(request, timeout=10).close()


def cell_outputs(page: Page, index: int) -> Any:
    """The whole output area of cell `index` (stdout, stderr and rich outputs together)."""
    return page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-OutputArea")


def run_cell(page: Page, index: int) -> None:
    """Run the existing cell `index` of the open notebook."""
    page.evaluate(
        """async (index) => {
            const app = window.jupyterapp;
            app.shell.currentWidget.content.activeCellIndex = index;
            await app.commands.execute('notebook:run-cell');
        }""",
        index,
    )


def restart_kernel(page: Page) -> None:
    """Restart the open notebook's kernel through the session API (no dialog) and wait for idle."""
    page.evaluate(
        """async () => {
            const session = window.jupyterapp.shell.currentWidget.sessionContext.session;
            window.__kernelBeforeRestart = session.kernel.clientId;
            await session.kernel.restart();
        }"""
    )
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
