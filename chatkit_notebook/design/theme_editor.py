"""`chat.theme_editor()`: ipywidgets controls linked both ways to `chat.theme`.

Every control change writes a whole new theme (validated like any assignment); every change of
`chat.theme` (from code, a preset, or another editor) moves the controls.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import traitlets

from ..options.schema import THEME_PRESETS

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
CUSTOM = "(custom)"


class ThemeEditor(w.VBox):  # type: ignore[misc]
    """Colour scheme, accent, radius, density, grayscale, surface colours and typography."""

    def __init__(self, chat: Any) -> None:
        self.chat = chat
        self._syncing = False
        style = {"description_width": "110px"}
        layout = w.Layout(width="340px")

        def control(widget: w.Widget) -> w.Widget:
            widget.style = style
            widget.layout = layout
            return widget

        self.preset = control(
            w.Dropdown(options=[CUSTOM, *THEME_PRESETS], value=CUSTOM, description="Preset")
        )
        self.scheme = w.ToggleButtons(
            options=["light", "dark"], description="Colour scheme", style=style
        )
        self.accent_on = w.Checkbox(description="Accent colour", indent=False)
        self.accent = control(w.ColorPicker(value="#0d6efd", description="Accent", concise=False))
        self.level = control(w.IntSlider(value=1, min=0, max=3, description="Accent level"))
        self.radius = control(
            w.Dropdown(
                options=["pill", "round", "soft", "sharp"], value="pill", description="Radius"
            )
        )
        self.density = control(
            w.Dropdown(
                options=["compact", "normal", "spacious"], value="normal", description="Density"
            )
        )
        self.gray_on = w.Checkbox(description="Tinted grays", indent=False)
        self.hue = control(w.IntSlider(value=220, min=0, max=360, description="Gray hue"))
        self.tint = control(w.IntSlider(value=0, min=0, max=9, description="Gray tint"))
        self.shade = control(w.IntSlider(value=0, min=-4, max=4, description="Gray shade"))
        self.surface_on = w.Checkbox(description="Surface colours", indent=False)
        self.background = control(w.ColorPicker(value="#ffffff", description="Background"))
        self.foreground = control(w.ColorPicker(value="#1f2328", description="Foreground"))
        self.font = control(w.Text(value="", placeholder="system fonts", description="Font family"))
        self.base_size = control(
            w.Dropdown(options=[14, 15, 16, 17, 18], value=16, description="Base size")
        )
        self.error = w.HTML()
        self._controls = [
            self.scheme, self.accent_on, self.accent, self.level, self.radius, self.density,
            self.gray_on, self.hue, self.tint, self.shade, self.surface_on, self.background,
            self.foreground, self.font, self.base_size,
        ]  # fmt: skip
        super().__init__(
            [
                self.preset,
                self.scheme,
                w.VBox([self.accent_on, self.accent, self.level]),
                self.radius,
                self.density,
                w.VBox([self.gray_on, self.hue, self.tint, self.shade]),
                w.VBox([self.surface_on, self.background, self.foreground]),
                self.font,
                self.base_size,
                self.error,
            ]
        )
        self._show(chat.theme)
        for widget in self._controls:
            widget.observe(self._write, names="value")
        self.preset.observe(self._apply_preset, names="value")
        chat.observe(self._on_theme, names="theme")

    # -- controls → chat.theme ------------------------------------------------------------------

    def theme(self) -> dict[str, Any]:
        """The theme the controls describe."""
        theme: dict[str, Any] = {
            "colorScheme": self.scheme.value,
            "radius": self.radius.value,
            "density": self.density.value,
        }
        color: dict[str, Any] = {}
        if self.accent_on.value:
            color["accent"] = {"primary": self.accent.value, "level": self.level.value}
        if self.gray_on.value:
            color["grayscale"] = {
                "hue": self.hue.value,
                "tint": self.tint.value,
                "shade": self.shade.value,
            }
        if self.surface_on.value:
            color["surface"] = {
                "background": self.background.value,
                "foreground": self.foreground.value,
            }
        if color:
            theme["color"] = color
        typography: dict[str, Any] = {"baseSize": self.base_size.value}
        if self.font.value.strip():
            typography["fontFamily"] = self.font.value.strip()
        theme["typography"] = typography
        return theme

    def _write(self, _change: object) -> None:
        if self._syncing:
            return
        self._assign(self.theme)
        self._quietly(lambda: setattr(self.preset, "value", CUSTOM))

    def _apply_preset(self, change: dict[str, Any]) -> None:
        if self._syncing or change["new"] == CUSTOM:
            return
        self._assign(lambda: copy.deepcopy(THEME_PRESETS[change["new"]]))

    def _assign(self, theme: Callable[[], dict[str, Any]]) -> None:
        try:
            self.chat.theme = theme()
        except traitlets.TraitError as exc:  # shown next to the controls
            self.error.value = f"<span style='color:#b42318'>{html.escape(str(exc))}</span>"
        else:
            self.error.value = ""

    # -- chat.theme → controls ------------------------------------------------------------------

    def _on_theme(self, change: dict[str, Any]) -> None:
        self._show(change["new"])

    def _show(self, theme: str | dict[str, Any]) -> None:
        if isinstance(theme, str):
            theme = {"colorScheme": theme}
        color = theme.get("color", {})
        accent, gray, surface = (color.get(k) for k in ("accent", "grayscale", "surface"))
        typography = theme.get("typography", {})

        def show() -> None:
            self.scheme.value = theme.get("colorScheme", "light")
            self.radius.value = theme.get("radius", "pill")
            self.density.value = theme.get("density", "normal")
            self.accent_on.value = accent is not None
            if accent:
                _set_colour(self.accent, accent["primary"])
                self.level.value = accent["level"]
            self.gray_on.value = gray is not None
            if gray:
                self.hue.value = round(gray["hue"])
                self.tint.value = gray["tint"]
                self.shade.value = gray.get("shade", 0)
            self.surface_on.value = surface is not None
            if surface:
                _set_colour(self.background, surface["background"])
                _set_colour(self.foreground, surface["foreground"])
            self.font.value = typography.get("fontFamily", "")
            self.base_size.value = typography.get("baseSize", 16)
            matching = [name for name, preset in THEME_PRESETS.items() if preset == theme]
            self.preset.value = matching[0] if matching else CUSTOM

        self._quietly(show)

    def _quietly(self, update: Callable[[], None]) -> None:
        self._syncing = True
        try:
            update()
        finally:
            self._syncing = False


def _set_colour(picker: w.ColorPicker, value: str) -> None:
    """The picker shows #rrggbb; other valid colour forms stay in the theme but not the picker."""
    if _HEX.fullmatch(value):
        picker.value = value.lower()
