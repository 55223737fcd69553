"""Browser fixtures for test_busy_kernel.py, and ordering of the browser-marked tests.

The fixtures mirror tests/e2e/conftest.py (one JupyterLab, Debian's Chromium through Playwright)
but live for one module, not the session: Playwright's sync API holds an event loop on the main
thread while it runs, so this Playwright must be stopped before tests/e2e starts its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PageErrors
from tests.e2e.servers import Server, start_jupyter, stop


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The root conftest only moves tests/e2e to the end; run every e2e-marked test after the
    asyncio tests too."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("reliability-lab")
    root = tmp / "notebooks"
    root.mkdir()
    server = start_jupyter("lab", root, tmp)
    yield server
    stop(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    errors = PageErrors()
    page.on("console", errors)
    page.set_default_timeout(60_000)
    yield page
    context.close()
    assert errors.messages == [], "errors in the browser console:\n" + "\n".join(errors.messages)
