"""Errors the notebook user can see.

Exceptions raised inside comm handlers never reach the cell in JupyterLab, so every failure is
logged (with its traceback) to the `chatkit_notebook` logger and kept in an `ErrorLog` that
`chat.errors` shows, while the UI receives a readable message.

Error text often quotes credentials (an HTTP error quoting `?api_key=...`, a header dump), and
what a cell shows is saved with the notebook, so the log keeps it with credentials redacted.
"""

from __future__ import annotations

import html
import logging
import re
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

logger = logging.getLogger("chatkit_notebook")

REDACTED = "[redacted]"
_NAMES = (  # names of headers, fields and arguments that hold credentials
    r"(?:api[_-]?key|apikey|x-api-key|access[_-]?token|refresh[_-]?token|id[_-]?token|token|"
    r"client[_-]?secret|secret|password|passwd|authorization|credentials?|session[_-]?id)"
)
_URL_NAMES = rf"(?:{_NAMES}|key|sig|signature|auth|pwd)"  # short ones only as URL parameters
_BARE = r"[A-Za-z0-9_~+/-][^\s\"',;&})\]]{3,}"  # an unquoted value (not "...", not "[redacted]")
_SCHEMES = r"(?:Bearer|Basic|Token|Digest)"
_REDACTIONS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    # key shapes: OpenAI/Anthropic (sk-...), ChatKit client secrets (ek_...), AWS, GitHub,
    # Slack, Google, Stripe, Hugging Face, JWTs, PEM private keys
    (re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"), REDACTED),
    (re.compile(r"\bek_[A-Za-z0-9_-]{16,}"), REDACTED),
    (re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), REDACTED),
    (re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"), REDACTED),
    (re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"), REDACTED),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}"), REDACTED),
    (re.compile(r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}"), REDACTED),
    (re.compile(r"\bhf_[A-Za-z0-9]{30,}"), REDACTED),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"), REDACTED),
    (
        re.compile(
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)", re.S
        ),
        REDACTED,
    ),
    # the password of a URL's user info: scheme://user:password@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:)[^/\s@'\"]+@", re.I), rf"\1{REDACTED}@"),
    # URL parameters named like credentials: ?api_key=...&token=...
    (re.compile(rf"([?&#;]{_URL_NAMES}=)[A-Za-z0-9_~+/%-][^&#\s'\"<>]*", re.I), rf"\1{REDACTED}"),
    # authorization schemes: Bearer ..., Basic ...
    (
        re.compile(rf"\b({_SCHEMES})\s+(?!{re.escape(REDACTED)})[A-Za-z0-9._~+/=-]{{6,}}", re.I),
        rf"\1 {REDACTED}",
    ),
    # name: value and name=value pairs (headers, JSON, keyword arguments); a quoted value to
    # its closing quote, a bare one to the next separator; "Bearer [redacted]" stays readable
    (
        re.compile(
            rf"(\b{_NAMES}[\"']?\s*[:=]\s*)"
            rf"(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|(?!{_SCHEMES}\s){_BARE})",
            re.I,
        ),
        lambda m: m[1] + _quoted(m[0][len(m[1]) :]),
    ),
]


def _quoted(value: str) -> str:
    if value[:1] in "\"'" and value.endswith(value[0]) and len(value) > 1:
        inner = value[1:-1]
        if inner.startswith(tuple(s + " " for s in ("Bearer", "Basic", "Token", "Digest"))):
            return value  # already redacted by the authorization-scheme rule
        return value[0] + REDACTED + value[0]
    return REDACTED


def redact(text: str) -> str:
    """`text` with credentials in URLs, headers and known key shapes replaced by `[redacted]`."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


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
        entry = ErrorEntry(at=datetime.now(), message=redact(message), traceback=tb and redact(tb))
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
