"""`chat.playground()` from the kernel's side: every control writes the chat's traits and shows them
back, invalid values give the schema's message next to their control, undo/reset/presets, and
contrast warnings. Edits arrive as the panel sends them (frames through the comm handler)."""

from __future__ import annotations

import copy
from typing import Any

import ipywidgets as w
import pytest

from chatkit_notebook import ChatKit
from chatkit_notebook.design.playground import CONTROLS, PRESETS, ControlPanel, Playground
from chatkit_notebook.design.playground.controls import BY_ID, Control
from chatkit_notebook.design.playground.edits import Config


def echo(message: str) -> str:
    return message


class Panel:
    """Drives a ControlPanel the way its browser view does: one frame per edit."""

    def __init__(self, chat: ChatKit) -> None:
        self.chat = chat
        self.widget = chat.playground().panel
        self.seq = 0

    def set(self, control_id: str, value: Any, *, final: bool = True) -> None:
        self.seq += 1
        frame = {"type": "set", "id": control_id, "value": value, "seq": self.seq, "final": final}
        self.widget._on_frame(self.widget, frame, [])
        assert self.widget.applied == self.seq

    def send(self, frame: dict[str, Any]) -> None:
        self.widget._on_frame(self.widget, frame, [])

    def value(self, control_id: str) -> Any:
        return Config.of(self.chat).value(BY_ID[control_id])


def sample(control: Control) -> Any:
    """A valid value for the control that differs from its default."""
    if control.kind in ("segmented", "select"):
        return next(c for c in reversed(control.choices) if c not in ("", control.default))
    if control.kind == "toggle":
        return not control.default
    if control.kind == "present":
        return True
    if control.kind == "color":
        return "#123456"
    if control.kind == "slider":
        return control.max
    if control.kind == "number":
        return 3 * (control.scale or 1)
    if control.kind == "list":
        return [copy.deepcopy(control.template)]
    if control.kind == "mapping":
        return {"image/*": [".png", ".jpg"]}
    return "Sample **text**"


def turn_on(panel: Panel, control: Control) -> None:
    if control.shown_if:
        parent = BY_ID[control.shown_if]
        turn_on(panel, parent)
        panel.set(parent.id, True if parent.kind in ("toggle", "present") else "on")


@pytest.mark.parametrize("control", CONTROLS, ids=[c.id for c in CONTROLS])
def test_every_control_round_trips_to_the_traits(control: Control) -> None:
    chat = ChatKit(echo)
    panel = Panel(chat)
    turn_on(panel, control)
    value = sample(control)
    panel.set(control.id, value)
    assert panel.widget.errors == {}
    assert panel.value(control.id) == value
    # the panel's mirror is what the chat's views get
    assert panel.widget.theme == chat.theme
    assert panel.widget.options == dict(chat.options)
    assert panel.widget.follow_jupyter_theme == chat.follow_jupyter_theme
    # and a change made from code moves the panel
    if control.target == "theme":
        chat.theme = "dark"
        assert panel.widget.theme == "dark"
    elif control.target == "options":
        chat.options = {}
        assert panel.widget.options == {}
    else:
        chat.follow_jupyter_theme = not value
        assert panel.widget.follow_jupyter_theme is (not value)


def test_controls_cover_every_appearance_option() -> None:
    ids = {control.id for control in CONTROLS}
    theme = {i.removeprefix("theme.") for i in ids if i.startswith("theme.")}
    assert theme >= {
        "colorScheme", "radius", "density", "color.accent.primary", "color.accent.level",
        "color.grayscale.hue", "color.grayscale.tint", "color.grayscale.shade",
        "color.surface.background", "color.surface.foreground", "typography.baseSize",
        "typography.fontFamily", "typography.fontFamilyMono", "typography.fontSources",
    }  # fmt: skip
    options = {i.removeprefix("options.").split(".")[0] for i in ids if i.startswith("options.")}
    assert options == {
        "header", "startScreen", "composer", "disclaimer", "history", "threadItemActions",
        "locale",
    }  # fmt: skip
    assert "follow_jupyter_theme" in ids


BAD_VALUES = [
    ("theme.color.accent.primary", "blue", "'blue' is not a colour; use #rrggbb, rgb(), or hsl()"),
    ("theme.color.grayscale.hue", 400, "theme.color.grayscale.hue: expected a number <= 360"),
    ("theme.radius", "bubbly", "'bubbly' is not allowed; allowed: 'pill', 'round'"),
    ("options.composer.attachments.maxCount", 0, "maxCount: expected a number >= 1, got 0"),
    ("options.locale", "xx", "options.locale: 'xx' is not allowed"),
    (
        "options.startScreen.prompts",
        [{"label": "Hi", "prompt": "hi", "icon": "nope"}],
        "options.startScreen.prompts[0].icon: 'nope' is not allowed",
    ),
    (
        "theme.typography.fontSources",
        [{"family": "X", "src": "javascript:alert(1)"}],
        "fontSources[0].src: 'javascript:alert(1)' is not a font URL",
    ),
    ("options.composer.tools", [{"label": "no id", "icon": "globe"}], "tools[0].id: required"),
    ("theme.colorScheme", 3, "theme.colorScheme: 3 is not allowed"),
    ("follow_jupyter_theme", "yes", "follow_jupyter_theme: expected a bool"),
]


@pytest.mark.parametrize(("control_id", "value", "message"), BAD_VALUES)
def test_invalid_input_shows_its_message_and_changes_nothing(
    control_id: str, value: Any, message: str
) -> None:
    chat = ChatKit(echo)
    panel = Panel(chat)
    turn_on(panel, BY_ID[control_id])
    before = Config.of(chat)
    panel.set(control_id, value)
    assert message in panel.widget.errors[control_id]
    assert Config.of(chat) == before
    # a valid value clears the message
    panel.set(control_id, sample(BY_ID[control_id]))
    assert control_id not in panel.widget.errors


def test_malformed_frames_are_reported_not_raised() -> None:
    panel = Panel(ChatKit(echo))
    panel.send({"type": "explode"})
    assert "malformed message" in panel.widget.errors[""]
    panel.set("theme.nope", 1)
    assert panel.widget.errors[""] == "no control 'theme.nope'"
    panel.send({"type": "preset", "name": "neon"})
    assert panel.widget.errors[""] == "no preset 'neon'"


def test_empty_text_leaves_the_key_out() -> None:
    chat = ChatKit(echo, options={"disclaimer": {"text": "AI", "highContrast": True}})
    panel = Panel(chat)
    panel.set("options.startScreen.greeting", "Hello")
    panel.set("options.startScreen.greeting", "")
    panel.set("options.disclaimer.text", "")  # the disclaimer needs its text: it goes entirely
    assert dict(chat.options) == {}


def test_list_items_leave_out_empty_optional_fields() -> None:
    chat = ChatKit(echo)
    panel = Panel(chat)
    panel.set(
        "options.composer.tools",
        [{"id": "s", "label": "Search", "icon": "globe", "shortLabel": "", "pinned": False}],
    )
    assert chat.options["composer"]["tools"] == [{"id": "s", "label": "Search", "icon": "globe"}]


def test_undo_takes_back_a_whole_drag() -> None:
    chat = ChatKit(echo, theme="dark")
    panel = Panel(chat)
    panel.set("theme.color.accent", True)
    for colour in ("#111111", "#222222", "#333333"):
        panel.set("theme.color.accent.primary", colour, final=False)
    panel.set("theme.color.accent.primary", "#444444", final=True)
    panel.set("theme.radius", "sharp")
    assert panel.widget.can_undo
    panel.send({"type": "undo"})
    assert chat.theme["color"]["accent"]["primary"] == "#444444"
    assert "radius" not in chat.theme
    panel.send({"type": "undo"})  # the whole drag
    assert chat.theme == {
        "colorScheme": "dark",
        "color": {"accent": {"primary": "#0d6efd", "level": 1}},
    }
    panel.send({"type": "undo"})
    assert chat.theme == "dark"  # exactly as it was
    assert not panel.widget.can_undo


def test_reset_and_presets() -> None:
    chat = ChatKit(echo, options={"composer": {"placeholder": "Ask"}})
    panel = Panel(chat)
    assert panel.widget.preset == "light"
    assert {"light", "dark"} <= set(PRESETS)
    assert len(PRESETS) >= 5
    panel.send({"type": "preset", "name": "midnight"})
    assert chat.theme == PRESETS["midnight"]
    assert panel.widget.preset == "midnight"
    assert chat.options["composer"] == {"placeholder": "Ask"}  # presets change the theme only
    panel.set("options.composer.placeholder", "Type")
    panel.set("follow_jupyter_theme", True)
    panel.send({"type": "reset"})
    assert chat.theme == "light"
    assert dict(chat.options) == {"composer": {"placeholder": "Ask"}}
    assert chat.follow_jupyter_theme is False
    panel.send({"type": "undo"})  # reset is undoable
    assert chat.follow_jupyter_theme is True


def test_a_section_toggled_off_and_on_comes_back_as_it_was() -> None:
    chat = ChatKit(echo)
    panel = Panel(chat)
    panel.set("theme.color.surface", True)
    panel.set("theme.color.surface.background", "#fafafa")
    panel.set("theme.color.surface", False)
    assert "color" not in chat.theme
    panel.set("theme.color.surface", True)
    assert chat.theme["color"]["surface"]["background"] == "#fafafa"


def test_a_header_button_gets_a_placeholder_callback() -> None:
    chat = ChatKit(echo)
    panel = Panel(chat)
    panel.set("options.header.rightAction", True)
    panel.set("options.header.rightAction.icon", "dark-mode")
    assert chat.options["header"]["rightAction"] == {
        "icon": "dark-mode",
        "onClick": {"$callback": "header.rightAction.onClick"},
    }
    assert "header.rightAction.onClick" in chat._callback_slots


def test_contrast_below_wcag_aa_is_warned() -> None:
    chat = ChatKit(echo)
    panel = Panel(chat)
    assert panel.widget.warnings == []
    panel.set("theme.color.surface", True)
    panel.set("theme.color.surface.foreground", "#cccccc")
    assert panel.widget.warnings == [
        "Text #cccccc on #ffffff: contrast 1.61:1 is below WCAG AA (4.5:1)."
    ]
    panel.set("theme.color.surface.foreground", "hsl(0 0% 20%)")
    assert panel.widget.warnings == []
    panel.set("theme.color.accent", True)
    panel.set("theme.color.accent.primary", "#ffe066")
    assert [w.split(":")[0] for w in panel.widget.warnings] == [
        "Accent #ffe066 on #ffffff",
        "Button label #ffffff on #ffe066",
    ]


def test_the_playground_holds_the_panel_and_a_second_view_of_the_same_chat() -> None:
    chat = ChatKit(echo)
    playground = chat.playground()
    assert isinstance(playground, Playground)
    panel, view = playground.children
    assert isinstance(panel, ControlPanel)
    assert view.children == (chat,)  # the same model: same thread, same kernel server
    assert playground.layout.flex_flow == "row wrap"  # stacks when the output is narrow
    assert isinstance(playground, w.Box)


def test_theme_editor_is_the_playground_panel_with_its_theme_sections() -> None:
    editor = ChatKit(echo).theme_editor()
    assert isinstance(editor, ControlPanel)
    assert editor.sections == ["Theme", "Typography"]
    assert {c["id"].split(".")[0] for c in editor.controls} == {"theme", "follow_jupyter_theme"}
    assert editor.compact


def test_closing_the_panel_stops_following_the_chat() -> None:
    chat = ChatKit(echo)
    panel = chat.theme_editor()
    panel.close()
    chat.theme = "dark"
    assert panel.theme == "light"
