"""The builtin renderer's send-and-reply smoke test outside JupyterLab: Jupyter Notebook 7 and
marimo (`marimo run`, which serves the app read-only and executes every cell), in the same
Chromium as the JupyterLab tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .notebook import cell_output, chat_element, execute, run_notebook, send_message
from .servers import Server, _free_port, _wait_for_http, start_jupyter, stop

SETUP = """
from chatkit_notebook import ChatKit

def respond(message):
    yield "{host} echo: "
    yield message

chat = ChatKit(respond=respond, renderer="builtin", height=420)
chat
"""

MARIMO_APP = """
import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    from chatkit_notebook import ChatKit

    def respond(message):
        yield "marimo echo: "
        yield message

    chat = mo.ui.anywidget(ChatKit(respond=respond, renderer="builtin", height=420))
    chat
    return


if __name__ == "__main__":
    app.run()
"""


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("notebook7")
    root = tmp / "notebooks"
    root.mkdir()
    server = start_jupyter("notebook", root, tmp)
    yield server
    stop(server)


@pytest.fixture(scope="module")
def marimo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("marimo")
    app = tmp / "chat_app.py"
    app.write_text(MARIMO_APP)
    marimo = Path(sys.executable).parent / "marimo"
    port = _free_port()
    log = tmp / "marimo.log"
    process = subprocess.Popen(
        [
            str(marimo),
            "run",
            str(app),
            "--headless",
            "--no-token",
            "--no-sandbox",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=tmp,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_for_http(f"{url}/health", process, log)
    server = Server(url=url, root=tmp, kind="marimo", process=process)
    yield server
    stop(server)


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """A fresh kernel's first reply imports the ChatKit server stack, which takes seconds."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def test_send_and_reply_in_jupyter_notebook_7(page: Page, notebook7: Server) -> None:
    run_notebook(page, notebook7, "nb7_chat", [SETUP.format(host="notebook7")])
    chat = chat_element(page)
    send_message(page, "hello from notebook 7")

    expect(chat.get_by_test_id("assistant-message")).to_have_text(
        "notebook7 echo: hello from notebook 7"
    )
    execute(page, "print(chat.active_renderer, chat.thread_id is not None)")
    expect(cell_output(page, 1)).to_have_text("builtin True\n")


def test_send_and_reply_in_marimo(page: Page, marimo_app: Server) -> None:
    page.goto(marimo_app.url)
    chat = chat_element(page)
    expect(chat.get_by_test_id("start-screen")).to_be_visible()
    send_message(page, "hello from marimo")

    expect(chat.get_by_test_id("user-message")).to_have_text("hello from marimo")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("marimo echo: hello from marimo")
    expect(chat.get_by_test_id("composer-send")).to_be_enabled()
