"""A throwaway PostgreSQL cluster for the tests and benchmarks: Debian's server binaries, `initdb`
and `pg_ctl` in a temporary folder, reachable on 127.0.0.1 and a Unix socket, stopped and removed
afterwards. Never a mock: when the binaries are missing this fails and says how to install them.

initdb refuses to run as root, so as root the cluster runs as the unprivileged `postgres` user
(Debian's package creates it) in a folder that user owns.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

SERVER_USER = "postgres"
MISSING = (
    "PostgreSQL's server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. "
    "Run scripts/setup, which installs Debian's `postgresql` package "
    "(or: apt-get install postgresql)."
)


def server_binaries() -> Path:
    """The newest installed major version's bin folder (Debian keeps them off PATH)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if not found:
        raise RuntimeError(MISSING)
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresCluster:
    """`with PostgresCluster() as cluster:` gives `cluster.url` (superuser `postgres`, trust auth
    on loopback only) and `new_database()` for isolated databases."""

    def __init__(self, *, settings: dict[str, str] | None = None) -> None:
        self.bin = server_binaries()
        self.settings = {"fsync": "off", "max_connections": "200", **(settings or {})}
        self.root = Path(tempfile.mkdtemp(prefix="chatkit-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise RuntimeError(
                    f"no `{SERVER_USER}` user to run the server as. {MISSING}"
                ) from None
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as = ["runuser", "-u", SERVER_USER, "--"]

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._as, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode:
            log = self.root / "server.log"
            tail = log.read_text()[-3000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{done.stdout}{done.stderr}{tail}")

    def start(self) -> PostgresCluster:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
        )  # fmt: skip
        options = " ".join(
            [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.root}",
                *(f"-c {key}={value}" for key, value in self.settings.items()),
            ]
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                self._run(
                    str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"
                )
        shutil.rmtree(self.root, ignore_errors=True)

    def new_database(self) -> str:
        """A fresh, empty database; returns its URL (loopback TCP)."""
        import psycopg

        name = f"db_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def over_socket(self, url: str) -> str:
        """The same database reached through the cluster's Unix socket."""
        name = url.rsplit("/", 1)[1]
        return f"postgresql://postgres@/{name}?host={self.root}&port={self.port}"

    def __enter__(self) -> PostgresCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def uvicorn_workers(
    database_url: str, count: int = 2, env: dict[str, str] | None = None
) -> Iterator[list[str]]:
    """`count` separate uvicorn processes serving tests/apps/postgres_chat.py on one database,
    each on its own loopback port (so a test chooses which worker answers); yields their
    `/chatkit` URLs once every one answers its health check."""
    import httpx

    root = Path(__file__).resolve().parents[1]
    environment = {**os.environ, "CHATKIT_TEST_POSTGRES": database_url, **(env or {})}
    ports = [_free_port() for _ in range(count)]
    command = [sys.executable, "-m", "uvicorn", "--factory", "tests.apps.postgres_chat:app"]
    command += ["--host", "127.0.0.1", "--log-level", "warning", "--port"]
    processes = [
        subprocess.Popen([*command, str(port)], cwd=root, env=environment) for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}/chatkit" for port in ports]
    try:
        deadline = time.monotonic() + 120
        for url, process in zip(urls, processes, strict=True):
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"uvicorn for {url} exited with {process.returncode}")
                try:
                    if httpx.get(url + "/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"uvicorn for {url} did not start within 120 s")
                time.sleep(0.1)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
