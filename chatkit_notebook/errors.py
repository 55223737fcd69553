"""Errors the notebook user can see.

Exceptions raised inside comm handlers never reach the cell in JupyterLab, so every failure is
logged (with its traceback) to the `chatkit_notebook` logger and kept in an `ErrorLog` that
`chat.errors` shows, while the UI receives a readable message.

Error text often quotes credentials (an HTTP error quoting `?api_key=...`, a header dump), and
what a cell shows is saved with the notebook, so the log keeps it redacted (`redaction.py`).
"""

from __future__ import annotations

import html
import logging
import traceback
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from .redaction import redact_text

logger = logging.getLogger("chatkit_notebook")


@dataclass(frozen=True)
class ErrorEntry:
    at: datetime
    message: str
    traceback: str | None

    def __str__(self) -> str:
        stamp = self.at.strftime("%H:%M:%S")
        return f"[{stamp}] {self.message}" + (f"\n{self.traceback}" if self.traceback else "")


class ErrorLog:
    """The most recent errors of one chat, newest last."""

    def __init__(self, maxlen: int = 200) -> None:
        self._entries: deque[ErrorEntry] = deque(maxlen=maxlen)

    def record(self, message: str, exc: BaseException | None) -> ErrorEntry:
        """Keep (and log) the error, redacted; its `message` is the text to show in the UI."""
        tb = "".join(traceback.format_exception(exc)).rstrip() if exc is not None else None
        entry = ErrorEntry(
            at=datetime.now(), message=redact_text(message), traceback=tb and redact_text(tb)
        )
        self._entries.append(entry)
        logger.error("%s%s", entry.message, f"\n{entry.traceback}" if entry.traceback else "")
        return entry

    def mentions(self, text: str, recent: int = 20) -> bool:
        """Whether one of the last `recent` errors already says `text`."""
        return any(text in entry.message for entry in list(self._entries)[-recent:])

    def clear(self) -> None:
        self._entries.clear()

    @property
    def last(self) -> ErrorEntry | None:
        return self._entries[-1] if self._entries else None

    def __iter__(self) -> Iterator[ErrorEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        if not self._entries:
            return "ErrorLog(no errors)"
        return "\n\n".join(str(e) for e in self._entries)

    def _repr_html_(self) -> str:
        if not self._entries:
            return "<em>No errors.</em>"
        rows = "".join(
            f"<details><summary>{html.escape(str(e.at.time()))} {html.escape(e.message)}"
            f"</summary><pre>{html.escape(e.traceback or '')}</pre></details>"
            for e in self._entries
        )
        return f"<div>{rows}</div>"
