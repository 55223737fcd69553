"""Wire frames exchanged over the widget comm (see docs/architecture.md).

Incoming frames are untrusted: they are parsed with pydantic so a malformed frame becomes a clear
error frame instead of an exception inside the kernel's comm handler.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

NS: Literal["chatkit"] = "chatkit"

_Id = Annotated[str, Field(min_length=1, max_length=200)]


class _Frame(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    ns: Literal["chatkit"] = NS


class FetchRequest(_Frame):
    """JS → Py: one ChatKit protocol request (the body `api.fetch` received)."""

    type: Literal["request"]
    id: _Id
    kind: Literal["fetch"]
    body: str
    headers: dict[str, str] = Field(default_factory=dict)


class CallbackRequest(_Frame):
    """JS → Py: ChatKit called one of its callback options (e.g. `onClientTool`)."""

    type: Literal["request"]
    id: _Id
    kind: Literal["callback"]
    slot: Annotated[str, Field(min_length=1, max_length=200)]
    args: list[Any] = Field(default_factory=list, max_length=8)


class UploadChunk(_Frame):
    """JS → Py: part of an attachment's bytes (in the message's first buffer)."""

    type: Literal["request"]
    id: _Id
    kind: Literal["upload"]
    attachment_id: Annotated[str, Field(min_length=1, max_length=200)]
    offset: Annotated[int, Field(ge=0)]
    final: bool


class CancelFrame(_Frame):
    """JS → Py: the fetch's AbortSignal fired."""

    type: Literal["cancel"]
    id: _Id


class EventFrame(_Frame):
    """JS → Py: a `chatkit.*` event of the element, for `chat.on(...)` handlers."""

    type: Literal["event"]
    name: Annotated[str, Field(pattern=r"^chatkit\.[a-z.]+$", max_length=100)]
    detail: Any = None
    view: str = ""


class ViewFrame(_Frame):
    """JS → Py: a view of the chat was displayed or removed (imperative calls target views)."""

    type: Literal["view"]
    view: _Id
    open: bool


class CallResult(_Frame):
    """JS → Py: the answer of a view to an imperative call (`chat.send_message(...)`)."""

    type: Literal["result"]
    id: _Id
    ok: bool
    value: Any = None
    error: str = ""


class ViewState(BaseModel):
    """What a view reports: only the fields it sends are applied (`model_fields_set`)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    ready: bool = False
    thread_id: Annotated[str, Field(max_length=200)] | None = None
    active_renderer: Literal["builtin", "chatkit"] = "builtin"
    renderer_notice: Annotated[str, Field(max_length=2000)] = ""
    error: str = ""  # the text of a `chatkit.error` event; never synced (it may quote secrets)


class StateFrame(_Frame):
    """JS → Py: a view's state, also synced as traits where that works. Trait updates from a
    view can stop for good (an upstream bug, docs/upstream/anywidget-state-after-await.md);
    this frame still arrives, like every custom message."""

    type: Literal["state"]
    view: str = ""
    values: ViewState


Request = Annotated[FetchRequest | CallbackRequest | UploadChunk, Field(discriminator="kind")]
IncomingFrame = Annotated[
    Request | CancelFrame | EventFrame | ViewFrame | CallResult | StateFrame,
    Field(discriminator="type"),
]
Incoming = (
    FetchRequest
    | CallbackRequest
    | UploadChunk
    | CancelFrame
    | EventFrame
    | ViewFrame
    | CallResult
    | StateFrame
)
incoming_frame: TypeAdapter[Incoming] = TypeAdapter(IncomingFrame)


def response_frame(request_id: str, body: str) -> dict[str, Any]:
    return {"ns": NS, "type": "response", "id": request_id, "body": body}


def chunk_frame(request_id: str, data: str) -> dict[str, Any]:
    return {"ns": NS, "type": "chunk", "id": request_id, "data": data}


def end_frame(
    request_id: str, *, cancelled: bool = False, thread_id: str | None = None
) -> dict[str, Any]:
    """`thread_id` lets other views of that thread refresh (the one that asked may be gone)."""
    frame: dict[str, Any] = {"ns": NS, "type": "end", "id": request_id, "cancelled": cancelled}
    if thread_id is not None:
        frame["thread_id"] = thread_id
    return frame


def call_frame(call_id: str, view: str, method: str, args: list[Any]) -> dict[str, Any]:
    return {"ns": NS, "type": "call", "id": call_id, "view": view, "method": method, "args": args}


def error_frame(request_id: str, error_type: str, message: str, status: int) -> dict[str, Any]:
    return {
        "ns": NS,
        "type": "error",
        "id": request_id,
        "error": {"type": error_type, "message": message, "status": status},
    }


def describe_frame_error(exc: ValidationError) -> str:
    """One line per problem, naming the field, for the error frame sent back to JS."""
    parts = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(p) for p in err["loc"]) or "frame"
        parts.append(f"{where}: {err['msg']}")
    text = "malformed frame: " + "; ".join(parts)
    return text if len(text) <= 1000 else text[:999] + "…"  # it may quote untrusted input
