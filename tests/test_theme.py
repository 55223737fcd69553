"""`chat.theme_editor()`: the playground's theme column, linked both ways to `chat.theme`, with
presets; `chat.export_options()` for production."""

from __future__ import annotations

from typing import Any

from chatkit_notebook import THEME_PRESETS, ChatKit


def echo(message: str) -> str:
    return message


def edit(editor: Any, control_id: str, value: Any) -> None:
    editor._on_frame(editor, {"type": "set", "id": control_id, "value": value, "seq": 1}, [])


def test_the_editor_writes_chat_theme() -> None:
    chat = ChatKit(echo)
    editor = chat.theme_editor()
    edit(editor, "theme.colorScheme", "dark")
    edit(editor, "theme.color.accent", True)
    edit(editor, "theme.color.accent.primary", "#8b5cf6")
    edit(editor, "theme.color.accent.level", 2)
    edit(editor, "theme.radius", "soft")
    edit(editor, "theme.color.grayscale", True)
    edit(editor, "theme.color.grayscale.hue", 250)
    edit(editor, "theme.typography.fontFamily", "Inter, sans-serif")
    assert chat.theme == {
        "colorScheme": "dark",
        "color": {
            "accent": {"primary": "#8b5cf6", "level": 2},
            "grayscale": {"hue": 250, "tint": 4, "shade": 0},
        },
        "radius": "soft",
        "typography": {"fontFamily": "Inter, sans-serif"},
    }


def test_chat_theme_moves_the_editor() -> None:
    chat = ChatKit(echo, theme="dark")
    editor = chat.theme_editor()
    assert editor.theme == "dark"
    theme = {
        "colorScheme": "light",
        "density": "compact",
        "color": {"surface": {"background": "#101010", "foreground": "#fafafa"}},
    }
    chat.theme = theme
    assert editor.theme == theme
    assert editor.preset == ""


def test_presets_apply_and_are_recognised() -> None:
    chat = ChatKit(echo)
    editor = chat.theme_editor()
    name = next(iter(THEME_PRESETS))
    editor._on_frame(editor, {"type": "preset", "name": name}, [])
    assert chat.theme == THEME_PRESETS[name]
    assert editor.preset == name
    edit(editor, "theme.radius", "sharp" if chat.theme.get("radius") != "sharp" else "pill")
    assert editor.preset == ""


def test_export_options_for_production() -> None:
    def toggle_theme() -> None: ...

    chat = ChatKit(
        echo,
        theme={"colorScheme": "dark"},
        options={
            "composer": {"placeholder": "Ask"},
            "header": {"rightAction": {"icon": "dark-mode", "onClick": toggle_theme}},
        },
    )

    @chat.client_tool
    def get_rows() -> dict[str, int]:
        return {}

    @chat.action("approve")
    def approve(action: object) -> None: ...

    @chat.on_tag_search
    def people(query: str) -> list[dict[str, str]]:
        return []

    assert chat.export_options() == {
        "composer": {"placeholder": "Ask"},
        "header": {"rightAction": {"icon": "dark-mode", "onClick": "<function toggle_theme>"}},
        "onClientTool": "<function onClientTool: get_rows>",
        "widgets": {"onAction": "<function onAction: approve>"},
        "entities": {"onTagSearch": "<function people>"},
        "theme": {"colorScheme": "dark"},
        "api": {"url": "/chatkit", "domainKey": "domain_pk_localhost_dev"},
    }
