"""Every notebook in notebooks/ runs top to bottom in a real kernel with no API key."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from .notebooks import errors_in, execute, widget_state

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_offline(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    notebook = execute(nbformat.read(path, as_version=4), tmp_path / path.name)
    assert errors_in(notebook) == []
    models = [m for m in widget_state(notebook).values() if m["model_name"] == "AnyModel"]
    assert models, "the notebook displays at least one chat"
