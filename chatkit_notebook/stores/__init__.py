"""ChatKit `Store` implementations: in memory, in a SQLite file that outlives the kernel, or in
PostgreSQL for several workers (its driver is imported only when a PostgresStore connects)."""

from .memory import MemoryStore
from .postgres import PostgresStore
from .sqlite import SQLiteStore

__all__ = ["MemoryStore", "PostgresStore", "SQLiteStore"]
