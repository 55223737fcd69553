"""evaluate(), compare(), cases, graders and results, headless, as in CI.

Targets are respond functions and openai-agents `Agent`s whose model is a `ScriptedModel`
(OpenAI's API is unreachable here); the LLM judge is a `ScriptedModel` too. Every case runs
through `chat.ask()` on a fresh thread, the path of the chat UI.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from agents import Agent, function_tool, set_tracing_disabled

from chatkit_notebook import ChatKit, Grade, Progress, compare, evaluate, graders, load_cases
from chatkit_notebook.testing import ScriptedModel, text, tool_call, turn
from chatkit_notebook.workbench.cases import Case, CaseError
from chatkit_notebook.workbench.results import CaseResult, TurnResult


@pytest.fixture(autouse=True)
def _tracing_on():
    set_tracing_disabled(False)
    yield
    set_tracing_disabled(True)


def echo(message, thread):
    return f"You said: {message} ({len(thread.messages)} earlier messages)"


# -- cases ----------------------------------------------------------------------------------------


def test_cases_from_a_list_jsonl_and_csv(tmp_path):
    listed = load_cases(["hi", {"turns": ["a", "b"], "expect": {"contains": "b"}}])
    assert [c.inputs for c in listed] == [["hi"], ["a", "b"]]

    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text(
        json.dumps({"id": "paris", "input": "Weather in Paris?", "expect": {"contains": "Paris"}})
        + "\n\n"
        + json.dumps({"input": "x", "expect": {"called_tool": {"name": "t", "arguments": {}}}})
    )
    first, second = load_cases(jsonl)
    assert (first.id, first.expect.contains) == ("paris", "Paris")
    assert second.expect.called_tool.name == "t"

    csv_file = tmp_path / "cases.csv"
    csv_file.write_text(
        "id,input,contains,called_tool,json_schema,topic\n"
        'w1,Weather?,sunny,get_weather,"{""type"": ""object""}",weather\n'
        "w2,Hello,,,,greeting\n"
    )
    w1, w2 = load_cases(csv_file)
    assert w1.expect.contains == "sunny"
    assert w1.expect.called_tool == "get_weather"
    assert w1.expect.json_schema == {"type": "object"}
    assert w1.metadata == {"topic": "weather"}
    assert w2.expect.contains is None
    assert w2.metadata == {"topic": "greeting"}


def test_bad_cases_get_errors_that_name_the_problem(tmp_path):
    with pytest.raises(
        CaseError, match=r"case 0: unknown key 'expect.contans' \(allowed: contains"
    ):
        load_cases([{"input": "x", "expect": {"contans": "y"}}])
    with pytest.raises(CaseError, match="exactly one of input"):
        load_cases([{"input": "x", "turns": ["y"]}])
    with pytest.raises(CaseError, match="a case is a dict or a string, got int"):
        load_cases([3])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"input": "ok"}\n{not json\n')
    with pytest.raises(CaseError, match=r"bad\.jsonl line 2: not JSON"):
        load_cases(bad)
    no_input = tmp_path / "no_input.csv"
    no_input.write_text("question,contains\nhi,hello\n")
    with pytest.raises(CaseError, match="needs an 'input'"):
        load_cases(no_input)
    with pytest.raises(CaseError, match=r"from \.jsonl or \.csv"):
        load_cases(_touch(tmp_path / "cases.txt"))
    with pytest.raises(CaseError, match="no cases"):
        load_cases([])


def _touch(path):
    path.write_text("x")
    return path


# -- graders --------------------------------------------------------------------------------------


def result_of(output, *, tool_calls=()):
    """A CaseResult as graders see it, with `output` as the last answer."""
    from chatkit_notebook.workbench.runs import Run, Span

    run = Run(id="run", number=1, request="threads.create", thread_id="t", input="q", started_at=0)
    for i, (name, arguments) in enumerate(tool_calls):
        run.spans.append(Span(f"s{i}", None, "function", name, 0.0, 0.1, {"arguments": arguments}))
    result = CaseResult(index=0, case=Case(input="q"), status="passed", runs=[run])
    result.turns.append(TurnResult("q", output))
    return result


CASE = Case(input="q")

GRADER_CASES = [
    (graders.contains("paris", "Sunny"), "Sunny in PARIS", "Cloudy in Paris"),
    (graders.not_contains("rain"), "Sunny", "Rain later"),
    (graders.equals("42"), " 42\n", "41"),
    (graders.regex(r"\b\d{2}°C\b"), "It is 21°C", "It is warm"),
    (
        graders.json_schema({"type": "object", "required": ["city"]}),
        '```json\n{"city": "Paris"}\n```',
        '{"town": "Paris"}',
    ),
]


@pytest.mark.parametrize(("grader", "passing", "failing"), GRADER_CASES, ids=lambda v: str(v)[:30])
async def test_each_text_grader_passes_and_fails(grader, passing, failing):
    passed = await grader.grade(CASE, result_of(passing))
    failed = await grader.grade(CASE, result_of(failing))
    assert (passed.passed, passed.score) == (True, 1.0)
    assert (failed.passed, failed.score) == (False, 0.0)
    assert failed.reason


async def test_json_schema_reasons_and_bad_schemas():
    grade = await graders.json_schema({"type": "object"}).grade(CASE, result_of("not json"))
    assert "not JSON" in grade.reason
    nested = graders.json_schema(
        {"type": "object", "properties": {"temp": {"type": "number"}}, "required": ["temp"]}
    )
    grade = await nested.grade(CASE, result_of('{"temp": "hot"}'))
    assert grade.reason.startswith("temp:")
    with pytest.raises(ValueError, match="invalid schema"):
        graders.json_schema({"type": "nonsense"})
    with pytest.raises(ValueError, match="invalid pattern"):
        graders.regex("(")


async def test_called_tool_checks_the_name_and_an_argument_subset():
    result = result_of("ok", tool_calls=[("get_weather", {"city": "Paris", "unit": "C"})])
    assert (await graders.called_tool("get_weather").grade(CASE, result)).passed
    subset = graders.called_tool("get_weather", {"city": "Paris"})
    assert (await subset.grade(CASE, result)).passed
    wrong = await graders.called_tool("get_weather", {"city": "Rome"}).grade(CASE, result)
    assert not wrong.passed
    assert "Rome" in wrong.reason
    missing = await graders.called_tool("book_flight").grade(CASE, result)
    assert not missing.passed
    assert "get_weather" in missing.reason


async def test_python_functions_are_graders():
    def short(case, result):
        return len(result.output) < 10

    async def ratio(case, result):
        return len(result.output) / 20

    def verdict(case, result):
        return Grade(passed="!" in result.output, score=0.5, reason="wants enthusiasm")

    assert (await graders.as_grader(short).grade(CASE, result_of("tiny"))).passed
    assert not (await graders.as_grader(short).grade(CASE, result_of("far too long"))).passed
    assert (await graders.grader(ratio, threshold=0.5).grade(CASE, result_of("x" * 12))).passed
    low = await graders.grader(ratio, threshold=0.5).grade(CASE, result_of("x" * 4))
    assert (low.passed, low.score) == (False, 0.2)
    graded = await graders.as_grader(verdict).grade(CASE, result_of("meh"))
    assert (graded.passed, graded.score, graded.reason) == (False, 0.5, "wants enthusiasm")
    with pytest.raises(TypeError, match="return a bool"):
        await graders.as_grader(lambda c, r: "yes").grade(CASE, result_of("x"))


async def test_the_llm_judge_grades_with_a_rubric():
    model = ScriptedModel(
        [
            turn(text('{"passed": true, "score": 0.9, "reason": "polite and correct"}')),
            turn(text('Verdict: {"score": 0.2, "reason": "rude"}')),
            turn(text("I refuse to answer in JSON")),
        ]
    )
    judge = graders.judge("Is the answer polite?", model=model)
    good = await judge.grade(CASE, result_of("Thank you! It is sunny."))
    assert (good.passed, good.score, good.reason) == (True, 0.9, "polite and correct")
    assert "Is the answer polite?" in model.calls[0].instructions
    assert "Thank you! It is sunny." in str(model.calls[0].input)
    bad = await judge.grade(CASE, result_of("Go away."))
    assert (bad.passed, bad.score) == (False, 0.2)
    garbled = await judge.grade(CASE, result_of("?"))
    assert not garbled.passed
    assert "not a JSON verdict" in garbled.reason
    assert await graders.judge(model=model).grade(CASE, result_of("x")) is None  # no rubric
    with pytest.raises(TypeError, match="judge\\(\\) needs model="):
        graders.judge("rubric")


# -- evaluate -------------------------------------------------------------------------------------


async def test_evaluate_a_respond_function_headless():
    cases = [
        {"id": "hello", "input": "hello", "expect": {"contains": "hello"}},
        {"input": "bye", "expect": {"equals": "something else"}},
        {"turns": ["My name is Ada.", "What is my name?"], "expect": {"contains": "2 earlier"}},
    ]
    results = await evaluate(echo, cases, [graders.regex("You said")], concurrency=2)

    assert [c.status for c in results.cases] == ["passed", "failed", "passed"]
    assert results.pass_rate == pytest.approx(2 / 3)
    assert not results.passed
    assert results.graders == ["contains", "regex", "equals"]
    assert results.by_grader()["regex"] == {"graded": 3, "pass_rate": 1.0, "score": 1.0}
    multi = results.cases[2]
    assert [t.input for t in multi.turns] == ["My name is Ada.", "What is my name?"]
    assert multi.output == "You said: What is my name? (2 earlier messages)"
    assert len(multi.runs) == 2
    assert {r.thread_id for r in multi.runs} == {multi.thread_id}
    assert all(c.latency > 0 for c in results.cases)
    with pytest.raises(AssertionError, match=r"pass rate 67% < 90%[\s\S]*#1 'bye': equals"):
        results.assert_pass_rate(0.9)
    results.assert_pass_rate(0.6)


async def test_evaluate_an_agent_with_tool_expectations_and_a_judge():
    @function_tool
    def get_weather(city: str) -> str:
        """The weather in a city."""
        return f"sunny in {city}"

    agent = Agent(
        name="Weather",
        model=ScriptedModel(
            [
                turn(tool_call("get_weather", {"city": "Paris"})),
                turn(text("It is sunny in Paris.")),
                turn(text("I do not know.")),
            ]
        ),
        tools=[get_weather],
    )
    judge_model = ScriptedModel(
        [turn(text('{"passed": true, "score": 1}')), turn(text('{"passed": false, "score": 0}'))]
    )
    cases = [
        {
            "input": "Weather in Paris?",
            "expect": {
                "contains": "Paris",
                "called_tool": {"name": "get_weather", "arguments": {"city": "Paris"}},
                "rubric": "Answers with the weather.",
            },
        },
        {"input": "Weather in Rome?", "expect": {"called_tool": "get_weather", "rubric": "Same."}},
    ]
    results = await evaluate(agent, cases, [graders.judge(model=judge_model)], concurrency=1)

    paris, rome = results.cases
    assert paris.passed, paris.grades
    assert [g.grader for g in paris.grades] == ["contains", "called_tool", "judge"]
    assert paris.tool_calls[0].arguments == {"city": "Paris"}
    assert paris.usage["total_tokens"] > 0
    assert paris.usage["requests"] == 2
    assert rome.status == "failed"
    assert {g.grader: g.passed for g in rome.grades} == {"called_tool": False, "judge": False}
    assert results.target == "Weather"
    view = rome.open()  # a failing case opens in a chat view, on its thread
    assert isinstance(view, ChatKit)
    assert view.thread_id == rome.thread_id
    items = await view.items()
    assert items[0]["content"][0]["text"] == "Weather in Rome?"
    view.close()


async def test_one_failing_case_never_stops_the_others():
    async def respond(message):
        if message == "raise":
            raise RuntimeError("this case is broken")
        if message == "hang":
            await asyncio.sleep(30)
        return f"ok {message}"

    cases = ["a", "raise", "hang", "b"]
    results = await evaluate(respond, cases, concurrency=2, timeout=1.0)
    by_input = {c.case.input: c for c in results.cases}
    assert by_input["a"].passed
    assert by_input["b"].passed
    assert by_input["raise"].status == "error"
    assert "this case is broken" in by_input["raise"].error
    assert by_input["hang"].status == "error"
    assert by_input["hang"].error == "timed out after 1.0 s"


async def test_the_concurrency_bound_is_respected():
    running = 0
    peak = 0

    async def respond(message):
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.02)
        running -= 1
        return message

    results = await evaluate(respond, [str(i) for i in range(12)], concurrency=3)
    assert peak == 3
    assert results.pass_rate == 1.0
    assert results.concurrency == 3
    assert [c.output for c in results.cases] == [str(i) for i in range(12)]  # in case order


async def test_stop_mid_evaluation_keeps_what_finished():
    release = asyncio.Event()
    both_waiting = asyncio.Event()
    waiting = 0

    async def respond(message):
        nonlocal waiting
        if int(message) >= 2:  # these never finish on their own
            waiting += 1
            if waiting == 2:
                both_waiting.set()
            await release.wait()
        return f"done {message}"

    progress = Progress(show=False)
    chat = ChatKit(respond=respond)
    task = asyncio.ensure_future(
        evaluate(chat, [str(i) for i in range(8)], concurrency=2, progress=progress)
    )
    await asyncio.wait_for(both_waiting.wait(), 10)  # cases 0 and 1 done, 2 and 3 running
    progress.stop()
    results = await asyncio.wait_for(task, 5)

    assert results.stopped
    assert not results.passed
    statuses = [c.status for c in results.cases]
    assert statuses[:2] == ["passed", "passed"]
    assert set(statuses[2:]) == {"stopped"}
    assert "stopped" in results._repr_html_()
    cancelled = [r for r in chat.runs if r.status == "cancelled"]
    assert len(cancelled) == 2  # the two running cases were cancelled, not left running
    release.set()
    assert (await chat.ask("9")).text == "done 9"  # the chat still works


async def test_results_export_to_pandas_jsonl_and_html(tmp_path):
    results = await evaluate(
        echo,
        [
            {"input": "<b>hi</b>", "expect": {"contains": "hi"}},
            {"input": "x", "expect": {"regex": "^no"}},
        ],
    )
    frame = results.to_pandas()
    assert list(frame["status"]) == ["passed", "failed"]
    assert {"contains", "contains.score", "regex", "latency", "total_tokens"} <= set(frame.columns)
    path = results.to_jsonl(tmp_path / "results.jsonl")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["status"] for line in lines] == ["passed", "failed"]
    assert lines[0]["runs"][0]["output"].startswith("You said")
    html = results._repr_html_()
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "<b>hi</b>" not in html
    assert "50%" in html
    assert "✗" in html
    assert "pass rate 50%" in repr(results)


async def test_to_pandas_without_pandas_says_what_to_install(monkeypatch):
    results = await evaluate(echo, ["hi"])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        results.to_pandas()


async def test_bad_evaluate_arguments_get_clear_errors():
    with pytest.raises(TypeError, match=r"takes a ChatKit, an agents\.Agent"):
        await evaluate(42, ["hi"])
    with pytest.raises(ValueError, match="concurrency must be a positive integer"):
        await evaluate(echo, ["hi"], concurrency=0)
    with pytest.raises(ValueError, match=r"pass graders=\[judge\(model=...\)\]"):
        await evaluate(echo, [{"input": "hi", "expect": {"rubric": "polite"}}])


async def test_a_broken_grader_fails_its_grade_only():
    def broken(case, result):
        raise KeyError("oops")

    results = await evaluate(echo, [{"input": "hi", "expect": {"contains": "hi"}}], [broken])
    (case,) = results.cases
    assert case.status == "failed"
    grades = {g.grader: g for g in case.grades}
    assert grades["contains"].passed
    assert not grades["broken"].passed
    assert "KeyError" in grades["broken"].reason


# -- compare --------------------------------------------------------------------------------------


async def test_compare_lines_up_targets_and_marks_differences():
    def v1(message):
        return "Paris is sunny" if "Paris" in message else "no idea"

    def v2(message):
        return "Paris is sunny" if "Paris" in message else "Rome is sunny"

    cases = [
        {"input": "Paris?", "expect": {"contains": "sunny"}},
        {"input": "Rome?", "expect": {"contains": "sunny"}},
    ]
    comparison = await compare({"v1": v1, "v2": v2}, cases)

    assert comparison.names == ["v1", "v2"]
    assert comparison.differences == [1]
    assert comparison.best == "v2"
    assert comparison.results["v1"].pass_rate == 0.5
    assert comparison.results["v2"].pass_rate == 1.0
    html = comparison._repr_html_()
    assert "1 of 2 cases differ" in html
    assert "≠" in html
    assert "comparison.results[&#x27;v1&#x27;].failures[0].open()" in html
    frame = comparison.to_pandas()
    assert list(frame["differs"]) == [False, True]
    assert list(frame["v2.passed"]) == [True, True]
    assert "1 cases differ" in repr(comparison)


async def test_compare_a_list_of_agents_names_them():
    def agent(answer):
        return Agent(name="Bot", model=ScriptedModel([turn(text(answer))]))

    comparison = await compare([agent("yes"), agent("no")], ["Question?"], concurrency=1)
    assert comparison.names == ["Bot", "Bot (2)"]
    assert [r.cases[0].output for r in comparison.results.values()] == ["yes", "no"]


async def test_client_tools_run_headless_during_an_evaluation():
    model = ScriptedModel(
        [turn(tool_call("selected_rows", {"limit": 2})), turn(text("You selected 2 rows."))]
    )
    chat = ChatKit(agent=Agent(name="Analyst", model=model))
    seen = []

    @chat.client_tool
    def selected_rows(limit: int) -> dict:
        """The rows the user selected."""
        seen.append(limit)
        return {"rows": list(range(limit))}

    results = await evaluate(
        chat,
        [
            {
                "input": "What did I select?",
                "expect": {"contains": "2 rows", "called_tool": "selected_rows"},
            }
        ],
    )
    (case,) = results.cases
    assert case.passed, case.grades
    assert seen == [2]
    assert case.output == "You selected 2 rows."
    assert [r.request for r in case.runs] == ["threads.create", "threads.add_client_tool_output"]
    assert '{"rows": [0, 1]}' in str(model.calls[1].input)  # the model got the result


# -- exported Agent Builder workflows as targets ---------------------------------------------------

WORKFLOW_EXPORTS = Path(__file__).parent / "workflow_exports"


async def test_evaluate_an_exported_workflow_with_its_traces():
    model = ScriptedModel(
        [
            turn(tool_call("get_order_status", {"order_id": "42"})),
            turn(text("Order 42 shipped on Monday.")),
            turn(tool_call("get_order_status", {"order_id": "7"})),
            turn(text("Order 7 is still being packed.")),
        ]
    )
    chat = ChatKit(workflow=str(WORKFLOW_EXPORTS / "function_tools.py"), model=model)
    cases = [
        {
            "input": "Where is order 42?",
            "expect": {"contains": "shipped", "called_tool": "get_order_status"},
        },
        {
            "input": "Where is order 7?",
            "expect": {"called_tool": {"name": "get_order_status", "arguments": {"order_id": "8"}}},
        },
    ]
    results = await evaluate(chat, cases, concurrency=1)

    assert [c.status for c in results.cases] == ["passed", "failed"]
    first, second = results.cases
    assert first.output == "Order 42 shipped on Monday."
    (run,) = first.runs
    assert {"agent", "function", "response"} <= {span.kind for _depth, span in run.tree()}
    (call,) = run.tool_calls
    assert (call.name, call.arguments) == ("get_order_status", {"order_id": "42"})
    (failed,) = [grade for grade in second.grades if not grade.passed]
    assert failed.grader == "called_tool"


async def test_a_path_target_is_run_as_an_exported_workflow(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    results = await evaluate(WORKFLOW_EXPORTS / "one_agent.py", [{"input": "hi"}])

    # The export's own model names go to OpenAI, which needs a key: the case records the
    # chat's clear message instead of a hang or a crash.
    (case,) = results.cases
    assert case.status == "error"
    assert "OPENAI_API_KEY" in (case.error or "")
