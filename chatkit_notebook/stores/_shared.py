"""What both stores share, so that they scope, order and serialize identically."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from chatkit.store import NotFoundError
from chatkit.types import Attachment, ThreadItem, ThreadMetadata
from pydantic import TypeAdapter

NO_USER = ""
"""Scope of contexts that name no user (an empty user id names no user either)."""

ITEM: TypeAdapter[ThreadItem] = TypeAdapter(ThreadItem)
ATTACHMENT: TypeAdapter[Attachment] = TypeAdapter(Attachment)


def user_of(context: Any, key: str) -> str:
    """Accept both mappings and objects, since ChatKit leaves the context type to the app."""
    value = context.get(key) if isinstance(context, Mapping) else getattr(context, key, None)
    return NO_USER if value is None else str(value)


def sort_key(created_at: datetime) -> str:
    """Fixed-width ISO text sorts like the datetime itself; aware values compare in UTC."""
    if created_at.utcoffset() is not None:
        created_at = created_at.astimezone(timezone.utc).replace(tzinfo=None)
    return created_at.isoformat(timespec="microseconds")


def descending(order: str, limit: int) -> bool:
    """The Store API types these loosely; reject bad values rather than guess (SQL reads -1 as
    "no limit")."""
    if order not in ("asc", "desc"):
        raise ValueError(f"order must be 'asc' or 'desc', not {order!r}")
    if limit < 0:
        raise ValueError(f"limit must not be negative, not {limit}")
    return order == "desc"


def dump_thread(thread: ThreadMetadata) -> str:
    """The server may pass a `Thread`; its page of items is not part of the metadata."""
    return thread.model_dump_json(exclude={"items"})


def parse_thread(data: str) -> ThreadMetadata:
    return ThreadMetadata.model_validate_json(data)


def not_found(kind: str, object_id: str, thread_id: str | None = None) -> NotFoundError:
    where = f" in thread {thread_id}" if thread_id is not None else ""
    return NotFoundError(f"{kind} {object_id} not found{where}")
