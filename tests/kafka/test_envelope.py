"""The typed-payload envelope (``tests/fixtures/schemas/union_envelope.json``: ``payload`` a
union discriminated on its own ``event_type``) through Kafka, with the ``kafka.py`` codegen
renders into the fixture's own Python package.

The valid events are ``roundtrip.json``'s (pydantic's exact bytes, one case per branch at
least), the invalid ones ``errors.json``'s (the pinned ``{type, loc}`` lists). Those cases
give no ``metadata.version``, and an event without one is a 1.x event for ``decode`` (as in
Rust): the events are made with the model (which writes the default ``"2.0"``), and the
invalid ones are sent as 2.0 events. The broker test needs ``KAFKA_BOOTSTRAP`` (noida-db), as
started by scripts/test.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import interop
import pytest
from pydantic import ValidationError

REPO = Path(__file__).resolve().parents[2]
STEM = "union_envelope"
SCHEMA = REPO / "tests" / "fixtures" / "schemas" / f"{STEM}.json"
INSTANCES = REPO / "tests" / "fixtures" / "instances" / STEM
PACKAGE = "fx_union_envelope_kafka"


def cases(kind: str) -> dict[str, Any]:
    path = INSTANCES / f"{kind}.json"
    loaded = json.loads(path.read_text("utf-8"))
    assert isinstance(loaded, dict) and loaded, f"{path}: no cases"
    return loaded


def as_v2(instance: Any) -> Any:
    """``instance`` declaring ``metadata.version`` 2.0 (the schema's default)."""
    copy = json.loads(json.dumps(instance))
    if isinstance(copy, dict) and isinstance(copy.get("metadata"), dict):
        copy["metadata"]["version"] = "2.0"
    return copy


def branch_tags() -> set[str]:
    """The tag of every branch of the payload union, read from the schema."""
    schema = json.loads(SCHEMA.read_text("utf-8"))
    tags = set()
    for branch in schema["properties"]["payload"]["oneOf"]:
        name = branch["$ref"].removeprefix("#/$defs/")
        tags.add(schema["$defs"][name]["properties"]["event_type"]["const"])
    return tags


@pytest.fixture(scope="module")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """``kafka`` of the fixture's Python package, rendered by the codegen CLI."""
    out = tmp_path_factory.mktemp("envelope")
    codegen = os.environ.get("CODEGEN")
    command = [codegen] if codegen else ["cargo", "run", "-q", "-p", "codegen", "--"]
    subprocess.run(
        [*command, "--lang", "python", "--schema", str(SCHEMA.relative_to(REPO)),
         "--out", str(out), "--python-package", PACKAGE],
        cwd=REPO,
        check=True,
    )
    assert (out / PACKAGE / "kafka.py").is_file(), "codegen rendered no kafka.py for the envelope"
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(f"{PACKAGE}.kafka")
    finally:
        sys.path.remove(str(out))


def test_roundtrip_cases_cover_every_branch() -> None:
    tags = {case["input"]["payload"]["event_type"] for case in cases("roundtrip").values()}
    assert tags == branch_tags()


@pytest.mark.parametrize("name", sorted(cases("roundtrip")))
def test_record_of_each_branch(kafka: ModuleType, name: str) -> None:
    case = cases("roundtrip")[name]
    event = importlib.import_module(kafka.__package__).WorkflowEvent.model_validate_json(json.dumps(case["input"]))
    key, value, headers = kafka.record(event)
    assert kafka.decode(value) == event
    assert value == case["output"].encode()
    assert key == case["input"]["workflow_run_id"].encode()
    assert headers == [
        ("content-type", b"application/json"),
        ("event_type", case["input"]["payload"]["event_type"].encode()),
        ("source", case["input"]["source"].encode()),
        ("schema_version", b"2.0"),
    ]
    assert kafka.SCHEMA_VERSION == "2.0"


@pytest.mark.parametrize("name", sorted(cases("errors")))
def test_decode_reports_the_pinned_errors(kafka: ModuleType, name: str) -> None:
    case = cases("errors")[name]
    with pytest.raises(ValidationError) as caught:
        kafka.decode(json.dumps(as_v2(case["instance"])).encode())
    got = [{"type": e["type"], "loc": list(e["loc"])} for e in caught.value.errors()]
    assert got == case["errors"], f"{INSTANCES / 'errors.json'}: {name}"


@pytest.mark.parametrize("version", [None, "1.0", "3.0", "2"])
def test_other_versions_are_unknown_version(kafka: ModuleType, version: str | None) -> None:
    """This package reads 2.x only; an event without a version is a 1.x event."""
    value = json.loads(cases("roundtrip")["triggered"]["output"])
    if version is None:
        del value["metadata"]["version"]
    else:
        value["metadata"]["version"] = version
    with pytest.raises(ValidationError) as caught:
        kafka.decode(json.dumps(value))
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [
        ("unknown_version", ("metadata", "version"))
    ]


def bootstrap() -> str:
    value = os.environ.get("KAFKA_BOOTSTRAP")
    if value:
        return value
    message = "KAFKA_BOOTSTRAP is not set (scripts/test starts the brokers)"
    if os.environ.get("KAFKA_REQUIRE") == "1":
        pytest.fail(message)
    pytest.skip(message)


def test_each_branch_and_the_invalid_ones_through_a_real_broker(kafka: ModuleType) -> None:
    """Valid events (every branch) are published with ``kafka.publish`` and read back to the
    same bytes; invalid payloads (sent as raw values, as a foreign producer would) are read
    back and reported by ``decode`` with the pinned errors."""
    from confluent_kafka import Producer

    server = bootstrap()
    topic = f"wfe-py-envelope-{uuid.uuid4().hex}"
    interop.create_topic(server, topic, 1)
    valid = cases("roundtrip")
    invalid = cases("errors")
    producer = Producer(kafka.producer_config(server))
    failures: list[str] = []

    def on_delivery(error: Any, _message: Any) -> None:
        if error is not None:
            failures.append(str(error))

    for name in sorted(valid):
        event = importlib.import_module(kafka.__package__).WorkflowEvent.model_validate_json(json.dumps(valid[name]["input"]))
        kafka.publish(producer, topic, event, on_delivery)
    for name in sorted(invalid):
        instance = as_v2(invalid[name]["instance"])
        producer.produce(
            topic,
            value=json.dumps(instance, separators=(",", ":")).encode(),
            key=str(instance.get("workflow_run_id", "")).encode()
            if isinstance(instance, dict)
            else b"",
            headers=[("case", name.encode())],
            on_delivery=on_delivery,
        )
    assert producer.flush(30) == 0
    assert failures == []

    messages = interop.read(server, topic, len(valid) + len(invalid))
    assert len(messages) == len(valid) + len(invalid)
    seen_tags = set()
    for message, name in zip(messages[: len(valid)], sorted(valid)):
        case = valid[name]
        assert message.value() == case["output"].encode(), name
        event = kafka.decode(message)
        assert event.model_dump_json().encode() == message.value(), name
        key, value, headers = kafka.record(event)
        assert (message.key(), message.value(), list(message.headers() or [])) == (
            key,
            value,
            headers,
        ), name
        seen_tags.add(dict(headers)["event_type"].decode())
    assert seen_tags == branch_tags()
    for message, name in zip(messages[len(valid) :], sorted(invalid)):
        assert dict(message.headers() or [])["case"] == name.encode()
        with pytest.raises(ValidationError) as caught:
            kafka.decode(message)
        got = [{"type": e["type"], "loc": list(e["loc"])} for e in caught.value.errors()]
        assert got == invalid[name]["errors"], f"{INSTANCES / 'errors.json'}: {name}"
