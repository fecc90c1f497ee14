"""What every framework integration test needs: the broker scripts/test started, a topic of
its own, the events read back from it, a producer, and an address where no broker listens.

Each framework's tests run in that framework's own venv (target/integrations/<name>/, from
tests/integrations/<name>/requirements.txt), with the generated package installed there.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from workflow_events import WorkflowEvent
from workflow_events.kafka import decode, producer_config


def bootstrap() -> str:
    """``KAFKA_BOOTSTRAP``; a missing broker skips, or fails under ``KAFKA_REQUIRE=1``."""
    found = os.environ.get("KAFKA_BOOTSTRAP")
    if not found:
        if os.environ.get("KAFKA_REQUIRE") == "1":
            pytest.fail("KAFKA_BOOTSTRAP is not set but KAFKA_REQUIRE=1")
        pytest.skip("no broker: KAFKA_BOOTSTRAP is not set")
    return found


def new_topic(prefix: str) -> str:
    """A fresh one-partition topic on the broker (bounded wait until it is known)."""
    return new_topic_named(f"wfe-{prefix}-{uuid.uuid4().hex[:12]}")


def new_topic_named(topic: str) -> str:
    """Creates the one-partition ``topic`` (bounded wait until it is known)."""
    admin = AdminClient({"bootstrap.servers": bootstrap()})
    for future in admin.create_topics([NewTopic(topic, 1, 1)]).values():
        future.result(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        meta = admin.list_topics(topic, timeout=5).topics.get(topic)
        if meta is not None and meta.error is None and len(meta.partitions) == 1:
            return topic
        time.sleep(0.1)
    raise TimeoutError(f"topic {topic} did not appear within 10 s")


def producer(**settings: Any) -> Producer:
    """An idempotent producer for the test broker (the package's ``producer_config``)."""
    return Producer(producer_config(bootstrap(), settings))


def read(topic: str, count: int, timeout: float = 30) -> list[tuple[Any, WorkflowEvent]]:
    """``(message, event)`` of the first ``count`` messages of ``topic``, then waits
    1 s more to make sure no further message arrived (they would be returned too)."""
    consumer = Consumer({"bootstrap.servers": bootstrap(), "group.id": uuid.uuid4().hex})
    consumer.assign([TopicPartition(topic, 0, 0)])
    found: list[tuple[Any, WorkflowEvent]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(found) >= count:
            deadline = min(deadline, time.monotonic() + 1.0)
        message = consumer.poll(0.2)
        if message is not None and message.error() is None:
            found.append((message, decode(message)))
    consumer.close()
    return found


def dead_address() -> str:
    """``127.0.0.1:PORT`` where nothing listens (a broker that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"127.0.0.1:{port}"


def headers(message: Any) -> dict[str, bytes]:
    return {name: value for name, value in message.headers() or []}


def check_record(message: Any, event: WorkflowEvent) -> None:
    """The record layout of README.md: key = run id, value = canonical JSON, headers."""
    assert message.key() == event.workflow_run_id.encode()
    assert message.value() == event.model_dump_json().encode()
    h = headers(message)
    assert h["content-type"] == b"application/json"
    assert h["event_type"] == event.event_type.value.encode()
    assert h["source"] == event.source.value.encode()
    assert h["schema_version"] == event.metadata.version.encode()
