"""An Agent Builder export → the function a chat calls with each message.

An export is one module with `class WorkflowInput(BaseModel): input_as_text: str` and
`async def run_workflow(workflow_input: WorkflowInput)`. `ChatKit(workflow=...)` takes the path
of that module or the function itself; the message text is passed as the input model the
function's signature asks for (or as `str`).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import inspect
import os
import sys
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ...bridge import user_code

ENTRY_POINT = "run_workflow"
GUARDRAILS_HINT = (
    "Guardrail nodes need the openai-guardrails package: pip install openai-guardrails "
    "(or chatkit-notebook[guardrails])"
)


class WorkflowInput(BaseModel):
    """What Agent Builder passes a workflow: the user's message."""

    input_as_text: str


@dataclass(frozen=True)
class Workflow:
    """The function behind a chat, its name for messages, and how to call it with a message."""

    function: Callable[..., Any]
    name: str
    make_input: Callable[[str], tuple[Any, ...]]

    async def __call__(self, text: str) -> Any:
        # a sync export may block: like all sync user code it runs on a worker thread
        return await user_code.call(self.function, *self.make_input(text))


def load_workflow(source: object, env: Mapping[str, str] | None = None) -> Workflow:
    """`source` is a path to an export (`str` or `PathLike`) or a callable.

    `env` (OPENAI_API_KEY / OPENAI_BASE_URL from the chat's `api_key=` / `base_url=`) is set
    while the export is imported, so the OpenAI client it may create at import (for guardrails
    or file search) talks to the same endpoint as its agents.
    """
    if isinstance(source, str | os.PathLike):
        function = getattr(_import(Path(source), env or {}), ENTRY_POINT)
        name = f"{Path(source).name}: {ENTRY_POINT}()"
    elif callable(source):
        function = source
        name = f"{getattr(source, '__name__', type(source).__name__)}()"
    else:
        raise TypeError(
            "workflow= takes the path of an Agent Builder export (a .py file) or its "
            f"run_workflow function; got {type(source).__name__}"
        )
    return Workflow(function, name, _input_maker(function, name))


def _import(path: Path, env: Mapping[str, str]) -> Any:
    if path.suffix != ".py":
        raise ValueError(
            f"workflow={str(path)!r}: expected a Python file (the Agent Builder export, "
            "Code → Agents SDK → Python), e.g. workflow='my_workflow.py'"
        )
    if not path.is_file():
        raise FileNotFoundError(f"workflow={str(path)!r}: no such file (from {Path.cwd()})")
    resolved = path.resolve()
    digest = hashlib.sha1(str(resolved).encode()).hexdigest()[:8]
    module_name = f"chatkit_notebook_workflow_{_identifier(path.stem)}_{digest}"
    spec = importlib.util.spec_from_file_location(module_name, resolved)
    if spec is None or spec.loader is None:
        raise ImportError(f"workflow={str(path)!r}: cannot be imported as a module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # pydantic resolves the export's annotations through it
    try:
        with _environment(env):
            spec.loader.exec_module(module)
    except ModuleNotFoundError as exc:
        del sys.modules[module_name]
        hint = f" {GUARDRAILS_HINT}" if exc.name == "guardrails" else ""
        raise ImportError(f"importing {path.name} failed: {exc}.{hint}") from exc
    except Exception as exc:
        del sys.modules[module_name]
        hint = ""
        if type(exc).__name__ == "OpenAIError" and "api_key" in str(exc):
            hint = (
                " The export creates an OpenAI client when imported (for guardrails or file "
                "search): set OPENAI_API_KEY, or pass ChatKit(workflow=..., api_key=...)."
            )
        raise ImportError(
            f"importing {path.name} failed: {type(exc).__name__}: {exc}.{hint}"
        ) from exc
    if not callable(getattr(module, ENTRY_POINT, None)):
        del sys.modules[module_name]
        raise TypeError(
            f"{path.name} has no {ENTRY_POINT} function; an Agent Builder export defines "
            f"`async def {ENTRY_POINT}(workflow_input: WorkflowInput)`"
        )
    return module


def _input_maker(function: Callable[..., Any], name: str) -> Callable[[str], tuple[Any, ...]]:
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    if not parameters:
        return lambda _text: ()
    try:
        annotation = typing.get_type_hints(function).get(parameters[0].name)
    except (NameError, TypeError, AttributeError):  # unresolvable: the export's usual input
        annotation = None
    if annotation is str:
        return lambda text: (text,)
    model = (
        annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel)
        else WorkflowInput
    )
    try:
        model.model_validate({"input_as_text": ""})
    except ValidationError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["type"] == "missing")
        raise TypeError(
            f"{name} takes {model.__name__}, which needs more than input_as_text "
            f"(missing: {fields}); a chat can only pass the message as input_as_text"
        ) from None
    return lambda text: (model.model_validate({"input_as_text": text}),)


@contextlib.contextmanager
def _environment(env: Mapping[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _identifier(stem: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in stem)
