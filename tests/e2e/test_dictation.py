"""Dictation end to end in JupyterLab + Chromium: the composer's microphone records, the audio
reaches the chat's `@chat.transcribe` function in the kernel (via ChatKit's `input.transcribe`),
and the text lands in the composer.

The microphone is Chromium's fake media stream (`--use-fake-device-for-media-stream`, a beeping
test source), in a browser launched for this module only; a context granted the microphone
records, one without the permission is refused (headless Chromium answers the prompt with no).
The suite's usual browser has no fake device, and this machine no microphone: "none found".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from .conftest import CHROMIUM, CHROMIUM_ARGS
from .notebook import cell_output, chat_element, execute, run_notebook
from .servers import Server

FAKE_MICROPHONE = ["--use-fake-device-for-media-stream"]

CHAT = """
from chatkit_notebook import ChatKit

heard = []
chat = ChatKit(
    respond=lambda message: f"echo: {message}",
    renderer="builtin",
    height=420,
    options={"composer": {"dictation": {"enabled": True}}},
)

@chat.transcribe
def transcribe(audio, mime_type):
    heard.append((len(audio), mime_type))
    return f"heard {len(audio)} bytes"

chat
"""


@pytest.fixture(scope="module")
def microphone_browser(playwright: Playwright) -> Iterator[Browser]:
    """Chromium with the fake microphone; prompts are answered only with `--use-fake-ui-...`,
    so a context without the permission is refused, as a user saying no would."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, FAKE_MICROPHONE[0]]
    )
    yield browser
    browser.close()


def new_page(browser: Browser, permissions: list[str]) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, permissions=permissions)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


@pytest.fixture
def microphone_page(microphone_browser: Browser) -> Iterator[Page]:
    page = new_page(microphone_browser, ["microphone"])
    yield page
    page.context.close()


@pytest.fixture
def refusing_page(microphone_browser: Browser) -> Iterator[Page]:
    page = new_page(microphone_browser, [])
    yield page
    page.context.close()


def test_dictation_puts_the_transcribed_text_in_the_composer(
    microphone_page: Page, lab: Server
) -> None:
    page = microphone_page
    run_notebook(page, lab, "dictation", [CHAT])
    chat = chat_element(page)
    mic = chat.get_by_test_id("composer-dictation")
    mic.click()
    expect(mic).to_have_attribute("data-state", "recording")
    mic.click()  # stop: the recording is transcribed
    composer = chat.get_by_test_id("composer-input")
    expect(composer).to_have_value(re.compile(r"^heard [1-9]\d* bytes$"))
    expect(mic).to_have_attribute("data-state", "idle")
    execute(page, "print(heard[0][0] > 0, heard[0][1].split(';')[0])")
    expect(cell_output(page, 1)).to_have_text(re.compile(r"^True audio/(webm|ogg|mp4)\n$"))

    composer.press("Enter")
    expect(chat.get_by_test_id("assistant-message")).to_have_text(
        re.compile(r"echo: heard \d+ bytes")
    )
    # Dictating again appends to what is typed.
    composer.fill("Note:")
    mic.click()
    expect(mic).to_have_attribute("data-state", "recording")
    mic.click()
    expect(composer).to_have_value(re.compile(r"^Note: heard \d+ bytes$"))


def test_a_refused_microphone_is_explained(refusing_page: Page, lab: Server) -> None:
    page = refusing_page
    run_notebook(page, lab, "dictation_refused", [CHAT])
    chat = chat_element(page)
    chat.get_by_test_id("composer-dictation").click()
    error = chat.get_by_test_id("dictation-error")
    expect(error).to_contain_text("Microphone access was denied")
    expect(chat.get_by_test_id("composer-dictation")).to_have_attribute("data-state", "idle")


def test_a_missing_microphone_is_explained(page: Page, lab: Server) -> None:
    page.context.grant_permissions(["microphone"])
    run_notebook(page, lab, "dictation_missing", [CHAT])
    chat = chat_element(page)
    chat.get_by_test_id("composer-dictation").click()
    expect(chat.get_by_test_id("dictation-error")).to_contain_text("No microphone was found")
