"""Secrets: a notebook that uses an API key, a header value and a client secret, executed with
nbclient (which stores widget state, as saving from JupyterLab does) and saved: no secret may
appear anywhere in the saved file.

The secrets reach the kernel through its environment, as they would in practice (the cell source
is saved by design, so a secret typed into a cell is out of scope). Inside the notebook they are
used in every place a user would put them: the `context=` value and factory, an environment
variable read by `respond`, a `respond` closure, a custom header value, and a hosted-workflow-like
client secret string.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from chatkit_notebook import ChatKit

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SECRETS = {
    "API_KEY": "sk-proj-RELIABILITYapikey0123456789abcdef",
    "ENV_KEY": "sk-env-RELIABILITYenvkey9876543210fedcba",
    "CLOSURE_KEY": "sk-closure-RELIABILITYclosure5555555555",
    "HEADER_VALUE": "Bearer RELIABILITYheader-4444-4444-4444",
    "CLIENT_SECRET": "ek_RELIABILITYclientsecret_3333333333333",
}

CELLS = [
    """
import os
from chatkit_notebook import ChatKit

api_key = os.environ["RELIABILITY_API_KEY"]
closure_key = os.environ["RELIABILITY_CLOSURE_KEY"]
headers = {"x-api-key": os.environ["RELIABILITY_HEADER_VALUE"]}
client_secret = os.environ["RELIABILITY_CLIENT_SECRET"]

def make_respond(key):
    def respond(message, thread):
        assert key and os.environ["RELIABILITY_ENV_KEY"]      # used, never shown
        assert thread.context["api_key"] == api_key
        yield f"ok: {message}"
    return respond

chat = ChatKit(
    respond=make_respond(closure_key),
    context=lambda info: {"api_key": api_key, "headers": headers, "client_secret": client_secret},
    options={"header": {"title": {"text": "Secrets"}}, "composer": {"placeholder": "Ask"}},
)
chat
""",
    """
reply = await chat.ask("hello")
chat.thread_id = reply.thread_id
print(reply.text, reply.errors)
""",
    """
other = ChatKit(respond=lambda m: m, context={"api_key": api_key, "client_secret": client_secret})
other
""",
    "chat.errors",
]


def test_no_secret_in_a_saved_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(f"RELIABILITY_{name}", value)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source.strip()) for source in CELLS]
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    assert client.store_widget_state  # the default: widget state is saved with the notebook
    client.execute()
    saved = tmp_path / "secrets.ipynb"
    nbformat.write(notebook, saved)
    text = saved.read_text()

    outputs = "".join(json.dumps(cell.get("outputs", [])) for cell in notebook.cells)
    assert "ok: hello []" in outputs  # the secrets were used, and the turn worked
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    chats = [m for m in state.values() if m["state"].get("_esm") or "options" in m["state"]]
    assert len(chats) == 2  # both chats' synced state was written into the file
    counts = {name: text.count(value) for name, value in SECRETS.items()}
    print(
        f"\nsecrets: {sum(counts.values())} occurrences of {len(SECRETS)} secrets in the saved "
        f"notebook ({len(text)} bytes, {len(state)} widget models stored) {counts}"
    )
    assert counts == dict.fromkeys(SECRETS, 0)


def test_get_state_holds_no_secret() -> None:
    secret: dict[str, Any] = dict(SECRETS)

    def respond(message: str) -> str:
        return secret["CLOSURE_KEY"] and "ok"

    chat = ChatKit(
        respond=respond,
        context=lambda info: {"api_key": secret["API_KEY"], "headers": secret["HEADER_VALUE"]},
    )
    other = ChatKit(respond=respond, context={"client_secret": secret["CLIENT_SECRET"]})
    dumped = json.dumps([chat.get_state(), other.get_state()], default=repr)
    found = [name for name, value in SECRETS.items() if value in dumped]
    print(f"\nget_state: {len(found)} secrets found")
    assert found == []
