"""`agent=`: openai-agents agents served by AgentServer, driven offline by a ScriptedModel.

Only the model is scripted: the agents runner, chatkit's `stream_agent_response`, the
ChatKitServer and the bridge all run for real, frame by frame.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from agents import (
    Agent,
    GuardrailFunctionOutput,
    Model,
    ModelProvider,
    ModelSettings,
    OpenAIChatCompletionsModel,
    OpenAIResponsesModel,
    RunContextWrapper,
    Runner,
    StopAtTools,
    TResponseInputItem,
    function_tool,
    input_guardrail,
    set_tracing_disabled,
)
from chatkit.agents import AgentContext, ClientToolCall
from chatkit.types import (
    FileAttachment,
    ImageAttachment,
    InferenceOptions,
    ProgressUpdateEvent,
    UserMessageItem,
    UserMessageTextContent,
)
from chatkit.widgets import Card, Text

from chatkit_notebook import ChatKit
from chatkit_notebook.errors import ErrorLog
from chatkit_notebook.servers.agent import AgentServer
from chatkit_notebook.servers.converter import NotebookConverter
from chatkit_notebook.servers.models import NO_KEY_MESSAGE, ChatModels, ModelNotConfigured
from chatkit_notebook.stores import MemoryStore
from chatkit_notebook.testing import (
    ScriptedModel,
    error,
    reasoning,
    text,
    tool_call,
    turn,
)

from .harness import Harness, user_input

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

set_tracing_disabled(True)  # nothing may reach OpenAI, not even traces


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key and no endpoint: a model that is not scripted fails fast instead of calling out."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHATKIT_NOTEBOOK_MODEL"):
        monkeypatch.delenv(name, raising=False)


Ctx = RunContextWrapper[AgentContext[Any]]


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"Sunny and 21°C in {city}"


@function_tool
async def show_weather_card(ctx: Ctx, city: str) -> str:
    """Show the weather as a card."""
    await ctx.context.stream(ProgressUpdateEvent(text=f"Looking up {city}…"))
    await ctx.context.stream_widget(Card(children=[Text(value=f"Weather in {city}: sunny")]))
    return "card shown"


@function_tool
def add_to_todo(ctx: Ctx, item: str) -> str:
    """Add an item to the user's todo list (runs in the browser)."""
    ctx.context.client_tool_call = ClientToolCall(name="add_to_todo", arguments={"item": item})
    return "sent to the client"


def serve(agent: Agent[Any], **kwargs: Any) -> Harness:
    return Harness(AgentServer(lambda: agent, MemoryStore(), ErrorLog(), **kwargs))


async def ask(
    harness: Harness, text_or_input: str | dict[str, Any], thread_id: str | None = None
) -> list[dict[str, Any]]:
    payload = user_input(text_or_input) if isinstance(text_or_input, str) else text_or_input
    if thread_id is None:
        return await harness.call({"type": "threads.create", "params": {"input": payload}})
    return await harness.call(
        {"type": "threads.add_user_message", "params": {"thread_id": thread_id, "input": payload}}
    )


def done(events: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [
        e["item"] for e in events if e["type"] == "thread.item.done" and e["item"]["type"] == kind
    ]


def texts(events: list[dict[str, Any]]) -> list[str]:
    return [
        "".join(p["text"] for p in item["content"]) for item in done(events, "assistant_message")
    ]


def deltas(events: list[dict[str, Any]]) -> list[str]:
    return [
        e["update"]["delta"]
        for e in events
        if e["type"] == "thread.item.updated"
        and e["update"]["type"] == "assistant_message.content_part.text_delta"
    ]


def thread_id_of(events: list[dict[str, Any]]) -> str:
    return str(events[0]["thread"]["id"])


def messages(call_input: str | list[TResponseInputItem]) -> list[tuple[str, str]]:
    """(role, text) of every message in a model input, for readable assertions."""
    assert isinstance(call_input, list)
    found = []
    for item in call_input:
        if item.get("type", "message") != "message":
            continue
        item_dict: dict[str, Any] = dict(item)
        content = item_dict["content"]
        if isinstance(content, str):
            found.append((item_dict["role"], content))
        else:
            found.append((item_dict["role"], "".join(part.get("text", "") for part in content)))
    return found


# -- streaming ------------------------------------------------------------------------------------


async def test_text_streams_chunk_by_chunk() -> None:
    model = ScriptedModel([turn(text("Hello ", "from ", "the agent"))])
    harness = serve(Agent(name="Greeter", instructions="Be brief.", model=model))
    events = await ask(harness, "hi")
    assert deltas(events) == ["Hello ", "from ", "the agent"]
    assert texts(events) == ["Hello from the agent"]
    assert events[-1]["type"] == "thread.updated"
    assert events[-1]["thread"]["title"] == "hi"
    assert model.calls[0].instructions == "Be brief."
    assert messages(model.calls[0].input) == [("user", "hi")]


async def test_a_tool_call_is_a_workflow_task_with_its_result() -> None:
    model = ScriptedModel(
        [turn(tool_call("get_weather", {"city": "Paris"})), turn(text("It is sunny in Paris."))]
    )
    harness = serve(Agent(name="Weather", model=model, tools=[get_weather]))
    events = await ask(harness, "Weather in Paris?")

    [workflow] = done(events, "workflow")
    [task] = workflow["workflow"]["tasks"]
    assert task["type"] == "custom"
    assert task["title"] == "get_weather"
    assert task["status_indicator"] == "complete"
    assert task["content"] == 'Arguments: {"city": "Paris"}\nResult: Sunny and 21°C in Paris'
    assert texts(events) == ["It is sunny in Paris."]
    kinds = [e["item"]["type"] for e in events if e["type"] == "thread.item.done"]
    assert kinds == ["user_message", "workflow", "assistant_message"]
    # the tool ran with the model's arguments and its output went back to the model
    assert model.calls[0].tool_names == ["get_weather"]
    outputs = [i for i in model.calls[1].input if i.get("type") == "function_call_output"]
    assert [o.get("output") for o in outputs] == ["Sunny and 21°C in Paris"]


async def test_reasoning_becomes_a_thought() -> None:
    model = ScriptedModel([turn(reasoning("The user ", "wants a haiku."), text("Leaves fall…"))])
    events = await ask(serve(Agent(name="Poet", model=model)), "a haiku please")
    [workflow] = done(events, "workflow")
    assert workflow["workflow"]["type"] == "reasoning"
    [thought] = workflow["workflow"]["tasks"]
    assert (thought["type"], thought["content"]) == ("thought", "The user wants a haiku.")
    streamed = [
        e["update"]["task"]["content"]
        for e in events
        if e["type"] == "thread.item.updated" and e["update"]["type"].startswith("workflow.task")
    ]
    assert streamed[:2] == ["The user ", "The user wants a haiku."]  # shown while it streams
    assert texts(events) == ["Leaves fall…"]


async def test_a_tool_streams_a_widget_and_a_progress_update() -> None:
    model = ScriptedModel(
        [turn(tool_call("show_weather_card", {"city": "Oslo"})), turn(text("There you go."))]
    )
    harness = serve(Agent(name="Weather", model=model, tools=[show_weather_card]))
    events = await ask(harness, "Weather in Oslo?")
    progress = events.index({"type": "progress_update", "text": "Looking up Oslo…"})
    [widget] = done(events, "widget")
    assert widget["widget"]["children"][0]["value"] == "Weather in Oslo: sunny"
    assert progress < events.index({"type": "thread.item.done", "item": widget})
    assert texts(events) == ["There you go."]

    # the task ends complete in the saved thread, although the widget closed its workflow
    page = await harness.call(
        {"type": "items.list", "params": {"thread_id": thread_id_of(events), "order": "asc"}}
    )
    [workflow] = [item for item in page["data"] if item["type"] == "workflow"]
    assert workflow["workflow"]["tasks"][0]["status_indicator"] == "complete"
    assert workflow["workflow"]["tasks"][0]["content"].endswith("Result: card shown")


# -- client tools ---------------------------------------------------------------------------------


async def test_a_client_tool_call_waits_for_the_browser_then_the_run_resumes() -> None:
    model = ScriptedModel(
        [turn(tool_call("add_to_todo", {"item": "milk"})), turn(text("Added milk to your list."))]
    )
    agent = Agent(
        name="Todo",
        model=model,
        tools=[add_to_todo],
        tool_use_behavior=StopAtTools(stop_at_tool_names=["add_to_todo"]),
    )
    harness = serve(agent)
    events = await ask(harness, "remember milk")
    [pending] = done(events, "client_tool_call")
    assert pending["status"] == "pending"
    assert (pending["name"], pending["arguments"]) == ("add_to_todo", {"item": "milk"})
    assert len(model.calls) == 1

    resumed = await harness.call(
        {
            "type": "threads.add_client_tool_output",
            "params": {"thread_id": thread_id_of(events), "result": {"added": True}},
        }
    )
    assert texts(resumed) == ["Added milk to your list."]
    sent_back = [
        item
        for item in model.calls[1].input
        if item.get("type") in ("function_call", "function_call_output")
    ]
    assert sent_back == [
        {
            "type": "function_call",
            "call_id": pending["call_id"],
            "name": "add_to_todo",
            "arguments": '{"item": "milk"}',
        },
        {
            "type": "function_call_output",
            "call_id": pending["call_id"],
            "output": '{"added": true}',
        },
    ]


# -- guardrails and errors ------------------------------------------------------------------------


@input_guardrail
async def no_homework(
    ctx: RunContextWrapper[Any], agent: Agent[Any], user_input: str | list[TResponseInputItem]
) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(output_info="this looks like homework", tripwire_triggered=True)


async def test_an_input_guardrail_trip_is_a_clear_message() -> None:
    model = ScriptedModel([turn(text("The answer is 42."))])
    harness = serve(Agent(name="Tutor", model=model, input_guardrails=[no_homework]))
    events = await ask(harness, "solve my homework")
    assert events[-1] == {
        "type": "error",
        "code": "custom",
        "message": "Your message was blocked by the 'no_homework' guardrail: this looks like homework",
        "allow_retry": False,
    }
    added = {e["item"]["id"] for e in events if e["type"] == "thread.item.added"}
    removed = {e["item_id"] for e in events if e["type"] == "thread.item.removed"}
    assert added <= removed  # whatever the agent began to say is taken back


async def test_a_model_error_is_shown_and_logged_and_the_next_message_works() -> None:
    model = ScriptedModel([turn(text("Let me "), error(TimeoutError("the model timed out")))])
    harness = serve(Agent(name="Flaky", model=model))
    events = await ask(harness, "hi")
    assert events[-1]["type"] == "error"
    assert events[-1]["message"] == "agent 'Flaky' failed: TimeoutError: the model timed out"
    errors = harness.server._errors
    assert errors.last is not None
    assert "TimeoutError" in (errors.last.traceback or "")

    model.add("Back again.")
    assert texts(await ask(harness, "hi again", thread_id_of(events))) == ["Back again."]


async def test_a_script_that_runs_out_says_how_to_fix_it() -> None:
    model = ScriptedModel(["Only one answer."])
    harness = serve(Agent(name="Short", model=model))
    first = await ask(harness, "one")
    second = await ask(harness, "two", thread_id_of(first))
    assert second[-1]["message"] == (
        "agent 'Short' failed: ScriptExhausted: the scripted model has no turn 2: add one, e.g. "
        'ScriptedModel([..., turn(text("..."))]) or model.add(turn(text("...")))'
    )


async def test_without_a_key_the_chat_says_what_to_set_and_keeps_working() -> None:
    chat = ChatKit(agent=Agent(name="Assistant"))  # no model: the SDK's OpenAI default
    reply = await chat.ask("hi")
    assert reply.errors == [NO_KEY_MESSAGE]
    assert NO_KEY_MESSAGE.startswith("No OpenAI API key: set OPENAI_API_KEY")
    assert chat.errors.last is not None
    assert chat.errors.last.message == NO_KEY_MESSAGE

    chat.agent = Agent(name="Assistant", model=ScriptedModel(["Now I can answer."]))
    again = await chat.ask("hi again", thread_id=reply.thread_id)
    assert again.errors == []
    assert again.text == "Now I can answer."


# -- the conversation and the agent across turns ----------------------------------------------


async def test_swapping_the_agent_mid_thread_uses_the_new_one_with_the_history() -> None:
    first_model = ScriptedModel(["Bonjour !"])
    chat = ChatKit(agent=Agent(name="French", instructions="Answer in French.", model=first_model))
    first = await chat.ask("hello")
    assert first.text == "Bonjour !"

    second_model = ScriptedModel(["Hallo!"])
    chat.agent = Agent(name="German", instructions="Answer in German.", model=second_model)
    second = await chat.ask("hello again", thread_id=first.thread_id)
    assert second.thread_id == first.thread_id
    assert second.text == "Hallo!"
    assert len(first_model.calls) == 1
    assert second_model.calls[0].instructions == "Answer in German."
    assert messages(second_model.calls[0].input) == [
        ("user", "hello"),
        ("assistant", "Bonjour !"),
        ("user", "hello again"),
    ]


async def test_the_whole_conversation_reaches_the_model() -> None:
    model = ScriptedModel(
        [
            turn(tool_call("show_weather_card", {"city": "Paris"})),
            turn(text("Here is the weather.")),
            turn(text("Paris is in France.")),
        ]
    )
    harness = serve(Agent(name="Guide", model=model, tools=[show_weather_card]))
    first = await ask(harness, "Weather in Paris?")
    tagged = {
        "content": [
            {"type": "input_text", "text": "Tell me about "},
            {
                "type": "input_tag",
                "id": "city-1",
                "text": "Paris",
                "data": {"country": "France"},
                "group": "Cities",
                "interactive": False,
            },
        ],
        "attachments": [],
        "inference_options": {},
    }
    await ask(harness, tagged, thread_id_of(first))

    seen = messages(model.calls[2].input)
    assert seen[0] == ("user", "Weather in Paris?")
    assert any(
        role == "user"
        and "following task was performed" in content
        and "show_weather_card" in content
        for role, content in seen
    )
    assert any(
        role == "user" and "widget" in content and "Weather in Paris: sunny" in content
        for role, content in seen
    )
    assert ("assistant", "Here is the weather.") in seen
    assert ("user", "Tell me about @Paris") in seen
    assert seen[-1][0] == "user"
    assert 'Paris (Cities): {"country": "France"}' in seen[-1][1]


class Models(ModelProvider):
    """Resolves model ids as a compatible endpoint would, to scripted models."""

    def __init__(self, **models: Model) -> None:
        self.models = models
        self.asked: list[str | None] = []

    def get_model(self, model_name: str | None) -> Model:
        self.asked.append(model_name)
        return self.models[model_name or "default"]


async def test_composer_model_and_tool_choice_reach_the_run() -> None:
    agent_model = ScriptedModel()
    fast = ScriptedModel([turn(tool_call("get_weather", {"city": "Rome"})), turn(text("Sunny."))])
    models = Models(fast=fast)
    harness = serve(Agent(name="Weather", model=agent_model, tools=[get_weather]), models=models)
    composer = {
        "content": [{"type": "input_text", "text": "Rome?"}],
        "attachments": [],
        "inference_options": {"model": "fast", "tool_choice": {"id": "get_weather"}},
    }
    events = await ask(harness, composer)
    assert texts(events) == ["Sunny."]
    assert models.asked == ["fast", "fast"]
    assert agent_model.calls == []
    assert fast.calls[0].model_settings.tool_choice == "get_weather"
    assert fast.calls[1].model_settings.tool_choice is None  # reset once the tool ran


async def test_chat_model_and_settings_override_the_agent() -> None:
    chat_model = ScriptedModel(["From the chat's model."])
    settings = ModelSettings(temperature=0.2)
    agent_model = ScriptedModel()
    harness = serve(
        Agent(name="A", model=agent_model, model_settings=ModelSettings(temperature=0.9)),
        model=lambda: chat_model,
        model_settings=lambda: settings,
    )
    composer = {
        "content": [{"type": "input_text", "text": "hi"}],
        "attachments": [],
        "inference_options": {"tool_choice": {"id": "not_a_tool"}},
    }
    events = await ask(harness, composer)
    assert texts(events) == ["From the chat's model."]
    assert agent_model.calls == []
    assert chat_model.calls[0].model_settings.temperature == 0.2
    assert chat_model.calls[0].model_settings.tool_choice is None


async def test_cancelling_the_request_stops_the_run() -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    @function_tool
    async def slow_search(query: str) -> str:
        """Search slowly."""
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return "found"

    model = ScriptedModel([turn(tool_call("slow_search", {"query": "x"})), "never said"])
    harness = serve(Agent(name="Searcher", model=model, tools=[slow_search]))
    request_id = harness.send({"type": "threads.create", "params": {"input": user_input("go")}})
    await asyncio.wait_for(started.wait(), 5)
    harness.cancel(request_id)
    frames = await harness.answer(request_id)
    assert (frames[-1]["type"], frames[-1]["cancelled"]) == ("end", True)
    await asyncio.wait_for(cancelled.wait(), 5)  # the agents run stopped too
    assert len(model.calls) == 1


async def test_the_scripted_model_answers_non_streamed_runs_too() -> None:
    model = ScriptedModel(
        [turn(tool_call("get_weather", {"city": "Lima"})), turn(text("Sunny ", "in Lima."))]
    )
    result = await Runner.run(Agent(name="W", model=model, tools=[get_weather]), "Lima?")
    assert result.final_output == "Sunny in Lima."
    assert [call.streamed for call in model.calls] == [False, False]
    assert result.context_wrapper.usage.requests == 2

    failing = ScriptedModel([error(ConnectionError("offline"))])
    with pytest.raises(ConnectionError, match="offline"):
        await Runner.run(Agent(name="W", model=failing), "hi")


def test_models_use_the_sdk_classes_for_each_endpoint() -> None:
    compatible = ChatModels(base_url="http://127.0.0.1:9/v1", api_key="k")
    assert isinstance(compatible.get_model("llama3.2"), OpenAIChatCompletionsModel)
    assert not compatible.is_openai
    responses = ChatModels(base_url="http://127.0.0.1:9/v1", api="responses")
    assert isinstance(responses.get_model("gpt-4.1"), OpenAIResponsesModel)
    assert isinstance(ChatModels(api_key="sk-test").get_model("gpt-4.1"), OpenAIResponsesModel)
    with pytest.raises(ModelNotConfigured, match="No OpenAI API key"):
        ChatModels().get_model("gpt-4.1")


# -- converting attachments ---------------------------------------------------------------------


async def test_attachments_reach_the_model_as_image_text_or_a_description() -> None:
    contents = {"img": b"\x89PNG", "notes": b"buy milk", "deck": b"%PDF-1.7"}

    async def read(attachment: Any) -> bytes | None:
        return contents.get(attachment.id)

    message = UserMessageItem(
        id="msg_1",
        thread_id="thr_1",
        created_at="2025-01-01T00:00:00",
        content=[UserMessageTextContent(text="see attached")],
        attachments=[
            ImageAttachment(
                id="img", name="cat.png", mime_type="image/png", preview_url="https://x/cat.png"
            ),
            FileAttachment(id="notes", name="notes.txt", mime_type="text/plain"),
            FileAttachment(id="deck", name="deck.pdf", mime_type="application/pdf"),
        ],
        inference_options=InferenceOptions(),
    )
    [user] = await NotebookConverter(read).to_agent_input([message])
    assert json.loads(json.dumps(user))["content"] == [
        {"type": "input_text", "text": "see attached"},
        {"type": "input_image", "detail": "auto", "image_url": "data:image/png;base64,iVBORw=="},
        {"type": "input_text", "text": "Attached file notes.txt:\nbuy milk"},
        {
            "type": "input_text",
            "text": "The user attached deck.pdf (application/pdf, 8 bytes); "
            "its content is not available to you.",
        },
    ]

    [unread] = await NotebookConverter().to_agent_input([message])
    parts = json.loads(json.dumps(unread))["content"]
    assert parts[1]["image_url"] == "https://x/cat.png"  # no bytes: the preview URL
    assert parts[2]["text"] == (
        "The user attached notes.txt (text/plain); its content is not available to you."
    )
