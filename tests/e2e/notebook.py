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
