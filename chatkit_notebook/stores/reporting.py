"""Store failures the user can see.

When a store method raises while the ChatKit server persists a streamed item, the server turns it
into a bare `stream.error` with no message and logs nothing the notebook user sees. Our servers
talk to the user's store through this wrapper, which records the failure in `chat.errors` and
re-raises it as a `CustomStreamError` naming the store method, so the chat shows it too.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from chatkit.errors import CustomStreamError
from chatkit.store import NotFoundError, Store, StoreItemType
from chatkit.types import Attachment, Page, ThreadItem, ThreadMetadata

from ..errors import ErrorLog

T = TypeVar("T")


class ReportingStore(Store[Any]):
    def __init__(self, inner: Store[Any], errors: ErrorLog) -> None:
        self.inner = inner
        self._errors = errors

    async def _guard(self, method: str, call: Awaitable[T]) -> T:
        try:
            return await call
        except (NotFoundError, CustomStreamError):
            raise  # part of the protocol: the server and the bridge answer these themselves
        except Exception as exc:
            message = f"the store's {method}() raised {exc!r}"
            self._errors.record(message, exc)
            raise CustomStreamError(message, allow_retry=True) from exc

    def generate_thread_id(self, context: Any) -> str:
        return self.inner.generate_thread_id(context)

    def generate_item_id(
        self, item_type: StoreItemType, thread: ThreadMetadata, context: Any
    ) -> str:
        return self.inner.generate_item_id(item_type, thread, context)

    async def load_thread(self, thread_id: str, context: Any) -> ThreadMetadata:
        return await self._guard("load_thread", self.inner.load_thread(thread_id, context))

    async def save_thread(self, thread: ThreadMetadata, context: Any) -> None:
        await self._guard("save_thread", self.inner.save_thread(thread, context))

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: Any
    ) -> Page[ThreadItem]:
        """Stores answer an empty page for a thread the user cannot see (the reference contract);
        the chat answers NotFound, as it does for the thread itself (a 404 over HTTP)."""
        await self.load_thread(thread_id, context)
        call = self.inner.load_thread_items(thread_id, after, limit, order, context)
        return await self._guard("load_thread_items", call)

    async def save_attachment(self, attachment: Attachment, context: Any) -> None:
        await self._guard("save_attachment", self.inner.save_attachment(attachment, context))

    async def load_attachment(self, attachment_id: str, context: Any) -> Attachment:
        call = self.inner.load_attachment(attachment_id, context)
        return await self._guard("load_attachment", call)

    async def delete_attachment(self, attachment_id: str, context: Any) -> None:
        call = self.inner.delete_attachment(attachment_id, context)
        await self._guard("delete_attachment", call)

    async def load_threads(
        self, limit: int, after: str | None, order: str, context: Any
    ) -> Page[ThreadMetadata]:
        return await self._guard(
            "load_threads", self.inner.load_threads(limit, after, order, context)
        )

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        await self._guard("add_thread_item", self.inner.add_thread_item(thread_id, item, context))

    async def save_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        await self._guard("save_item", self.inner.save_item(thread_id, item, context))

    async def load_item(self, thread_id: str, item_id: str, context: Any) -> ThreadItem:
        return await self._guard("load_item", self.inner.load_item(thread_id, item_id, context))

    async def delete_thread(self, thread_id: str, context: Any) -> None:
        await self._guard("delete_thread", self.inner.delete_thread(thread_id, context))

    async def delete_thread_item(self, thread_id: str, item_id: str, context: Any) -> None:
        call = self.inner.delete_thread_item(thread_id, item_id, context)
        await self._guard("delete_thread_item", call)
