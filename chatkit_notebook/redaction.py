"""Credentials out of everything this package keeps or shows: error text (`chat.errors`, the
UI's error line), headless replies, and a trace's saved form (`chat.runs`).

What a cell shows and what a run keeps are saved with the notebook, so redaction happens before
anything is kept. Three nets: the exact secrets this process was handed (`ChatKit(api_key=...)`,
`*_API_KEY` variables), credentials by context (URL user info and parameters, `Bearer`/`Basic`
values, `name: value` pairs named like credentials, mapping keys named like them), and strings
shaped like known keys (OpenAI, AWS, GitHub, Slack, Google, Stripe, Hugging Face, JWT, PEM).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

REDACTED = "[redacted]"
_NAMES = (  # names of headers, fields and arguments that hold credentials
    r"(?:api[_-]?key|apikey|x-api-key|access[_-]?token|refresh[_-]?token|id[_-]?token|token|"
    r"client[_-]?secret|secret|password|passwd|authorization|credentials?|session[_-]?id)"
)
_URL_NAMES = rf"(?:{_NAMES}|key|sig|signature|auth|pwd)"  # short ones only as URL parameters
_BARE = r"[A-Za-z0-9_~+/-][^\s\"',;&})\]]{3,}"  # an unquoted value (not "...", not "[redacted]")
_SCHEMES = r"(?:Bearer|Basic|Token|Digest)"
_REDACTIONS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    # key shapes: OpenAI/Anthropic (sk-..., rk-..., pk-...), ChatKit client secrets (ek_...),
    # AWS, GitHub, Slack, Google, Stripe, Hugging Face, JWTs, PEM private keys
    (re.compile(r"\b(?:sk|rk|pk)-[A-Za-z0-9_-]{16,}"), REDACTED),
    (re.compile(r"\bek_[A-Za-z0-9_-]{16,}"), REDACTED),
    (re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), REDACTED),
    (re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{30,})"), REDACTED),
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


MIN_SECRET = 8  # shorter "secrets" (placeholders such as "not-needed" aside) would redact words
_SECRET_KEY = re.compile(
    r"^(x-)?(api[-_]?key|authorization|proxy-authorization|password|passwd|secret|"
    r"client[-_]?secret|access[-_]?token|refresh[-_]?token|id[-_]?token|bearer|cookie|set-cookie|"
    r"private[-_]?key|session[-_]?token)$",
    re.IGNORECASE,
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
    """Never keep `value` anywhere (e.g. the `api_key=` a chat was given)."""
    if value and len(value) >= MIN_SECRET:
        _secrets.add(value)


def register_environment() -> None:
    """The API keys in the environment are secrets too."""
    for name, value in os.environ.items():
        if name.endswith(("_API_KEY", "_TOKEN", "_SECRET")):
            register_secret(value)


def redact_text(text: str, max_chars: int | None = None) -> str:
    """`text` with credentials replaced by `[redacted]`, cut to `max_chars` if given."""
    pattern = _secrets.pattern
    if pattern is not None:
        text = pattern.sub(REDACTED, text)
    for rule, replacement in _REDACTIONS:
        text = rule.sub(replacement, text)
    if max_chars is not None and len(text) > max_chars:
        text = text[:max_chars] + f"… [{len(text) - max_chars} more characters]"
    return text


def redact(value: Any, *, max_chars: int | None = None, depth: int = 0) -> Any:
    """A JSON-able copy of `value` with credentials replaced (pydantic models are dumped first,
    other objects become their `str`); values under credential-named keys are dropped whole."""
    if isinstance(value, str):
        return redact_text(value, max_chars)
    if value is None or isinstance(value, bool | int | float):
        return value
    if depth > 40:
        return "…"
    if isinstance(value, Mapping):
        return {
            str(k): REDACTED
            if _is_secret_key(k)
            else redact(v, max_chars=max_chars, depth=depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [redact(v, max_chars=max_chars, depth=depth + 1) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        try:
            return redact(
                dump(mode="json", exclude_none=True), max_chars=max_chars, depth=depth + 1
            )
        except Exception:  # noqa: BLE001 - an odd model still gets its text kept
            pass
    return redact_text(str(value), max_chars)


def _is_secret_key(key: object) -> bool:
    return isinstance(key, str) and _SECRET_KEY.match(key) is not None
