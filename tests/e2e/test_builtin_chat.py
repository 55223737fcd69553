"""The builtin renderer (<chatkit-notebook-chat>) in a real JupyterLab and Chromium.

Every request goes through the real path: the renderer's `api.fetch`, the widget comm, the bridge
and the in-kernel ChatKitServer with its store. Elements are found inside the renderer's open
shadow root by `data-testid` (Playwright locators pierce open shadow roots).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .notebook import (
    cell_output,
    cell_outputs,
    chat_element,
    execute,
    restart_kernel,
    run_cell,
    run_notebook,
    send_message,
)
from .servers import Server


def chat_cell(respond_source: str, **kwargs: str) -> str:
    args = "".join(f", {name}={value}" for name, value in kwargs.items())
    return (
        "import asyncio\n"
        "from chatkit_notebook import ChatKit\n"
        f"{respond_source}\n"
        f'chat = ChatKit(respond=respond, renderer="builtin", height=480{args})\n'
        "chat"
    )


STREAMED = """
async def respond(message, thread):
    for chunk in ["Streamed ", "reply ", "in ", "parts: "]:
        yield chunk
        await asyncio.sleep(0.02)
    yield message.upper()
"""


def test_send_a_message_and_see_the_streamed_reply(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "builtin_send", [chat_cell(STREAMED)])
    chat = chat_element(page)
    expect(chat.get_by_test_id("start-screen")).to_be_visible()

    send_message(page, "hello builtin")

    expect(chat.get_by_test_id("user-message")).to_have_text("hello builtin")
    reply = chat.get_by_test_id("assistant-message")
    expect(reply).to_have_text("Streamed reply in parts: HELLO BUILTIN")
    expect(chat.get_by_test_id("composer-send")).to_be_enabled()
    # The thread opened in the UI reached Python; the header shows the generated title.
    expect(chat.get_by_test_id("header-title")).to_have_text("hello builtin")
    execute(page, "print(chat.thread_id is not None, chat.active_renderer, chat.is_responding)")
    expect(cell_output(page, 1)).to_have_text("True builtin False\n")


ENDLESS = """
async def respond(message):
    n = 0
    while True:
        yield f"tick{n} "
        n += 1
        await asyncio.sleep(0.05)
"""

STORED_ITEMS = """
page = await chat.store.load_thread_items(chat.thread_id, None, 10, 'asc', {})
print([type(item).__name__ for item in page.data])
print([item for item in page.data if item.type == "assistant_message"][0].content[0].text)
"""


def test_stop_keeps_the_partial_reply_in_the_ui_and_in_the_store(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "builtin_stop", [chat_cell(ENDLESS)])
    chat = chat_element(page)
    send_message(page, "go on forever")
    reply = chat.get_by_test_id("assistant-message")
    expect(reply).to_contain_text("tick5")

    chat.get_by_test_id("composer-stop").click()

    expect(chat.get_by_test_id("composer-send")).to_be_enabled()
    expect(chat.get_by_test_id("composer-stop")).to_have_count(0)
    partial = reply.inner_text().strip()
    assert partial.startswith("tick0 tick1 tick2 tick3 tick4 tick5")
    # Nothing arrives after the stop: the text is final (the kernel cancelled the task).
    execute(page, "print(chat.is_responding)")
    expect(cell_output(page, 1)).to_have_text("False\n")
    assert reply.inner_text().strip() == partial

    execute(page, STORED_ITEMS)
    output = cell_outputs(page, 2)
    # chatkit also stores a hidden "the user cancelled" note for the model's next turn.
    expect(output).to_contain_text(
        "['UserMessageItem', 'AssistantMessageItem', 'SDKHiddenContextItem']"
    )
    stored = output.inner_text().splitlines()[1].strip()
    assert stored.startswith("tick0 tick1 tick2 tick3 tick4 tick5")
    assert partial.startswith(stored) or stored.startswith(partial)


FLAKY = """
calls = []

def respond(message):
    calls.append(message)
    if len(calls) == 1:
        raise RuntimeError("the first try fails")
    return f"Second try worked for: {message}"
"""


def test_retry_after_an_error_shows_the_successful_reply(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "builtin_retry", [chat_cell(FLAKY)])
    chat = chat_element(page)
    send_message(page, "please work")

    error = chat.get_by_test_id("thread-error")
    expect(error).to_contain_text("the first try fails")
    chat.get_by_test_id("retry").click()

    expect(chat.get_by_test_id("assistant-message")).to_have_text(
        "Second try worked for: please work"
    )
    expect(error).to_have_count(0)
    expect(chat.get_by_test_id("user-message")).to_have_count(1)
    execute(page, "print(calls, len(chat.errors))")
    expect(cell_output(page, 1)).to_have_text("['please work', 'please work'] 1\n")


COUNTER_SERVER = """
from chatkit.server import ChatKitServer, stream_widget
from chatkit.types import ThreadItemReplacedEvent
from chatkit.widgets import Button, Card, Text
from chatkit_notebook import ChatKit, MemoryStore

def counter(n):
    return Card(children=[
        Text(value=f"Count: {n}"),
        Button(label="Increment", onClickAction={"type": "increment", "payload": {"count": n}}),
    ])

class CounterServer(ChatKitServer):
    async def respond(self, thread, input_user_message, context):
        new_id = lambda kind: self.store.generate_item_id(kind, thread, context)
        async for event in stream_widget(thread, counter(0), generate_id=new_id):
            yield event

    async def action(self, thread, action, sender, context):
        if action.type == "increment" and sender is not None:
            updated = sender.model_copy(update={"widget": counter(action.payload["count"] + 1)})
            yield ThreadItemReplacedEvent(item=updated)

chat = ChatKit(server=CounterServer(MemoryStore()), renderer="builtin", height=480)
chat
"""


def test_a_widget_button_runs_a_server_action_that_replaces_the_widget(
    page: Page, lab: Server
) -> None:
    run_notebook(page, lab, "builtin_counter", [COUNTER_SERVER])
    chat = chat_element(page)
    send_message(page, "show me a counter")

    widget = chat.get_by_test_id("widget-item")
    expect(widget).to_contain_text("Count: 0")
    item_id = widget.get_attribute("data-item-id")
    widget.get_by_role("button", name="Increment").click()
    expect(widget).to_contain_text("Count: 1")
    widget.get_by_role("button", name="Increment").click()
    expect(widget).to_contain_text("Count: 2")
    # Replaced in place: still one widget item with the same id.
    expect(widget).to_have_count(1)
    assert widget.get_attribute("data-item-id") == item_id

    execute(
        page,
        "items = (await chat.store.load_thread_items(chat.thread_id, None, 10, 'asc', {})).data\n"
        "print(items[-1].widget.children[0].value)",
    )
    expect(cell_output(page, 1)).to_have_text("Count: 2\n")


FORM_SERVER = """
import json
from datetime import datetime
from chatkit.server import ChatKitServer, stream_widget
from chatkit.types import AssistantMessageContent, AssistantMessageItem, ThreadItemDoneEvent
from chatkit.widgets import Button, Card, Checkbox, Input, Select, Text
from chatkit_notebook import ChatKit, MemoryStore

FORM = Card(asForm=True, children=[
    Text(value="Your profile"),
    Input(name="profile.name", placeholder="Name"),
    Select(name="profile.plan", defaultValue="free", options=[
        {"value": "free", "label": "Free"}, {"value": "pro", "label": "Pro"}]),
    Checkbox(name="subscribe", label="Subscribe"),
    Button(label="Save", submit=True, onClickAction={"type": "save", "payload": {"form": "profile"}}),
])

class FormServer(ChatKitServer):
    async def respond(self, thread, input_user_message, context):
        new_id = lambda kind: self.store.generate_item_id(kind, thread, context)
        async for event in stream_widget(thread, FORM, generate_id=new_id):
            yield event

    async def action(self, thread, action, sender, context):
        text = "payload=" + json.dumps(action.payload, sort_keys=True)
        yield ThreadItemDoneEvent(item=AssistantMessageItem(
            id=self.store.generate_item_id("message", thread, context), thread_id=thread.id,
            created_at=datetime.now(), content=[AssistantMessageContent(text=text)]))

chat = ChatKit(server=FormServer(MemoryStore()), renderer="builtin", height=520)
chat
"""


def test_a_form_submit_delivers_its_field_values(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "builtin_form", [FORM_SERVER])
    chat = chat_element(page)
    send_message(page, "show the form")

    widget = chat.get_by_test_id("widget-item")
    expect(widget).to_contain_text("Your profile")
    widget.get_by_placeholder("Name").fill("Ada Lovelace")
    widget.locator("select").select_option("pro")
    widget.get_by_role("checkbox", name="Subscribe").check()
    widget.get_by_role("button", name="Save").click()

    expected = {
        "form": "profile",
        "profile": {"name": "Ada Lovelace", "plan": "pro"},
        "subscribe": True,
    }
    import json

    expect(chat.get_by_test_id("assistant-message")).to_have_text(
        "payload=" + json.dumps(expected, sort_keys=True)
    )


ECHO = """
def respond(message):
    return f"echo: {message}"
"""


def test_switch_rename_and_delete_threads_in_the_history_panel(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "builtin_history", [chat_cell(ECHO)])
    chat = chat_element(page)
    send_message(page, "first thread")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: first thread")
    chat.get_by_test_id("new-thread").click()
    expect(chat.get_by_test_id("start-screen")).to_be_visible()
    send_message(page, "second thread")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: second thread")

    chat.get_by_test_id("history-toggle").click()
    rows = chat.get_by_test_id("history-thread")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("second thread")  # newest first
    expect(rows.nth(1)).to_contain_text("first thread")

    # Switch to the first thread.
    rows.filter(has_text="first thread").get_by_test_id("history-open").click()
    expect(chat.get_by_test_id("history")).to_have_count(0)
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: first thread")
    expect(chat.get_by_test_id("header-title")).to_have_text("first thread")

    # Rename it inline.
    chat.get_by_test_id("history-toggle").click()
    rows.filter(has_text="first thread").get_by_test_id("history-rename").click()
    rename = chat.get_by_test_id("history-rename-input")
    rename.fill("Renamed thread")
    rename.press("Enter")
    expect(rows.filter(has_text="Renamed thread")).to_have_count(1)
    expect(chat.get_by_test_id("header-title")).to_have_text("Renamed thread")

    # Delete the other one.
    rows.filter(has_text="second thread").get_by_test_id("history-delete").click()
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("Renamed thread")

    execute(
        page,
        "threads = (await chat.store.load_threads(10, None, 'desc', {})).data\n"
        "print([t.title for t in threads], threads[0].id == chat.thread_id)",
    )
    expect(cell_output(page, 1)).to_have_text("['Renamed thread'] True\n")


def test_a_theme_change_from_python_restyles_the_chat_and_keeps_the_thread(
    page: Page, lab: Server
) -> None:
    run_notebook(page, lab, "builtin_theme", [chat_cell(ECHO)])
    chat = chat_element(page)
    send_message(page, "keep me")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: keep me")
    send = chat.get_by_test_id("composer-send")
    light_bg = chat.evaluate("el => getComputedStyle(el).backgroundColor")
    assert light_bg == "rgb(255, 255, 255)"

    execute(
        page,
        'chat.theme = {"colorScheme": "dark", '
        '"color": {"accent": {"primary": "#8B5CF6", "level": 2}}}',
    )

    expect(send).to_have_css("background-color", "rgb(139, 92, 246)")
    dark_bg = chat.evaluate("el => getComputedStyle(el).backgroundColor")
    assert dark_bg != light_bg
    assert _luminance(dark_bg) < 0.2
    text = chat.get_by_test_id("assistant-message").evaluate("el => getComputedStyle(el).color")
    assert _luminance(text) > 0.7
    expect(chat).to_have_attribute("data-color-scheme", "dark")
    # The open thread survived the option change.
    expect(chat.get_by_test_id("user-message")).to_have_text("keep me")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: keep me")
    execute(page, "print(chat.theme['colorScheme'], chat.thread_id is not None)")
    expect(cell_output(page, 2)).to_have_text("dark True\n")


def _luminance(css_color: str) -> float:
    """Relative brightness (0..1) of an `rgb(r, g, b)` / `rgba(...)` computed colour."""
    inner = css_color[css_color.index("(") + 1 : css_color.index(")")]
    r, g, b = (float(part) / 255 for part in inner.replace("/", ",").split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_reloading_the_page_reopens_the_thread(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "builtin_reload", [chat_cell(ECHO)])
    chat = chat_element(page)
    send_message(page, "remember me")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: remember me")
    execute(page, "print(chat.thread_id)")
    thread_id = cell_output(page, 1).inner_text().strip()
    assert thread_id.startswith("thr")
    # Save, so the reloaded notebook has the widget's output to render again.
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(
        "() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000
    )

    page.reload()

    chat = chat_element(page)
    expect(chat.get_by_test_id("user-message")).to_have_text("remember me")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: remember me")
    # The same kernel-side chat keeps answering in that thread.
    send_message(page, "still here")
    expect(chat.get_by_test_id("assistant-message").nth(1)).to_have_text("echo: still here")
    execute(page, "print(chat.thread_id)")
    expect(cell_output(page, 2)).to_have_text(f"{thread_id}\n")


# Each payload tries to run `__pwned = 1` in the page (directly, via `parent` or via `top`).
INJECTIONS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 1">',
    '<img src="x" onerror="parent.__pwned = 1" />',
    "[md javascript link](javascript:window.__pwned=1)",
    "[md spaced link]( JaVaScRiPt:top.__pwned=1 )",
    '<a href="javascript:window.__pwned = 1">html javascript link</a>',
    '<a href="  JaVaScRiPt:window.__pwned=1">mixed-case link</a>',
    '<a href="jav&#x09;ascript:window.__pwned=1">entity link</a>',
    '<svg onload="window.__pwned = 1"><circle r="1"></circle></svg>',
    '<svg><animate onbegin="top.__pwned = 1" attributeName="x" dur="1s"></animate></svg>',
    '<svg><a xlink:href="javascript:window.__pwned=1"><text y="9">svg link</text></a></svg>',
    '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
    '<iframe src="javascript:parent.__pwned=1"></iframe>',
    '<div style="width: expression(window.__pwned = 1)">css expression</div>',
    "<style>@import 'javascript:window.__pwned=1'; * { background: url(javascript:x) }</style>",
    "[data link](data:text/html,<script>top.__pwned=1</script>)",
    '<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+">b64 link</a>',
    "<javascript:window.__pwned=1>",
    "<https://example.com/autolink> and www.example.com/plain",
    "[ref link][evil]\n\n[evil]: javascript:window.__pwned=1",
    '![md image](x" onerror="window.__pwned=1)',
    '<details open ontoggle="window.__pwned = 1"><summary>details</summary>x</details>',
    '<input autofocus onfocus="window.__pwned = 1">',
    '<body onload="window.__pwned = 1">body</body>',
    '<object data="javascript:window.__pwned=1"></object><embed src="javascript:top.__pwned=1">',
    '<form action="javascript:window.__pwned=1"><button formaction="javascript:x">go</button></form>',
    '<video><source onerror="window.__pwned = 1"></video><audio src=x onerror="top.__pwned=1">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=1">',
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>"></noscript>',
    '<a href="vbscript:msgbox(1)" onmouseover="window.__pwned=1">vbscript link</a>',
]

INJECTION_RESPOND = """
import json
PAYLOADS = json.loads({payloads!r})

async def respond(message):
    for n, payload in enumerate(PAYLOADS):
        yield f"\\n\\ncase{{n}}: " + payload + "\\n\\n"
        await asyncio.sleep(0)
    yield "\\n\\n```html\\n<script>window.__pwned = 1</script>\\n```\\n\\nend-of-corpus"
"""

DOM_AUDIT = """el => {
    const problems = [];
    const messages = el.shadowRoot.querySelector("[data-testid=messages]");
    for (const tag of ["script", "iframe", "object", "embed", "meta", "base", "style", "form",
                       "svg", "math", "input", "video", "audio", "details"]) {
        for (const found of messages.querySelectorAll(tag)) problems.push(`<${found.localName}>`);
    }
    const visit = (root) => {
        for (const node of root.querySelectorAll("*")) {
            for (const attr of node.attributes) {
                const name = attr.name.toLowerCase();
                const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
                if (name.startsWith("on") || name === "srcdoc") {
                    problems.push(`${node.localName}[${name}]`);
                }
                if (/^(javascript:|vbscript:|data:text\\/html)/.test(value)) {
                    problems.push(`${node.localName}[${name}=${attr.value}]`);
                }
            }
            if (node.shadowRoot) visit(node.shadowRoot);
        }
    };
    visit(el.shadowRoot);
    return problems;
}"""


def test_a_markdown_and_html_injection_corpus_executes_nothing(page: Page, lab: Server) -> None:
    import json

    respond = INJECTION_RESPOND.format(payloads=json.dumps(INJECTIONS))
    run_notebook(page, lab, "builtin_injection", [chat_cell(respond)])
    chat = chat_element(page)
    # The user's own text is shown as text too.
    send_message(page, '<img src=x onerror="window.__pwned = 1"> user text')

    reply = chat.get_by_test_id("assistant-message")
    expect(reply).to_contain_text("end-of-corpus")
    expect(chat.get_by_test_id("composer-send")).to_be_enabled()
    expect(chat.get_by_test_id("user-message")).to_have_text(
        '<img src=x onerror="window.__pwned = 1"> user text'
    )
    for n in range(len(INJECTIONS)):
        expect(reply).to_contain_text(f"case{n}:")
    # Raw HTML is shown as text (as ChatKit does); Markdown links keep their text, minus the href.
    for visible in [
        "case0: <script>window.__pwned = 1</script>",
        'case1: <img src=x onerror="window.__pwned = 1">',
        'case11: <iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
        "case28: <math><mtext><table><mglyph><style>",
        "case3: md javascript link",
        "case15: data link",
        "case19: ref link",
    ]:
        expect(reply).to_contain_text(visible)
    expect(reply.locator("pre code")).to_have_text("<script>window.__pwned = 1</script>")
    expect(reply.locator("a[href='https://example.com/autolink']")).to_have_count(1)

    # Give handlers every chance to fire: hover and click every link and image in the reply.
    for link in reply.locator("a:not([href^='http'])").all():
        link.hover()
        link.click()
    assert chat.evaluate(DOM_AUDIT) == []
    pwned = page.evaluate("() => [window.__pwned, window.top.__pwned, window.parent.__pwned]")
    assert pwned == [None, None, None]
    # Blocked images are kept inert (no src) rather than pointing anywhere.
    assert reply.locator("img[src]").count() == 0


def test_threads_in_a_sqlite_store_survive_a_kernel_restart(page: Page, lab: Server) -> None:
    (lab.root / "builtin_restart.db").unlink(missing_ok=True)
    setup = chat_cell(ECHO, store='"builtin_restart.db"')
    run_notebook(page, lab, "builtin_restart", [setup])
    chat = chat_element(page)
    send_message(page, "survive a restart")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: survive a restart")
    execute(page, "print(chat.thread_id)")
    thread_id = cell_output(page, 1).inner_text().strip()
    assert thread_id.startswith("thr")

    restart_kernel(page)
    run_cell(page, 0)  # a new chat on the same SQLite file, in the new kernel
    execute(page, "print(chat.thread_id)")
    expect(cell_output(page, 2)).to_have_text("None\n")
    chat = chat_element(page)
    expect(chat.get_by_test_id("start-screen")).to_be_visible()

    execute(page, f'chat.thread_id = "{thread_id}"')

    expect(chat.get_by_test_id("user-message")).to_have_text("survive a restart")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: survive a restart")
    expect(chat.get_by_test_id("header-title")).to_have_text("survive a restart")
    send_message(page, "and continue")
    expect(chat.get_by_test_id("assistant-message").nth(1)).to_have_text("echo: and continue")
