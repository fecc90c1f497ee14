"""The shared corpus of schema v1.0 through the generated pydantic models.

Every example must be accepted and written back byte for byte as its canonical file; every
counterexample must fail with exactly the listed ``[{type, loc}]`` (schema/CONTRACT.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import SCHEMA_DIR, corpus, counterexample_input, error_list
from workflow_events import WorkflowEvent

EXAMPLES = corpus("examples")
COUNTEREXAMPLES = corpus("counterexamples")


def test_the_corpus_is_there() -> None:
    assert len(EXAMPLES) >= 10
    assert len(COUNTEREXAMPLES) >= 30


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_round_trips_to_canonical_bytes(path: Path) -> None:
    canonical = (SCHEMA_DIR / "examples" / "canonical" / path.name).read_bytes()
    assert canonical.endswith(b"\n") and canonical.count(b"\n") == 1
    event = WorkflowEvent.model_validate_json(path.read_bytes())
    assert event.model_dump_json().encode("utf-8") == canonical[:-1]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_from_a_dict_writes_the_same_bytes(path: Path) -> None:
    canonical = (SCHEMA_DIR / "examples" / "canonical" / path.name).read_bytes()[:-1]
    event = WorkflowEvent.model_validate(json.loads(path.read_bytes()))
    assert event.model_dump_json().encode("utf-8") == canonical


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_canonical_output_is_a_fixed_point(path: Path) -> None:
    canonical = (SCHEMA_DIR / "examples" / "canonical" / path.name).read_bytes()[:-1]
    again = WorkflowEvent.model_validate_json(canonical).model_dump_json()
    assert again.encode("utf-8") == canonical


@pytest.mark.parametrize("path", COUNTEREXAMPLES, ids=lambda p: p.stem)
def test_counterexample_errors_from_json(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate_json(counterexample_input(case))
    assert error_list(caught.value) == case["errors"]


@pytest.mark.parametrize(
    "path",
    [p for p in COUNTEREXAMPLES if "instance" in json.loads(p.read_text("utf-8"))],
    ids=lambda p: p.stem,
)
def test_counterexample_errors_from_python_objects(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate(case["instance"])
    assert error_list(caught.value) == case["errors"]
