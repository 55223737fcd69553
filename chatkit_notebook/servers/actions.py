"""Widget actions handled by Python functions registered with `@chat.action(type)`.

Server-handled actions arrive through the in-kernel server's `action()` (streaming) and
`sync_action()` (`streaming: false`); client-handled ones (`handler: "client"`) through
`widgets.onAction`. One decorator serves both; the `ActionContext` says what each route allows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from chatkit.actions import Action
from chatkit.errors import CustomStreamError
from chatkit.store import Store, StoreItemType
from chatkit.types import (
    ClientEffectEvent,
    HiddenContextItem,
    ProgressUpdateEvent,
    SyncCustomActionResponse,
    ThreadItemDoneEvent,
    ThreadItemReplacedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    WidgetItem,
)
from pydantic import ValidationError

from ..bridge.callbacks import ActionHandler, positional_arity
from ..bridge.user_code import call
from ..errors import ErrorLog
from .output import Output, as_widget, parts

if TYPE_CHECKING:
    from chatkit.widgets import WidgetRoot


Route = Literal["stream", "sync", "client"]


class ActionContext:
    """What an action handler can do besides returning a value.

    On the server route (`threads.custom_action`) every method applies to the chat as the
    action's response streams. Sync actions (`streaming: false`) can only `replace` the sender.
    Client-handled actions (`handler: "client"`) run while no response is open, so they act
    through the widget's UI methods: `ctx.chat.send_message(...)`, `ctx.chat.send_action(...)`.
    """

    def __init__(
        self,
        thread: ThreadMetadata | None,
        sender: WidgetItem | None,
        request_context: Any,
        chat: Any,
        *,
        route: Route,
        new_id: Callable[[], str] | None = None,
    ) -> None:
        self.thread = thread
        self.sender = sender
        self.request_context = request_context
        self.chat = chat
        self.route = route
        self._new_id = new_id
        self.replacement: WidgetRoot | None = None
        self.queued: list[object] = []

    def replace(self, widget: WidgetRoot | dict[str, Any]) -> None:
        """Replace the widget the action came from."""
        root = as_widget(widget)
        if root is None:
            raise TypeError("ctx.replace() takes a chatkit widget root (Card, ListView, BasicRoot)")
        if self.route == "client":
            raise CustomStreamError(
                "client-handled actions cannot replace widgets: use a server action "
                "(the default handler), or ctx.chat.send_action(...) to reach one"
            )
        if self.sender is None:
            raise CustomStreamError("this action has no sender widget to replace")
        self.replacement = root

    def message(self, text: str) -> None:
        """Add an assistant message to the thread."""
        self._queue("message", text)

    def stream_widget(self, widget: WidgetRoot | dict[str, Any]) -> None:
        """Add a new widget item to the thread."""
        self._queue("stream_widget", widget)

    def progress(self, text: str, icon: str | None = None) -> None:
        """Show a transient progress line while the action runs."""
        self._queue("progress", ProgressUpdateEvent(text=text, icon=icon))

    def effect(self, name: str, data: dict[str, Any] | None = None) -> None:
        """Fire a client effect (`chat.on_effect(name)` and ChatKit's `onEffect`)."""
        self._queue("effect", ClientEffectEvent(name=name, data=data or {}))

    def add_context(self, content: str) -> None:
        """Tell the model something on the next turn, without showing it in the chat."""
        if self.thread is None or self._new_id is None:
            raise CustomStreamError("ctx.add_context() needs a streaming server action")
        item = HiddenContextItem(
            id=self._new_id(),
            thread_id=self.thread.id,
            created_at=datetime.now(),
            content=content,
        )
        self._queue("add_context", ThreadItemDoneEvent(item=item))

    def drain(self) -> list[object]:
        queued, self.queued = self.queued, []
        return queued

    def _queue(self, what: str, part: object) -> None:
        if self.route != "stream":
            kind = "client-handled" if self.route == "client" else "a `streaming: false` action"
            raise CustomStreamError(
                f"ctx.{what}() needs a streaming server action, but this is {kind}; "
                "use ctx.chat.send_message(...) or make the action a streaming server action"
            )
        self.queued.append(part)


class ActionRunner:
    """Runs registered handlers for `ChatKitServer.action()` and `.sync_action()`."""

    def __init__(
        self,
        handlers: Mapping[str, ActionHandler],
        store: Store[Any],
        errors: ErrorLog,
        chat: Callable[[], Any] = lambda: None,
    ) -> None:
        self._handlers = handlers
        self._store = store
        self._errors = errors
        self._chat = chat

    async def stream(
        self,
        thread: ThreadMetadata,
        action: Action[str, Any],
        sender: WidgetItem | None,
        context: Any,
    ) -> AsyncIterator[ThreadStreamEvent]:
        handler = self._handler(action.type)

        def new_id(kind: StoreItemType) -> str:
            return self._store.generate_item_id(kind, thread, context)

        ctx = ActionContext(
            thread, sender, context, self._chat(), route="stream", new_id=lambda: new_id("message")
        )
        output = Output(thread, new_id, f"action {action.type!r}")
        try:
            result = await call_handler(handler, validated(handler, action), sender, ctx)
            if sender is not None and as_widget(result) is not None:
                ctx.replace(result)
                result = None
            async for part in parts(result, ahead=0):  # ctx calls stay in order with parts
                for queued in ctx.drain():  # what the handler did before producing this part
                    async for event in output.part(queued):
                        yield event
                async for event in output.part(part):
                    yield event
            for queued in ctx.drain():
                async for event in output.part(queued):
                    yield event
            for event in output.close():
                yield event
        except CustomStreamError as exc:
            self._errors.record(f"action {action.type!r}: {exc.message}", None)
            raise
        except Exception as exc:
            raise self._failure(action.type, exc) from exc
        if ctx.replacement is not None and sender is not None:
            yield ThreadItemReplacedEvent(
                item=sender.model_copy(update={"widget": ctx.replacement})
            )

    async def sync(
        self,
        thread: ThreadMetadata,
        action: Action[str, Any],
        sender: WidgetItem | None,
        context: Any,
    ) -> SyncCustomActionResponse:
        handler = self._handler(action.type)
        ctx = ActionContext(thread, sender, context, self._chat(), route="sync")
        try:
            result = await call_handler(handler, validated(handler, action), sender, ctx)
        except CustomStreamError as exc:
            self._errors.record(f"action {action.type!r}: {exc.message}", None)
            raise
        except Exception as exc:
            raise self._failure(action.type, exc) from exc
        widget = as_widget(result) if result is not None else ctx.replacement
        if widget is None or sender is None:
            return SyncCustomActionResponse()
        updated = sender.model_copy(update={"widget": widget})
        await self._store.save_item(thread.id, updated, context)  # the SDK does not persist it
        return SyncCustomActionResponse(updated_item=updated)

    def _handler(self, action_type: str) -> ActionHandler:
        handler = self._handlers.get(action_type)
        if handler is None:
            message = (
                f"no handler for action {action_type!r}; register one with "
                f"@chat.action({action_type!r})"
            )
            self._errors.record(message, None)
            raise CustomStreamError(message)
        return handler

    def _failure(self, action_type: str, exc: Exception) -> CustomStreamError:
        message = f"action {action_type!r} failed: {exc!r}"
        return CustomStreamError(self._errors.record(message, exc).message, allow_retry=False)


def validated(handler: ActionHandler, action: Action[str, Any]) -> Action[str, Any]:
    """Payloads come from the browser: check them against the handler's model before user code."""
    if handler.payload is None:
        return action
    try:
        payload = handler.payload.model_validate(action.payload or {})
    except ValidationError as exc:
        problems = "; ".join(
            f"payload.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_url=False)
        )
        raise CustomStreamError(f"action {action.type!r}: {problems}") from None
    return Action(type=action.type, payload=payload)


async def call_handler(
    handler: ActionHandler, action: Action[str, Any], sender: object, ctx: ActionContext
) -> Any:
    """Handlers take `(action)`, `(action, item)` or `(action, item, ctx)`."""
    args = (action, sender, ctx)[: max(1, positional_arity(handler.function, 3))]
    return await call(handler.function, *args)


async def run_client_action(
    handler: ActionHandler, action: dict[str, Any], item: dict[str, Any], chat: Any
) -> None:
    """`widgets.onAction` for a `handler: "client"` action; the item is ChatKit's `{id, widget}`."""
    checked = validated(
        handler, Action(type=str(action.get("type")), payload=action.get("payload"))
    )
    await call_handler(
        handler, checked, item, ActionContext(None, None, None, chat, route="client")
    )
