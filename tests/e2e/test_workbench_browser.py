"""The inspector in a real JupyterLab and Chromium: a message typed in the chat shows up as a run,
live, and unfolding its tool call shows the arguments the model passed.

The agent's model is a `ScriptedModel` (OpenAI's API is unreachable here); everything else is
real: the builtin renderer, the comm, the agents SDK runner and its tracing, ipywidgets.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .notebook import cell_output, chat_element, execute, run_notebook, send_message
from .servers import Server

INSPECTOR = """
from agents import Agent, function_tool
from IPython.display import display
from chatkit_notebook import ChatKit
from chatkit_notebook.testing import ScriptedModel, text, tool_call, turn

@function_tool
def get_weather(city: str, unit: str = "C") -> str:
    \"\"\"The weather in a city.\"\"\"
    return f"sunny in {city}"

model = ScriptedModel([
    turn(tool_call("get_weather", {"city": "Paris", "unit": "C"})),
    turn(text("It is sunny in Paris.")),
])
chat = ChatKit(agent=Agent(name="Weather", model=model, tools=[get_weather]),
               renderer="builtin", height=360)
display(chat, chat.inspector())
"""


def test_the_inspector_shows_a_tool_calls_arguments(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "workbench_inspector", [INSPECTOR])
    inspector = page.locator(".ckwb-inspector")
    expect(inspector).to_contain_text("no runs yet")

    send_message(page, "Weather in <b>Paris</b>?")
    expect(chat_element(page).get_by_test_id("assistant-message")).to_have_text(
        "It is sunny in Paris."
    )

    run = inspector.locator(".ckwb-run")
    expect(run).to_contain_text("Run #1")
    expect(run).to_contain_text("ok")
    expect(run).to_contain_text("Weather in <b>Paris</b>?")  # shown as text, not markup
    expect(run.locator("b", has_text="Paris")).to_have_count(0)
    tool = run.locator("details.ckwb-row").filter(
        has=page.locator("summary", has_text="get_weather")
    )
    expect(tool).to_have_count(1)
    arguments = tool.locator(".ckwb-detail")
    expect(arguments).to_be_hidden()
    tool.locator("summary").click()
    expect(arguments).to_be_visible()
    expect(arguments).to_contain_text('"city": "Paris"')
    expect(arguments).to_contain_text("sunny in Paris")  # and its output

    execute(page, "print(len(chat.runs), chat.runs[-1].tool_calls[0].arguments)")
    expect(cell_output(page, 1)).to_have_text("1 {'city': 'Paris', 'unit': 'C'}\n")
