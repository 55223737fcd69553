"""B7: what we ship and what we save: the gzip size of the built widget.js (`npm run build`), and
the growth of a saved notebook per chat widget (nbclient, store_widget_state=True, 0 vs N chats).

Run: .venv/bin/python -m benchmarks.b7_shipped_size [--quick] [--json out.json]
"""

from __future__ import annotations

import gzip
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ._common import ROOT, Report, start

BUNDLE = ROOT / "chatkit_notebook" / "static" / "widget.js"
N_WIDGETS = 5

CELL_IMPORT = "from chatkit_notebook import ChatKit"
CELL_CHAT = """\
chat_{i} = ChatKit(respond=lambda message: f"echo: {{message}}", renderer="builtin", height=400)
chat_{i}"""
CELL_WAIT = """\
import asyncio
await asyncio.sleep(0.5)  # let the comm messages settle before the state is captured"""


def build(report: Report) -> bool:
    proc = subprocess.run(
        ["npm", "run", "build"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    report.figure("npm run build exit code", proc.returncode)
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-2000:])
    return proc.returncode == 0


def bundle_sizes(report: Report) -> None:
    data = BUNDLE.read_bytes()
    report.figure("widget.js raw: KB", len(data) / 1024)
    for level in (6, 9):
        report.figure(f"widget.js gzip -{level}: KB", len(gzip.compress(data, level)) / 1024)
    size6 = len(gzip.compress(data, 6)) / 1024
    report.goal("widget.js gzip (level 6, as servers send it)", size6, "<=", 250.0, " KB")


def execute(n: int, tmp: Path) -> tuple[int, dict[str, Any]]:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cells = [CELL_IMPORT] + [CELL_CHAT.format(i=i) for i in range(n)] + [CELL_WAIT]
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(tmp)}},
    )
    client.execute()
    path = tmp / f"widgets-{n}.ipynb"
    nbformat.write(nb, path)
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return path.stat().st_size, state


def notebook_growth(report: Report) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        size0, _ = execute(0, tmp)
        size_n, state = execute(N_WIDGETS, tmp)
    per_widget = (size_n - size0) / N_WIDGETS / 1024
    report.figure("notebook with 0 chats: KB", size0 / 1024)
    report.figure(f"notebook with {N_WIDGETS} chats: KB", size_n / 1024)
    models = state.get("state", {})
    report.figure("widget models saved", len(models))
    biggest: dict[str, int] = {}
    for model in models.values():
        for key, value in model.get("state", {}).items():
            size = len(json.dumps(value))
            biggest[key] = max(biggest.get(key, 0), size)
    top = sorted(biggest.items(), key=lambda kv: -kv[1])[:5]
    report.figure("largest saved state keys (bytes per model)", dict(top))
    report.goal("notebook growth per saved chat widget", per_widget, "<=", 300.0, " KB")


def main() -> None:
    report, args = start("B7", "shipped JS size and saved-notebook growth per chat widget")
    if build(report):
        bundle_sizes(report)
    notebook_growth(report)
    report.finish(args.json)


if __name__ == "__main__":
    main()
