"""An Agent Builder export with string model names, over the real `openai.AsyncOpenAI` client.

OpenAI's API is unreachable here, so `tests.openai_loopback.OpenAILoopback` stands in for an
OpenAI-compatible endpoint on 127.0.0.1 (`base_url=`), speaking chat completions; the export's
own model names ("gpt-4.1-mini", "gpt-4.1") go there unchanged, agent by agent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from agents import set_tracing_disabled

from chatkit_notebook import ChatKit
from chatkit_notebook.testing import text, turn

from .openai_loopback import OpenAILoopback

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.timeout(60)]

set_tracing_disabled(True)

EXPORT = Path(__file__).parent / "workflow_exports" / "classifier_branch.py"


@pytest.fixture(autouse=True)
def no_ambient_config(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHATKIT_NOTEBOOK_MODEL"):
        monkeypatch.delenv(name, raising=False)


async def test_each_agent_of_the_export_calls_its_own_model_at_base_url() -> None:
    script = [
        turn(text('{"classification": ', '"billing"}')),
        turn(text("Your invoice ", "is attached.")),
        turn(text('{"classification": "billing"}')),
        turn(text("It was paid.")),
    ]
    async with OpenAILoopback(script) as api:
        chat = ChatKit(workflow=str(EXPORT), base_url=api.base_url, api_key="sk-loopback")
        first = await chat.ask("Where is my invoice?")
        second = await chat.ask("Was it paid?", thread_id=first.thread_id)

    assert first.errors == []
    assert first.text == "Your invoice is attached."
    deltas = [
        e["update"]["delta"]
        for e in first.events
        if e["type"] == "thread.item.updated"
        and e["update"]["type"] == "assistant_message.content_part.text_delta"
    ]
    assert deltas == ["Your invoice ", "is attached."]
    assert second.text == "It was paid."

    assert [(r.path, r.body["model"]) for r in api.requests] == [
        ("/v1/chat/completions", "gpt-4.1-mini"),
        ("/v1/chat/completions", "gpt-4.1"),
        ("/v1/chat/completions", "gpt-4.1-mini"),
        ("/v1/chat/completions", "gpt-4.1"),
    ]
    assert all(r.headers["authorization"] == "Bearer sk-loopback" for r in api.requests)
    classifier = api.requests[0].body
    assert classifier["response_format"]["type"] == "json_schema"  # the structured output
    # the second turn's classifier sees the first turn
    said = [
        (m["role"], m["content"] if isinstance(m["content"], str) else m["content"][0]["text"])
        for m in api.requests[2].body["messages"]
    ]
    assert said[1] == ("user", "Where is my invoice?")
    assert ("assistant", "Your invoice is attached.") in said
    assert said[-1][0] == "user"
