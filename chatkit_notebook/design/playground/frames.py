"""Messages from the playground's panel to the kernel (pydantic, like every wire shape here)."""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, JsonValue, TypeAdapter


class _Frame(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SetValue(_Frame):
    """A control changed. `seq` orders the panel's edits; `final` ends a gesture (a drag, a run
    of typing), so undo takes the whole gesture back at once."""

    type: Literal["set"]
    id: str
    value: JsonValue
    seq: int
    final: bool = True


class Undo(_Frame):
    type: Literal["undo"]


class Reset(_Frame):
    type: Literal["reset"]


class ApplyPreset(_Frame):
    type: Literal["preset"]
    name: str


PanelFrame: TypeAlias = Annotated[
    SetValue | Undo | Reset | ApplyPreset, Field(discriminator="type")
]
PANEL_FRAME: TypeAdapter[PanelFrame] = TypeAdapter(PanelFrame)
