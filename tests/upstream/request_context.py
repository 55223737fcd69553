"""Stand-in for `tests/_types.py`, which openai-chatkit's sdist leaves out: the suites only build
`RequestContext(user_id=...)` and read `.user_id`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    user_id: str
