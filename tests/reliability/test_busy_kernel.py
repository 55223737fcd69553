"""A busy kernel, in real JupyterLab + Chromium: a message sent from the builtin renderer while
another cell runs `time.sleep(...)` is answered once the cell finishes, with no timeout error.

With JupyterLab 4.6's default `commsOverSubshells: perCommTarget` and ipykernel 7, the comm
message is handled on a subshell thread, so the answer arrives while the cell still sleeps; with
subshells off it waits in the shell queue until the cell ends. Either way it must arrive, with no
error (see docs/reliability.md).
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.notebook import cell_output, open_notebook, write_notebook
from tests.e2e.servers import Server

pytestmark = pytest.mark.e2e

SETUP = """
from chatkit_notebook import ChatKit

def respond(message, thread):
    yield "echo: "
    yield message

chat = ChatKit(respond=respond, renderer="builtin", height=420)
chat
"""

KERNEL_STATUS = """() => {
    const widget = window.jupyterapp.shell.currentWidget;
    const kernel = widget.sessionContext.session.kernel;
    return kernel.status;
}"""


SLEEP = "import time\ntime.sleep(8)\nprint('slept', flush=True)"


RUN_CELL = """(index) => {
    const app = window.jupyterapp;
    app.shell.currentWidget.content.activeCellIndex = index;
    void app.commands.execute('notebook:run-cell');  // resolves only when the cell is done
}"""


def test_a_message_sent_while_a_cell_runs_is_answered_when_it_ends(page: Page, lab: Server) -> None:
    open_notebook(page, lab, write_notebook(lab.root, "busy_kernel", [SETUP, SLEEP]))
    page.evaluate(RUN_CELL, 0)
    chat = page.locator("chatkit-notebook-chat").first
    composer = chat.get_by_test_id("composer-input")
    expect(composer).to_be_visible(timeout=60_000)
    page.wait_for_function(f"() => ({KERNEL_STATUS})() === 'idle'")

    page.evaluate(RUN_CELL, 1)  # the kernel now sleeps for 8 s
    prompt = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-InputPrompt")
    expect(prompt).to_contain_text("*")
    page.wait_for_timeout(500)  # let the cell be well into its sleep
    composer.fill("ping while busy")
    composer.press("Enter")
    sent = time.monotonic()
    assert "*" in prompt.inner_text()  # the message really was sent while the cell ran

    answer = chat.get_by_test_id("assistant-message").filter(has_text="echo: ping while busy")
    expect(answer).to_be_visible(timeout=60_000)
    waited = time.monotonic() - sent
    during = "*" in prompt.inner_text()
    expect(cell_output(page, 1)).to_contain_text("slept", timeout=30_000)
    expect(chat.get_by_test_id("thread-error")).to_have_count(0)
    print(
        f"\nbusy kernel: a message sent during time.sleep(8) was answered {waited:.1f} s later, "
        + (
            "while the cell was still running (comms over a subshell)"
            if during
            else "once the cell finished"
        )
        + "; no error shown"
    )
