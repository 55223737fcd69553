"""The PostgreSQL store: one database behind several workers or machines.

Same rows and semantics as SQLiteStore (tests/test_stores.py runs on both), in a schema of its own
(`chatkit_notebook` unless told otherwise) so it never meets another application's `threads`
table. The schema is created on first use under an advisory lock, so workers starting together
create it once; a schema that holds someone else's tables is refused unchanged.

psycopg's async pool is bound to the event loop that opened it, and a chat may be used from more
than one (the kernel's, and the thread `serve()` runs uvicorn in): each loop gets its own pool.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import TYPE_CHECKING, Any

from chatkit.store import Store
from chatkit.types import Attachment, Page, ThreadItem, ThreadMetadata

from ._shared import (
    ATTACHMENT,
    ITEM,
    check_tables,
    descending,
    dump_thread,
    is_answer,
    naive_utc,
    next_cursor,
    not_found,
    parse_thread,
    reopens_answer,
    user_of,
)

if TYPE_CHECKING:
    from psycopg import AsyncConnection
    from psycopg_pool import AsyncConnectionPool

SCHEMA_VERSION = 1
DEFAULT_SCHEMA = "chatkit_notebook"

_TABLES = {
    "threads": {"seq", "id", "user_id", "created_at", "data"},
    "items": {"seq", "thread_id", "id", "user_id", "created_at", "data"},
    "attachments": {"id", "user_id", "data"},
    "store_version": {"version"},
}

# `data` is pydantic's JSON as text, byte for byte: jsonb would refuse the \u0000 a message may
# hold. `seq` records insertion order and breaks created_at ties; an item's thread row owns it
# (ON DELETE CASCADE), so deleting a thread is one statement.
_CREATE = """
CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE {schema}.threads (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    user_id text NOT NULL,
    created_at timestamp NOT NULL,
    data text NOT NULL
);
CREATE INDEX threads_by_user ON {schema}.threads (user_id, created_at, seq);
CREATE TABLE {schema}.items (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thread_id text NOT NULL REFERENCES {schema}.threads (id) ON DELETE CASCADE,
    id text NOT NULL,
    user_id text NOT NULL,
    created_at timestamp NOT NULL,
    data text NOT NULL,
    UNIQUE (thread_id, id)
);
CREATE INDEX items_by_thread ON {schema}.items (thread_id, created_at, seq);
CREATE TABLE {schema}.attachments (
    id text PRIMARY KEY,
    user_id text NOT NULL,
    data text NOT NULL
);
CREATE TABLE {schema}.store_version (version integer NOT NULL);
INSERT INTO {schema}.store_version VALUES ({version});
"""

_COLUMNS = """SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = %s"""

_THREAD = "SELECT data FROM {schema}.threads WHERE id = %s AND user_id = %s"
_THREAD_EXISTS = "SELECT 1 FROM {schema}.threads WHERE id = %s AND user_id = %s"
# A thread id belongs to the user who created it; the WHERE turns another user's save into a no-op.
_SAVE_THREAD = """INSERT INTO {schema}.threads AS t (id, user_id, created_at, data)
    VALUES (%s, %s, %s, %s)
    ON CONFLICT (id) DO UPDATE SET created_at = EXCLUDED.created_at, data = EXCLUDED.data
    WHERE t.user_id = EXCLUDED.user_id"""
_DELETE_THREAD = "DELETE FROM {schema}.threads WHERE id = %s AND user_id = %s"
_ITEM = "SELECT data FROM {schema}.items WHERE thread_id = %s AND id = %s AND user_id = %s"
_ITEM_FOR_UPDATE = _ITEM + " FOR UPDATE"
# Inserting through the owner's thread row checks ownership and writes in one statement (and
# the row lock it takes keeps a concurrent delete_thread from slipping in between).
_SAVE_ITEM = """INSERT INTO {schema}.items AS i (thread_id, id, user_id, created_at, data)
    SELECT id, %s, user_id, %s, %s FROM {schema}.threads WHERE id = %s AND user_id = %s
    ON CONFLICT (thread_id, id) DO UPDATE SET created_at = EXCLUDED.created_at,
        data = EXCLUDED.data"""
# save_item's first try: it usually replaces an item that exists (a streamed item's save), and a
# plain UPDATE is cheaper than an INSERT that conflicts.
_UPDATE_ITEM = """UPDATE {schema}.items SET created_at = %s, data = %s
    WHERE thread_id = %s AND id = %s AND user_id = %s"""
_DELETE_ITEM = "DELETE FROM {schema}.items WHERE thread_id = %s AND id = %s AND user_id = %s"
_ATTACHMENT = "SELECT data FROM {schema}.attachments WHERE id = %s AND user_id = %s"
_SAVE_ATTACHMENT = """INSERT INTO {schema}.attachments AS a (id, user_id, data) VALUES (%s, %s, %s)
    ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data WHERE a.user_id = EXCLUDED.user_id"""
_DELETE_ATTACHMENT = "DELETE FROM {schema}.attachments WHERE id = %s AND user_id = %s"


def _page_sql(table: str, scope: str, desc: bool, cursor: bool) -> str:
    """One statement per case. The cursor row is a sub-select, so a page is one index range scan
    in one round trip; a missing cursor gives no rows, which the caller tells apart from an
    empty page."""
    direction, compare = ("DESC", "<") if desc else ("ASC", ">")
    after = (
        f" AND (created_at, seq) {compare}"
        f" (SELECT created_at, seq FROM {{schema}}.{table} WHERE {scope} AND id = %(after)s)"
        if cursor
        else ""
    )
    return (
        f"SELECT data FROM {{schema}}.{table} WHERE {scope}{after}"
        f" ORDER BY created_at {direction}, seq {direction} LIMIT %(limit)s"
    )


_CASES = [(desc, cursor) for desc in (False, True) for cursor in (False, True)]
_PAGES = {
    **{("threads", *case): _page_sql("threads", "user_id = %(user)s", *case) for case in _CASES},
    **{
        ("items", *case): _page_sql("items", "thread_id = %(thread)s AND user_id = %(user)s", *case)
        for case in _CASES
    },
}
_THREAD_CURSOR = "SELECT 1 FROM {schema}.threads WHERE id = %(after)s AND user_id = %(user)s"
_ITEM_CURSOR = """SELECT 1 FROM {schema}.items
    WHERE thread_id = %(thread)s AND id = %(after)s AND user_id = %(user)s"""
_VERSION = "SELECT max(version) FROM {schema}.store_version"


class PostgresStore(Store[Any]):
    """`PostgresStore("postgresql://user:pass@host/db")`: threads, items and attachment metadata
    in PostgreSQL, scoped per user like SQLiteStore, through a pool of connections per event loop
    (`min_size`/`max_size` connections each). Every write is one transaction."""

    def __init__(
        self,
        url: str,
        *,
        schema: str = DEFAULT_SCHEMA,
        user_key: str = "user_id",
        min_size: int = 1,
        max_size: int = 10,
    ) -> None:
        _require_driver()
        from psycopg import sql

        if not schema.isidentifier():
            raise ValueError(f"schema must be a plain identifier (letters, digits, _): {schema!r}")
        self.url = url
        self.schema = schema
        self._user_key = user_key
        self._sizes = (min_size, max_size)
        name = sql.Identifier(schema).as_string()
        self._sql = {
            key: value.replace("{schema}", name)
            for key, value in {
                "create": _CREATE.replace("{version}", str(SCHEMA_VERSION)),
                "thread": _THREAD,
                "thread_exists": _THREAD_EXISTS,
                "save_thread": _SAVE_THREAD,
                "delete_thread": _DELETE_THREAD,
                "item": _ITEM,
                "item_for_update": _ITEM_FOR_UPDATE,
                "save_item": _SAVE_ITEM,
                "update_item": _UPDATE_ITEM,
                "delete_item": _DELETE_ITEM,
                "attachment": _ATTACHMENT,
                "save_attachment": _SAVE_ATTACHMENT,
                "delete_attachment": _DELETE_ATTACHMENT,
                "version": _VERSION,
                "threads_cursor": _THREAD_CURSOR,
                "items_cursor": _ITEM_CURSOR,
            }.items()
        }
        self._pages = {case: sql.replace("{schema}", name) for case, sql in _PAGES.items()}
        self._pools: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, asyncio.Future[AsyncConnectionPool]
        ] = weakref.WeakKeyDictionary()

    def __repr__(self) -> str:
        return f"PostgresStore(schema={self.schema!r})"  # the URL may hold a password

    # -- connections ----------------------------------------------------------------------------

    async def _pool(self) -> AsyncConnectionPool:
        """This loop's pool, opened once (concurrent first calls share the opening)."""
        loop = asyncio.get_running_loop()
        opening = self._pools.get(loop)
        if (
            opening is not None
            and opening.done()
            and not opening.cancelled()
            and opening.exception() is None
        ):
            return opening.result()  # the common case, without a shield per call
        if opening is None or opening.done():
            opening = self._pools[loop] = asyncio.ensure_future(self._open())
        try:
            return await asyncio.shield(opening)
        except BaseException:
            if opening.done() and self._pools.get(loop) is opening:
                del self._pools[loop]  # a failed opening is retried by the next call
            raise

    async def _open(self) -> AsyncConnectionPool:
        from psycopg import AsyncConnection
        from psycopg_pool import AsyncConnectionPool

        # A direct connection first: a wrong URL or a refused login raises psycopg's own error
        # at once, where the pool would only time out.
        async with await AsyncConnection.connect(self.url, autocommit=True) as conn:
            await self._prepare_schema(conn)
        min_size, max_size = self._sizes
        pool = AsyncConnectionPool(
            self.url,
            min_size=min_size,
            max_size=max_size,
            kwargs={"autocommit": True},  # one statement is one transaction: no BEGIN/COMMIT trips
            open=False,
            name=f"chatkit-{self.schema}",
        )
        await pool.open(wait=True, timeout=30)
        return pool

    async def _prepare_schema(self, conn: AsyncConnection[Any]) -> None:
        """Creates the tables on first use, once across processes (an advisory lock), after
        checking that the schema holds no one else's tables."""
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema,))
            cursor = await conn.execute(_COLUMNS, (self.schema,))
            found: dict[str, set[str]] = {}
            for table, column in await cursor.fetchall():
                found.setdefault(table, set()).add(column)
            where = f"schema {self.schema!r} of this PostgreSQL database"
            if check_tables(where, found, _TABLES):
                await conn.execute(self._sql["create"])
                return
            row = await (await conn.execute(self._sql["version"])).fetchone()
            if row is not None and row[0] is not None and row[0] > SCHEMA_VERSION:
                raise RuntimeError(
                    f"{where} has store version {row[0]}, newer than this chatkit-notebook's "
                    f"({SCHEMA_VERSION}); upgrade chatkit-notebook to open it"
                )

    async def aclose(self) -> None:
        """Closes the running loop's pool (pools of other loops close with their loop)."""
        opening = self._pools.pop(asyncio.get_running_loop(), None)
        if opening is not None and opening.done() and opening.exception() is None:
            await opening.result().close()

    # -- helpers --------------------------------------------------------------------------------

    def _user(self, context: Any) -> str:
        return user_of(context, self._user_key)

    async def _one(self, key: str, params: tuple[Any, ...]) -> Any:
        async with (await self._pool()).connection() as conn:
            cursor = await conn.execute(self._sql[key], params)
            return await cursor.fetchone()

    async def _write(self, key: str, params: tuple[Any, ...]) -> int:
        async with (await self._pool()).connection() as conn:
            cursor = await conn.execute(self._sql[key], params)
            return cursor.rowcount

    async def _page(self, table: str, desc: bool, params: dict[str, Any]) -> tuple[list[str], bool]:
        limit, cursor = params["limit"], params["after"] is not None
        async with (await self._pool()).connection() as conn:
            query = self._pages[table, desc, cursor]
            rows = await (await conn.execute(query, {**params, "limit": limit + 1})).fetchall()
            if not rows and cursor:
                found = await conn.execute(self._sql[f"{table}_cursor"], params)
                if await found.fetchone() is None:
                    kind = "Thread" if table == "threads" else "Item"
                    raise not_found(kind, params["after"], params.get("thread"))
        return [row[0] for row in rows[:limit]], len(rows) > limit

    # -- threads --------------------------------------------------------------------------------

    async def load_thread(self, thread_id: str, context: Any) -> ThreadMetadata:
        row = await self._one("thread", (thread_id, self._user(context)))
        if row is None:
            raise not_found("Thread", thread_id)
        return parse_thread(row[0])

    async def save_thread(self, thread: ThreadMetadata, context: Any) -> None:
        created = naive_utc(thread.created_at)
        params = (thread.id, self._user(context), created, dump_thread(thread))
        if not await self._write("save_thread", params):
            raise not_found("Thread", thread.id)

    async def load_threads(
        self, limit: int, after: str | None, order: str, context: Any
    ) -> Page[ThreadMetadata]:
        desc = descending(order, limit)
        user = self._user(context)
        params = {"user": user, "after": after, "limit": limit}
        rows, has_more = await self._page("threads", desc, params)
        data = [parse_thread(row) for row in rows]
        return Page(data=data, has_more=has_more, after=next_cursor(data, has_more))

    async def delete_thread(self, thread_id: str, context: Any) -> None:
        if not await self._write("delete_thread", (thread_id, self._user(context))):
            raise not_found("Thread", thread_id)

    # -- items ----------------------------------------------------------------------------------

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: Any
    ) -> Page[ThreadItem]:
        """Another user's thread, like a missing one, is an empty page (as the reference)."""
        desc = descending(order, limit)
        user = self._user(context)
        params = {"thread": thread_id, "user": user, "after": after, "limit": limit}
        rows, has_more = await self._page("items", desc, params)
        data = [ITEM.validate_json(row) for row in rows]
        return Page(data=data, has_more=has_more, after=next_cursor(data, has_more))

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        keep_answers = item.type == "structured_input"
        await self._upsert(thread_id, item, context, keep_answers=keep_answers, replace=False)

    async def save_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        await self._upsert(thread_id, item, context, keep_answers=False, replace=True)

    async def _upsert(
        self, thread_id: str, item: ThreadItem, context: Any, *, keep_answers: bool, replace: bool
    ) -> None:
        from psycopg.errors import ForeignKeyViolation

        user = self._user(context)
        params = (item.id, naive_utc(item.created_at), item.model_dump_json(), thread_id, user)
        async with (await self._pool()).connection() as conn:
            try:
                saved = await self._write_item(
                    conn, params, keep_answers=keep_answers, replace=replace
                )
            except ForeignKeyViolation:  # the thread was deleted while the item was written
                raise not_found("Thread", thread_id) from None
            if not saved:
                raise not_found("Thread", thread_id)

    async def _write_item(
        self,
        conn: AsyncConnection[Any],
        params: tuple[Any, ...],
        *,
        keep_answers: bool,
        replace: bool,
    ) -> int:
        item_id, created, data, thread_id, user = params
        if not keep_answers:
            if replace:
                update = (created, data, thread_id, item_id, user)
                if (await conn.execute(self._sql["update_item"], update)).rowcount:
                    return 1
            return (await conn.execute(self._sql["save_item"], params)).rowcount
        async with conn.transaction():  # the check and the write together, the stored row locked
            stored = await conn.execute(self._sql["item_for_update"], (thread_id, item_id, user))
            row = await stored.fetchone()
            if row is not None and is_answer(row[0]):
                raise reopens_answer(item_id, thread_id)
            return (await conn.execute(self._sql["save_item"], params)).rowcount

    async def load_item(self, thread_id: str, item_id: str, context: Any) -> ThreadItem:
        user = self._user(context)
        async with (await self._pool()).connection() as conn:
            row = await (
                await conn.execute(self._sql["item"], (thread_id, item_id, user))
            ).fetchone()
            if row is None:
                exists = await conn.execute(self._sql["thread_exists"], (thread_id, user))
                if await exists.fetchone() is None:
                    raise not_found("Thread", thread_id)
                raise not_found("Item", item_id, thread_id)
        return ITEM.validate_json(row[0])

    async def delete_thread_item(self, thread_id: str, item_id: str, context: Any) -> None:
        """A missing item is no error: the server also removes items that were never done."""
        user = self._user(context)
        async with (await self._pool()).connection() as conn:
            deleted = await conn.execute(self._sql["delete_item"], (thread_id, item_id, user))
            if not deleted.rowcount:
                exists = await conn.execute(self._sql["thread_exists"], (thread_id, user))
                if await exists.fetchone() is None:
                    raise not_found("Thread", thread_id)

    # -- attachments ----------------------------------------------------------------------------

    async def save_attachment(self, attachment: Attachment, context: Any) -> None:
        params = (attachment.id, self._user(context), attachment.model_dump_json())
        if not await self._write("save_attachment", params):
            raise not_found("Attachment", attachment.id)

    async def load_attachment(self, attachment_id: str, context: Any) -> Attachment:
        row = await self._one("attachment", (attachment_id, self._user(context)))
        if row is None:
            raise not_found("Attachment", attachment_id)
        return ATTACHMENT.validate_json(row[0])

    async def delete_attachment(self, attachment_id: str, context: Any) -> None:
        """A missing (or another user's) attachment is no error, as in the reference."""
        await self._write("delete_attachment", (attachment_id, self._user(context)))


def _require_driver() -> None:
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            "PostgresStore needs psycopg 3 and psycopg-pool: "
            "pip install 'chatkit-notebook[postgres]'"
        ) from exc
