"""The SQLite store: chats survive a kernel restart, in one file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from chatkit.store import Store
from chatkit.types import Attachment, Page, ThreadItem, ThreadMetadata

from ._shared import (
    ATTACHMENT,
    ITEM,
    ForeignDatabaseError,
    check_tables,
    descending,
    dump_thread,
    is_answer,
    next_cursor,
    not_found,
    parse_thread,
    reopens_answer,
    sort_key,
    user_of,
)

SCHEMA_VERSION = 1
"""Stored in `PRAGMA user_version`; bump it and add a migration step when the schema changes."""

# `seq` is an explicit INTEGER PRIMARY KEY (VACUUM may renumber an implicit rowid): it records
# insertion order, breaks created_at ties, and survives upserts (ON CONFLICT ... DO UPDATE).
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS threads (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        user TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS threads_by_user ON threads (user, created_at, seq)",
    """CREATE TABLE IF NOT EXISTS items (
        seq INTEGER PRIMARY KEY,
        thread_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (thread_id, id)
    )""",
    "CREATE INDEX IF NOT EXISTS items_by_thread ON items (thread_id, created_at, seq)",
    """CREATE TABLE IF NOT EXISTS attachments (
        id TEXT PRIMARY KEY,
        user TEXT NOT NULL,
        data TEXT NOT NULL
    )""",
)

_TABLES = {
    "threads": {"seq", "id", "user", "created_at", "data"},
    "items": {"seq", "thread_id", "id", "user", "created_at", "data"},
    "attachments": {"id", "user", "data"},
}
_TABLE_NAMES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"

_THREAD = "SELECT data FROM threads WHERE id = ? AND user = ?"
_THREAD_CURSOR = "SELECT created_at, seq FROM threads WHERE id = ? AND user = ?"
# A thread id belongs to the user who created it; the WHERE turns another user's save into a no-op.
_SAVE_THREAD = """INSERT INTO threads (id, user, created_at, data) VALUES (?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, data = excluded.data
    WHERE threads.user = excluded.user"""
_DELETE_THREAD = "DELETE FROM threads WHERE id = ? AND user = ?"
_DELETE_THREAD_ITEMS = "DELETE FROM items WHERE thread_id = ?"
_ITEM = "SELECT data FROM items WHERE thread_id = ? AND id = ? AND user = ?"
_ITEM_CURSOR = "SELECT created_at, seq FROM items WHERE thread_id = ? AND id = ? AND user = ?"
# Inserting through the owner's thread row checks ownership and writes in one statement. An
# unchanged created_at is left alone, which spares rewriting its index entry (the common case);
# a changed one is moved by _MOVE_ITEM.
_SAVE_ITEM = """INSERT INTO items (thread_id, id, user, created_at, data)
    SELECT id, ?, user, ?, ? FROM threads WHERE id = ? AND user = ?
    ON CONFLICT (thread_id, id) DO UPDATE SET data = excluded.data
    WHERE items.created_at = excluded.created_at"""
_MOVE_ITEM = "UPDATE items SET created_at = ?, data = ? WHERE thread_id = ? AND id = ? AND user = ?"
_DELETE_ITEM = "DELETE FROM items WHERE thread_id = ? AND id = ? AND user = ?"
_ATTACHMENT = "SELECT data FROM attachments WHERE id = ? AND user = ?"
_SAVE_ATTACHMENT = """INSERT INTO attachments (id, user, data) VALUES (?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET data = excluded.data WHERE attachments.user = excluded.user"""
_DELETE_ATTACHMENT = "DELETE FROM attachments WHERE id = ? AND user = ?"


def _page_sql(table: str, scope: str, desc: bool, cursor: bool) -> str:
    """One fixed statement per case, so sqlite3's statement cache keeps each one prepared."""
    direction, compare = ("DESC", "<") if desc else ("ASC", ">")
    after = f" AND (created_at, seq) {compare} (?, ?)" if cursor else ""
    return (
        f"SELECT data FROM {table} WHERE {scope}{after}"
        f" ORDER BY created_at {direction}, seq {direction} LIMIT ?"
    )


_CASES = [(desc, cursor) for desc in (False, True) for cursor in (False, True)]
_THREAD_PAGES = {case: _page_sql("threads", "user = ?", *case) for case in _CASES}
_ITEM_PAGES = {case: _page_sql("items", "thread_id = ? AND user = ?", *case) for case in _CASES}


def _check_foreign(path: str | os.PathLike[str]) -> None:
    """Reads an existing file's tables without writing anything (not even the journal mode), so
    a file that belongs to another application is refused unchanged."""
    if str(path) in ("", ":memory:") or not os.path.isfile(path) or not os.path.getsize(path):
        return
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            names = [row[0] for row in conn.execute(_TABLE_NAMES)]
            found = {
                name: {
                    row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (name,))
                }
                for name in names
            }
    except sqlite3.DatabaseError as exc:
        raise ForeignDatabaseError(
            f"{path} is not a SQLite database this store can open: {exc}"
        ) from exc
    check_tables(str(path), found, _TABLES)


class SQLiteStore(Store[Any]):
    """One connection for the store's lifetime; every write is one transaction, so a killed
    kernel leaves each thread and item either fully written or not at all."""

    def __init__(self, path: str | os.PathLike[str], *, user_key: str = "user_id") -> None:
        self._user_key = user_key
        self._lock = threading.Lock()
        _check_foreign(path)
        self._conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    def _migrate(self) -> None:
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"database schema version {version} is newer than this chatkit-notebook's "
                    f"({SCHEMA_VERSION}); upgrade chatkit-notebook to open it"
                )
            for statement in _SCHEMA:
                self._conn.execute(statement)
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _user(self, context: Any) -> str:
        return user_of(context, self._user_key)

    def _one(self, sql: str, params: tuple[Any, ...]) -> Any:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def _write(self, sql: str, params: tuple[Any, ...]) -> int:
        with self._lock, self._conn:
            return self._conn.execute(sql, params).rowcount

    def _page(
        self,
        sql: dict[tuple[bool, bool], str],
        scope: tuple[str, ...],
        cursor: tuple[str, int] | None,
        desc: bool,
        limit: int,
    ) -> tuple[list[str], bool]:
        params = (*scope, *(cursor or ()), limit + 1)
        with self._lock:
            rows = self._conn.execute(sql[desc, cursor is not None], params).fetchall()
        return [row[0] for row in rows[:limit]], len(rows) > limit

    def _require_thread(self, thread_id: str, user: str) -> None:
        if self._one(_THREAD_CURSOR, (thread_id, user)) is None:
            raise not_found("Thread", thread_id)

    async def load_thread(self, thread_id: str, context: Any) -> ThreadMetadata:
        row = self._one(_THREAD, (thread_id, self._user(context)))
        if row is None:
            raise not_found("Thread", thread_id)
        return parse_thread(row[0])

    async def save_thread(self, thread: ThreadMetadata, context: Any) -> None:
        params = (thread.id, self._user(context), sort_key(thread.created_at), dump_thread(thread))
        if not self._write(_SAVE_THREAD, params):
            raise not_found("Thread", thread.id)

    async def load_threads(
        self, limit: int, after: str | None, order: str, context: Any
    ) -> Page[ThreadMetadata]:
        desc = descending(order, limit)
        user = self._user(context)
        cursor = None
        if after is not None:
            cursor = self._one(_THREAD_CURSOR, (after, user))
            if cursor is None:
                raise not_found("Thread", after)
        rows, has_more = self._page(_THREAD_PAGES, (user,), cursor, desc, limit)
        data = [parse_thread(row) for row in rows]
        return Page(data=data, has_more=has_more, after=next_cursor(data, has_more))

    async def delete_thread(self, thread_id: str, context: Any) -> None:
        with self._lock, self._conn:
            if not self._conn.execute(_DELETE_THREAD, (thread_id, self._user(context))).rowcount:
                raise not_found("Thread", thread_id)
            self._conn.execute(_DELETE_THREAD_ITEMS, (thread_id,))

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: Any
    ) -> Page[ThreadItem]:
        """Another user's thread, like a missing one, is an empty page (as the reference)."""
        desc = descending(order, limit)
        scope = (thread_id, self._user(context))
        cursor = None
        if after is not None:
            cursor = self._one(_ITEM_CURSOR, (thread_id, after, scope[1]))
            if cursor is None:
                raise not_found("Item", after, thread_id)
        rows, has_more = self._page(_ITEM_PAGES, scope, cursor, desc, limit)
        data = [ITEM.validate_json(row) for row in rows]
        return Page(data=data, has_more=has_more, after=next_cursor(data, has_more))

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        await self._upsert(thread_id, item, context, keep_answers=item.type == "structured_input")

    async def save_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        await self._upsert(thread_id, item, context, keep_answers=False)

    async def _upsert(
        self, thread_id: str, item: ThreadItem, context: Any, *, keep_answers: bool
    ) -> None:
        created, data, user = sort_key(item.created_at), item.model_dump_json(), self._user(context)
        with self._lock, self._conn:
            if keep_answers:
                stored = self._conn.execute(_ITEM, (thread_id, item.id, user)).fetchone()
                if stored is not None and is_answer(stored[0]):
                    raise reopens_answer(item.id, thread_id)
            saved = self._conn.execute(_SAVE_ITEM, (item.id, created, data, thread_id, user))
            if not saved.rowcount:
                moved = self._conn.execute(_MOVE_ITEM, (created, data, thread_id, item.id, user))
                if not moved.rowcount:
                    raise not_found("Thread", thread_id)

    async def load_item(self, thread_id: str, item_id: str, context: Any) -> ThreadItem:
        user = self._user(context)
        row = self._one(_ITEM, (thread_id, item_id, user))
        if row is None:
            self._require_thread(thread_id, user)
            raise not_found("Item", item_id, thread_id)
        return ITEM.validate_json(row[0])

    async def delete_thread_item(self, thread_id: str, item_id: str, context: Any) -> None:
        """A missing item is no error: the server also removes items that were never done."""
        user = self._user(context)
        if not self._write(_DELETE_ITEM, (thread_id, item_id, user)):
            self._require_thread(thread_id, user)

    async def save_attachment(self, attachment: Attachment, context: Any) -> None:
        params = (attachment.id, self._user(context), attachment.model_dump_json())
        if not self._write(_SAVE_ATTACHMENT, params):
            raise not_found("Attachment", attachment.id)

    async def load_attachment(self, attachment_id: str, context: Any) -> Attachment:
        row = self._one(_ATTACHMENT, (attachment_id, self._user(context)))
        if row is None:
            raise not_found("Attachment", attachment_id)
        return ATTACHMENT.validate_json(row[0])

    async def delete_attachment(self, attachment_id: str, context: Any) -> None:
        """A missing (or another user's) attachment is no error, as in the reference: the server
        deletes the upload first, then its metadata."""
        self._write(_DELETE_ATTACHMENT, (attachment_id, self._user(context)))
