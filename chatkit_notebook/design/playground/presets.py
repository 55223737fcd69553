"""The playground's presets: ChatKit's own light and dark defaults, then the named themes of
`THEME_PRESETS` (branded looks: OpenAI green, JupyterLab blue, ...)."""

from __future__ import annotations

import copy
from typing import Any

from ...options.schema import THEME_PRESETS

PRESETS: dict[str, dict[str, Any]] = {
    "light": {"colorScheme": "light"},
    "dark": {"colorScheme": "dark"},
    **THEME_PRESETS,
}


def preset(name: str) -> dict[str, Any]:
    """A copy of the preset's theme (the chat may then be edited without touching the preset)."""
    try:
        return copy.deepcopy(PRESETS[name])
    except KeyError:
        raise KeyError(f"no preset {name!r}; presets: {', '.join(PRESETS)}") from None


def matching(theme: str | dict[str, Any]) -> str:
    """The name of the preset `theme` is, or "" when it is custom."""
    normal = {"colorScheme": theme} if isinstance(theme, str) else theme
    return next((name for name, value in PRESETS.items() if value == normal), "")
