"""Test-session wiring shared by every tier."""

from __future__ import annotations

from pathlib import Path

import pytest

E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks the browser tests `e2e` and runs them last: Playwright's sync API holds an event loop
    on the main thread for the rest of the session, and the asyncio tests must not run inside it."""
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: E2E in item.path.parents)
