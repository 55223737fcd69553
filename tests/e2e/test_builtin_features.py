"""The builtin renderer's ChatKit 1.9 features in a real JupyterLab and Chromium: the "/" command
menu backed by Python callbacks, and a thread's `allowed_image_domains`."""

from __future__ import annotations

import base64

from playwright.sync_api import Page, Route, expect

from .notebook import cell_output, chat_element, execute, run_notebook
from .servers import Server

COMMANDS = """
from chatkit_notebook import ChatKit

selected = []

def respond(message, thread):
    tags = [c.text for c in thread.user_message.content if c.type == "input_tag"]
    return f"tags: {tags}"

chat = ChatKit(respond=respond, renderer="builtin", height=480,
               options={"commands": {"enabled": True}})

@chat.on_command_search
def search(query):
    everything = [
        {"id": "doc", "label": "Insert document", "group": "Insert"},
        {"id": "more", "label": "More commands"},
    ]
    return [c for c in everything if query.lower() in c["label"].lower()]

@chat.on_command_select
def select(command):
    selected.append(command["id"])
    if command["id"] == "doc":
        entity = {"id": "doc_1", "title": "Q2 plan", "data": {"kind": "doc"}}
        return {"type": "entity", "entity": entity}
    if command["id"] == "more":
        return {"type": "menu", "commands": [{"id": "effect", "label": "Just an effect"}]}
    return None

chat
"""


def test_slash_commands_search_and_select_in_python(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "features_commands", [COMMANDS])
    chat = chat_element(page)
    composer = chat.get_by_test_id("composer-input")
    options = chat.get_by_test_id("command-option")

    # "/" at the start searches in Python as the query grows; an entity selection becomes a tag.
    composer.press_sequentially("/ins")
    expect(options).to_have_count(1)
    expect(options).to_contain_text("Insert document")
    options.click()
    expect(chat.get_by_test_id("command-menu")).to_have_count(0)
    expect(composer).to_have_value("@Q2 plan ")
    composer.press("End")
    composer.press_sequentially("please")
    composer.press("Enter")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("tags: ['Q2 plan']")

    # A menu selection opens a sub-menu; a selection returning None just closes the menu.
    composer.press_sequentially("/")
    expect(options).to_have_count(2)
    options.filter(has_text="More commands").click()
    expect(options).to_have_count(1)
    expect(options).to_have_text("Just an effect")
    composer.press("Enter")
    expect(chat.get_by_test_id("command-menu")).to_have_count(0)
    expect(composer).to_have_value("")
    execute(page, "print(selected)")
    expect(cell_output(page, 1)).to_have_text("['doc', 'more', 'effect']\n")


IMAGES = """
from datetime import datetime
from chatkit.server import ChatKitServer
from chatkit.types import (
    AssistantMessageContent, AssistantMessageItem, ProgressUpdateEvent, ThreadItemDoneEvent,
)
from chatkit_notebook import ChatKit, MemoryStore

MARKDOWN = (
    "Allowed: ![ok](https://img.example.org/ok.png)\\n\\n"
    "Not allowed: ![no](https://tracker.invalid/pixel.png)"
)

class ImageServer(ChatKitServer):
    async def respond(self, thread, input_user_message, context):
        thread.allowed_image_domains = ["example.org"]
        # The thread.updated event follows the next event: announce progress first, so the
        # policy reaches the page before the Markdown does.
        yield ProgressUpdateEvent(text="drawing")
        item = AssistantMessageItem(
            id=self.store.generate_item_id("message", thread, context),
            thread_id=thread.id,
            created_at=datetime.now(),
            content=[AssistantMessageContent(text=MARKDOWN)],
        )
        yield ThreadItemDoneEvent(item=item)

chat = ChatKit(server=ImageServer(MemoryStore()), renderer="builtin", height=480)
chat
"""

PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_images_outside_allowed_image_domains_are_placeholders_and_never_requested(
    page: Page, lab: Server
) -> None:
    requested: list[str] = []

    def route(route: Route) -> None:
        url = route.request.url
        if "example.org" in url or "tracker.invalid" in url:
            requested.append(url)
            if "img.example.org" in url:
                route.fulfill(status=200, content_type="image/png", body=PNG_1X1)
            else:
                route.abort()
            return
        route.continue_()

    page.route("**/*", route)
    run_notebook(page, lab, "features_images", [IMAGES])
    chat = chat_element(page)
    composer = chat.get_by_test_id("composer-input")
    composer.fill("show me pictures")
    composer.press("Enter")

    reply = chat.get_by_test_id("assistant-message")
    allowed = reply.locator("img")
    expect(allowed).to_have_count(1)
    expect(allowed).to_have_attribute("src", "https://img.example.org/ok.png")
    expect(allowed).to_have_js_property("naturalWidth", 1)  # loaded, through our route
    blocked = reply.get_by_test_id("blocked-image")
    expect(blocked).to_have_text("https://tracker.invalid/pixel.png")
    expect(blocked.locator("img")).to_have_count(0)
    assert requested == ["https://img.example.org/ok.png"]

    # Reopening the saved thread applies the stored list too.
    page.evaluate(
        """async () => {
            const el = document.querySelector('chatkit-notebook-chat');
            const id = el.controller.threadId;
            await el.setThreadId(null);
            await el.setThreadId(id);
        }"""
    )
    expect(reply.get_by_test_id("blocked-image")).to_have_text("https://tracker.invalid/pixel.png")
    expect(reply.locator("img")).to_have_count(1)
    assert all("tracker.invalid" not in url for url in requested)
