"""ChatKit `Store` implementations: in memory, or in a SQLite file that outlives the kernel."""

from .memory import MemoryStore
from .sqlite import SQLiteStore

__all__ = ["MemoryStore", "SQLiteStore"]
