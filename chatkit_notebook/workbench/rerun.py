"""Which message `chat.rerun()` answers again: the one given, else the last turn's."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..widget import ChatKit


async def rerun_target(
    chat: ChatKit, item_id: str | None, thread_id: str | None
) -> tuple[str, str]:
    """(thread id, user message id). Without either: the last run's message; with a thread only:
    its last user message; with a message only: the thread a run saw it in, or the open one."""
    runs = chat.runs
    if item_id is not None:
        known = next((r.thread_id for r in runs if r.user_item_id == item_id), None)
        return thread_id or known or chat._thread(None), item_id
    if thread_id is None:
        last = next((r for r in reversed(runs) if r.user_item_id and r.thread_id), None)
        if last is not None:
            return str(last.thread_id), str(last.user_item_id)
    thread_id = chat._thread(thread_id)
    users = [i for i in await chat.items(thread_id) if i["type"] == "user_message"]
    if not users:
        raise ValueError(f"thread {thread_id} has no user message to answer again")
    return thread_id, users[-1]["id"]
