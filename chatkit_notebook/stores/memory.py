"""The in-memory store: nothing to set up, gone with the kernel."""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right, insort
from typing import Any

from chatkit.store import Store
from chatkit.types import Attachment, Page, ThreadItem, ThreadMetadata

from ._shared import (
    ATTACHMENT,
    ITEM,
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

_Key = tuple[str, int, str]
"""(created_at sort key, insertion seq, id): the seq breaks ties, so ids are never compared."""


class _Ordered:
    """Rows kept sorted by creation, so a page is a bisect and a slice, not a sort."""

    __slots__ = ("_data", "_keys", "_order")

    def __init__(self) -> None:
        self._data: dict[str, str] = {}
        self._keys: dict[str, _Key] = {}
        self._order: list[_Key] = []

    def __contains__(self, row_id: str) -> bool:
        return row_id in self._data

    def __getitem__(self, row_id: str) -> str:
        return self._data[row_id]

    def get(self, row_id: str) -> str | None:
        return self._data.get(row_id)

    def put(self, row_id: str, created: str, seq: int, data: str) -> None:
        """Upsert; an existing row keeps its insertion seq, so equal timestamps keep their order."""
        old = self._keys.get(row_id)
        if old is None or old[0] != created:
            if old is not None:
                del self._order[bisect_left(self._order, old)]
                seq = old[1]
            key = (created, seq, row_id)
            insort(self._order, key)
            self._keys[row_id] = key
        self._data[row_id] = data

    def remove(self, row_id: str) -> None:
        key = self._keys.pop(row_id, None)
        if key is not None:
            del self._order[bisect_left(self._order, key)]
            del self._data[row_id]

    def page(self, after: str | None, limit: int, desc: bool) -> tuple[list[str], bool]:
        order = self._order
        if desc:
            end = len(order) if after is None else bisect_left(order, self._keys[after])
            start = max(end - limit, 0)
            keys, has_more = order[start:end][::-1], start > 0
        else:
            start = 0 if after is None else bisect_right(order, self._keys[after])
            keys, has_more = order[start : start + limit], start + limit < len(order)
        return [self._data[key[2]] for key in keys], has_more


_NOTHING = _Ordered()
"""Read-only stand-in for a user without threads."""


class MemoryStore(Store[Any]):
    """Keeps JSON snapshots, not live objects: each load is a fresh copy the server may mutate,
    and exactly what round-trips through SQLiteStore round-trips here."""

    def __init__(self, *, user_key: str = "user_id") -> None:
        self._user_key = user_key
        self._seq = itertools.count()
        self._owners: dict[str, str] = {}  # thread id -> user
        self._threads: dict[str, _Ordered] = {}  # user -> threads
        self._items: dict[str, _Ordered] = {}  # thread id -> items
        self._attachments: dict[str, tuple[str, str]] = {}  # id -> (user, data)

    def _user(self, context: Any) -> str:
        return user_of(context, self._user_key)

    def _owned(self, thread_id: str, context: Any) -> str:
        """Another user's thread raises the same error as a thread that never existed."""
        user = self._user(context)
        if self._owners.get(thread_id) != user:
            raise not_found("Thread", thread_id)
        return user

    async def load_thread(self, thread_id: str, context: Any) -> ThreadMetadata:
        user = self._owned(thread_id, context)
        return parse_thread(self._threads[user][thread_id])

    async def save_thread(self, thread: ThreadMetadata, context: Any) -> None:
        data = dump_thread(thread)
        user = self._user(context)
        if self._owners.setdefault(thread.id, user) != user:
            raise not_found("Thread", thread.id)
        threads = self._threads.setdefault(user, _Ordered())
        threads.put(thread.id, sort_key(thread.created_at), next(self._seq), data)
        self._items.setdefault(thread.id, _Ordered())

    async def load_threads(
        self, limit: int, after: str | None, order: str, context: Any
    ) -> Page[ThreadMetadata]:
        desc = descending(order, limit)
        threads = self._threads.get(self._user(context), _NOTHING)
        if after is not None and after not in threads:
            raise not_found("Thread", after)
        rows, has_more = threads.page(after, limit, desc)
        data = [parse_thread(row) for row in rows]
        return Page(data=data, has_more=has_more, after=next_cursor(data, has_more))

    async def delete_thread(self, thread_id: str, context: Any) -> None:
        user = self._owned(thread_id, context)
        self._threads[user].remove(thread_id)
        del self._owners[thread_id], self._items[thread_id]

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: Any
    ) -> Page[ThreadItem]:
        """Another user's thread, like a missing one, is an empty page (as the reference)."""
        desc = descending(order, limit)
        owned = self._owners.get(thread_id) == self._user(context)
        items = self._items[thread_id] if owned else _NOTHING
        if after is not None and after not in items:
            raise not_found("Item", after, thread_id)
        rows, has_more = items.page(after, limit, desc)
        data = [ITEM.validate_json(row) for row in rows]
        return Page(data=data, has_more=has_more, after=next_cursor(data, has_more))

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        self._owned(thread_id, context)
        stored = self._items[thread_id].get(item.id)
        if item.type == "structured_input" and stored is not None and is_answer(stored):
            raise reopens_answer(item.id, thread_id)
        await self.save_item(thread_id, item, context)

    async def save_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        self._owned(thread_id, context)
        data = item.model_dump_json()
        self._items[thread_id].put(item.id, sort_key(item.created_at), next(self._seq), data)

    async def load_item(self, thread_id: str, item_id: str, context: Any) -> ThreadItem:
        self._owned(thread_id, context)
        data = self._items[thread_id].get(item_id)
        if data is None:
            raise not_found("Item", item_id, thread_id)
        return ITEM.validate_json(data)

    async def delete_thread_item(self, thread_id: str, item_id: str, context: Any) -> None:
        """A missing item is no error: the server also removes items that were never done."""
        self._owned(thread_id, context)
        self._items[thread_id].remove(item_id)

    async def save_attachment(self, attachment: Attachment, context: Any) -> None:
        user = self._user(context)
        old = self._attachments.get(attachment.id)
        if old is not None and old[0] != user:
            raise not_found("Attachment", attachment.id)
        self._attachments[attachment.id] = (user, attachment.model_dump_json())

    async def load_attachment(self, attachment_id: str, context: Any) -> Attachment:
        return ATTACHMENT.validate_json(self._attachment(attachment_id, context))

    async def delete_attachment(self, attachment_id: str, context: Any) -> None:
        """A missing (or another user's) attachment is no error, as in the reference: the server
        deletes the upload first, then its metadata."""
        entry = self._attachments.get(attachment_id)
        if entry is not None and entry[0] == self._user(context):
            del self._attachments[attachment_id]

    def _attachment(self, attachment_id: str, context: Any) -> str:
        entry = self._attachments.get(attachment_id)
        if entry is None or entry[0] != self._user(context):
            raise not_found("Attachment", attachment_id)
        return entry[1]
