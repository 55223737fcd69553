"""The renderer travels over the comm (bridge/bundle.py): widgets save a small loader, and the
kernel sends static files by name, in parts, and nothing outside the static tree."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chatkit_notebook.bridge import bundle


class Recorder:
    def __init__(self) -> None:
        self.frames: list[tuple[dict[str, Any], list[bytes]]] = []

    def send(self, content: dict[str, Any], buffers: list[bytes] | None = None) -> None:
        self.frames.append((content, list(buffers or [])))


def get(name: object, request_id: str = "r1") -> dict[str, object]:
    return {"ns": bundle.NS, "type": "get", "id": request_id, "name": name}


def test_widgets_save_the_loader_not_the_bundle() -> None:
    from chatkit_notebook import ChatKit, show

    chat = ChatKit(respond=lambda message: message)
    preview = show({"type": "Card", "children": []})
    bundle_size = (bundle.STATIC / bundle.BUNDLE).stat().st_size
    for widget, entry in ((chat, "default"), (preview, "preview")):
        esm = widget.get_state()["_esm"]
        assert len(esm) < 16 * 1024 < bundle_size
        assert esm.startswith("// chatkit-notebook loader")
        config = {"entry": entry, "version": bundle.version(), "bundle": "widget.js"}
        assert json.dumps(config) in esm
        assert bundle.PLACEHOLDER not in esm
    chat.close()
    preview.close()


def test_the_playground_panel_saves_the_loader_of_its_own_bundle() -> None:
    from chatkit_notebook import ChatKit
    from chatkit_notebook.design.playground.panel import ControlPanel

    chat = ChatKit(respond=lambda message: message)
    panel = ControlPanel(chat)
    esm = panel.get_state()["_esm"]
    assert len(esm) < 16 * 1024 < (bundle.STATIC / "playground.js").stat().st_size
    config = {"entry": "playground", "version": bundle.version("playground.js")}
    assert json.dumps({**config, "bundle": "playground.js"}) in esm
    assert bundle.version("playground.js") != bundle.version()
    sent: list[tuple[dict[str, object], list[bytes] | None]] = []
    panel.send = lambda content, buffers=None: sent.append((content, buffers))  # type: ignore[method-assign]
    panel._handle_custom_msg(
        {"ns": bundle.NS, "type": "get", "id": "r1", "name": "playground.js"}, []
    )
    assert [frame["type"] for frame, _ in sent] == ["part"]
    assert (
        b"".join(buffers[0] for _, buffers in sent if buffers)
        == (bundle.STATIC / "playground.js").read_bytes()
    )
    assert panel.errors == {}  # the panel's own handler let the loader's request pass
    panel.close()
    chat.close()


def test_the_version_names_the_bundle_bytes() -> None:
    assert len(bundle.version()) == 16
    assert bundle.version() == bundle.version()


def test_a_file_is_sent_in_parts_with_its_bytes_as_buffers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "PART_BYTES", 1000)
    widget = Recorder()
    before = bundle.served["hljs/python.js"]
    bundle.serve(widget, get("hljs/python.js"))
    data = (bundle.STATIC / "hljs" / "python.js").read_bytes()
    assert len(widget.frames) == -(-len(data) // 1000) > 1
    assert [frame["index"] for frame, _ in widget.frames] == list(range(len(widget.frames)))
    assert {frame["count"] for frame, _ in widget.frames} == {len(widget.frames)}
    assert b"".join(buffers[0] for _, buffers in widget.frames) == data
    assert bundle.served["hljs/python.js"] == before + 1


@pytest.mark.parametrize(
    "name",
    [
        "../widget.py",
        "hljs/../../widget.py",
        "/etc/passwd",
        "C:/x.js",
        "hljs/python.py",
        "no-such-file.js",
        "hljs/",
        "",
        None,
        42,
        ["widget.js"],
        "widget.js\n",
    ],
)
def test_only_files_of_the_static_tree_are_sent(name: object) -> None:
    widget = Recorder()
    bundle.serve(widget, get(name))
    [(frame, buffers)] = widget.frames
    assert (frame["type"], frame["id"], buffers) == ("error", "r1", [])
    assert "no file" in frame["message"]


@pytest.mark.parametrize(
    "content",
    [
        {"ns": "chatkit", "type": "request", "id": "x", "kind": "fetch", "body": "{}"},
        {"ns": bundle.NS, "type": "put", "id": "x", "name": "widget.js"},
        {"ns": bundle.NS, "type": "get", "name": "widget.js"},
        {"ns": bundle.NS, "type": "get", "id": 7, "name": "widget.js"},
        "not a frame",
        None,
    ],
)
def test_other_frames_are_left_to_their_handlers(content: object) -> None:
    widget = Recorder()
    bundle.serve(widget, content)
    assert widget.frames == []


def test_the_first_widget_a_page_shows_brings_the_renderer_unasked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once per page (client session): the loader's request that follows is answered `pushed`,
    unless it insists (the push was missed); another page gets it again."""
    monkeypatch.setattr(bundle, "_sent_to", set())
    session = "page-1"
    monkeypatch.setattr(bundle, "_client_session", lambda: session)
    data = (bundle.STATIC / bundle.BUNDLE).read_bytes()

    first = Recorder()
    bundle.push(first)
    assert {frame["id"] for frame, _ in first.frames} == {bundle.PUSH_ID}
    assert b"".join(buffers[0] for _, buffers in first.frames) == data
    again = Recorder()
    bundle.push(again)  # a second chat on the same page: it has the renderer already
    assert again.frames == []

    request = Recorder()
    bundle.serve(request, get("widget.js"))
    assert request.frames == [({"ns": bundle.NS, "type": "pushed", "id": "r1"}, [])]
    bundle.serve(request, {**get("widget.js", "r2"), "force": True})
    assert request.frames[-1][0]["id"] == "r2"
    assert request.frames[-1][0]["type"] == "part"

    session = "page-2"  # a reload or another tab
    other = Recorder()
    bundle.serve(other, get("widget.js", "r3"))
    assert other.frames[0][0]["type"] == "part"
    bundle.push(other)
    assert len(other.frames) == len(first.frames)  # answered once, not pushed on top


def test_nothing_is_pushed_outside_a_kernel_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "_sent_to", set())
    assert bundle._client_session() is None  # no ipykernel handling a request here
    widget = Recorder()
    bundle.push(widget)
    assert widget.frames == []
