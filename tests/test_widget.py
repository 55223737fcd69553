"""The ChatKit widget without a browser: construction, traits, the comm path, headless turns."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import traitlets

from chatkit_notebook import ChatKit, MemoryStore, SQLiteStore

from .harness import user_input

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def echo(message: str, thread: Any) -> str:
    return f"echo: {message}"


class Frames:
    """Replaces `ChatKit.send` to capture what the kernel would send to the front end."""

    def __init__(self, chat: ChatKit) -> None:
        self.sent: list[dict[str, Any]] = []
        chat.send = self.sent.append  # type: ignore[method-assign]
        self.chat = chat

    def request(self, request_id: str, body: dict[str, Any]) -> None:
        frame = {
            "ns": "chatkit",
            "type": "request",
            "id": request_id,
            "kind": "fetch",
            "body": json.dumps(body),
        }
        self.chat._handle_custom_msg(frame, [])  # what ipywidgets does with a comm message

    async def answered(self, request_id: str) -> list[dict[str, Any]]:
        for _ in range(1000):
            frames = [f for f in self.sent if f["id"] == request_id]
            if frames and frames[-1]["type"] in {"end", "response", "error"}:
                return frames
            await asyncio.sleep(0.005)
        raise AssertionError(f"{request_id} was never answered")


# -- construction ---------------------------------------------------------------------------------


def test_exactly_one_brain_is_required() -> None:
    with pytest.raises(TypeError, match="exactly one of respond="):
        ChatKit()
    with pytest.raises(TypeError, match="got respond=, agent="):
        ChatKit(respond=echo, agent=object())
    with pytest.raises(TypeError, match="respond= must be a function"):
        ChatKit(respond="hello")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"agent= must be an agents.Agent"):
        ChatKit(agent=object())
    with pytest.raises(TypeError, match=r"server= must be a chatkit.server.ChatKitServer"):
        ChatKit(server=object())  # type: ignore[arg-type]


def test_a_hosted_workflow_id_says_agent_builder_is_gone_and_what_to_do() -> None:
    # Fixed wording, whatever today's date: the hosted path is retired, not date-gated.
    with pytest.raises(ValueError, match=r"shut down on 2026-11-30") as raised:
        ChatKit(workflow="wf_68f0c2")
    assert "Agents SDK" in str(raised.value)
    assert "ChatKit(workflow=" in str(raised.value)


def test_unknown_keyword_arguments_are_rejected() -> None:
    with pytest.raises(TypeError, match=r"unexpected keyword argument.*: colour"):
        ChatKit(echo, colour="red")


def test_trait_errors_name_the_key_and_the_allowed_values() -> None:
    chat = ChatKit(echo)
    with pytest.raises(
        traitlets.TraitError, match=r"theme.radius.*'pill', 'round', 'soft', 'sharp'"
    ):
        chat.theme = {"radius": "bubbly"}
    with pytest.raises(traitlets.TraitError, match=r"composr.*did you mean 'composer'"):
        chat.options = {"composr": {}}
    with pytest.raises(traitlets.TraitError):
        chat.renderer = "fancy"
    assert chat.theme == "light"


def test_synced_state_holds_no_secret_and_no_function() -> None:
    chat = ChatKit(
        echo, context={"api_key": "sk-secret"}, options={"composer": {"placeholder": "Ask"}}
    )
    state = json.dumps({k: v for k, v in chat.get_state().items() if k != "_esm"}, default=str)
    assert "sk-secret" not in state
    synced = set(chat.keys)
    assert {
        "options",
        "theme",
        "height",
        "thread_id",
        "is_responding",
        "domain_key",
        "renderer",
    } <= synced
    assert not {"context", "respond", "agent", "server", "store"} & synced


def test_store_shortcuts(tmp_path: Path) -> None:
    assert isinstance(ChatKit(echo).store, MemoryStore)
    chat = ChatKit(echo, store=str(tmp_path / "chats.db"))
    assert isinstance(chat.store, SQLiteStore)
    with pytest.raises(TypeError, match="store= must be a chatkit Store"):
        ChatKit(echo, store=42)  # type: ignore[arg-type]


def test_import_is_cheap() -> None:
    code = "import sys, chatkit_notebook; print(sorted(m for m in ('chatkit.server', 'agents', 'openai') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- the comm path --------------------------------------------------------------------------------


async def test_frames_reach_the_server_and_answers_come_back() -> None:
    chat = ChatKit(echo)
    frames = Frames(chat)
    frames.request("r1", {"type": "threads.create", "params": {"input": user_input("hi")}})
    answer = await frames.answered("r1")
    assert (answer[-1]["type"], answer[-1]["cancelled"]) == ("end", False)
    assert answer[-1]["thread_id"].startswith("thr_")  # other views of the thread refresh
    assert "echo: hi" in "".join(f["data"] for f in answer if f["type"] == "chunk")
    frames.request("r2", {"type": "threads.list", "params": {}})
    (listed,) = await frames.answered("r2")
    assert json.loads(listed["body"])["data"][0]["title"] == "hi"


async def test_close_cancels_running_requests() -> None:
    gate = asyncio.Event()

    async def slow(message: str) -> str:
        await gate.wait()
        return "never"

    chat = ChatKit(slow)
    frames = Frames(chat)
    frames.request("r1", {"type": "threads.create", "params": {"input": user_input("hi")}})
    for _ in range(200):
        if chat._bridge.tasks and any(f["type"] == "chunk" for f in frames.sent):
            break
        await asyncio.sleep(0.005)
    chat.close()
    answer = await frames.answered("r1")
    assert answer[-1]["cancelled"] is True


# -- headless -------------------------------------------------------------------------------------


async def test_ask_runs_turns_without_a_browser() -> None:
    chat = ChatKit(echo)
    first = await chat.ask("hello")
    assert first.text == "echo: hello"
    assert [item["type"] for item in first.items] == ["user_message", "assistant_message"]
    second = await chat.ask("again", thread_id=first.thread_id)
    assert second.thread_id == first.thread_id
    assert str(second) == "echo: again"


async def test_ask_reports_errors_from_respond() -> None:
    def broken(message: str) -> str:
        raise ValueError("nope")

    chat = ChatKit(broken)
    reply = await chat.ask("hi")
    assert reply.errors == ["broken() raised ValueError('nope')"]
    assert "ValueError: nope" in repr(chat.errors)


async def test_context_factory_is_called_per_request() -> None:
    seen: list[Any] = []

    def respond(message: str, thread: Any) -> str:
        seen.append(thread.context)
        return "ok"

    counter = iter(range(100))
    chat = ChatKit(respond, context=lambda: {"user_id": "ada", "n": next(counter)})
    await chat.ask("a")
    await chat.ask("b")
    assert [c["user_id"] for c in seen] == ["ada", "ada"]
    assert seen[0]["n"] != seen[1]["n"]

    infos: list[Any] = []
    chat = ChatKit(respond, context=lambda info: infos.append(info) or {"user_id": "bo"})
    await chat.ask("c")
    assert infos[0].type == "threads.create"


async def test_threads_survive_a_restart_with_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "chats.db"
    first = await ChatKit(echo, store=path).ask("remember me")
    reopened = ChatKit(echo, store=path)  # a new kernel would build the chat again like this
    page = await reopened.store.load_thread_items(first.thread_id, None, 10, "asc", {})
    assert [item.type for item in page.data] == ["user_message", "assistant_message"]
    again = await reopened.ask("still there?", thread_id=first.thread_id)
    assert again.text == "echo: still there?"


async def test_threads_items_and_exports_as_plain_data() -> None:
    chat = ChatKit(echo)
    first = await chat.ask("first question")
    await chat.ask("second", thread_id=first.thread_id)
    other = await chat.ask("another thread")
    threads = await chat.threads()
    assert [t["id"] for t in threads] == [other.thread_id, first.thread_id]
    items = await chat.items(first.thread_id)
    assert [i["type"] for i in items] == ["user_message", "assistant_message"] * 2
    markdown = await chat.export_thread(first.thread_id)
    assert markdown.startswith("# first question\n")
    assert "**User:**\n\nsecond\n\n**Assistant:**\n\necho: second" in markdown
    exported = json.loads(await chat.export_thread(first.thread_id, format="json"))
    assert exported["id"] == first.thread_id
    assert len(exported["items"]) == 4
    with pytest.raises(ValueError, match="no thread is open"):
        await chat.items()
    with pytest.raises(ValueError, match="format must be"):
        await chat.export_thread(first.thread_id, format="pdf")
