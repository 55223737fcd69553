"""End-to-end harness: one real JupyterLab per test session, Debian's Chromium via Playwright.

Each test writes its own notebook, opens it, runs all cells and waits on conditions in the page
(never on sleeps). Python-side effects are asserted through cells that print.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from .notebook import shutdown_kernels
from .servers import Server, start_jupyter, stop

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    root.mkdir()
    server = start_jupyter("lab", root, tmp)
    yield server
    stop(server)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _one_kernel_per_test(lab: Server) -> Iterator[None]:
    """Each test's notebook starts a kernel; stop them afterwards and forget the open tabs. A fresh
    kernel's first reply imports the ChatKit server stack (seconds), so waits allow 30 s."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)
    shutdown_kernels(lab)


@dataclass
class PageErrors:
    messages: list[str] = field(default_factory=list)

    def __call__(self, message: ConsoleMessage) -> None:
        if message.type == "error" and ("anywidget" in message.text or "chatkit" in message.text):
            self.messages.append(message.text)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors = PageErrors()
    page.on("console", errors)
    page.set_default_timeout(60_000)
    yield page
    context.close()
    assert errors.messages == [], "errors in the browser console:\n" + "\n".join(errors.messages)
