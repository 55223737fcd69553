"""WCAG 2.1 contrast of the colours a theme names, so a pretty theme is not an unreadable one.

Text needs 4.5:1 against its surface (AA, 1.4.3); the accent colours icons, links and filled
buttons, which need 3:1 (AA for non-text contrast, 1.4.11). Unset surfaces are the renderer's
defaults for the colour scheme.
"""

from __future__ import annotations

from typing import Any

TEXT_AA = 4.5
NON_TEXT_AA = 3.0
DEFAULT_BACKGROUND = {"light": "#ffffff", "dark": "#1d1e21"}
BUTTON_LABEL = "#ffffff"  # the builtin renderer's label and icon colour on accent-filled buttons


def contrast_ratio(first: str, second: str) -> float | None:
    """The WCAG 2.1 ratio of two CSS colours (>= 1), or None if either is not a CSS colour."""
    from coloraide import Color

    try:
        return float(Color(first).contrast(Color(second), method="wcag21"))
    except ValueError:
        return None


def contrast_warnings(theme: str | dict[str, Any]) -> list[str]:
    """One sentence per pair of colours below WCAG AA, empty when the theme reads well."""
    if isinstance(theme, str):
        return []
    color = theme.get("color", {})
    surface = color.get("surface")
    accent = color.get("accent")
    scheme = "dark" if theme.get("colorScheme") == "dark" else "light"
    background = surface["background"] if surface else DEFAULT_BACKGROUND[scheme]
    checks: list[tuple[str, str, str, float]] = []
    if surface:
        checks.append(("Text", surface["foreground"], background, TEXT_AA))
    if accent:
        checks.append(("Accent", accent["primary"], background, NON_TEXT_AA))
        checks.append(("Button label", BUTTON_LABEL, accent["primary"], NON_TEXT_AA))
    warnings = []
    for what, front, back, needed in checks:
        ratio = contrast_ratio(front, back)
        if ratio is not None and ratio < needed:
            warnings.append(
                f"{what} {front} on {back}: contrast {ratio:.2f}:1 is below WCAG AA ({needed:g}:1)."
            )
    return warnings
