"""`asgi_app(chat)`: the chat's ChatKit server over HTTP (and with `ui=True` its page), guarded.

Routes: `POST {path}` (the ChatKit endpoint: JSON or SSE), `GET {path}/health`,
`POST {path}/upload/<id>` (two-phase uploads); with `ui=True` also `GET /` (the page),
`GET /static/page.js`, `GET /static/<part>` (grammars, KaTeX) and `POST {path}/callbacks` (the
page's Python callbacks). Every request first passes `security.Guard` (Host, Origin, body
size), then the `auth=` hook.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

try:
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "serving a chat over HTTP needs starlette and uvicorn: "
        "pip install 'chatkit-notebook[serve]'"
    ) from exc

from .auth import Auth, Contexts
from .endpoint import Endpoint, error_response
from .page import Page
from .security import Guard
from .target import target_of
from .uploads import Uploads

if TYPE_CHECKING:
    from chatkit.server import ChatKitServer

    from ..widget import ChatKit

Origins = str | Sequence[str] | None


def asgi_app(
    chat_or_server: ChatKit | ChatKitServer[Any] | Any,
    *,
    path: str = "/chatkit",
    ui: bool = False,
    context: Any = None,
    auth: Auth | None = None,
    cors_origins: Origins = None,
    allowed_origins: Origins = None,
    allowed_hosts: str | Sequence[str] | None = None,
    max_request_bytes: int | None = None,
) -> Starlette:
    """A Starlette app serving the chat's ChatKit server at `POST {path}`, for production.

    `chat_or_server` is a `ChatKit` widget (its server, its `context=` factory called with a
    `RequestInfo` carrying the HTTP headers, its thread locks shared with the notebook), any
    `chatkit.server.ChatKitServer`, or an openai-agents `Agent`. `ui=True` adds the chat page at
    `GET /`. `auth=` a function of the starlette `Request` (sync or async) runs first on every
    request: it returns the request's context (or None for the default) or raises to refuse
    (`HTTPException`, `PermissionError` → 403, anything else → 401). `context=`, when given, is a
    value or a function of the `Request`, for both kinds of server.

    Browsers may call it only from its own origin, plus `allowed_origins` (and `cors_origins`,
    which also sends CORS headers; `"*"` allows any); the Host must be localhost, 127.0.0.1 or
    [::1] unless `allowed_hosts` adds names (`"*"`: any; behind a proxy, the public name); bodies
    above `max_request_bytes` (default: the chat's) are refused with 413 as they arrive.
    `GET {path}/health` answers `{"ok": true}` for load balancers. In a FastAPI app, mount it
    after your own routes: `app.mount("/", asgi_app(server))`.
    """
    target = target_of(chat_or_server)
    path = "/" + path.strip("/")
    contexts = Contexts(target, context, auth)
    endpoint = Endpoint(target, contexts, path)
    uploads = Uploads(target, contexts)

    async def health(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    routes = [
        Route(path, endpoint.handle, methods=["POST"]),
        Route(f"{path}/health", health, methods=["GET"]),
        Route(f"{path}/upload/{{attachment_id}}", uploads.handle, methods=["POST"]),
    ]
    if ui:
        page = Page(target, contexts, path)
        routes += [
            Route("/", page.page, methods=["GET"]),
            Route("/static/page.js", page.script, methods=["GET"]),
            Route("/static/{name:path}", page.asset, methods=["GET"]),
            Route(f"{path}/callbacks", page.callback, methods=["POST"]),
        ]
    cors = _listed(cors_origins)
    middleware = [
        Middleware(
            Guard,
            allowed_hosts=_listed(allowed_hosts) if allowed_hosts is not None else None,
            allowed_origins=[*cors, *_listed(allowed_origins)],
            max_request_bytes=max_request_bytes or target.max_request_bytes,
            upload_prefix=f"{path}/upload/",
        )
    ]
    if cors:
        middleware.insert(
            0,
            Middleware(
                CORSMiddleware,
                allow_origins=cors,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["*"],
                allow_credentials="*" not in cors,  # browsers reject credentials with "*"
            ),
        )

    async def http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_response(exc, "request")

    return Starlette(
        routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error}
    )


def _listed(value: Origins) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


__all__ = ["asgi_app"]
