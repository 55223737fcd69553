"""Every `Runner.run` a workflow makes while it answers a chat message streams into that chat.

An export calls `await Runner.run(agent, input=[...], run_config=RunConfig(...))`, which does not
stream. `Runner.run` delegates to the SDK's default `AgentRunner`; `install()` wraps that runner
once per process with `ChatRunner`, which looks up the chat run of the calling task in a
context variable: outside a chat nothing changes; inside one the call becomes
`Runner.run_streamed`, whose events go to that chat, and returns its result to the workflow as
`Runner.run` would. Context variables follow asyncio tasks, so two chats answering at once each
stream their own runs, and a run started by a tool inside a streamed run (an agent used as a
tool) runs as usual instead of streaming into the chat twice.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from agents import Agent, RunResult, RunResultStreaming, TResponseInputItem
from agents.run import AgentRunner, get_default_agent_runner, set_default_agent_runner

if TYPE_CHECKING:
    from .run import WorkflowRun

_chat_run: ContextVar[WorkflowRun | None] = ContextVar("chatkit_notebook_workflow", default=None)
_in_streamed_run: ContextVar[bool] = ContextVar("chatkit_notebook_in_run", default=False)


def current_run() -> WorkflowRun | None:
    """The chat run the calling code belongs to, if any."""
    return _chat_run.get()


def in_streamed_run() -> bool:
    """Whether the calling code runs inside a streamed agent run (a tool, a guardrail)."""
    return _in_streamed_run.get()


class ChatRunner(AgentRunner):
    """Streams `Runner.run` into the chat the calling task answers; otherwise delegates."""

    def __init__(self, inner: AgentRunner) -> None:
        self.inner = inner

    async def run(  # type: ignore[override]  # returns the streamed run's result
        self, starting_agent: Agent[Any], input: Any, **kwargs: Any
    ) -> RunResult | RunResultStreaming:
        chat_run = _chat_run.get()
        if chat_run is None or _in_streamed_run.get():
            return await self.inner.run(starting_agent, input, **kwargs)
        return await chat_run.stream_agent(self, starting_agent, input, kwargs)

    def run_sync(self, starting_agent: Agent[Any], input: Any, **kwargs: Any) -> RunResult:
        return self.inner.run_sync(starting_agent, input, **kwargs)

    def run_streamed(
        self, starting_agent: Agent[Any], input: Any, **kwargs: Any
    ) -> RunResultStreaming:
        return self.inner.run_streamed(starting_agent, input, **kwargs)

    def start_streamed(
        self, agent: Agent[Any], input: str | list[TResponseInputItem], kwargs: dict[str, Any]
    ) -> RunResultStreaming:
        """`run_streamed`, marking the run's own task (tools, guardrails) as inside a run."""
        token = _in_streamed_run.set(True)
        try:
            return self.inner.run_streamed(agent, input, **kwargs)
        finally:
            _in_streamed_run.reset(token)


def install() -> None:
    """Wrap the SDK's default runner (once; a runner someone else installed is kept inside)."""
    current = get_default_agent_runner()
    if not isinstance(current, ChatRunner):
        set_default_agent_runner(ChatRunner(current))


def bind(chat_run: WorkflowRun | None) -> Any:
    """Make `chat_run` the current run of tasks created until `unbind(token)`."""
    return _chat_run.set(chat_run)


def unbind(token: Any) -> None:
    _chat_run.reset(token)
