"""The real `openai.AsyncOpenAI` client, over HTTP, against a loopback server.

OpenAI's API is unreachable here, so `tests.openai_loopback.OpenAILoopback` stands in for it on
127.0.0.1 and speaks its streaming protocol: Responses API SSE events on `POST /v1/responses`,
chat-completion chunks on `POST /v1/chat/completions`. Everything else is real: the agents SDK's
`OpenAIResponsesModel` / `OpenAIChatCompletionsModel`, the runner, chatkit and the bridge.
"""

from __future__ import annotations

from typing import Any

import pytest
from agents import Agent, function_tool, set_tracing_disabled

from chatkit_notebook import ChatKit
from chatkit_notebook.errors import ErrorLog
from chatkit_notebook.servers.agent import AgentServer
from chatkit_notebook.servers.models import ChatModels
from chatkit_notebook.stores import MemoryStore
from chatkit_notebook.testing import text, tool_call, turn

from .harness import Harness, user_input
from .openai_loopback import OpenAILoopback

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

set_tracing_disabled(True)


@pytest.fixture(autouse=True)
def no_ambient_config(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHATKIT_NOTEBOOK_MODEL"):
        monkeypatch.delenv(name, raising=False)


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"Sunny in {city}"


def events_done(events: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [
        e["item"] for e in events if e["type"] == "thread.item.done" and e["item"]["type"] == kind
    ]


async def test_responses_api_streams_a_tool_call_then_text() -> None:
    script = [turn(tool_call("get_weather", {"city": "Paris"})), turn(text("Sunny ", "in Paris."))]
    async with OpenAILoopback(script) as api:
        models = ChatModels(base_url=api.base_url, api_key="sk-loopback", api="responses")
        agent = Agent(name="Weather", instructions="Use tools.", tools=[get_weather])
        server = AgentServer(
            lambda: agent, MemoryStore(), ErrorLog(), model="gpt-4.1-mini", models=models
        )
        events = await Harness(server).call(
            {"type": "threads.create", "params": {"input": user_input("Weather in Paris?")}}
        )

    [workflow] = events_done(events, "workflow")
    assert workflow["workflow"]["tasks"][0]["content"].endswith("Result: Sunny in Paris")
    deltas = [
        e["update"]["delta"]
        for e in events
        if e["type"] == "thread.item.updated"
        and e["update"]["type"] == "assistant_message.content_part.text_delta"
    ]
    assert deltas == ["Sunny ", "in Paris."]
    [message] = events_done(events, "assistant_message")
    assert message["content"][0]["text"] == "Sunny in Paris."

    first, second = api.requests
    assert (first.method, first.path) == ("POST", "/v1/responses")
    assert first.headers["authorization"] == "Bearer sk-loopback"
    assert first.body["model"] == "gpt-4.1-mini"
    assert first.body["stream"] is True
    assert first.body["instructions"] == "Use tools."
    assert [t["name"] for t in first.body["tools"]] == ["get_weather"]
    assert first.body["input"] == [
        {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "Weather in Paris?"}],
        }
    ]
    [output] = [i for i in second.body["input"] if i.get("type") == "function_call_output"]
    assert output["output"] == "Sunny in Paris"


async def test_a_compatible_endpoint_from_the_environment_uses_chat_completions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    script = [
        turn(tool_call("get_weather", {"city": "Oslo"})),
        turn(text("It is ", "sunny.")),
        turn(text("You're welcome.")),
    ]
    async with OpenAILoopback(script) as api:
        monkeypatch.setenv("OPENAI_BASE_URL", api.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "dummy-key")
        monkeypatch.setenv("CHATKIT_NOTEBOOK_MODEL", "llama3.2")
        chat = ChatKit(agent=Agent(name="Local", instructions="Be brief.", tools=[get_weather]))
        first = await chat.ask("Weather in Oslo?")
        second = await chat.ask("Thanks!", thread_id=first.thread_id)

    assert (first.errors, second.errors) == ([], [])
    assert (first.text, second.text) == ("It is sunny.", "You're welcome.")
    # chat completions have no item ids: each message still gets its own
    ids = [
        item["id"]
        for reply in (first, second)
        for item in reply.items
        if item["type"] == "assistant_message"
    ]
    assert len(set(ids)) == 2
    assert "__fake_id__" not in ids

    assert [(r.method, r.path) for r in api.requests] == [("POST", "/v1/chat/completions")] * 3
    body = api.requests[0].body
    assert api.requests[0].headers["authorization"] == "Bearer dummy-key"
    assert body["model"] == "llama3.2"
    assert body["stream"] is True
    assert [t["function"]["name"] for t in body["tools"]] == ["get_weather"]
    assert [(m["role"], flat(m["content"])) for m in body["messages"]] == [
        ("system", "Be brief."),
        ("user", "Weather in Oslo?"),
    ]
    last = [(m["role"], flat(m.get("content"))) for m in api.requests[2].body["messages"]]
    assert last == [
        ("system", "Be brief."),
        ("user", "Weather in Oslo?"),
        ("user", last[2][1]),  # the tool task chatkit showed, described for the model
        ("assistant", "It is sunny."),
        ("user", "Thanks!"),
    ]
    assert "get_weather" in last[2][1]


def flat(content: str | list[dict[str, Any]] | None) -> str:
    """Chat-completions message content, as one string."""
    if content is None or isinstance(content, str):
        return content or ""
    return "".join(part.get("text", "") for part in content)
