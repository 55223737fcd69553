"""What every request must pass before a handler runs: a known Host, a same-site Origin, a bounded
body; and the headers that lock the page down (Content-Security-Policy and friends).

A chat served on localhost is reachable from every web page the user opens: a cross-site form
post (`text/plain`, no preflight) would run `respond`, and a DNS-rebinding page would read the
threads. So the Host must be one of the names the server was bound to, a browser's `Origin`
must be this server's own (or one the app allows), and ChatKit requests must be JSON.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Sequence
from typing import Final
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOCAL_HOSTS: Final = ("localhost", "127.0.0.1", "::1")
"""The names a server on loopback answers to by default."""

UPLOAD_OVERHEAD: Final = 64 * 1024
"""Room for the multipart envelope around an upload of the largest allowed attachment."""

CONTENT_SECURITY_POLICY: Final = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # lit adopts constructed stylesheets (not subject to CSP); widget style props and
        # lit's first render of `styleMap` set `style` attributes, which cannot run script, and
        # any url() in them is still held to img-src/font-src below.
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PAGE_HEADERS: Final = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}

_SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"the request body is larger than {limit / 2**20:.1f} MiB, the limit of this server "
            "(ChatKit(max_request_bytes=...) or asgi_app(max_request_bytes=...) raises it)",
        )


def bound_names(host: str) -> list[str]:
    """The Host names a server bound to `host` answers to, besides LOCAL_HOSTS."""
    if host in ("", "0.0.0.0", "::"):  # every interface: the machine's own names too
        name = socket.gethostname()
        return [name, socket.getfqdn(name)]
    return [host]


def host_name(value: str) -> str:
    """`Example.com:8000` → `example.com`, `[::1]:8000` → `::1`; '' when unparsable."""
    try:
        parsed = urlsplit("//" + value)
        return (parsed.hostname or "").rstrip(".")
    except ValueError:
        return ""


class Guard:
    """ASGI middleware in front of every route: Host, Origin and body size, checked in that order
    before the app sees the request, each refusal a JSON error that says how to allow it."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Iterable[str] | None,
        allowed_origins: Iterable[str],
        max_request_bytes: int,
        upload_prefix: str,
    ) -> None:
        self.app = app
        self.any_host = allowed_hosts is not None and "*" in allowed_hosts
        names = [*LOCAL_HOSTS, *(allowed_hosts or ())]
        self.hosts = frozenset(host_name(name) or name.lower() for name in names)
        origins = list(allowed_origins)
        self.any_origin = "*" in origins
        self.origins = frozenset(_origin(o) for o in origins if o != "*")
        self.max_request_bytes = max_request_bytes
        self.upload_prefix = upload_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            status, kind, message = refusal
            response = JSONResponse({"error": {"type": kind, "message": message}}, status)
            await response(scope, receive, send)
            return
        limit = self.max_request_bytes
        if scope["path"].startswith(self.upload_prefix):
            limit += UPLOAD_OVERHEAD
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            error = BodyTooLarge(limit)
            response = JSONResponse(
                {"error": {"type": "RequestTooLarge", "message": error.detail}}, 413
            )
            await response(scope, receive, send)
            return
        await self.app(scope, _limited(receive, limit), send)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str, str] | None:
        host = host_name(headers.get("host", ""))
        if not self.any_host and host not in self.hosts:
            return (
                400,
                "UnknownHost",
                f"this server does not answer to Host {host or '(none)'!r}; add it to "
                "allowed_hosts=[...] if it is yours (a DNS-rebinding page would send a "
                "foreign name)",
            )
        origin = headers.get("origin")
        if scope["method"] in _SAFE_METHODS or origin is None or self.any_origin:
            return None  # non-browser clients send no Origin; browsers always do on a POST
        foreign = not _same_origin(origin, headers) and _origin(origin) not in self.origins
        if origin == "null" or foreign:
            return (
                403,
                "CrossOriginRequest",
                f"requests from {origin[:200]} are refused (cross-site); allow that origin "
                "with allowed_origins=[...] or cors_origins=[...]",
            )
        return None


def require_content_type(request: Request, allowed: Sequence[str]) -> None:
    """Refuse other content types: a cross-site form can only send form or text bodies."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind not in allowed:
        raise HTTPException(
            415, f"expected Content-Type {' or '.join(allowed)}, got {kind or 'none'!r}"
        )


def _limited(receive: Receive, limit: int) -> Receive:
    """A `receive` that fails once the body passes `limit`, before the rest is read."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


def _origin(value: str) -> str:
    """`https://Example.com:443/x` → `https://example.com`: the form browsers send."""
    try:
        parts = urlsplit(value.strip())
        scheme, host, port = parts.scheme.lower(), (parts.hostname or ""), parts.port
    except ValueError:
        return value
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def _same_origin(origin: str, headers: Headers) -> bool:
    """The Origin names the Host the request was sent to (scheme aside: a TLS-terminating proxy
    hides it, and the same host on http is no foreign site)."""
    try:
        parts = urlsplit(origin)
        origin_host, origin_port = (parts.hostname or ""), parts.port
    except ValueError:
        return False
    host = headers.get("host", "")
    try:
        target = urlsplit("//" + host)
        target_host, target_port = (target.hostname or ""), target.port
    except ValueError:
        return False
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return _same_host(origin_host, target_host) and (origin_port or default) == (
        target_port or default
    )


def _same_host(a: str, b: str) -> bool:
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return a.lower().rstrip(".") == b.lower().rstrip(".")
