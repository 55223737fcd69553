"""The chat's configuration as code to paste: Python, the web component's `setOptions({...})`,
and React's `useChatKit({...})` (both typed against `@openai/chatkit` 1.9).

The JS snippets are built from `chat.export_options()`, so they say exactly what it says; its
`"<function name>"` stubs become functions to port, typed to fit any ChatKit callback.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .edits import Config

if TYPE_CHECKING:
    from ...widget import ChatKit

WIDTH = 100
_STUB = re.compile(r"<function (.+)>")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


@dataclass(frozen=True)
class Raw:
    """Source text written as is (a name or a function)."""

    text: str


def snippets(chat: ChatKit) -> dict[str, str]:
    """All three snippets of the chat as it is now."""
    exported = chat.export_options()
    return {
        "python": python_snippet(chat),
        "js": js_snippet(exported),
        "react": react_snippet(exported, chat.height),
    }


# -- Python ---------------------------------------------------------------------------------------


def python_snippet(chat: ChatKit) -> str:
    """`ChatKit(<brain>, theme=..., options=...)`, callbacks referred to by their names."""
    config = Config.of(chat)
    stubs: dict[str, str] = {}
    options = _python_callables(config.options, (), stubs)
    arguments = [f"{_brain(chat)},", f"theme={_literal(config.theme, 4, 'py', 10)},"]
    if config.options:
        arguments.append(f"options={_literal(options, 4, 'py', 12)},")
    if config.follow_jupyter_theme:
        arguments.append("follow_jupyter_theme=True,")
    lines = ["from chatkit_notebook import ChatKit", ""]
    for name, path in stubs.items():
        lines += [
            f"def {name}() -> None:",
            f'    """Called by ChatKit for `{path}`: put your code here."""',
            "",
            "",
        ]
    lines += ["chat = ChatKit(", *(f"    {argument}" for argument in arguments), ")"]
    return "\n".join(lines) + "\n"


def _brain(chat: ChatKit) -> str:
    respond = getattr(chat, "_respond", None)
    if respond is not None:
        return f"respond={_python_name(respond) or 'respond'}"
    if getattr(chat, "_agent", None) is not None:
        return "agent=agent"
    return "server=server"


def _python_name(function: Callable[..., Any]) -> str | None:
    name = getattr(function, "__name__", "")
    if name.isidentifier() and not keyword.iskeyword(name) and name != "header_action_clicked":
        return str(name)
    return None


def _python_callables(node: Any, path: tuple[str, ...], stubs: dict[str, str]) -> Any:
    """Callables become their names; a lambda or the playground's placeholder becomes a stub."""
    if isinstance(node, dict):
        return {k: _python_callables(v, (*path, k), stubs) for k, v in node.items()}
    if isinstance(node, list):
        return [_python_callables(v, path, stubs) for v in node]
    if callable(node):
        name = _python_name(node)
        if name is None:
            name = "_".join(re.sub(r"(?<!^)([A-Z])", r"_\1", part).lower() for part in path)
            stubs[name] = ".".join(path)
        return Raw(name)
    return node


# -- JavaScript -----------------------------------------------------------------------------------


def js_snippet(exported: dict[str, Any]) -> str:
    """The web component's `setOptions({...})` call."""
    return (
        'import type { OpenAIChatKit } from "@openai/chatkit";\n\n'
        "// <openai-chatkit> from https://cdn.platform.openai.com/deployments/chatkit/chatkit.js\n"
        'const chatkit = document.querySelector<OpenAIChatKit>("openai-chatkit");\n'
        f"chatkit?.setOptions({_literal(_js_options(exported), 0, 'ts', 20)});\n"
    )


def react_snippet(exported: dict[str, Any], height: int | str = 600) -> str:
    """A component calling `useChatKit({...})` (from `@openai/chatkit-react`)."""
    size = f"{height}px" if isinstance(height, int) else height
    return (
        'import { ChatKit, useChatKit } from "@openai/chatkit-react";\n\n'
        "export function Chat() {\n"
        f"  const {{ control }} = useChatKit({_literal(_js_options(exported), 2, 'ts', 35)});\n"
        f"  return <ChatKit control={{control}} style={{{{ height: {json.dumps(size)} }}}} />;\n"
        "}\n"
    )


def _js_options(exported: dict[str, Any]) -> dict[str, Any]:
    """Put `api` and `theme` first, and turn function stubs into functions to port."""
    first = ("api", "theme")
    ordered: dict[str, Any] = {key: exported[key] for key in first if key in exported}
    ordered.update((k, v) for k, v in exported.items() if k not in first)
    if "commands" in ordered:  # set by @chat.on_command_*: ChatKit needs `enabled` said
        ordered["commands"] = {"enabled": True, **ordered["commands"]}
    result: dict[str, Any] = _js_functions(ordered)
    return result


def _js_functions(node: Any, key: str = "") -> Any:
    if isinstance(node, dict):
        return {k: _js_functions(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_js_functions(v) for v in node]
    stub = _STUB.fullmatch(node) if isinstance(node, str) and key.startswith("on") else None
    if stub:
        message = json.dumps(f"port {stub[1]} from the notebook to JavaScript")
        return Raw(f"() => {{ throw new Error({message}); }}")
    return node


# -- literals -------------------------------------------------------------------------------------


def _literal(value: Any, indent: int, language: str, column: int | None = None) -> str:
    """`value` as a Python or TypeScript literal: on one line if it fits, else one item a line.

    `indent` is the indentation of the line the literal starts on, `column` where it starts.
    """
    flat = _flat(value, language)
    start = indent if column is None else column
    if start + len(flat) < WIDTH or not isinstance(value, dict | list) or not value:
        return flat
    inner = indent + (4 if language == "py" else 2)
    if isinstance(value, list):
        items = [_literal(item, inner, language) for item in value]
        open_, close = "[", "]"
    else:
        items = []
        for k, v in value.items():
            key = _key(k, language)
            items.append(f"{key}: {_literal(v, inner, language, inner + len(key) + 2)}")
        open_, close = "{", "}"
    body = "".join(f"{' ' * inner}{item},\n" for item in items)
    return f"{open_}\n{body}{' ' * indent}{close}"


def _flat(value: Any, language: str) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ", ".join(f"{_key(k, language)}: {_flat(v, language)}" for k, v in value.items())
        return f"{{{items}}}" if language == "py" else f"{{ {items} }}"
    if isinstance(value, list):
        return f"[{', '.join(_flat(item, language) for item in value)}]"
    if language == "py" and (value is None or isinstance(value, bool)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _key(key: str, language: str) -> str:
    if language == "ts" and _IDENTIFIER.fullmatch(key):
        return key
    return json.dumps(key, ensure_ascii=False)
