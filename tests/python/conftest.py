"""Shared paths and helpers for the Python tests.

The tests run against the package installed from ``generated/python`` (every version;
``scripts/test`` installs it into ``.venv``, or puts it on ``PYTHONPATH`` for the lowest
pydantic): the seed guide's examples against its root, the seed's test list against
``workflow_events.v1_0``, and ``test_contract.py`` the shared corpus of every schema version
through that version's subpackage (``generated_packages.py``); the fidelity tests
also generate one package per fixture schema into a temporary directory with the ``codegen``
binary (through ``cargo run``).
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
"""Fixture schemas (one feature each) and their instances."""
SCHEMAS = sorted(p for p in (FIXTURES / "schemas").glob("*.json") if not p.name.startswith("error_"))


def codegen_command() -> list[str]:
    if os.environ.get("CODEGEN"):
        return [os.environ["CODEGEN"]]
    return ["cargo", "run", "--quiet", "-p", "codegen", "--"]


def root_class_name(title: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", title))


def counterexample_input(case: dict[str, Any]) -> bytes:
    """The bytes a counterexample stands for: ``raw`` as UTF-8, or ``instance`` compact."""
    if "raw" in case:
        return str(case["raw"]).encode("utf-8")
    return json.dumps(case["instance"], separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def error_list(exc: Exception) -> list[dict[str, Any]]:
    """``[{type, loc}]`` of a pydantic ``ValidationError``, ``loc`` as a list."""
    return [{"type": e["type"], "loc": list(e["loc"])} for e in exc.errors()]  # type: ignore[attr-defined]


@pytest.fixture
def event_kwargs() -> dict[str, Any]:
    """Constructor arguments of a valid 1.0 event (the guide's first example)."""
    from workflow_events.v1_0 import EventSource, EventType, WorkflowEventMetadata, WorkflowEventPayload

    return {
        "event_type": EventType.WORKFLOW_COMPLETED,
        "source": EventSource.AIRFLOW,
        "workflow_id": "example_dag",
        "workflow_run_id": "run_123",
        "payload": WorkflowEventPayload(data={"status": "success", "count": 100}),
        "metadata": WorkflowEventMetadata(environment="dev", version="1.0"),
    }


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One package per fixture schema (``fx_<fixture>``), generated and put on ``sys.path``."""
    out = tmp_path_factory.mktemp("fixture_packages")
    for schema in SCHEMAS:
        target = out / schema.stem
        subprocess.run(
            [*codegen_command(), "--lang", "python", "--schema", str(schema), "--out", str(target),
             "--python-package", f"fx_{schema.stem}"],
            check=True,
            cwd=REPO,
            stderr=subprocess.DEVNULL,
        )
        sys.path.insert(0, str(target))
    return out


def model_for(fixture: str) -> type[BaseModel]:
    """The root model of a fixture's package (use with the ``generated`` fixture)."""
    schema = json.loads((FIXTURES / "schemas" / f"{fixture}.json").read_text("utf-8"))
    module = importlib.import_module(f"fx_{fixture}")
    model = getattr(module, root_class_name(schema["title"]))
    assert issubclass(model, BaseModel)
    return model
