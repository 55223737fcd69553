"""The Python functions behind ChatKit's JavaScript callbacks.

ChatKit is configured with JS functions (`onClientTool`, `widgets.onAction`, `entities.*`,
`commands.*`, `header.*.onClick`). Functions cannot be synced, so the view creates one stable JS
wrapper per *slot* named here, and each call travels to `Callbacks.invoke(slot, args)`.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, PydanticUserError, ValidationError, validate_call

from ..errors import ErrorLog
from .user_code import call

logger = logging.getLogger("chatkit_notebook")

Handler = Callable[..., Any]

# Slots the widget's decorators fill; option callables (e.g. header.rightAction.onClick) use their
# dotted path in `options` as the slot name.
CLIENT_TOOL = "onClientTool"
WIDGET_ACTION = "widgets.onAction"
TAG_SEARCH = "entities.onTagSearch"
ENTITY_CLICK = "entities.onClick"
ENTITY_PREVIEW = "entities.onRequestPreview"
COMMAND_SEARCH = "commands.onSearch"
COMMAND_SELECT = "commands.onSelect"


class CallbackError(Exception):
    """A callback could not run; the message is shown to the user as is."""


@dataclass(frozen=True)
class ClientTool:
    name: str
    function: Handler
    description: str


@dataclass(frozen=True)
class ActionHandler:
    action_type: str
    function: Handler
    payload: type[BaseModel] | None = None


@dataclass
class Callbacks:
    """Registries of a chat's Python callbacks, and the one entry point JS calls."""

    errors: ErrorLog
    client_tools: dict[str, ClientTool] = field(default_factory=dict)
    actions: dict[str, ActionHandler] = field(default_factory=dict)
    handlers: dict[str, Handler] = field(default_factory=dict)  # entity/command slots
    options: Callable[[], Mapping[str, Handler]] = dict  # callables found in `options`
    client_action: Callable[[dict[str, Any], dict[str, Any]], Any] | None = None

    def slots(self) -> list[str]:
        """The JS wrappers the view must create, in a stable order."""
        names = set(self.handlers) | set(self.options())
        if self.client_tools:
            names.add(CLIENT_TOOL)
        if self.actions:
            names.add(WIDGET_ACTION)
        return sorted(names)

    async def invoke(self, slot: str, args: list[Any]) -> Any:
        if slot == CLIENT_TOOL:
            return await self._client_tool(*args[:1])
        if slot == WIDGET_ACTION:
            if self.client_action is None:
                raise CallbackError("no handler for client-side widget actions")
            return await call(self.client_action, *args[:2])
        handler = self.handlers.get(slot) or self.options().get(slot)
        if handler is None:
            raise CallbackError(f"no Python callback is registered for {slot}")
        result = await call(handler, *args[: positional_arity(handler, len(args))])
        return _shape(slot, result)

    async def _client_tool(self, call_info: object) -> Any:
        if not isinstance(call_info, dict) or not isinstance(call_info.get("name"), str):
            raise CallbackError("onClientTool expects {name, params}")
        name = call_info["name"]
        tool = self.client_tools.get(name)
        if tool is None:
            known = ", ".join(sorted(self.client_tools)) or "none"
            raise CallbackError(
                f"no client tool named {name!r} (registered: {known}); "
                "register one with @chat.client_tool"
            )
        params = call_info.get("params") or {}
        if not isinstance(params, dict):
            raise CallbackError(f"client tool {name!r}: params must be an object")
        try:  # the model's arguments are untrusted: check them against the signature first
            checked = validate_call(tool.function)
        except PydanticUserError:  # a signature pydantic cannot check: call it as is
            checked = tool.function
        try:
            result = await call(checked, **params)
        except (TypeError, ValidationError) as exc:
            raise CallbackError(f"client tool {name!r} was called with {params}: {exc}") from exc
        return to_json(result if result is not None else {})


def to_json(value: Any) -> Any:
    """Pydantic models (chatkit widgets, entities) become the JSON ChatKit expects."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def _shape(slot: str, result: Any) -> Any:
    """Adapts convenient Python return values to the shapes ChatKit's callbacks must return."""
    if slot == ENTITY_PREVIEW:
        if isinstance(result, dict) and set(result) == {"preview"}:
            return to_json(result)
        return {"preview": to_json(result)}
    if slot in (TAG_SEARCH, COMMAND_SEARCH):
        return to_json(list(result or []))
    return to_json(result)


def positional_arity(function: Handler, available: int) -> int:
    """How many of `available` positional arguments the function accepts, so users may write
    `respond(message)` or `lambda: ...` where more arguments are on offer."""
    try:
        params = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return available
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return available
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return min(len(positional), available)
