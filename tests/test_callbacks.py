"""Every ChatKit callback bridged to Python: each route and its error paths, through the comm."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from agents import Agent, set_tracing_disabled
from pydantic import BaseModel

from chatkit_notebook import ChatKit
from chatkit_notebook.bridge.ui import NoViewError, UiCallError
from chatkit_notebook.testing import ScriptedModel, text, tool_call, turn

from .harness import BridgeError, WidgetHarness, user_input

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
set_tracing_disabled(True)

CARD = {
    "type": "Card",
    "children": [
        {"type": "Text", "id": "count", "value": "0"},
        {
            "type": "Button",
            "label": "Approve",
            "onClickAction": {"type": "approve", "payload": {"n": 1}},
        },
    ],
}


def card_respond(message: str) -> Any:
    return CARD if message == "card" else f"echo: {message}"


async def open_card(harness: WidgetHarness) -> tuple[str, str]:
    events = await harness.call({"type": "threads.create", "params": {"input": user_input("card")}})
    widget = next(
        e["item"]
        for e in events
        if e["type"] == "thread.item.done" and e["item"]["type"] == "widget"
    )
    return events[0]["thread"]["id"], widget["id"]


def action_body(
    thread_id: str, item_id: str, action_type: str, payload: Any, sync: bool = False
) -> dict[str, Any]:
    return {
        "type": "threads.sync_custom_action" if sync else "threads.custom_action",
        "params": {
            "thread_id": thread_id,
            "item_id": item_id,
            "action": {"type": action_type, "payload": payload},
        },
    }


# -- client tools -----------------------------------------------------------------------------------


async def test_client_tool_result_goes_back_and_errors_are_visible() -> None:
    chat = ChatKit(card_respond)
    harness = WidgetHarness(chat)

    @chat.client_tool
    def get_selected_rows(limit: int = 10) -> dict[str, Any]:
        """Rows the user selected."""
        return {"rows": list(range(limit))}

    @chat.client_tool(name="explode")
    def broken() -> dict[str, Any]:
        raise RuntimeError("no selection")

    assert "onClientTool" in chat._callback_slots
    result = await harness.invoke(
        "onClientTool", {"name": "get_selected_rows", "params": {"limit": 3}}
    )
    assert result == {"rows": [0, 1, 2]}
    with pytest.raises(BridgeError, match="no selection"):
        await harness.invoke("onClientTool", {"name": "explode", "params": {}})
    assert "RuntimeError" in (chat.errors.last.traceback or "")  # type: ignore[union-attr]
    with pytest.raises(
        BridgeError, match=r"no client tool named 'nope' \(registered: explode, get_selected_rows\)"
    ):
        await harness.invoke("onClientTool", {"name": "nope", "params": {}})
    with pytest.raises(BridgeError, match="was called with"):
        await harness.invoke("onClientTool", {"name": "get_selected_rows", "params": {"wrong": 1}})


async def test_client_tools_are_offered_to_the_agent_and_resume_the_run() -> None:
    model = ScriptedModel(
        [turn(tool_call("get_selected_rows", {"limit": 2})), turn(text("You picked ", "2 rows."))]
    )
    chat = ChatKit(agent=Agent(name="analyst", instructions="Help.", model=model))

    @chat.client_tool
    def get_selected_rows(limit: int = 10) -> dict[str, Any]:
        """Rows the user selected in the table."""
        return {"rows": list(range(limit))}

    harness = WidgetHarness(chat)
    events = await harness.call({"type": "threads.create", "params": {"input": user_input("look")}})
    pending = [
        e["item"]
        for e in events
        if e["type"] == "thread.item.done" and e["item"]["type"] == "client_tool_call"
    ]
    assert pending[0]["name"] == "get_selected_rows"
    assert pending[0]["arguments"] == {"limit": 2}
    assert "get_selected_rows" in model.calls[0].tool_names
    # ChatKit now calls onClientTool (Python runs the function) and sends the result back.
    output = await harness.invoke(
        "onClientTool", {"name": "get_selected_rows", "params": pending[0]["arguments"]}
    )
    thread_id = events[0]["thread"]["id"]
    resumed = await harness.call(
        {
            "type": "threads.add_client_tool_output",
            "params": {"thread_id": thread_id, "result": output},
        }
    )
    done = [
        e["item"]
        for e in resumed
        if e["type"] == "thread.item.done" and e["item"]["type"] == "assistant_message"
    ]
    assert done[-1]["content"][0]["text"] == "You picked 2 rows."
    assert '{"rows": [0, 1]}' in str(model.calls[1].input)


# -- widget actions ---------------------------------------------------------------------------------


class Approval(BaseModel):
    n: int


async def test_server_action_replaces_the_sender_widget() -> None:
    chat = ChatKit(card_respond)
    seen: list[Any] = []

    @chat.action("approve", payload=Approval)
    def approve(action: Any, item: Any, ctx: Any) -> dict[str, Any]:
        seen.append((action.payload, item.id))
        return {
            "type": "Card",
            "children": [{"type": "Text", "value": f"approved {action.payload.n}"}],
        }

    harness = WidgetHarness(chat)
    thread_id, item_id = await open_card(harness)
    events = await harness.call(action_body(thread_id, item_id, "approve", {"n": 1}))
    replaced = next(e for e in events if e["type"] == "thread.item.replaced")
    assert replaced["item"]["id"] == item_id
    assert replaced["item"]["widget"]["children"][0]["value"] == "approved 1"
    assert seen == [(Approval(n=1), item_id)]
    stored = await chat.store.load_item(thread_id, item_id, {})
    assert stored.widget.children[0].value == "approved 1"  # type: ignore[union-attr]


async def test_action_context_streams_messages_widgets_progress_and_hidden_context() -> None:
    chat = ChatKit(card_respond)

    @chat.action("approve")
    async def approve(action: Any, item: Any, ctx: Any) -> Any:
        ctx.progress("Approving…")
        ctx.add_context("The user approved request 1.")
        ctx.stream_widget({"type": "Card", "children": [{"type": "Text", "value": "receipt"}]})
        yield "Approved "
        yield "and logged."

    harness = WidgetHarness(chat)
    thread_id, item_id = await open_card(harness)
    events = await harness.call(action_body(thread_id, item_id, "approve", {"n": 1}))
    kinds = [e["type"] for e in events]
    assert "progress_update" in kinds
    texts = [
        e["item"]["content"][0]["text"]
        for e in events
        if e["type"] == "thread.item.done" and e["item"]["type"] == "assistant_message"
    ]
    assert texts == ["Approved and logged."]
    page = await chat.store.load_thread_items(thread_id, None, 20, "asc", {})
    assert [i.type for i in page.data][-3:] == [
        "hidden_context_item",
        "widget",
        "assistant_message",
    ]


async def test_invalid_payloads_unknown_actions_and_failures_are_clear_errors() -> None:
    chat = ChatKit(card_respond)

    @chat.action("approve", payload=Approval)
    def approve(action: Any) -> None:
        raise ValueError("database is read-only")

    harness = WidgetHarness(chat)
    thread_id, item_id = await open_card(harness)
    events = await harness.call(action_body(thread_id, item_id, "approve", {"n": "many"}))
    assert events[-1]["type"] == "error"
    assert "action 'approve': payload.n: Input should be a valid integer" in events[-1]["message"]
    events = await harness.call(action_body(thread_id, item_id, "approve", {"n": 2}))
    assert events[-1]["message"] == "action 'approve' failed: ValueError('database is read-only')"
    events = await harness.call(action_body(thread_id, item_id, "launch", {}))
    assert "no handler for action 'launch'" in events[-1]["message"]


async def test_sync_action_returns_and_persists_the_updated_widget() -> None:
    chat = ChatKit(card_respond)

    @chat.action("approve")
    def approve(action: Any, item: Any, ctx: Any) -> None:
        ctx.replace({"type": "Card", "children": [{"type": "Text", "value": "synced"}]})

    harness = WidgetHarness(chat)
    thread_id, item_id = await open_card(harness)
    result = await harness.call(action_body(thread_id, item_id, "approve", {}, sync=True))
    assert result["updated_item"]["widget"]["children"][0]["value"] == "synced"
    stored = await chat.store.load_item(thread_id, item_id, {})
    assert stored.widget.children[0].value == "synced"  # type: ignore[union-attr]


async def test_client_handled_actions_reach_the_same_decorator() -> None:
    chat = ChatKit(card_respond)
    seen: list[Any] = []

    @chat.action("select")
    def select(action: Any, item: Any, ctx: Any) -> None:
        seen.append((action.payload, item["id"], ctx.chat is chat))
        with pytest.raises(Exception, match="client-handled actions cannot replace widgets"):
            ctx.replace({"type": "Card", "children": []})

    harness = WidgetHarness(chat)
    assert "widgets.onAction" in chat._callback_slots
    result = await harness.invoke(
        "widgets.onAction", {"type": "select", "payload": {"id": 7}}, {"id": "w_1", "widget": CARD}
    )
    assert result is None
    assert seen == [({"id": 7}, "w_1", True)]


# -- entities, commands, option callables -------------------------------------------------------------


async def test_entities_and_commands() -> None:
    chat = ChatKit(card_respond)
    clicked: list[Any] = []

    @chat.on_tag_search
    def search(query: str) -> list[dict[str, Any]]:
        return [{"id": "ada", "title": f"Ada ({query})"}]

    chat.on_entity_click(clicked.append)
    chat.on_entity_preview(
        lambda entity: {"type": "Basic", "children": [{"type": "Text", "value": entity["title"]}]}
    )
    chat.on_command_search(lambda q: [{"id": "sum", "label": "Summarize"}])
    chat.on_command_select(
        lambda command: {"type": "menu", "commands": [{"id": "x", "label": "X"}]}
    )
    assert set(chat._callback_slots) >= {
        "entities.onTagSearch",
        "entities.onClick",
        "entities.onRequestPreview",
        "commands.onSearch",
        "commands.onSelect",
    }
    harness = WidgetHarness(chat)
    assert await harness.invoke("entities.onTagSearch", "ad") == [
        {"id": "ada", "title": "Ada (ad)"}
    ]
    assert await harness.invoke("entities.onClick", {"id": "ada", "title": "Ada"}) is None
    assert clicked == [{"id": "ada", "title": "Ada"}]
    preview = await harness.invoke("entities.onRequestPreview", {"id": "ada", "title": "Ada"})
    assert preview == {"preview": {"type": "Basic", "children": [{"type": "Text", "value": "Ada"}]}}
    assert await harness.invoke("commands.onSearch", "su") == [{"id": "sum", "label": "Summarize"}]
    assert (await harness.invoke("commands.onSelect", {"id": "sum"}))["type"] == "menu"


async def test_a_python_callable_in_options_is_bridged() -> None:
    toggled: list[str] = []
    chat = ChatKit(
        card_respond,
        options={
            "header": {
                "rightAction": {"icon": "dark-mode", "onClick": lambda: toggled.append("dark")}
            }
        },
    )
    assert chat._callback_slots == ["header.rightAction.onClick"]
    assert chat.options["header"]["rightAction"]["onClick"] == {
        "$callback": "header.rightAction.onClick"
    }
    harness = WidgetHarness(chat)
    assert await harness.invoke("header.rightAction.onClick") is None
    assert toggled == ["dark"]
    chat.options = {}
    assert chat._callback_slots == []
    with pytest.raises(
        BridgeError, match=r"no Python callback is registered for header\.rightAction\.onClick"
    ):
        await harness.invoke("header.rightAction.onClick")


# -- events ------------------------------------------------------------------------------------------


async def test_events_reach_python_handlers() -> None:
    chat = ChatKit(card_respond)
    seen: list[Any] = []
    chat.on("response.end", lambda detail: seen.append(("end", detail)))

    @chat.on("chatkit.thread.change")
    async def changed(detail: Any) -> None:
        seen.append(("thread", detail["threadId"]))

    @chat.on_effect("confetti")
    def confetti(data: Any) -> None:
        seen.append(("effect", data))

    chat.on("error", lambda detail: 1 / 0)
    assert chat._forwarded_events == [
        "chatkit.effect",
        "chatkit.error",
        "chatkit.response.end",
        "chatkit.thread.change",
    ]
    harness = WidgetHarness(chat)
    harness.frame({"type": "event", "name": "chatkit.response.end", "detail": None})
    harness.frame(
        {"type": "event", "name": "chatkit.thread.change", "detail": {"threadId": "thr_1"}}
    )
    harness.frame(
        {
            "type": "event",
            "name": "chatkit.effect",
            "detail": {"name": "confetti", "data": {"n": 3}},
        }
    )
    harness.frame(
        {"type": "event", "name": "chatkit.effect", "detail": {"name": "other", "data": {}}}
    )
    harness.frame({"type": "event", "name": "chatkit.error", "detail": {"error": {"message": "x"}}})
    await asyncio.sleep(0.01)
    assert seen == [("end", {}), ("effect", {"n": 3}), ("thread", "thr_1")]
    assert "ZeroDivisionError" in repr(chat.errors)
    with pytest.raises(ValueError, match=r"unknown ChatKit event 'respons\.end'"):
        chat.on("respons.end", print)


# -- imperative methods -----------------------------------------------------------------------------


async def test_imperative_methods_need_a_view_and_target_the_newest_one() -> None:
    chat = ChatKit(card_respond)
    harness = WidgetHarness(chat)
    with pytest.raises(NoViewError, match="the chat is not displayed"):
        chat.send_message("hi")
    harness.frame({"type": "view", "view": "tab-1", "open": True})
    harness.frame({"type": "view", "view": "tab-2", "open": True})
    call = chat.send_message("hello", new_thread=True)
    (frame,) = harness.calls()
    assert frame["view"] == "tab-2"
    assert (frame["method"], frame["args"]) == (
        "sendUserMessage",
        [{"text": "hello", "newThread": True}],
    )
    harness.frame({"type": "result", "id": frame["id"], "ok": True, "value": None})
    assert await call is None

    harness.frame({"type": "view", "view": "tab-2", "open": False})
    failing = chat.set_thread("thr_x")
    frame = harness.calls()[-1]
    assert (frame["view"], frame["method"], frame["args"]) == ("tab-1", "setThreadId", ["thr_x"])
    harness.frame(
        {"type": "result", "id": frame["id"], "ok": False, "error": "response in progress"}
    )
    with pytest.raises(UiCallError, match="response in progress"):
        await failing
    assert "setThreadId() failed" in repr(chat.errors)

    methods = {
        "set_composer_value": (chat.set_composer_value, ("draft",), [{"text": "draft"}]),
        "send_action": (
            chat.send_action,
            ("go", {"x": 1}, "w_1"),
            [{"type": "go", "payload": {"x": 1}}, "w_1"],
        ),
        "focus_composer": (chat.focus_composer, (), []),
        "fetch_updates": (chat.fetch_updates, (), []),
        "show_history": (chat.show_history, (), []),
        "hide_history": (chat.hide_history, (), []),
    }
    for method, args, expected in methods.values():
        method(*args)
        assert harness.calls()[-1]["args"] == expected
    assert [f["method"] for f in harness.calls()[-6:]] == [
        "setComposerValue",
        "sendCustomAction",
        "focusComposer",
        "fetchUpdates",
        "showHistory",
        "hideHistory",
    ]


async def test_an_unanswered_call_times_out_with_an_explanation() -> None:
    chat = ChatKit(card_respond)
    harness = WidgetHarness(chat)
    harness.frame({"type": "view", "view": "v", "open": True})
    call = chat._views.call("focusComposer", timeout=0.05)
    with pytest.raises(TimeoutError, match="do not await a UI call in the cell that made it"):
        await call


def test_model_arguments_need_an_agent() -> None:
    with pytest.raises(TypeError, match="base_url= configure the model of an agent"):
        ChatKit(card_respond, base_url="http://localhost:11434/v1")


async def test_client_tool_arguments_are_validated_against_the_signature() -> None:
    chat = ChatKit(card_respond)
    calls: list[int] = []

    @chat.client_tool
    def pick(limit: int) -> dict[str, int]:
        calls.append(limit)
        return {"limit": limit}

    harness = WidgetHarness(chat)
    assert await harness.invoke("onClientTool", {"name": "pick", "params": {"limit": "3"}}) == {
        "limit": 3
    }
    with pytest.raises(BridgeError, match=r"limit\s+Input should be a valid integer"):
        await harness.invoke("onClientTool", {"name": "pick", "params": {"limit": "many"}})
    assert calls == [3]
