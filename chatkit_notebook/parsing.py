"""`ChatKitServer.process()` without rebuilding the request schema on every call.

openai-chatkit 1.6.5 builds `TypeAdapter(ChatKitReq)` inside `process()`, about 7 ms per request
(benchmarks/RESULTS.md, B1/B5); the schema never changes, so our servers parse with one adapter
built once. This calls the server's own `_process_streaming` / `_process_non_streaming`, private
but stable within the `openai-chatkit~=1.6.5` pin.
"""

from __future__ import annotations

from typing import Any

from chatkit.server import ChatKitServer, NonStreamingResult, StreamingResult
from chatkit.types import ChatKitReq, is_streaming_req
from pydantic import TypeAdapter

_REQUEST: TypeAdapter[ChatKitReq] = TypeAdapter(ChatKitReq)


class CachedParsingServer(ChatKitServer[Any]):
    async def process(
        self, request: str | bytes | bytearray, context: Any
    ) -> StreamingResult | NonStreamingResult:
        parsed = _REQUEST.validate_json(request)
        if is_streaming_req(parsed):
            return StreamingResult(self._process_streaming(parsed, context))
        return NonStreamingResult(await self._process_non_streaming(parsed, context))
