"""Dictation for respond= and agent= chats: `@chat.transcribe` answers ChatKit's `input.transcribe`
(base64 audio plus its MIME type) with the composer's text; without one the UI gets a clear error."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from agents import Agent
from chatkit.types import TranscriptionResult

from chatkit_notebook import ChatKit
from chatkit_notebook.testing import ScriptedModel

from .harness import BridgeError, WidgetHarness

AUDIO = b"\x1aE\xdf\xa3 fake webm bytes"


def transcribe_request(
    audio: bytes = AUDIO, mime: str = "audio/webm;codecs=opus"
) -> dict[str, Any]:
    return {
        "type": "input.transcribe",
        "params": {"audio_base64": base64.b64encode(audio).decode(), "mime_type": mime},
    }


async def test_a_respond_chat_transcribes_with_its_function() -> None:
    chat = ChatKit(respond=lambda message: message)
    heard: list[tuple[bytes, str]] = []

    @chat.transcribe
    def transcribe(audio: bytes, mime_type: str) -> str:
        heard.append((audio, mime_type))
        return "hello from the microphone"

    assert await WidgetHarness(chat).call(transcribe_request()) == {
        "text": "hello from the microphone"
    }
    assert heard == [(AUDIO, "audio/webm;codecs=opus")]
    chat.close()


@pytest.mark.parametrize(
    "result",
    [TranscriptionResult(text="spoken"), {"text": "spoken"}, "spoken"],
)
async def test_an_agent_chat_transcribes_with_an_async_function(result: Any) -> None:
    chat = ChatKit(agent=Agent(name="listener", model=ScriptedModel([])))

    @chat.transcribe
    async def transcribe(audio: bytes, mime_type: str) -> Any:
        assert mime_type == "audio/ogg"
        return result

    assert await WidgetHarness(chat).call(transcribe_request(mime="audio/ogg")) == {
        "text": "spoken"
    }
    chat.close()


async def test_without_a_transcriber_the_ui_is_told_how_to_add_one() -> None:
    chat = ChatKit(respond=lambda message: message)
    with pytest.raises(BridgeError) as raised:
        await WidgetHarness(chat).call(transcribe_request())
    assert raised.value.error["status"] == 501
    assert "@chat.transcribe" in raised.value.error["message"]
    chat.close()


async def test_a_transcriber_that_returns_something_else_is_reported() -> None:
    chat = ChatKit(respond=lambda message: message)
    chat.transcribe(lambda audio, mime_type: 42)
    with pytest.raises(BridgeError) as raised:
        await WidgetHarness(chat).call(transcribe_request())
    assert raised.value.error["status"] == 400
    assert "returned int; return the text" in raised.value.error["message"]
    chat.close()


async def test_a_failing_transcriber_reaches_the_ui_and_the_error_log() -> None:
    chat = ChatKit(respond=lambda message: message)

    @chat.transcribe
    def transcribe(audio: bytes, mime_type: str) -> str:
        raise RuntimeError("the speech service is down")

    with pytest.raises(BridgeError, match="the speech service is down"):
        await WidgetHarness(chat).call(transcribe_request())
    assert any("the speech service is down" in str(entry) for entry in chat.errors)
    chat.close()
