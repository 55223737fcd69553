"""`uvicorn --factory tests.apps.postgres_chat:app`: a served chat whose threads live in the
PostgreSQL database at $CHATKIT_TEST_POSTGRES, so several workers share them. The reply names the
worker's pid, and streams $CHATKIT_TEST_DELTAS chunks (1 unless set), for the load benchmark."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette


def app() -> Starlette:
    from chatkit_notebook import ChatKit, PostgresStore
    from chatkit_notebook.serving.app import asgi_app

    deltas = int(os.environ.get("CHATKIT_TEST_DELTAS", "1"))

    async def respond(message: str, thread: Any) -> AsyncIterator[str]:
        if deltas == 1:
            yield f"worker {os.getpid()} heard {message!r}"
            return
        for n in range(deltas):
            yield f"{n} "

    def context(info: Any) -> dict[str, Any]:
        return {"user_id": info.headers.get("x-user-id", "")}

    store = PostgresStore(os.environ["CHATKIT_TEST_POSTGRES"], max_size=20)
    return asgi_app(ChatKit(respond=respond, store=store, context=context))
