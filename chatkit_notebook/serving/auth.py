"""Who is asking: the `auth=` hook that refuses a request or names its user, and the per-request
`context` every handler builds from it.

`auth(request)` (sync or async) gets the starlette `Request` before anything else happens (no
body read, no store touched). It returns the request's `context` (what the stores scope threads
by, e.g. `{"user_id": ...}`), or None to keep the default context, or raises to refuse:
`HTTPException(401)` (or any status), `PermissionError` (403), any other exception (401, logged).
"""

from __future__ import annotations

import hmac
import inspect
import logging
from collections.abc import Callable, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..bridge.core import RequestInfo, describe_error
from .target import Target

logger = logging.getLogger("chatkit_notebook.serving")

Auth = Callable[[Request], Any]


def bearer_token(tokens: Mapping[str, Any]) -> Auth:
    """An `auth=` hook for `Authorization: Bearer <token>`: each token maps to its user's context.

    >>> asgi_app(chat, auth=bearer_token({os.environ["ALICE_TOKEN"]: {"user_id": "alice"}}))
    """
    known = {token.encode(): context for token, context in tokens.items()}

    def check(request: Request) -> Any:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token:
            for candidate, context in known.items():
                if hmac.compare_digest(candidate, token.strip().encode()):
                    return context
        raise HTTPException(401, "a valid bearer token is required", {"www-authenticate": "Bearer"})

    return check


class Contexts:
    """`authenticate()` first, in every handler; `build()` once the request type is known."""

    def __init__(self, target: Target, context: Any, auth: Auth | None) -> None:
        self._target = target
        self._context = context
        self._auth = auth

    async def authenticate(self, request: Request) -> Any:
        """The auth hook's context (None when there is no hook or it returned None)."""
        if self._auth is None:
            return None
        try:
            value = self._auth(request)
            return await value if inspect.isawaitable(value) else value
        except HTTPException:
            raise
        except PermissionError as exc:
            raise HTTPException(403, describe_error(exc)) from exc
        except Exception as exc:
            logger.warning("auth refused a request: %s", describe_error(exc), exc_info=exc)
            raise HTTPException(401, "authentication failed") from exc

    async def build(
        self, request: Request, identity: Any, request_type: str, thread_id: str | None
    ) -> Any:
        if identity is not None:
            return identity
        if self._context is not None:
            value = self._context(request) if callable(self._context) else self._context
        elif self._target.chat_context is not None:
            headers = dict(request.headers)
            value = self._target.chat_context(RequestInfo(request_type, thread_id, headers))
        else:
            value = {}
        return await value if inspect.isawaitable(value) else value
