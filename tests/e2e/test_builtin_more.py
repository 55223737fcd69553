"""More of the builtin renderer (<chatkit-notebook-chat>) in a real JupyterLab and Chromium,
through the real kernel: structured input, the composer's model and tool pickers, attachments,
an agent's tool call as a workflow task, feedback on a reply, and a page reload mid-stream.

These features were covered by the JS unit tests only; here every request goes through the
renderer's `api.fetch`, the widget comm, the bridge and the in-kernel ChatKitServer.
"""

from __future__ import annotations

import base64

from playwright.sync_api import Page, expect

from .notebook import (
    cell_output,
    chat_element,
    execute,
    run_notebook,
    send_message,
)
from .servers import Server

# -- a. structured input --------------------------------------------------------------------------

QUESTIONS_SERVER = """
from datetime import datetime
from chatkit.server import ChatKitServer
from chatkit.types import (
    AssistantMessageContent, AssistantMessageItem, StructuredInputFreeform, StructuredInputItem,
    StructuredInputMultipleChoice, StructuredInputMultipleChoiceOption, ThreadItemDoneEvent,
)
from chatkit_notebook import ChatKit, MemoryStore

class QuestionsServer(ChatKitServer):
    async def respond(self, thread, input_user_message, context):
        if input_user_message is not None:  # a new message: ask two questions
            yield ThreadItemDoneEvent(item=StructuredInputItem(
                id=self.store.generate_item_id("message", thread, context), thread_id=thread.id,
                created_at=datetime.now(), inputs=[
                    StructuredInputMultipleChoice(id="size", question="Which size?", options=[
                        StructuredInputMultipleChoiceOption(value=v) for v in ("S", "M", "L")]),
                    StructuredInputFreeform(id="note", question="Anything else?",
                                            description="Free text"),
                ]))
            return
        # The answers were submitted: read the answered item back from the store.
        items = await self.store.load_thread_items(thread.id, None, 20, "desc", context)
        answered = next(i for i in items.data if i.type == "structured_input")
        answers = "; ".join(
            f"{q.id}={','.join(q.answer.values) if q.answer and not q.answer.skipped else '-'}"
            for q in answered.inputs)
        yield ThreadItemDoneEvent(item=AssistantMessageItem(
            id=self.store.generate_item_id("message", thread, context), thread_id=thread.id,
            created_at=datetime.now(),
            content=[AssistantMessageContent(text=f"{answered.status}: {answers}")]))

chat = ChatKit(server=QuestionsServer(MemoryStore()), renderer="builtin", height=520)
chat
"""


def test_structured_input_answers_reach_the_server(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "more_structured", [QUESTIONS_SERVER])
    chat = chat_element(page)
    send_message(page, "order a shirt")

    form = chat.locator("form[data-testid=structured-input]")
    expect(form).to_have_attribute("data-status", "pending")
    expect(form).to_contain_text("Which size?")
    expect(form).to_contain_text("Anything else?")
    form.get_by_role("radio", name="M").check()
    form.locator("textarea[name=note]").fill("gift wrap, please")
    form.get_by_test_id("structured-input-submit").click()

    expect(chat.get_by_test_id("assistant-message")).to_have_text(
        "answered: size=M; note=gift wrap, please"
    )
    done = chat.get_by_test_id("structured-input")
    expect(done).to_have_attribute("data-status", "answered")
    expect(done).to_contain_text("M")
    expect(done).to_contain_text("gift wrap, please")
    expect(done.get_by_test_id("structured-input-submit")).to_have_count(0)
    execute(
        page,
        "items = (await chat.store.load_thread_items(chat.thread_id, None, 10, 'asc', {})).data\n"
        "print([(i.type, getattr(i, 'status', None)) for i in items])",
    )
    expect(cell_output(page, 1)).to_have_text(
        "[('user_message', None), ('structured_input', 'answered'), ('assistant_message', None)]\n"
    )


# -- b. the composer's model and tool pickers -----------------------------------------------------

PICKERS = """
from chatkit_notebook import ChatKit

def respond(message, thread):
    options = thread.user_message.inference_options
    tool = options.tool_choice.id if options.tool_choice else None
    return f"model={options.model} tool={tool}"

chat = ChatKit(respond=respond, renderer="builtin", height=520, options={"composer": {
    "models": [
        {"id": "fast-1", "label": "Fast", "default": True},
        {"id": "smart-2", "label": "Smart", "description": "Slower, smarter"},
        {"id": "retired-0", "label": "Retired", "disabled": True},
    ],
    "tools": [
        {"id": "search", "label": "Search the web", "shortLabel": "Search", "icon": "search"},
        {"id": "draw", "label": "Draw a picture", "icon": "images", "pinned": True,
         "placeholderOverride": "Describe the picture"},
    ],
}})
chat
"""


def test_the_model_and_tool_pickers_reach_respond(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "more_pickers", [PICKERS])
    chat = chat_element(page)
    replies = chat.get_by_test_id("assistant-message")
    model = chat.get_by_test_id("composer-model")
    tool = chat.get_by_test_id("composer-tool")
    expect(model).to_have_value("fast-1")
    expect(model.locator("option[value='retired-0']")).to_be_disabled()

    # The defaults: the default model and no tool.
    send_message(page, "defaults")
    expect(replies.nth(0)).to_have_text("model=fast-1 tool=None")

    model.select_option("smart-2")
    tool.select_option("search")
    send_message(page, "picked")
    expect(replies.nth(1)).to_have_text("model=smart-2 tool=search")
    # A tool that is not persistent is used for one message; the model stays.
    expect(tool).to_have_value("")
    expect(model).to_have_value("smart-2")

    pinned = chat.get_by_test_id("composer-pinned-tool")
    pinned.click()
    expect(pinned).to_have_attribute("aria-pressed", "true")
    expect(chat.get_by_test_id("composer-input")).to_have_attribute(
        "placeholder", "Describe the picture"
    )
    send_message(page, "pinned")
    expect(replies.nth(2)).to_have_text("model=smart-2 tool=draw")
    expect(pinned).to_have_attribute("aria-pressed", "false")


# -- c. attachments through the kernel ------------------------------------------------------------

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
NOTES = b"line one\nline two\n"

ATTACHMENTS = """
from chatkit_notebook import ChatKit

seen = []

def respond(message, thread):
    attachments = [(a.name, a.mime_type) for a in thread.user_message.attachments]
    seen.append(attachments)
    return f"{message}: {attachments}"

chat = ChatKit(respond=respond, renderer="builtin", height=520,
               options={"composer": {"attachments": {"enabled": True}}})
chat
"""

STORED_BYTES = """
items = (await chat.store.load_thread_items(chat.thread_id, None, 10, 'asc', {})).data
sent = [i for i in items if i.type == 'user_message'][0]
print([(a.name, len(await chat._attachments.read(a))) for a in sent.attachments])
"""


def test_attachments_are_uploaded_to_the_kernel(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "more_attachments", [ATTACHMENTS])
    chat = chat_element(page)
    chat.get_by_test_id("composer-file-input").set_input_files(
        [
            {"name": "pixel.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "notes.txt", "mimeType": "text/plain", "buffer": NOTES},
        ]
    )
    picked = chat.get_by_test_id("composer-attachment")
    expect(picked).to_have_count(2)
    expect(picked.nth(0)).to_have_attribute("data-status", "ready")
    expect(picked.nth(1)).to_have_attribute("data-status", "ready")
    send_message(page, "see attached")

    expect(chat.get_by_test_id("assistant-message")).to_have_text(
        "see attached: [('pixel.png', 'image/png'), ('notes.txt', 'text/plain')]"
    )
    expect(picked).to_have_count(0)
    sent = chat.get_by_test_id("user-message").get_by_test_id("message-attachment")
    expect(sent).to_have_count(2)
    preview = sent.nth(0).locator("img")
    expect(preview).to_have_attribute(
        "src", "data:image/png;base64," + base64.b64encode(PNG).decode()
    )
    expect(preview).to_have_js_property("naturalWidth", 1)  # the data: URL decodes to the image
    expect(sent.nth(1)).to_contain_text("notes.txt")
    execute(page, STORED_BYTES)
    expect(cell_output(page, 1)).to_have_text(
        f"[('pixel.png', {len(PNG)}), ('notes.txt', {len(NOTES)})]\n"
    )


# -- d. an agent's function tool call, shown as a workflow task -----------------------------------

WEATHER_AGENT = """
from agents import Agent, function_tool, set_tracing_disabled
from chatkit_notebook import ChatKit
from chatkit_notebook.testing import ScriptedModel, text, tool_call, turn

set_tracing_disabled(True)
cities = []

@function_tool
def get_weather(city: str) -> str:
    \"\"\"The weather in a city.\"\"\"
    cities.append(city)
    return f"sunny in {city}"

model = ScriptedModel([turn(tool_call("get_weather", {"city": "Paris"})), turn(text("Sunny."))])
chat = ChatKit(agent=Agent(name="Weather", instructions="Answer.", model=model,
                           tools=[get_weather]), renderer="builtin", height=520)
chat
"""


def test_an_agent_tool_call_is_shown_as_a_workflow_task(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "more_agent", [WEATHER_AGENT])
    chat = chat_element(page)
    send_message(page, "weather in Paris?")

    expect(chat.get_by_test_id("assistant-message")).to_have_text("Sunny.")
    workflow = chat.locator("details.workflow")
    expect(workflow).to_have_count(1)
    task = workflow.locator("li.task")
    expect(task).to_have_count(1)
    expect(task.locator(".task-title")).to_have_text("get_weather")
    expect(task).to_have_class("task status-complete")
    workflow.locator("summary").click()
    expect(task.locator(".task-title")).to_be_visible()
    expect(task.locator(".task-content")).to_contain_text('Arguments: {"city": "Paris"}')
    expect(task.locator(".task-content")).to_contain_text("Result: sunny in Paris")
    # The workflow comes before the final answer.
    order = chat.get_by_test_id("messages").evaluate(
        "el => [...el.querySelectorAll('details.workflow, [data-testid=assistant-message]')]"
        ".map((n) => n.localName)"
    )
    assert order == ["details", "div"]
    execute(page, "print(cities, len(model.calls))")
    expect(cell_output(page, 1)).to_have_text("['Paris'] 2\n")


# -- e. feedback on a reply -----------------------------------------------------------------------

FEEDBACK_SERVER = """
from datetime import datetime
from chatkit.server import ChatKitServer
from chatkit.types import AssistantMessageContent, AssistantMessageItem, ThreadItemDoneEvent
from chatkit_notebook import ChatKit, MemoryStore

feedback = []

class FeedbackServer(ChatKitServer):
    async def respond(self, thread, input_user_message, context):
        yield ThreadItemDoneEvent(item=AssistantMessageItem(
            id=self.store.generate_item_id("message", thread, context), thread_id=thread.id,
            created_at=datetime.now(), content=[AssistantMessageContent(text="Rate me.")]))

    async def add_feedback(self, thread_id, item_ids, feedback_kind, context):
        feedback.append((thread_id, item_ids, feedback_kind))

chat = ChatKit(server=FeedbackServer(MemoryStore()), renderer="builtin", height=520,
               options={"threadItemActions": {"feedback": True}})
chat
"""


def test_thumbs_up_reaches_add_feedback(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "more_feedback", [FEEDBACK_SERVER])
    chat = chat_element(page)
    send_message(page, "hello")
    reply = chat.get_by_test_id("assistant-message")
    expect(reply).to_contain_text("Rate me.")
    item_id = reply.get_attribute("data-item-id")

    up = reply.get_by_role("button", name="Good response")
    down = reply.get_by_role("button", name="Bad response")
    up.click()

    expect(up).to_be_disabled()
    expect(down).to_be_disabled()
    expect(up).to_have_class("icon-btn feedback-positive active")
    execute(page, "print(feedback == [(chat.thread_id, [" + repr(item_id) + "], 'positive')])")
    expect(cell_output(page, 1)).to_have_text("True\n")


# -- f. a page reload while a reply streams -------------------------------------------------------

SLOW = """
import asyncio, threading
from chatkit_notebook import ChatKit

release = threading.Event()  # set from a cell (another thread: the comm runs on a subshell)

async def respond(message):
    for n in range(3):
        yield f"part{n} "
        await asyncio.sleep(0.05)
    while not release.is_set():
        await asyncio.sleep(0.05)
    yield "and the end."

chat = ChatKit(respond=respond, renderer="builtin", height=480)
chat
"""

FINISHED_ON_THE_SERVER = """
import asyncio
for _ in range(200):
    items = (await chat.store.load_thread_items(chat.thread_id, None, 10, 'asc', {})).data
    if any(i.type == 'assistant_message' for i in items):
        break
    await asyncio.sleep(0.05)
print([i.content[0].text for i in items if i.type == 'assistant_message'])
"""


def test_a_reload_during_a_stream_keeps_the_thread_and_shows_the_finished_reply(
    page: Page, lab: Server
) -> None:
    run_notebook(page, lab, "more_reload_stream", [SLOW])
    chat = chat_element(page)
    send_message(page, "take your time")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("part0 part1 part2")
    # Save, so the reloaded notebook renders the widget's output again.
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(
        "() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000
    )

    page.reload()

    chat = chat_element(page)
    # The thread is open again, while its reply is still streaming in the kernel.
    expect(chat.get_by_test_id("user-message")).to_have_text("take your time")
    execute(page, "release.set()")
    execute(page, FINISHED_ON_THE_SERVER)
    expect(cell_output(page, 2)).to_have_text("['part0 part1 part2 and the end.']\n")

    problems = []
    replies = chat.get_by_test_id("assistant-message")
    try:  # the reloaded page shows the reply that finished after it loaded
        expect(replies).to_have_text("part0 part1 part2 and the end.", timeout=10_000)
    except AssertionError:
        problems.append(f"the reloaded chat shows the replies {replies.all_inner_texts()}")
    execute(page, "print(chat.is_responding)")
    responding = cell_output(page, 3)
    try:  # nothing streams any more
        expect(responding).to_have_text("False\n", timeout=10_000)
    except AssertionError:
        problems.append(f"chat.is_responding is {responding.inner_text().strip()}")
    assert problems == [], "after a reload during a stream, once the stream ended: " + "; ".join(
        problems
    )
    # The chat goes on in the same thread.
    send_message(page, "still there?")
    expect(chat.get_by_test_id("user-message").nth(1)).to_have_text("still there?")
