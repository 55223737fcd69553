"""The playground: every appearance option of a chat, edited live beside it, copied as code."""

from .controls import CONTROLS, SECTIONS, THEME_SECTIONS
from .layout import Playground
from .panel import ControlPanel
from .presets import PRESETS

__all__ = ["CONTROLS", "PRESETS", "SECTIONS", "THEME_SECTIONS", "ControlPanel", "Playground"]
