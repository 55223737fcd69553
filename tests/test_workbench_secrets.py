"""A secret never enters a trace's saved form: not `chat.runs`, not its HTML, not a saved notebook.

The agent's model is a `ScriptedModel` (OpenAI is unreachable here); its tool deliberately leaks
the API key the chat was given into its output, and the user pastes it into a message, so the
secret flows through the model input, the tool output and the run's input.
"""

from __future__ import annotations

import json

import pytest
from agents import Agent, function_tool, set_tracing_disabled

from chatkit_notebook import ChatKit
from chatkit_notebook.redaction import REDACTED, redact
from chatkit_notebook.testing import ScriptedModel, text, tool_call, turn

from .notebooks import errors_in, run_cells

SECRET = "sk-proj-WorkbenchSecret0123456789abcdef"
UNSHAPED = "my-own-gateway-token-7f3a9c2e"  # no known key shape: caught because it was handed to us


@pytest.fixture(autouse=True)
def _tracing_on():
    set_tracing_disabled(False)
    yield
    set_tracing_disabled(True)


async def test_an_api_key_never_reaches_chat_runs():
    @function_tool
    def leak() -> str:
        """Returns something secret."""
        return f"key={UNSHAPED} and {SECRET}"

    model = ScriptedModel([turn(tool_call("leak", {})), turn(text(f"The key is {UNSHAPED}"))])
    chat = ChatKit(agent=Agent(name="Leaky", model=model, tools=[leak]), api_key=UNSHAPED)
    await chat.ask(f"here is my key {SECRET}, and Authorization: Bearer abcdefghijklmnop")

    saved = chat.runs.to_json()
    html = chat.runs[-1]._repr_html_() + chat.runs._repr_html_()
    for secret in (SECRET, UNSHAPED, "abcdefghijklmnop"):
        assert secret not in saved
        assert secret not in html
    assert REDACTED in saved
    run = chat.runs[-1]
    assert run.tool_calls[0].output == f"key={REDACTED} and {REDACTED}"


def test_secret_keys_and_shapes_are_redacted_in_any_structure():
    value = {
        "headers": {"Authorization": "Basic dXNlcjpwYXNz", "X-Api-Key": "short"},
        "api_key": "anything",
        "usage": {"input_tokens": 3, "total_tokens": 5},  # token *counts* stay
        "items": [("sk-" + "a" * 40,), {"nested": "token ghp_" + "b" * 36}],
    }
    assert redact(value) == {
        "headers": {"Authorization": REDACTED, "X-Api-Key": REDACTED},
        "api_key": REDACTED,
        "usage": {"input_tokens": 3, "total_tokens": 5},
        "items": [[REDACTED], {"nested": f"token {REDACTED}"}],
    }


NOTEBOOK = [
    """
import os
from agents import Agent, function_tool
from chatkit_notebook import ChatKit
from chatkit_notebook.testing import ScriptedModel, text, tool_call, turn

key = os.environ["WORKBENCH_TEST_KEY"]

@function_tool
def leak() -> str:
    \"\"\"Returns the key.\"\"\"
    return "the key is " + key

model = ScriptedModel([turn(tool_call("leak", {})), turn(text("The key is " + key))])
chat = ChatKit(agent=Agent(name="Leaky", model=model, tools=[leak]), api_key=key)
chat
""",
    "reply = await chat.ask('what is my key? it is ' + key)  # the chat itself holds the key",
    "chat.runs[-1]",
    "chat.inspector()",
    "chat.runs",
    "print(chat.runs.to_json()[:2000])",
]


def test_an_api_key_never_reaches_a_saved_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_TEST_KEY", UNSHAPED)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    path = tmp_path / "saved.ipynb"
    notebook = run_cells(NOTEBOOK, path)

    saved = path.read_text()
    assert errors_in(notebook) == []
    assert "get_weather" not in saved  # sanity: the notebook is the one above
    assert "leak" in saved
    assert "Run #1" in saved
    assert UNSHAPED not in saved  # ...without the key, anywhere
    assert json.dumps(UNSHAPED) not in saved
