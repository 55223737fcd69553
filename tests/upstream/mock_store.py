"""Stand-in for `tests/helpers/mock_store.py`, which openai-chatkit's sdist leaves out.

The suites build `SQLiteStore(db_path)` (a shared-cache SQLite URI) and may build a second store on
`store.db_path`. This module answers with one of our stores, chosen by
CHATKIT_NOTEBOOK_UPSTREAM_STORE: `memory`, `sqlite` (a file per URI in CHATKIT_NOTEBOOK_UPSTREAM_DIR)
or `postgres` (a schema per URI in the database at CHATKIT_NOTEBOOK_UPSTREAM_POSTGRES).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from chatkit_notebook.stores import MemoryStore
from chatkit_notebook.stores import SQLiteStore as _SQLiteStore

KIND = os.environ["CHATKIT_NOTEBOOK_UPSTREAM_STORE"]
OPENED: list[Any] = []
"""Every store the suites built, so the plugin can close them after each test."""


def _name(db_path: str) -> str:
    return "u_" + hashlib.sha256(str(db_path).encode()).hexdigest()[:16]


if KIND == "memory":

    class SQLiteStore(MemoryStore):  # type: ignore[no-redef]
        def __init__(self, db_path: str) -> None:
            super().__init__()
            self.db_path = db_path

elif KIND == "sqlite":

    class SQLiteStore(_SQLiteStore):  # type: ignore[no-redef]
        def __init__(self, db_path: str) -> None:
            folder = Path(os.environ["CHATKIT_NOTEBOOK_UPSTREAM_DIR"])
            super().__init__(folder / f"{_name(db_path)}.db")
            self.db_path = db_path
            OPENED.append(self)

elif KIND == "postgres":
    from chatkit_notebook.stores.postgres import PostgresStore

    class SQLiteStore(PostgresStore):  # type: ignore[no-redef]
        def __init__(self, db_path: str) -> None:
            url = os.environ["CHATKIT_NOTEBOOK_UPSTREAM_POSTGRES"]
            super().__init__(url, schema=_name(db_path), max_size=2)
            self.db_path = db_path
            OPENED.append(self)

else:
    raise RuntimeError(
        f"CHATKIT_NOTEBOOK_UPSTREAM_STORE must be memory, sqlite or postgres: {KIND!r}"
    )
