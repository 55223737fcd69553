"""The base of our servers, and `process()` without rebuilding the request schema each call.

openai-chatkit 1.6.5 builds `TypeAdapter(ChatKitReq)` inside `process()`, about 7 ms per request
(benchmarks/RESULTS.md, B1/B5); the schema never changes, so our servers parse with one adapter
built once. This calls the server's own `_process_streaming` / `_process_non_streaming`, private
but stable within the `openai-chatkit~=1.6.5` pin.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from chatkit.actions import Action
from chatkit.server import ChatKitServer, NonStreamingResult, StreamingResult
from chatkit.types import (
    AudioInput,
    ChatKitReq,
    SyncCustomActionResponse,
    ThreadMetadata,
    ThreadStreamEvent,
    TranscriptionResult,
    WidgetItem,
    is_streaming_req,
)
from pydantic import TypeAdapter

from .actions import ActionRunner
from .transcription import transcribe_with

if TYPE_CHECKING:
    from ..workbench.runs import RunLog

_REQUEST: TypeAdapter[ChatKitReq] = TypeAdapter(ChatKitReq)


class NotebookServer(ChatKitServer[Any]):
    """What our servers share: parsing with the cached schema, and widget actions handled by
    the `@chat.action` handlers (through `_actions`)."""

    _actions: ActionRunner
    runs: RunLog | None = None  # the chat's `chat.runs`: each answering request becomes a run
    # The chat's `@chat.transcribe` function, looked up per request (set by the widget).
    transcriber: Callable[[], Callable[..., Any] | None] = staticmethod(lambda: None)

    def action(
        self,
        thread: ThreadMetadata,
        action: Action[str, Any],
        sender: WidgetItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        return self._actions.stream(thread, action, sender, context)

    async def sync_action(
        self,
        thread: ThreadMetadata,
        action: Action[str, Any],
        sender: WidgetItem | None,
        context: Any,
    ) -> SyncCustomActionResponse:
        return await self._actions.sync(thread, action, sender, context)

    async def transcribe(self, audio_input: AudioInput, context: Any) -> TranscriptionResult:
        return await transcribe_with(self.transcriber(), audio_input)

    async def process(
        self, request: str | bytes | bytearray, context: Any
    ) -> StreamingResult | NonStreamingResult:
        parsed = _REQUEST.validate_json(request)
        if is_streaming_req(parsed):
            stream = self._process_streaming(parsed, context)
            if self.runs is not None:
                stream = self.runs.record(parsed, stream)
            return StreamingResult(stream)
        return NonStreamingResult(await self._process_non_streaming(parsed, context))
