"""The progress bar and Stop button of a running evaluation.

In a notebook it is an ipywidgets row shown under the cell; anywhere else nothing is shown, and
`stop()` is still the way to end an evaluation early. With JupyterLab's comms on a subshell, the
button works while the cell still awaits `evaluate(...)`: its click arrives on another thread,
so stopping is thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from html import escape
from typing import Any


class Progress:
    """Counts finished cases; `stop()` (or the button) ends the evaluation early."""

    def __init__(self, *, show: bool | None = None) -> None:
        self.total = 0
        self.done = 0
        self.failed = 0
        self.label = ""
        self._show = in_notebook() if show is None else show
        self._stopped = threading.Event()
        self._on_stop: list[Callable[[], None]] = []
        self._started = time.monotonic()
        self._widget: Any = None

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        """End the evaluation: running cases are cancelled, the others are not started."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        for callback in list(self._on_stop):
            callback()
        self._render()

    def on_stop(self, callback: Callable[[], None]) -> Callable[[], None]:
        self._on_stop.append(callback)
        return lambda: self._on_stop.remove(callback) if callback in self._on_stop else None

    def add(self, total: int, label: str = "") -> None:
        self.total += total
        self.label = label
        if self._show and self._widget is None:
            self._display()
        self._render()

    def advance(self, passed: bool) -> None:
        self.done += 1
        self.failed += not passed
        self._render()

    def finish(self) -> None:
        if self._widget is not None:
            bar, _text, button = self._widget.children
            button.disabled = True
            bar.bar_style = "warning" if self.stopped else ("danger" if self.failed else "success")
        self._render()

    def __repr__(self) -> str:
        return f"<Progress {self.done}/{self.total}{' stopped' if self.stopped else ''}>"

    def _display(self) -> None:
        import ipywidgets
        from IPython.display import display

        bar = ipywidgets.IntProgress(min=0, max=1, value=0)
        text = ipywidgets.HTML()
        button = ipywidgets.Button(description="Stop", icon="stop", button_style="")
        button.on_click(lambda _button: self.stop())
        self._widget = ipywidgets.HBox([bar, text, button])
        display(self._widget)  # type: ignore[no-untyped-call]

    def _render(self) -> None:
        if self._widget is None:
            return
        bar, text, _button = self._widget.children
        bar.max = max(self.total, 1)
        bar.value = self.done
        elapsed = time.monotonic() - self._started
        state = " · stopped" if self.stopped else ""
        label = f"{escape(self.label)} · " if self.label else ""
        text.value = (
            f"{label}{self.done}/{self.total} cases · {self.failed} not passed · "
            f"{elapsed:.1f} s{state}"
        )


def in_notebook() -> bool:
    """A Jupyter kernel is running this code (so widgets can be shown)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"
