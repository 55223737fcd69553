"""Secrets out of a trace's saved form: applied to every value a run records, before it is kept.

Three nets: values under secret-looking keys (`api_key`, `Authorization`, ...), strings shaped
like known credentials (`sk-...`, `Bearer ...`), and the exact secrets this process was handed
(`ChatKit(api_key=...)`, `OPENAI_API_KEY`), wherever they appear inside a string. Long strings are
cut, so one huge tool output cannot bloat a saved notebook.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping
from typing import Any

REDACTED = "[redacted]"
MAX_STRING = 20_000  # characters kept of one string value
MIN_SECRET = 8  # shorter "secrets" (e.g. "not-needed" placeholders aside) would redact words

_SECRET_KEY = re.compile(
    r"^(x-)?(api[-_]?key|authorization|proxy-authorization|password|passwd|secret|"
    r"client[-_]?secret|access[-_]?token|refresh[-_]?token|id[-_]?token|bearer|cookie|set-cookie|"
    r"private[-_]?key|session[-_]?token)$",
    re.IGNORECASE,
)
_KEY_SHAPES = re.compile(
    r"\b(?:sk|rk|pk)-(?:[A-Za-z0-9]+-)*[A-Za-z0-9_]{16,}"  # OpenAI-style keys
    r"|\bBearer\s+[A-Za-z0-9._~+/=-]{8,}"  # Authorization header values
    r"|\bgh[pousr]_[A-Za-z0-9]{20,}"  # GitHub tokens
    r"|\bAKIA[0-9A-Z]{16}\b"  # AWS access key ids
    r"|\bxox[abprs]-[A-Za-z0-9-]{10,}",  # Slack tokens
)


class _Secrets:
    """The exact secrets handed to this process, as one regular expression (longest first, so a
    secret that contains another is replaced whole)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: set[str] = set()
        self.pattern: re.Pattern[str] | None = None

    def add(self, value: str) -> None:
        with self.lock:
            if value in self.values:
                return
            self.values.add(value)
            ordered = sorted(self.values, key=len, reverse=True)
            self.pattern = re.compile("|".join(re.escape(s) for s in ordered))


_secrets = _Secrets()


def register_secret(value: str | None) -> None:
    """Never let `value` into a recorded run (e.g. the `api_key=` a chat was given)."""
    if value and len(value) >= MIN_SECRET:
        _secrets.add(value)


def register_environment() -> None:
    """The API keys in the environment are secrets too."""
    for name, value in os.environ.items():
        if name.endswith(("_API_KEY", "_TOKEN", "_SECRET")):
            register_secret(value)


def redact_text(text: str) -> str:
    pattern = _secrets.pattern
    if pattern is not None:
        text = pattern.sub(REDACTED, text)
    text = _KEY_SHAPES.sub(REDACTED, text)
    if len(text) > MAX_STRING:
        text = text[:MAX_STRING] + f"… [{len(text) - MAX_STRING} more characters]"
    return text


def redact(value: Any, depth: int = 0) -> Any:
    """A JSON-able copy of `value` with secrets replaced (pydantic models and other objects are
    converted first: pydantic by `model_dump`, anything else by `str`)."""
    if isinstance(value, str):
        return redact_text(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if depth > 40:
        return "…"
    if isinstance(value, Mapping):
        return {
            str(k): REDACTED if _is_secret_key(k) else redact(v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [redact(v, depth + 1) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        try:
            return redact(dump(mode="json", exclude_none=True), depth + 1)
        except Exception:  # noqa: BLE001 - an odd model still gets its text recorded
            pass
    return redact_text(str(value))


def _is_secret_key(key: object) -> bool:
    return isinstance(key, str) and _SECRET_KEY.match(key) is not None
