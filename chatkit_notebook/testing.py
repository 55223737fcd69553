"""A scripted model for openai-agents: prototype and test agents offline, with no API key.

```python
from agents import Agent
from chatkit_notebook.testing import ScriptedModel, text, tool_call, turn

model = ScriptedModel([
    turn(tool_call("get_weather", {"city": "Paris"})),   # the runner runs the tool...
    turn(text("It is ", "sunny in Paris.")),             # ...then calls the model again
])
agent = Agent(name="Weather", model=model, tools=[get_weather])
```

Each model call plays the next turn as real Responses API stream events (the same ones
`OpenAIResponsesModel` yields), so `chatkit.agents.stream_agent_response` and the agents runner
run unchanged. `model.calls` records what each call received.
"""

from __future__ import annotations

import copy
import itertools
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from agents import Handoff, Model, ModelResponse, ModelSettings, ModelTracing, Tool, Usage
from agents.agent_output import AgentOutputSchemaBase
from agents.items import TResponseInputItem, TResponseOutputItem, TResponseStreamEvent
from agents.tracing import SpanError, response_span
from openai.types.responses import (
    Response,
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseFunctionToolCall,
    ResponseInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseReasoningItem,
    ResponseReasoningSummaryPartAddedEvent,
    ResponseReasoningSummaryPartDoneEvent,
    ResponseReasoningSummaryTextDeltaEvent,
    ResponseReasoningSummaryTextDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    ResponseUsage,
)
from openai.types.responses.response_prompt_param import ResponsePromptParam
from openai.types.responses.response_reasoning_item import Summary
from openai.types.responses.response_reasoning_summary_part_added_event import Part
from openai.types.responses.response_reasoning_summary_part_done_event import Part as DonePart
from openai.types.responses.response_usage import InputTokensDetails, OutputTokensDetails
from typing_extensions import override

# -- the script ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """An assistant message, streamed chunk by chunk."""

    chunks: tuple[str, ...]


@dataclass(frozen=True)
class Reasoning:
    """A reasoning summary (ChatKit shows it as a thought), streamed chunk by chunk."""

    chunks: tuple[str, ...]


@dataclass(frozen=True)
class ToolCall:
    """A function tool call; the runner runs the tool and calls the model again."""

    name: str
    arguments: str
    call_id: str | None = None


@dataclass(frozen=True)
class Error:
    """The model call fails here, after streaming the steps before it."""

    exception: Exception


Step = Text | Reasoning | ToolCall | Error


@dataclass(frozen=True)
class Turn:
    """What one model call answers."""

    steps: tuple[Step, ...]


def text(*chunks: str) -> Text:
    return Text(chunks)


def reasoning(*chunks: str) -> Reasoning:
    return Reasoning(chunks)


def tool_call(
    name: str, arguments: Mapping[str, Any] | str | None = None, *, call_id: str | None = None
) -> ToolCall:
    """`arguments` is a dict (sent as JSON) or a raw string (e.g. to test malformed JSON)."""
    raw = arguments if isinstance(arguments, str) else json.dumps(dict(arguments or {}))
    return ToolCall(name, raw, call_id)


def error(exception: Exception) -> Error:
    return Error(exception)


def turn(*steps: Step | str) -> Turn:
    """One model call's answer; a bare string is a text step."""
    return Turn(tuple(text(step) if isinstance(step, str) else step for step in steps))


# -- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelCall:
    """What the agents runner passed to one model call (a snapshot)."""

    instructions: str | None
    input: str | list[TResponseInputItem]
    tools: list[Tool]
    model_settings: ModelSettings
    handoffs: list[Handoff]
    streamed: bool

    @property
    def tool_names(self) -> list[str]:
        return [tool.name for tool in self.tools]


class ScriptExhausted(RuntimeError):
    """The model was called more often than the script has turns."""


class ScriptedModel(Model):
    """An agents SDK `Model` that answers each call with the next scripted turn.

    `turns` holds `turn(...)`s; a bare step or string is a one-step turn. Use it as
    `Agent(model=ScriptedModel([...]))`, or as a chat's model override. `calls` records what
    each call received; `turns` holds the turns not played yet.
    """

    def __init__(
        self, turns: Iterable[Turn | Step | str] = (), name: str = "scripted-model"
    ) -> None:
        self.turns: list[Turn] = []
        self.calls: list[ModelCall] = []
        self.name = name
        self.add(*turns)

    def __repr__(self) -> str:
        return f"ScriptedModel({len(self.calls)} calls, {len(self.turns)} turns left)"

    def add(self, *turns: Turn | Step | str) -> None:
        """Append turns, e.g. after a `ScriptExhausted` error."""
        self.turns.extend(t if isinstance(t, Turn) else turn(t) for t in turns)

    @override
    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: ResponsePromptParam | None = None,
    ) -> ModelResponse:
        call = self._record(
            instructions=system_instructions,
            input=input,
            model_settings=model_settings,
            tools=tools,
            handoffs=handoffs,
            streamed=False,
        )
        with response_span(disabled=tracing.is_disabled()) as span:
            played = _Played(self._next_turn(), call)
            if played.error is not None:
                span.set_error(SpanError(message="Error getting response", data={}))
                raise played.error
            if tracing.include_data():
                span.span_data.response = played.response(self.name, "completed")
                span.span_data.input = input
            return ModelResponse(output=played.output, usage=played.usage, response_id=played.id)

    @override
    async def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: ResponsePromptParam | None = None,
    ) -> AsyncIterator[TResponseStreamEvent]:
        call = self._record(
            instructions=system_instructions,
            input=input,
            model_settings=model_settings,
            tools=tools,
            handoffs=handoffs,
            streamed=True,
        )
        # a response span, as OpenAIResponsesModel opens one, so traces show each model call
        with response_span(disabled=tracing.is_disabled()) as span:
            played = _Played(self._next_turn(), call)
            try:
                for event in played.events(self.name):
                    if isinstance(event, ResponseCompletedEvent) and tracing.include_data():
                        span.span_data.response = event.response
                        span.span_data.input = input
                    yield event
            except Exception:
                span.set_error(SpanError(message="Error streaming response", data={}))
                raise

    def _record(
        self,
        *,
        instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        handoffs: list[Handoff],
        streamed: bool,
    ) -> ModelCall:
        call = ModelCall(
            instructions=instructions,
            input=copy.deepcopy(input),
            tools=list(tools),
            model_settings=copy.deepcopy(model_settings),
            handoffs=list(handoffs),
            streamed=streamed,
        )
        self.calls.append(call)
        return call

    def _next_turn(self) -> Turn:
        if not self.turns:
            number = len(self.calls)
            raise ScriptExhausted(
                f"the scripted model has no turn {number}: add one, e.g. "
                f'ScriptedModel([..., turn(text("..."))]) or model.add(turn(text("...")))'
            )
        return self.turns.pop(0)


# -- playing a turn as Responses API output ----------------------------------------------------


def _new_id(prefix: str) -> str:
    """Unique ids: ChatKit reuses Responses message ids as thread item ids."""
    return f"{prefix}_{uuid.uuid4().hex[:24]}"


class _Played:
    """One turn turned into output items, stream events and usage."""

    def __init__(self, scripted: Turn, call: ModelCall) -> None:
        self.id = _new_id("resp")
        self.steps: list[tuple[Step, TResponseOutputItem | None]] = []
        self.error: Exception | None = None
        for step in scripted.steps:
            if isinstance(step, Error):
                self.error = step.exception
                break
            self.steps.append((step, _output_item(step)))
        self.output = [item for _, item in self.steps if item is not None]
        chunks = [c for s, _ in self.steps if isinstance(s, Text | Reasoning) for c in s.chunks]
        calls = [s.arguments for s, _ in self.steps if isinstance(s, ToolCall)]
        output_tokens = sum(_tokens(c) for c in [*chunks, *calls])
        input_tokens = _tokens(json.dumps(call.input, default=str))
        self.usage = Usage(
            requests=1,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            total_tokens=input_tokens + output_tokens,
        )

    def response(self, model: str, status: Literal["in_progress", "completed"]) -> Response:
        """The Responses API object of this turn: empty while in progress, whole when done."""
        done = status == "completed"
        return Response(
            id=self.id,
            created_at=time.time(),
            model=model,
            object="response",
            output=self.output if done else [],
            parallel_tool_calls=True,
            tool_choice="auto",
            tools=[],
            status=status,
            usage=self._response_usage() if done else None,
        )

    def _response_usage(self) -> ResponseUsage:
        return ResponseUsage(
            input_tokens=self.usage.input_tokens,
            # model_validate: newer openai releases require cache_write_tokens
            input_tokens_details=InputTokensDetails.model_validate(
                {"cached_tokens": 0, "cache_write_tokens": 0}
            ),
            output_tokens=self.usage.output_tokens,
            output_tokens_details=OutputTokensDetails(reasoning_tokens=0),
            total_tokens=self.usage.total_tokens,
        )

    def events(self, model: str) -> Iterator[TResponseStreamEvent]:
        seq = itertools.count()
        response = self.response(model, "in_progress")
        yield ResponseCreatedEvent(
            type="response.created", response=response, sequence_number=next(seq)
        )
        yield ResponseInProgressEvent(
            type="response.in_progress", response=response, sequence_number=next(seq)
        )
        for index, (step, item) in enumerate(self.steps):
            if isinstance(item, ResponseOutputMessage) and isinstance(step, Text):
                yield from _message_events(item, step.chunks, index, seq)
            elif isinstance(item, ResponseReasoningItem) and isinstance(step, Reasoning):
                yield from _reasoning_events(item, step.chunks, index, seq)
            elif isinstance(item, ResponseFunctionToolCall):
                yield from _tool_call_events(item, index, seq)
        if self.error is not None:
            raise self.error
        yield ResponseCompletedEvent(
            type="response.completed",
            response=self.response(model, "completed"),
            sequence_number=next(seq),
        )


def _tokens(text: str) -> int:
    """A rough, deterministic token count (about four characters a token)."""
    return max(1, len(text) // 4)


def _output_item(step: Step) -> TResponseOutputItem | None:
    if isinstance(step, Text):
        return ResponseOutputMessage(
            id=_new_id("msg"),
            type="message",
            role="assistant",
            status="completed",
            content=[_output_text("".join(step.chunks))],
        )
    if isinstance(step, Reasoning):
        return ResponseReasoningItem(
            id=_new_id("rs"),
            type="reasoning",
            summary=[Summary(type="summary_text", text="".join(step.chunks))],
        )
    if isinstance(step, ToolCall):
        return ResponseFunctionToolCall(
            id=_new_id("fc"),
            call_id=step.call_id or _new_id("call"),
            type="function_call",
            name=step.name,
            arguments=step.arguments,
            status="completed",
        )
    return None


def _output_text(value: str) -> ResponseOutputText:
    return ResponseOutputText(type="output_text", text=value, annotations=[], logprobs=[])


def _message_events(
    item: ResponseOutputMessage, chunks: tuple[str, ...], index: int, seq: Iterator[int]
) -> Iterator[TResponseStreamEvent]:
    full = "".join(chunks)
    started = item.model_copy(update={"content": [], "status": "in_progress"})
    yield ResponseOutputItemAddedEvent(
        type="response.output_item.added",
        item=started,
        output_index=index,
        sequence_number=next(seq),
    )
    where: dict[str, Any] = {"item_id": item.id, "output_index": index, "content_index": 0}
    yield ResponseContentPartAddedEvent(
        type="response.content_part.added",
        part=_output_text(""),
        sequence_number=next(seq),
        **where,
    )
    for chunk in chunks:
        yield ResponseTextDeltaEvent(
            type="response.output_text.delta",
            delta=chunk,
            logprobs=[],
            sequence_number=next(seq),
            **where,
        )
    yield ResponseTextDoneEvent(
        type="response.output_text.done", text=full, logprobs=[], sequence_number=next(seq), **where
    )
    yield ResponseContentPartDoneEvent(
        type="response.content_part.done",
        part=_output_text(full),
        sequence_number=next(seq),
        **where,
    )
    yield ResponseOutputItemDoneEvent(
        type="response.output_item.done", item=item, output_index=index, sequence_number=next(seq)
    )


def _reasoning_events(
    item: ResponseReasoningItem, chunks: tuple[str, ...], index: int, seq: Iterator[int]
) -> Iterator[TResponseStreamEvent]:
    full = "".join(chunks)
    yield ResponseOutputItemAddedEvent(
        type="response.output_item.added",
        item=item.model_copy(update={"summary": []}),
        output_index=index,
        sequence_number=next(seq),
    )
    where: dict[str, Any] = {"item_id": item.id, "output_index": index, "summary_index": 0}
    yield ResponseReasoningSummaryPartAddedEvent(
        type="response.reasoning_summary_part.added",
        part=Part(type="summary_text", text=""),
        sequence_number=next(seq),
        **where,
    )
    for chunk in chunks:
        yield ResponseReasoningSummaryTextDeltaEvent(
            type="response.reasoning_summary_text.delta",
            delta=chunk,
            sequence_number=next(seq),
            **where,
        )
    yield ResponseReasoningSummaryTextDoneEvent(
        type="response.reasoning_summary_text.done", text=full, sequence_number=next(seq), **where
    )
    yield ResponseReasoningSummaryPartDoneEvent(
        type="response.reasoning_summary_part.done",
        part=DonePart(type="summary_text", text=full),
        sequence_number=next(seq),
        **where,
    )
    yield ResponseOutputItemDoneEvent(
        type="response.output_item.done", item=item, output_index=index, sequence_number=next(seq)
    )


def _tool_call_events(
    item: ResponseFunctionToolCall, index: int, seq: Iterator[int]
) -> Iterator[TResponseStreamEvent]:
    item_id = item.id or item.call_id
    yield ResponseOutputItemAddedEvent(
        type="response.output_item.added",
        item=item.model_copy(update={"arguments": "", "status": "in_progress"}),
        output_index=index,
        sequence_number=next(seq),
    )
    yield ResponseFunctionCallArgumentsDeltaEvent(
        type="response.function_call_arguments.delta",
        item_id=item_id,
        output_index=index,
        delta=item.arguments,
        sequence_number=next(seq),
    )
    yield ResponseFunctionCallArgumentsDoneEvent.model_validate(
        {
            "type": "response.function_call_arguments.done",
            "item_id": item_id,
            "output_index": index,
            "name": item.name,
            "arguments": item.arguments,
            "sequence_number": next(seq),
        }
    )
    yield ResponseOutputItemDoneEvent(
        type="response.output_item.done", item=item, output_index=index, sequence_number=next(seq)
    )


__all__ = [
    "Error",
    "ModelCall",
    "Reasoning",
    "ScriptExhausted",
    "ScriptedModel",
    "Step",
    "Text",
    "ToolCall",
    "Turn",
    "error",
    "reasoning",
    "text",
    "tool_call",
    "turn",
]
