"""The page's server side (`asgi_app(chat, ui=True)`), the `auth=` hook and the console script,
against a real uvicorn on loopback (the CLI as a real subprocess)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from agents import Agent
from starlette.exceptions import HTTPException
from starlette.requests import Request

from chatkit_notebook import ChatKit
from chatkit_notebook.serving.auth import bearer_token
from chatkit_notebook.serving.cli import main
from chatkit_notebook.serving.runner import serve
from chatkit_notebook.testing import ScriptedModel, text, turn

from .harness import create

pytestmark = pytest.mark.timeout(90)

JSON = {"content-type": "application/json"}
THREADS_LIST = json.dumps({"type": "threads.list", "params": {}})
CONFIG = re.compile(r'<script type="application/json" id="chatkit-notebook-config">(.*?)</script>')


def page_config(html: str) -> dict[str, Any]:
    match = CONFIG.search(html)
    assert match is not None, html
    return json.loads(match.group(1))


async def test_the_page_carries_the_chats_options_and_theme_and_no_inline_script() -> None:
    clicks: list[str] = []
    chat = ChatKit(
        respond=lambda m: m,
        options={
            "header": {
                "title": {"text": "Ops </script><script>alert(1)</script>"},
                "rightAction": {"icon": "dark-mode", "onClick": lambda: clicks.append("header")},
            },
            "startScreen": {"greeting": "Hello & welcome"},
        },
        theme={"colorScheme": "dark", "radius": "round"},
    )

    @chat.on_tag_search
    def people(query: str) -> list[dict[str, Any]]:
        return [{"id": "ada", "title": "Ada Lovelace"}] if "ad" in query.lower() else []

    async with serve(chat, port=0) as served, httpx.AsyncClient() as client:
        page = await client.get(served.page_url)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        csp = page.headers["content-security-policy"]
        for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
            assert directive in csp
        assert "http" not in csp  # no third-party origin anywhere
        assert page.headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in page.headers
        # the only scripts: the JSON config (not executable) and the bundled module
        scripts = re.findall(r"<script[^>]*>", page.text)
        assert scripts == [
            '<script type="application/json" id="chatkit-notebook-config">',
            '<script type="module" src="/static/page.js">',
        ]
        assert "<script>alert(1)" not in page.text
        config = page_config(page.text)
        exported = chat.export_options()
        del exported["api"]
        assert config["options"] == exported
        assert config["options"]["theme"] == {"colorScheme": "dark", "radius": "round"}
        assert config["api"] == "/chatkit"
        assert config["slots"] == ["entities.onTagSearch", "header.rightAction.onClick"]

        script = await client.get(f"{served.origin}/static/page.js")
        assert script.status_code == 200
        assert script.headers["content-type"].startswith("text/javascript")
        assert b"chatkit-notebook-chat" in script.content
        assert b"cdn.platform.openai.com" not in script.content  # nothing from the network

        # the page's callbacks run the same Python handlers the comm would
        call = json.dumps({"slot": "entities.onTagSearch", "args": ["ad"]})
        url = served.origin + config["callbacks"]
        answer = await client.post(url, content=call)
        assert answer.status_code == 415  # JSON only
        answer = await client.post(url, content=call, headers=JSON)
        assert answer.json() == [{"id": "ada", "title": "Ada Lovelace"}]
        call = json.dumps({"slot": "header.rightAction.onClick", "args": []})
        assert (await client.post(url, content=call, headers=JSON)).status_code == 200
        assert clicks == ["header"]
        unknown = await client.post(url, content=json.dumps({"slot": "nope"}), headers=JSON)
        assert unknown.status_code == 500
        assert "no Python callback is registered for nope" in unknown.json()["error"]["message"]
        malformed = await client.post(url, content=b'{"args": 3}', headers=JSON)
        assert malformed.status_code == 400


async def test_a_plain_server_and_ui_off() -> None:
    from chatkit_notebook import MemoryStore

    from .test_serve import EchoServer

    async with serve(EchoServer(MemoryStore()), port=0) as served, httpx.AsyncClient() as client:
        config = page_config((await client.get(served.page_url)).text)
        assert config["options"] == {}
        assert config["slots"] == []
    agent = Agent(name="helper", instructions="Help.", model=ScriptedModel([turn(text("hi"))]))
    async with serve(agent, port=0) as served, httpx.AsyncClient() as client:  # ChatKit(agent=)
        response = await client.post(served.url, content=json.dumps(create("x")), headers=JSON)
        assert '"hi"' in response.text
    chat = ChatKit(respond=lambda m: m)
    async with serve(chat, port=0, ui=False) as served, httpx.AsyncClient() as client:
        assert (await client.get(served.page_url)).status_code == 404
        assert (await client.get(served.url + "/health")).json() == {"ok": True}


# -- auth -----------------------------------------------------------------------------------------


def routes(served: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """Every route of the app, with a request that would have a side effect."""
    callback = json.dumps({"slot": "header.rightAction.onClick", "args": []})
    return [
        ("GET", served.page_url, {}),
        ("POST", served.url, {"content": json.dumps(create("hi")), "headers": JSON}),
        ("POST", served.url + "/callbacks", {"content": callback, "headers": JSON}),
        (
            "POST",
            served.url + "/upload/atc_x",
            {"files": {"file": ("a.txt", b"abc", "text/plain")}},
        ),
    ]


async def test_with_auth_unauthenticated_requests_are_refused_before_any_side_effect() -> None:
    effects: list[str] = []
    chat = ChatKit(
        respond=lambda m: effects.append(f"respond {m}") or "ok",
        options={
            "header": {
                "rightAction": {"icon": "dark-mode", "onClick": lambda: effects.append("cb")}
            }
        },
    )
    auth = bearer_token({"alice-token": {"user_id": "alice"}, "bob-token": {"user_id": "bob"}})
    async with serve(chat, port=0, auth=auth) as served, httpx.AsyncClient() as client:
        for method, url, kwargs in routes(served):
            for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": "Basic x"}):
                merged = {**kwargs.get("headers", {}), **headers}
                response = await client.request(method, url, **{**kwargs, "headers": merged})
                assert response.status_code == 401, (url, headers)
                assert response.headers["www-authenticate"] == "Bearer"
        assert effects == []
        assert await chat.store.load_threads(10, None, "desc", {"user_id": "alice"}) is not None
        for user in ("alice", "bob"):
            page = await chat.store.load_threads(10, None, "desc", {"user_id": user})
            assert page.data == []

        alice = {"authorization": "Bearer alice-token", **JSON}
        response = await client.post(served.url, content=json.dumps(create("hi")), headers=alice)
        assert response.status_code == 200
        assert effects == ["respond hi"]
        bob = {"authorization": "Bearer bob-token", **JSON}
        as_bob = await client.post(served.url, content=THREADS_LIST, headers=bob)
        assert as_bob.json()["data"] == []  # the auth hook's context scopes the store
        as_alice = await client.post(served.url, content=THREADS_LIST, headers=alice)
        assert len(as_alice.json()["data"]) == 1
        assert (await client.get(served.page_url, headers=alice)).status_code == 200


SECRET = b"test-only-signing-key"


def signed(user: str) -> str:
    mac = hmac.new(SECRET, user.encode(), hashlib.sha256).digest()
    return f"{user}.{base64.urlsafe_b64encode(mac).decode()}"


def signed_cookie_auth(request: Request) -> dict[str, str]:
    """The README's signed-cookie example: `session=<user>.<HMAC of user>`."""
    user, _, mac = request.cookies.get("session", "").partition(".")
    if not user or not hmac.compare_digest(signed(user), f"{user}.{mac}"):
        raise HTTPException(401, "sign in first")
    return {"user_id": user}


async def test_a_signed_cookie_auth_hook() -> None:
    chat = ChatKit(respond=lambda m: f"hi {m}")
    async with serve(chat, port=0, auth=signed_cookie_auth) as served:
        async with httpx.AsyncClient(cookies={"session": signed("ada")}) as client:
            response = await client.post(served.url, content=json.dumps(create("x")), headers=JSON)
            assert response.status_code == 200
            threads = await chat.store.load_threads(10, None, "desc", {"user_id": "ada"})
            assert len(threads.data) == 1
        forged = "ada." + base64.urlsafe_b64encode(b"0" * 32).decode()
        async with httpx.AsyncClient(cookies={"session": forged}) as client:
            response = await client.post(served.url, content=THREADS_LIST, headers=JSON)
            assert response.status_code == 401


async def test_an_async_auth_hook_and_permission_error() -> None:
    async def auth(request: Request) -> None:
        if request.headers.get("x-role") != "admin":
            raise PermissionError("admins only")

    chat = ChatKit(respond=lambda m: m, context=lambda info: {"user_id": info.headers["x-role"]})
    async with serve(chat, port=0, auth=auth) as served, httpx.AsyncClient() as client:
        refused = await client.post(served.url, content=THREADS_LIST, headers=JSON)
        assert refused.status_code == 403
        assert "admins only" in refused.json()["error"]["message"]
        # None keeps the chat's own context factory
        ok = await client.post(
            served.url, content=THREADS_LIST, headers={"x-role": "admin", **JSON}
        )
        assert ok.status_code == 200


# -- the console script ---------------------------------------------------------------------------

APP = """
from chatkit_notebook import ChatKit

def respond(message):
    return f"served {message}"

chat = ChatKit(respond=respond, options={"header": {"title": {"text": "CLI chat"}}})
not_a_chat = 42
"""


SCRIPT = Path(sys.executable).parent / "chatkit-notebook"  # [project.scripts], installed by setup
MODULE = [sys.executable, "-m", "chatkit_notebook.serving.cli"]


def start_cli(tmp_path: Path, command: list[str], *args: str) -> tuple[subprocess.Popen[str], str]:
    app = tmp_path / "my_chat.py"
    app.write_text(APP)
    process = subprocess.Popen(
        [*command, "serve", *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # the CLI prints the URL once the port is bound
    match = re.search(r"http://\S+/", line)
    if match is None:
        process.kill()
        raise AssertionError(f"no URL in {line!r}{process.stdout.read()}")
    return process, match.group(0)


def test_the_cli_serves_the_page_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    assert SCRIPT.exists(), "the console script is missing: reinstall (pip install -e .)"
    process, url = start_cli(tmp_path, [str(SCRIPT)], "my_chat.py:chat", "--port", "0")
    try:
        assert url.startswith("http://127.0.0.1:")
        with httpx.Client(timeout=30) as client:
            page = client.get(url)
            assert page.status_code == 200
            assert "<title>CLI chat</title>" in page.text
            response = client.post(url + "chatkit", content=json.dumps(create("hi")), headers=JSON)
            assert response.status_code == 200
            assert "served hi" in response.text
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        assert process.wait(timeout=15) == 0
        assert time.monotonic() - started < 10
    finally:
        if process.poll() is None:
            process.kill()


def test_the_cli_loads_a_module_by_name_and_stops_on_sigterm(tmp_path: Path) -> None:
    process, url = start_cli(tmp_path, MODULE, "my_chat:chat", "--port", "0")
    try:
        assert httpx.get(url, timeout=30).status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("my_chat.py:nope", "has no attribute 'nope'"),
        ("my_chat.py:not_a_chat", "not int"),
        ("missing.py:chat", "no such file"),
        ("my_chat.py", "expected MODULE_OR_FILE:NAME"),
    ],
)
def test_the_cli_explains_bad_targets(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    target: str,
    message: str,
) -> None:
    (tmp_path / "my_chat.py").write_text(APP)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    with pytest.raises(SystemExit) as exited:
        main(["serve", target])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
