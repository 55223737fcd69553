"""Python → UI calls (`chat.send_message(...)`) and the views that answer them.

Every displayed view announces itself; a call goes to the most recently displayed view only, so a
chat shown twice (or open in two tabs) sends one message, not two. The view's answer comes back
over the comm, which the kernel reads only between cells: awaiting a call inside the cell that
made it cannot finish before that cell does, so calls are sent at once and return an awaitable.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Generator
from typing import Any

from ..errors import ErrorLog
from . import frames
from .user_code import event_loop

DEFAULT_TIMEOUT = 30.0
_ids = itertools.count(1)


class NoViewError(RuntimeError):
    """The chat is not displayed anywhere, so no UI can carry out the call."""


class UiCallError(RuntimeError):
    """The view tried and failed (ChatKit rejects some calls while a response streams)."""


class UiCall:
    """A call sent to a view. Await it (in a later cell or in a callback) for the UI's answer."""

    def __init__(self, method: str, future: asyncio.Future[Any], timeout: float) -> None:
        self.method = method
        self._future = future
        self._timeout = timeout

    @property
    def done(self) -> bool:
        return self._future.done()

    def __await__(self) -> Generator[Any, None, Any]:
        return self._wait().__await__()

    async def _wait(self) -> Any:
        try:
            return await asyncio.wait_for(asyncio.shield(self._future), self._timeout)
        except TimeoutError:
            raise TimeoutError(
                f"the chat view did not answer {self.method}() within {self._timeout:g} s. "
                "The kernel reads the answer only after the running cell finishes, so do not "
                "await a UI call in the cell that made it (the call itself was sent)."
            ) from None

    def __repr__(self) -> str:
        state = "done" if self.done else "sent"
        return f"<UiCall {self.method}() {state}>"


class Views:
    """The views currently displaying one chat, and the calls in flight to them."""

    def __init__(self, send: Callable[[dict[str, Any]], None], errors: ErrorLog) -> None:
        self._send = send
        self._errors = errors
        self._open: list[str] = []
        self._pending: dict[str, asyncio.Future[Any]] = {}

    @property
    def open(self) -> tuple[str, ...]:
        return tuple(self._open)

    def update(self, frame: frames.ViewFrame) -> None:
        if frame.view in self._open:
            self._open.remove(frame.view)
        if frame.open:
            self._open.append(frame.view)

    def call(self, method: str, *args: Any, timeout: float = DEFAULT_TIMEOUT) -> UiCall:
        if not self._open:
            raise NoViewError(
                f"cannot {method}(): the chat is not displayed. Show it in a cell first "
                "(put `chat` on the last line of a cell)."
            )
        call_id = f"call-{next(_ids)}"
        future: asyncio.Future[Any] = event_loop().create_future()
        self._pending[call_id] = future
        future.add_done_callback(lambda f: self._settled(call_id, method, f))
        self._send(frames.call_frame(call_id, self._open[-1], method, list(args)))
        return UiCall(method, future, timeout)

    def _settled(self, call_id: str, method: str, future: asyncio.Future[Any]) -> None:
        self._pending.pop(call_id, None)
        if not future.cancelled() and future.exception() is not None:
            # Also visible when nobody awaits the call (the usual case in a cell).
            self._errors.record(f"{method}() failed: {future.exception()}", None)

    def resolve(self, frame: frames.CallResult) -> None:
        """Runs on the comm's thread, which is not the caller's with comms over subshells."""
        future = self._pending.get(frame.id)
        if future is None:
            return  # an answer to a call already settled (or from another kernel session)
        future.get_loop().call_soon_threadsafe(_settle, future, frame)


def _settle(future: asyncio.Future[Any], frame: frames.CallResult) -> None:
    if future.done():
        return
    if frame.ok:
        future.set_result(frame.value)
    else:
        future.set_exception(UiCallError(f"the chat view could not do it: {frame.error}"))
