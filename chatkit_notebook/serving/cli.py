"""`chatkit-notebook serve MODULE_OR_FILE:NAME`: the chat page and its server, without Jupyter.

NAME is a `ChatKit`, a `chatkit.server.ChatKitServer` or an openai-agents `Agent` (served as
`ChatKit(agent=...)`). Binds to 127.0.0.1 unless `--host` says otherwise; Ctrl-C (or SIGTERM)
lets open streams finish for a moment, then exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.util
import signal
import sys
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .runner import SHUTDOWN_GRACE, _bind, hosts_for

if TYPE_CHECKING:
    from starlette.applications import Starlette

DESCRIPTION = "Serve a chat (its page and its ChatKit server) without Jupyter."


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chatkit-notebook", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a chat's page and its ChatKit server")
    serve.add_argument("target", metavar="MODULE_OR_FILE:NAME", help="e.g. my_agent.py:chat")
    serve.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine)")
    serve.add_argument("--port", type=int, default=8000, help="default: 8000; 0 picks a free one")
    serve.add_argument("--open", action="store_true", help="open the page in a browser")
    serve.add_argument("--root-path", default="", help="the prefix a reverse proxy serves it under")
    serve.add_argument("--path", default="/chatkit", help="the ChatKit endpoint (default /chatkit)")
    serve.add_argument(
        "--allowed-host", action="append", default=[], help="another Host name to answer to"
    )
    serve.add_argument(
        "--allowed-origin", action="append", default=[], help="another origin that may post"
    )
    args = parser.parse_args(argv)
    try:
        app = make_app(load(args.target), args)
    except (ImportError, AttributeError, TypeError, ValueError, OSError) as exc:
        parser.exit(2, f"chatkit-notebook: {exc}\n")
    return run(app, args)


def load(spec: str) -> Any:
    """`pkg.module:name` or `path/to/file.py:name` → the object."""
    where, _, name = spec.rpartition(":")
    if not where or not name:
        raise ValueError(f"expected MODULE_OR_FILE:NAME, e.g. my_agent.py:chat; got {spec!r}")
    path = Path(where)
    if where.endswith(".py") or path.is_file():
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {where}")
        module_name = f"_chatkit_serve_{path.stem}"
        loader = importlib.util.spec_from_file_location(module_name, path)
        if loader is None or loader.loader is None:
            raise ImportError(f"cannot load {where}")
        module = importlib.util.module_from_spec(loader)
        sys.modules[module_name] = module
        sys.path.insert(0, str(path.resolve().parent))  # its sibling imports work
        loader.loader.exec_module(module)
    else:
        sys.path.insert(0, str(Path.cwd()))
        module = importlib.import_module(where)
    try:
        return getattr(module, name)
    except AttributeError:
        raise AttributeError(f"{where} has no attribute {name!r}") from None


def make_app(target: Any, args: argparse.Namespace) -> Starlette:
    from .app import asgi_app

    return asgi_app(
        target,
        path=args.path,
        ui=True,
        allowed_hosts=hosts_for(args.host, args.allowed_host),
        allowed_origins=args.allowed_origin,
    )


def run(app: Starlette, args: argparse.Namespace) -> int:
    import uvicorn

    sock = _bind(args.host, args.port)
    port = sock.getsockname()[1]
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(args.host, args.host)
    url = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"
    config = uvicorn.Config(
        app,
        root_path=args.root_path,
        lifespan="off",
        ws="none",
        timeout_graceful_shutdown=SHUTDOWN_GRACE,
    )
    server = uvicorn.Server(config)
    print(f"Serving the chat at {url} (Ctrl-C to stop)", flush=True)
    if args.open:
        webbrowser.open(url)
    # uvicorn handles Ctrl-C and SIGTERM, shuts down, then re-raises the signal: both end here.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        asyncio.run(server.serve(sockets=[sock]))
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
