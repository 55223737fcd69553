"""`chat.playground()`: the control column and a second live view of the same chat, in one output.

The chat on the right is the same widget model displayed again (same thread, same kernel server),
so both views follow every edit. The two sit in a wrapping flex row: side by side in a wide
notebook, stacked when the output is narrower than both together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from .panel import ControlPanel

if TYPE_CHECKING:
    from ...widget import ChatKit

PANEL_WIDTH = "360px"
CHAT_MIN_WIDTH = "340px"


class Playground(w.Box):  # type: ignore[misc]
    """`panel` (a `ControlPanel`) beside `chat`."""

    def __init__(self, chat: ChatKit) -> None:
        self.chat = chat
        self.panel = ControlPanel(chat)
        self.panel.layout = w.Layout(flex=f"1 1 {PANEL_WIDTH}", max_width="440px", min_width="0")
        view = w.Box(
            [chat], layout=w.Layout(display="block", flex=f"999 1 {CHAT_MIN_WIDTH}", min_width="0")
        )
        view.add_class("chatkit-notebook-playground-view")
        super().__init__(
            [self.panel, view],
            layout=w.Layout(
                display="flex", flex_flow="row wrap", align_items="flex-start", grid_gap="16px"
            ),
        )
        self.add_class("chatkit-notebook-playground")
