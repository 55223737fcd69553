"""openai-chatkit's own store and server suites, run against our stores.

The suites (`tests/test_store.py`, `tests/test_chatkit_server.py`) come from the sdist of the
installed openai-chatkit, fetched from PyPI at test time into a cache outside the tree, never
committed, so the contract cannot drift silently. The sdist leaves out two helper modules the
suites import; tests/upstream/ supplies them: `helpers.mock_store.SQLiteStore` builds one of our
stores, and `tests._types.RequestContext` is a plain `user_id` holder. Each store runs the suites
in its own pytest process (they import `tests.*`, a name our own tests already hold).

Reference tests whose expectation is itself a bug are strict xfails, listed with their reason in
tests/upstream/plugin.py and docs/reliability.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

import pytest

SHIM = Path(__file__).parent / "upstream"
SUITES = ("tests/test_store.py", "tests/test_chatkit_server.py")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "chatkit-notebook"
PYTEST_INI = """[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
# the suites build named widget classes, which openai-chatkit itself deprecates (see pyproject)
filterwarnings = ignore:Direct usage of named widget classes is deprecated:DeprecationWarning
"""


def fetch_sdist() -> Path:
    """The installed openai-chatkit's sdist, downloaded once per version."""
    release = version("openai-chatkit")
    folder = CACHE / f"openai-chatkit-{release}"
    found = sorted(folder.glob("openai_chatkit-*.tar.gz"))
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps"]
        command += ["--quiet", "--dest", str(folder), f"openai-chatkit=={release}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        found = sorted(folder.glob("openai_chatkit-*.tar.gz"))
        assert found, f"could not download openai-chatkit {release}'s sdist:\n{done.stderr}"
    return found[-1]


@pytest.fixture(scope="module")
def suites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A work folder laid out as the suites expect: tests/ and helpers/ beside a conftest."""
    work = tmp_path_factory.mktemp("upstream")
    with tarfile.open(fetch_sdist()) as sdist:
        for member in sdist.getmembers():
            inner = member.name.split("/", 1)[-1]
            if inner in SUITES:
                source = sdist.extractfile(member)
                assert source is not None
                (work / inner).parent.mkdir(exist_ok=True)
                (work / inner).write_bytes(source.read())
    missing = [name for name in SUITES if not (work / name).exists()]
    assert not missing, f"the sdist no longer ships {missing}"
    (work / "tests" / "__init__.py").write_text("")
    shutil.copy(SHIM / "request_context.py", work / "tests" / "_types.py")
    (work / "helpers").mkdir()
    (work / "helpers" / "__init__.py").write_text("")
    shutil.copy(SHIM / "mock_store.py", work / "helpers" / "mock_store.py")
    shutil.copy(SHIM / "plugin.py", work / "conftest.py")
    (work / "pytest.ini").write_text(PYTEST_INI)
    return work


def run_suites(work: Path, kind: str, **env: str) -> None:
    report = work / f"{kind}.xml"
    data = work / f"{kind}-data"
    data.mkdir()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", "pytest.ini"]
    command += ["--rootdir", str(work), f"--junitxml={report}", *SUITES]
    environment = {
        **os.environ,
        "CHATKIT_NOTEBOOK_UPSTREAM_STORE": kind,
        "CHATKIT_NOTEBOOK_UPSTREAM_DIR": str(data),
        **env,
    }
    done = subprocess.run(
        command, cwd=work, env=environment, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, f"reference suites on {kind}:\n{done.stdout[-12000:]}{done.stderr}"
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    ran = int(suite.get("tests", "0")) - int(suite.get("skipped", "0"))
    assert ran >= 60, f"only {ran} reference tests ran on {kind}"


def test_reference_suites_pass_on_memory_store(suites: Path) -> None:
    run_suites(suites, "memory")


def test_reference_suites_pass_on_sqlite_store(suites: Path) -> None:
    run_suites(suites, "sqlite")


def test_reference_suites_pass_on_postgres_store(suites: Path, postgres_database: str) -> None:
    run_suites(suites, "postgres", CHATKIT_NOTEBOOK_UPSTREAM_POSTGRES=postgres_database)
