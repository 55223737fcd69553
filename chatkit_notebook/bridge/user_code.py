"""Sync user code (`respond`, action handlers, callbacks) runs off the event loop.

The everyday `for chunk in client.stream(): yield chunk` blocks while it waits for the network.
Run on the event loop, it would freeze every chat of the kernel, and a stop could not reach it:
the loop only sees a cancel between its steps. So a sync function runs on a worker thread, and a
sync iterable is pulled on a thread of its own, in order. Both see the caller's context variables
(a copy, as with `asyncio.to_thread`). A stop stops the pulling and closes the generator in its
thread, after the chunk it is computing (Python cannot interrupt a thread), while the request is
answered at once. Async code stays on the loop.

Each call gets its own daemon thread, not a pool's: user code may block for minutes, and a full
pool would stall the other chats (and the imports `asyncio.to_thread` runs).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import logging
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

logger = logging.getLogger("chatkit_notebook")

READ_AHEAD = 256
"""Items a sync iterable may run ahead of the consumer: the thread hands them over in batches,
so a fast generator streams as fast as on the loop. Action handlers use 0 (see `iterate`)."""

_DONE = object()
_CALLER_LOOP: contextvars.ContextVar[asyncio.AbstractEventLoop] = contextvars.ContextVar(
    "chatkit_notebook_caller_loop"
)


def event_loop() -> asyncio.AbstractEventLoop:
    """The running loop, or, in user code on a worker thread, the loop that started it, so
    `chat.send_message(...)` works from a sync callback too."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        loop = _CALLER_LOOP.get(None)
        return loop if loop is not None else asyncio.get_event_loop()


def _context(loop: asyncio.AbstractEventLoop) -> contextvars.Context:
    context = contextvars.copy_context()
    context.run(_CALLER_LOOP.set, loop)
    return context


def runs_on_loop(function: Callable[..., Any]) -> bool:
    """Async functions, and generator functions (calling one only creates the generator)."""
    call = type(function).__call__  # for callable objects, what calling them runs
    return any(
        inspect.iscoroutinefunction(f) or inspect.isasyncgenfunction(f) for f in (function, call)
    ) or inspect.isgeneratorfunction(function)


async def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a sync or async user function; sync ones run on a worker thread."""
    if runs_on_loop(function):
        result = function(*args, **kwargs)
    else:
        result = await in_thread(function, *args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


async def in_thread(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`function(*args, **kwargs)` on a new daemon thread; cancelling stops waiting for it."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()
    context = _context(loop)

    def run() -> None:
        try:
            result = context.run(function, *args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller on the loop
            _call_soon(loop, _settle, future, None, exc)
        else:
            _call_soon(loop, _settle, future, result, None)

    name = getattr(function, "__name__", "function")
    threading.Thread(target=run, name=f"chatkit-{name}", daemon=True).start()
    return await future


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # cancelled: nobody will use what came back
        if inspect.iscoroutine(result) or inspect.isgenerator(result):
            result.close()  # never started: closing runs no user code
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


async def iterate(iterable: Iterable[Any], *, ahead: int = READ_AHEAD) -> AsyncIterator[Any]:
    """The items of a sync iterable, pulled on a thread of its own.

    The thread keeps at most `ahead` items ready for the consumer. With `ahead=0` it pulls an
    item only when the consumer waits for one, so whatever the consumer does with an item happens
    before the code producing the next one runs (action handlers rely on this for `ctx` calls).
    """
    puller = _Puller(iterable, ahead)
    try:
        while True:
            for item, error in await puller.take():
                if error is not None:
                    raise error
                if item is _DONE:
                    return
                yield item
    finally:
        puller.stop()


class _Puller:
    """Hands items over in batches: the consumer takes everything ready at once, and the thread
    fills the next batch while the consumer waits (not while it works, so the two rarely fight
    over the GIL). The deque is thread-safe by itself; the lock guards sleeping and waking."""

    def __init__(self, iterable: Iterable[Any], ahead: int) -> None:
        self._loop = asyncio.get_running_loop()
        self._iterable = iterable
        self._ahead = ahead
        self._ready: deque[tuple[Any, BaseException | None]] = deque()
        self._lock = threading.Condition(threading.Lock())
        self._stopped = False
        self._waiter: asyncio.Future[None] | None = None  # the consumer waits for an item
        name = getattr(iterable, "__name__", type(iterable).__name__)
        context = _context(self._loop)
        thread = threading.Thread(target=context.run, args=(self._run,), daemon=True)
        thread.name = f"chatkit-{name}"
        thread.start()

    async def take(self) -> list[tuple[Any, BaseException | None]]:
        """Every item ready now, at least one."""
        if not self._ready:
            await self._wait()
        ready = self._ready
        return [ready.popleft() for _ in range(len(ready))]

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._lock.notify()

    async def _wait(self) -> None:
        waiter = self._loop.create_future()
        with self._lock:
            self._waiter = waiter
            self._lock.notify()  # the thread may be asleep with nothing ready: that is over
        if self._ready:  # it came meanwhile, perhaps before the thread saw the waiter
            with self._lock:
                if self._waiter is waiter:
                    self._waiter = None
            return
        await waiter

    def _idle(self) -> bool:
        return len(self._ready) >= self._ahead and self._waiter is None

    def _run(self) -> None:
        try:
            iterator = iter(self._iterable)
            while not self._stopped:
                if self._idle():
                    with self._lock:
                        while not self._stopped and self._idle():
                            self._lock.wait()
                    continue
                try:
                    item = next(iterator)
                except StopIteration:
                    self._post(_DONE, None)
                    return
                self._post(item, None)
        except BaseException as exc:  # noqa: BLE001 - raised on the loop, where the caller is
            self._post(_DONE, exc)
            return
        close = getattr(iterator, "close", None)  # stopped: let the generator clean up, here
        if callable(close):
            try:
                close()
            except Exception:
                logger.exception("closing %r after a stop failed", self._iterable)

    def _post(self, item: Any, error: BaseException | None) -> None:
        self._ready.append((item, error))
        if self._waiter is None:  # it is set before the consumer's last look at the deque
            return
        with self._lock:
            waiter, self._waiter = self._waiter, None
        if waiter is not None:
            _call_soon(self._loop, _wake, waiter)


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[..., None], *args: Any) -> None:
    with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting any more
        loop.call_soon_threadsafe(callback, *args)
