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
import time
import uuid
from pathlib import Path
from typing import Any

from types import ModuleType

import generated_packages
import interop
import pytest
from generated_packages import VERSIONS, schema_dir
from pydantic import ValidationError
import workflow_events
from workflow_events import WorkflowEvent
from workflow_events.kafka import decode, producer_config, publish, record

# 1.0 events: every version reads them (as 1.0).
CANONICAL = sorted((schema_dir("1.0") / "examples" / "canonical").glob("*.json"))
COUNTER = sorted(interop.COUNTEREXAMPLES.glob("*.json"))


def kafka_of(version: str) -> ModuleType:
    """``workflow_events.kafka``: one module reads and writes every version."""
    return generated_packages.load(version, "kafka")


def model_of(claimed: str | None) -> type:
    """The model ``parse_any`` reads an event claiming ``claimed`` with."""
    return generated_packages.load(workflow_events.choose_version(claimed)).WorkflowEvent


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
    assert type(event) is model_of(json.loads(canonical)["metadata"]["version"])
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


@pytest.mark.parametrize(
    ("version", "read_as"),
    [("1.0", "1.0"), ("1.1", "1.1"), ("1.999", "1.1"), ("1.18446744073709551615", "1.1")],
)
def test_every_minor_of_a_known_major_is_read(version: str, read_as: str) -> None:
    # A known version with its own model; a newer minor best effort with the newest of its
    # major (Rust's reader: the same choice).
    value = json.loads(CANONICAL[0].read_bytes())
    value["metadata"]["version"] = version
    event = decode(json.dumps(value))
    assert type(event) is generated_packages.load(read_as).WorkflowEvent
    assert workflow_events.version_of(event) == read_as
    assert json.loads(event.model_dump_json())["metadata"]["version"] == version


def test_an_event_without_a_version_is_a_1x_event() -> None:
    value = json.loads(CANONICAL[0].read_bytes())
    del value["metadata"]["version"]
    event = decode(json.dumps(value))
    # The newest 1.x fills it in (Rust's reader: the newest 1.x it has).
    newest_1x = [v for v in VERSIONS if v.startswith("1.")][-1]
    assert json.loads(event.model_dump_json())["metadata"]["version"] == newest_1x


def test_each_version_is_read_with_its_own_schema() -> None:
    # 1.1's event type: read as 1.1; the same event claiming 1.0 is read with 1.0's model,
    # which reports the event type it does not know.
    cancelled = (schema_dir("1.1") / "examples" / "canonical" / "cancelled.json").read_bytes()
    event = decode(cancelled)
    assert event.model_dump_json().encode() == cancelled.rstrip(b"\n")
    as_1_0 = json.loads(cancelled)
    as_1_0["metadata"]["version"] = "1.0"
    with pytest.raises(ValidationError) as caught:
        decode(json.dumps(as_1_0))
    assert error_list(caught.value) == [("enum", ["event_type"])]
    assert kafka_of("1.0").KNOWN_MAJOR_VERSIONS == ("1",)


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
    model = generated_packages.load(version).WorkflowEvent
    assert kafka._LAYOUTS[model].mirrored == expected
    if version == VERSIONS[-1]:
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
        # The same bytes (a 1.0-declaring example made with the 1.1 model is read as 1.0).
        assert event.model_dump_json() == sent[fields["event_id"]].model_dump_json()
        # All events of a run are in one partition, in the order they were published.
        seq = fields["payload"]["data"]["seq"]
        partition, previous = last_seq.get(message.key(), (message.partition(), -1))
        assert message.partition() == partition
        assert seq > previous
        last_seq[message.key()] = (partition, seq)
    assert received == set(sent)


# --------------------------------------------------------------------------------------
# CloudEvents headers and Confluent Schema Registry framing (opt-in)


@pytest.mark.parametrize("case", corpus("examples"), ids=case_id)
def test_cloudevents_headers_follow_the_usual_ones(case: tuple[str, Path]) -> None:
    version, path = case
    kafka = kafka_of(version)
    canonical = path.read_bytes().rstrip(b"\n")
    event = kafka.decode(canonical)
    fields = json.loads(canonical)
    key, value, headers = kafka.record(event, cloudevents=True)
    assert (key, value) == kafka.record(event)[:2]
    assert headers[: len(kafka.record(event)[2])] == kafka.record(event)[2]
    assert headers[len(kafka.record(event)[2]) :] == [
        ("ce_specversion", b"1.0"),
        ("ce_id", fields["event_id"].encode()),
        ("ce_source", fields["source"].encode()),
        ("ce_type", fields["event_type"].encode()),
        ("ce_time", fields["timestamp"].encode()),
    ]
    assert kafka.decode(value) == event


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("schema_id", [0, 1, 0x00FFFE01, 2**32 - 1])
def test_framed_values_are_read_like_plain_ones(version: str, schema_id: int) -> None:
    kafka = kafka_of(version)
    for path in sorted((schema_dir(version) / "examples" / "canonical").glob("*.json")):
        canonical = path.read_bytes().rstrip(b"\n")
        event = kafka.decode(canonical)
        _key, value, _headers = kafka.record(event, schema_id=schema_id)
        assert value == b"\x00" + schema_id.to_bytes(4, "big") + canonical
        assert kafka.unframe(value) == (schema_id, canonical)
        assert kafka.unframe(canonical) == (None, canonical)
        assert kafka.decode(value) == event
        assert kafka.decode(_Message(value)) == event


@pytest.mark.parametrize("short", [b"\x00", b"\x00\x00", b"\x00\x00\x00\x01", b"\x00\xff\xff\xff"])
def test_a_frame_cut_short_is_frame_invalid(short: bytes) -> None:
    for version in VERSIONS:
        with pytest.raises(ValidationError) as caught:
            kafka_of(version).decode(short)
        assert error_list(caught.value) == [("frame_invalid", [])]
        assert f"has {len(short)} bytes" in caught.value.errors()[0]["msg"]
    # A whole frame with no event after it: the usual json_invalid.
    with pytest.raises(ValidationError) as caught:
        decode(b"\x00\x00\x00\x00\x01")
    assert error_list(caught.value) == [("json_invalid", [])]


@pytest.mark.parametrize("bad", [-1, 2**32, True, 1.0, "1"])
def test_schema_id_out_of_range_names_the_field(bad: Any) -> None:
    event = decode(CANONICAL[0].read_bytes())
    with pytest.raises(ValueError, match="schema_id"):
        record(event, schema_id=bad)
    with pytest.raises(ValueError, match="schema_id"):
        publish(_RecordingProducer(), "t", event, schema_id=bad)


def _registry() -> tuple[Any, Any]:
    """confluent-kafka's own in-process registry client (``mock://``), and a context."""
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.serialization import MessageField, SerializationContext

    client = SchemaRegistryClient.new_client({"url": f"mock://{uuid.uuid4().hex}"})
    return client, SerializationContext("workflow-events", MessageField.VALUE)


@pytest.mark.parametrize("version", VERSIONS)
def test_confluent_json_serdes_interoperate(version: str) -> None:
    from confluent_kafka.schema_registry.json_schema import (
        JSONDeserializer,
        JSONSerializer,
    )

    kafka = kafka_of(version)
    schema = (schema_dir(version) / "workflow_event.schema.json").read_text()
    client, ctx = _registry()
    # Theirs: registers the schema (auto.register.schemas) and validates each event.
    serializer = JSONSerializer(schema, client, to_dict=lambda obj, _ctx: obj)
    deserializer = JSONDeserializer(None, schema_registry_client=client)
    for path in sorted((schema_dir(version) / "examples" / "canonical").glob("*.json")):
        canonical = path.read_bytes().rstrip(b"\n")
        theirs = serializer(json.loads(canonical), ctx)
        schema_id = int.from_bytes(theirs[1:5], "big")
        assert client.get_schema(schema_id).schema_str == schema
        # Theirs read by ours.
        event = kafka.decode(theirs)
        assert event.model_dump_json().encode() == canonical
        # Ours (same id) read by theirs; byte-identical, since theirs writes compact JSON.
        _key, ours, _headers = kafka.record(event, schema_id=schema_id)
        assert deserializer(ours, ctx) == json.loads(canonical)
        assert ours == theirs
    # Theirs refuses what the schema refuses, and plain (unframed) values.
    from confluent_kafka.serialization import SerializationError

    bad = json.loads(CANONICAL[0].read_bytes())
    bad["metadata"]["environment"] = "qa"
    with pytest.raises(SerializationError):
        serializer(bad, ctx)
    with pytest.raises(SerializationError, match="magic byte"):
        deserializer(CANONICAL[0].read_bytes().rstrip(b"\n"), ctx)


def test_confluent_framing_through_a_real_broker() -> None:
    from confluent_kafka import Consumer, Producer, TopicPartition
    from confluent_kafka.schema_registry.json_schema import (
        JSONDeserializer,
        JSONSerializer,
    )

    bootstrap = bootstrap_from("KAFKA_BOOTSTRAP")
    topic = f"wfe-py-framed-{uuid.uuid4().hex}"
    interop.create_topic(bootstrap, topic, 1)
    schema = (schema_dir("1.0") / "workflow_event.schema.json").read_text()
    client, ctx = _registry()
    serializer = JSONSerializer(schema, client, to_dict=lambda obj, _ctx: obj)
    deserializer = JSONDeserializer(None, schema_registry_client=client)
    events = [decode(p.read_bytes()) for p in CANONICAL]
    schema_id = int.from_bytes(serializer(json.loads(events[0].model_dump_json()), ctx)[1:5], "big")

    producer = Producer(producer_config(bootstrap))
    for event in events:  # ours, framed, with CloudEvents headers
        publish(producer, topic, event, cloudevents=True, schema_id=schema_id)
    for event in events:  # theirs
        producer.produce(topic, value=serializer(json.loads(event.model_dump_json()), ctx))
    assert producer.flush(30) == 0

    consumer = Consumer(
        {"bootstrap.servers": bootstrap, "group.id": f"framed-{uuid.uuid4()}"}
    )
    consumer.assign([TopicPartition(topic, 0, 0)])
    messages = []
    deadline = time.monotonic() + 60
    while len(messages) < 2 * len(events) and time.monotonic() < deadline:
        m = consumer.poll(0.2)
        if m is not None and m.error() is None:
            messages.append(m)
    consumer.close()
    assert len(messages) == 2 * len(events)
    for m, event in zip(messages, events + events):
        assert decode(m) == event  # ours reads both
        assert deserializer(m.value(), ctx) == json.loads(event.model_dump_json())
    for m in messages[: len(events)]:
        names = [name for name, _ in m.headers()]
        assert names[-5:] == ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time"]
