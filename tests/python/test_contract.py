"""The shared corpus of every schema version through that version's generated pydantic models.

For each ``schema/v<X.Y>/``, the subpackage ``workflow_events.v<X>_<Y>`` of ``generated/python`` (see
``generated_packages.py``) must accept every example and write it back byte for
byte as its canonical file, and fail every counterexample with exactly the listed
``[{type, loc}]`` (schema/CONTRACT.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

import generated_packages
from conftest import counterexample_input, error_list
from generated_packages import VERSIONS, schema_dir


def corpus(kind: str) -> list[tuple[str, Path]]:
    """``(version, file)`` for every file of ``kind`` (examples, counterexamples) of every version."""
    return [
        (version, path)
        for version in VERSIONS
        for path in sorted((schema_dir(version) / kind).glob("*.json"))
    ]


def case_id(case: tuple[str, Path]) -> str:
    return f"v{case[0]}/{case[1].stem}"


def model(version: str) -> type[BaseModel]:
    root = generated_packages.load(version).WorkflowEvent
    assert issubclass(root, BaseModel)
    return root


def canonical(version: str, path: Path) -> bytes:
    """The expected output of an example, without its final newline."""
    text = (schema_dir(version) / "examples" / "canonical" / path.name).read_bytes()
    assert text.endswith(b"\n") and text.count(b"\n") == 1, path
    return text[:-1]


EXAMPLES = corpus("examples")
COUNTEREXAMPLES = corpus("counterexamples")


def test_every_version_has_its_corpus_and_package() -> None:
    assert VERSIONS[:2] == ["1.0", "1.1"]
    for version in VERSIONS:
        assert len([v for v, _ in EXAMPLES if v == version]) >= 10, version
        assert len([v for v, _ in COUNTEREXAMPLES if v == version]) >= 30, version
        package = generated_packages.load(version)
        assert package.SCHEMA_VERSION == version
        assert package.__name__ == f"workflow_events.v{version.replace('.', '_')}"
        assert package.WorkflowEvent.__module__ == f"{package.__name__}.models"


def test_each_package_reads_as_its_own_version() -> None:
    # v1.1 added workflow.cancelled: v1.0's package rejects it, so two packages are in use.
    cancelled = (schema_dir("1.1") / "examples" / "cancelled.json").read_bytes()
    assert model("1.1").model_validate_json(cancelled).event_type.value == "workflow.cancelled"
    with pytest.raises(ValidationError) as caught:
        model("1.0").model_validate_json(cancelled)
    assert error_list(caught.value) == [{"type": "enum", "loc": ["event_type"]}]


@pytest.mark.parametrize("case", EXAMPLES, ids=case_id)
def test_example_round_trips_to_canonical_bytes(case: tuple[str, Path]) -> None:
    version, path = case
    event = model(version).model_validate_json(path.read_bytes())
    assert event.model_dump_json().encode("utf-8") == canonical(version, path)


@pytest.mark.parametrize("case", EXAMPLES, ids=case_id)
def test_example_from_a_dict_writes_the_same_bytes(case: tuple[str, Path]) -> None:
    version, path = case
    event = model(version).model_validate(json.loads(path.read_bytes()))
    assert event.model_dump_json().encode("utf-8") == canonical(version, path)


@pytest.mark.parametrize("case", EXAMPLES, ids=case_id)
def test_canonical_output_is_a_fixed_point(case: tuple[str, Path]) -> None:
    version, path = case
    expected = canonical(version, path)
    again = model(version).model_validate_json(expected).model_dump_json()
    assert again.encode("utf-8") == expected


@pytest.mark.parametrize("case", COUNTEREXAMPLES, ids=case_id)
def test_counterexample_errors_from_json(case: tuple[str, Path]) -> None:
    version, path = case
    expected = json.loads(path.read_text(encoding="utf-8"))
    with pytest.raises(ValidationError) as caught:
        model(version).model_validate_json(counterexample_input(expected))
    assert error_list(caught.value) == expected["errors"]


@pytest.mark.parametrize(
    "case",
    [c for c in COUNTEREXAMPLES if "instance" in json.loads(c[1].read_text("utf-8"))],
    ids=case_id,
)
def test_counterexample_errors_from_python_objects(case: tuple[str, Path]) -> None:
    version, path = case
    expected = json.loads(path.read_text(encoding="utf-8"))
    with pytest.raises(ValidationError) as caught:
        model(version).model_validate(expected["instance"])
    assert error_list(caught.value) == expected["errors"]
