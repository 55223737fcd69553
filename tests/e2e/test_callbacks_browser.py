"""ChatKit's callbacks as Python functions, in a real JupyterLab and Chromium (builtin renderer).

Everything is real: the renderer calls its JS callback options, each one a comm request that the
kernel answers by running the Python function; the agent's model is a ScriptedModel (the agents
SDK's Model interface playing a script), because OpenAI's API is unreachable here.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .notebook import (
    cell_output,
    chat_element,
    execute,
    run_notebook,
    send_message,
)
from .servers import Server

CLIENT_TOOL = """
from agents import Agent, set_tracing_disabled
from chatkit_notebook import ChatKit
from chatkit_notebook.testing import ScriptedModel, reasoning, text, tool_call, turn

set_tracing_disabled(True)
model = ScriptedModel([
    turn(reasoning("I need the selection."), tool_call("get_selected_rows", {"limit": 2})),
    turn(text("You selected ", "2 rows.")),
])
chat = ChatKit(agent=Agent(name="analyst", instructions="Help.", model=model),
               renderer="builtin", height=480)
calls = []

@chat.client_tool
def get_selected_rows(limit: int = 10) -> dict:
    \"\"\"The rows the user selected.\"\"\"
    calls.append(limit)
    return {"rows": list(range(limit))}

chat
"""


def test_a_client_tool_round_trip(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "cb_client_tool", [CLIENT_TOOL])
    chat = chat_element(page)
    send_message(page, "what did I select?")
    expect(chat.get_by_test_id("assistant-message").last).to_have_text("You selected 2 rows.")
    execute(page, "print(calls, '{\"rows\": [0, 1]}' in str(model.calls[1].input))")
    expect(cell_output(page, 1)).to_have_text("[2] True\n")


ACTIONS = """
from chatkit_notebook import ChatKit

def respond(message):
    return {"type": "Card", "children": [
        {"type": "Text", "id": "state", "value": "waiting"},
        {"type": "Button", "label": "Approve", "onClickAction": {"type": "approve", "payload": {"n": 1}}},
        {"type": "Button", "label": "Preview", "onClickAction": {
            "type": "preview", "payload": {"n": 2}, "handler": "client"}},
    ]}

chat = ChatKit(respond=respond, renderer="builtin", height=480)
seen = []

@chat.action("approve")
def approve(action, item, ctx):
    seen.append(("server", action.payload))
    return {"type": "Card", "children": [{"type": "Text", "value": "approved on the server"}]}

@chat.action("preview")
def preview(action, item, ctx):
    seen.append(("client", action.payload, item["id"]))

chat
"""


def test_server_and_client_handled_actions_reach_the_same_decorator(
    page: Page, lab: Server
) -> None:
    run_notebook(page, lab, "cb_actions", [ACTIONS])
    chat = chat_element(page)
    send_message(page, "card please")
    widget = chat.get_by_test_id("widget-item")
    expect(widget).to_contain_text("waiting")
    widget.get_by_role("button", name="Preview").click()
    execute(page, "print(seen)")
    expect(cell_output(page, 1)).to_contain_text("('client', {'n': 2}, ")
    widget.get_by_role("button", name="Approve").click()
    expect(widget).to_contain_text("approved on the server")
    execute(page, "print(seen[-1])")
    expect(cell_output(page, 2)).to_have_text("('server', {'n': 1})\n")


MENTIONS_AND_HEADER = """
from chatkit_notebook import ChatKit

clicks = []

def respond(message, thread):
    tags = [c.text for c in thread.user_message.content if c.type == "input_tag"]
    return f"tags: {tags}"

chat = ChatKit(respond=respond, renderer="builtin", height=480, options={
    "header": {"rightAction": {"icon": "dark-mode", "onClick": lambda: clicks.append("header")}},
})

@chat.on_tag_search
def people(query):
    everyone = [{"id": "ada", "title": "Ada Lovelace"}, {"id": "alan", "title": "Alan Turing"}]
    return [p for p in everyone if query.lower() in p["title"].lower()]

chat
"""


def test_mentions_search_python_and_a_header_button_calls_it(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "cb_mentions", [MENTIONS_AND_HEADER])
    chat = chat_element(page)
    composer = chat.get_by_test_id("composer-input")
    composer.press_sequentially("hi @lov")
    option = chat.get_by_test_id("mention-option")
    expect(option).to_have_count(1)
    expect(option).to_contain_text("Ada Lovelace")
    option.click()
    composer.press("Enter")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("tags: ['Ada Lovelace']")

    chat.get_by_test_id("header-right").click()
    execute(page, "print(clicks)")
    expect(cell_output(page, 1)).to_have_text("['header']\n")


THEMED = """
from chatkit_notebook import ChatKit

chat = ChatKit(respond=lambda m: f"echo: {m}", renderer="builtin", height=420)
chat
"""


def test_follow_jupyter_theme_tracks_jupyterlab(page: Page, lab: Server) -> None:
    source = THEMED.replace("height=420)", "height=420, follow_jupyter_theme=True)")
    run_notebook(page, lab, "cb_follow_theme", [source])
    chat = chat_element(page)
    expect(chat).to_have_attribute("data-color-scheme", "light")
    page.evaluate(
        "() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'})"
    )
    expect(chat).to_have_attribute("data-color-scheme", "dark")
    page.evaluate(
        "() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Light'})"
    )
    expect(chat).to_have_attribute("data-color-scheme", "light")


IMPERATIVE = """
from chatkit_notebook import ChatKit

chat = ChatKit(respond=lambda m: f"echo: {m}", renderer="builtin", height=480)
chat
"""


def test_each_imperative_method_drives_the_ui(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "cb_imperative", [IMPERATIVE])
    chat = chat_element(page)
    expect(chat.get_by_test_id("start-screen")).to_be_visible()

    execute(page, 'chat.send_message("sent from Python")')
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: sent from Python")
    execute(page, "first = chat.thread_id\nprint(first is not None)")
    expect(cell_output(page, 2)).to_have_text("True\n")

    execute(page, 'chat.set_composer_value("a draft")')
    expect(chat.get_by_test_id("composer-input")).to_have_value("a draft")
    execute(page, "chat.focus_composer()")
    expect(chat.get_by_test_id("composer-input")).to_be_focused()

    execute(page, "chat.show_history()")
    expect(chat.get_by_test_id("history")).to_be_visible()
    execute(page, "chat.hide_history()")
    expect(chat.get_by_test_id("history")).to_be_hidden()

    execute(page, "chat.set_thread(None)")
    expect(chat.get_by_test_id("start-screen")).to_be_visible()
    execute(page, "chat.set_thread(first)")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: sent from Python")

    # Change the thread from Python, then ask the UI to pick the change up.
    execute(page, "reply = await chat.ask('added headless', thread_id=first)\nchat.fetch_updates()")
    expect(chat.get_by_test_id("assistant-message").last).to_have_text("echo: added headless")

    execute(page, 'chat.send_action("ping", {"x": 1})')
    expect(chat.get_by_test_id("thread-error")).to_contain_text("no handler for action 'ping'")
    execute(page, "print(len(chat._views.open), chat.errors.last is not None)")
    expect(cell_output(page, 11)).to_have_text("1 True\n")
