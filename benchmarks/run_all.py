"""Runs every benchmark (each in its own process) and prints a summary table of the goals.

Run: .venv/bin/python -m benchmarks.run_all [--quick] [--only b1,b4] [--json all.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ._common import PYTHON, ROOT, fmt, machine_info

BENCHMARKS = [
    "b1_bridge_throughput",
    "b2_cost_growth",
    "b3_import_time",
    "b4_render_stream",
    "b5_open_long_thread",
    "b6_store_ops",
    "b7_shipped_size",
    "b8_workbench",
    "b9_page",
    "b9_postgres",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", help="comma-separated prefixes, e.g. b1,b3")
    parser.add_argument("--json", help="write every benchmark's figures and goals here")
    args = parser.parse_args()
    chosen = [
        b for b in BENCHMARKS if not args.only or any(b.startswith(p) for p in args.only.split(","))
    ]
    reports: list[dict[str, Any]] = []
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            out = Path(tmp) / f"{name}.json"
            command = [PYTHON, "-m", f"benchmarks.{name}", "--json", str(out)]
            if args.quick:
                command.append("--quick")
            code = subprocess.run(command, cwd=ROOT, check=False).returncode
            if code != 0 or not out.exists():
                failed.append(f"{name} (exit {code})")
                continue
            reports.append(json.loads(out.read_text()))
            print(flush=True)
    info = machine_info(browser=True)
    print("== Summary")
    print(
        f"   {info['date']} | {info['cpu']} | {info['cores']} cores | Python {info['python']} | "
        f"Node {info['node']} | {info['chromium']}"
    )
    rows = [("", "goal", "measured", "target", "status")]
    for report in reports:
        for goal in report["goals"]:
            rows.append(
                (
                    report["benchmark"],
                    goal["name"],
                    fmt(goal["value"]) + goal["unit"],
                    f"{goal['op']} {fmt(goal['target'])}{goal['unit']}",
                    ("PASS " if goal["passed"] else "MISS ") + goal["margin"],
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
    goals = [g for r in reports for g in r["goals"]]
    print(f"  {sum(g['passed'] for g in goals)}/{len(goals)} goals met")
    if failed:
        print("  benchmarks that did not finish: " + ", ".join(failed))
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "reports": reports}, indent=2))


if __name__ == "__main__":
    main()
