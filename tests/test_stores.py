"""One suite for the three stores: they must be interchangeable behind ChatKitServer."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid
import warnings
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from chatkit.actions import ActionConfig
from chatkit.server import ChatKitServer, NonStreamingResult, StreamingResult
from chatkit.store import NotFoundError, Store
from chatkit.types import (
    Annotation,
    AssistantMessageContent,
    AssistantMessageItem,
    Attachment,
    AttachmentUploadDescriptor,
    ClientToolCallItem,
    CustomSummary,
    CustomTask,
    DurationSummary,
    EndOfTurnItem,
    EntitySource,
    FileAttachment,
    FileSource,
    FileTask,
    GeneratedImage,
    GeneratedImageItem,
    HiddenContextItem,
    ImageAttachment,
    InferenceOptions,
    ItemsListParams,
    ItemsListReq,
    LockedStatus,
    Page,
    SDKHiddenContextItem,
    SearchTask,
    StructuredInputAnswer,
    StructuredInputFreeform,
    StructuredInputItem,
    StructuredInputMultipleChoice,
    StructuredInputMultipleChoiceOption,
    TaskItem,
    ThoughtTask,
    Thread,
    ThreadCreateParams,
    ThreadDeleteParams,
    ThreadGetByIdParams,
    ThreadItem,
    ThreadItemDoneEvent,
    ThreadListParams,
    ThreadMetadata,
    ThreadsCreateReq,
    ThreadsDeleteReq,
    ThreadsGetByIdReq,
    ThreadsListReq,
    ThreadStreamEvent,
    ThreadsUpdateReq,
    ThreadUpdateParams,
    ToolChoice,
    URLSource,
    UserMessageInput,
    UserMessageItem,
    UserMessageTagContent,
    UserMessageTextContent,
    WidgetItem,
    Workflow,
    WorkflowItem,
)
from chatkit.widgets import Button, Card, Col, Text
from pydantic import AnyUrl, TypeAdapter

from chatkit_notebook.stores import MemoryStore, PostgresStore, SQLiteStore
from chatkit_notebook.stores._shared import ForeignDatabaseError

from .postgres import PostgresCluster

# Named widget classes (Card, Text, ...) still work; they only warn, also when validated.
pytestmark = pytest.mark.filterwarnings("ignore:Direct usage of named widget:DeprecationWarning")

ROOT = str(Path(__file__).resolve().parents[1])
ITEM_ADAPTER: TypeAdapter[ThreadItem] = TypeAdapter(ThreadItem)
T0 = datetime(2025, 3, 4, 5, 6, 7, 891234)
ALICE = {"user_id": "alice"}
BOB = SimpleNamespace(user_id="bob")
THREAD = "thr_1"


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store[Any]]:
    if request.param == "memory":
        yield MemoryStore()
    elif request.param == "sqlite":
        sqlite_store = SQLiteStore(tmp_path / "chats.db")
        yield sqlite_store
        sqlite_store.close()
    else:
        postgres_store = new_postgres_store(request.getfixturevalue("postgres"))
        yield postgres_store
        await postgres_store.aclose()


def new_postgres_store(cluster: PostgresCluster, **options: Any) -> PostgresStore:
    """A store in a schema of its own in the session's database: as isolated as a new file."""
    return PostgresStore(cluster.url, schema=f"t_{uuid.uuid4().hex[:12]}", **options)


def thread_meta(
    thread_id: str = THREAD, created_at: datetime = T0, **fields: Any
) -> ThreadMetadata:
    return ThreadMetadata(id=thread_id, created_at=created_at, **fields)


def message(
    item_id: str, created_at: datetime = T0, text: str = "", thread_id: str = THREAD
) -> AssistantMessageItem:
    return AssistantMessageItem(
        id=item_id,
        thread_id=thread_id,
        created_at=created_at,
        content=[AssistantMessageContent(text=text or item_id)],
    )


def card() -> Card:
    with warnings.catch_warnings():  # built at import time, outside pytestmark's reach
        warnings.simplefilter("ignore", DeprecationWarning)
        return Card(
            children=[
                Col(padding={"x": 4, "y": 3}, children=[Text(value="Title", weight="medium")]),
                Button(label="Go", onClickAction=ActionConfig(type="go", payload={"n": 1})),
            ]
        )


def file_attachment(attachment_id: str = "atc_file") -> FileAttachment:
    return FileAttachment(
        id=attachment_id,
        name="notes.txt",
        mime_type="text/plain",
        upload_descriptor=AttachmentUploadDescriptor(
            url=AnyUrl("https://uploads.example.com/atc_file"), method="PUT", headers={"x": "1"}
        ),
        thread_id=THREAD,
        metadata={"bytes": 12, "path": "/tmp/notes.txt"},
    )


def image_attachment(attachment_id: str = "atc_image") -> ImageAttachment:
    return ImageAttachment(
        id=attachment_id,
        name="plot.png",
        mime_type="image/png",
        preview_url=AnyUrl("https://example.com/plot.png?size=small"),
    )


def every_item_type() -> list[ThreadItem]:
    at = [T0 + timedelta(microseconds=n) for n in range(20)]
    return [
        UserMessageItem(
            id="msg_user",
            created_at=at[0],
            content=[
                UserMessageTextContent(text="Compare "),
                UserMessageTagContent(
                    id="tag_1", text="@df", data={"rows": 3}, group="frames", interactive=True
                ),
            ],
            attachments=[file_attachment(), image_attachment()],
            quoted_text="earlier answer",
            inference_options=InferenceOptions(tool_choice=ToolChoice(id="plot"), model="gpt-x"),
            thread_id=THREAD,
        ),
        AssistantMessageItem(
            id="msg_assistant",
            created_at=at[1],
            content=[
                AssistantMessageContent(
                    text="See [1], [2] and [3].",
                    annotations=[
                        Annotation(source=URLSource(title="Docs", url="https://x.io"), index=4),
                        Annotation(source=FileSource(title="Data", filename="d.csv")),
                        Annotation(
                            source=EntitySource(
                                title="Cell 3", id="cell_3", icon="notebook", data={"n": 3}
                            ),
                            index=12,
                        ),
                    ],
                )
            ],
            thread_id=THREAD,
        ),
        ClientToolCallItem(
            id="tc_1",
            created_at=at[2],
            status="completed",
            call_id="call_1",
            name="get_selection",
            arguments={"cell": 3, "nested": {"a": [1, 2]}},
            output={"text": "selected"},
            thread_id=THREAD,
        ),
        WidgetItem(
            id="msg_widget", created_at=at[3], widget=card(), copy_text="Title", thread_id=THREAD
        ),
        WorkflowItem(
            id="wf_1",
            created_at=at[4],
            workflow=Workflow(
                type="custom",
                tasks=[
                    CustomTask(title="Search", icon="search", status_indicator="loading"),
                    SearchTask(
                        title_query="pandas",
                        queries=["pandas merge"],
                        sources=[URLSource(title="pd", url="https://pandas.pydata.org")],
                    ),
                    ThoughtTask(content="hmm", status_indicator="complete"),
                    FileTask(sources=[FileSource(title="f", filename="f.py")]),
                ],
                summary=CustomSummary(title="Done", icon="check"),
                expanded=True,
            ),
            thread_id=THREAD,
        ),
        WorkflowItem(
            id="wf_2",
            created_at=at[5],
            workflow=Workflow(type="reasoning", tasks=[], summary=DurationSummary(duration=3)),
            thread_id=THREAD,
        ),
        TaskItem(
            id="tsk_1", created_at=at[6], task=ThoughtTask(content="thinking"), thread_id=THREAD
        ),
        StructuredInputItem(
            id="si_1",
            created_at=at[7],
            status="answered",
            inputs=[
                StructuredInputMultipleChoice(
                    id="q1",
                    question="Pick",
                    options=[StructuredInputMultipleChoiceOption(value="A")],
                    multiple=True,
                    answer=StructuredInputAnswer(values=["A"]),
                ),
                StructuredInputFreeform(id="q2", question="Why?", description="say"),
            ],
            thread_id=THREAD,
        ),
        GeneratedImageItem(
            id="img_1",
            created_at=at[8],
            image=GeneratedImage(id="ig_1", url="data:image/png;base64,AAAA"),
            thread_id=THREAD,
        ),
        GeneratedImageItem(id="img_2", created_at=at[9], thread_id=THREAD),
        HiddenContextItem(
            id="hc_1", created_at=at[10], content={"cells": ["x = 1"], "n": None}, thread_id=THREAD
        ),
        SDKHiddenContextItem(
            id="shcx_1", created_at=at[11], content="The user cancelled.", thread_id=THREAD
        ),
        EndOfTurnItem(id="eot_1", created_at=at[12], thread_id=THREAD),
    ]


ITEMS = every_item_type()


async def ids(page_loader: Any) -> list[str]:
    return [entry.id for entry in (await page_loader).data]


# --- threads -------------------------------------------------------------------------------


async def test_thread_round_trip(store: Store[Any]) -> None:
    thread = thread_meta(
        title="Plots",
        status=LockedStatus(reason="read only"),
        allowed_image_domains=["example.com"],
        metadata={"previous_response_id": "resp_1", "nested": {"a": [1, None]}},
    )
    await store.save_thread(thread, ALICE)
    loaded = await store.load_thread(THREAD, ALICE)
    assert loaded == thread
    assert loaded.created_at == T0  # microseconds and naivety survive


async def test_a_thread_is_stored_without_its_items(store: Store[Any]) -> None:
    items: list[ThreadItem] = [message("msg_1")]
    await store.save_thread(Thread(id=THREAD, created_at=T0, items=Page(data=items)), ALICE)
    loaded = await store.load_thread(THREAD, ALICE)
    assert type(loaded) is ThreadMetadata
    assert (await store.load_thread_items(THREAD, None, 20, "asc", ALICE)).data == []


async def test_save_thread_upserts_in_place(store: Store[Any]) -> None:
    for n in range(3):
        await store.save_thread(thread_meta(f"thr_{n}"), ALICE)
    await store.save_thread(thread_meta("thr_1", title="Renamed"), ALICE)
    assert (await store.load_thread("thr_1", ALICE)).title == "Renamed"
    assert await ids(store.load_threads(10, None, "asc", ALICE)) == ["thr_0", "thr_1", "thr_2"]


async def test_threads_sort_by_created_at_then_insertion(store: Store[Any]) -> None:
    created = {"a": T0, "b": T0 - timedelta(days=1), "c": T0, "d": T0 + timedelta(seconds=1)}
    for thread_id, created_at in created.items():
        await store.save_thread(thread_meta(thread_id, created_at), ALICE)
    assert await ids(store.load_threads(10, None, "asc", ALICE)) == ["b", "a", "c", "d"]
    assert await ids(store.load_threads(10, None, "desc", ALICE)) == ["d", "c", "a", "b"]


@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_thread_pages_follow_the_cursor(store: Store[Any], order: str) -> None:
    expected = [f"thr_{n:02}" for n in range(25)]
    for thread_id in expected:
        await store.save_thread(thread_meta(thread_id), ALICE)  # identical timestamps
    if order == "desc":
        expected.reverse()
    seen: list[str] = []
    after = None
    for _ in range(3):
        page = await store.load_threads(10, after, order, ALICE)
        seen += [thread.id for thread in page.data]
        assert page.has_more is (len(seen) < 25)
        assert page.after == (page.data[-1].id if page.has_more else None)  # as the reference
        after = page.after
    assert seen == expected


# --- items ---------------------------------------------------------------------------------


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.type + ":" + item.id)
async def test_every_item_type_round_trips(store: Store[Any], item: ThreadItem) -> None:
    await store.save_thread(thread_meta(), ALICE)
    await store.add_thread_item(THREAD, item, ALICE)
    loaded = await store.load_item(THREAD, item.id, ALICE)
    assert type(loaded) is type(item)
    assert loaded == item
    assert (await store.load_thread_items(THREAD, None, 5, "asc", ALICE)).data == [item]


async def test_hidden_items_are_listed_like_any_other(store: Store[Any]) -> None:
    await store.save_thread(thread_meta(), ALICE)
    for item in ITEMS:
        await store.add_thread_item(THREAD, item, ALICE)
    page = await store.load_thread_items(THREAD, None, 50, "asc", ALICE)
    assert page.data == ITEMS
    assert (page.has_more, page.after) == (False, None)
    desc = await store.load_thread_items(THREAD, None, 50, "desc", ALICE)
    assert desc.data == ITEMS[::-1]


async def test_items_sort_by_created_at_then_insertion(store: Store[Any]) -> None:
    await store.save_thread(thread_meta(), ALICE)
    later, earlier = T0 + timedelta(minutes=1), T0 - timedelta(minutes=1)
    for item in [message("a", later), message("b", T0), message("c", earlier), message("d", T0)]:
        await store.add_thread_item(THREAD, item, ALICE)
    assert await ids(store.load_thread_items(THREAD, None, 10, "asc", ALICE)) == list("cbda")
    assert await ids(store.load_thread_items(THREAD, None, 10, "desc", ALICE)) == list("adbc")


async def test_aware_timestamps_sort_by_instant(store: Store[Any]) -> None:
    await store.save_thread(thread_meta(), ALICE)
    plus_two = timezone(timedelta(hours=2))
    first = message("first", datetime(2025, 1, 1, 11, 0, tzinfo=plus_two))  # 09:00 UTC
    second = message("second", datetime(2025, 1, 1, 10, 0, tzinfo=timezone.utc))
    await store.add_thread_item(THREAD, second, ALICE)
    await store.add_thread_item(THREAD, first, ALICE)
    page = await store.load_thread_items(THREAD, None, 10, "asc", ALICE)
    assert page.data == [first, second]
    assert page.data[0].created_at.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("limit", [1, 7, 20, 100])
async def test_item_pages_follow_the_cursor(store: Store[Any], order: str, limit: int) -> None:
    await store.save_thread(thread_meta(), ALICE)
    expected = [f"msg_{n:03}" for n in range(50)]
    for item_id in expected:
        await store.add_thread_item(THREAD, message(item_id), ALICE)  # identical timestamps
    if order == "desc":
        expected.reverse()
    seen: list[str] = []
    after = None
    while True:
        page = await store.load_thread_items(THREAD, after, limit, order, ALICE)
        assert len(page.data) == min(limit, 50 - len(seen))
        seen += [item.id for item in page.data]
        assert page.has_more is (len(seen) < 50)
        assert page.after == (seen[-1] if page.has_more else None)
        if not page.has_more:
            break
        after = page.after
    assert seen == expected


async def test_a_page_starts_right_after_the_cursor(store: Store[Any]) -> None:
    await store.save_thread(thread_meta(), ALICE)
    for n in range(6):
        await store.add_thread_item(THREAD, message(f"m{n}", T0 + timedelta(seconds=n % 2)), ALICE)
    # asc order: m0 m2 m4 m1 m3 m5
    assert await ids(store.load_thread_items(THREAD, "m4", 2, "asc", ALICE)) == ["m1", "m3"]
    assert await ids(store.load_thread_items(THREAD, "m1", 10, "desc", ALICE)) == ["m4", "m2", "m0"]
    last = await store.load_thread_items(THREAD, "m5", 10, "asc", ALICE)
    assert (last.data, last.has_more, last.after) == ([], False, None)


async def test_limit_zero_and_empty_threads(store: Store[Any]) -> None:
    await store.save_thread(thread_meta(), ALICE)
    empty = await store.load_thread_items(THREAD, None, 20, "desc", ALICE)
    assert (empty.data, empty.has_more, empty.after) == ([], False, None)
    await store.add_thread_item(THREAD, message("m"), ALICE)
    zero = await store.load_thread_items(THREAD, None, 0, "asc", ALICE)
    assert (zero.data, zero.has_more) == ([], True)


@pytest.mark.parametrize(("order", "limit"), [("ascending", 5), ("ASC", 5), ("asc", -1)])
async def test_bad_page_arguments_are_rejected(store: Store[Any], order: str, limit: int) -> None:
    await store.save_thread(thread_meta(), ALICE)
    with pytest.raises(ValueError, match=r"order|limit"):
        await store.load_thread_items(THREAD, None, limit, order, ALICE)
    with pytest.raises(ValueError, match=r"order|limit"):
        await store.load_threads(limit, None, order, ALICE)


@pytest.mark.parametrize("method", ["add_thread_item", "save_item"])
async def test_item_writes_are_upserts_that_keep_the_position(
    store: Store[Any], method: str
) -> None:
    await store.save_thread(thread_meta(), ALICE)
    for item_id in "abc":
        await store.add_thread_item(THREAD, message(item_id), ALICE)
    write = getattr(store, method)
    await write(THREAD, message("b", text="rewritten"), ALICE)
    await write(THREAD, message("d"), ALICE)  # unknown id: inserted at the end
    page = await store.load_thread_items(THREAD, None, 10, "asc", ALICE)
    assert [item.id for item in page.data] == list("abcd")
    assert page.data[1] == message("b", text="rewritten")


async def test_an_upsert_with_a_new_timestamp_moves_the_item(store: Store[Any]) -> None:
    await store.save_thread(thread_meta(), ALICE)
    for item_id in "abc":
        await store.add_thread_item(THREAD, message(item_id), ALICE)
    await store.save_item(THREAD, message("a", T0 + timedelta(seconds=1)), ALICE)
    assert await ids(store.load_thread_items(THREAD, None, 10, "asc", ALICE)) == list("bca")
    await store.save_item(THREAD, message("a", T0), ALICE)  # back: it keeps its first insertion
    assert await ids(store.load_thread_items(THREAD, None, 10, "asc", ALICE)) == list("abc")


def question(status: str = "pending") -> StructuredInputItem:
    answer = StructuredInputAnswer(values=["A"]) if status == "answered" else None
    choice = StructuredInputMultipleChoice(
        id="q1", question="Pick", options=[StructuredInputMultipleChoiceOption(value="A")]
    )
    choice.answer = answer
    return StructuredInputItem(
        id="si_1", thread_id=THREAD, created_at=T0, status=status, inputs=[choice]
    )


async def test_a_re_added_question_keeps_its_answer(store: Store[Any]) -> None:
    """add_thread_item upserts (chatkit's agent runner re-adds a workflow it continues), but an
    answered structured input is never turned back into a question by it; save_item may."""
    await store.save_thread(thread_meta(), ALICE)
    await store.add_thread_item(THREAD, question(), ALICE)
    await store.add_thread_item(THREAD, question(), ALICE)  # still pending: an ordinary upsert
    await store.save_item(THREAD, question("answered"), ALICE)
    with pytest.raises(ValueError, match=r"si_1 .* already answered"):
        await store.add_thread_item(THREAD, question(), ALICE)
    assert await store.load_item(THREAD, "si_1", ALICE) == question("answered")
    await store.save_item(THREAD, question(), ALICE)
    assert await store.load_item(THREAD, "si_1", ALICE) == question()


async def test_any_text_round_trips(store: Store[Any]) -> None:
    """NUL, lone surrogates' neighbours, emoji and RTL text: stored as pydantic's JSON, verbatim
    (PostgreSQL's jsonb would refuse the \\u0000)."""
    text = 'nul:\x00 tab:\t emoji:🧪 rtl:שלום quote:" backslash:\\ end'
    await store.save_thread(thread_meta(title=text, metadata={text: text}), ALICE)
    await store.add_thread_item(THREAD, message("m", text=text), ALICE)
    assert (await store.load_thread(THREAD, ALICE)).title == text
    assert await store.load_item(THREAD, "m", ALICE) == message("m", text=text)


async def test_same_item_id_in_two_threads(store: Store[Any]) -> None:
    for thread_id in ("thr_a", "thr_b"):
        await store.save_thread(thread_meta(thread_id), ALICE)
        await store.add_thread_item(thread_id, message("m", text=thread_id), ALICE)
    loaded = await store.load_item("thr_b", "m", ALICE)
    assert loaded == message("m", text="thr_b")
    await store.delete_thread_item("thr_a", "m", ALICE)
    assert await ids(store.load_thread_items("thr_b", None, 5, "asc", ALICE)) == ["m"]


async def test_delete_thread_item(store: Store[Any]) -> None:
    await store.save_thread(thread_meta(), ALICE)
    for item_id in "abc":
        await store.add_thread_item(THREAD, message(item_id), ALICE)
    await store.delete_thread_item(THREAD, "b", ALICE)
    await store.delete_thread_item(THREAD, "never-saved", ALICE)  # removed before it was done
    assert await ids(store.load_thread_items(THREAD, None, 10, "asc", ALICE)) == ["a", "c"]
    with pytest.raises(NotFoundError, match="b"):
        await store.load_item(THREAD, "b", ALICE)


async def test_delete_thread_removes_its_items(store: Store[Any]) -> None:
    for thread_id in ("thr_gone", "thr_kept"):
        await store.save_thread(thread_meta(thread_id), ALICE)
        await store.add_thread_item(thread_id, message("m"), ALICE)
    await store.delete_thread("thr_gone", ALICE)
    with pytest.raises(NotFoundError, match="thr_gone"):
        await store.load_thread("thr_gone", ALICE)
    assert await ids(store.load_thread_items("thr_gone", None, 10, "asc", ALICE)) == []
    assert await ids(store.load_threads(10, None, "asc", ALICE)) == ["thr_kept"]
    await store.save_thread(thread_meta("thr_gone"), ALICE)  # a new thread with the old id
    assert await ids(store.load_thread_items("thr_gone", None, 10, "asc", ALICE)) == []
    assert await ids(store.load_thread_items("thr_kept", None, 10, "asc", ALICE)) == ["m"]


# --- not found -----------------------------------------------------------------------------


NOT_FOUND: dict[str, Callable[[Store[Any]], Any]] = {
    "load_thread": lambda s: s.load_thread("thr_missing", ALICE),
    "delete_thread": lambda s: s.delete_thread("thr_missing", ALICE),
    "add_thread_item": lambda s: s.add_thread_item("thr_missing", message("m"), ALICE),
    "save_item": lambda s: s.save_item("thr_missing", message("m"), ALICE),
    "load_item:thread": lambda s: s.load_item("thr_missing", "m", ALICE),
    "delete_thread_item": lambda s: s.delete_thread_item("thr_missing", "m", ALICE),
    "load_item:item": lambda s: s.load_item(THREAD, "msg_missing", ALICE),
    "item_cursor": lambda s: s.load_thread_items(THREAD, "msg_missing", 20, "asc", ALICE),
    "thread_cursor": lambda s: s.load_threads(20, "thr_missing", "desc", ALICE),
    "load_attachment": lambda s: s.load_attachment("atc_missing", ALICE),
}


@pytest.mark.parametrize("call", NOT_FOUND.values(), ids=NOT_FOUND.keys())
async def test_missing_objects_raise_not_found_naming_them(
    store: Store[Any], call: Callable[[Store[Any]], Any]
) -> None:
    await store.save_thread(thread_meta(), ALICE)
    await store.add_thread_item(THREAD, message("m"), ALICE)
    with pytest.raises(NotFoundError, match=r"(thr|msg|atc)_missing"):
        await call(store)


# --- attachments ---------------------------------------------------------------------------


@pytest.mark.parametrize("make", [file_attachment, image_attachment])
async def test_attachment_round_trip_upsert_and_delete(
    store: Store[Any], make: Callable[[], Attachment]
) -> None:
    attachment = make()
    await store.save_attachment(attachment, ALICE)
    loaded = await store.load_attachment(attachment.id, ALICE)
    assert type(loaded) is type(attachment)
    assert loaded == attachment
    moved = attachment.model_copy(update={"thread_id": "thr_2", "upload_descriptor": None})
    await store.save_attachment(moved, ALICE)
    assert await store.load_attachment(attachment.id, ALICE) == moved
    await store.delete_attachment(attachment.id, ALICE)
    with pytest.raises(NotFoundError, match=attachment.id):
        await store.load_attachment(attachment.id, ALICE)


# --- users ---------------------------------------------------------------------------------


async def alice_has_a_chat(store: Store[Any]) -> None:
    await store.save_thread(thread_meta(title="alice's"), ALICE)
    await store.add_thread_item(THREAD, message("m", text="alice's"), ALICE)
    await store.save_attachment(file_attachment(), ALICE)


AS_BOB: dict[str, Callable[[Store[Any]], Any]] = {
    "load_thread": lambda s: s.load_thread(THREAD, BOB),
    "save_thread": lambda s: s.save_thread(thread_meta(title="bob's"), BOB),
    "delete_thread": lambda s: s.delete_thread(THREAD, BOB),
    "item_cursor": lambda s: s.load_thread_items(THREAD, "m", 20, "desc", BOB),
    "add_thread_item": lambda s: s.add_thread_item(THREAD, message("m", text="bob's"), BOB),
    "save_item": lambda s: s.save_item(THREAD, message("m", text="bob's"), BOB),
    "load_item": lambda s: s.load_item(THREAD, "m", BOB),
    "delete_thread_item": lambda s: s.delete_thread_item(THREAD, "m", BOB),
    "thread_cursor": lambda s: s.load_threads(20, THREAD, "desc", BOB),
    "save_attachment": lambda s: s.save_attachment(file_attachment(), BOB),
    "load_attachment": lambda s: s.load_attachment("atc_file", BOB),
}


@pytest.mark.parametrize("call", AS_BOB.values(), ids=AS_BOB.keys())
async def test_another_users_objects_do_not_exist(
    store: Store[Any], call: Callable[[Store[Any]], Any]
) -> None:
    await alice_has_a_chat(store)
    with pytest.raises(NotFoundError):
        await call(store)
    assert (await store.load_thread(THREAD, ALICE)).title == "alice's"
    assert await store.load_item(THREAD, "m", ALICE) == message("m", text="alice's")
    assert await store.load_attachment("atc_file", ALICE) == file_attachment()


async def test_the_reference_answers_for_what_is_not_yours(store: Store[Any]) -> None:
    """As openai-chatkit's own store suite expects: another user's (or a missing) thread lists
    no items, and deleting another user's (or a missing) attachment is a no-op. The chat's
    server still answers NotFound for the thread (stores/reporting.py)."""
    await alice_has_a_chat(store)
    for thread_id in (THREAD, "thr_missing"):
        page = await store.load_thread_items(thread_id, None, 20, "desc", BOB)
        assert (page.data, page.has_more, page.after) == ([], False, None)
    await store.delete_attachment("atc_file", BOB)
    await store.delete_attachment("atc_missing", ALICE)
    assert await store.load_attachment("atc_file", ALICE) == file_attachment()
    assert await ids(store.load_thread_items(THREAD, None, 20, "desc", ALICE)) == ["m"]


async def test_thread_lists_are_per_user(store: Store[Any]) -> None:
    await store.save_thread(thread_meta("thr_a1"), ALICE)
    await store.save_thread(thread_meta("thr_b1"), BOB)
    await store.save_thread(thread_meta("thr_a2"), {"user_id": "alice", "other": 1})
    await store.save_thread(thread_meta("thr_shared"), None)
    assert await ids(store.load_threads(20, None, "asc", ALICE)) == ["thr_a1", "thr_a2"]
    assert await ids(store.load_threads(20, None, "asc", BOB)) == ["thr_b1"]
    assert await ids(store.load_threads(20, None, "asc", None)) == ["thr_shared"]


@pytest.mark.parametrize("nobody", [None, {}, {"user_id": None}, object(), SimpleNamespace()])
async def test_contexts_without_a_user_share_one_scope(store: Store[Any], nobody: Any) -> None:
    await store.save_thread(thread_meta(), None)
    await store.add_thread_item(THREAD, message("m"), {})
    assert await store.load_item(THREAD, "m", nobody) == message("m")
    assert await ids(store.load_threads(20, None, "asc", nobody)) == [THREAD]
    with pytest.raises(NotFoundError):
        await store.load_thread(THREAD, ALICE)


@pytest.mark.parametrize("kind", ["memory", "sqlite", "postgres"])
async def test_the_user_key_is_configurable(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store: Any
    if kind == "memory":
        store = MemoryStore(user_key="tenant")
    elif kind == "sqlite":
        store = SQLiteStore(str(tmp_path / "tenants.db"), user_key="tenant")
    else:
        store = new_postgres_store(request.getfixturevalue("postgres"), user_key="tenant")
    await store.save_thread(thread_meta(), {"tenant": "acme", "user_id": "alice"})
    await store.load_thread(THREAD, SimpleNamespace(tenant="acme"))
    with pytest.raises(NotFoundError):
        await store.load_thread(THREAD, {"tenant": "initech", "user_id": "alice"})
    with pytest.raises(NotFoundError):
        await store.load_thread(THREAD, ALICE)
    if isinstance(store, SQLiteStore):
        store.close()
    elif isinstance(store, PostgresStore):
        await store.aclose()


# --- copies --------------------------------------------------------------------------------


async def test_stored_objects_are_copies(store: Store[Any]) -> None:
    thread = thread_meta(title="original", metadata={"k": ["v"]})
    item = ClientToolCallItem(
        id="tc", thread_id=THREAD, created_at=T0, call_id="c", name="n", arguments={"a": [1]}
    )
    attachment = file_attachment()
    await store.save_thread(thread, ALICE)
    await store.add_thread_item(THREAD, item, ALICE)
    await store.save_attachment(attachment, ALICE)

    thread.title, item.status = "changed after save", "completed"
    thread.metadata["k"].append("w")
    item.arguments["a"].append(2)
    attachment.metadata = {}
    for loaded in (
        await store.load_thread(THREAD, ALICE),
        (await store.load_threads(5, None, "asc", ALICE)).data[0],
    ):
        assert (loaded.title, loaded.metadata) == ("original", {"k": ["v"]})
        loaded.title = "changed after load"
        loaded.metadata["k"].clear()
    for loaded_item in (
        await store.load_item(THREAD, "tc", ALICE),
        (await store.load_thread_items(THREAD, None, 5, "asc", ALICE)).data[0],
    ):
        assert isinstance(loaded_item, ClientToolCallItem)
        assert (loaded_item.status, loaded_item.arguments) == ("pending", {"a": [1]})
        loaded_item.output = "mutated"
        loaded_item.arguments.clear()
    loaded_attachment = await store.load_attachment(attachment.id, ALICE)
    assert loaded_attachment.metadata == file_attachment().metadata
    loaded_attachment.name = "mutated"

    assert (await store.load_thread(THREAD, ALICE)).title == "original"
    assert (await store.load_item(THREAD, "tc", ALICE)).model_dump()["arguments"] == {"a": [1]}
    assert (await store.load_attachment(attachment.id, ALICE)) == file_attachment()


# --- SQLite only ---------------------------------------------------------------------------


async def test_sqlite_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "chats.db"
    store = SQLiteStore(path)
    await store.save_thread(thread_meta(title="kept"), ALICE)
    for item in ITEMS:
        await store.add_thread_item(THREAD, item, ALICE)
    await store.add_thread_item(THREAD, message("tie_1", ITEMS[-1].created_at), ALICE)
    await store.save_attachment(image_attachment(), ALICE)
    store.close()

    reopened = SQLiteStore(str(path))
    await reopened.add_thread_item(THREAD, message("tie_2", ITEMS[-1].created_at), ALICE)
    assert (await reopened.load_thread(THREAD, ALICE)).title == "kept"
    page = await reopened.load_thread_items(THREAD, None, 50, "asc", ALICE)
    last = ITEMS[-1].created_at  # the ties keep their insertion order across the restart
    assert page.data == [*ITEMS, message("tie_1", last), message("tie_2", last)]
    assert await reopened.load_attachment("atc_image", ALICE) == image_attachment()
    reopened.close()


async def test_two_sqlite_stores_share_one_file(tmp_path: Path) -> None:
    old, new = (
        SQLiteStore(tmp_path / "chats.db"),
        SQLiteStore(tmp_path / "chats.db"),
    )  # a re-run cell
    await old.save_thread(thread_meta(), ALICE)
    await new.add_thread_item(THREAD, message("m"), ALICE)
    assert await old.load_item(THREAD, "m", ALICE) == message("m")
    old.close()
    new.close()


def test_sqlite_connection_settings(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "chats.db")
    conn: sqlite3.Connection = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    store.close()
    SQLiteStore(tmp_path / "chats.db").close()  # the schema is created idempotently


def test_sqlite_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(RuntimeError, match="99"):
        SQLiteStore(path)


def another_applications_file(path: Path) -> bytes:
    """A SQLite file of some other program, with a `threads` table of its own (issue 16.9)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE threads (id TEXT PRIMARY KEY, title TEXT)")
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO threads VALUES ('t1', 'not yours')")
        conn.commit()
    return path.read_bytes()


def journal_mode(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


def test_sqlite_refuses_another_applications_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    before = another_applications_file(path)
    with pytest.raises(ForeignDatabaseError, match=r"belongs to something else") as refused:
        SQLiteStore(path)
    assert "notes(body), threads(id, title)" in str(refused.value)  # names what it found
    assert path.read_bytes() == before
    assert journal_mode(path) == "delete"  # not switched to WAL for good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]  # no -wal, no -shm


def test_sqlite_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n" * 200)
    with pytest.raises(ForeignDatabaseError, match="not a SQLite database"):
        SQLiteStore(path)
    assert path.read_text() == "just some notes\n" * 200


async def test_sqlite_accepts_tables_added_beside_its_own(tmp_path: Path) -> None:
    path = tmp_path / "chats.db"
    store = SQLiteStore(path)
    await store.save_thread(thread_meta(), ALICE)
    store.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE my_annotations (thread_id TEXT, note TEXT)")
        conn.commit()
    reopened = SQLiteStore(path)
    assert (await reopened.load_thread(THREAD, ALICE)).id == THREAD
    reopened.close()


async def test_sqlite_in_memory_database() -> None:
    store = SQLiteStore(":memory:")
    await store.save_thread(thread_meta(), None)
    assert (await store.load_thread(THREAD, None)).id == THREAD
    store.close()


async def test_sqlite_pages_are_index_searches(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "chats.db")
    conn: sqlite3.Connection = store._conn
    with conn:  # enough rows for the planner to prefer an index over a scan and sort
        conn.executemany(
            "INSERT INTO threads (id, user, created_at, data) VALUES (?, 'u', ?, '{}')",
            [(f"thr_{n}", f"2025-01-01T00:00:{n % 60:02}.000000") for n in range(1000)],
        )
        conn.executemany(
            "INSERT INTO items (thread_id, id, user, created_at, data) VALUES (?, ?, 'u', ?, '{}')",
            [(f"thr_{n % 1000}", f"m{n}", f"2025-01-01T00:{n % 60:02}:00") for n in range(100_000)],
        )
        conn.execute("ANALYZE")
    await store.save_thread(thread_meta("thr_x"), ALICE)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    await store.add_thread_item("thr_x", message("m0"), ALICE)
    await store.load_thread_items("thr_x", None, 20, "desc", ALICE)
    await store.load_thread_items("thr_x", "m0", 20, "asc", ALICE)
    await store.load_threads(20, None, "desc", ALICE)
    await store.load_threads(20, "thr_x", "asc", ALICE)
    await store.load_item("thr_x", "m0", ALICE)
    conn.set_trace_callback(None)
    selects = [sql for sql in statements if sql.lstrip().startswith("SELECT")]
    assert len(selects) >= 7
    for sql in selects:
        plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "SCAN" not in plan, (sql, plan)
        assert "TEMP B-TREE" not in plan, (sql, plan)
    store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_sqlite_writes_are_atomic_under_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    writer = textwrap.dedent(
        f"""
        import asyncio, datetime
        from chatkit.types import AssistantMessageContent, AssistantMessageItem, ThreadMetadata
        from chatkit_notebook.stores import SQLiteStore

        async def main():
            store = SQLiteStore({str(path)!r})
            now = datetime.datetime.now()
            for n in range(100_000):
                thread_id = f"thr_{{n // 50}}"
                if n % 50 == 0:
                    await store.save_thread(ThreadMetadata(id=thread_id, created_at=now), None)
                item = AssistantMessageItem(
                    id=f"m{{n}}", thread_id=thread_id, created_at=now,
                    content=[AssistantMessageContent(text="x" * (n % 9000))],  # some span pages
                )
                await store.add_thread_item(thread_id, item, None)
                if n == 200:
                    print("writing", flush=True)

        asyncio.run(main())
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"writing\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    threads = conn.execute("SELECT id FROM threads").fetchall()
    rows = conn.execute("SELECT thread_id, data FROM items").fetchall()
    conn.close()
    assert len(rows) > 200
    assert {thread_id for thread_id, _ in rows} <= {thread_id for (thread_id,) in threads}
    for _, data in rows:
        item = ITEM_ADAPTER.validate_json(data)
        assert isinstance(item, AssistantMessageItem)
        assert len(item.content[0].text) == int(item.id[1:]) % 9000
    SQLiteStore(path).close()


# --- through the ChatKit server ------------------------------------------------------------


async def test_chatkit_server_round_trip(store: Store[Any]) -> None:
    class EchoServer(ChatKitServer[Any]):
        async def respond(
            self, thread: ThreadMetadata, input_user_message: UserMessageItem | None, context: Any
        ) -> AsyncIterator[ThreadStreamEvent]:
            assert input_user_message is not None
            text = input_user_message.content[0].text
            yield ThreadItemDoneEvent(
                item=AssistantMessageItem(
                    id=self.store.generate_item_id("message", thread, context),
                    thread_id=thread.id,
                    created_at=datetime.now(),
                    content=[AssistantMessageContent(text=f"echo: {text}")],
                )
            )

    server = EchoServer(store)

    async def call(request: Any, context: Any = ALICE) -> Any:
        result = await server.process(request.model_dump_json(), context)
        if isinstance(result, StreamingResult):
            return [json.loads(chunk.removeprefix(b"data: ")) async for chunk in result]
        assert isinstance(result, NonStreamingResult)
        return json.loads(result.json)

    message_input = UserMessageInput(
        content=[UserMessageTextContent(text="hello")],
        attachments=[],
        inference_options=InferenceOptions(),
    )
    events = await call(ThreadsCreateReq(params=ThreadCreateParams(input=message_input)))
    assert events[0]["type"] == "thread.created"
    thread_id = events[0]["thread"]["id"]
    done = [event["item"]["type"] for event in events if event["type"] == "thread.item.done"]
    assert done == ["user_message", "assistant_message"]

    items = await call(ItemsListReq(params=ItemsListParams(thread_id=thread_id, order="asc")))
    assert [item["type"] for item in items["data"]] == ["user_message", "assistant_message"]
    assert items["data"][1]["content"][0]["text"] == "echo: hello"
    assert items["has_more"] is False

    threads = await call(ThreadsListReq(params=ThreadListParams()))
    assert [thread["id"] for thread in threads["data"]] == [thread_id]
    assert (await call(ThreadsListReq(params=ThreadListParams()), BOB))["data"] == []

    update = ThreadsUpdateReq(params=ThreadUpdateParams(thread_id=thread_id, title="Greeting"))
    assert (await call(update))["title"] == "Greeting"
    get = ThreadsGetByIdReq(params=ThreadGetByIdParams(thread_id=thread_id))
    fetched = await call(get)
    assert fetched["title"] == "Greeting"
    assert len(fetched["items"]["data"]) == 2
    with pytest.raises(NotFoundError):
        await call(get, BOB)

    assert await call(ThreadsDeleteReq(params=ThreadDeleteParams(thread_id=thread_id))) == {}
    with pytest.raises(NotFoundError, match=thread_id):
        await call(get)
    assert (await call(ThreadsListReq(params=ThreadListParams())))["data"] == []
