"""One control edit → a new, validated configuration of the chat (or the validation message).

Edits are pure: they read a `Config` and return another, so undo is keeping the old one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...options.schema import OptionsError, validate_options, validate_theme
from .controls import Control

if TYPE_CHECKING:
    from ...widget import ChatKit

_MISSING = object()


@dataclass(frozen=True)
class Config:
    """What the playground edits: the theme, the options (callables included) and whether the
    colour scheme follows JupyterLab's theme."""

    theme: str | dict[str, Any]
    options: dict[str, Any]
    follow_jupyter_theme: bool

    @classmethod
    def of(cls, chat: ChatKit) -> Config:
        return cls(
            copy.deepcopy(chat.theme),
            copy.deepcopy(chat.options.with_callables()),
            bool(chat.follow_jupyter_theme),
        )

    def apply_to(self, chat: ChatKit) -> None:
        with chat.hold_sync():
            chat.theme = copy.deepcopy(self.theme)
            chat.options = copy.deepcopy(self.options)
            chat.follow_jupyter_theme = self.follow_jupyter_theme

    def value(self, control: Control) -> Any:
        """The value at the control's key, or None when it is left out."""
        if control.target == "follow_jupyter_theme":
            return self.follow_jupyter_theme
        node: Any = _theme_dict(self.theme) if control.target == "theme" else self.options
        for key in control.path:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        if control.kind == "present":
            return True
        return node


def with_value(
    config: Config, control: Control, value: Any, stash: dict[str, Any] | None = None
) -> Config:
    """`config` with `value` written where `control` points; raises `OptionsError`.

    `stash` keeps what a "present" control turned off, so turning it on again restores it.
    """
    if control.target == "follow_jupyter_theme":
        if not isinstance(value, bool):
            raise OptionsError([f"follow_jupyter_theme: expected a bool, got {value!r}"])
        return replace(config, follow_jupyter_theme=value)
    stash = {} if stash is None else stash
    root = _theme_dict(config.theme) if control.target == "theme" else config.options
    root = copy.deepcopy(root)
    path = list(control.path)
    if control.kind == "present":
        if not isinstance(value, bool):
            raise OptionsError([f"{control.id}: expected a bool, got {value!r}"])
        current = _get(root, path)
        if value and current is _MISSING:
            _set(root, path, copy.deepcopy(stash.get(control.id, _template(control, root))))
        elif not value and current is not _MISSING:
            stash[control.id] = current
            _remove(root, path)
    elif _is_empty(control, value):
        _remove(root, path[:-1] if control.empty == "omit_parent" else path)
    else:
        _set(root, path, _normalise(control, value))
    if control.target == "theme":
        return replace(config, theme=validate_theme(root))
    validate_options(root)
    return replace(config, options=root)


def _theme_dict(theme: str | dict[str, Any]) -> dict[str, Any]:
    return {"colorScheme": theme} if isinstance(theme, str) else theme


def _template(control: Control, root: dict[str, Any]) -> Any:
    if root.get("colorScheme") == "dark" and "dark" in control.extra:
        return control.extra["dark"]
    return control.template


def _is_empty(control: Control, value: Any) -> bool:
    if value is None:
        return True
    if value == "" and control.empty != "keep":
        return True
    return control.kind in ("list", "mapping") and not value


def _normalise(control: Control, value: Any) -> Any:
    """List items leave out their empty optional fields, so exports stay as short as written."""
    if control.kind != "list" or not isinstance(value, list):
        return value
    fields = {field.id: field for field in control.fields}
    return [
        {k: v for k, v in item.items() if k not in fields or not _left_out(fields[k], v)}
        if isinstance(item, dict)
        else item
        for item in value
    ]


def _left_out(field: Control, value: Any) -> bool:
    if field.empty == "keep":
        return False
    return value in ("", None) or (field.kind == "toggle" and value == field.default)


def _get(root: dict[str, Any], path: list[str]) -> Any:
    node: Any = root
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return _MISSING
        node = node[key]
    return node


def _set(root: dict[str, Any], path: list[str], value: Any) -> None:
    node = root
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    node[path[-1]] = value


def _remove(root: dict[str, Any], path: list[str]) -> None:
    """Remove the key, then every dict on the way that this left empty."""
    parents: list[dict[str, Any]] = [root]
    for key in path[:-1]:
        child = parents[-1].get(key)
        if not isinstance(child, dict):
            return
        parents.append(child)
    parents[-1].pop(path[-1], None)
    for depth in range(len(path) - 1, 0, -1):
        if parents[depth]:
            break
        parents[depth - 1].pop(path[depth - 1])
