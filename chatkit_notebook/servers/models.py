"""Where a chat's model names resolve: OpenAI by default, or any OpenAI-compatible endpoint.

Only the agents SDK's own classes are used: its `MultiProvider` (the SDK default) for OpenAI,
and an `OpenAIProvider` around `AsyncOpenAI(base_url=..., api_key=...)` for compatible servers
(Ollama, vLLM, LM Studio, LiteLLM), which speak chat completions unless told otherwise. The API
key lives only inside that client, never in widget state.
"""

from __future__ import annotations

import os
from typing import Literal

from agents import Model, ModelProvider, MultiProvider, OpenAIProvider
from openai import AsyncOpenAI, OpenAIError

MODEL_ENV = "CHATKIT_NOTEBOOK_MODEL"
PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key, but AsyncOpenAI requires one

NO_KEY_MESSAGE = (
    "No OpenAI API key: set OPENAI_API_KEY, or pass ChatKit(agent=..., base_url=..., "
    "api_key=...) for a compatible endpoint, or use chatkit_notebook.testing.ScriptedModel offline"
)

Api = Literal["responses", "chat_completions"]


class ModelNotConfigured(RuntimeError):
    """No model can be reached: the message says what to set."""


class ChatModels(ModelProvider):
    """Resolves model names for one chat.

    `base_url` (or `OPENAI_BASE_URL`) selects an OpenAI-compatible endpoint, spoken to with chat
    completions unless `api="responses"`; `api_key` defaults to `OPENAI_API_KEY`. With neither,
    model names go to OpenAI exactly as the agents SDK would send them, reading the key on first
    use, so setting `OPENAI_API_KEY` later works.
    """

    def __init__(
        self, *, base_url: str | None = None, api_key: str | None = None, api: Api | None = None
    ) -> None:
        base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        self.base_url = base_url
        self._provider: ModelProvider
        if base_url is not None:
            key = api_key or os.environ.get("OPENAI_API_KEY") or PLACEHOLDER_KEY
            client = AsyncOpenAI(base_url=base_url, api_key=key)
            self._provider = OpenAIProvider(openai_client=client, use_responses=api == "responses")
        else:
            openai = AsyncOpenAI(api_key=api_key) if api_key else None
            use_responses = None if api is None else api == "responses"
            self._provider = MultiProvider(openai_client=openai, openai_use_responses=use_responses)

    @property
    def is_openai(self) -> bool:
        """Whether runs go to OpenAI (and so may export traces there)."""
        return self.base_url is None

    def get_model(self, model_name: str | None) -> Model:
        try:
            return self._provider.get_model(model_name)
        except OpenAIError as exc:  # raised when the OpenAI client is built without a key
            raise ModelNotConfigured(NO_KEY_MESSAGE) from exc

    async def aclose(self) -> None:
        await self._provider.aclose()


def chat_model(choice: str | Model | None) -> str | Model | None:
    """The chat's model override: the one given, else `CHATKIT_NOTEBOOK_MODEL`, else none."""
    return choice if choice is not None else (os.environ.get(MODEL_ENV) or None)
