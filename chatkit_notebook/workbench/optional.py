"""Optional dependencies, imported when a feature needs them, with what to install if missing."""

from __future__ import annotations

import importlib
from typing import Any


def require(module: str, feature: str, install: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        package = module.split(".", maxsplit=1)[0]
        raise ImportError(f"{feature} needs {package}: {install}") from None
