"""A chat's saved state is only the loader; the renderer comes from the kernel over the comm, once
per page (chatkit_notebook/bridge/bundle.py, js/loader/), in real JupyterLab and Chromium.

The notebook is executed and saved by nbclient with widget state (as `jupyter nbconvert --execute`
does), then opened in JupyterLab: without a live kernel behind the saved widget it says to run the
cell; run, it chats; after a page reload and after a kernel restart it chats again. Two chats and a
`show()` preview on one page load the renderer once (the kernel counts what it sends).
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from .notebook import (
    KERNEL_IDLE,
    cell_output,
    chat_element,
    execute,
    execute_with_widget_state,
    open_notebook_alone,
    restart_kernel,
    run_all,
    run_notebook,
    send_message,
)
from .servers import Server

CHAT = """
from chatkit_notebook import ChatKit

def respond(message):
    return f"echo: {message}"

chat = ChatKit(respond=respond, renderer="builtin", height=420)
chat
"""

SECOND_CHAT = """
other = ChatKit(respond=lambda message: f"other: {message}", renderer="builtin", height=320)
other
"""

PREVIEW = """
from chatkit_notebook import show
show({"type": "Card", "children": [{"type": "Text", "value": "previewed"}]})
"""

SERVED = """
from chatkit_notebook.bridge import bundle
print(bundle.served["widget.js"])
"""


def saved_notebook(root: Path, name: str, cells: list[str]) -> tuple[str, dict[str, object]]:
    """Executed by nbclient into `root`, the notebook folder of the JupyterLab under test, and
    trusted by it; returns the file name and the saved widget models."""
    state = execute_with_widget_state(cells, root / f"{name}.ipynb", sign_for=root.parent / "data")
    return f"{name}.ipynb", state["state"]


def test_a_saved_chat_holds_the_loader_and_chats_after_a_reload_and_a_restart(
    page: Page, lab: Server
) -> None:
    filename, models = saved_notebook(lab.root, "loader_saved", [CHAT])
    [chat_state] = [
        m["state"] for m in models.values() if m["state"].get("_model_name") == "AnyModel"
    ]
    esm = chat_state["_esm"]
    assert esm.startswith("// chatkit-notebook loader")
    assert len(esm) < 16 * 1024
    assert len(json.dumps(models)) < 16 * 1024  # every saved model of the chat together

    # Opened with a fresh kernel that has no such widget: the saved view says what to do.
    open_notebook_alone(page, lab, filename)
    placeholder = page.get_by_test_id("chatkit-loader")
    expect(placeholder).to_contain_text("Run the cell to start this chat")
    expect(page.locator("chatkit-notebook-chat")).to_have_count(0)

    run_all(page)
    chat = chat_element(page)
    send_message(page, "first")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: first")
    expect(placeholder).to_have_count(0)

    # A reload: the live kernel serves the renderer again to the new page.
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(
        "() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000
    )
    page.reload()
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    chat = chat_element(page)
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: first")
    send_message(page, "second")
    expect(chat.get_by_test_id("assistant-message").nth(1)).to_have_text("echo: second")

    # A kernel restart: the old widget is gone; running the cell again brings a working chat.
    restart_kernel(page)
    run_all(page)
    chat = chat_element(page)
    expect(chat.get_by_test_id("start-screen")).to_be_visible()
    send_message(page, "third")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo: third")
    execute(page, SERVED)
    # The new kernel sent it once, with the first chat (unasked: it cannot know that this page
    # kept the renderer of this version).
    expect(cell_output(page, 1)).to_have_text("1\n")


def test_two_chats_and_a_preview_on_one_page_load_the_renderer_once(
    page: Page, lab: Server
) -> None:
    run_notebook(page, lab, "loader_shared", [CHAT, SECOND_CHAT, PREVIEW])
    expect(page.locator("chatkit-notebook-chat")).to_have_count(2)
    expect(page.locator("chatkit-notebook-widget-preview").get_by_text("previewed")).to_be_visible()
    send_message(page, "to the first", index=0)
    send_message(page, "to the second", index=1)
    expect(chat_element(page, 0).get_by_test_id("assistant-message")).to_have_text(
        "echo: to the first"
    )
    expect(chat_element(page, 1).get_by_test_id("assistant-message")).to_have_text(
        "other: to the second"
    )
    execute(page, SERVED)
    expect(cell_output(page, 3)).to_have_text("1\n")
    # A second view of the same chat on the page reuses it too.
    execute(page, "chat")
    expect(page.locator("chatkit-notebook-chat")).to_have_count(3)
    execute(page, SERVED)
    expect(cell_output(page, 5)).to_have_text("1\n")
