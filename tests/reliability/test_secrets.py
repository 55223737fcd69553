"""Secrets: a notebook that uses an API key, a header value and a client secret, executed with
nbclient (which stores widget state, as saving from JupyterLab does) and saved: no secret may
appear anywhere in the saved file.

The secrets reach the kernel through its environment, as they would in practice (the cell source
is saved by design, so a secret typed into a cell is out of scope). Inside the notebook they are
used in every place a user would put them: the `context=` value and factory, an environment
variable read by `respond`, a `respond` closure, a custom header value, and a hosted-workflow-like
client secret string, and in an HTTP error that quotes the key (`?api_key=...`), which the chat
shows: error text is redacted before Python keeps it and never enters a synced trait. The same
error in real JupyterLab (with "save widget state" on) is checked by the browser test at the end.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chatkit_notebook import ChatKit

from ..notebooks import run_cells, widget_state

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SECRETS = {
    "API_KEY": "sk-proj-RELIABILITYapikey0123456789abcdef",
    "ENV_KEY": "sk-env-RELIABILITYenvkey9876543210fedcba",
    "CLOSURE_KEY": "sk-closure-RELIABILITYclosure5555555555",
    "HEADER_VALUE": "Bearer RELIABILITYheader-4444-4444-4444",
    "CLIENT_SECRET": "ek_RELIABILITYclientsecret_3333333333333",
}

REFUSING_API = """
import http.server, threading, httpx

class Refuse(http.server.BaseHTTPRequestHandler):  # an API that refuses the key
    def do_GET(self):
        self.send_response(401)
        self.end_headers()

    def log_message(self, *args):
        pass

api = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
threading.Thread(target=api.serve_forever, daemon=True).start()
"""
"""A loopback HTTP API that answers 401: httpx's error then quotes the URL, key included."""

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
    REFUSING_API
    + """
def call_api(message):
    url = f"http://127.0.0.1:{api.server_port}/v1/chat?api_key={api_key}"
    response = httpx.get(url, headers={"Authorization": f"Bearer {closure_key}"})
    response.raise_for_status()
    return response.text

failing = ChatKit(respond=call_api)
failed = await failing.ask("hello")
print(failed.errors)
failing.errors
""",
]


def test_no_secret_in_a_saved_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(f"RELIABILITY_{name}", value)
    saved = tmp_path / "secrets.ipynb"
    notebook = run_cells(CELLS, saved)
    text = saved.read_text()

    outputs = "".join(json.dumps(cell.get("outputs", [])) for cell in notebook.cells)
    assert "ok: hello []" in outputs  # the secrets were used, and the turn worked
    assert "401 Unauthorized" in outputs  # the failing call's error was shown
    state = widget_state(notebook)
    chats = [m for m in state.values() if m["state"].get("_esm") or "options" in m["state"]]
    assert len(chats) == 3  # every chat's synced state was written into the file
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


LEAKY_ERRORS = {
    "url parameter": "Client error '401 Unauthorized' for url "
    "'https://api.example.com/v1/chat?model=m&api_key={secret}&stream=true'",
    "header dump": "request failed with headers {{'Authorization': 'Bearer {secret}'}}",
    "url user info": "could not connect to postgres://admin:{secret}@db.internal:5432/app",
    "key shape": "the key {key} was rejected",
    "keyword argument": "Client(api_key='{secret}', timeout=3) failed",
}


@pytest.mark.parametrize("case", sorted(LEAKY_ERRORS))
def test_error_text_is_redacted_before_python_keeps_it(case: str) -> None:
    """An error quoting a credential: what the chat keeps (chat.errors, chat.last_error, the
    reply's errors) names the error without the credential."""
    secret = "RELIABILITYsecret-5f3a9c1e7b2d4086"
    key = SECRETS["API_KEY"]
    message = LEAKY_ERRORS[case].format(secret=secret, key=key)
    chat = ChatKit(respond=lambda m: m)
    entry = chat.errors.record(message, RuntimeError(message))
    chat._handle_custom_msg(
        {"ns": "chatkit", "type": "state", "view": "v", "values": {"error": message}}, []
    )
    kept = [entry.message, entry.traceback or "", chat.last_error, *map(str, chat.errors)]
    assert not [text for text in kept if secret in text or key in text]
    assert "[redacted]" in entry.message
    assert "last_error" not in chat.get_state()  # never synced


def test_a_view_reports_its_state_in_frames() -> None:
    """The state a view sets as traits also arrives as a frame, applied with set_trait, so it
    reaches Python when the view's trait updates do not (docs/upstream/)."""
    chat = ChatKit(respond=lambda m: m)
    sent: list[dict[str, Any]] = []
    chat.send = sent.append  # type: ignore[method-assign]
    state = {"ready": True, "thread_id": "thr_1", "active_renderer": "builtin"}
    chat._handle_custom_msg({"ns": "chatkit", "type": "state", "view": "v", "values": state}, [])
    assert (chat.ready, chat.thread_id, chat.active_renderer) == (True, "thr_1", "builtin")
    chat._handle_custom_msg(
        {"ns": "chatkit", "type": "state", "view": "v", "values": {"thread_id": None}}, []
    )
    assert chat.thread_id is None  # a new thread; absent keys are left alone
    assert chat.ready is True
    chat._handle_custom_msg(
        {"ns": "chatkit", "type": "state", "view": "v", "values": {"ready": "maybe"}}, []
    )
    assert chat.ready is True  # a malformed report changes nothing and is logged
    assert "values.ready" in str(chat.errors.last)


BROWSER_NOTEBOOK = (
    REFUSING_API
    + """
from pathlib import Path
from chatkit_notebook import ChatKit

api_key = Path("api_key.txt").read_text().strip()  # as from a secrets manager: not in the cell

def call_api(message):
    response = httpx.get(f"http://127.0.0.1:{api.server_port}/v1/chat?api_key={api_key}")
    response.raise_for_status()
    return response.text

chat = ChatKit(respond=call_api, renderer="builtin", height=420)
chat
"""
)

SAVE_WIDGET_STATE = "/lab/api/settings/@jupyter-widgets/jupyterlab-manager:plugin"


@pytest.mark.e2e
def test_an_error_quoting_a_secret_stays_out_of_the_saved_notebook(page: Any, lab: Any) -> None:
    """JupyterLab + Chromium with "save widget state" on: `respond` fails with an HTTP error
    quoting `?api_key=...`, the chat shows it (a `chatkit.error` event), the notebook is saved,
    and the file holds the chat's widget state but not the key."""
    import urllib.request

    from playwright.sync_api import expect

    from tests.e2e.notebook import (
        KERNEL_IDLE,
        cell_output,
        chat_element,
        execute,
        open_notebook_alone,
        run_all,
        send_message,
        write_notebook,
    )

    key = SECRETS["API_KEY"]
    (lab.root / "api_key.txt").write_text(key)
    setting = urllib.request.Request(
        lab.url + SAVE_WIDGET_STATE,
        data=json.dumps({"raw": json.dumps({"saveState": True})}).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    urllib.request.urlopen(setting, timeout=30).close()
    name = write_notebook(lab.root, "secret_error", [BROWSER_NOTEBOOK])
    open_notebook_alone(page, lab, name)
    run_all(page)
    send_message(page, "call the API")
    error = chat_element(page).get_by_test_id("thread-error")
    expect(error).to_contain_text("401 Unauthorized", timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    execute(page, "print('last error:', chat.last_error)\nchat.errors")
    expect(cell_output(page, 1).first).to_contain_text("api_key=[redacted]", timeout=30_000)

    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    saved = lab.root / name
    page.wait_for_function(
        "() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000
    )
    text = saved.read_text()
    state = json.loads(text)["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
    chats = [m["state"] for m in state["state"].values() if "options" in m["state"]]
    print(
        f"\nbrowser save: {text.count(key)} occurrences of the key in the {len(text):,}-byte "
        f"notebook saved with {len(state['state'])} widget models; UI showed the error"
    )
    assert len(chats) == 1  # the chat's synced state was saved
    assert "last_error" not in chats[0]
    assert key not in text
