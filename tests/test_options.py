"""ChatKit options and theme validation (options.py) and the trait types built on it (traits.py)."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest
from traitlets import HasTraits, TraitError

from chatkit_notebook.options import schema
from chatkit_notebook.options.schema import (
    THEME_PRESETS,
    OptionsError,
    ValidatedOptions,
    validate_options,
    validate_theme,
)
from chatkit_notebook.options.traits import HeightTrait, OptionsTrait, SyncedOptions, ThemeTrait

ROOT = Path(__file__).resolve().parents[1]
CHATKIT_TYPES = ROOT / "node_modules" / "@openai" / "chatkit" / "types"


def problems(validate: Any, value: object) -> list[str]:
    with pytest.raises(OptionsError) as info:
        validate(value)
    assert str(info.value).splitlines() == list(info.value.problems)
    return list(info.value.problems)


def problem(validate: Any, value: object) -> str:
    (line,) = problems(validate, value)
    return line


def nest(path: str, leaf: object) -> dict[str, Any]:
    """`nest("a.b", 1)` → `{"a": {"b": 1}}`."""
    node: Any = leaf
    for key in reversed(path.split(".")):
        node = {key: node}
    return node


# Callbacks as the widget's users would write them; distinct so the mapping can be checked.
def on_left() -> None:
    pass


def on_right() -> None:
    pass


async def on_tag_search(query: str) -> list[dict[str, Any]]:
    return []


def on_entity_click(entity: dict[str, Any]) -> None:
    pass


async def on_request_preview(entity: dict[str, Any]) -> dict[str, Any]:
    return {"preview": None}


async def on_command_search(query: str) -> list[dict[str, Any]]:
    return []


async def on_command_select(command: dict[str, Any]) -> None:
    pass


async def on_widget_action(action: dict[str, Any], item: dict[str, Any]) -> None:
    pass


CALLBACKS = {
    "header.leftAction.onClick": on_left,
    "header.rightAction.onClick": on_right,
    "entities.onTagSearch": on_tag_search,
    "entities.onClick": on_entity_click,
    "entities.onRequestPreview": on_request_preview,
    "commands.onSearch": on_command_search,
    "commands.onSelect": on_command_select,
    "widgets.onAction": on_widget_action,
}


def full_options() -> dict[str, Any]:
    """Every key of the JSON part of ChatKitOptions, each function slot holding a callable."""
    return {
        "locale": "de-DE",
        "frameTitle": "Assistant",
        "initialThread": "thr_123",
        "header": {
            "enabled": True,
            "title": {"enabled": True, "text": "Notebook chat"},
            "leftAction": {"icon": "sidebar-left", "onClick": on_left},
            "rightAction": {"icon": "light-mode", "onClick": on_right},
        },
        "history": {"enabled": True, "showDelete": False, "showRename": True},
        "startScreen": {
            "greeting": "Ask about your data",
            "prompts": [
                {"label": "Summarise", "prompt": "Summarise this notebook", "icon": "sparkle"},
                {"label": "Plot", "prompt": "Plot it", "icon": "lucide:chart-line"},
                {
                    "label": "Ask Ada",
                    "prompt": [
                        {"type": "input_text", "text": "What does "},
                        {
                            "type": "input_tag",
                            "text": "@Ada",
                            "id": "ada",
                            "group": "People",
                            "data": {"team": "ml", "n": [1, 2.5, None, {"x": True}]},
                            "interactive": True,
                        },
                        {"type": "input_text", "text": " think?"},
                    ],
                },
            ],
        },
        "threadItemActions": {"feedback": True, "retry": False},
        "composer": {
            "placeholder": "Message the notebook",
            "attachments": {
                "enabled": True,
                "maxSize": {"image/*": 10 * 1024 * 1024, "*": 1024},
                "maxCount": 3,
                "accept": {"image/*": [".png", ".jpg"], "text/csv": [".csv"]},
            },
            "tools": [
                {
                    "id": "search",
                    "label": "Search",
                    "icon": "search",
                    "shortLabel": "Web",
                    "placeholderOverride": "Search the web",
                    "pinned": True,
                    "persistent": False,
                }
            ],
            "models": [
                {"id": "fast", "label": "Fast", "description": "quick", "default": True},
                {"id": "slow", "label": "Slow", "disabled": True},
            ],
            "dictation": {"enabled": False},
        },
        "disclaimer": {"text": "AI can make **mistakes**.", "highContrast": True},
        "entities": {
            "onTagSearch": on_tag_search,
            "showComposerMenu": True,
            "onClick": on_entity_click,
            "onRequestPreview": on_request_preview,
        },
        "commands": {
            "enabled": True,
            "onSearch": on_command_search,
            "onSelect": on_command_select,
        },
        "widgets": {"onAction": on_widget_action},
        "thread": {"autoScroll": True},
    }


def with_markers(value: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(value)
    for path in CALLBACKS:
        *parents, last = path.split(".")
        node = out
        for key in parents:
            node = node[key]
        node[last] = {"$callback": path}
    return out


# -- round trip and callbacks -------------------------------------------------------------------


def test_full_options_round_trip_unchanged() -> None:
    given = full_options()
    validated = validate_options(given)
    assert isinstance(validated, ValidatedOptions)
    assert validated.json == with_markers(given)
    assert json.loads(json.dumps(validated.json)) == validated.json
    assert validated.callbacks == CALLBACKS
    assert given == full_options(), "the input is not modified"


def test_json_has_exactly_the_given_keys() -> None:
    assert validate_options({}).json == {}
    assert validate_options({"header": {"enabled": False}}).json == {"header": {"enabled": False}}
    assert validate_options({"initialThread": None}).json == {"initialThread": None}


def test_numbers_keep_their_type() -> None:
    for hue in (200, 200.5):
        theme = validate_theme({"color": {"grayscale": {"hue": hue, "tint": 1}}})
        assert isinstance(theme, dict)
        assert type(theme["color"]["grayscale"]["hue"]) is type(hue)
    assert validate_options(
        {"composer": {"attachments": {"enabled": True, "maxSize": 10}}}
    ).json == {"composer": {"attachments": {"enabled": True, "maxSize": 10}}}


@pytest.mark.parametrize("path", list(CALLBACKS))
def test_each_function_slot_becomes_a_marker(path: str) -> None:
    sibling = {
        "header.leftAction.onClick": {"icon": "home"},
        "header.rightAction.onClick": {"icon": "close"},
        "commands.onSearch": {"enabled": True},
        "commands.onSelect": {"enabled": True},
    }.get(path, {})
    parent, _, slot = path.rpartition(".")
    given = nest(parent, {**sibling, slot: CALLBACKS[path]})
    validated = validate_options(given)
    assert validated.callbacks == {path: CALLBACKS[path]}
    assert validated.json == nest(parent, {**sibling, slot: {"$callback": path}})


def test_the_documented_marker_example() -> None:
    validated = validate_options(
        {"header": {"rightAction": {"icon": "light-mode", "onClick": print}}}
    )
    assert validated.json == {
        "header": {
            "rightAction": {
                "icon": "light-mode",
                "onClick": {"$callback": "header.rightAction.onClick"},
            }
        }
    }
    assert validated.callbacks == {"header.rightAction.onClick": print}


def test_function_slot_needs_a_callable() -> None:
    assert (
        problem(validate_options, {"widgets": {"onAction": "alert(1)"}})
        == "options.widgets.onAction: expected a callable, got 'alert(1)'"
    )


# -- key and type errors ------------------------------------------------------------------------


def test_the_documented_messages() -> None:
    assert (
        problem(validate_options, {"history": {"showDelete": "yes"}})
        == "options.history.showDelete: expected a bool, got 'yes'"
    )
    assert (
        problem(validate_theme, {"radius": "bubbly"})
        == "theme.radius: 'bubbly' is not allowed; allowed: 'pill', 'round', 'soft', 'sharp'"
    )
    assert problem(validate_options, {"composr": {}}) == (
        "options.composr: unknown key; allowed keys: commands, composer, disclaimer, entities, "
        "frameTitle, header, history, initialThread, locale, startScreen, thread, "
        "threadItemActions, widgets; did you mean 'composer'?"
    )
    assert (
        problem(validate_theme, {"color": {"accent": {"primary": "blue", "level": 1}}})
        == "theme.color.accent.primary: 'blue' is not a colour; use #rrggbb, rgb(), or hsl()"
    )


@pytest.mark.parametrize(
    ("validate", "value", "where", "suggestion"),
    [
        (validate_options, {"start_screen": {}}, "options.start_screen", "startScreen"),
        (validate_options, {"header": {"titel": {}}}, "options.header.titel", "title"),
        (validate_options, {"header": {"title": {"txt": "x"}}}, "options.header.title.txt", "text"),
        (
            validate_options,
            {"header": {"leftAction": {"icon": "home", "onClick": print, "onclik": print}}},
            "options.header.leftAction.onclik",
            "onClick",
        ),
        (
            validate_options,
            {"history": {"showdelete": True}},
            "options.history.showdelete",
            "showDelete",
        ),
        (
            validate_options,
            {"startScreen": {"prompts": [{"lable": "x", "label": "x", "prompt": "p"}]}},
            "options.startScreen.prompts[0].lable",
            "label",
        ),
        (
            validate_options,
            {
                "startScreen": {
                    "prompts": [
                        {"label": "x", "prompt": [{"type": "input_text", "txt": "a", "text": "a"}]}
                    ]
                }
            },
            "options.startScreen.prompts[0].prompt[0].txt",
            "text",
        ),
        (
            validate_options,
            {"composer": {"attachments": {"enabled": True, "maxsize": 1}}},
            "options.composer.attachments.maxsize",
            "maxSize",
        ),
        (
            validate_options,
            {"composer": {"tools": [{"id": "a", "label": "A", "icon": "bolt", "pined": True}]}},
            "options.composer.tools[0].pined",
            "pinned",
        ),
        (validate_options, {"composer": {"model": []}}, "options.composer.model", "models"),
        (
            validate_options,
            {"entities": {"onTagSerch": print}},
            "options.entities.onTagSerch",
            "onTagSearch",
        ),
        (
            validate_options,
            {"commands": {"enabled": True, "onSelected": print}},
            "options.commands.onSelected",
            "onSelect",
        ),
        (
            validate_options,
            {"widgets": {"onActions": print}},
            "options.widgets.onActions",
            "onAction",
        ),
        (
            validate_options,
            {"thread": {"autoscroll": True}},
            "options.thread.autoscroll",
            "autoScroll",
        ),
        (validate_theme, {"colourScheme": "dark"}, "theme.colourScheme", "colorScheme"),
        (validate_theme, {"color": {"acent": {}}}, "theme.color.acent", "accent"),
        (validate_theme, {"typography": {"lineHeight": 1.5}}, "theme.typography.lineHeight", None),
        (
            validate_theme,
            {"typography": {"fontSources": [{"family": "A", "src": "/a.woff2", "wieght": 400}]}},
            "theme.typography.fontSources[0].wieght",
            "weight",
        ),
    ],
)
def test_unknown_key_at_every_level(
    validate: Any, value: object, where: str, suggestion: str | None
) -> None:
    line = problem(validate, value)
    assert line.startswith(f"{where}: unknown key; allowed keys: ")
    if suggestion is None:
        assert "did you mean" not in line
    else:
        assert line.endswith(f"; did you mean {suggestion!r}?")


def test_unknown_key_lists_the_keys_of_its_own_level() -> None:
    assert problem(validate_options, {"history": {"bogus": 1}}) == (
        "options.history.bogus: unknown key; allowed keys: enabled, showDelete, showRename"
    )


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("api", "the widget provides `api` (its fetch goes to the kernel)"),
        ("theme", "use ChatKit(theme=...)"),
        ("onClientTool", "register client tools with the widget's @client_tool decorator"),
    ],
)
def test_keys_set_elsewhere_are_rejected_with_where_they_go(key: str, hint: str) -> None:
    value = (
        {"url": "/x", "domainKey": "k"}
        if key == "api"
        else print
        if key == "onClientTool"
        else "dark"
    )
    assert problem(validate_options, {key: value}) == f"options.{key}: not an option here; {hint}"


def test_keys_set_elsewhere_are_not_offered_as_allowed() -> None:
    line = problem(validate_options, {"apii": 1})
    allowed = line.split("allowed keys: ")[1].split(";")[0].split(", ")
    assert not {"api", "theme", "onClientTool"} & set(allowed)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"frameTitle": 3}, "options.frameTitle: expected a string, got 3"),
        ({"initialThread": 5}, "options.initialThread: expected a string, got 5"),
        ({"header": {"enabled": None}}, "options.header.enabled: expected a bool, got None"),
        ({"header": {"enabled": 1}}, "options.header.enabled: expected a bool, got 1"),
        ({"header": []}, "options.header: expected a dict, got []"),
        (
            {"startScreen": {"prompts": ({"label": "a", "prompt": "b"},)}},
            "options.startScreen.prompts: expected a list, got ({'label': 'a', 'prompt': 'b'},)",
        ),
        (
            {"composer": {"attachments": {"enabled": True, "maxCount": 2.0}}},
            "options.composer.attachments.maxCount: expected an integer, got 2.0",
        ),
        (
            {"composer": {"attachments": {"enabled": True, "maxSize": "big"}}},
            "options.composer.attachments.maxSize: expected a byte count or a dict of MIME pattern "
            "to byte count, got 'big'",
        ),
        (
            {"composer": {"attachments": {"enabled": True, "maxSize": {"image/*": "1MB"}}}},
            "options.composer.attachments.maxSize['image/*']: expected an integer, got '1MB'",
        ),
        (
            {"composer": {"attachments": {"enabled": True, "accept": {"image/*": [1]}}}},
            "options.composer.attachments.accept['image/*'][0]: expected a string, got 1",
        ),
        (
            {"startScreen": {"prompts": [{"label": "a", "prompt": 5}]}},
            "options.startScreen.prompts[0].prompt: expected a string or a list of "
            "input_text/input_tag parts, got 5",
        ),
        (
            {"startScreen": {"prompts": [{"label": "a", "prompt": [{"type": "input_image"}]}]}},
            "options.startScreen.prompts[0].prompt[0].type: 'input_image' is not allowed; "
            "allowed: 'input_text', 'input_tag'",
        ),
        (
            {"startScreen": {"prompts": [{"label": "a", "prompt": [{"text": "x"}]}]}},
            "options.startScreen.prompts[0].prompt[0].type: required key is missing",
        ),
        (
            {
                "startScreen": {
                    "prompts": [{"label": "a", "prompt": [{"type": "input_tag", "text": "x"}]}]
                }
            },
            "options.startScreen.prompts[0].prompt[0].id: required key is missing",
        ),
        (
            {
                "startScreen": {
                    "prompts": [
                        {
                            "label": "a",
                            "prompt": [
                                {
                                    "type": "input_tag",
                                    "text": "x",
                                    "id": "i",
                                    "data": {"when": object},
                                }
                            ],
                        }
                    ]
                }
            },
            "options.startScreen.prompts[0].prompt[0].data['when']: expected a JSON value "
            "(str, int, float, bool, None, list or dict), got <class 'object'>",
        ),
        (
            {"disclaimer": {"highContrast": True}},
            "options.disclaimer.text: required key is missing",
        ),
        ({"commands": {}}, "options.commands.enabled: required key is missing"),
        (
            {"composer": {"dictation": {}}},
            "options.composer.dictation.enabled: required key is missing",
        ),
        (
            {"header": {"leftAction": {"icon": "home"}}},
            "options.header.leftAction.onClick: required key is missing",
        ),
        (
            {"composer": {"tools": [{"id": "a", "label": "A"}]}},
            "options.composer.tools[0].icon: required key is missing",
        ),
        ("not a dict", "options: expected a dict, got 'not a dict'"),
    ],
)
def test_type_errors_name_the_path(value: object, expected: str) -> None:
    assert problem(validate_options, value) == expected


def test_long_values_are_shortened() -> None:
    line = problem(validate_options, {"frameTitle": ["x" * 200]})
    assert line.startswith("options.frameTitle: expected a string, got ['xxx")
    assert line.endswith("...")
    assert len(line) < 120


def test_every_problem_is_reported_on_its_own_line() -> None:
    lines = problems(
        validate_options,
        {
            "locale": "klingon",
            "history": {"enabled": "no"},
            "composer": {"attachments": {"maxCount": 0}, "placeholdr": "x"},
        },
    )
    assert [line.split(":")[0] for line in lines] == [
        "options.locale",
        "options.history.enabled",
        "options.composer.attachments.enabled",
        "options.composer.attachments.maxCount",
        "options.composer.placeholdr",
    ]
    with pytest.raises(ValueError, match="klingon"):  # OptionsError is a ValueError
        validate_options({"locale": "klingon"})


# -- literal values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("validate", "value", "expected"),
    [
        (
            validate_options,
            {"header": {"rightAction": {"icon": "sun", "onClick": print}}},
            "options.header.rightAction.icon: 'sun' is not allowed; allowed: 'sidebar-left', ",
        ),
        (
            validate_options,
            {"locale": "en-US"},
            "options.locale: 'en-US' is not allowed; allowed: 'am', 'ar', ",
        ),
        (
            validate_theme,
            {"colorScheme": "dim"},
            "theme.colorScheme: 'dim' is not allowed; allowed: 'light', 'dark'",
        ),
        (
            validate_theme,
            {"density": "cosy"},
            "theme.density: 'cosy' is not allowed; allowed: 'compact', 'normal', 'spacious'",
        ),
        (
            validate_theme,
            {"typography": {"baseSize": 13}},
            "theme.typography.baseSize: 13 is not allowed; allowed: 14, 15, 16, 17, 18",
        ),
        (
            validate_theme,
            {"typography": {"baseSize": True}},
            "theme.typography.baseSize: True is not allowed; allowed: 14, 15, 16, 17, 18",
        ),
        (
            validate_theme,
            {"color": {"grayscale": {"hue": 1, "tint": 10}}},
            "theme.color.grayscale.tint: 10 is not allowed; allowed: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9",
        ),
        (
            validate_theme,
            {"color": {"grayscale": {"hue": 1, "tint": 1, "shade": -5}}},
            "theme.color.grayscale.shade: -5 is not allowed; "
            "allowed: -4, -3, -2, -1, 0, 1, 2, 3, 4",
        ),
        (
            validate_theme,
            {"color": {"accent": {"primary": "#fff", "level": 4}}},
            "theme.color.accent.level: 4 is not allowed; allowed: 0, 1, 2, 3",
        ),
        (
            validate_theme,
            {"typography": {"fontSources": [{"family": "a", "src": "/a", "style": "bold"}]}},
            "theme.typography.fontSources[0].style: 'bold' is not allowed; "
            "allowed: 'normal', 'italic', 'oblique'",
        ),
        (
            validate_theme,
            {"typography": {"fontSources": [{"family": "a", "src": "/a", "display": "now"}]}},
            "theme.typography.fontSources[0].display: 'now' is not allowed; "
            "allowed: 'auto', 'block', 'swap', 'fallback', 'optional'",
        ),
        (validate_theme, "blue", "theme: 'blue' is not allowed; allowed: 'light', 'dark'"),
    ],
)
def test_wrong_literal_lists_the_allowed_values(
    validate: Any, value: object, expected: str
) -> None:
    assert problem(validate, value).startswith(expected)


def test_literal_lists_are_complete() -> None:
    line = problem(validate_options, {"header": {"leftAction": {"icon": "sun", "onClick": print}}})
    listed = re.findall(r"'([^']+)'", line.split("allowed: ")[1])
    assert listed == list(get_args(schema.HeaderIcon))


@pytest.mark.parametrize(
    "icon", ["sparkle", "write-alt2", "lucide:heart", "lucide:chart-line", "lucide:a1"]
)
def test_chatkit_icon_accepts_names_and_lucide(icon: str) -> None:
    validate_options({"startScreen": {"prompts": [{"label": "a", "prompt": "b", "icon": icon}]}})


@pytest.mark.parametrize(
    "icon", ["sparkles", "lucide:", "lucide:Heart", "lucide:a b", "light-mode"]
)
def test_chatkit_icon_rejects_others_and_mentions_lucide(icon: str) -> None:
    line = problem(
        validate_options, {"composer": {"tools": [{"id": "a", "label": "A", "icon": icon}]}}
    )
    assert line.startswith(
        f"options.composer.tools[0].icon: {icon!r} is not allowed; allowed: 'agent', "
    )
    assert line.endswith(", 'write-alt2', 'lucide:<name>'")


# -- theme values -------------------------------------------------------------------------------


def accent(primary: object) -> dict[str, Any]:
    return {"color": {"accent": {"primary": primary, "level": 1}}}


@pytest.mark.parametrize(
    "colour",
    [
        "#fff", "#FFF", "#ffff", "#0f172a", "#0F172A80",
        "rgb(255, 0, 0)", "rgb(255,0,0)", "rgb(255 0 0)", "rgba(0, 0, 0, 0.5)", "rgba(0, 0, 0, .5)",
        "rgb(100%, 0%, 50%)", "rgb(0 0 0 / 50%)", "rgb(12.5 0 255 / 0)", "RGB(1, 2, 3)",
        "hsl(210, 50%, 40%)", "hsl(210deg 50% 40%)", "hsla(210, 50%, 40%, 1)",
        "hsl(0 0% 100% / 0.25)", "hsl(360, 100%, 0%)", "hsl(120 50 50)",
    ],
)  # fmt: skip
def test_colour_formats_accepted(colour: str) -> None:
    assert validate_theme(accent(colour)) == accent(colour)
    surface = {"color": {"surface": {"background": colour, "foreground": colour}}}
    assert validate_theme(surface) == surface


@pytest.mark.parametrize(
    "colour",
    [
        "blue", "", " #fff", "#ff", "#fffff", "#fffffff", "#ggg", "fff",
        "rgb(256, 0, 0)", "rgb(-1, 0, 0)", "rgb(0, 0)", "rgb(0, 0, 0, 0, 0)", "rgb(0 0 0 /)",
        "rgba(0, 0, 0, 1.5)", "rgba(0, 0, 0, 101%)", "rgb(0deg, 0, 0)", "rgb(0, 0, 0 / 1)",
        "rgb(0, 0, 0) ", "rgb(1e2, 0, 0)", "rgb(0,0,0);background:url(x)",
        "hsl(361, 50%, 50%)", "hsl(10, 150%, 50%)", "hsl(10, 50%)", "hsl(1turn, 50%, 50%)",
        "var(--accent)", "transparent", "url(x)",
    ],
)  # fmt: skip
def test_colour_formats_rejected(colour: str) -> None:
    assert problem(validate_theme, accent(colour)) == (
        f"theme.color.accent.primary: {colour!r} is not a colour; use #rrggbb, rgb(), or hsl()"
    )


def test_colour_must_be_a_string() -> None:
    assert (
        problem(validate_theme, accent(0xFFFFFF))
        == "theme.color.accent.primary: expected a string, got 16777215"
    )


@pytest.mark.parametrize(
    ("hue", "ok"), [(0, True), (360, True), (180.5, True), (-1, False), (360.5, False)]
)
def test_hue_range(hue: float, ok: bool) -> None:
    value = {"color": {"grayscale": {"hue": hue, "tint": 0}}}
    if ok:
        assert validate_theme(value) == value
    else:
        bound = ">= 0" if hue < 0 else "<= 360"
        assert problem(validate_theme, value) == (
            f"theme.color.grayscale.hue: expected a number {bound}, got {hue!r}"
        )


def test_hue_must_be_a_number() -> None:
    assert (
        problem(validate_theme, {"color": {"grayscale": {"hue": "200", "tint": 0}}})
        == "theme.color.grayscale.hue: expected a number, got '200'"
    )
    assert (
        problem(validate_theme, {"color": {"grayscale": {"hue": True, "tint": 0}}})
        == "theme.color.grayscale.hue: expected a number, got True"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"composer": {"attachments": {"enabled": True, "maxCount": 0}}},
         "options.composer.attachments.maxCount: expected a number >= 1, got 0"),
        ({"composer": {"attachments": {"enabled": True, "maxSize": -1}}},
         "options.composer.attachments.maxSize: expected a number >= 0, got -1"),
        ({"composer": {"attachments": {"enabled": True, "maxSize": {"*": -5}}}},
         "options.composer.attachments.maxSize['*']: expected a number >= 0, got -5"),
    ],
)  # fmt: skip
def test_option_ranges(value: object, expected: str) -> None:
    assert problem(validate_options, value) == expected


def font(**fields: object) -> dict[str, Any]:
    return {"typography": {"fontSources": [{"family": "Inter", "src": "/inter.woff2", **fields}]}}


@pytest.mark.parametrize("weight", [1, 400, 1000, 450.5, "bold", "100 900"])
def test_font_weight_accepted(weight: object) -> None:
    assert validate_theme(font(weight=weight)) == font(weight=weight)


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        (0, "expected a number >= 1, got 0"),
        (1001, "expected a number <= 1000, got 1001"),
        (True, "expected a string or a number, got True"),
        (None, "expected a string or a number, got None"),
    ],
)
def test_font_weight_rejected(weight: object, expected: str) -> None:
    assert problem(validate_theme, font(weight=weight)) == (
        f"theme.typography.fontSources[0].weight: {expected}"
    )


@pytest.mark.parametrize(
    "src",
    [
        "https://fonts.example.com/Inter.woff2",
        "http://localhost:8888/files/inter.woff2",
        "//cdn.example.com/inter.woff2",
        "/static/fonts/inter.woff2",
        "fonts/inter.woff2?v=2#x",
        "data:font/woff2;base64,d09GMgABAAAAA==",
    ],
)
def test_font_src_accepted(src: str) -> None:
    assert validate_theme(font(src=src)) == font(src=src)


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "https://example.com/a'b.woff2",
        'https://example.com/a").woff2',
        "https://example.com/a\\b.woff2",
        "",
    ],
)
def test_font_src_rejected(src: str) -> None:
    assert problem(validate_theme, font(src=src)) == (
        f"theme.typography.fontSources[0].src: {src!r} is not a font URL; "
        "use an https://, data: or relative URL"
    )


def test_theme_forms() -> None:
    assert validate_theme("light") == "light"
    assert validate_theme("dark") == "dark"
    assert validate_theme({}) == {}
    assert validate_theme({"radius": "soft"}) == {"radius": "soft"}
    assert (
        problem(validate_theme, 3) == "theme: expected 'light', 'dark' or a ThemeOption dict, got 3"
    )
    assert problem(validate_theme, None) == (
        "theme: expected 'light', 'dark' or a ThemeOption dict, got None"
    )


def test_full_theme_round_trip_unchanged() -> None:
    theme = {
        "colorScheme": "dark",
        "typography": {
            "baseSize": 15,
            "fontFamily": "Inter, sans-serif",
            "fontFamilyMono": "JetBrains Mono, monospace",
            "fontSources": [
                {
                    "family": "Inter",
                    "src": "https://rsms.me/inter/font-files/Inter-Regular.woff2",
                    "weight": 400,
                    "style": "normal",
                    "display": "swap",
                    "unicodeRange": "U+0000-00FF",
                }
            ],
        },
        "radius": "round",
        "density": "spacious",
        "color": {
            "grayscale": {"hue": 220, "tint": 6, "shade": -2},
            "accent": {"primary": "hsl(210 90% 60%)", "level": 2},
            "surface": {"background": "#0b1020", "foreground": "rgb(230 235 255)"},
        },
    }
    assert validate_theme(copy.deepcopy(theme)) == theme


def test_presets_are_valid() -> None:
    assert 5 <= len(THEME_PRESETS) <= 6
    for name, preset in THEME_PRESETS.items():
        assert validate_theme(preset) == preset, name


# -- traits -------------------------------------------------------------------------------------


class Chat(HasTraits):
    options = OptionsTrait().tag(sync=True)
    theme = ThemeTrait().tag(sync=True)
    height = HeightTrait().tag(sync=True)


def test_trait_defaults_are_valid() -> None:
    chat = Chat()
    assert chat.options == {}
    assert isinstance(chat.options, SyncedOptions)
    assert chat.options.callbacks == {}
    assert chat.theme == "light"
    assert chat.height == 600
    assert Chat.options.metadata["sync"] is True
    assert Chat().options is not chat.options


def test_options_trait_syncs_markers_and_keeps_callables() -> None:
    chat = Chat(options=full_options())
    assert chat.options == with_markers(full_options())
    assert json.loads(json.dumps(chat.options)) == chat.options
    assert chat.options.callbacks == CALLBACKS


def test_options_trait_reassignment_keeps_callables() -> None:
    first = Chat(options={"widgets": {"onAction": on_widget_action}, "locale": "fr"})
    second = Chat(options=first.options)
    assert second.options == first.options
    assert second.options.callbacks == {"widgets.onAction": on_widget_action}


def test_swapping_a_callback_needs_no_resync() -> None:
    chat = Chat(options={"widgets": {"onAction": on_widget_action}})
    changes: list[object] = []
    chat.observe(changes.append, "options")
    chat.options = {"widgets": {"onAction": on_left}}
    assert changes == []  # same JSON: nothing to send to the browser
    assert chat.options.callbacks == {"widgets.onAction": on_left}
    chat.options = {"widgets": {"onAction": on_left}, "locale": "en"}
    assert len(changes) == 1


@pytest.mark.parametrize(
    ("name", "value", "validate"),
    [
        ("options", {"history": {"showDelete": "yes"}}, validate_options),
        ("options", {"composr": {}, "theme": "dark"}, validate_options),
        ("theme", {"radius": "bubbly"}, validate_theme),
        ("theme", "blue", validate_theme),
    ],
)
def test_traits_raise_trait_error_with_the_same_message(
    name: str, value: object, validate: Any
) -> None:
    expected = "\n".join(problems(validate, value))
    with pytest.raises(TraitError) as info:
        Chat(**{name: value})
    assert str(info.value) == expected
    chat = Chat()
    with pytest.raises(TraitError) as info:
        setattr(chat, name, value)
    assert str(info.value) == expected
    assert getattr(chat, name) == getattr(Chat(), name), "a rejected value is not stored"


def test_widget_state_is_plain_json() -> None:
    import ipywidgets

    class Widget(ipywidgets.DOMWidget):  # type: ignore[misc]
        options = OptionsTrait().tag(sync=True)
        theme = ThemeTrait().tag(sync=True)
        height = HeightTrait().tag(sync=True)

    widget = Widget(options=full_options(), theme=THEME_PRESETS["forest"], height="70vh")
    state = widget.get_state()
    synced = {key: state[key] for key in ("options", "theme", "height")}
    assert json.loads(json.dumps(synced)) == {
        "options": with_markers(full_options()),
        "theme": THEME_PRESETS["forest"],
        "height": "70vh",
    }
    widget.close()


def test_theme_trait_accepts_presets() -> None:
    chat = Chat(theme=THEME_PRESETS["midnight"])
    assert chat.theme == THEME_PRESETS["midnight"]
    assert chat.theme is not THEME_PRESETS["midnight"]
    chat.theme = "dark"
    assert chat.theme == "dark"


@pytest.mark.parametrize(
    "height", [120, 600, 2000, "600px", "70vh", "100%", "40.5em", "30rem", "80dvh"]
)
def test_height_accepted(height: int | str) -> None:
    assert Chat(height=height).height == height


@pytest.mark.parametrize(
    "height", [119, 0, -5, True, 600.0, "600", "tall", "70 vh", "-10px", "calc(100vh - 10px)", None]
)
def test_height_rejected_naming_the_allowed_forms(height: object) -> None:
    with pytest.raises(TraitError) as info:
        Chat(height=height)
    assert str(info.value) == (
        f"height: {height!r} is not a height; use an int >= 120 (pixels) or a CSS length "
        "such as '600px', '70vh', '100%'"
    )


# -- the schema follows @openai/chatkit's types ----------------------------------------------------

# Copied from index.d.ts (1.9.0); checked against the file itself below when node_modules exists.
CHATKIT_OPTIONS_KEYS = {
    "api", "locale", "theme", "frameTitle", "initialThread", "onClientTool", "header", "history",
    "startScreen", "threadItemActions", "composer", "disclaimer", "entities", "commands",
    "widgets", "thread",
}  # fmt: skip


def test_top_level_keys_match_chatkit_options() -> None:
    assert set(schema.ChatKitOptions.model_fields) == CHATKIT_OPTIONS_KEYS


def dts() -> str:
    return (CHATKIT_TYPES / "index.d.ts").read_text()


def dts_object(name: str) -> str:
    match = re.search(rf"^export type {name} = \{{\n(.*?)^\}};", dts(), re.MULTILINE | re.DOTALL)
    assert match, name
    return match[1]


def keys_at(body: str, indent: int) -> set[str]:
    return set(re.findall(rf"^ {{{indent}}}(\w+)\??:", body, re.MULTILINE))


def dts_literals(name: str) -> set[str]:
    match = re.search(rf"^export type {name} =\n((?:  \|.*\n)+)", dts(), re.MULTILINE)
    assert match, name
    return set(re.findall(r"'([^']+)'", match[1]))


@pytest.fixture(autouse=True, scope="module")
def _chatkit_types_installed() -> None:
    """The schema is checked against the official types; their absence is a failure, not a skip."""
    assert CHATKIT_TYPES.exists(), "node_modules/@openai/chatkit is missing: run `npm ci`"


OBJECT_TYPES = [
    "ChatKitOptions", "HeaderOption", "HistoryOption", "StartScreenOption", "StartScreenPrompt",
    "WidgetsOption", "EntitiesOption", "CommandsOption", "DisclaimerOption",
    "ThreadItemActionsOption", "ThreadOption", "ComposerOption", "ToolOption", "ModelOption",
    "ThemeOption", "TypographyOption", "FontObject", "ColorOption", "GrayscaleOptions",
    "AccentColor", "SurfaceColors",
]  # fmt: skip

# Object types written inline in the .d.ts: (model, enclosing type, key).
INLINE_TYPES = [
    ("HeaderTitle", "HeaderOption", "title"),
    ("HeaderAction", "HeaderOption", "leftAction"),
    ("HeaderAction", "HeaderOption", "rightAction"),
    ("AttachmentsOption", "ComposerOption", "attachments"),
    ("DictationOption", "ComposerOption", "dictation"),
]


def test_pinned_chatkit_version() -> None:
    package = json.loads((CHATKIT_TYPES.parent / "package.json").read_text())
    assert package["version"] == "1.9.0", "new @openai/chatkit: review options.py against its types"


@pytest.mark.parametrize("name", OBJECT_TYPES)
def test_model_keys_match_dts(name: str) -> None:
    model = getattr(schema, name)
    assert set(model.model_fields) == keys_at(dts_object(name), 2)


@pytest.mark.parametrize(("model", "parent", "key"), INLINE_TYPES)
def test_inline_model_keys_match_dts(model: str, parent: str, key: str) -> None:
    block = re.search(
        rf"^  {key}\??: \{{\n(.*?)^  \}};", dts_object(parent), re.MULTILINE | re.DOTALL
    )
    assert block, key
    assert set(getattr(schema, model).model_fields) == keys_at(block[1], 4)


def test_required_keys_match_dts() -> None:
    for name in OBJECT_TYPES:
        body = dts_object(name)
        # `api` is required in ChatKitOptions, but here the widget supplies it.
        required = set(re.findall(r"^  (\w+):", body, re.MULTILINE)) - {"api"}
        model = getattr(schema, name)
        assert {k for k, f in model.model_fields.items() if f.is_required()} == required, name


@pytest.mark.parametrize(
    ("literal", "names"),
    [
        ("HeaderIcon", ["HeaderIcon"]),
        ("ChatKitIconName", ["ChatKitIcon"]),
        ("SupportedLocale", ["TranslatedLocale", "SupportedLocale"]),
        ("TranslatedLocale", ["TranslatedLocale"]),
    ],
)
def test_literal_unions_match_dts(literal: str, names: list[str]) -> None:
    assert set(get_args(getattr(schema, literal))) == set().union(*map(dts_literals, names))


def test_import_is_cheap() -> None:
    code = (
        "import sys, chatkit_notebook.options.schema, chatkit_notebook.options.traits; "
        "heavy = {'chatkit.server', 'openai', 'agents'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
