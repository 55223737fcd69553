"""`approve()`: Agent Builder's user-approval node, as an Approve / Reject card in the chat.

Exports turn the node into a stub, `def approval_request(message): return True`, called as
`if approval_request(message):`. The one-line edit `if await approve(message):` shows a card
and pauses the workflow: the response ends (ChatKit blocks widget actions while a response
streams), the click arrives as a widget action whose response streams the rest of the workflow.
A card whose run is gone (a new message was sent, the chat restarted) answers a click by saying
so. Headless (`chat.ask()`), `chat.approvals` answers instead: `await
chat.approvals.answer(True)`, or a `policy` that decides without asking.

Imports here stay light: the widget creates `Approvals` for every `workflow=` chat.
"""

from __future__ import annotations

import inspect
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chatkit.types import WidgetItem

    from ...bridge.headless import Reply
    from .run import WorkflowRun

APPROVAL_ACTION = "chatkit_notebook.approval"
STALE = (
    "This request is no longer pending: the workflow run that asked for it ended (a new "
    "message was sent, or the chat restarted). Send your message again to run it again."
)


@dataclass(frozen=True)
class ApprovalRequest:
    """One approval a workflow asked for: `message` is what the user is asked to approve."""

    id: str
    message: str
    title: str
    thread_id: str
    item_id: str


Decision = bool | None
Policy = bool | Callable[[ApprovalRequest], Decision | Awaitable[Decision]] | None


class Approvals:
    """`chat.approvals`: the approvals a workflow is waiting for, and how to answer them.

    `policy` answers without asking: `True` / `False` for every request, or a function of the
    request returning True, False, or None to ask in the chat after all.
    """

    def __init__(self, bridge: Any = None) -> None:
        self.policy: Policy = None
        self._bridge = bridge
        self._pending: dict[str, tuple[ApprovalRequest, WorkflowRun]] = {}

    @property
    def pending(self) -> list[ApprovalRequest]:
        """Requests shown as a card and not answered yet, oldest first."""
        return [request for request, _ in self._pending.values()]

    async def answer(self, approved: bool, request: ApprovalRequest | str | None = None) -> Reply:
        """Answer a pending request (the only one, by default) as a click would, and return
        what the workflow replied. Use it after `chat.ask()` returned with a card."""
        chosen = self._choose(request)
        if self._bridge is None:
            raise RuntimeError("this Approvals is not attached to a chat")
        from ...bridge.headless import custom_action

        action = {"type": APPROVAL_ACTION, "payload": {"id": chosen.id, "approved": approved}}
        return await custom_action(self._bridge, chosen.thread_id, action, chosen.item_id)

    def _choose(self, request: ApprovalRequest | str | None) -> ApprovalRequest:
        if request is None:
            if len(self._pending) != 1:
                raise ValueError(
                    f"{len(self._pending)} approvals are pending: pass the one to answer "
                    "(chat.approvals.pending lists them)"
                )
            return self.pending[0]
        request_id = request if isinstance(request, str) else request.id
        found = self._pending.get(request_id)
        if found is None:
            raise ValueError(f"no pending approval {request_id!r}; pending: {self.pending}")
        return found[0]

    # -- the server side ----------------------------------------------------------------------

    async def ask(self, run: WorkflowRun, message: str, title: str) -> bool:
        from chatkit.types import ThreadItemDoneEvent

        request = ApprovalRequest(
            id=uuid.uuid4().hex,
            message=message,
            title=title,
            thread_id=run.thread.id,
            item_id=run.agent_context.generate_id("message"),
        )
        decision = await self._decide(request)
        if decision is not None:
            await run.show(ThreadItemDoneEvent(item=card_item(request, decision, automatic=True)))
            return decision
        await run.show(ThreadItemDoneEvent(item=card_item(request)))
        self._pending[request.id] = (request, run)
        try:
            return bool(await run.wait("approval", request.id))
        finally:
            self._pending.pop(request.id, None)

    def take(self, request_id: str, thread_id: str) -> tuple[ApprovalRequest, WorkflowRun] | None:
        """The pending request a click answers, if it is still pending in that thread."""
        found = self._pending.get(request_id)
        if found is None or found[0].thread_id != thread_id:
            return None
        return self._pending.pop(request_id)

    def of_run(self, run: WorkflowRun) -> list[ApprovalRequest]:
        return [request for request, owner in self._pending.values() if owner is run]

    async def _decide(self, request: ApprovalRequest) -> Decision:
        policy = self.policy
        if policy is None or isinstance(policy, bool):
            return policy
        decision = policy(request)
        if inspect.isawaitable(decision):
            decision = await decision
        return None if decision is None else bool(decision)


async def approve(message: str, *, title: str = "Approval needed") -> bool:
    """Ask the user to approve `message` in the chat; True when they click Approve.

    Replace the export's `approval_request(message)` stub with `await approve(message)`.
    """
    from .runner import current_run

    run = current_run()
    if run is None:
        raise RuntimeError(
            "approve() asks in a chat and waits for the click: run this workflow with "
            "ChatKit(workflow=...) and send it a message (chat.ask() or the chat's composer)"
        )
    return await run.approvals.ask(run, message, title)


def card_item(
    request: ApprovalRequest,
    approved: bool | None = None,
    *,
    automatic: bool = False,
    created_at: datetime | None = None,
) -> WidgetItem:
    """The card: pending (Approve / Reject buttons), answered, or stale (`approved` unused)."""
    from chatkit.types import WidgetItem

    return WidgetItem(
        id=request.item_id,
        thread_id=request.thread_id,
        created_at=created_at or datetime.now(),
        widget=card(request, approved, automatic=automatic),
        copy_text=f"{request.title}: {request.message}",
    )


def card(
    request: ApprovalRequest,
    approved: bool | None = None,
    *,
    automatic: bool = False,
    stale: bool = False,
) -> Any:
    from chatkit.actions import ActionConfig
    from chatkit.widgets import Button, Card, Row, Text, Title

    def button(label: str, answer: bool) -> Button:
        payload = {"id": request.id, "approved": answer}
        return Button(
            label=label,
            style="primary" if answer else "secondary",
            onClickAction=ActionConfig(type=APPROVAL_ACTION, payload=payload),
        )

    children: list[Any] = [Title(value=request.title, size="sm"), Text(value=request.message)]
    if stale:
        children.append(Text(value=STALE, color="secondary", size="sm"))
    elif approved is None:
        children.append(Row(gap=2, children=[button("Approve", True), button("Reject", False)]))
    else:
        outcome = "Approved" if approved else "Rejected"
        how = " automatically (chat.approvals.policy)" if automatic else ""
        children.append(Text(value=f"{outcome}{how}", weight="semibold", size="sm"))
    return Card(children=children)


def answer_payload(payload: object) -> tuple[str, bool] | None:
    """A click's payload from the browser (untrusted): `{"id": str, "approved": bool}`."""
    if not isinstance(payload, dict):
        return None
    request_id, approved = payload.get("id"), payload.get("approved")
    if not isinstance(request_id, str) or not isinstance(approved, bool):
        return None
    return request_id, approved


def request_of(item: WidgetItem) -> ApprovalRequest | None:
    """The request a card was made for, read back from its buttons (for a stale card)."""
    data = json.loads(item.widget.model_dump_json(exclude_none=True))
    title = message = request_id = None
    for child in data.get("children", []):
        if child.get("type") == "Title":
            title = child.get("value")
        elif child.get("type") == "Text" and message is None:
            message = child.get("value")
        elif child.get("type") == "Row":
            for button in child.get("children", []):
                found = answer_payload((button.get("onClickAction") or {}).get("payload"))
                request_id = found[0] if found else request_id
    if request_id is None:
        return None
    return ApprovalRequest(request_id, message or "", title or "", item.thread_id, item.id)
