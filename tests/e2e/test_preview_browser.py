"""`chatkit_notebook.show(widget)` in a real JupyterLab and Chromium: a widget designed in a cell,
its form submitted to a Python handler that replaces it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .notebook import cell_output, execute, run_notebook
from .servers import Server

PREVIEW = """
from chatkit_notebook import show

FORM = {"type": "Card", "asForm": True, "children": [
    {"type": "Title", "value": "New order"},
    {"type": "Input", "name": "order.item", "placeholder": "Item", "required": True},
    {"type": "Button", "label": "Place", "submit": True, "onClickAction": {"type": "place"}},
]}

def on_action(action):
    item = action["payload"]["order"]["item"]
    return {"type": "Card", "children": [{"type": "Text", "value": f"Ordered {item}"}]}

preview = show(FORM, on_action=on_action)
preview
"""


def test_a_previewed_form_reaches_python_and_is_replaced(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "preview_form", [PREVIEW])
    widget = page.locator("chatkit-notebook-widget-preview").get_by_test_id("widget-preview")
    expect(widget).to_contain_text("New order")
    widget.get_by_role("button", name="Place").click()  # native validation: the item is required
    widget.get_by_placeholder("Item").fill("tea")
    widget.get_by_role("button", name="Place").click()
    expect(widget).to_contain_text("Ordered tea")
    execute(page, "print(preview.actions)")
    expect(cell_output(page, 1)).to_contain_text("'payload': {'order': {'item': 'tea'}}")
    execute(page, "print(len(preview.actions))")
    expect(cell_output(page, 2)).to_have_text("1\n")
