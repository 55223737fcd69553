"""Runs notebooks in a real kernel with nbclient, which keeps widget state in the saved notebook
(as `jupyter nbconvert --execute` and JupyterLab's "save widget state" do)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient


def notebook_of(cells: list[str]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source.strip()) for source in cells]
    return notebook


def execute(notebook: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Runs `notebook` in a fresh python3 kernel whose working folder is `path`'s, then saves it
    to `path` with its widget state."""
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    assert client.store_widget_state  # the default: widget state is saved with the notebook
    client.execute()
    nbformat.write(notebook, path)
    return notebook


def run_cells(cells: list[str], path: Path) -> nbformat.NotebookNode:
    return execute(notebook_of(cells), path)


def errors_in(notebook: nbformat.NotebookNode) -> list[Any]:
    return [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]


def widget_state(notebook: nbformat.NotebookNode) -> dict[str, Any]:
    """The saved state of every widget model, by model id."""
    widgets = notebook.metadata.get("widgets", {})
    state: dict[str, Any] = widgets.get("application/vnd.jupyter.widget-state+json", {})
    return state.get("state", {})
