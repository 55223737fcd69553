"""The playground's exports: the Python snippet rebuilds the same chat; the setOptions and
useChatKit snippets typecheck against the official types (@openai/chatkit 1.9.0 and
@openai/chatkit-react 1.6.1, in node_modules) with the real TypeScript compiler."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from chatkit_notebook import ChatKit
from chatkit_notebook.design.playground.snippets import js_snippet, python_snippet, react_snippet

ROOT = Path(__file__).parents[1]
NODE_MODULES = ROOT / "node_modules"


def echo(message: str) -> str:
    return message


def toggle_theme() -> None: ...


def typecheck(files: dict[str, str], folder: Path) -> subprocess.CompletedProcess[str]:
    """Run `tsc --noEmit` (strict, JSX for React) over `files` (name → source) in `folder`."""
    for name, source in files.items():
        (folder / name).write_text(source)
    config = {
        "compilerOptions": {
            "target": "ES2022",
            "module": "ESNext",
            "moduleResolution": "Bundler",
            "lib": ["ES2022", "DOM", "DOM.Iterable"],
            "jsx": "react-jsx",
            "strict": True,
            "noEmit": True,
            "skipLibCheck": True,
            "types": [],
            "paths": {"*": [f"{NODE_MODULES}/@types/*", f"{NODE_MODULES}/*"]},
        },
        "files": sorted(files),
    }
    (folder / "tsconfig.json").write_text(json.dumps(config))
    return subprocess.run(
        [str(NODE_MODULES / ".bin" / "tsc"), "-p", str(folder / "tsconfig.json")],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def rich_chat() -> ChatKit:
    """A chat using every kind of option the playground edits, and every kind of callback."""
    chat = ChatKit(
        echo,
        height="70vh",
        follow_jupyter_theme=True,
        theme={
            "colorScheme": "dark",
            "radius": "soft",
            "density": "spacious",
            "color": {
                "accent": {"primary": "#8b5cf6", "level": 2},
                "grayscale": {"hue": 250.5, "tint": 4, "shade": -1},
                "surface": {"background": "rgb(15 23 42)", "foreground": "hsl(210 40% 96%)"},
            },
            "typography": {
                "baseSize": 15,
                "fontFamily": "'Inter', sans-serif",
                "fontFamilyMono": "JetBrains Mono",
                "fontSources": [
                    {"family": "Inter", "src": "https://example.com/inter.woff2", "weight": 400},
                    {"family": "Inter", "src": "/fonts/inter-bold.woff2", "weight": "700"},
                ],
            },
        },
        options={
            "locale": "de-DE",
            "header": {
                "title": {"text": 'Say "hi"\n'},
                "rightAction": {"icon": "dark-mode", "onClick": toggle_theme},
                "leftAction": {"icon": "home", "onClick": lambda: None},
            },
            "history": {"enabled": True, "showDelete": False, "showRename": True},
            "startScreen": {
                "greeting": "Grüß dich — what's up?",
                "prompts": [
                    {"label": "Joke", "prompt": "Tell me a joke", "icon": "sparkle"},
                    {"label": "Plan", "prompt": [{"type": "input_text", "text": "Plan"}]},
                ],
            },
            "composer": {
                "placeholder": "Ask",
                "attachments": {
                    "enabled": True,
                    "accept": {"image/*": [".png", ".jpg"]},
                    "maxSize": 5 * 1024 * 1024,
                    "maxCount": 3,
                },
                "tools": [{"id": "search", "label": "Search", "icon": "globe", "pinned": True}],
                "models": [{"id": "fast", "label": "Fast", "default": True}],
                "dictation": {"enabled": True},
            },
            "disclaimer": {"text": "AI can make **mistakes**.", "highContrast": True},
            "threadItemActions": {"feedback": True, "retry": False},
        },
    )

    @chat.client_tool
    def get_rows(limit: int = 2) -> dict[str, Any]:
        return {"rows": list(range(limit))}

    @chat.action("approve")
    def approve(action: object) -> None: ...

    @chat.on_tag_search
    def people(query: str) -> list[dict[str, str]]:
        return []

    @chat.on_entity_preview
    def preview(entity: dict[str, Any]) -> None: ...

    @chat.on_command_select
    def command(command: dict[str, Any]) -> None: ...

    return chat


def test_the_python_snippet_builds_an_equal_chat() -> None:
    chat = rich_chat()
    source = python_snippet(chat)
    compile(source, "<snippet>", "exec")  # valid Python
    namespace: dict[str, Any] = {"echo": echo, "toggle_theme": toggle_theme}
    exec(source, namespace)
    rebuilt = namespace["chat"]
    assert rebuilt.theme == chat.theme
    assert rebuilt.options == chat.options  # the JSON, callbacks as markers at the same paths
    assert rebuilt.options.callbacks["header.rightAction.onClick"] is toggle_theme
    assert rebuilt.follow_jupyter_theme is True
    assert "def header_left_action_on_click() -> None:" in source  # the lambda became a stub


def test_a_plain_chat_exports_a_short_snippet() -> None:
    source = python_snippet(ChatKit(echo))
    assert source == (
        "from chatkit_notebook import ChatKit\n\nchat = ChatKit(\n"
        '    respond=echo,\n    theme="light",\n)\n'
    )


def test_the_js_and_react_snippets_typecheck_against_chatkit_types(tmp_path: Path) -> None:
    rich = rich_chat().export_options()
    plain = ChatKit(echo).export_options()
    files = {
        "set_options.ts": js_snippet(rich),
        "set_options_plain.ts": js_snippet(plain),
        "use_chatkit.tsx": react_snippet(rich, "70vh"),
        "use_chatkit_plain.tsx": react_snippet(plain, 600),
    }
    result = typecheck(files, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "chatkit?.setOptions({" in files["set_options.ts"]
    assert "useChatKit({" in files["use_chatkit.tsx"]


def test_the_typecheck_catches_a_wrong_option(tmp_path: Path) -> None:
    """The check above bites: the same snippets with a value ChatKit's types reject fail."""
    exported = ChatKit(echo).export_options()
    exported["theme"] = {"radius": "bubbly"}
    exported["startScreen"] = {"prompts": [{"label": "No prompt"}]}
    result = typecheck(
        {"bad.ts": js_snippet(exported), "bad.tsx": react_snippet(exported)}, tmp_path
    )
    assert result.returncode != 0
    assert "bubbly" in result.stdout
    assert "prompt" in result.stdout


def test_export_options_is_unchanged_by_the_playground() -> None:
    chat = rich_chat()
    before = chat.export_options()
    panel = chat.playground().panel
    assert chat.export_options() == before
    assert json.loads(json.dumps(before)) == before  # plain JSON
    assert panel.snippets["js"] == js_snippet(before)
