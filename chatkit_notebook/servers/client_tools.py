"""Client tools offered to an agent: the model calls them, the UI runs them.

Each `@chat.client_tool` becomes a function tool whose schema comes from the Python function's
signature and docstring. Calling it only records a `ClientToolCall`; `StopAtTools` then ends the
run, ChatKit calls `onClientTool` (which runs the Python function) and sends its result back as
`threads.add_client_tool_output`, which resumes the run with the result as the tool output.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from agents import Agent, FunctionTool, RunContextWrapper
from agents.agent import StopAtTools
from agents.function_schema import function_schema
from chatkit.agents import AgentContext, ClientToolCall

from ..bridge.callbacks import ClientTool


def with_client_tools(agent: Agent[Any], tools: Mapping[str, ClientTool]) -> Agent[Any]:
    """The agent plus a function tool per client tool it does not already have."""
    if not tools:
        return agent
    existing = {tool.name for tool in agent.tools if isinstance(tool, FunctionTool)}
    added = [
        as_function_tool(tool, _hand_to_client(tool))
        for tool in tools.values()
        if tool.name not in existing
    ]
    names = sorted(tools)
    behavior = agent.tool_use_behavior
    if behavior == "run_llm_again":
        behavior = StopAtTools(stop_at_tool_names=names)
    elif isinstance(behavior, dict) and "stop_at_tool_names" in behavior:
        merged = sorted({*behavior["stop_at_tool_names"], *names})
        behavior = StopAtTools(stop_at_tool_names=merged)
    return agent.clone(tools=[*agent.tools, *added], tool_use_behavior=behavior)


OnInvoke = Callable[[RunContextWrapper[Any], str], Awaitable[str]]


def as_function_tool(tool: ClientTool, on_invoke: OnInvoke) -> FunctionTool:
    """A function tool with the client tool's name, description and parameters."""
    schema = function_schema(tool.function, strict_json_schema=False)
    return FunctionTool(
        name=tool.name,
        description=schema.description or tool.description or tool.name,
        params_json_schema=schema.params_json_schema,
        on_invoke_tool=on_invoke,
        strict_json_schema=False,
    )


def _hand_to_client(tool: ClientTool) -> OnInvoke:
    async def hand_to_client(ctx: RunContextWrapper[AgentContext[Any]], arguments: str) -> str:
        ctx.context.client_tool_call = ClientToolCall(
            name=tool.name, arguments=json.loads(arguments or "{}")
        )
        return f"{tool.name} was handed to the client; its result arrives as the tool output."

    return hand_to_client
