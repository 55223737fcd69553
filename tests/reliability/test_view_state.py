"""Run All with a top-level `await` in the cell after the chat (the README's pattern), in real
JupyterLab + Chromium: `chat.ready`, `chat.active_renderer` and `chat.thread_id` must still
follow the UI.

Upstream (ipykernel 7.4 + ipywidgets 8, see docs/upstream/anywidget-state-after-await.md): a comm
message that arrives while an async cell runs is handled at once but gets no busy/idle status,
and ipywidgets sends a model's next trait update only after the previous one's idle status, so
once the view's first update falls into that window, none of its later updates ever reach the
kernel. The view therefore also reports these values in the chat's own comm frames, which are
custom messages and still arrive.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.notebook import (
    KERNEL_IDLE,
    cell_output,
    chat_element,
    execute,
    open_notebook_alone,
    run_all,
    send_message,
    write_notebook,
)
from tests.e2e.servers import Server

pytestmark = pytest.mark.e2e

SETUP = """
from chatkit_notebook import ChatKit

chat = ChatKit(respond=lambda message: f"echo: {message}", renderer="builtin", height=420)
chat
"""

# The README's pattern. The loop keeps this async cell running until the view has announced
# itself, so the view's first trait updates are sent while it runs, even on a fast machine.
ASK = """
import asyncio

reply = await chat.ask("hello from a cell")
while not chat._views.open:
    await asyncio.sleep(0.05)
print("asked:", reply.text)
"""

CHECK = """
threads = await chat.threads()
print("state:", chat.ready, chat.active_renderer, chat.thread_id == threads[0]["id"], len(threads))
"""


def test_state_follows_the_ui_after_run_all_with_an_await_cell(page: Page, lab: Server) -> None:
    open_notebook_alone(page, lab, write_notebook(lab.root, "view_state", [SETUP, ASK]))
    run_all(page)
    expect(cell_output(page, 1)).to_contain_text("asked: echo: hello from a cell", timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)

    execute(page, "print('ready:', chat.ready, chat.active_renderer)")
    expect(cell_output(page, 2)).to_contain_text("ready: True builtin", timeout=30_000)

    send_message(page, "from the UI")  # the UI opens a new thread; thread_id must follow it
    answer = chat_element(page).get_by_test_id("assistant-message")
    expect(answer.filter(has_text="echo: from the UI")).to_be_visible(timeout=60_000)
    execute(page, CHECK)
    expect(cell_output(page, 3)).to_contain_text("state: True builtin True 2", timeout=30_000)

    execute(page, "chat.send_message('another thread', new_thread=True)")
    expect(answer.filter(has_text="echo: another thread")).to_be_visible(timeout=60_000)
    execute(page, CHECK)
    expect(cell_output(page, 5)).to_contain_text("state: True builtin True 3", timeout=30_000)
    print("\nview state: ready, renderer and thread_id followed the UI after Run All with await")
