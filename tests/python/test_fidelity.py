"""Fidelity beyond the envelope: for every fixture schema under ``tests/fixtures/schemas/``
(except ``error_*``), the generated models accept exactly the instances that the reference
validator accepts (python-jsonschema, draft 2020-12, format checking for uuid, date-time and date).

Each fixture has ``tests/fixtures/instances/<fixture>/valid.json`` and ``invalid.json``
(objects: case name → instance), or the directories ``valid/`` and ``invalid/`` (one instance
per file, named after the case; the TypeScript tests read these too), and may have
``divergent.json``: cases where the models deliberately differ from the reference, each with
the reason and the models' expected answer, so a divergence is pinned rather than ignored.
A fixture may also have ``roundtrip.json`` (case name → ``{"input", "output"}``): a valid
``input`` read and written again must give exactly the ``output`` bytes; the TypeScript tests
read the same file.

The packages are generated into a temporary directory by the ``codegen`` binary (``$CODEGEN``
if set, else ``cargo run -p codegen``), then checked with ruff and ``mypy --strict``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import BaseModel, ValidationError

from conftest import FIXTURES, SCHEMAS, model_for

VENV_BIN = Path(sys.executable).parent


def instances(fixture: str, kind: str) -> dict[str, Any] | None:
    """The ``kind`` cases of a fixture by name, from ``<kind>.json`` or ``<kind>/*.json``."""
    base = FIXTURES / "instances" / fixture
    if (base / f"{kind}.json").is_file():
        cases: dict[str, Any] = json.loads((base / f"{kind}.json").read_text("utf-8"))
        return cases
    if (base / kind).is_dir():
        return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted((base / kind).glob("*.json"))}
    return None


def load_cases() -> list[tuple[str, str, str, Any]]:
    cases = []
    for schema in SCHEMAS:
        for kind in ("valid", "invalid", "divergent"):
            for name, case in (instances(schema.stem, kind) or {}).items():
                cases.append((schema.stem, kind, name, case))
    return cases


CASES = load_cases()


def reference(fixture: str) -> Draft202012Validator:
    schema = json.loads((FIXTURES / "schemas" / f"{fixture}.json").read_text("utf-8"))
    # The formats the models check (schema/CONTRACT.md; `date` is YYYY-MM-DD, a real day).
    return Draft202012Validator(schema, format_checker=FormatChecker(formats=["uuid", "date-time", "date"]))


def models_accept(model: type[BaseModel], instance: Any) -> bool:
    text = json.dumps(instance, ensure_ascii=False)
    try:
        model.model_validate_json(text)
        json_ok = True
    except ValidationError:
        json_ok = False
    try:
        model.model_validate(instance)
        python_ok = True
    except ValidationError:
        python_ok = False
    assert json_ok == python_ok, f"JSON and Python input disagree on {text}"
    return json_ok


def test_every_fixture_has_instances() -> None:
    for schema in SCHEMAS:
        for kind in ("valid", "invalid"):
            assert instances(schema.stem, kind), (schema.stem, kind)
    assert {p.name for p in (FIXTURES / "instances").iterdir()} == {s.stem for s in SCHEMAS}


@pytest.mark.parametrize(("fixture", "kind", "name", "case"), CASES, ids=[f"{f}-{k}-{n}" for f, k, n, _ in CASES])
def test_models_agree_with_the_reference_validator(
    generated: Path, fixture: str, kind: str, name: str, case: Any
) -> None:
    validator = reference(fixture)
    model = model_for(fixture)
    if kind == "divergent":
        instance = case["instance"]
        assert validator.is_valid(instance) != case["models_accept"], "not a divergence any more"
        assert models_accept(model, instance) == case["models_accept"], case["why"]
        return
    expected = kind == "valid"
    assert validator.is_valid(case) == expected, "the instance file disagrees with the reference"
    assert models_accept(model, case) == expected
    if expected:
        written = model.model_validate_json(json.dumps(case)).model_dump_json()
        assert validator.is_valid(json.loads(written)), f"the models wrote an invalid instance: {written}"
        assert model.model_validate_json(written).model_dump_json() == written


def load_error_cases() -> list[tuple[str, str, Any, list[dict[str, Any]]]]:
    cases = []
    for schema in SCHEMAS:
        path = FIXTURES / "instances" / schema.stem / "errors.json"
        if path.is_file():
            for name, case in json.loads(path.read_text("utf-8")).items():
                cases.append((schema.stem, name, case["instance"], case["errors"]))
    return cases


ERROR_CASES = load_error_cases()


def test_there_are_error_cases() -> None:
    assert len({fixture for fixture, *_ in ERROR_CASES}) >= 4
    assert any(e["type"] == "union_tag_invalid" for *_, errors in ERROR_CASES for e in errors)


@pytest.mark.parametrize(
    ("fixture", "name", "instance", "errors"), ERROR_CASES, ids=[f"{f}-{n}" for f, n, _, _ in ERROR_CASES]
)
def test_errors_are_the_pinned_ones(
    generated: Path, fixture: str, name: str, instance: Any, errors: list[dict[str, Any]]
) -> None:
    """A fixture's errors.json pins the exact ``{type, loc}`` list of invalid JSON input (shared with TypeScript)."""
    assert not reference(fixture).is_valid(instance), "the reference validator accepts it"
    with pytest.raises(ValidationError) as caught:
        model_for(fixture).model_validate_json(json.dumps(instance, ensure_ascii=False))
    assert [{"type": e["type"], "loc": list(e["loc"])} for e in caught.value.errors()] == errors


def load_roundtrips() -> list[tuple[str, str, Any, str]]:
    cases = []
    for schema in SCHEMAS:
        path = FIXTURES / "instances" / schema.stem / "roundtrip.json"
        if path.is_file():
            for name, case in json.loads(path.read_text("utf-8")).items():
                cases.append((schema.stem, name, case["input"], case["output"]))
    return cases


ROUNDTRIPS = load_roundtrips()


def test_there_are_roundtrip_cases() -> None:
    assert any(fixture == "nullable" for fixture, _, _, _ in ROUNDTRIPS)


@pytest.mark.parametrize(
    ("fixture", "name", "instance", "output"), ROUNDTRIPS, ids=[f"{f}-{n}" for f, n, _, _ in ROUNDTRIPS]
)
def test_roundtrip_writes_the_exact_bytes(generated: Path, fixture: str, name: str, instance: Any, output: str) -> None:
    validator = reference(fixture)
    assert validator.is_valid(instance), "the input disagrees with the reference"
    assert validator.is_valid(json.loads(output)), "the expected output disagrees with the reference"
    model = model_for(fixture)
    text = json.dumps(instance, separators=(",", ":"), ensure_ascii=False)
    assert model.model_validate_json(text).model_dump_json() == output
    assert model.model_validate(instance).model_dump_json() == output
    assert model.model_validate_json(output).model_dump_json() == output


def test_explicit_null_given_in_python_is_written(generated: Path) -> None:
    """``null`` passed to the constructor or assigned is written; a property never given is not."""
    model = model_for("nullable")
    assert model(required_nullable=None).model_dump_json() == '{"required_nullable":null}'
    given = model(required_nullable=None, optional_nullable=None, owner_id=None)
    assert given.model_dump_json() == '{"required_nullable":null,"optional_nullable":null,"owner-id":null}'
    assert given.model_dump() == {"required_nullable": None, "optional_nullable": None, "owner-id": None}
    assert given.model_dump(by_alias=False) == {"required_nullable": None, "optional_nullable": None, "owner_id": None}
    assigned = model(required_nullable="x")
    assigned.nullable_ref = None  # type: ignore[attr-defined]
    assert assigned.model_dump_json() == '{"required_nullable":"x","nullable_ref":null}'
    copied = assigned.model_copy(update={"only_null": None})
    assert copied.model_dump_json() == '{"required_nullable":"x","nullable_ref":null,"only_null":null}'
    assert model.model_construct(required_nullable=None).model_dump_json() == '{"required_nullable":null}'


def test_constructor_takes_python_names_and_wire_names(generated: Path) -> None:
    """``_runtime.WireModel``: keyword arguments by Python name or by wire name; a key that is
    one property's wire name belongs to that property (``class_`` here), never to another."""
    model = model_for("hostile_collisions")
    by_python = model(foo_bar_2="x", foo_bar=1, foo_bar_3=True, class_2="k", class_="u", class_3="C")
    written = '{"fooBar":"x","foo_bar":1,"foo-bar":true,"class":"k","class_":"u","Class":"C"}'
    assert by_python.model_dump_json() == written
    by_wire = model(**{"fooBar": "x", "foo_bar": 1, "foo-bar": True, "class": "k", "class_": "u", "Class": "C"})
    assert by_wire.model_dump_json() == written
    with pytest.raises(ValidationError) as caught:
        model(foo_bar=1)
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [("missing", ("fooBar",))]


def test_generated_fixture_packages_pass_ruff(generated: Path) -> None:
    subprocess.run([str(VENV_BIN / "ruff"), "check", "--quiet", str(generated)], check=True, cwd=generated)
    subprocess.run([str(VENV_BIN / "ruff"), "format", "--check", "--quiet", str(generated)], check=True, cwd=generated)


def test_generated_fixture_packages_pass_mypy_strict(generated: Path) -> None:
    packages = [str(generated / s.stem / f"fx_{s.stem}") for s in SCHEMAS]
    result = subprocess.run(
        [str(VENV_BIN / "mypy"), "--strict", "--no-error-summary", "--cache-dir", str(generated / ".mypy_cache"), *packages],
        capture_output=True,
        text=True,
        cwd=generated,
    )
    assert result.returncode == 0, result.stdout + result.stderr
