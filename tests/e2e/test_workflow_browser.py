"""An Agent Builder export running in a real JupyterLab + Chromium chat (the builtin renderer).

OpenAI is unreachable here: the export's agents get a `ScriptedModel` through `model=`; the
export itself, the agents runner, the kernel's ChatKit server and the browser are all real.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

from .notebook import cell_output, chat_element, execute, run_notebook, send_message
from .servers import Server

EXPORTS = Path(__file__).parent.parent / "workflow_exports"

TOOL_WORKFLOW = """
from agents import set_tracing_disabled
from chatkit_notebook import ChatKit
from chatkit_notebook.testing import ScriptedModel, text, tool_call, turn

set_tracing_disabled(True)
model = ScriptedModel([
    turn(tool_call("get_order_status", {"order_id": "42"})),
    turn(text("Order 42 ", "shipped on Monday.")),
])
chat = ChatKit(workflow="function_tools.py", model=model, renderer="builtin", height=520)
chat
"""


def test_an_exported_workflow_streams_a_tool_call_then_its_answer(page: Page, lab: Server) -> None:
    shutil.copy(EXPORTS / "function_tools.py", lab.root / "function_tools.py")
    run_notebook(page, lab, "workflow_tool", [TOOL_WORKFLOW])
    chat = chat_element(page)
    send_message(page, "Where is order 42?")

    expect(chat.get_by_test_id("assistant-message")).to_have_text(
        "Order 42 shipped on Monday.", timeout=60_000
    )
    workflow = chat.locator("details.workflow")
    expect(workflow).to_have_count(1)
    task = workflow.locator("li.task")
    expect(task.locator(".task-title")).to_have_text("get_order_status")
    expect(task).to_have_class("task status-complete")
    workflow.locator("summary").click()
    expect(task.locator(".task-content")).to_contain_text('Arguments: {"order_id": "42"}')
    expect(task.locator(".task-content")).to_contain_text("Result: Order 42 shipped on Monday")
    execute(page, "print(len(model.calls), [c.streamed for c in model.calls])")
    expect(cell_output(page, 1)).to_have_text("2 [True, True]\n")


APPROVAL_WORKFLOW = """
from agents import set_tracing_disabled
from chatkit_notebook import ChatKit
from chatkit_notebook.testing import ScriptedModel

set_tracing_disabled(True)
model = ScriptedModel(["Refund issued."])
chat = ChatKit(workflow="user_approval.py", model=model, renderer="builtin", height=520)
chat
"""


def test_an_approval_card_is_clicked_and_the_workflow_resumes(page: Page, lab: Server) -> None:
    shutil.copy(EXPORTS / "user_approval.py", lab.root / "user_approval.py")
    run_notebook(page, lab, "workflow_approval", [APPROVAL_WORKFLOW])
    chat = chat_element(page)
    send_message(page, "Refund order 7")

    approve = chat.get_by_role("button", name="Approve")
    expect(approve).to_be_visible(timeout=60_000)
    expect(chat.get_by_text("Issue a refund for this request?")).to_be_visible()
    approve.click()
    expect(chat.get_by_test_id("assistant-message")).to_have_text("Refund issued.", timeout=60_000)
    expect(chat.get_by_text("Approved", exact=True)).to_be_visible()
    expect(chat.get_by_role("button", name="Approve")).to_have_count(0)
