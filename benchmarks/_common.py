"""Shared helpers: timing, medians, goal reporting, machine info, JSON results for run_all.

Every benchmark measures its variants side by side in one run and reports ratios. Nothing here
asserts: a goal is printed as PASS or MISS and the process exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as _dt
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"

perf_counter = time.perf_counter


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timeit(fn: Callable[[], object], *, repeats: int = 5, warmup: int = 1) -> list[float]:
    """Seconds per call of `fn`, after `warmup` untimed calls (GC collected before each)."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeats):
        gc.collect()
        start = perf_counter()
        fn()
        out.append(perf_counter() - start)
    return out


async def atimeit(
    fn: Callable[[], Awaitable[object]], *, repeats: int = 5, warmup: int = 1
) -> list[float]:
    for _ in range(warmup):
        await fn()
    out = []
    for _ in range(repeats):
        gc.collect()
        start = perf_counter()
        await fn()
        out.append(perf_counter() - start)
    return out


async def alternate(
    variants: dict[str, Callable[[], Awaitable[float]]], *, repeats: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Runs the variants in rotation (A B C A B C ...), so noise on a shared machine hits them
    alike. Each variant returns the seconds it measured itself."""
    for _ in range(warmup):
        for fn in variants.values():
            await fn()
    results: dict[str, list[float]] = {name: [] for name in variants}
    for i in range(repeats):
        names = list(variants)
        names = names[i % len(names) :] + names[: i % len(names)]  # vary who goes first
        for name in names:
            gc.collect()
            results[name].append(await variants[name]())
    return results


# -- goals ---------------------------------------------------------------------------------------


@dataclass
class Goal:
    benchmark: str
    name: str
    value: float
    op: str  # "<=" or ">="
    target: float
    unit: str = ""
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.value <= self.target if self.op == "<=" else self.value >= self.target

    @property
    def margin(self) -> str:
        """How far from the target: 'x1.7 headroom' or 'misses by x2.3'."""
        if self.target == 0 or self.value == 0:
            return ""
        ratio = self.target / self.value if self.op == "<=" else self.value / self.target
        return f"{ratio:.2f}x headroom" if self.passed else f"misses by {1 / ratio:.2f}x"

    def line(self) -> str:
        status = "PASS" if self.passed else "MISS"
        value = fmt(self.value)
        return (
            f"  [{status}] {self.name}: {value}{self.unit} (goal {self.op} {fmt(self.target)}"
            f"{self.unit}; {self.margin})" + (f" - {self.note}" if self.note else "")
        )


def fmt(value: float) -> str:
    if value != value:  # NaN
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


@dataclass
class Report:
    benchmark: str
    title: str
    figures: dict[str, Any] = field(default_factory=dict)
    goals: list[Goal] = field(default_factory=list)

    def figure(self, name: str, value: Any, unit: str = "") -> None:
        self.figures[name] = value
        shown = (
            fmt(value) if isinstance(value, float | int) and not isinstance(value, bool) else value
        )
        print(f"  {name}: {shown}{unit}", flush=True)

    def goal(
        self, name: str, value: float, op: str, target: float, unit: str = "", note: str = ""
    ) -> Goal:
        goal = Goal(self.benchmark, name, float(value), op, target, unit, note)
        self.goals.append(goal)
        print(goal.line(), flush=True)
        return goal

    def finish(self, json_path: str | None) -> None:
        passed = sum(g.passed for g in self.goals)
        print(f"{self.benchmark}: {passed}/{len(self.goals)} goals met", flush=True)
        if json_path:
            data = {
                "benchmark": self.benchmark,
                "title": self.title,
                "figures": self.figures,
                "goals": [asdict(g) | {"passed": g.passed, "margin": g.margin} for g in self.goals],
            }
            Path(json_path).write_text(json.dumps(data, indent=2, default=str))


def start(benchmark: str, title: str, description: str = "") -> tuple[Report, argparse.Namespace]:
    """Parses the common command line (--json PATH, --quick) and prints the header."""
    parser = argparse.ArgumentParser(description=title)
    parser.add_argument("--json", help="also write the figures and goals to this JSON file")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (smoke run)")
    args, _ = parser.parse_known_args()
    print(f"== {benchmark}: {title}", flush=True)
    if description:
        print(description, flush=True)
    info = machine_info()
    print(
        f"   {info['date']} | {info['cpu']} | {info['cores']} cores | Python {info['python']}",
        flush=True,
    )
    return Report(benchmark, title), args


# -- machine info --------------------------------------------------------------------------------


def _version(args: list[str]) -> str:
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"
    return out.stdout.strip() or "n/a"


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else platform.processor() or "unknown"


def machine_info(*, browser: bool = False) -> dict[str, str]:
    info = {
        "date": _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu_model(),
        "cores": str(
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        ),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    if browser:
        info["node"] = _version(["node", "--version"])
        chromium = _version([CHROMIUM, "--version"])
        info["chromium"] = chromium.splitlines()[-1] if chromium != "n/a" else chromium
    return info


def run_async(main: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(main())
