"""chat.runs, the tracing processor, the inspector and rerun, through real chat turns.

The agents are real openai-agents `Agent`s run by the SDK's `Runner`; their model is a
`ScriptedModel` (OpenAI's API is unreachable here), which opens a response span per call as
`OpenAIResponsesModel` does. Turns go through `chat.ask()`, the bridge path of the chat UI.
"""

from __future__ import annotations

import json
import logging

import pytest
from agents import (
    Agent,
    GuardrailFunctionOutput,
    Runner,
    TracingProcessor,
    custom_span,
    function_tool,
    input_guardrail,
    set_tracing_disabled,
)

from chatkit_notebook import ChatKit
from chatkit_notebook.testing import ScriptedModel, error, text, tool_call, turn
from chatkit_notebook.workbench.inspector import Inspector
from chatkit_notebook.workbench.tracing import install


@pytest.fixture(autouse=True)
def _tracing_on():
    """Other test modules switch the SDK's tracing off at import (so nothing is exported);
    these tests need it on, and put it back as the rest of the suite expects it."""
    set_tracing_disabled(False)
    yield
    set_tracing_disabled(True)


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    with custom_span("lookup", {"city": city}):
        return f"sunny in {city}"


@function_tool
def broken_tool(city: str) -> str:
    """Always fails."""
    raise RuntimeError(f"no station in {city}")


def weather_agent(*turns):
    return Agent(name="Weather", model=ScriptedModel(list(turns)), tools=[get_weather])


def tree(run):
    """The run's spans as (depth, kind, name), in depth-first order."""
    return [(depth, span.kind, span.name) for depth, span in run.tree()]


async def test_a_tool_call_is_traced_with_its_arguments_under_its_turn():
    chat = ChatKit(
        agent=weather_agent(
            turn(tool_call("get_weather", {"city": "Paris"})), turn(text("Sunny in Paris."))
        )
    )
    reply = await chat.ask("Weather in Paris?")

    (run,) = chat.runs
    assert run.status == "ok"
    assert run.input == "Weather in Paris?"
    assert run.output == "Sunny in Paris."
    assert run.thread_id == reply.thread_id
    produced = [item["id"] for item in reply.items if item["type"] != "user_message"]
    assert run.item_ids == produced  # keyed to the assistant items the turn produced
    assert run.user_item_id == reply.items[0]["id"]
    assert tree(run) == [
        (0, "task", "Agent workflow"),
        (1, "agent", "Weather"),
        (2, "turn", "turn 1 · Weather"),
        (3, "response", "model scripted-model"),
        (3, "function", "get_weather"),
        (4, "custom", "lookup"),
        (2, "turn", "turn 2 · Weather"),
        (3, "response", "model scripted-model"),
    ]
    (call,) = run.tool_calls
    assert call.arguments == {"city": "Paris"}
    assert call.output == "sunny in Paris"
    assert call.duration is not None
    assert call.duration >= 0
    (model_call, _second_call) = run.find("response")
    assert model_call.data["input"][0]["content"][0]["text"] == "Weather in Paris?"
    assert model_call.data["output"][0]["name"] == "get_weather"
    assert model_call.usage["total_tokens"] > 0
    assert run.usage["requests"] == 2
    assert run.usage["total_tokens"] == sum(s.usage["total_tokens"] for s in run.find("response"))
    assert run.find("custom", "lookup")[0].data == {"data": {"city": "Paris"}}
    saved = json.loads(chat.runs.to_json())  # the saved form is plain JSON
    assert saved[0]["spans"][4]["data"]["arguments"] == {"city": "Paris"}
    assert all(s.ended_at is not None for s in run.spans)


async def test_handoffs_and_guardrails_keep_their_parents():
    @input_guardrail
    async def polite(ctx, agent, message):
        return GuardrailFunctionOutput(output_info={"rude": False}, tripwire_triggered=False)

    expert = Agent(name="Expert", model=ScriptedModel([turn(text("Expert here."))]))
    triage = Agent(
        name="Triage",
        model=ScriptedModel([turn(tool_call("transfer_to_expert", {}))]),
        handoffs=[expert],
        input_guardrails=[polite],
    )
    chat = ChatKit(agent=triage)
    await chat.ask("I need an expert")

    run = chat.runs[-1]
    assert run.output == "Expert here."
    shape = tree(run)
    assert shape[:2] == [(0, "task", "Agent workflow"), (1, "agent", "Triage")]
    triage_children = {(kind, name) for depth, kind, name in shape[2:] if depth == 2}
    assert ("guardrail", "polite") in triage_children
    (handoff,) = run.find("handoff")
    assert handoff.name == "Triage → Expert"
    turn_of_handoff = next(s for s in run.spans if s.id == handoff.parent_id)
    assert turn_of_handoff.kind == "turn"
    assert "Triage" in turn_of_handoff.name
    (expert_span,) = run.find("agent", "Expert")
    assert expert_span.parent_id == run.find("task")[0].id  # a sibling of Triage, not a child
    assert run.find("guardrail", "polite")[0].data == {"triggered": False}
    assert run.agent == "Triage"


async def test_a_tripped_guardrail_and_a_failing_tool_are_recorded_as_errors():
    @input_guardrail
    async def no_secrets(ctx, agent, message):
        return GuardrailFunctionOutput(output_info="asks for a secret", tripwire_triggered=True)

    blocked = ChatKit(
        agent=Agent(
            name="Guarded",
            model=ScriptedModel([turn(text("never"))]),
            input_guardrails=[no_secrets],
        )
    )
    await blocked.ask("tell me the password")
    run = blocked.runs[-1]
    assert run.status == "error"
    assert "no_secrets" in run.errors[0]
    (guardrail,) = run.find("guardrail")
    assert guardrail.data["triggered"] is True

    tool_fails = ChatKit(
        agent=Agent(
            name="Fragile",
            model=ScriptedModel(
                [turn(tool_call("broken_tool", {"city": "Oslo"})), turn(text("Sorry."))]
            ),
            tools=[broken_tool],
        )
    )
    await tool_fails.ask("Weather in Oslo?")
    run = tool_fails.runs[-1]
    (call,) = run.find("function")
    assert call.error is not None
    assert "Error running tool" in call.error["message"]
    assert "error occurred" in call.data["output"]  # what the model was told
    assert run.tool_calls[0].error
    assert run.status == "ok"  # the model saw the tool's error and answered


async def test_a_model_error_fails_the_run_and_its_response_span():
    chat = ChatKit(agent=weather_agent(turn(text("Half"), error(RuntimeError("model down")))))
    reply = await chat.ask("hello")
    run = chat.runs[-1]
    assert reply.errors
    assert run.status == "error"
    assert "model down" in run.errors[0]
    (response,) = run.find("response")
    assert response.error is not None
    assert response.ended_at is not None


async def test_respond_runs_have_timings_output_and_errors_but_no_spans():
    def respond(message):
        if message == "fail":
            raise ValueError("bad input")
        return f"echo {message}"

    chat = ChatKit(respond=respond)
    await chat.ask("hi")
    await chat.ask("fail")
    ok, failed = chat.runs
    assert (ok.status, ok.output, ok.spans) == ("ok", "echo hi", [])
    assert ok.duration is not None
    assert ok.duration >= 0
    assert failed.status == "error"
    assert "bad input" in failed.errors[0]
    assert "Run #2" in failed._repr_html_()
    assert "bad input" in failed._repr_html_()


async def test_rerun_answers_again_with_the_new_agent_and_the_inspector_shows_both():
    chat = ChatKit(agent=weather_agent(turn(text("Version one."))))
    inspector = Inspector(chat.runs)
    first = await chat.ask("Say hi")
    chat.agent = Agent(name="Weather v2", model=ScriptedModel([turn(text("Version two."))]))

    second = await chat.rerun()

    assert second.thread_id == first.thread_id
    assert second.text == "Version two."
    items = await chat.items(first.thread_id)
    assert [i["type"] for i in items] == ["user_message", "assistant_message"]
    assert items[-1]["content"][0]["text"] == "Version two."  # the old answer was replaced
    old, new = chat.runs
    assert new.request == "threads.retry_after_item"
    assert (new.rerun_of, new.input, new.agent) == (1, "Say hi", "Weather v2")
    assert old.output == "Version one."  # the old run stays in the log
    views = [v.value for v in inspector.children[:-1]]
    assert len(views) == 2
    assert "Version one." in views[0]
    assert "Version two." in views[1]
    assert "rerun of #1" in views[1]


async def test_rerun_of_a_given_item_and_without_any_turn():
    chat = ChatKit(respond=lambda message: f"answer to {message}")
    with pytest.raises(ValueError, match="no thread"):
        await chat.rerun()
    reply = await chat.ask("one")
    await chat.ask("two", reply.thread_id)
    first_user = chat.runs[0].user_item_id
    again = await chat.rerun(item_id=first_user)
    assert again.text == "answer to one"
    assert chat.runs[-1].rerun_of == 1


async def test_the_inspector_updates_as_turns_happen():
    chat = ChatKit(
        agent=weather_agent(
            turn(tool_call("get_weather", {"city": "Paris"})), turn(text("Sunny in Paris."))
        )
    )
    inspector = chat.inspector()
    assert "no runs yet" in inspector.children[-1].value
    await chat.ask("Weather in <b>Paris</b>?")
    (view, header) = inspector.children
    assert "1 run" in header.value
    assert "get_weather" in view.value
    assert "&quot;city&quot;: &quot;Paris&quot;" in view.value  # the arguments, escaped
    assert "<b>Paris</b>" not in view.value  # user text is escaped, never markup
    inspector.close()


async def test_a_client_tool_run_records_the_python_function():
    chat = ChatKit(
        agent=Agent(
            name="Analyst",
            model=ScriptedModel(
                [turn(tool_call("selected_rows", {"limit": 2})), turn(text("2 rows."))]
            ),
        )
    )

    @chat.client_tool
    def selected_rows(limit: int) -> dict:
        """The rows the user selected."""
        return {"rows": list(range(limit))}

    reply = await chat.ask("what did I select?")
    assert reply.items[-1]["type"] == "client_tool_call"
    result = await chat._invoke_callback(
        "onClientTool", [{"name": "selected_rows", "params": {"limit": 2}}]
    )
    asked = chat.runs[0]
    assert [s.kind for s in asked.find("client_tool")] == ["client_tool", "client_tool"]
    handed, ran = asked.find("client_tool")
    assert handed.data["arguments"] == {"limit": 2}
    assert ran.data == {"arguments": {"limit": 2}, "output": {"rows": [0, 1]}}
    await chat._bridge.call(
        json.dumps(
            {
                "type": "threads.add_client_tool_output",
                "params": {"thread_id": reply.thread_id, "result": result},
            }
        )
    )
    resumed = chat.runs[-1]
    assert resumed.request == "threads.add_client_tool_output"
    assert resumed.output == "2 rows."
    assert json.loads(resumed.input) == {"rows": [0, 1]}


class Exported(TracingProcessor):
    def __init__(self):
        self.traces, self.spans = [], []

    def on_trace_start(self, trace):
        self.traces.append(trace.trace_id)

    def on_trace_end(self, trace):
        pass

    def on_span_start(self, span):
        pass

    def on_span_end(self, span):
        self.spans.append(span.span_data.type)

    def shutdown(self):
        pass

    def force_flush(self):
        pass


async def test_only_chats_that_opt_in_export_their_traces(monkeypatch):
    processor = install()
    exported = Exported()
    monkeypatch.setattr(processor, "exporter", exported)

    quiet = ChatKit(agent=weather_agent(turn(text("local only"))))
    await quiet.ask("hi")
    assert quiet.runs[-1].spans
    assert exported.traces == []

    shared = ChatKit(agent=weather_agent(turn(text("exported"))), export_traces=True)
    await shared.ask("hi")
    assert len(exported.traces) == 1
    assert "response" in exported.spans

    exported.traces.clear()  # a run outside any chat keeps the SDK's behaviour
    await Runner.run(weather_agent(turn(text("plain"))), "hi")
    assert len(exported.traces) == 1


async def test_no_trace_export_noise_without_a_key(monkeypatch, caplog):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    processor = install()
    chat = ChatKit(agent=weather_agent(turn(text("fine"))))
    with caplog.at_level(logging.WARNING):
        await chat.ask("hi")
        processor.force_flush()
    assert chat.runs[-1].spans
    assert "skipping trace export" not in caplog.text


async def test_tracing_switched_off_still_records_the_run():
    set_tracing_disabled(True)
    chat = ChatKit(agent=weather_agent(turn(text("untraced"))))
    await chat.ask("hi")
    run = chat.runs[-1]
    assert (run.status, run.output, run.spans) == ("ok", "untraced", [])


async def test_a_real_openai_client_is_traced_with_its_generation_and_usage(monkeypatch):
    """Chat completions over HTTP to the loopback OpenAI server (OpenAI is unreachable here):
    the SDK's own generation spans, with the messages sent and the usage the server reported."""
    from .openai_loopback import OpenAILoopback

    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    script = [turn(tool_call("get_weather", {"city": "Paris"})), turn(text("Sunny in Paris."))]
    async with OpenAILoopback(script) as api:
        agent = Agent(name="Weather", instructions="Use tools.", tools=[get_weather])
        chat = ChatKit(agent=agent, model="gpt-test", base_url=api.base_url, api_key="sk-loop")
        await chat.ask("Weather in Paris?")

    run = chat.runs[-1]
    assert run.output == "Sunny in Paris."
    first, _second = run.find("generation")
    assert first.name == "model gpt-test"
    assert first.data["usage"]["input_tokens"] == 10
    assert first.data["usage"]["output_tokens"] == 5
    assert first.data["input"][0] == {"role": "system", "content": "Use tools."}
    assert first.data["input"][1]["content"][0]["text"] == "Weather in Paris?"
    assert "get_weather" in json.dumps(first.data["output"])
    assert run.usage == {"requests": 2, "input_tokens": 20, "output_tokens": 10, "total_tokens": 30}
    assert run.tool_calls[0].arguments == {"city": "Paris"}
    assert "sk-loop" not in chat.runs.to_json()
