"""The agent workbench: every run of a chat traced (`chat.runs`, `chat.inspector()`), evaluated
on a dataset (`evaluate`) and compared across versions (`compare`).

Modules stay small and single-purpose: `runs` (plain-data records, redacted through
`chatkit_notebook.redaction`), `tracing` (the agents SDK processor), `timeline` (HTML),
`inspector` (the live view), `cases`, `graders`, `evaluate`, `progress`, `results`, `compare`.
Heavy imports happen inside functions.
"""

from . import graders

__all__ = ["graders"]
