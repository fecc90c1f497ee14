"""Every generated Python package, each imported under its own name.

Each ``generated/v<X.Y>/python`` holds a package named ``workflow_events``; one of them is
installed into ``.venv``. To test all of them in one process, :func:`load` imports
``generated/v1.1/python/workflow_events`` as ``workflow_events_v1_1`` (and so on), from its
directory: the package's own imports are relative, so its modules resolve inside it.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "workflow_events"


def _key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


VERSIONS: list[str] = sorted(
    (
        p.name[1:]
        for p in (REPO / "schema").iterdir()
        if p.is_dir() and re.fullmatch(r"v[0-9]+\.[0-9]+", p.name)
    ),
    key=_key,
)
"""Every schema version (``schema/v<X.Y>/``), oldest first."""


def schema_dir(version: str) -> Path:
    return REPO / "schema" / f"v{version}"


def load(version: str, submodule: str | None = None) -> ModuleType:
    """``generated/v<version>/python/workflow_events`` (or its ``submodule``), imported as
    ``workflow_events_v<X>_<Y>``."""
    name = f"{PACKAGE}_v{version.replace('.', '_')}"
    if name not in sys.modules:
        init = REPO / "generated" / f"v{version}" / "python" / PACKAGE / "__init__.py"
        spec = importlib.util.spec_from_file_location(
            name, init, submodule_search_locations=[str(init.parent)]
        )
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot import {init}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
        if module.SCHEMA_VERSION != version:
            raise ImportError(f"{init}: SCHEMA_VERSION is {module.SCHEMA_VERSION!r}, not {version!r}")
    if submodule is None:
        return sys.modules[name]
    return importlib.import_module(f"{name}.{submodule}")
