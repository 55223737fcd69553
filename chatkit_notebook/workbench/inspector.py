"""`chat.inspector()`: a live view of every run of a chat, newest first.

An ipywidgets box of one `HTML` per run, each re-rendered only when its run changes (at most
every `REFRESH` seconds while it runs, the latest state always shown, and once when it ends), so
a `<details>` the user opened on an earlier run stays open. The box lays its children out in
reverse: new runs are appended, which keeps the existing views, and still show on top.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import ipywidgets

from .runs import Run, RunLog
from .timeline import STYLE, run_html

REFRESH = 0.2  # seconds between two renders of a running run


class Inspector(ipywidgets.VBox):  # type: ignore[misc]
    """Every run of one chat; updates as turns happen (from any thread)."""

    children: tuple[Any, ...]  # the ipywidgets trait, for mypy

    def __init__(self, runs: RunLog, **kwargs: Any) -> None:
        self.runs = runs
        self._views: dict[str, ipywidgets.HTML] = {}
        self._rendered: dict[str, float] = {}
        self._later: set[str] = set()  # runs with a render scheduled
        self._lock = threading.Lock()
        self._header = ipywidgets.HTML()
        views = [self._view(run) for run in runs]
        super().__init__(
            children=[*views, self._header],
            layout=ipywidgets.Layout(display="flex", flex_flow="column-reverse"),
            **kwargs,
        )
        self.add_class("ckwb-inspector")
        self._render_header()
        self._unsubscribe = runs.subscribe(self._changed)

    def close(self) -> None:
        self._unsubscribe()
        super().close()

    def _view(self, run: Run) -> ipywidgets.HTML:
        view = ipywidgets.HTML(value=self._html(run))
        self._views[run.id] = view
        self._rendered[run.id] = time.monotonic()
        return view

    def _changed(self, run: Run) -> None:
        with self._lock:
            view = self._views.get(run.id)
            if view is None:
                view = self._view(run)
                kept = [v for v in self.children[:-1] if v in self._views.values()]
                self.children = (*kept[-(self.runs.limit - 1) :], view, self._header)
                self._render_header()
                return
            now = time.monotonic()
            if run.status == "running" and now - self._rendered[run.id] < REFRESH:
                if run.id not in self._later:  # show this state soon, even if nothing follows
                    self._later.add(run.id)
                    timer = threading.Timer(REFRESH, self._render_later, (run,))
                    timer.daemon = True
                    timer.start()
                return
            self._rendered[run.id] = now
        view.value = self._html(run)

    def _render_later(self, run: Run) -> None:
        with self._lock:
            self._later.discard(run.id)
            self._rendered[run.id] = time.monotonic()
            view = self._views[run.id]
        view.value = self._html(run)

    def _render_header(self) -> None:
        count = len(self.runs)
        text = f"{count} run{'s' if count != 1 else ''}" if count else "no runs yet"
        self._header.value = (
            f'{STYLE}<div class="ckwb"><b>Runs of this chat</b> '
            f'<span class="ckwb-muted">{text}, newest first · click a row for its '
            "arguments, inputs and outputs</span></div>"
        )

    @staticmethod
    def _html(run: Run) -> str:
        return f'<div class="ckwb">{run_html(run)}</div>'
