"""B3: `import chatkit_notebook` vs `import chatkit.server`, each in fresh interpreters.

Run: .venv/bin/python -m benchmarks.b3_import_time [--quick] [--json out.json]

"Cold-ish": the OS file cache is warm (we cannot drop it), the interpreter is new every time.
Runs alternate A B A B ...; medians. Also `-X importtime` top offenders.
"""

from __future__ import annotations

import re
import subprocess

from ._common import PYTHON, ROOT, median, perf_counter, start

STATEMENTS = {
    "python -c pass": "pass",
    "import chatkit_notebook": "import chatkit_notebook",
    "import chatkit.server": "import chatkit.server",
    "from chatkit_notebook import ChatKit": "from chatkit_notebook import ChatKit",
}


def run_once(code: str) -> float:
    begin = perf_counter()
    subprocess.run([PYTHON, "-c", code], check=True, cwd=ROOT)
    return perf_counter() - begin


def importtime(code: str, top: int) -> list[tuple[float, float, str]]:
    """(cumulative ms, self ms, module) of the slowest top-level-ish imports."""
    out = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stderr
    rows = []
    for line in out.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(.+)$", line)
        if match:
            own, cumulative, indent, name = match.groups()
            rows.append((int(cumulative) / 1e3, int(own) / 1e3, len(indent), name.strip()))
    # Keep the outermost packages (indent <= 3 spaces under the root), slowest first.
    shallow = [(c, s, n) for c, s, depth, n in rows if depth <= 3]
    return sorted(shallow, reverse=True)[:top]


def main() -> None:
    report, args = start("B3", "import cost of chatkit_notebook vs chatkit.server")
    n = 5 if args.quick else 15
    times: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for code in STATEMENTS.values():
        run_once(code)  # warm the file cache and .pyc files
    for i in range(n):
        names = list(STATEMENTS)
        names = names[i % len(names) :] + names[: i % len(names)]
        for name in names:
            times[name].append(run_once(STATEMENTS[name]))
    med = {name: median(values) for name, values in times.items()}
    for name, value in med.items():
        report.figure(f"{name}: ms (median of {n})", value * 1e3)
    base = med["python -c pass"]
    ours, theirs = med["import chatkit_notebook"], med["import chatkit.server"]
    report.figure("ratio net of interpreter start-up", (ours - base) / (theirs - base), "x")
    report.figure(
        "from chatkit_notebook import ChatKit / import chatkit.server",
        med["from chatkit_notebook import ChatKit"] / theirs,
        "x",
    )
    report.goal(
        "import chatkit_notebook / import chatkit.server (wall, fresh process)",
        ours / theirs,
        "<=",
        0.15,
        "x",
    )
    for code in ("import chatkit_notebook", "from chatkit_notebook import ChatKit"):
        print(f"  -X importtime top offenders for `{code}` (cumulative ms, self ms):")
        offenders = importtime(code, 12)
        for cumulative, own, name in offenders:
            print(f"    {cumulative:8.1f} {own:8.1f}  {name}")
        report.figures[f"importtime {code}"] = [
            {"module": name, "cumulative_ms": c, "self_ms": s} for c, s, name in offenders
        ]
    report.finish(args.json)


if __name__ == "__main__":
    main()
