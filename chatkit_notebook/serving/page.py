"""The chat page (`asgi_app(chat, ui=True)`): the bundled builtin renderer, nothing loaded from the
network, talking to the endpoint over plain HTTP + SSE.

`GET /` is a static HTML shell with the chat's options and theme (`chat.export_options()`) in a
non-executable `<script type="application/json">`; `static/page.js` (js/page.ts) mounts the
renderer with a real `fetch`. The option callbacks that are Python functions in the notebook
(`onClientTool`, `widgets.onAction`, `entities.*`, `header.*.onClick`, ...) call
`POST {path}/callbacks` with `{slot, args}`, which runs the very handler the comm would.
"""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..bridge import bundle
from ..bridge.core import describe_error
from .auth import Contexts
from .endpoint import JSON, error_response
from .security import CONTENT_SECURITY_POLICY, PAGE_HEADERS, require_content_type
from .target import Target

logger = logging.getLogger("chatkit_notebook.serving")

SCRIPT: Final = Path(__file__).parent.parent / "static" / "page.js"

_SHELL: Final = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<script type="application/json" id="chatkit-notebook-config">{config}</script>
<script type="module" src="{script}"></script>
</head>
<body></body>
</html>
"""


class CallbackCall(BaseModel):
    slot: str
    args: list[Any] = []


def page_script() -> bytes:
    if not SCRIPT.exists():
        raise RuntimeError(
            f"the chat page's script is missing ({SCRIPT}); in a source checkout run "
            "`npm run build`, else reinstall chatkit-notebook"
        )
    return SCRIPT.read_bytes()


class Page:
    def __init__(self, target: Target, contexts: Contexts, path: str) -> None:
        self._target = target
        self._contexts = contexts
        self._path = path
        self._script = page_script()  # read once: a missing build fails at asgi_app(), not later

    async def page(self, request: Request) -> Response:
        try:
            await self._contexts.authenticate(request)
        except HTTPException as exc:
            return error_response(exc, "page")
        root = request.scope.get("root_path", "").rstrip("/")
        options = self._target.options()
        options.pop("api", None)
        config = {
            "api": f"{root}{self._path}",
            "assets": f"{root}/static/",
            "callbacks": f"{root}{self._path}/callbacks",
            "options": options,
            "slots": self._target.slots(),
        }
        title = ((options.get("header") or {}).get("title") or {}).get("text") or "ChatKit"
        body = _SHELL.format(
            title=html.escape(str(title)),
            config=_script_json(config),
            script=html.escape(f"{root}/static/page.js"),
        )
        return HTMLResponse(body, headers=_page_headers())

    async def script(self, _request: Request) -> Response:
        return Response(
            self._script,
            media_type="text/javascript",
            headers={**_page_headers(), "cache-control": "no-cache"},
        )

    async def asset(self, request: Request) -> Response:
        """A part the renderer loads on first use (a highlight.js grammar, KaTeX, its fonts), as
        the notebook's kernel sends it over the comm; nothing outside the static tree."""
        path = bundle.asset_path(request.path_params["name"])
        if path is None:
            return error_response(HTTPException(404, "no such file"), "asset")
        media = {".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2"}
        return Response(
            path.read_bytes(),
            media_type=media[path.suffix],
            headers={**_page_headers(), "cache-control": "max-age=3600"},
        )

    async def callback(self, request: Request) -> Response:
        """Runs one Python callback for the page, as `Bridge._call` does for the notebook."""
        try:
            await self._contexts.authenticate(request)
            require_content_type(request, JSON)
            call = CallbackCall.model_validate_json(await request.body())
        except (ValidationError, HTTPException) as exc:
            return error_response(exc, "callback")
        callbacks = self._target.callbacks
        if callbacks is None:
            return error_response(HTTPException(404, "this server has no callbacks"), "callback")
        try:
            result = await callbacks.invoke(call.slot, call.args)
            body = json.dumps(result)
        except Exception as exc:
            message = describe_error(exc)
            errors = getattr(self._target.chat, "errors", None)
            if errors is not None:
                errors.record(f"{call.slot} failed: {message}", exc)
            logger.info("%s failed: %s", call.slot, message, exc_info=exc)
            return JSONResponse({"error": {"type": type(exc).__name__, "message": message}}, 500)
        return Response(body, media_type="application/json")


def _page_headers() -> dict[str, str]:
    return {"content-security-policy": CONTENT_SECURITY_POLICY, **PAGE_HEADERS}


def _script_json(value: Any) -> str:
    """JSON that cannot close its `<script>` element or open a comment in it."""
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
