"""Every control of the playground, declared once: the panel draws them, edits go through them.

A control's `id` is where it writes: `theme.<path>` or `options.<path>` (camelCase keys, as in
ChatKit's types), or `follow_jupyter_theme`. Choices come from `options.schema`'s literal types, so
the controls offer exactly what validation accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from ...options import schema

Kind = Literal[
    "segmented",  # a few choices side by side
    "select",  # a dropdown of choices
    "toggle",  # a bool
    "present",  # whether the dict at `id` exists (a section turned on or off)
    "color",  # a CSS colour: picker plus text
    "slider",  # an int between min and max
    "number",  # an int typed in (`scale`: shown in units of `scale`)
    "text",
    "textarea",
    "list",  # a list of dicts with `fields`: add, remove, reorder
    "mapping",  # dict of str -> list of str (MIME type -> file extensions)
]
# What an empty text means: leave the key out, or leave out the dict that needs it.
Empty = Literal["keep", "omit", "omit_parent"]


@dataclass(frozen=True)
class Control:
    id: str
    kind: Kind
    label: str
    section: str
    default: Any = None  # what ChatKit does when the key is left out (shown, never written)
    choices: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None
    step: float | None = None
    scale: int | None = None
    fields: tuple[Control, ...] = ()
    template: Any = None  # a new list item; for "present", the dict it creates
    empty: Empty = "omit"
    shown_if: str | None = None  # the id of a toggle or "present" control that must be on
    help: str = ""
    placeholder: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> str:
        """The trait it writes: "theme", "options" or "follow_jupyter_theme"."""
        return self.id.split(".", 1)[0]

    @property
    def path(self) -> tuple[str, ...]:
        """The key path inside the trait's value."""
        return tuple(self.id.split(".")[1:])

    def spec(self) -> dict[str, Any]:
        """The JSON the panel draws (templates of "present" controls may hold callables, which
        stay here: the panel only says on or off)."""
        spec: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "section": self.section,
        }
        for key in ("default", "min", "max", "step", "scale", "shown_if"):
            if getattr(self, key) is not None:
                spec[key] = getattr(self, key)
        if self.choices:
            spec["choices"] = list(self.choices)
        if self.fields:
            spec["fields"] = [f.spec() for f in self.fields]
        if self.kind == "list":
            spec["template"] = self.template
        if self.empty != "omit":
            spec["empty"] = self.empty
        if self.help:
            spec["help"] = self.help
        if self.placeholder:
            spec["placeholder"] = self.placeholder
        if "suggestions" in self.extra:
            spec["suggestions"] = list(self.extra["suggestions"])
        return spec


def _literal(alias: Any) -> tuple[Any, ...]:
    """The values of a (possibly nested) Literal alias, in declaration order."""
    values: list[Any] = []
    for arg in get_args(alias):
        values.extend(_literal(arg) if get_args(arg) else [arg])
    return tuple(values)


def _field_choices(model: type[Any], name: str) -> tuple[Any, ...]:
    annotation = model.model_fields[name].annotation
    return _literal(annotation)


ICONS = _literal(schema.ChatKitIconName)
HEADER_ICONS = _literal(schema.HeaderIcon)
LOCALES = tuple(sorted(set(_literal(schema.SupportedLocale))))
RADII = _field_choices(schema.ThemeOption, "radius")
DENSITIES = _field_choices(schema.ThemeOption, "density")
BASE_SIZES = _field_choices(schema.TypographyOption, "baseSize")
FONT_STYLES = _field_choices(schema.FontObject, "style")
FONT_DISPLAYS = _field_choices(schema.FontObject, "display")
MEGABYTE = 1024 * 1024

FONT_SUGGESTIONS = (
    "Inter, sans-serif",
    "'IBM Plex Sans', sans-serif",
    "Georgia, serif",
    "'Source Serif 4', serif",
    "system-ui, sans-serif",
)


def header_action_clicked() -> None:
    """Placeholder `onClick` of a header button added in the playground: replace it with yours
    (`chat.options = {..., "header": {"rightAction": {"icon": ..., "onClick": my_function}}}`)."""


THEME = "Theme"
TYPOGRAPHY = "Typography"
HEADER = "Header"
START = "Start screen"
COMPOSER = "Composer"
MESSAGES = "Messages & history"
DISCLAIMER = "Disclaimer"
LOCALE = "Locale"
SECTIONS = (THEME, TYPOGRAPHY, HEADER, START, COMPOSER, MESSAGES, DISCLAIMER, LOCALE)
THEME_SECTIONS = (THEME, TYPOGRAPHY)  # the compact form: chat.theme_editor()

_ACCENT = "theme.color.accent"
_GRAY = "theme.color.grayscale"
_SURFACE = "theme.color.surface"
_ATTACH = "options.composer.attachments.enabled"

CONTROLS: tuple[Control, ...] = (
    # -- theme ---------------------------------------------------------------------------------
    Control("theme.colorScheme", "segmented", "Color scheme", THEME, "light", ("light", "dark")),
    Control(
        "follow_jupyter_theme",
        "toggle",
        "Follow JupyterLab's theme",
        THEME,
        False,
        help="The colour scheme follows JupyterLab's light/dark theme (notebook only).",
    ),
    Control(
        _ACCENT,
        "present",
        "Accent color",
        THEME,
        False,
        template={"primary": "#0d6efd", "level": 1},
    ),
    Control(f"{_ACCENT}.primary", "color", "Accent", THEME, "#0d6efd", shown_if=_ACCENT),
    Control(f"{_ACCENT}.level", "slider", "Accent level", THEME, 1, min=0, max=3, shown_if=_ACCENT),
    Control(
        _GRAY,
        "present",
        "Tinted grayscale",
        THEME,
        False,
        template={"hue": 220, "tint": 4, "shade": 0},
    ),
    Control(f"{_GRAY}.hue", "slider", "Hue", THEME, 220, min=0, max=360, shown_if=_GRAY),
    Control(f"{_GRAY}.tint", "slider", "Tint", THEME, 0, min=0, max=9, shown_if=_GRAY),
    Control(f"{_GRAY}.shade", "slider", "Shade", THEME, 0, min=-4, max=4, shown_if=_GRAY),
    Control(
        _SURFACE,
        "present",
        "Surface colors",
        THEME,
        False,
        template={"background": "#ffffff", "foreground": "#1f2328"},
        extra={"dark": {"background": "#16181d", "foreground": "#e8eaed"}},
    ),
    Control(f"{_SURFACE}.background", "color", "Background", THEME, "#ffffff", shown_if=_SURFACE),
    Control(f"{_SURFACE}.foreground", "color", "Foreground", THEME, "#1f2328", shown_if=_SURFACE),
    Control("theme.radius", "segmented", "Radius", THEME, "pill", RADII),
    Control("theme.density", "segmented", "Density", THEME, "normal", DENSITIES),
    # -- typography ----------------------------------------------------------------------------
    Control("theme.typography.baseSize", "segmented", "Base size", TYPOGRAPHY, 16, BASE_SIZES),
    Control(
        "theme.typography.fontFamily",
        "text",
        "Font family",
        TYPOGRAPHY,
        placeholder="system fonts",
        extra={"suggestions": FONT_SUGGESTIONS},
    ),
    Control(
        "theme.typography.fontFamilyMono",
        "text",
        "Mono font",
        TYPOGRAPHY,
        placeholder="system monospace",
    ),
    Control(
        "theme.typography.fontSources",
        "list",
        "Font sources",
        TYPOGRAPHY,
        fields=(
            Control("family", "text", "Family", TYPOGRAPHY, empty="keep"),
            Control("src", "text", "URL", TYPOGRAPHY, empty="keep", placeholder="https://..."),
            Control("weight", "text", "Weight", TYPOGRAPHY, placeholder="400"),
            Control("style", "select", "Style", TYPOGRAPHY, choices=("", *FONT_STYLES)),
            Control("display", "select", "Display", TYPOGRAPHY, choices=("", *FONT_DISPLAYS)),
            Control("unicodeRange", "text", "Unicode range", TYPOGRAPHY),
        ),
        template={"family": "Inter", "src": "https://rsms.me/inter/font-files/Inter-Regular.woff2"},
        help="Web fonts to load (https:, data: or relative URLs).",
    ),
    # -- header --------------------------------------------------------------------------------
    Control("options.header.enabled", "toggle", "Show header", HEADER, True),
    Control("options.header.title.enabled", "toggle", "Show title", HEADER, True),
    Control(
        "options.header.title.text",
        "text",
        "Title",
        HEADER,
        placeholder="the thread's title",
    ),
    Control(
        "options.header.leftAction",
        "present",
        "Left button",
        HEADER,
        False,
        template={"icon": "sidebar-left", "onClick": header_action_clicked},
    ),
    Control(
        "options.header.leftAction.icon",
        "select",
        "Left icon",
        HEADER,
        "sidebar-left",
        HEADER_ICONS,
        shown_if="options.header.leftAction",
    ),
    Control(
        "options.header.rightAction",
        "present",
        "Right button",
        HEADER,
        False,
        template={"icon": "light-mode", "onClick": header_action_clicked},
    ),
    Control(
        "options.header.rightAction.icon",
        "select",
        "Right icon",
        HEADER,
        "light-mode",
        HEADER_ICONS,
        shown_if="options.header.rightAction",
    ),
    # -- start screen --------------------------------------------------------------------------
    Control(
        "options.startScreen.greeting",
        "text",
        "Greeting",
        START,
        placeholder="What can I help with today?",
    ),
    Control(
        "options.startScreen.prompts",
        "list",
        "Prompts",
        START,
        fields=(
            Control("icon", "select", "Icon", START, choices=("", *ICONS)),
            Control("label", "text", "Label", START, empty="keep"),
            Control("prompt", "text", "Prompt", START, empty="keep"),
        ),
        template={"label": "New prompt", "prompt": "Tell me something new", "icon": "sparkle"},
    ),
    # -- composer ------------------------------------------------------------------------------
    Control(
        "options.composer.placeholder",
        "text",
        "Placeholder",
        COMPOSER,
        placeholder="Message the AI",
    ),
    Control(_ATTACH, "toggle", "Attachments", COMPOSER, False),
    Control(
        "options.composer.attachments.accept",
        "mapping",
        "Accepted types",
        COMPOSER,
        shown_if=_ATTACH,
        help="MIME type → file extensions, e.g. image/* → .png, .jpg",
    ),
    Control(
        "options.composer.attachments.maxSize",
        "number",
        "Max size (MB)",
        COMPOSER,
        100 * MEGABYTE,
        min=0,
        scale=MEGABYTE,
        shown_if=_ATTACH,
    ),
    Control(
        "options.composer.attachments.maxCount",
        "number",
        "Max files",
        COMPOSER,
        10,
        min=1,
        shown_if=_ATTACH,
    ),
    Control(
        "options.composer.tools",
        "list",
        "Tools",
        COMPOSER,
        fields=(
            Control("icon", "select", "Icon", COMPOSER, choices=ICONS),
            Control("id", "text", "Id", COMPOSER, empty="keep"),
            Control("label", "text", "Label", COMPOSER, empty="keep"),
            Control("shortLabel", "text", "Short label", COMPOSER),
            Control("placeholderOverride", "text", "Placeholder", COMPOSER),
            Control("pinned", "toggle", "Pinned", COMPOSER, False),
            Control("persistent", "toggle", "Persistent", COMPOSER, False),
        ),
        template={"id": "search", "label": "Search the web", "icon": "globe"},
    ),
    Control(
        "options.composer.models",
        "list",
        "Models",
        COMPOSER,
        fields=(
            Control("id", "text", "Id", COMPOSER, empty="keep"),
            Control("label", "text", "Label", COMPOSER, empty="keep"),
            Control("description", "text", "Description", COMPOSER),
            Control("default", "toggle", "Default", COMPOSER, False),
            Control("disabled", "toggle", "Disabled", COMPOSER, False),
        ),
        template={"id": "gpt-5", "label": "GPT-5"},
    ),
    Control("options.composer.dictation.enabled", "toggle", "Dictation", COMPOSER, False),
    # -- messages & history --------------------------------------------------------------------
    Control("options.threadItemActions.feedback", "toggle", "Feedback buttons", MESSAGES, False),
    Control("options.threadItemActions.retry", "toggle", "Retry button", MESSAGES, False),
    Control("options.history.enabled", "toggle", "History", MESSAGES, True),
    Control(
        "options.history.showDelete",
        "toggle",
        "Delete threads",
        MESSAGES,
        True,
        shown_if="options.history.enabled",
    ),
    Control(
        "options.history.showRename",
        "toggle",
        "Rename threads",
        MESSAGES,
        True,
        shown_if="options.history.enabled",
    ),
    # -- disclaimer ----------------------------------------------------------------------------
    Control(
        "options.disclaimer.text",
        "textarea",
        "Disclaimer (Markdown)",
        DISCLAIMER,
        empty="omit_parent",
        placeholder="AI can make mistakes. [Learn more](https://example.com)",
    ),
    Control(
        "options.disclaimer.highContrast",
        "toggle",
        "High contrast",
        DISCLAIMER,
        False,
        shown_if="options.disclaimer.text",
    ),
    # -- locale --------------------------------------------------------------------------------
    Control("options.locale", "select", "Locale", LOCALE, "", ("", *LOCALES)),
)

BY_ID: dict[str, Control] = {control.id: control for control in CONTROLS}
