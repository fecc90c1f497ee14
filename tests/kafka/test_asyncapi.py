"""The AsyncAPI documents (generated/<version>/asyncapi/asyncapi.json): the payload copy in
AsyncAPI/draft-07 form gives the same verdict as the version's 2020-12 schema on the whole
corpus, and the headers and key are the record layout of workflow_events.kafka.
(The documents themselves are parsed with @asyncapi/parser by tests/typescript/asyncapi.mjs.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import generated_packages
import pytest
from generated_packages import VERSIONS, schema_dir
from jsonschema import Draft7Validator, Draft202012Validator, FormatChecker

REPO = Path(__file__).resolve().parents[2]


def document(version: str) -> dict[str, Any]:
    path = REPO / "generated" / f"v{version}" / "asyncapi" / "asyncapi.json"
    return json.loads(path.read_text())


def instances(version: str) -> list[tuple[str, Any]]:
    out = [
        (p.name, json.loads(p.read_bytes()))
        for p in sorted((schema_dir(version) / "examples").glob("*.json"))
    ]
    for p in sorted((schema_dir(version) / "counterexamples").glob("*.json")):
        case = json.loads(p.read_bytes())
        if "instance" in case:
            out.append((p.name, case["instance"]))
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_payload_copy_gives_the_schemas_verdict(version: str) -> None:
    doc = document(version)
    original = json.loads((schema_dir(version) / "workflow_event.schema.json").read_text())
    checker = FormatChecker()
    theirs = Draft7Validator(
        {**doc, "$ref": "#/components/schemas/WorkflowEvent"}, format_checker=checker
    )
    ours = Draft202012Validator(original, format_checker=checker)
    cases = instances(version)
    invalid = 0
    for name, instance in cases:
        verdict = ours.is_valid(instance)
        assert theirs.is_valid(instance) == verdict, name
        invalid += not verdict
    assert invalid > 5 and len(cases) - invalid > 5


@pytest.mark.parametrize("version", VERSIONS)
def test_headers_and_key_are_the_record_layout(version: str) -> None:
    kafka = generated_packages.load(version, "kafka")
    doc = document(version)
    headers = doc["components"]["schemas"]["WorkflowEventHeaders"]
    validator = Draft7Validator(headers)
    for path in sorted((schema_dir(version) / "examples" / "canonical").glob("*.json")):
        event = kafka.decode(path.read_bytes().rstrip(b"\n"))
        for options in ({}, {"cloudevents": True}):
            _key, _value, written = kafka.record(event, **options)
            as_object = {name: value.decode() for name, value in written}
            assert validator.is_valid(as_object), (path.name, options)
            assert set(as_object) <= set(headers["properties"])
    mirrored = [n for n in headers["properties"] if n in kafka.TRACE_CONTEXT_HEADERS]
    # The version's own mirrored headers (the helper reads and writes every version).
    assert tuple(mirrored) == kafka._LAYOUTS[generated_packages.load(version).WorkflowEvent].mirrored
    assert not validator.is_valid({"content-type": "application/json"})
    for name in ("WorkflowEvent", "WorkflowEventConfluent"):
        binding = doc["components"]["messages"][name]["bindings"]["kafka"]
        assert binding["key"]["type"] == "string"
    framed = doc["components"]["messages"]["WorkflowEventConfluent"]["bindings"]["kafka"]
    assert framed["schemaIdPayloadEncoding"] == "confluent"
