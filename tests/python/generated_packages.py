"""Every schema version of the generated Python package, by version.

``generated/python`` holds every version as a subpackage of ``workflow_events``
(``workflow_events.v1_0``, ``workflow_events.v1_1``, …; installed into ``.venv`` by
``scripts/test``); :func:`load` imports the one of a version. The Kafka helper is one module
for every version (``workflow_events.kafka``).
"""

from __future__ import annotations

import importlib
import re
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
    """``workflow_events.v<X>_<Y>`` (or its ``submodule``); ``submodule="kafka"`` is the one
    ``workflow_events.kafka`` that reads every version."""
    if submodule == "kafka":
        return importlib.import_module(f"{PACKAGE}.kafka")
    name = f"{PACKAGE}.v{version.replace('.', '_')}"
    module = importlib.import_module(name)
    if module.SCHEMA_VERSION != version:
        raise ImportError(f"{name}: SCHEMA_VERSION is {module.SCHEMA_VERSION!r}, not {version!r}")
    if submodule is None:
        return module
    return importlib.import_module(f"{name}.{submodule}")
