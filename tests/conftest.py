"""Test-session wiring shared by every tier."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .postgres import PostgresCluster

E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks the browser tests `e2e` and runs them last: Playwright's sync API holds an event loop
    on the main thread for the rest of the session, and the asyncio tests must not run inside it."""
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: E2E in item.path.parents)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """One throwaway PostgreSQL cluster for the session, started on first use (tests/postgres.py).
    Missing binaries fail the test with how to install them: never a skip, never a mock."""
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture
def postgres_database(postgres: PostgresCluster) -> str:
    """The URL of a fresh, empty database of its own."""
    return postgres.new_database()
