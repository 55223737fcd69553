"""Every notebook in notebooks/ runs top to bottom in a real kernel with no API key."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_offline(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    shutil.copy(path, tmp_path / path.name)
    notebook = nbformat.read(tmp_path / path.name, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    widget_state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"][
        "state"
    ]
    models = [m for m in widget_state.values() if m["model_name"] == "AnyModel"]
    assert models, "the notebook displays at least one chat"
