"""Kafka helpers for workflow events: publish with the shared layout, decode by version.

The record layout is the same in every language (Rust: ``workflow_events::kafka``):

* key: ``workflow_run_id`` (UTF-8): the events of a run stay in order in one partition;
* value: the canonical JSON, exactly ``event.model_dump_json()`` as UTF-8;
* headers: ``content-type: application/json``, ``event_type``, ``source`` and
  ``schema_version`` (the event's ``metadata.version``).

This module needs no Kafka client to import. Producers and messages are anything shaped
like confluent-kafka's (install the package's ``kafka`` extra)::

    from confluent_kafka import Consumer, Producer
    from workflow_events.kafka import decode, producer_config, publish

    producer = Producer(producer_config("127.0.0.1:9092"))
    publish(producer, "workflow-events", event)
    producer.flush(10)  # delivery happens in the background; flush before exiting

    message = consumer.poll(1.0)
    if message is not None and message.error() is None:
        event = decode(message)  # pydantic.ValidationError for an invalid message
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import SCHEMA_VERSION, WorkflowEvent

__all__ = [
    "CONTENT_TYPE",
    "KNOWN_MAJOR_VERSIONS",
    "KafkaMessage",
    "KafkaProducer",
    "decode",
    "producer_config",
    "publish",
    "record",
]

CONTENT_TYPE = "application/json"
"""The value of the ``content-type`` header."""

KNOWN_MAJOR_VERSIONS = (SCHEMA_VERSION.split(".", 1)[0],)
"""The major version :func:`decode` reads: this package's (a package is one schema version)."""

Headers = list[tuple[str, str | bytes | None]]
"""Message headers as confluent-kafka takes them."""

DeliveryCallback = Callable[[Any, Any], None]
"""``on_delivery(error, message)``: ``error`` is ``None`` once the broker acked."""


class KafkaProducer(Protocol):
    """What :func:`publish` needs of a producer, as ``confluent_kafka.Producer`` has."""

    def produce(
        self,
        topic: str,
        value: str | bytes | None = ...,
        key: str | bytes | None = ...,
        *,
        on_delivery: DeliveryCallback | None = ...,
        headers: Headers | None = ...,
    ) -> None: ...


class KafkaMessage(Protocol):
    """What :func:`decode` needs of a message (a ``confluent_kafka.Message`` has it)."""

    def value(self) -> bytes | None: ...


def producer_config(
    bootstrap_servers: str, settings: Mapping[str, object] | None = None
) -> dict[str, object]:
    """Configuration for ``confluent_kafka.Producer``: idempotent, ``acks=all``.

    ``settings`` adds librdkafka properties (``{"linger.ms": 5}``);
    ``enable.idempotence`` and ``acks`` may be given but not weakened.
    """
    config: dict[str, object] = {
        "bootstrap.servers": bootstrap_servers,
        **(settings or {}),
    }
    for key, allowed in _REQUIRED.items():
        config.setdefault(key, allowed[0])
        if config[key] not in allowed:
            msg = f"workflow_events.kafka requires {key}={allowed[0]!r}"
            raise ValueError(f"{msg}, got {config[key]!r}")
    return config


_REQUIRED: dict[str, tuple[object, ...]] = {
    "enable.idempotence": (True, "true"),
    "acks": ("all", "-1", -1),
}


def record(event: WorkflowEvent) -> tuple[bytes, bytes, Headers]:
    """The ``(key, value, headers)`` of ``event``'s Kafka message.

    Key and headers are read back from the canonical JSON, so they always agree with
    the bytes sent.
    """
    value = event.model_dump_json()
    fields = json.loads(value)
    headers: Headers = [
        ("content-type", CONTENT_TYPE.encode()),
        ("event_type", str(fields["event_type"]).encode()),
        ("source", str(fields["source"]).encode()),
        ("schema_version", str(fields["metadata"]["version"]).encode()),
    ]
    return str(fields["workflow_run_id"]).encode(), value.encode(), headers


def publish(
    producer: KafkaProducer,
    topic: str,
    event: WorkflowEvent,
    on_delivery: DeliveryCallback | None = None,
) -> None:
    """Queue ``event`` for ``topic`` with the shared key, value and headers.

    Delivery is asynchronous: ``on_delivery(error, message)`` is called from
    ``producer.poll()`` or ``producer.flush()`` once the broker acknowledged the event
    (``error is None``) or the producer gave up. Events are queued in call order, so the
    events of one run keep their order.
    """
    key, value, headers = record(event)
    producer.produce(
        topic, value=value, key=key, on_delivery=on_delivery, headers=headers
    )


def decode(message: KafkaMessage | bytes | str) -> WorkflowEvent:
    """Read a message (or its value) into an event of this package's schema version.

    ``metadata.version`` decides first, as in the Rust reader: a ``<major>.<minor>``
    version (decimal numbers without leading zeros) of this package's major version is
    read with this package's model, an older minor because minors are backward
    compatible, a newer one best effort (an event type this version does not know is an
    ``enum`` error); an event without a version is a 1.x event. Any other version
    (another major, ``"1"``, ``"01.0"``, ``"1.0.0"``) raises a ``ValidationError`` of
    type ``unknown_version`` at ``("metadata", "version")``. When the version cannot be
    found (malformed JSON, ``metadata`` or ``version`` of a wrong type) the model reads
    the value and reports what is wrong; a message without a value is ``json_invalid``.
    """
    if isinstance(message, (bytes, str)):
        value: bytes | str = message
    else:
        value = message.value() or b""
    version = _declared_version(value)
    if version is not None and not _readable(version):
        raise ValidationError.from_exception_data(
            WorkflowEvent.__name__,
            [
                InitErrorDetails(
                    type=PydanticCustomError(
                        "unknown_version",
                        "unknown schema version {version} in metadata.version "
                        "(this package reads {major}.x: schema {schema})",
                        {
                            "version": json.dumps(version),
                            "major": KNOWN_MAJOR_VERSIONS[0],
                            "schema": SCHEMA_VERSION,
                        },
                    ),
                    loc=("metadata", "version"),
                    input=version,
                )
            ],
        )
    return WorkflowEvent.model_validate_json(value)


_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_LARGEST_PART = 2**64 - 1
"""Version parts are 64-bit numbers in the Rust reader; larger ones name no version."""


def _readable(version: str) -> bool:
    """Whether ``version`` is ``<major>.<minor>`` of this package's major version."""
    match = _VERSION.fullmatch(version)
    if match is None:
        return False
    # At most 20 digits first: int() refuses very long digit strings.
    if any(len(part) > 20 or int(part) > _LARGEST_PART for part in match.groups()):
        return False
    return match[1] in KNOWN_MAJOR_VERSIONS


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _declared_version(value: bytes | str) -> str | None:
    """``metadata.version`` (``1.0`` when absent), or ``None`` when it can't be told."""
    try:
        document = json.loads(value, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return None
    version = metadata.get("version", "1.0")
    return version if isinstance(version, str) else None
