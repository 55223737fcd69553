"""Two chats in one notebook, and one chat shown twice, streaming at the same time.

Every reply must reach the view that asked, and the two views of one chat must end up showing the
same thread (the second refreshes when a stream it did not start ends).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .notebook import cell_output, chat_element, execute, run_notebook
from .servers import Server

CHATS = """
import asyncio
from IPython.display import display
from chatkit_notebook import ChatKit

async def respond(message):
    for part in range(5):
        yield f"{message}-part{part} "
        await asyncio.sleep(0.05)

a = ChatKit(respond=respond, renderer="builtin", height=300)
b = ChatKit(respond=respond, renderer="builtin", height=300)
display(a, a, b)
"""


def test_replies_reach_their_own_view(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "views", [CHATS])
    first, second, other = (chat_element(page, i) for i in range(3))
    expect(other.get_by_test_id("composer-input")).to_be_visible()

    first.get_by_test_id("composer-input").fill("alpha")
    other.get_by_test_id("composer-input").fill("gamma")
    first.get_by_test_id("composer-input").press("Enter")
    other.get_by_test_id("composer-input").press("Enter")

    full = lambda word: " ".join(f"{word}-part{i}" for i in range(5))  # noqa: E731
    expect(first.get_by_test_id("assistant-message")).to_have_text(full("alpha"))
    expect(other.get_by_test_id("assistant-message")).to_have_text(full("gamma"))
    # The second view of chat `a` follows its thread and refreshes when the stream ends.
    expect(second.get_by_test_id("assistant-message")).to_have_text(full("alpha"))

    second.get_by_test_id("composer-input").fill("beta")
    second.get_by_test_id("composer-input").press("Enter")
    expect(second.get_by_test_id("assistant-message").last).to_have_text(full("beta"))
    expect(first.get_by_test_id("assistant-message").last).to_have_text(full("beta"))
    for view in (first, second, other):
        for reply in view.get_by_test_id("assistant-message").all_inner_texts():
            words = set(re.findall(r"(\w+)-part", reply))
            assert len(words) == 1, f"a reply mixed streams: {reply!r}"

    execute(page, "print(a.thread_id != b.thread_id, len(a._views.open), len(b._views.open))")
    expect(cell_output(page, 1)).to_have_text("True 2 1\n")
