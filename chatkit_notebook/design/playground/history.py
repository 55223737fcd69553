"""Undo for the playground: one step per gesture, not one per event.

Dragging a slider or typing a word sends many edits of one control; they form one step until the
gesture ends (the panel sends `final`) or another control is edited.
"""

from __future__ import annotations

from .edits import Config

LIMIT = 200


class History:
    def __init__(self, initial: Config) -> None:
        self.initial = initial
        self._steps: list[Config] = []
        self._open: str | None = None

    @property
    def can_undo(self) -> bool:
        return bool(self._steps)

    def record(self, before: Config, control: str, *, final: bool = True) -> None:
        """`before` is the config the edit of `control` changed."""
        if self._open != control:
            self._steps.append(before)
            del self._steps[:-LIMIT]
        self._open = None if final else control

    def close(self) -> None:
        """Edits made elsewhere (from code, a preset) end the open gesture."""
        self._open = None

    def undo(self) -> Config | None:
        self._open = None
        return self._steps.pop() if self._steps else None
