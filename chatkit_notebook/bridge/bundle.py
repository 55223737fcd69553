"""The renderer reaches the page over the widget's comm, so a saved notebook stays small.

anywidget saves a widget's `_esm` in the notebook. Ours is a loader of a few KB
(`static/loader.js`, configured here); the renderer (`static/widget.js`, about 290 KB) and the
parts it loads on first use (highlight.js grammars, KaTeX and its fonts) are files of `static/`
that this module sends when the page asks for them (`{"ns": "chatkit-bundle", "type": "get",
"name": ...}`), as `part` frames carrying the bytes as buffers, or one `error` frame. The page
keeps what it got per version, so a second chat or view on the page asks for nothing.
js/loader/ is the other side.

The first chat a page shows would wait one round trip for its renderer, so the kernel sends the
renderer unasked with a new widget (`push`) to the page that ran the cell, once per page: pages
are told apart by the session id of the client that sent the execute request (one per browser
tab and kernel connection). The loader's request that follows gets a `pushed` answer.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Literal, Protocol

STATIC = Path(__file__).parents[1] / "static"
LOADER = STATIC / "loader.js"
BUNDLE = "widget.js"
NS = "chatkit-bundle"
PLACEHOLDER = '"__CHATKIT_NOTEBOOK_LOADER_CONFIG__"'
# Comm messages of a few hundred KB travel fine everywhere (Jupyter caps at 10 MiB inbound).
PART_BYTES = 512 * 1024
# File names the page may ask for: the static tree, no absolute paths, no "..".
NAME = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_.+-]+)*\.(js|css|woff2)$")

Entry = Literal["default", "preview", "playground"]
# The file each loader entry imports, and that file's export it runs.
_FILES: dict[Entry, str] = {"default": BUNDLE, "preview": BUNDLE, "playground": "playground.js"}

# How often each file was sent by this kernel (tests and benchmarks read it).
served: Counter[str] = Counter()
# The client sessions (pages) the bundle was sent to.
_sent_to: set[str] = set()
PUSH_ID = "push"


class Sender(Protocol):
    def send(self, content: dict[str, Any], buffers: list[bytes] | None = None) -> None: ...


@functools.cache
def version(name: str = BUNDLE) -> str:
    """Names a bundle's bytes: pages keep one module per version."""
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:16]


@functools.cache
def loader_esm(entry: Entry) -> str:
    """The `_esm` a widget saves: the loader, told which bundle to import and which export runs."""
    name = _FILES[entry]
    config = {"entry": entry, "version": version(name), "bundle": name}
    source = LOADER.read_text(encoding="utf-8")
    if PLACEHOLDER not in source:
        raise RuntimeError(f"{LOADER} has no {PLACEHOLDER}: rebuild the JavaScript (npm run build)")
    return source.replace(PLACEHOLDER, json.dumps(config), 1)


def asset_path(name: object) -> Path | None:
    """The static file `name` names, or None for anything outside the static tree."""
    if not isinstance(name, str) or not NAME.match(name) or ".." in name:
        return None
    path = (STATIC / name).resolve()
    if not path.is_relative_to(STATIC.resolve()) or not path.is_file():
        return None
    return path


def serve(widget: Sender, content: object, _buffers: object = None) -> None:
    """`widget.on_msg` handler: answers the page's requests for static files, ignores the rest."""
    if not isinstance(content, dict) or content.get("ns") != NS or content.get("type") != "get":
        return
    request_id = content.get("id")
    if not isinstance(request_id, str):
        return
    path = asset_path(content.get("name"))
    if path is None:
        name = str(content.get("name"))[:200]
        widget.send({"ns": NS, "type": "error", "id": request_id, "message": f"no file {name!r}"})
        return
    if path.name == BUNDLE and path.parent == STATIC:
        session = _client_session()
        if session in _sent_to and not content.get("force"):
            widget.send({"ns": NS, "type": "pushed", "id": request_id})
            return
        if session is not None:
            _sent_to.add(session)
    _send_file(widget, request_id, str(content["name"]), path)


def push(widget: Sender) -> None:
    """Sends the renderer with a new widget, unasked, to the page running the cell, unless that
    page was sent it before (then its loader has it already, or asks)."""
    session = _client_session()
    if session is None or session in _sent_to:
        return
    _sent_to.add(session)
    _send_file(widget, PUSH_ID, BUNDLE, STATIC / BUNDLE)


def _send_file(widget: Sender, request_id: str, name: str, path: Path) -> None:
    data = path.read_bytes()
    served[name] += 1
    parts = [data[start : start + PART_BYTES] for start in range(0, len(data), PART_BYTES)] or [b""]
    for index, part in enumerate(parts):
        frame = {
            "ns": NS,
            "type": "part",
            "id": request_id,
            "name": name,
            "index": index,
            "count": len(parts),
        }
        widget.send(frame, [part])


def _client_session() -> str | None:
    """The session id of the client whose request the kernel is handling (ipykernel only)."""
    try:
        from ipykernel.kernelbase import Kernel

        if not Kernel.initialized():
            return None
        parent: dict[str, Any] = Kernel.instance().get_parent()  # type: ignore[no-untyped-call]
        session = parent.get("header", {}).get("session")
    except Exception:  # noqa: BLE001 - another kernel, or no request being handled
        return None
    return session if isinstance(session, str) and session else None
