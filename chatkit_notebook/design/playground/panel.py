"""The playground's control column: an anywidget drawing `controls.CONTROLS`, linked to one chat.

The kernel is the single source of truth: the panel sends each edit, the edit is validated with
the options schema and assigned to the chat's traits (so every view of the chat follows), and the
panel's mirror of the chat, its messages, contrast warnings and code snippets are synced back.
An invalid value changes nothing and its message is shown next to its control.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets
from pydantic import ValidationError

from ...bridge import bundle
from ...options.schema import OptionsError
from .contrast import contrast_warnings
from .controls import BY_ID, CONTROLS, SECTIONS
from .edits import Config, with_value
from .frames import PANEL_FRAME, ApplyPreset, Reset, SetValue, Undo
from .history import History
from .presets import PRESETS, matching, preset
from .snippets import snippets

if TYPE_CHECKING:
    from ...widget import ChatKit

GENERAL = ""  # the key of messages that belong to no control


class ControlPanel(anywidget.AnyWidget):
    """Controls for `chat`'s theme and options; `sections` picks which of `SECTIONS` to show."""

    _esm = bundle.loader_esm("playground")  # a few KB; playground.js comes over the comm
    controls = traitlets.List(traitlets.Dict()).tag(sync=True)
    sections = traitlets.List(traitlets.Unicode()).tag(sync=True)
    presets = traitlets.Dict().tag(sync=True)
    compact = traitlets.Bool(False).tag(sync=True)
    # the chat, mirrored (options as synced: callables are {"$callback": path} markers)
    theme = traitlets.Any("light").tag(sync=True)
    options = traitlets.Dict().tag(sync=True)
    follow_jupyter_theme = traitlets.Bool(False).tag(sync=True)
    # what the panel shows about it
    errors = traitlets.Dict(value_trait=traitlets.Unicode()).tag(sync=True)
    warnings = traitlets.List(traitlets.Unicode()).tag(sync=True)
    snippets = traitlets.Dict(value_trait=traitlets.Unicode()).tag(sync=True)
    preset = traitlets.Unicode("").tag(sync=True)
    can_undo = traitlets.Bool(False).tag(sync=True)
    applied = traitlets.Int(0).tag(sync=True)  # seq of the last edit handled

    def __init__(
        self, chat: ChatKit, sections: tuple[str, ...] = SECTIONS, *, compact: bool = False
    ) -> None:
        unknown = set(sections) - set(SECTIONS)
        if unknown:
            raise ValueError(f"unknown sections {sorted(unknown)}; sections: {list(SECTIONS)}")
        super().__init__(
            controls=[c.spec() for c in CONTROLS if c.section in sections],
            sections=list(sections),
            presets=copy.deepcopy(PRESETS),
            compact=compact,
        )
        self.chat = chat
        self.history = History(Config.of(chat))
        self._stash: dict[str, Any] = {}
        self._mirror()
        chat.observe(self._on_chat, names=["theme", "options", "follow_jupyter_theme"])
        self.on_msg(self._on_frame)
        self.on_msg(bundle.serve)

    # -- the panel's actions, also callable from Python -----------------------------------------

    def set(self, control_id: str, value: Any, *, final: bool = True) -> bool:
        """Write one control's value; False (and a message in `errors`) if it is invalid."""
        control = BY_ID.get(control_id)
        if control is None:
            self._error(GENERAL, f"no control {control_id!r}")
            return False
        before = Config.of(self.chat)
        try:
            after = with_value(before, control, value, self._stash)
        except OptionsError as exc:
            self._error(control_id, str(exc))
            return False
        self.errors = {k: v for k, v in self.errors.items() if k not in (control_id, GENERAL)}
        if after != before:
            self.history.record(before, control_id, final=final)
            after.apply_to(self.chat)
        elif final:
            self.history.close()
        self.can_undo = self.history.can_undo
        return True

    def apply_preset(self, name: str) -> None:
        """Use a preset's theme (the options stay)."""
        theme = preset(name)
        self._replace(lambda config: replace(config, theme=theme))

    def undo(self) -> None:
        """Take back the last change made in the panel (a whole drag or run of typing)."""
        config = self.history.undo()
        if config is not None:
            self._show(config)

    def reset(self) -> None:
        """Back to the theme and options the chat had when the panel was made (undoable)."""
        initial = self.history.initial
        self._replace(lambda _config: initial)

    # -- internals --------------------------------------------------------------------------------

    def _replace(self, new: Any) -> None:
        before = Config.of(self.chat)
        after = new(before)
        if after != before:
            self.history.record(before, "", final=True)
            self._show(after)

    def _show(self, config: Config) -> None:
        self.errors = {}
        config.apply_to(self.chat)
        self.can_undo = self.history.can_undo

    def _on_frame(self, _widget: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("ns") == bundle.NS:
            return  # the loader asking for playground.js: bundle.serve answers it
        try:
            frame = PANEL_FRAME.validate_python(content)
        except ValidationError as exc:
            self._error(GENERAL, f"ignored a malformed message from the panel: {exc}")
            return
        with self.hold_sync():
            if isinstance(frame, SetValue):
                self.set(frame.id, frame.value, final=frame.final)
                self.applied = max(self.applied, frame.seq)
            elif isinstance(frame, Undo):
                self.undo()
            elif isinstance(frame, Reset):
                self.reset()
            elif isinstance(frame, ApplyPreset):
                if frame.name in PRESETS:
                    self.apply_preset(frame.name)
                else:
                    self._error(GENERAL, f"no preset {frame.name!r}")

    def _on_chat(self, _change: object) -> None:
        self._mirror()

    def _mirror(self) -> None:
        chat = self.chat
        with self.hold_sync():
            self.theme = copy.deepcopy(chat.theme)
            self.options = copy.deepcopy(dict(chat.options))
            self.follow_jupyter_theme = chat.follow_jupyter_theme
            self.preset = matching(chat.theme)
            self.warnings = contrast_warnings(chat.theme)
            self.snippets = snippets(chat)
            self.can_undo = self.history.can_undo

    def _error(self, control_id: str, message: str) -> None:
        self.errors = {**self.errors, control_id: message}

    def close(self) -> None:
        """Idempotent: ipywidgets calls it again when the widget is garbage-collected."""
        chat = self.__dict__.pop("chat", None)
        if chat is not None:
            chat.unobserve(self._on_chat, names=["theme", "options", "follow_jupyter_theme"])
        super().close()
