"""Trait types for the widget's synced settings, validated through `options.py`.

Bad values fail at assignment with a `TraitError` that names the key path, rather than reaching the
browser, where ChatKit would ignore them or show nothing.
"""

import re
from collections.abc import Callable
from typing import Any

from traitlets import HasTraits, TraitError, TraitType

from .schema import OptionsError, ValidatedOptions, validate_options, validate_theme

__all__ = ["HeightTrait", "OptionsTrait", "SyncedOptions", "ThemeTrait"]


class SyncedOptions(dict[str, Any]):
    """The options as synced: a JSON dict in which each Python callable is replaced by a
    `{"$callback": path}` marker, plus the callables themselves in `callbacks` (path → callable).

    The callables ride on the value itself, not in a table next to the trait, so they can never
    disagree with it. Swapping a callback for another at the same path leaves the JSON unchanged,
    so nothing is re-sent; the widget looks callbacks up in `widget.options.callbacks` on each call.
    """

    def __init__(self, validated: ValidatedOptions) -> None:
        super().__init__(validated.json)
        self.callbacks: dict[str, Callable[..., Any]] = dict(validated.callbacks)

    def with_callables(self) -> dict[str, Any]:
        """The options as the user wrote them: markers replaced by their callables again."""

        def restore(node: dict[str, Any]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key, value in node.items():
                marker = value.get("$callback") if isinstance(value, dict) else None
                if isinstance(marker, str) and marker in self.callbacks:
                    out[key] = self.callbacks[marker]
                else:
                    out[key] = restore(value) if isinstance(value, dict) else value
            return out

        return restore(self)


class OptionsTrait(TraitType[SyncedOptions, object]):
    """ChatKit options (the JSON part of `ChatKitOptions`); the value is a `SyncedOptions`.

    Functions never reach the browser (they cannot be serialised, and synced state is saved in the
    notebook): the synced value holds `$callback` markers for the view to turn into JS functions
    that call back into the kernel.
    """

    def validate(self, obj: HasTraits | None, value: object) -> SyncedOptions:
        if isinstance(value, SyncedOptions):  # e.g. `b.options = a.options`: keep the callables
            value = value.with_callables()
        try:
            return SyncedOptions(validate_options(value))
        except OptionsError as exc:
            raise TraitError(str(exc)) from None

    def make_dynamic_default(self) -> SyncedOptions:
        return SyncedOptions(validate_options({}))


class ThemeTrait(TraitType[str | dict[str, Any], object]):
    """ChatKit `theme`: "light", "dark" or a ThemeOption dict."""

    default_value = "light"

    def validate(self, obj: HasTraits | None, value: object) -> str | dict[str, Any]:
        try:
            return validate_theme(value)
        except OptionsError as exc:
            raise TraitError(str(exc)) from None


_CSS_LENGTH = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:px|em|rem|%|vh|vw|dvh|svh|lvh)")
_MIN_HEIGHT = 120  # below this ChatKit's header and composer leave no room for the thread


class HeightTrait(TraitType[int | str, int | str]):
    """Height of the chat: pixels as an int, or a CSS length string."""

    default_value = 600
    info_text = f"an int >= {_MIN_HEIGHT} (pixels) or a CSS length such as '600px', '70vh', '100%'"

    def validate(self, obj: HasTraits | None, value: object) -> int | str:
        if isinstance(value, int) and not isinstance(value, bool) and value >= _MIN_HEIGHT:
            return value
        if isinstance(value, str) and _CSS_LENGTH.fullmatch(value):
            return value
        raise TraitError(f"{self.name}: {value!r} is not a height; use {self.info_text}")
