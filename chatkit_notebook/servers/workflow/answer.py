"""What a workflow returned → the text shown as its answer, unless it was shown already.

Exports return `{"output_text": ...}` after an agent wrote it (already streamed: not shown
again), a structured output (`{"output_text": <json>, "output_parsed": {...}}`, a pydantic
model), or an End node's fixed dict. Text is shown as a message, data as pretty JSON in a
Markdown code block, never as a Python repr.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel


def answer_text(value: object, shown: list[str]) -> str | None:
    """The answer to show for `value`, or None when there is nothing new to show."""
    if value is None:
        return None
    if isinstance(value, Mapping) and set(value) <= {"output_text", "output_parsed"}:
        if "output_parsed" in value and value["output_parsed"] is not None:
            return _new(_data(value["output_parsed"]), shown)
        if isinstance(value.get("output_text"), str):
            return _new(value["output_text"], shown)
    if isinstance(value, str):
        return _new(value, shown)
    if isinstance(value, Mapping) and len(value) == 1:
        (only,) = value.values()
        if isinstance(only, str):  # an End node with one text field: {"message": "..."}
            return _new(only, shown)
    return _new(_data(value), shown)


def _new(text: str, shown: list[str]) -> str | None:
    stripped = text.strip()
    if not stripped or any(stripped == s.strip() for s in shown):
        return None
    return text


def _data(value: object) -> str:
    plain = _plain(value)
    if isinstance(plain, str):
        return plain
    text = json.dumps(plain, indent=2, ensure_ascii=False, default=str)
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}json\n{text}\n{fence}"


def _plain(value: object) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value
