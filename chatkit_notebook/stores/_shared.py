"""What the stores share, so that they scope, order and serialize identically."""

from __future__ import annotations

import json
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


def naive_utc(created_at: datetime) -> datetime:
    """Aware values compare as instants (in UTC); naive ones are taken as they are."""
    if created_at.utcoffset() is not None:
        return created_at.astimezone(timezone.utc).replace(tzinfo=None)
    return created_at


def sort_key(created_at: datetime) -> str:
    """Fixed-width ISO text sorts like the datetime itself."""
    return naive_utc(created_at).isoformat(timespec="microseconds")


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


def next_cursor(data: list[Any], has_more: bool) -> str | None:
    """A page names the cursor of the next one only if there is a next one."""
    return data[-1].id if has_more and data else None


def is_answer(data: str) -> bool:
    """True for a stored structured input that was answered or skipped."""
    stored = json.loads(data)
    return bool(stored.get("type") == "structured_input" and stored.get("status") != "pending")


def reopens_answer(item_id: str, thread_id: str) -> ValueError:
    """`add_thread_item` upserts (chatkit's own agent runner re-adds a workflow it continues),
    but it never turns an answered structured input back into a question: that would lose the
    user's answer. `save_item` may still replace it."""
    return ValueError(
        f"structured input {item_id} in thread {thread_id} was already answered; "
        "add_thread_item does not reopen it (save_item replaces an item)"
    )


def not_found(kind: str, object_id: str, thread_id: str | None = None) -> NotFoundError:
    where = f" in thread {thread_id}" if thread_id is not None else ""
    return NotFoundError(f"{kind} {object_id} not found{where}")


class ForeignDatabaseError(RuntimeError):
    """The database (a SQLite file, a Postgres schema) holds tables chatkit-notebook did not
    create; the store leaves it untouched rather than migrate someone else's data."""


def check_tables(where: str, found: Mapping[str, set[str]], ours: Mapping[str, set[str]]) -> bool:
    """True if `found` (table -> columns) is empty, False if it holds our tables; raises
    ForeignDatabaseError otherwise. Extra tables beside ours are allowed."""
    if not found:
        return True
    if all(found.get(table) == columns for table, columns in ours.items()):
        return False
    described = ", ".join(
        f"{table}({', '.join(sorted(columns))})" for table, columns in sorted(found.items())
    )
    raise ForeignDatabaseError(
        f"{where} belongs to something else: it holds the tables {described}, which are not "
        f"chatkit-notebook's ({', '.join(sorted(ours))}). Nothing was changed; give the chat "
        "a new file or database (or another schema) of its own."
    )
