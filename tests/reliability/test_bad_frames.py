"""Untrusted frames: ≥ 10,000 random and malformed comm frames and ChatKit bodies against a
`respond=` chat, and 2,500 against an `agent=` chat (an openai-agents `Agent` whose model is a
`ScriptedModel` that never runs out: OpenAI's API cannot be reached here).

Each example is one frame given to a real `ChatKit` widget exactly as ipywidgets gives it a comm
message (`_handle_custom_msg(frame, [])`), with `send` replaced by a `Wire` that packs every frame
the way jupyter_client does. The example's requests are drained before the next one, and:

- no exception escapes the comm handler, and no task dies with an unretrieved exception;
- a frame with a usable id (a non-empty string) that is not a cancel gets exactly one terminal
  frame (response | end | error), and nothing is sent to any other id; other frames get none;
- a rejected request (an `error` frame before any chunk) leaves the store unchanged: no
  successful Store write, and for requests that reached the server an identical snapshot.

Violations are collected rather than raised at the first one, so a run reports every kind of
failure it met (with one example of each) together with its figures.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from agents import Agent, set_tracing_disabled
from chatkit.store import NotFoundError
from chatkit.types import (
    ClientToolCallItem,
    StructuredInputFreeform,
    StructuredInputItem,
    ThreadItemDoneEvent,
)
from chatkit.widgets import Button, Card, Text
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from chatkit_notebook import ChatKit, MemoryStore, testing

from .helpers import TERMINAL, Wire, snapshot

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EXAMPLES = int(os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "10000"))
AGENT_EXAMPLES = int(os.environ.get("RELIABILITY_FUZZ_AGENT_EXAMPLES", str(EXAMPLES // 4)))
SEEDED = 3  # threads the fuzzed requests can name: plain, widget-last, tool-call-last

# -- a server that gives valid requests something to chew on -------------------------------------


def respond(message: str, thread: Any) -> Any:
    """Scripted by the message, so seeded threads end with a widget, a tool call, a form."""
    if message == "widget":
        return Card(children=[Text(value="w"), Button(label="Go", onClickAction={"type": "go"})])
    if message == "tool":
        return ThreadItemDoneEvent(
            item=ClientToolCallItem(
                id=f"tc_{thread.id}",
                thread_id=thread.id,
                created_at=datetime.now(),
                call_id="call_1",
                name="lookup",
                arguments={},
            )
        )
    if message == "ask":
        return ThreadItemDoneEvent(
            item=StructuredInputItem(
                id=f"si_{thread.id}",
                thread_id=thread.id,
                created_at=datetime.now(),
                inputs=[StructuredInputFreeform(id="q1", question="Why?")],
            )
        )
    return iter(["echo: ", message[:50]])


class EndlessModel(testing.ScriptedModel):
    """Answers every call: a client tool call when the user says "tool", an echo otherwise."""

    def _next_turn(self) -> testing.Turn:
        last = self.calls[-1].input
        said = last[-1] if isinstance(last, list) and last else {}
        content = said.get("content") if isinstance(said, dict) else None
        if said.get("role") == "user" and "tool" in json.dumps(content):
            return testing.turn(testing.tool_call("lookup", {"query": "x"}))
        return testing.turn(testing.text("echo ", "from the agent"))


def agent_chat(store: MemoryStore) -> ChatKit:
    set_tracing_disabled(True)
    chat = ChatKit(agent=Agent(name="fuzzed", model=EndlessModel()), store=store)

    @chat.client_tool
    def lookup(query: str) -> dict[str, str]:
        return {"found": query}

    return chat


class CountingStore(MemoryStore):
    """Counts successful writes: a rejected request must not make any."""

    writes = 0

    async def save_thread(self, *args: Any, **kwargs: Any) -> None:
        await super().save_thread(*args, **kwargs)
        self.writes += 1

    async def add_thread_item(self, *args: Any, **kwargs: Any) -> None:
        await super().add_thread_item(*args, **kwargs)
        self.writes += 1

    async def delete_thread(self, *args: Any, **kwargs: Any) -> None:
        await super().delete_thread(*args, **kwargs)
        self.writes += 1

    async def delete_thread_item(self, *args: Any, **kwargs: Any) -> None:
        await super().delete_thread_item(*args, **kwargs)
        self.writes += 1

    async def save_attachment(self, *args: Any, **kwargs: Any) -> None:
        await super().save_attachment(*args, **kwargs)
        self.writes += 1

    async def delete_attachment(self, *args: Any, **kwargs: Any) -> None:
        await super().delete_attachment(*args, **kwargs)
        self.writes += 1


# -- strategies -----------------------------------------------------------------------------------

EDGE_TEXT = [
    "",
    " ",
    "\x00",
    "é",
    "👩‍💻",
    "\u202etxet",
    "\ufeff",
    "null",
    "{}",
    "\\",
    '"',
    "\ud800",  # a lone surrogate: JSON.stringify escapes it, json.loads gives it back
    "\udcff",
]
text = st.sampled_from(EDGE_TEXT) | st.text(max_size=8)
huge = st.builds(
    lambda c, n: c * n, st.sampled_from(["a", "é", "👩", "\x00", "["]), st.integers(1_000, 300_000)
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=5,
)

# Placeholders resolved against the live store at run time, so some ids name real objects.
thread_ids = st.sampled_from(["<<T0>>", "<<T1>>", "<<T2>>", "<<T0>>", "thr_missing"]) | text
item_ids = st.sampled_from(["<<I0>>", "<<I1>>", "<<I2>>", "<<I3>>", "msg_missing"]) | text


def wrong(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually the right kind of value, sometimes anything at all."""
    return st.one_of(*[strategy] * 6, json_values)


def params(required: dict[str, Any], optional: dict[str, Any] | None = None) -> Any:
    every = {k: wrong(v) for k, v in {**required, **(optional or {})}.items()}
    return st.one_of(
        st.fixed_dictionaries(
            {k: wrong(v) for k, v in required.items()},
            optional={k: every[k] for k in optional or {}} | {"extra": json_values},
        ),
        st.fixed_dictionaries({}, optional=every),  # required keys may be missing
    )


inputs = st.fixed_dictionaries(
    {
        "content": st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.sampled_from(["input_text", "input_tag"]) | text,
                    "text": st.sampled_from(["hello", "widget", "tool", "ask"]) | text | huge,
                },
                optional={"id": text, "data": json_values, "interactive": st.booleans()},
            ),
            max_size=2,
        ),
        "attachments": st.lists(text, max_size=2) | st.just([]),
        "inference_options": st.just({}) | st.dictionaries(text, json_values, max_size=2),
    },
    optional={"quoted_text": text | st.none()},
)
actions = st.fixed_dictionaries({"type": text, "payload": json_values})
order = st.sampled_from(["asc", "desc"]) | text
limit = st.integers(-5, 200) | st.none()


def fields(good: bool) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Each request type's (required, optional) params: well-formed ones, or anything goes."""
    tid = st.sampled_from(["<<T0>>", "<<T1>>", "<<T2>>"]) if good else thread_ids
    iid = st.sampled_from(["<<I0>>", "<<I1>>", "<<I2>>", "<<I3>>"]) if good else item_ids
    inp = good_inputs if good else inputs
    lim = st.integers(1, 50) if good else limit
    odr = st.sampled_from(["asc", "desc"]) if good else order
    act = st.fixed_dictionaries({"type": st.just("go"), "payload": json_values})
    act = act if good else actions
    ttl = st.text(max_size=8) if good else text | huge
    return {
        "threads.create": ({"input": inp}, {}),
        "threads.add_user_message": ({"thread_id": tid, "input": inp}, {}),
        "threads.add_client_tool_output": ({"thread_id": tid, "result": json_values}, {}),
        "threads.add_structured_input": (
            {"thread_id": tid, "item_id": iid, "input": json_values},
            {},
        ),
        "threads.retry_after_item": ({"thread_id": tid, "item_id": iid}, {}),
        "threads.custom_action": ({"thread_id": tid, "action": act}, {"item_id": iid}),
        "threads.get_by_id": ({"thread_id": tid}, {}),
        "threads.list": ({}, {"limit": lim, "order": odr, "after": tid}),
        "items.list": ({"thread_id": tid}, {"limit": lim, "order": odr, "after": iid}),
        "items.feedback": (
            {
                "thread_id": tid,
                "item_ids": st.lists(iid, max_size=3),
                "kind": st.sampled_from(["positive", "negative"]) if good else text,
            },
            {},
        ),
        "attachments.create": (
            {"name": text, "size": st.integers(-1, 10**12), "mime_type": text},
            {},
        ),
        "attachments.delete": ({"attachment_id": text}, {}),
        "threads.update": ({"thread_id": tid, "title": ttl}, {}),
        "threads.delete": ({"thread_id": tid}, {}),
        "input.transcribe": ({"audio_base64": text, "mime_type": text}, {}),
        "threads.sync_custom_action": ({"thread_id": tid, "item_id": iid, "action": act}, {}),
    }


good_inputs = st.fixed_dictionaries(
    {
        "content": st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.just("input_text"),
                    "text": st.sampled_from(["hello", "widget", "tool", "ask"]) | text,
                }
            ),
            min_size=1,
            max_size=2,
        ),
        "attachments": st.just([]),
        "inference_options": st.just({}),
    }
)
REQUESTS = {kind: params(*spec) for kind, spec in fields(good=False).items()}
WELL_FORMED = {
    kind: st.fixed_dictionaries(required, optional=optional)
    for kind, (required, optional) in fields(good=True).items()
}
well_formed_requests = st.one_of(
    [
        st.fixed_dictionaries({"type": st.just(kind), "params": strategy})
        for kind, strategy in WELL_FORMED.items()
    ]
)
chatkit_requests = st.one_of(
    [
        st.fixed_dictionaries(
            {"type": wrong(st.just(kind)), "params": strategy},
            optional={"metadata": json_values},
        )
        for kind, strategy in REQUESTS.items()
    ]
)
garbage_bodies = st.one_of(
    text,
    huge,
    json_values.map(json.dumps),
    st.integers(1, 200_000).map(lambda n: "[" * n + "]" * n),  # nesting deeper than json allows
    st.integers(1, 200_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    chatkit_requests.map(lambda r: json.dumps(r)[:-1]),  # truncated
)
bodies = chatkit_requests.map(json.dumps) | garbage_bodies
request_ids = (
    st.text(min_size=1, max_size=60) | st.sampled_from(EDGE_TEXT) | huge.map(lambda s: s[:400])
)
headers = st.dictionaries(text, text, max_size=3) | json_values


view_states = st.fixed_dictionaries(
    {},
    optional={
        "ready": st.booleans() | json_values,
        "thread_id": st.none() | text | json_values,
        "active_renderer": st.sampled_from(["builtin", "chatkit"]) | text,
        "renderer_notice": text | json_values,
        "error": text | json_values,
    },
)
"""What a view reports in a `state` frame, right or wrong."""


@st.composite
def frames(draw: st.DrawFn) -> Any:
    shape = draw(st.sampled_from(["json", "fields", "garbage", "wrong params", "well formed"]))
    if shape == "json":  # anything at all, including a chatkit-namespaced one
        value = draw(json_values)
        if isinstance(value, dict) and draw(st.booleans()):
            value["ns"] = "chatkit"
        return value
    if shape == "fields":  # a frame with wrong or missing fields
        return draw(
            st.fixed_dictionaries(
                {"ns": st.just("chatkit") | json_values},
                optional={
                    "type": st.sampled_from(
                        [
                            "request",
                            "cancel",
                            "response",
                            "chunk",
                            "event",
                            "view",
                            "result",
                            "state",
                        ]
                    )
                    | json_values,
                    "id": request_ids | json_values,
                    "kind": st.sampled_from(["fetch", "callback"]) | json_values,
                    "body": bodies | json_values,
                    "headers": headers,
                    "slot": text | json_values,
                    "args": st.lists(json_values, max_size=10) | json_values,
                    "name": st.sampled_from(["chatkit.thread.change", "chatkit.x"]) | text,
                    "detail": json_values,
                    "view": text | json_values,
                    "open": st.booleans() | json_values,
                    "ok": st.booleans() | json_values,
                    "value": json_values,
                    "error": text | json_values,
                    "values": view_states | json_values,
                },
            )
        )
    frame = {
        "ns": "chatkit",
        "type": "request",
        "id": draw(request_ids),
        "kind": "fetch",
        "body": json.dumps(draw(well_formed_requests))
        if shape == "well formed"
        else draw(garbage_bodies if shape == "garbage" else chatkit_requests.map(json.dumps)),
    }
    if draw(st.booleans()):
        frame["headers"] = draw(headers)
    return frame


# -- the property ---------------------------------------------------------------------------------


class Fuzz:
    def __init__(self, chat: ChatKit, wire: Wire, store: CountingStore, examples: int) -> None:
        self.chat, self.wire, self.store, self.examples = chat, wire, store, examples
        self.loop = asyncio.new_event_loop()
        self.loop_errors: list[dict[str, Any]] = []
        self.loop.set_exception_handler(lambda _loop, ctx: self.loop_errors.append(ctx))
        self.seeded: list[str] = []
        self.known_items: list[str] = []
        self.known_at = -1
        self.stats: Counter[str] = Counter()
        self.busy = 0.0
        self.violations: dict[str, tuple[int, str]] = {}

    def violate(self, kind: str, frame: Any) -> None:
        self.stats["violations"] += 1
        if kind not in self.violations:
            self.violations[kind] = (1, repr(frame)[:300])
        else:
            n, example = self.violations[kind]
            self.violations[kind] = (n + 1, example)

    async def seed(self) -> None:
        """Three threads the fuzzed ids can name; re-created if a fuzzed delete removed them."""
        for i, kind in enumerate(["hello", "widget", "tool"]):
            if i < len(self.seeded):
                try:
                    await self.store.load_thread(self.seeded[i], {})
                    continue
                except NotFoundError:
                    pass  # a fuzzed threads.delete removed it
            reply = await self.chat.ask(kind)
            await self.chat.ask("ask" if i == 0 else kind, thread_id=reply.thread_id)
            if i < len(self.seeded):
                self.seeded[i] = reply.thread_id
            else:
                self.seeded.append(reply.thread_id)
        # keep the seeded threads and the store small, so snapshots stay cheap
        page = await self.store.load_threads(1000, None, "asc", {})
        for thread in page.data:
            if thread.id not in self.seeded:
                await self.store.delete_thread(thread.id, {})
        for thread_id in self.seeded:
            items = await self.store.load_thread_items(thread_id, None, 1000, "asc", {})
            for item in items.data[6:]:
                await self.store.delete_thread_item(thread_id, item.id, {})

    async def resolve(self, frame: Any) -> Any:
        body = frame.get("body") if isinstance(frame, dict) else None
        if not isinstance(body, str) or "<<" not in body:
            return frame
        if self.known_at != self.store.writes:
            self.known_items = []
            for thread_id in self.seeded:
                page = await self.store.load_thread_items(thread_id, None, 100, "asc", {})
                self.known_items += [item.id for item in page.data]
            self.known_at = self.store.writes
        for i, thread_id in enumerate(self.seeded):
            body = body.replace(f"<<T{i}>>", thread_id)
        for i in range(4):
            if self.known_items:
                body = body.replace(f"<<I{i}>>", self.known_items[i * 3 % len(self.known_items)])
        return {**frame, "body": body}

    async def run_one(self, frame: Any) -> None:
        frame = await self.resolve(frame)
        self.wire.by_id.clear()
        writes = self.store.writes
        reached_server = _is_chatkit_request(frame)
        before = await snapshot(self.store) if reached_server else None
        self.stats["frames"] += 1
        try:
            self.chat._handle_custom_msg(frame, [])
        except BaseException as exc:  # noqa: BLE001 (this is what the test looks for)
            self.violate(f"exception escaped the comm handler: {type(exc).__name__}", frame)
        await self.drain(frame)

        expected = _expected_id(frame)
        sent = dict(self.wire.by_id)
        if expected is None:
            if _may_be_told_malformed(frame, sent):
                pass
            elif sent:
                self.violate("frames sent for a frame without a usable id", frame)
        else:
            terminals = sum(f["type"] in TERMINAL for f in sent.get(expected, []))
            if terminals == 1:
                self.stats["answered once"] += 1
            else:
                self.violate(f"request id answered {min(terminals, 2)} times", frame)
            if set(sent) - {expected}:
                self.violate("frames sent to another request id", frame)
            mine = sent.get(expected, [])
            if mine and mine[-1]["type"] == "error" and not any(f["type"] == "chunk" for f in mine):
                self.stats["rejected"] += 1
                if self.store.writes != writes:
                    self.violate("a rejected request wrote to the store", frame)
                if before is not None:
                    self.stats["rejected after reaching the server"] += 1
                    if await snapshot(self.store) != before:
                        self.violate("a rejected request changed the store snapshot", frame)
            elif mine:
                self.stats[f"accepted ({mine[-1]['type']})"] += 1
        if self.store.writes != writes:
            await self.seed()

    async def drain(self, frame: Any) -> None:
        tasks = self.chat._bridge.tasks
        for _ in range(200):
            if not tasks:
                return
            await asyncio.sleep(0)
        deadline = time.monotonic() + 10
        while tasks and time.monotonic() < deadline:  # noqa: ASYNC110 (polls the bridge)
            await asyncio.sleep(0.001)
        if tasks:
            self.violate("a request never finished", frame)
            for task in list(tasks.values()):
                task.cancel()
            await asyncio.gather(*tasks.values(), return_exceptions=True)


def _is_chatkit_request(frame: Any) -> bool:
    """A well-formed frame whose body parses as a ChatKit request type: it reaches the server."""
    if not (isinstance(frame, dict) and frame.get("ns") == "chatkit"):
        return False
    if frame.get("type") != "request" or frame.get("kind") != "fetch":
        return False
    try:
        body = json.loads(frame["body"])
    except (TypeError, ValueError, RecursionError, KeyError):
        return False
    return isinstance(body, dict) and isinstance(body.get("type"), str) and body["type"] in REQUESTS


NO_REPLY = {"cancel", "event", "view", "result", "state"}
"""JS → Py frames that are not requests: nothing answers them (a malformed one may be told so)."""


def _expected_id(frame: Any) -> str | None:
    """The id a reply must carry, or None when no reply is possible (or wanted)."""
    if not isinstance(frame, dict) or frame.get("ns") != "chatkit":
        return None
    request_id = frame.get("id")
    if not isinstance(request_id, str) or not request_id or _type(frame) in NO_REPLY:
        return None
    if not _utf8(request_id):
        return None  # a lone high surrogate: no frame naming it can cross the comm
    return request_id[:200]


def _may_be_told_malformed(frame: Any, sent: dict[str, list[dict[str, Any]]]) -> bool:
    """A malformed non-request frame (say a `result` without `ok`) may get one error frame."""
    if not (isinstance(frame, dict) and _type(frame) in NO_REPLY - {"cancel"}):
        return False
    request_id = frame.get("id")
    replies = sent.get(request_id[:200], []) if isinstance(request_id, str) else []
    return set(sent) <= {request_id[:200] if isinstance(request_id, str) else None} and [
        f["error"]["type"] for f in replies
    ] in ([], ["MalformedFrame"])


def _type(frame: dict[str, Any]) -> str | None:
    kind = frame.get("type")
    return kind if isinstance(kind, str) else None


def _utf8(value: str) -> bool:
    """Whether jupyter_client can pack it (it encodes with surrogateescape)."""
    try:
        value.encode("utf8", errors="surrogateescape")
    except UnicodeEncodeError:
        return False
    return True  # the documented maximum; longer ids are answered truncated


@pytest.fixture
def quiet_loggers() -> Iterator[None]:
    """Ten thousand logged tracebacks would only slow the run: `chat.errors` still records."""
    loggers = [logging.getLogger(name) for name in ("chatkit_notebook", "chatkit")]
    for logger in loggers:
        logger.disabled = True
    yield
    for logger in loggers:
        logger.disabled = False


@pytest.fixture(params=["respond", "agent"])
def fuzz(request: pytest.FixtureRequest, quiet_loggers: None) -> Iterator[Fuzz]:
    store = CountingStore()
    chat = (
        ChatKit(respond=respond, store=store) if request.param == "respond" else agent_chat(store)
    )
    wire = Wire(chat)
    fuzz = Fuzz(chat, wire, store, EXAMPLES if request.param == "respond" else AGENT_EXAMPLES)
    fuzz.loop.run_until_complete(fuzz.seed())
    yield fuzz
    chat.close()
    fuzz.loop.run_until_complete(asyncio.sleep(0))
    fuzz.loop.close()


def test_random_and_malformed_frames(fuzz: Fuzz) -> None:
    started = time.monotonic()

    @settings(
        max_examples=fuzz.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(frame=frames())
    def one(frame: Any) -> None:
        t = time.monotonic()
        fuzz.loop.run_until_complete(fuzz.run_one(frame))
        fuzz.busy += time.monotonic() - t

    one()
    gc.collect()
    fuzz.loop.run_until_complete(asyncio.sleep(0))
    for ctx in fuzz.loop_errors:
        fuzz.violate(f"event loop error: {ctx.get('message')}", ctx.get("exception"))
    for frame, exc in fuzz.wire.unsendable:
        if not _utf8(frame["id"]):
            continue  # only reachable with an id the comm could not carry in the first place
        fuzz.violate(f"a frame the comm cannot carry ({type(exc).__name__})", frame)

    s = fuzz.stats
    print(
        f"\nfuzz ({(fuzz.chat.agent and 'agent=') or 'respond='}): {s['frames']} frames in {time.monotonic() - started:.0f} s "
        f"({fuzz.busy:.0f} s in the chat), "
        f"{s['violations']} violations, {s['answered once']} ids answered once, "
        f"{s['rejected']} rejected ({s['rejected after reaching the server']} after reaching "
        f"the server, store unchanged), "
        + ", ".join(f"{v} {k}" for k, v in sorted(s.items()) if k.startswith("accepted"))
    )
    for kind, (n, example) in fuzz.violations.items():
        print(f"  VIOLATION x{n}: {kind}\n    e.g. {example}")
    assert s["frames"] >= fuzz.examples
    assert fuzz.violations == {}


# -- the failures the fuzzer found, one deterministic case each ------------------------------------


@pytest.fixture
def chat() -> Iterator[ChatKit]:
    chat = ChatKit(respond=respond)
    yield chat
    chat.close()


async def _answers(wire: Wire, request_id: str) -> list[dict[str, Any]]:
    for _ in range(500):
        if wire.terminals(request_id):
            break
        await asyncio.sleep(0.002)
    return wire.by_id[request_id]


async def test_a_body_nested_deeper_than_json_allows_is_answered(chat: ChatKit) -> None:
    wire = Wire(chat)
    loop_errors: list[Any] = []
    asyncio.get_running_loop().set_exception_handler(lambda _l, ctx: loop_errors.append(ctx))
    wire.request("deep", "[" * 100_000 + "]" * 100_000)
    answer = await _answers(wire, "deep")
    gc.collect()
    print(f"\ndeep body: {[f['type'] for f in answer]}, {len(loop_errors)} loop errors")
    assert [f["type"] for f in answer] == ["error"]
    assert answer[0]["error"]["status"] == 400
    assert loop_errors == []


async def test_an_error_echoing_a_lone_surrogate_still_reaches_the_client(chat: ChatKit) -> None:
    wire = Wire(chat)
    chat._handle_custom_msg({"ns": "chatkit", "type": "\ud800", "id": "sur1"}, [])
    chat._handle_custom_msg(
        {
            "ns": "chatkit",
            "type": "request",
            "id": "sur2",
            "kind": "fetch",
            "body": json.dumps({"type": "\ud800", "params": {}}),
        },
        [],
    )
    answers = [await _answers(wire, "sur1"), await _answers(wire, "sur2")]
    print(f"\nlone surrogate: answers {[[f['type'] for f in a] for a in answers]}")
    assert [[f["type"] for f in a] for a in answers] == [["error"], ["error"]]
    assert wire.unsendable == []


async def test_a_huge_unknown_type_is_not_echoed_back_whole(chat: ChatKit) -> None:
    wire = Wire(chat)
    big = "x" * 1_000_000
    chat._handle_custom_msg({"ns": "chatkit", "type": big, "id": "big1"}, [])
    wire.request("big2", json.dumps({"type": big, "params": {}}))
    answers = [await _answers(wire, "big1"), await _answers(wire, "big2")]
    sizes = [len(json.dumps(a[-1])) for a in answers]
    print(f"\nhuge type: error frames of {sizes} bytes")
    assert all(size < 10_000 for size in sizes)
