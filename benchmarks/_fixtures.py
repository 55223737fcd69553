"""Thread fixtures: pre-filled threads written through the public Store API (B2, B5, B6).

Importable inside a kernel too (B5 adds the repository root to sys.path in a cell).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


def make_items(thread_id: str, count: int, *, start: datetime | None = None) -> list[Any]:
    """Alternating user / assistant messages, one second apart, texts ending in their index."""
    from chatkit.types import (
        AssistantMessageContent,
        AssistantMessageItem,
        InferenceOptions,
        UserMessageItem,
        UserMessageTextContent,
    )

    base = start or datetime(2025, 1, 1)
    items: list[Any] = []
    for i in range(count):
        created = base + timedelta(seconds=i)
        if i % 2 == 0:
            items.append(
                UserMessageItem(
                    id=f"{thread_id}_item_{i:05d}",
                    thread_id=thread_id,
                    created_at=created,
                    content=[UserMessageTextContent(text=f"Question number {i}: what next? q{i}")],
                    attachments=[],
                    inference_options=InferenceOptions(),
                )
            )
        else:
            items.append(
                AssistantMessageItem(
                    id=f"{thread_id}_item_{i:05d}",
                    thread_id=thread_id,
                    created_at=created,
                    content=[
                        AssistantMessageContent(
                            text=f"Answer number {i}. Some **markdown** with a [link]"
                            f"(https://example.com/{i}) and `code`. a{i}"
                        )
                    ],
                )
            )
    return items


async def fill_thread(
    store: Any, thread_id: str, count: int, *, context: Any = None, start: datetime | None = None
) -> None:
    """Creates `thread_id` in `store` with `count` items."""
    from chatkit.types import ThreadMetadata

    context = {} if context is None else context
    created = start or datetime(2025, 1, 1)
    await store.save_thread(
        ThreadMetadata(id=thread_id, created_at=created, title=f"{count} items"), context
    )
    for item in make_items(thread_id, count, start=created):
        await store.add_thread_item(thread_id, item, context)
