"""Tests of workflow_events.kafka: record layout, decoding, a real broker round trip.

The broker tests need ``KAFKA_BOOTSTRAP`` (noida-db) and ``KAFKA_BOOTSTRAP_TANSU``
(tansu), as started by scripts/test; without them they are skipped, unless
``KAFKA_REQUIRE=1`` (set by scripts/test) makes a missing broker a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from types import ModuleType

import generated_packages
import interop
import pytest
from generated_packages import VERSIONS, schema_dir
from pydantic import ValidationError
from workflow_events import WorkflowEvent
from workflow_events.kafka import decode, producer_config, publish, record

CANONICAL = sorted(interop.EXAMPLES.glob("*.json"))
COUNTER = sorted(interop.COUNTEREXAMPLES.glob("*.json"))


def kafka_of(version: str) -> ModuleType:
    """``workflow_events.kafka`` of ``generated/v<version>/python``, under its own name."""
    return generated_packages.load(version, "kafka")


def corpus(kind: str) -> list[tuple[str, Path]]:
    """``(version, file)`` of every version's canonical examples or counterexamples."""
    sub = "examples/canonical" if kind == "examples" else kind
    return [
        (v, p) for v in VERSIONS for p in sorted((schema_dir(v) / sub).glob("*.json"))
    ]


def case_id(case: tuple[str, Path]) -> str:
    return f"v{case[0]}/{case[1].stem}"


def counterexample_bytes(case: dict[str, Any]) -> bytes:
    if "raw" in case:
        return str(case["raw"]).encode()
    return json.dumps(
        case["instance"], separators=(",", ":"), ensure_ascii=False
    ).encode()


def error_list(error: ValidationError) -> list[tuple[str, list[object]]]:
    return [(e["type"], list(e["loc"])) for e in error.errors()]


@pytest.mark.parametrize("case", corpus("examples"), ids=case_id)
def test_record_layout_of_every_example(case: tuple[str, Path]) -> None:
    version, path = case
    kafka = kafka_of(version)
    canonical = path.read_bytes().rstrip(b"\n")
    event = kafka.decode(canonical)
    assert type(event) is generated_packages.load(version).WorkflowEvent
    key, value, headers = kafka.record(event)
    fields = json.loads(canonical)
    assert value == canonical
    assert key == fields["workflow_run_id"].encode()
    assert headers == [
        ("content-type", b"application/json"),
        ("event_type", fields["event_type"].encode()),
        ("source", fields["source"].encode()),
        ("schema_version", fields["metadata"]["version"].encode()),
    ] + ([("traceparent", fields["traceparent"].encode())] if "traceparent" in fields else [])


@pytest.mark.parametrize("case", corpus("counterexamples"), ids=case_id)
def test_decode_reports_the_corpus_errors(case: tuple[str, Path]) -> None:
    version, path = case
    counterexample = json.loads(path.read_bytes())
    with pytest.raises(ValidationError) as caught:
        kafka_of(version).decode(counterexample_bytes(counterexample))
    expected = [(e["type"], e["loc"]) for e in counterexample["errors"]]
    assert error_list(caught.value) == expected


# The same versions as tests/kafka.rs `decode_dispatches_on_the_version`: Rust and Python
# agree on what is a version.
NOT_READABLE = ["2.0", "2", "", "v1.0", "10.1", "01.0", "one", "1", "1.0.0", "1.", " 1.0"]
NOT_READABLE += ["1.00", "1.0\n", "1.99999999999999999999", "1." + "9" * 5000, "١.٠"]


@pytest.mark.parametrize("schema", VERSIONS)
@pytest.mark.parametrize("version", NOT_READABLE, ids=repr)
def test_unknown_version_is_reported_before_validation(schema: str, version: str) -> None:
    # Not even a valid event otherwise: the version decides first.
    value = json.dumps({"metadata": {"environment": "dev", "version": version}})
    with pytest.raises(ValidationError) as caught:
        kafka_of(schema).decode(value.encode())
    assert error_list(caught.value) == [("unknown_version", ["metadata", "version"])]
    assert json.dumps(version) in caught.value.errors()[0]["msg"]


@pytest.mark.parametrize("schema", VERSIONS)
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.999", "1.18446744073709551615"])
def test_every_minor_of_its_major_is_read_by_each_package(schema: str, version: str) -> None:
    # Older minors because minors are backward compatible; newer ones best effort.
    value = json.loads(CANONICAL[0].read_bytes())
    value["metadata"]["version"] = version
    event = kafka_of(schema).decode(json.dumps(value))
    assert type(event) is generated_packages.load(schema).WorkflowEvent
    assert json.loads(event.model_dump_json())["metadata"]["version"] == version


@pytest.mark.parametrize("schema", VERSIONS)
def test_an_event_without_a_version_is_a_1x_event(schema: str) -> None:
    value = json.loads(CANONICAL[0].read_bytes())
    del value["metadata"]["version"]
    event = kafka_of(schema).decode(json.dumps(value))
    # The package's own version fills it in (Rust's reader: the newest 1.x it has).
    assert json.loads(event.model_dump_json())["metadata"]["version"] == schema


def test_a_package_reads_with_its_own_schema() -> None:
    # 1.1's event type: the 1.1 package reads it; the 1.0 package reads a 1.1 event best
    # effort and reports the event type it does not know.
    cancelled = (schema_dir("1.1") / "examples" / "canonical" / "cancelled.json").read_bytes()
    event = kafka_of("1.1").decode(cancelled)
    assert event.model_dump_json().encode() == cancelled.rstrip(b"\n")
    with pytest.raises(ValidationError) as caught:
        kafka_of("1.0").decode(cancelled)
    assert error_list(caught.value) == [("enum", ["event_type"])]
    assert kafka_of("1.0").KNOWN_MAJOR_VERSIONS == kafka_of("1.1").KNOWN_MAJOR_VERSIONS == ("1",)


class _Message:
    def __init__(self, value: bytes | None) -> None:
        self._value = value

    def value(self) -> bytes | None:
        return self._value


def test_message_without_value_is_json_invalid() -> None:
    with pytest.raises(ValidationError) as caught:
        decode(_Message(None))
    assert [e["type"] for e in caught.value.errors()] == ["json_invalid"]


def test_decode_takes_a_message() -> None:
    canonical = CANONICAL[0].read_bytes().rstrip(b"\n")
    assert decode(_Message(canonical)).model_dump_json().encode() == canonical


class _RecordingProducer:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def produce(
        self, topic: str, value: Any = None, key: Any = None, **kw: Any
    ) -> None:
        self.calls.append({"topic": topic, "value": value, "key": key, **kw})


def test_publish_hands_the_record_to_the_producer() -> None:
    event = decode(CANONICAL[0].read_bytes())
    producer = _RecordingProducer()

    def callback(_error: Any, _message: Any) -> None:
        pass

    publish(producer, "t", event, on_delivery=callback)
    key, value, headers = record(event)
    assert producer.calls == [
        {
            "topic": "t",
            "value": value,
            "key": key,
            "headers": headers,
            "on_delivery": callback,
        }
    ]


def test_producer_config_is_idempotent_and_cannot_be_weakened() -> None:
    assert producer_config("127.0.0.1:1", {"linger.ms": 5}) == {
        "bootstrap.servers": "127.0.0.1:1",
        "linger.ms": 5,
        "enable.idempotence": True,
        "acks": "all",
    }
    assert producer_config("h:1", {"acks": -1})["acks"] == -1
    with pytest.raises(ValueError, match="acks"):
        producer_config("h:1", {"acks": 1})
    with pytest.raises(ValueError, match="enable.idempotence"):
        producer_config("h:1", {"enable.idempotence": False})


def test_module_imports_without_confluent_kafka() -> None:
    code = (
        "import sys\n"
        "sys.modules['confluent_kafka'] = None  # any import of it now fails\n"
        "import workflow_events.kafka as k\n"
        f"event = k.decode(open({str(CANONICAL[0])!r}, 'rb').read())\n"
        "assert k.record(event)[0]\n"
        "print('ok')\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=False,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("version", VERSIONS)
def test_mirrored_headers_are_the_schemas_trace_context_properties(version: str) -> None:
    # codegen's rule (codegen/src/backend/kafka.rs): every top-level string property named
    # like a W3C Trace Context header is mirrored.
    kafka = kafka_of(version)
    schema = json.loads(
        (schema_dir(version) / "workflow_event.schema.json").read_text()
    )
    expected = tuple(
        name
        for name, prop in schema["properties"].items()
        if name in ("traceparent", "tracestate") and prop.get("type") == "string"
    )
    assert kafka.MIRRORED_HEADERS == expected
    assert kafka.TRACE_CONTEXT_HEADERS == ("traceparent", "tracestate")


class _HeaderMessage:
    def __init__(self, headers: list[tuple[str, bytes | None]] | None) -> None:
        self._headers = headers

    def headers(self) -> list[tuple[str, bytes | None]] | None:
        return self._headers


def test_trace_context_reads_the_w3c_headers() -> None:
    kafka = kafka_of(VERSIONS[-1])
    tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    message = _HeaderMessage(
        [
            ("content-type", b"application/json"),
            ("traceparent", tp.encode()),
            ("traceparent", b"00-second-is-ignored"),
            ("tracestate", b"\xff not utf-8"),
            ("other", b"x"),
        ]
    )
    assert kafka.trace_context(message) == {"traceparent": tp}
    assert kafka.trace_context(_HeaderMessage(None)) == {}
    assert kafka.trace_context(_HeaderMessage([("tracestate", b"a=b")])) == {
        "tracestate": "a=b"
    }


def test_v1_1_record_carries_the_traceparent_and_v1_0_none() -> None:
    traced = schema_dir("1.1") / "examples" / "canonical" / "correlation_and_trace.json"
    kafka = kafka_of("1.1")
    value = traced.read_bytes().rstrip(b"\n")
    _key, _value, headers = kafka.record(kafka.decode(value))
    tp = json.loads(value)["traceparent"]
    assert headers[-1] == ("traceparent", tp.encode())
    # The same event read by the 1.0 package has no such property, hence no header.
    old = kafka_of("1.0")
    as_1_0 = json.loads(value)
    as_1_0["metadata"]["version"] = "1.0"
    _key, _value, headers = old.record(old.decode(json.dumps(as_1_0)))
    assert [name for name, _ in headers] == [
        "content-type",
        "event_type",
        "source",
        "schema_version",
    ]


# --------------------------------------------------------------------------------------
# a real broker


def bootstrap_from(var: str) -> str:
    value = os.environ.get(var)
    if value:
        return value
    message = f"{var} is not set (scripts/test starts the brokers)"
    if os.environ.get("KAFKA_REQUIRE") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.parametrize("broker", ["KAFKA_BOOTSTRAP", "KAFKA_BOOTSTRAP_TANSU"])
def test_publish_and_consume_through_a_real_broker(broker: str) -> None:
    bootstrap = bootstrap_from(broker)
    topic = f"wfe-py-{uuid.uuid4().hex}"
    interop.create_topic(bootstrap, topic, 3)
    events = interop.produce(bootstrap, topic, 150)
    sent: dict[str, WorkflowEvent] = {
        json.loads(e.model_dump_json())["event_id"]: e for e in events
    }

    messages = interop.read(bootstrap, topic, len(events))
    last_seq: dict[bytes, tuple[int, int]] = {}
    received = set()
    for message in messages:
        event = interop.check_message(message)  # key, value bytes and headers
        fields = json.loads(message.value())
        assert fields["event_id"] not in received, "received twice"
        received.add(fields["event_id"])
        assert event == sent[fields["event_id"]]
        # All events of a run are in one partition, in the order they were published.
        seq = fields["payload"]["data"]["seq"]
        partition, previous = last_seq.get(message.key(), (message.partition(), -1))
        assert message.partition() == partition
        assert seq > previous
        last_seq[message.key()] = (partition, seq)
    assert received == set(sent)
