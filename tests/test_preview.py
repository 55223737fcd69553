"""`show(widget)`: a widget rendered alone in a cell, its actions routed to Python."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chatkit_notebook import WidgetPreview, show

from .harness import WidgetHarness

CARD = {
    "type": "Card",
    "children": [{"type": "Button", "label": "Go", "onClickAction": {"type": "go"}}],
}
TEMPLATE = Path(__file__).parent / "assets" / "greeting.widget"


def test_widget_roots_dicts_and_template_files() -> None:
    assert show(CARD).widget == CARD
    from_file = show(TEMPLATE, {"name": "Ada"})
    assert from_file.widget["children"][0] == {"type": "Title", "value": "Hello, Ada"}
    with pytest.raises(TypeError, match="takes a widget root"):
        show({"type": "Text", "value": "not a root"})


async def test_actions_reach_python_and_may_replace_the_widget() -> None:
    seen: list[Any] = []

    def on_action(action: dict[str, Any]) -> dict[str, Any]:
        seen.append(action)
        return {
            "type": "Card",
            "children": [{"type": "Text", "value": f"clicked {action['type']}"}],
        }

    preview = show(CARD, on_action=on_action)
    harness = WidgetHarness(preview)
    assert (
        await harness.invoke(
            "widgets.onAction", {"type": "go", "payload": {"x": 1}}, {"id": "preview"}
        )
        is None
    )
    assert seen == [{"type": "go", "payload": {"x": 1}}]
    assert preview.widget["children"][0]["value"] == "clicked go"
    assert preview.actions == seen


async def test_a_failing_handler_is_reported_to_the_preview() -> None:
    def on_action(action: dict[str, Any]) -> None:
        raise ValueError("no such order")

    preview = show(CARD, on_action=on_action)
    harness = WidgetHarness(preview)
    with pytest.raises(Exception, match="no such order"):
        await harness.invoke("widgets.onAction", {"type": "go"}, {"id": "preview"})
    assert "ValueError" in repr(preview.errors)
    assert isinstance(preview, WidgetPreview)
