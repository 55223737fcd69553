"""Dictation for `respond=` and `agent=` chats: a `@chat.transcribe` function answers ChatKit's
`input.transcribe` request (the composer's microphone) with the text to put in the composer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chatkit.types import AudioInput, TranscriptionResult

from ..bridge.user_code import call

NO_TRANSCRIBER = (
    "this chat cannot transcribe dictation: give it a function that turns audio into text, "
    "e.g. @chat.transcribe def transcribe(audio: bytes, mime_type: str) -> str"
)


async def transcribe_with(
    function: Callable[..., Any] | None, audio: AudioInput
) -> TranscriptionResult:
    """Runs `function(audio_bytes, mime_type)`; it returns the text (or a TranscriptionResult)."""
    if function is None:
        raise NotImplementedError(NO_TRANSCRIBER)
    result = await call(function, audio.data, audio.mime_type)
    if isinstance(result, TranscriptionResult):
        return result
    if isinstance(result, str):
        return TranscriptionResult(text=result)
    if isinstance(result, dict) and isinstance(result.get("text"), str):
        return TranscriptionResult(text=result["text"])
    raise TypeError(
        f"the transcribe function returned {type(result).__name__}; return the text, a str"
    )
