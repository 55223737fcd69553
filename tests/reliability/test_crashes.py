"""Crashes: a kernel-like process is SIGKILLed mid-stream 20 times on the same SQLite file.

A helper process imports chatkit-notebook once, then forks one "kernel" per round (so a round
costs milliseconds, not the seconds of importing openai-agents). Each kernel builds
`ChatKit(respond=..., store=path)` as a notebook would and runs `await chat.ask(...)` turns in a
loop on one thread, printing each completed turn's item ids (flushed) and a line per streamed
chunk. The test SIGKILLs it mid-stream (on a chosen chunk line, or after a random delay that may
land inside a SQLite write), then checks the file like a restarted kernel would:
`PRAGMA integrity_check` is ok, every completed item is there, and the thread takes one more turn.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from chatkit_notebook import ChatKit, SQLiteStore

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

KILLS = 20

ZYGOTE = r"""
import asyncio, json, os, sys
import chatkit_notebook.servers.function  # the slow imports, once
from chatkit_notebook import ChatKit

def say(**line):
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()

def kernel(path, thread_id):
    async def respond(message, thread):
        for i in range(30):
            say(chunk=i, message=message)
            yield f"c{i} "
            await asyncio.sleep(0.002)

    async def main():
        nonlocal thread_id
        chat = ChatKit(respond=respond, store=path)
        for turn in range(1000):
            reply = await chat.ask(f"turn {turn}", thread_id=thread_id)
            thread_id = reply.thread_id
            say(thread=thread_id, items=[item["id"] for item in reply.items], text=reply.text)

    asyncio.run(main())

for command in sys.stdin:
    path, thread_id = json.loads(command)
    pid = os.fork()
    if pid == 0:
        sys.stdin.close()
        say(pid=os.getpid())
        try:
            kernel(path, thread_id)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    say(exited=pid, status=status)
"""


class Zygote:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def line(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        text = self.process.stdout.readline()
        if not text:
            raise RuntimeError(f"the helper process exited with {self.process.wait()}")
        return dict(json.loads(text))

    def start(self, path: Path, thread_id: str | None) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps([str(path), thread_id]) + "\n")
        self.process.stdin.flush()
        return int(self.line()["pid"])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


def echo(message: str) -> str:
    return f"echo: {message}"


async def test_sigkill_mid_stream_twenty_times(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "chats.db"
    zygote = Zygote()
    completed: list[str] = []  # item ids of every turn a kernel reported complete
    thread_id: str | None = None
    mid_stream = 0
    started = time.monotonic()
    try:
        for _ in range(KILLS):
            pid = zygote.start(path, thread_id)
            turns = rng.randint(1, 3)
            kill_at_chunk = rng.choice([None, rng.randrange(0, 30)])
            while True:
                line = zygote.line()
                if "items" in line:
                    thread_id = line["thread"]
                    completed += line["items"]
                    turns -= 1
                    if turns == 0 and kill_at_chunk is None:
                        await asyncio.sleep(rng.uniform(0, 0.03))  # lands anywhere, writes included
                        break
                elif "chunk" in line and turns == 1 and line["chunk"] == kill_at_chunk:
                    mid_stream += 1
                    break
            os.kill(pid, signal.SIGKILL)
            exited = zygote.line()
            while "exited" not in exited:  # lines the kernel wrote before it died
                if "items" in exited:
                    completed += exited["items"]
                exited = zygote.line()
            assert exited["exited"] == pid
            assert os.WIFSIGNALED(exited["status"])
            assert os.WTERMSIG(exited["status"]) == signal.SIGKILL

            # the restart: the file is sound, every completed item is there, the thread goes on
            with sqlite3.connect(path) as db:
                assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            store = SQLiteStore(path)
            try:
                assert thread_id is not None
                page = await store.load_thread_items(thread_id, None, 10_000, "asc", {})
                present = {item.id for item in page.data}
                missing = [item_id for item_id in completed if item_id not in present]
                assert missing == []
                reply = await ChatKit(respond=echo, store=store).ask(
                    "after the crash", thread_id=thread_id
                )
                assert reply.text == "echo: after the crash"
                assert reply.errors == []
                completed += [item["id"] for item in reply.items]
            finally:
                store.close()
    finally:
        zygote.close()
    with sqlite3.connect(path) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        rows = db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    print(
        f"\ncrashes: {KILLS} SIGKILLs ({mid_stream} on a streamed chunk, the rest at random "
        f"times) in {time.monotonic() - started:.1f} s, integrity_check {integrity} after each, "
        f"{len(completed)} completed items all present, {rows} rows, thread usable after each"
    )
