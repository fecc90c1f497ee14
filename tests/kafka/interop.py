"""Python half of the Kafka interop tests, and helpers shared with test_kafka.py.

    interop.py produce --bootstrap HOST:PORT --topic T --count N
        publishes N events built from the example corpus; prints each value, one a line
    interop.py consume --bootstrap HOST:PORT --topic T --count N
        reads N messages, checks key, headers and value bytes against Python's own
        record() of the decoded event; prints each event's model_dump_json(), one a line
    interop.py records
        prints record() of every canonical example of the package's schema version, one
        JSON object ``{"name", "key", "value", "headers"}`` a line (value in hex)

Each takes ``--cloudevents`` and ``--schema-id N``, passed to record() / publish().
Every client also gets the librdkafka settings of the ``WORKFLOW_EVENTS_KAFKA_*`` variables
(``settings_from_environment()``): the secured-cluster tests pass TLS and SASL that way.

The events are the canonical examples of one schema version, made with that version's model
(``workflow_events.v<X>_<Y>``): ``$INTEROP_SCHEMA_VERSION``, else the newest.

Run by tests/kafka.rs (Rust side, with ``generated/python`` on PYTHONPATH); exits non-zero on
any mismatch or timeout.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import workflow_events
from workflow_events.kafka import (
    decode,
    producer_config,
    publish,
    record,
    settings_from_environment,
)

SCHEMA_VERSION = os.environ.get("INTEROP_SCHEMA_VERSION") or workflow_events.SCHEMA_VERSION
WorkflowEvent = importlib.import_module(
    f"workflow_events.v{SCHEMA_VERSION.replace('.', '_')}"
).WorkflowEvent

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "schema" / f"v{SCHEMA_VERSION}" / "examples" / "canonical"
COUNTEREXAMPLES = ROOT / "schema" / f"v{SCHEMA_VERSION}" / "counterexamples"
WAIT_S = 60.0


def examples() -> list[dict[str, Any]]:
    """The canonical examples of the shared corpus, parsed."""
    paths = sorted(EXAMPLES.glob("*.json"))
    if not paths:
        raise SystemExit(f"no examples in {EXAMPLES}")
    return [json.loads(p.read_bytes()) for p in paths]


def make_event(corpus: list[dict[str, Any]], seq: int, runs: int) -> WorkflowEvent:
    """Event ``seq``: an example with a new id, run ``run-<seq % runs>``, a seq."""
    value = json.loads(json.dumps(corpus[seq % len(corpus)]))
    value["event_id"] = str(uuid.uuid4())
    value["workflow_run_id"] = f"run-{seq % runs}"
    value["payload"]["data"]["seq"] = seq
    return WorkflowEvent.model_validate_json(json.dumps(value))


def create_topic(bootstrap: str, topic: str, partitions: int) -> None:
    """Creates ``topic`` and waits (bounded) until its partitions are known."""
    from confluent_kafka.admin import AdminClient
    from confluent_kafka.cimpl import NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap, **settings_from_environment()})
    for future in admin.create_topics([NewTopic(topic, partitions, 1)]).values():
        future.result(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        meta = admin.list_topics(topic, timeout=5).topics.get(topic)
        if (
            meta is not None
            and meta.error is None
            and len(meta.partitions) == partitions
        ):
            return
        time.sleep(0.1)
    raise TimeoutError(f"topic {topic} did not appear within 10 s")


def read(bootstrap: str, topic: str, count: int) -> list[Any]:
    """``count`` messages of ``topic`` from the beginning, read with ``assign()``."""
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"interop-{uuid.uuid4()}",
            "enable.auto.commit": False,
            **settings_from_environment(),
        }
    )
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
        messages: list[Any] = []
        deadline = time.monotonic() + WAIT_S
        while len(messages) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(messages)} of {count} messages in {WAIT_S} s")
            message = consumer.poll(0.2)
            if message is None:
                continue
            if message.error() is not None:
                print(f"read {topic}: {message.error()}", file=sys.stderr)
                continue
            messages.append(message)
        return messages
    finally:
        consumer.close()


OPTIONS: dict[str, Any] = {}
"""``cloudevents`` / ``schema_id`` for record() and publish(), set by main()."""


def produce(bootstrap: str, topic: str, count: int) -> list[WorkflowEvent]:
    """Publishes ``count`` events; fails unless every one was acknowledged."""
    from confluent_kafka import Producer

    producer = Producer(producer_config(bootstrap, settings_from_environment()))
    corpus = examples()
    events = [make_event(corpus, i, 7) for i in range(count)]
    errors: list[str] = []
    acked: list[int] = []

    def on_delivery(error: Any, _message: Any) -> None:
        if error is None:
            acked.append(1)
        else:
            errors.append(str(error))

    for event in events:
        publish(producer, topic, event, on_delivery=on_delivery, **OPTIONS)
        producer.poll(0)
    left = producer.flush(30)
    if left or errors or len(acked) != count:
        raise SystemExit(
            f"{left} undelivered, {len(acked)} acked, errors: {errors[:5]}"
        )
    return events


def check_message(message: Any) -> WorkflowEvent:
    """Decodes ``message`` and checks its key, value and headers are ``record()``'s."""
    event = decode(message)
    key, value, headers = record(event, **OPTIONS)
    problems = []
    if message.key() != key:
        problems.append(f"key {message.key()!r} != {key!r}")
    if message.value() != value:
        problems.append(f"value {message.value()!r} != {value!r}")
    if list(message.headers() or []) != headers:
        problems.append(f"headers {message.headers()!r} != {headers!r}")
    if problems:
        raise AssertionError("; ".join(problems))
    return event


def text(value: str | bytes | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def records() -> None:
    """Prints ``record()`` of every canonical example, one JSON object a line."""
    for path in sorted(EXAMPLES.glob("*.json")):
        event = decode(path.read_bytes().rstrip(b"\n"))
        key, value, headers = record(event, **OPTIONS)
        line = {
            "name": path.name,
            "key": key.decode(),
            "value": value.hex(),
            "headers": [[name, text(v)] for name, v in headers],
        }
        print(json.dumps(line, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["produce", "consume", "records"])
    parser.add_argument("--bootstrap")
    parser.add_argument("--topic")
    parser.add_argument("--count", type=int)
    parser.add_argument("--cloudevents", action="store_true")
    parser.add_argument("--schema-id", type=int)
    args = parser.parse_args()
    OPTIONS.update(cloudevents=args.cloudevents, schema_id=args.schema_id)
    if args.command == "records":
        records()
        return
    if args.bootstrap is None or args.topic is None or args.count is None:
        parser.error("produce and consume need --bootstrap, --topic and --count")
    if args.command == "produce":
        for event in produce(args.bootstrap, args.topic, args.count):
            print(event.model_dump_json())
    else:
        for message in read(args.bootstrap, args.topic, args.count):
            print(check_message(message).model_dump_json())


if __name__ == "__main__":
    main()
