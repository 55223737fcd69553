"""The official <openai-chatkit> path, in a real JupyterLab and Chromium.

OpenAI's CDN is unreachable here, so the CDN script URL is routed to tests/e2e/cdn_standin.js: a
stand-in that defines <openai-chatkit>, records setOptions, and calls `api.fetch` with a real
`threads.create` body. Everything behind `api.fetch` is real: the comm, the bridge, the in-kernel
ChatKitServer and its store.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Route, expect

from .notebook import cell_output, execute, open_notebook, run_all, write_notebook
from .servers import Server

CDN_SCRIPT = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js"
STANDIN = (Path(__file__).parent / "cdn_standin.js").read_text()

SETUP = """
from chatkit_notebook import ChatKit

def respond(message, thread):
    yield "You said: "
    yield message

chat = ChatKit(
    respond=respond,
    renderer="chatkit",
    theme={"colorScheme": "dark", "radius": "soft"},
    options={"header": {"title": {"text": "Stand-in"}}, "history": {"enabled": False}},
    height=420,
)
chat
"""


def serve_standin(page: Page) -> list[str]:
    requested: list[str] = []

    def fulfil(route: Route) -> None:
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body=STANDIN)

    page.route(CDN_SCRIPT, fulfil)
    return requested


def test_protocol_calls_from_the_official_component_reach_the_kernel(
    page: Page, lab: Server
) -> None:
    requested = serve_standin(page)
    open_notebook(page, lab, write_notebook(lab.root, "official", [SETUP]))
    run_all(page)

    page.wait_for_function(
        "() => window.__chatkitStandin && window.__chatkitStandin.done", timeout=60_000
    )
    record = page.evaluate("() => window.__chatkitStandin")
    assert requested == [CDN_SCRIPT]  # loaded once

    first = record["options"][0]
    assert first["api"] == {
        "url": "/chatkit",
        "domainKey": "domain_pk_localhost_dev",
        "fetch": "[function]",
        "uploadStrategy": {"type": "two_phase"},
    }
    assert first["theme"] == {"colorScheme": "dark", "radius": "soft"}
    assert first["header"] == {"title": {"text": "Stand-in"}}
    assert first["initialThread"] is None

    assert record["status"] == 200
    assert record["contentType"] == "text/event-stream"
    kinds = [event["type"] for event in record["events"]]
    assert kinds[:4] == [
        "thread.created",
        "thread.item.done",
        "stream_options",
        "thread.item.added",
    ]
    assert kinds[-2:] == ["thread.item.done", "thread.updated"]
    deltas = [
        event["update"]["delta"]
        for event in record["events"]
        if event["type"] == "thread.item.updated" and event["update"]["type"].endswith("text_delta")
    ]
    assert deltas == ["You said: ", "hello from the stand-in"]
    assert record["events"][-2]["item"]["content"][0]["text"] == "You said: hello from the stand-in"
    thread_id = record["events"][0]["thread"]["id"]

    # The UI's thread change reached Python, and the kernel's store holds the turn.
    execute(
        page,
        "print(chat.thread_id, chat.active_renderer)\nimport asyncio\nprint(len((await chat.store.load_thread_items(chat.thread_id, None, 10, 'asc', {})).data))",
    )
    expect(cell_output(page, 1)).to_contain_text(f"{thread_id} chatkit\n2")

    # A theme change re-sends the whole option set and keeps the open thread.
    execute(page, 'chat.theme = "light"')
    page.wait_for_function("() => window.__chatkitStandin.options.length >= 2")
    latest = page.evaluate("() => window.__chatkitStandin.options.at(-1)")
    assert latest["theme"] == "light"
    assert latest["initialThread"] == thread_id
    assert latest["header"] == {"title": {"text": "Stand-in"}}
    assert latest["api"]["fetch"] == "[function]"

    # Setting thread_id from Python opens that thread in the element.
    execute(page, 'chat.thread_id = "thr_other"')
    page.wait_for_function("() => window.__chatkitStandin.threadIds.includes('thr_other')")


def test_a_cdn_that_cannot_load_shows_a_visible_message(page: Page, lab: Server) -> None:
    page.route(CDN_SCRIPT, lambda route: route.abort())
    source = (
        "from chatkit_notebook import ChatKit\n"
        'chat = ChatKit(respond=lambda m: m, renderer="chatkit")\n'
        "chat"
    )
    open_notebook(page, lab, write_notebook(lab.root, "offline", [source]))
    run_all(page)
    notice = page.locator(".chatkit-notebook-notice")
    expect(notice).to_contain_text("The official ChatKit component could not start")
    expect(notice).to_contain_text('renderer="builtin"')
