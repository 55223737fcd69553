"""`chat.playground()` in a real JupyterLab and Chromium: the panel beside a second live view of the
same chat (builtin renderer; respond= echoes, so no model is needed).

Dragging the accent colour and editing a start-screen prompt restyle and re-label both views of the
chat without losing the open thread; the copy buttons put code on the clipboard that rebuilds the
chat (Python) and typechecks against @openai/chatkit 1.9 (setOptions, useChatKit).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from ..test_playground_exports import typecheck
from .notebook import cell_output, chat_element, execute, run_notebook, send_message
from .servers import Server

CHAT = """
from chatkit_notebook import ChatKit

def echo(message):
    return f"echo: {message}"

chat = ChatKit(respond=echo, renderer="builtin", height=460, options={
    "startScreen": {"prompts": [{"label": "Say hello", "prompt": "hello", "icon": "sparkle"}]},
})
chat
"""

DRAG = """(input, colours) => {
    for (const colour of colours) {
        input.value = colour;
        input.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    }
    input.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
}"""


def control(page: Page, control_id: str) -> Any:
    return page.locator("chatkit-notebook-playground").locator(f'[data-control="{control_id}"]')


def send_button_colour(page: Page, index: int) -> str:
    button = chat_element(page, index).get_by_test_id("composer-send")
    return str(button.evaluate("el => getComputedStyle(el).backgroundColor"))


def test_the_playground_edits_both_views_live_and_copies_valid_code(
    page: Page, lab: Server, tmp_path: Path
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    run_notebook(page, lab, "playground", [CHAT, "chat.playground()"])
    panel = page.locator("chatkit-notebook-playground")
    expect(panel.get_by_test_id("playground-panel")).to_be_visible()
    original, live = chat_element(page, 0), chat_element(page, 1)
    for view in (original, live):
        expect(view.get_by_test_id("start-screen")).to_contain_text("Say hello")

    # side by side in a wide notebook
    panel_box, live_box = panel.bounding_box(), live.bounding_box()
    assert panel_box is not None
    assert live_box is not None
    assert live_box["x"] >= panel_box["x"] + panel_box["width"]

    # edit a start-screen prompt: both views follow as you type
    label = control(page, "options.startScreen.prompts").get_by_label("Label")
    label.fill("Tell me a joke")
    for view in (original, live):
        expect(view.get_by_test_id("start-screen")).to_contain_text("Tell me a joke")

    # open a thread in the live view; the other view shows it too
    send_message(page, "hello", index=1)
    for view in (original, live):
        expect(view.get_by_test_id("assistant-message")).to_have_text("echo: hello")
    execute(page, "first_thread = chat.thread_id\nprint(first_thread is not None)")
    expect(cell_output(page, 2)).to_have_text("True\n")

    # drag the accent colour: the computed styles of both views follow, the thread stays
    before = send_button_colour(page, 1)
    control(page, "theme.color.accent").get_by_role("switch").check()
    picker = control(page, "theme.color.accent.primary").locator('input[type="color"]')
    picker.evaluate(DRAG, ["#1d4ed8", "#7c3aed", "#be123c", "#e11d48"])
    for index in (0, 1):
        expect(chat_element(page, index).get_by_test_id("composer-send")).to_have_css(
            "background-color", "rgb(225, 29, 72)"
        )
    assert before != "rgb(225, 29, 72)"
    for view in (original, live):
        expect(view.get_by_test_id("assistant-message")).to_have_text("echo: hello")

    # edit the prompt again with the thread open: nothing is lost; a new thread shows it
    label.fill("Tell me a story")
    label.press("Tab")
    expect(live.get_by_test_id("assistant-message")).to_have_text("echo: hello")
    execute(
        page,
        "import json\nprint(chat.thread_id == first_thread)\nprint(json.dumps(chat.theme))\n"
        "print(chat.options['startScreen']['prompts'][0]['label'])",
    )
    expect(cell_output(page, 3)).to_contain_text("Tell me a story")
    same_thread, theme_json, _ = cell_output(page, 3).inner_text().splitlines()
    assert same_thread == "True"
    kernel_theme = json.loads(theme_json)
    assert kernel_theme["color"]["accent"]["primary"] == "#e11d48"
    live.get_by_test_id("new-thread").click()
    expect(live.get_by_test_id("start-screen")).to_contain_text("Tell me a story")

    # add a prompt, drag it to the top by its grip, remove the other one
    prompts = control(page, "options.startScreen.prompts")
    prompts.get_by_role("button", name="+ Add").click()
    expect(live.locator(".prompt")).to_have_text(["Tell me a story", "New prompt"])
    prompts.locator(".grip").nth(1).drag_to(prompts.locator("li").nth(0))
    expect(live.locator(".prompt")).to_have_text(["New prompt", "Tell me a story"])
    prompts.get_by_role("button", name="Remove Tell me a story").click()
    expect(live.locator(".prompt")).to_have_text(["New prompt"])
    page.locator("chatkit-notebook-playground").get_by_role("button", name="Undo").click()
    expect(live.locator(".prompt")).to_have_text(["New prompt", "Tell me a story"])

    # an invalid value shows the schema's message next to its control, and changes nothing
    text = control(page, "theme.color.accent.primary").get_by_label("Accent (CSS colour)")
    text.fill("blue")
    expect(
        control(page, "theme.color.accent.primary").get_by_test_id("control-error")
    ).to_contain_text("'blue' is not a colour")
    expect(live.get_by_test_id("composer-send")).to_have_css("background-color", "rgb(225, 29, 72)")

    # copy buttons: the clipboard gets code that rebuilds the chat / typechecks
    copied = {}
    for tab, format in (("Python", "python"), ("JavaScript", "js"), ("React", "react")):
        panel.get_by_role("tab", name=tab).click()
        panel.get_by_test_id(f"copy-{format}").click()
        expect(panel.get_by_test_id(f"copy-{format}")).to_have_text("Copied ✓")
        copied[format] = page.evaluate("() => navigator.clipboard.readText()")

    from chatkit_notebook import ChatKit

    namespace: dict[str, Any] = {"echo": lambda message: message}
    exec(copied["python"], namespace)
    assert namespace["chat"].theme == kernel_theme
    labels = [p["label"] for p in namespace["chat"].options["startScreen"]["prompts"]]
    assert labels == ["New prompt", "Tell me a story"]
    assert isinstance(namespace["chat"], ChatKit)
    result = typecheck({"copied.ts": copied["js"], "copied.tsx": copied["react"]}, tmp_path)
    assert result.returncode == 0, result.stdout
    assert '"#e11d48"' in copied["js"]
    assert "useChatKit({" in copied["react"]


def test_the_playground_stacks_in_a_narrow_notebook(page: Page, lab: Server) -> None:
    page.set_viewport_size({"width": 700, "height": 1000})
    run_notebook(page, lab, "playground_narrow", [CHAT, "chat.playground()"])
    panel = page.locator("chatkit-notebook-playground")
    live = chat_element(page, 1)
    expect(live.get_by_test_id("start-screen")).to_be_visible()
    panel_box, live_box = panel.bounding_box(), live.bounding_box()
    assert panel_box is not None
    assert live_box is not None
    assert live_box["y"] >= panel_box["y"] + panel_box["height"] - 1  # below, not beside


def test_the_theme_editor_restyles_the_chat(page: Page, lab: Server) -> None:
    """The compact form: the theme column alone, in its own output."""
    run_notebook(page, lab, "theme_editor", [CHAT, "chat.theme_editor()"])
    chat = chat_element(page)
    send_message(page, "hello")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: hello")
    control(page, "theme.colorScheme").get_by_role("radio", name="dark").click()
    expect(chat).to_have_attribute("data-color-scheme", "dark")
    execute(page, "print(chat.theme['colorScheme'])")
    expect(cell_output(page, 2)).to_have_text("dark\n")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: hello")  # thread kept
    page.locator("chatkit-notebook-playground").get_by_role("button", name="Undo").click()
    expect(chat).to_have_attribute("data-color-scheme", "light")
