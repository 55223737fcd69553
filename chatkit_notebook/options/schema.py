"""The JSON part of ChatKit's options and its theme, validated in Python.

The models mirror `@openai/chatkit@1.9.0` `types/index.d.ts` key for key (camelCase names, literal
unions as `Literal`), so a typo or a wrong value fails in the cell that set it, naming the key path
and the allowed values, instead of being ignored by the browser. Error lines are derived from
pydantic's errors (loc, type, ctx) so a new field gets good messages for free.
"""

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import UnionType
from typing import (
    Annotated,
    Any,
    Literal,
    NoReturn,
    TypeAlias,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    JsonValue,
    Tag,
    TypeAdapter,
    ValidationError,
    WrapValidator,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

__all__ = [
    "THEME_PRESETS",
    "ChatKitOptions",
    "OptionsError",
    "ThemeOption",
    "ValidatedOptions",
    "validate_options",
    "validate_theme",
]

T = TypeVar("T")

# `key?: T` in the .d.ts: the key may be left out, but an explicit None is rejected (optional is not
# nullable). The None default is never validated and `exclude_unset` keeps it out of the JSON.
Omittable: TypeAlias = Annotated[T, Field(default=None)]

# -- literal unions, copied from index.d.ts -----------------------------------

ColorScheme: TypeAlias = Literal["light", "dark"]

TranslatedLocale: TypeAlias = Literal[
    "am", "ar", "bg-BG", "bn-BD", "bs-BA", "ca-ES", "cs-CZ", "da-DK", "de-DE", "el-GR",
    "es-419", "es-ES", "et-EE", "fi-FI", "fr-CA", "fr-FR", "gu-IN", "hi-IN", "hr-HR", "hu-HU",
    "hy-AM", "id-ID", "is-IS", "it-IT", "ja-JP", "ka-GE", "kk", "kn-IN", "ko-KR", "lt", "lv-LV",
    "mk-MK", "ml", "mn", "mr-IN", "ms-MY", "my-MM", "nb-NO", "nl-NL", "pa", "pl-PL", "pt-BR",
    "pt-PT", "ro-RO", "ru-RU", "sk-SK", "sl-SI", "so-SO", "sq-AL", "sr-RS", "sv-SE", "sw-TZ",
    "ta-IN", "te-IN", "th-TH", "tl", "tr-TR", "uk-UA", "ur", "vi-VN", "zh-CN", "zh-HK", "zh-TW",
]  # fmt: skip

SupportedLocale: TypeAlias = Literal[
    TranslatedLocale,
    "bg", "bn", "bs", "ca", "cs", "da", "de", "el", "es", "et", "fi", "fr", "gu", "hi", "hr", "hu",
    "hy", "id", "is", "it", "ja", "ka", "kn", "ko", "lv", "mk", "mr", "ms", "my", "nb", "nl", "pl",
    "pt", "ro", "ru", "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "th", "tr", "uk", "vi",
    "zh", "zh-Hant", "en",
]  # fmt: skip

HeaderIcon: TypeAlias = Literal[
    "sidebar-left", "sidebar-right", "sidebar-open-left", "sidebar-open-right",
    "sidebar-open-left-alt", "sidebar-open-right-alt", "sidebar-floating-left",
    "sidebar-floating-right", "sidebar-floating-open-left", "sidebar-floating-open-right",
    "sidebar-collapse-left", "sidebar-collapse-right", "collapse-left", "collapse-right",
    "open-left", "open-right", "double-chevron-left", "double-chevron-right", "home", "home-alt",
    "back-small", "back-large", "expand-large", "collapse-large", "expand-small", "collapse-small",
    "star", "star-filled", "bug", "chat-temporary", "settings-cog", "grid", "dots-horizontal",
    "dots-vertical", "dots-horizontal-circle", "dots-vertical-circle", "menu", "menu-inverted",
    "hamburger", "history", "book-open", "compose", "share", "light-mode", "dark-mode", "close",
]  # fmt: skip

ChatKitIconName: TypeAlias = Literal[
    "agent", "analytics", "atom", "batch", "bolt", "book-open", "book-closed", "book-clock", "bug",
    "calendar", "chart", "check", "check-circle", "check-circle-filled", "chevron-left",
    "chevron-right", "circle-question", "clock", "compass", "confetti", "cube", "desktop",
    "document", "dots-horizontal", "dots-vertical", "empty-circle", "external-link", "globe",
    "keys", "lab", "images", "info", "lifesaver", "lightbulb", "mail", "map-pin", "maps", "mobile",
    "name", "notebook", "notebook-pencil", "page-blank", "phone", "play", "plus", "profile",
    "profile-card", "reload", "star", "star-filled", "search", "sparkle", "sparkle-double",
    "square-code", "square-image", "square-text", "suitcase", "settings-slider", "user", "wreath",
    "write", "write-alt", "write-alt2",
]  # fmt: skip

# -- value checks that a plain type cannot express ----------------------------

_ICON_NAMES = frozenset(get_args(ChatKitIconName))
_LUCIDE = re.compile(r"lucide:[a-z0-9]+(?:-[a-z0-9]+)*")
# Same shape as pydantic's literal_error ctx, so icons are reported like any other literal.
_ICON_EXPECTED = ", ".join(repr(name) for name in get_args(ChatKitIconName)) + " or 'lucide:<name>'"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_icon(name: str) -> str:
    if name in _ICON_NAMES or _LUCIDE.fullmatch(name):
        return name
    raise PydanticCustomError(
        "literal_error", "Input should be {expected}", {"expected": _ICON_EXPECTED}
    )


# ChatKitIcon = <built-in name> | `lucide:${string}`; a union would report one error per branch.
ChatKitIcon: TypeAlias = Annotated[str, AfterValidator(_check_icon)]

_HEX = re.compile(r"#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})", re.IGNORECASE)
_COLOUR_FUNCTION = re.compile(r"(rgba?|hsla?)\((.*)\)", re.IGNORECASE | re.DOTALL)
_COMPONENT = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))(%|deg)?", re.IGNORECASE)
# Largest value per unit ('' = bare number); every component starts at 0.
_RGB = {"": 255.0, "%": 100.0}
_HUE = {"": 360.0, "deg": 360.0}
_PERCENT = {"": 100.0, "%": 100.0}
_ALPHA = {"": 1.0, "%": 100.0}


def _component_ok(part: str, maxima: Mapping[str, float]) -> bool:
    match = _COMPONENT.fullmatch(part)
    if match is None:
        return False
    maximum = maxima.get((match[2] or "").lower())
    return maximum is not None and 0 <= float(match[1]) <= maximum


def _is_colour(text: str) -> bool:
    """Hex, or rgb()/hsl() in comma or space syntax, with components in their CSS ranges."""
    if _HEX.fullmatch(text):
        return True
    match = _COLOUR_FUNCTION.fullmatch(text)
    if match is None:
        return False
    body = match[2]
    if "," in body:
        parts = [part.strip() for part in body.split(",")]
    else:
        channels, slash, alpha = body.partition("/")
        parts = channels.split() + ([alpha.strip()] if slash else [])
    ranges = (
        (_RGB, _RGB, _RGB) if match[1].lower().startswith("rgb") else (_HUE, _PERCENT, _PERCENT)
    )
    return len(parts) in (3, 4) and all(map(_component_ok, parts, (*ranges, _ALPHA)))


def _check_colour(text: str) -> str:
    if _is_colour(text):
        return text
    raise PydanticCustomError(
        "colour", "{value} is not a colour; use #rrggbb, rgb(), or hsl()", {"value": _short(text)}
    )


Colour: TypeAlias = Annotated[str, AfterValidator(_check_colour)]

_URL_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# Browsers drop tabs and newlines inside a scheme ("java\nscript:"), and quotes, brackets or
# backslashes could break out of the CSS `url()` the font ends up in.
_URL_UNSAFE = re.compile(r"[\s\"'()<>\\\x00-\x1f\x7f]")
_URL_SCHEMES = frozenset({"http", "https", "data"})


def _check_font_url(url: str) -> str:
    scheme = _URL_SCHEME.match(url)
    if (
        url
        and not _URL_UNSAFE.search(url)
        and (scheme is None or scheme[1].lower() in _URL_SCHEMES)
    ):
        return url
    raise PydanticCustomError(
        "font_url",
        "{value} is not a font URL; use an https://, data: or relative URL",
        {"value": _short(url)},
    )


FontUrl: TypeAlias = Annotated[str, AfterValidator(_check_font_url)]


def _as_given(value: object, handler: Callable[[object], float]) -> float:
    """Validate as a number but keep an int an int, so the JSON stays what the user wrote."""
    number = handler(value)
    return value if isinstance(value, int) else number


def _json_kind(value: object) -> str | None:
    """Pick a union branch by the value's JSON type, so a wrong value gets one error, not one per
    branch; no branch (None) is reported with the union's `expected` text."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return None


def _by_json_kind(expected: str) -> Discriminator:
    return Discriminator(
        _json_kind,
        custom_error_type="expected",
        custom_error_message="expected {expected}",
        custom_error_context={"expected": expected},
    )


@dataclass(frozen=True)
class _SetElsewhere:
    """A `ChatKitOptions` key from the .d.ts that this package sets another way; keeping it in the
    schema (rather than letting it be an unknown key) lets the error say where it goes instead."""

    hint: str

    def __get_pydantic_core_schema__(
        self, source: object, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self._reject)

    def _reject(self, value: object) -> NoReturn:
        raise PydanticCustomError(
            "set_elsewhere", "not an option here; {hint}", {"hint": self.hint}
        )


# -- ChatKitOptions -----------------------------------------------------------


class _Schema(BaseModel):
    # strict: "yes" is not a bool and 1 is not a string, as in TypeScript.
    model_config = ConfigDict(extra="forbid", strict=True)


class HeaderTitle(_Schema):
    enabled: Omittable[bool]
    text: Omittable[str]


class HeaderAction(_Schema):
    icon: HeaderIcon
    onClick: Callable[..., Any]


class HeaderOption(_Schema):
    enabled: Omittable[bool]
    title: Omittable[HeaderTitle]
    leftAction: Omittable[HeaderAction]
    rightAction: Omittable[HeaderAction]


class HistoryOption(_Schema):
    enabled: Omittable[bool]
    showDelete: Omittable[bool]
    showRename: Omittable[bool]


class UserMessageText(_Schema):
    type: Literal["input_text"]
    text: str


class UserMessageTag(_Schema):
    type: Literal["input_tag"]
    text: str
    id: str
    group: Omittable[str]
    data: Omittable[dict[str, JsonValue]]
    interactive: Omittable[bool]


UserMessageContent: TypeAlias = Annotated[
    Annotated[UserMessageText, Tag("input_text")] | Annotated[UserMessageTag, Tag("input_tag")],
    Field(discriminator="type"),
]

Prompt: TypeAlias = Annotated[
    Annotated[str, Tag("string")] | Annotated[list[UserMessageContent], Tag("array")],
    _by_json_kind("a string or a list of input_text/input_tag parts"),
]


class StartScreenPrompt(_Schema):
    label: str
    prompt: Prompt
    icon: Omittable[ChatKitIcon]


class StartScreenOption(_Schema):
    greeting: Omittable[str]
    prompts: Omittable[list[StartScreenPrompt]]


class ThreadItemActionsOption(_Schema):
    feedback: Omittable[bool]
    retry: Omittable[bool]


ByteCount: TypeAlias = Annotated[int, Field(ge=0)]
MaxSize: TypeAlias = Annotated[
    Annotated[ByteCount, Tag("integer")] | Annotated[dict[str, ByteCount], Tag("object")],
    _by_json_kind("a byte count or a dict of MIME pattern to byte count"),
]


class AttachmentsOption(_Schema):
    enabled: bool
    maxSize: Omittable[MaxSize]
    maxCount: Omittable[Annotated[int, Field(ge=1)]]
    accept: Omittable[dict[str, list[str]]]


class ToolOption(_Schema):
    id: str
    label: str
    icon: ChatKitIcon
    shortLabel: Omittable[str]
    placeholderOverride: Omittable[str]
    pinned: Omittable[bool]
    persistent: Omittable[bool]


class ModelOption(_Schema):
    id: str
    label: str
    description: Omittable[str]
    disabled: Omittable[bool]
    default: Omittable[bool]


class DictationOption(_Schema):
    enabled: bool


class ComposerOption(_Schema):
    placeholder: Omittable[str]
    attachments: Omittable[AttachmentsOption]
    tools: Omittable[list[ToolOption]]
    models: Omittable[list[ModelOption]]
    dictation: Omittable[DictationOption]


class DisclaimerOption(_Schema):
    text: str
    highContrast: Omittable[bool]


class EntitiesOption(_Schema):
    onTagSearch: Omittable[Callable[..., Any]]
    showComposerMenu: Omittable[bool]
    onClick: Omittable[Callable[..., Any]]
    onRequestPreview: Omittable[Callable[..., Any]]


class CommandsOption(_Schema):
    enabled: bool
    onSearch: Omittable[Callable[..., Any]]
    onSelect: Omittable[Callable[..., Any]]


class WidgetsOption(_Schema):
    onAction: Omittable[Callable[..., Any]]


class ThreadOption(_Schema):
    autoScroll: Omittable[bool]


class ChatKitOptions(_Schema):
    """`ChatKitOptions` without `api`, `theme` and `onClientTool`, which are set elsewhere."""

    api: Annotated[
        object,
        Field(default=None),
        _SetElsewhere("the widget provides `api` (its fetch goes to the kernel)"),
    ]
    locale: Omittable[SupportedLocale]
    theme: Annotated[object, Field(default=None), _SetElsewhere("use ChatKit(theme=...)")]
    frameTitle: Omittable[str]
    initialThread: Omittable[str | None]
    onClientTool: Annotated[
        object,
        Field(default=None),
        _SetElsewhere("register client tools with the widget's @client_tool decorator"),
    ]
    header: Omittable[HeaderOption]
    history: Omittable[HistoryOption]
    startScreen: Omittable[StartScreenOption]
    threadItemActions: Omittable[ThreadItemActionsOption]
    composer: Omittable[ComposerOption]
    disclaimer: Omittable[DisclaimerOption]
    entities: Omittable[EntitiesOption]
    commands: Omittable[CommandsOption]
    widgets: Omittable[WidgetsOption]
    thread: Omittable[ThreadOption]


# -- ThemeOption --------------------------------------------------------------


class FontObject(_Schema):
    family: str
    src: FontUrl
    weight: Omittable[
        Annotated[
            Annotated[str, Tag("string")]
            | Annotated[int, Field(ge=1, le=1000), Tag("integer")]
            | Annotated[float, Field(ge=1, le=1000), Tag("number")],
            _by_json_kind("a string or a number"),
        ]
    ]
    style: Omittable[Literal["normal", "italic", "oblique"]]
    display: Omittable[Literal["auto", "block", "swap", "fallback", "optional"]]
    unicodeRange: Omittable[str]


class TypographyOption(_Schema):
    baseSize: Omittable[Literal[14, 15, 16, 17, 18]]
    fontSources: Omittable[list[FontObject]]
    fontFamily: Omittable[str]
    fontFamilyMono: Omittable[str]


class GrayscaleOptions(_Schema):
    hue: Annotated[float, Field(ge=0, le=360), WrapValidator(_as_given)]
    tint: Literal[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    shade: Omittable[Literal[-4, -3, -2, -1, 0, 1, 2, 3, 4]]


class AccentColor(_Schema):
    primary: Colour
    level: Literal[0, 1, 2, 3]


class SurfaceColors(_Schema):
    background: Colour
    foreground: Colour


class ColorOption(_Schema):
    grayscale: Omittable[GrayscaleOptions]
    accent: Omittable[AccentColor]
    surface: Omittable[SurfaceColors]


class ThemeOption(_Schema):
    colorScheme: Omittable[ColorScheme]
    typography: Omittable[TypographyOption]
    radius: Omittable[Literal["pill", "round", "soft", "sharp"]]
    density: Omittable[Literal["compact", "normal", "spacious"]]
    color: Omittable[ColorOption]


Theme: TypeAlias = Annotated[
    Annotated[ColorScheme, Tag("string")] | Annotated[ThemeOption, Tag("object")],
    _by_json_kind("'light', 'dark' or a ThemeOption dict"),
]
_THEME: TypeAdapter[Any] = TypeAdapter(Theme)

# -- errors -------------------------------------------------------------------

_EXPECTED = {
    "bool_type": "a bool",
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "list_type": "a list",
    "dict_type": "a dict",
    "model_type": "a dict",
    "model_attributes_type": "a dict",
    "callable_type": "a callable",
    "invalid-json-value": "a JSON value (str, int, float, bool, None, list or dict)",
}
_BOUNDS = {
    "greater_than_equal": ">=",
    "greater_than": ">",
    "less_than_equal": "<=",
    "less_than": "<",
}


class OptionsError(ValueError):
    """Raised for invalid options or theme: one line per problem, each naming the key path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


def _walk(root: object, loc: tuple[int | str, ...], path: str) -> tuple[str, Any]:
    """Follow an error's loc through the schema: the path as the user wrote it, and the type there.

    Union branch tags in the loc are dropped, list indexes shown as `[0]`, dict keys as `['key']`.
    """
    tp: Any = root
    segments = list(loc)
    while segments:
        origin, args = get_origin(tp), get_args(tp)
        if origin is Annotated:
            tp = args[0]
            continue
        if origin is Union or origin is UnionType:
            tagged: dict[int | str, Any] = {
                meta.tag: arg for arg in args for meta in get_args(arg)[1:] if isinstance(meta, Tag)
            }
            if segments[0] in tagged:
                tp = tagged[segments.pop(0)]
            else:  # `X | None`: pydantic adds no loc segment for it
                tp = next(arg for arg in args if arg is not type(None))
            continue
        segment = segments.pop(0)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            path += f".{segment}"
            field = tp.model_fields.get(str(segment))
            tp = field.annotation if field else None
        elif origin is list:
            path += f"[{segment}]"
            tp = args[0]
        elif origin is dict:
            path += f"[{segment!r}]"
            tp = args[1]
            if segments[:1] == ["[key]"]:  # the key itself is invalid
                segments.pop(0)
                tp = args[0]
        else:
            path += f"[{segment}]" if isinstance(segment, int) else f".{segment}"
    return path, tp


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    names = (
        name
        for name, field in model.model_fields.items()
        if not any(isinstance(meta, _SetElsewhere) for meta in field.metadata)
    )
    return sorted(names, key=str.lower)


def _unknown_key(path: str, key: object, model: type[BaseModel]) -> str:
    allowed = _allowed_keys(model)
    line = f"{path}.{key}: unknown key; allowed keys: {', '.join(allowed)}"
    by_lower = {name.lower(): name for name in allowed}
    close = difflib.get_close_matches(str(key).lower(), by_lower, n=1)
    return line + (f"; did you mean {by_lower[close[0]]!r}?" if close else "")


def _problem(error: Mapping[str, Any], root: object, prefix: str) -> str:
    kind, loc, value = error["type"], error["loc"], error["input"]
    ctx: dict[str, Any] = error.get("ctx", {})
    if kind == "extra_forbidden":
        path, model = _walk(root, loc[:-1], prefix)
        return _unknown_key(path, loc[-1], model)
    path, _ = _walk(root, loc, prefix)
    if kind == "missing":
        return f"{path}: required key is missing"
    if kind == "literal_error":
        allowed = ", ".join(ctx["expected"].rsplit(" or ", 1))
        return f"{path}: {_short(value)} is not allowed; allowed: {allowed}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        path += "." + ctx["discriminator"].strip("'")  # ctx quotes the key: "'type'"
        if kind == "union_tag_not_found":
            return f"{path}: required key is missing"
        return f"{path}: {ctx['tag']!r} is not allowed; allowed: {ctx['expected_tags']}"
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()))
        return f"{path}: expected a number {_BOUNDS[kind]} {bound:g}, got {_short(value)}"
    expected = ctx["expected"] if kind == "expected" else _EXPECTED.get(kind)
    if expected is not None:
        return f"{path}: expected {expected}, got {_short(value)}"
    return f"{path}: {error['msg']}"  # our own error types carry a complete message


def _options_error(exc: ValidationError, root: object, prefix: str) -> OptionsError:
    return OptionsError([_problem(error, root, prefix) for error in exc.errors(include_url=False)])


# -- public API ---------------------------------------------------------------


@dataclass(frozen=True)
class ValidatedOptions:
    """Options split for syncing: `json` is what the browser gets (functions replaced by
    `{"$callback": path}` markers), `callbacks` maps each marker's path to the Python callable."""

    json: dict[str, Any]
    callbacks: dict[str, Callable[..., Any]]


def _split_callables(
    node: dict[str, Any], path: str, callbacks: dict[str, Callable[..., Any]]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        where = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            out[key] = _split_callables(value, where, callbacks)
        elif callable(value):
            callbacks[where] = value
            out[key] = {"$callback": where}
        else:
            out[key] = value
    return out


def validate_options(value: object) -> ValidatedOptions:
    """Check `value` against `ChatKitOptions` (JSON part) and split out its Python callbacks.

    Raises `OptionsError` naming every invalid key. The JSON holds exactly the keys given.
    """
    try:
        model = ChatKitOptions.model_validate(value)
    except ValidationError as exc:
        raise _options_error(exc, ChatKitOptions, "options") from None
    callbacks: dict[str, Callable[..., Any]] = {}
    json = _split_callables(model.model_dump(exclude_unset=True), "", callbacks)
    return ValidatedOptions(json, callbacks)


def validate_theme(value: object) -> str | dict[str, Any]:
    """Check `value` as ChatKit's `theme`: "light", "dark" or a ThemeOption dict (keys as given)."""
    try:
        theme = _THEME.validate_python(value)
    except ValidationError as exc:
        raise _options_error(exc, Theme, "theme") from None
    if isinstance(theme, ThemeOption):
        return theme.model_dump(exclude_unset=True)
    return str(theme)


THEME_PRESETS: dict[str, dict[str, Any]] = {
    # ChatKit's own shape with OpenAI's green.
    "openai": {
        "colorScheme": "light",
        "radius": "pill",
        "density": "normal",
        "color": {"accent": {"primary": "#10a37f", "level": 1}},
    },
    # Sits quietly inside JupyterLab's light theme: its blue, cool greys, tighter spacing.
    "notebook": {
        "colorScheme": "light",
        "radius": "soft",
        "density": "compact",
        "typography": {"baseSize": 14},
        "color": {
            "grayscale": {"hue": 210, "tint": 1},
            "accent": {"primary": "#1976d2", "level": 1},
        },
    },
    "midnight": {
        "colorScheme": "dark",
        "radius": "round",
        "color": {
            "grayscale": {"hue": 225, "tint": 6, "shade": -1},
            "accent": {"primary": "#8ab4ff", "level": 1},
            "surface": {"background": "#0f172a", "foreground": "#e2e8f0"},
        },
    },
    "forest": {
        "colorScheme": "light",
        "radius": "soft",
        "color": {
            "grayscale": {"hue": 140, "tint": 3},
            "accent": {"primary": "#2f855a", "level": 2},
        },
    },
    "sunset": {
        "colorScheme": "dark",
        "radius": "pill",
        "density": "spacious",
        "color": {
            "grayscale": {"hue": 20, "tint": 4, "shade": -2},
            "accent": {"primary": "#fb923c", "level": 2},
        },
    },
    "mono": {
        "colorScheme": "light",
        "radius": "sharp",
        "density": "compact",
        "color": {
            "grayscale": {"hue": 0, "tint": 0},
            "accent": {"primary": "#111111", "level": 0},
        },
    },
}
