"""Notebook servers on loopback for the end-to-end tests (JupyterLab, Notebook 7)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_http(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited with {process.returncode}:\n{log.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)  # polling a process we cannot await; not a test-timing sleep
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-4000:]}")


@dataclass
class Server:
    """A notebook server on loopback serving `root`."""

    url: str
    root: Path
    kind: str
    process: subprocess.Popen[bytes] = field(repr=False)


def start_jupyter(kind: str, root: Path, tmp: Path) -> Server:
    """`kind` is "lab" (JupyterLab) or "notebook" (Jupyter Notebook 7)."""
    if shutil.which("jupyter", path=str(Path(sys.executable).parent)) is None:
        raise RuntimeError("jupyter is not installed in this environment")
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("JUPYTER_PATH", None)
    args = [
        sys.executable,
        "-m",
        "jupyter",
        kind,
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if kind == "lab":
        args.append("--LabApp.expose_app_in_browser=True")
    else:
        args.append("--JupyterNotebookApp.expose_app_in_browser=True")
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = tmp / f"{kind}.log"
    process = subprocess.Popen(
        args, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=root
    )
    url = f"http://127.0.0.1:{port}"
    _wait_for_http(f"{url}/api/status", process, log)
    return Server(url=url, root=root, kind=kind, process=process)


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
