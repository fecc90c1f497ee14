"""Shared paths and helpers for the Python tests.

The tests run against the package installed from ``generated/v1.0/python`` (``scripts/test``
installs it into ``.venv``); the fidelity tests also generate one package per fixture schema
into a temporary directory with the ``codegen`` binary (through ``cargo run``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA_DIR = REPO / "schema" / "v1.0"


def corpus(kind: str) -> list[Path]:
    """The shared corpus files of schema v1.0: ``examples`` or ``counterexamples``."""
    return sorted((SCHEMA_DIR / kind).glob("*.json"))


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
    """Constructor arguments of a valid event (the guide's first example)."""
    from workflow_events import EventSource, EventType, WorkflowEventMetadata, WorkflowEventPayload

    return {
        "event_type": EventType.WORKFLOW_COMPLETED,
        "source": EventSource.AIRFLOW,
        "workflow_id": "example_dag",
        "workflow_run_id": "run_123",
        "payload": WorkflowEventPayload(data={"status": "success", "count": 100}),
        "metadata": WorkflowEventMetadata(environment="dev", version="1.0"),
    }
