"""Live theming from Python: validation, the theme editor panel, presets, exported options."""

from __future__ import annotations

from chatkit_notebook import THEME_PRESETS, ChatKit


def echo(message: str) -> str:
    return message


def test_the_editor_writes_chat_theme() -> None:
    chat = ChatKit(echo)
    editor = chat.theme_editor()
    editor.scheme.value = "dark"
    assert chat.theme["colorScheme"] == "dark"
    editor.accent_on.value = True
    editor.accent.value = "#8b5cf6"
    editor.level.value = 2
    editor.radius.value = "soft"
    editor.gray_on.value = True
    editor.hue.value = 250
    editor.font.value = "Inter, sans-serif"
    assert chat.theme == {
        "colorScheme": "dark",
        "radius": "soft",
        "density": "normal",
        "color": {
            "accent": {"primary": "#8b5cf6", "level": 2},
            "grayscale": {"hue": 250, "tint": 0, "shade": 0},
        },
        "typography": {"baseSize": 16, "fontFamily": "Inter, sans-serif"},
    }


def test_chat_theme_moves_the_controls() -> None:
    chat = ChatKit(echo, theme="dark")
    editor = chat.theme_editor()
    assert editor.scheme.value == "dark"
    chat.theme = {
        "colorScheme": "light",
        "density": "compact",
        "color": {"surface": {"background": "#101010", "foreground": "#fafafa"}},
    }
    assert (editor.scheme.value, editor.density.value) == ("light", "compact")
    assert editor.surface_on.value is True
    assert (editor.background.value, editor.foreground.value) == ("#101010", "#fafafa")
    assert editor.preset.value == "(custom)"


def test_presets_apply_and_are_recognised() -> None:
    chat = ChatKit(echo)
    editor = chat.theme_editor()
    name = next(iter(THEME_PRESETS))
    editor.preset.value = name
    assert chat.theme == THEME_PRESETS[name]
    assert editor.preset.value == name
    editor.radius.value = "sharp" if chat.theme.get("radius") != "sharp" else "pill"
    assert editor.preset.value == "(custom)"


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
