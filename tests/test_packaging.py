"""The package installs and ships cleanly (issue 10.3, 10.4), checked on a clean clone:

- `npm ci` and an editable install (the npm and pip parts of scripts/setup) leave `git status`
  clean; .ci/run checks the same after the full setup;
- the wheel and the sdist install into a fresh virtualenv with no Node on PATH, import, and carry
  the bundle, its SOURCES.sha256 stamp, the third-party licence notices and our LICENSE;
- the sdist holds everything a rebuild needs, and a build whose bundle is stale rebuilds it.

The scratch virtualenvs reuse this venv's installed dependencies (a .pth file) and install only
our package into themselves, so the tests need no download beyond the build backend.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed tree, cloned, after setup's `npm ci` (its node_modules serve the builds)."""
    target = tmp_path_factory.mktemp("clone") / "chatkit-notebook"
    run("git", "clone", "--quiet", "--no-hardlinks", ROOT, target, cwd=ROOT)
    run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=target)
    return target


def scratch_venv(folder: Path) -> tuple[Path, dict[str, str]]:
    """A fresh virtualenv that sees this venv's dependencies, and a PATH without Node."""
    venv.create(folder, with_pip=True)
    python = folder / "bin" / "python"
    inner = run(python, "-c", "import site; print(site.getsitepackages()[0])", cwd=folder)
    (Path(inner.strip()) / "outer.pth").write_text(site.getsitepackages()[0] + "\n")
    env = {**os.environ, "PATH": str(folder / "bin"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    assert shutil.which("node", path=env["PATH"]) is None
    assert shutil.which("npm", path=env["PATH"]) is None
    return python, env


CHECK_INSTALLED = """
import pathlib, sys, chatkit_notebook
package = pathlib.Path(chatkit_notebook.__file__).parent
assert str(package).startswith(sys.prefix), package
static = package / "static"
assert (static / "widget.js").stat().st_size > 50_000
for name in ("loader.js", "page.js", "playground.js", "hljs/rust.js", "katex/katex.js"):
    assert (static / name).stat().st_size > 1_000, name
assert (static / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").exists()
notices = (static / "THIRD_PARTY_NOTICES.txt").read_text()
for name in ("lit", "marked", "dompurify", "highlight.js", "lucide", "katex"):
    assert f"\\n{name} " in notices, name
assert "Permission is hereby granted" in notices
from chatkit_notebook.widget import BUNDLE
assert BUNDLE == static / "widget.js", BUNDLE
print("ok", package)
"""


def test_setup_leaves_the_clone_clean(clone: Path, tmp_path: Path) -> None:
    python, env = scratch_venv(tmp_path / "venv")
    env["PATH"] = os.environ["PATH"]  # an editable install builds the bundle: it needs Node
    run(python, "-m", "pip", "install", "-q", "--no-deps", "-e", clone, cwd=clone, env=env)
    assert (clone / "chatkit_notebook" / "static" / "widget.js").exists()
    assert run("git", "status", "--porcelain", "--ignored=no", cwd=clone) == ""


def test_wheel_and_sdist_install_without_node(clone: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--outdir", dist, cwd=clone)
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for name in ("widget.js", "loader.js", "THIRD_PARTY_NOTICES.txt", "SOURCES.sha256"):
        assert f"chatkit_notebook/static/{name}" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)

    with tarfile.open(sdist) as archive:
        inside = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    needed = {
        "js/build.mjs", "js/widget.ts", "package.json", "package-lock.json", "tsconfig.json",
        "hatch_build.py", "pyproject.toml", "LICENSE", "README.md",
        "notebooks/01_quickstart.ipynb", "chatkit_notebook/static/widget.js",
        "chatkit_notebook/static/SOURCES.sha256",
    }  # fmt: skip
    assert needed <= inside, needed - inside
    assert not any(name.startswith(("node_modules/", "tests/", ".venv/")) for name in inside)

    for artifact in (wheel, sdist):
        python, env = scratch_venv(tmp_path / f"venv-{artifact.suffix}")
        run(python, "-m", "pip", "install", "-q", "--no-deps", artifact, cwd=tmp_path, env=env)
        assert run(python, "-c", CHECK_INSTALLED, cwd=tmp_path, env=env).startswith("ok")


def test_a_stale_bundle_is_rebuilt_from_the_sdist(clone: Path, tmp_path: Path) -> None:
    """The sdist rebuilds from source: with its bundle made stale (the stamp no longer matches
    js/), building a wheel from it runs `npm ci` and the build, and ships the new bundle."""
    run(sys.executable, "-m", "build", "--sdist", "--outdir", tmp_path, cwd=clone)
    (sdist,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (source,) = (tmp_path / "unpacked").iterdir()
    static = source / "chatkit_notebook" / "static"
    (static / "widget.js").write_text("// an old bundle\n")
    (static / "SOURCES.sha256").write_text("0" * 64 + "\n")
    run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", cwd=source)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        bundle = archive.read("chatkit_notebook/static/widget.js")
    assert b"an old bundle" not in bundle
    assert len(bundle) > 50_000
    assert (source / "node_modules").is_dir()  # installed from the sdist's lock file
