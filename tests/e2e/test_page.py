"""The served chat page (`asgi_app(chat, ui=True)`) in Debian's Chromium, no Jupyter involved.

Everything is real: uvicorn on loopback (started here, in its own thread), the bundled page
script, HTTP + SSE for every ChatKit request, `POST /chatkit/callbacks` for the Python callbacks,
a two-phase upload over HTTP, and a tiny reverse proxy that serves the chat under a path prefix.
The agent's model is a ScriptedModel (OpenAI's API is unreachable here). Every test also asserts
that the page logged no console error and that its Content-Security-Policy blocked nothing.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from agents import Agent, set_tracing_disabled
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from chatkit_notebook import ChatKit
from chatkit_notebook.serving.runner import Serving, serve
from chatkit_notebook.testing import ScriptedModel, text, tool_call, turn

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture(autouse=True)
def _one_kernel_per_test() -> None:
    """These tests start no JupyterLab (overrides the e2e suite's kernel fixture)."""
    expect.set_options(timeout=30_000)


def in_thread(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Runs `function` on a thread without an event loop (Playwright's sync API keeps one on the
    test's thread), so `serve()` gives uvicorn its own thread and loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args, **kwargs).result()


@pytest.fixture
def console_errors() -> list[str]:
    return []


@pytest.fixture
def page(browser: Browser, console_errors: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    errors = console_errors

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(60_000)
    yield page
    violations = page.evaluate("window.__violations || []")
    context.close()
    assert violations == [], f"the page's CSP blocked: {violations}"
    assert errors == [], "errors in the browser console:\n" + "\n".join(errors)


def eventually(page: Page, condition: Callable[[], bool], timeout: float = 30) -> None:
    """Waits for a Python-side effect of the page (the server runs in this process)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"not true within {timeout} s")


def chat_of(page: Page) -> Any:
    return page.locator("chatkit-notebook-chat")


def send(page: Page, message: str) -> None:
    composer = chat_of(page).get_by_test_id("composer-input")
    composer.fill(message)
    composer.press("Enter")


# -- the chats ------------------------------------------------------------------------------------

cancelled: list[str] = []


async def respond(message: str) -> Any:
    if message == "long":
        try:
            for n in range(400):
                yield f"tick{n} "
                await asyncio.sleep(0.05)
        except asyncio.CancelledError:
            cancelled.append(message)
            raise
    elif message == "card":
        yield {
            "type": "Card",
            "children": [
                {"type": "Text", "value": "waiting"},
                {
                    "type": "Button",
                    "label": "Approve",
                    "onClickAction": {"type": "approve", "payload": {"n": 1}},
                },
                {
                    "type": "Button",
                    "label": "Preview",
                    "onClickAction": {"type": "preview", "payload": {"n": 2}, "handler": "client"},
                },
            ],
        }
    elif message == "code and math":
        yield (
            'Rust:\n\n```rust\nfn main() { println!("hi"); }\n```\n\n'
            "Energy: $E = mc^2$, and it costs $5 and $10.\n\n$$\\int_0^1 x^2\\,dx$$"
        )
    else:
        yield f"echo {message}"


@pytest.fixture
def echo_chat() -> Iterator[tuple[ChatKit, Serving, list[Any]]]:
    seen: list[Any] = []
    chat = ChatKit(
        respond=respond,
        options={
            "header": {"title": {"text": "Served chat"}},
            "composer": {"attachments": {"enabled": True}},
        },
        theme="dark",
    )

    @chat.action("approve")
    def approve(action: Any) -> dict[str, Any]:
        seen.append(("server", action.payload))
        return {"type": "Card", "children": [{"type": "Text", "value": "approved on the server"}]}

    @chat.action("preview")
    def preview(action: Any, item: dict[str, Any]) -> None:
        seen.append(("client", action.payload, item["id"]))

    served = in_thread(serve, chat, port=0)
    yield chat, served, seen
    served.stop()


def test_the_page_streams_stops_and_reopens_its_thread_after_a_reload(
    page: Page, echo_chat: tuple[ChatKit, Serving, list[Any]], console_errors: list[str]
) -> None:
    _chat, served, _seen = echo_chat
    response = page.goto(served.page_url)
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("style-src-attr")[0]  # no inline script or <style>
    expect(page).to_have_title("Served chat")
    chat = chat_of(page)
    # the policy is enforced: a third-party image and an inline script are blocked
    page.evaluate(
        """() => {
        const img = document.createElement('img');
        img.src = 'https://third-party.example/pixel.png';
        document.body.append(img);
        const script = document.createElement('script');
        script.textContent = 'window.__ran = true';
        document.body.append(script);
    }"""
    )
    page.wait_for_function("() => window.__violations.length === 2")
    assert page.evaluate("window.__ran") is None
    page.evaluate("() => { window.__violations = []; document.querySelector('img').remove(); }")
    assert len(console_errors) == 2  # Chromium reports both blocks; nothing else went wrong
    console_errors.clear()

    send(page, "hello")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("echo hello")
    page.wait_for_function("() => location.hash.startsWith('#thread=')")
    send(page, "long")
    reply = chat.get_by_test_id("assistant-message").nth(1)
    expect(reply).to_contain_text("tick5")
    chat.get_by_test_id("composer-stop").click()
    expect(chat.get_by_test_id("composer-send")).to_be_enabled()
    partial = reply.inner_text().strip()
    assert partial.startswith("tick0 tick1 tick2 tick3 tick4 tick5")
    eventually(page, lambda: cancelled == ["long"])  # the server's turn was cancelled
    thread_url = page.url

    page.reload()
    assert page.url == thread_url
    chat = chat_of(page)
    expect(chat.get_by_test_id("user-message")).to_have_count(2)
    expect(chat.get_by_test_id("assistant-message").first).to_have_text("echo hello")
    # the stopped reply was kept as it was when the stop arrived
    assert chat.get_by_test_id("assistant-message").nth(1).inner_text().strip().startswith(partial)


def test_widget_actions_and_uploads_go_to_python_over_http(
    page: Page, echo_chat: tuple[ChatKit, Serving, list[Any]]
) -> None:
    chat_widget, served, seen = echo_chat
    page.goto(served.page_url)
    chat = chat_of(page)
    send(page, "card")
    widget = chat.get_by_test_id("widget-item")
    expect(widget).to_contain_text("waiting")
    widget.get_by_role("button", name="Preview").click()  # handler: "client" → POST /callbacks
    eventually(page, lambda: len(seen) == 1)
    widget.get_by_role("button", name="Approve").click()  # a threads.custom_action stream
    expect(widget).to_contain_text("approved on the server")
    assert seen[0][:2] == ("client", {"n": 2})
    assert seen[1] == ("server", {"n": 1})

    chat.get_by_test_id("composer-file-input").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello file"}]
    )
    expect(chat.get_by_test_id("composer-attachment")).to_have_count(1)
    expect(chat.get_by_test_id("composer-send")).to_be_enabled()
    send(page, "see attached")
    expect(chat.get_by_test_id("assistant-message").last).to_have_text("echo see attached")
    thread_id = page.evaluate("() => new URLSearchParams(location.hash.slice(1)).get('thread')")

    async def stored_bytes() -> list[bytes | None]:
        items = await chat_widget.store.load_thread_items(thread_id, None, 20, "asc", {})
        users = [item for item in items.data if item.type == "user_message"]
        attachments = users[-1].attachments
        return [await chat_widget._attachments.read(a) for a in attachments]

    assert in_thread(asyncio.run, stored_bytes()) == [b"hello file"]


CLIENT_TOOL_MODEL = [
    turn(tool_call("get_selected_rows", {"limit": 2})),
    turn(text("You selected ", "2 rows.")),
]


def test_a_client_tool_is_answered_by_python_over_http(page: Page) -> None:
    set_tracing_disabled(True)
    model = ScriptedModel(CLIENT_TOOL_MODEL)
    chat = ChatKit(agent=Agent(name="analyst", instructions="Help.", model=model))
    calls: list[int] = []

    @chat.client_tool
    def get_selected_rows(limit: int = 10) -> dict[str, Any]:
        """The rows the user selected."""
        calls.append(limit)
        return {"rows": list(range(limit))}

    served = in_thread(serve, chat, port=0)
    try:
        page.goto(served.page_url)
        send(page, "what did I select?")
        expect(chat_of(page).get_by_test_id("assistant-message").last).to_have_text(
            "You selected 2 rows."
        )
        assert calls == [2]
        assert '{"rows": [0, 1]}' in str(model.calls[1].input)
    finally:
        served.stop()


# -- behind a reverse proxy, under a path prefix ----------------------------------------------------

HOP_BY_HOP = {b"connection", b"keep-alive", b"transfer-encoding", b"content-length"}


def prefix_proxy(upstream: str, prefix: str) -> Callable[..., Any]:
    """The smallest reverse proxy: strips `prefix`, keeps the Host (as nginx's
    `proxy_set_header Host $host` does) and streams the answer back."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        path = scope["path"]
        if not path.startswith(prefix + "/"):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b"not under the prefix"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = [(k, v) for k, v in scope["headers"] if k not in HOP_BY_HOP]
        query = scope["query_string"].decode()
        url = upstream + path[len(prefix) :] + (f"?{query}" if query else "")
        async with httpx.AsyncClient(timeout=None) as client:
            request = client.build_request(scope["method"], url, headers=headers, content=body)
            response = await client.send(request, stream=True)
            out = [(k, v) for k, v in response.headers.raw if k.lower() not in HOP_BY_HOP]
            await send(
                {"type": "http.response.start", "status": response.status_code, "headers": out}
            )
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
            await response.aclose()

    return app


def test_the_page_works_behind_a_reverse_proxy_under_a_prefix(page: Page) -> None:
    chat = ChatKit(respond=lambda message: f"proxied {message}")
    served = in_thread(serve, chat, port=0, root_path="/team/chat")
    proxy = in_thread(Serving, prefix_proxy(served.origin, "/team/chat"), "127.0.0.1", 0, "/", None)
    try:
        page.goto(f"{proxy.origin}/team/chat/")
        send(page, "hi")
        expect(chat_of(page).get_by_test_id("assistant-message")).to_have_text("proxied hi")
        page.reload()
        expect(chat_of(page).get_by_test_id("assistant-message")).to_have_text("proxied hi")
    finally:
        proxy.stop()
        served.stop()


def test_code_and_math_load_their_parts_from_the_server_under_the_csp(
    page: Page, echo_chat: tuple[ChatKit, Serving, list[Any]]
) -> None:
    """The notebook fetches grammars and KaTeX from the kernel over the comm; the page has no
    kernel, so it fetches the same files from its server, and the CSP lets them in."""
    _chat, served, _seen = echo_chat
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(served.page_url)
    send(page, "code and math")
    reply = chat_of(page).get_by_test_id("assistant-message")
    expect(reply.locator("code [class^='hljs-']").first).to_be_visible()
    expect(reply.locator(".katex")).to_have_count(2)
    expect(reply.locator(".katex-display")).to_have_count(1)
    expect(reply).to_contain_text("it costs $5 and $10")
    family = reply.locator(".katex").first.evaluate("el => getComputedStyle(el).fontFamily")
    assert "KaTeX" in family
    parts = [url.split("/static/", 1)[1] for url in fetched if "/static/" in url]
    assert "hljs/rust.js" in parts
    assert "katex/katex.js" in parts
    assert any(part.startswith("katex/fonts/") for part in parts)
    assert all(url.startswith(served.origin) for url in fetched)  # nothing from elsewhere
