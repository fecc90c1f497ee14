"""The Python helper on a cluster that requires TLS and SASL, and the README's snippets.

Broker tests need the TLS listeners of ``scripts/kafka-broker up secure`` (as started by
scripts/test): ``KAFKA_SASL_SSL_BOOTSTRAP`` (TLS in front of noida-db, which speaks SASL
PLAIN but accepts any password), ``KAFKA_SCRAM_BOOTSTRAP`` (TLS in front of tansu
``--authentication``, which requires SCRAM and refuses every login: it keeps no
credentials), ``KAFKA_CA_LOCATION``, ``KAFKA_UNTRUSTED_CA_LOCATION`` and
``KAFKA_TEST_PASSWORD``. Without them those tests are skipped, unless ``KAFKA_REQUIRE=1``.

The README's "Connecting to a secured cluster" blocks are the code between ``README:``
markers in tests/kafka.rs, this file and tests/typescript/kafka_secured.test.ts, and the
Airflow variables block is read here from the README and used to connect:
``test_readme_snippets_are_the_tested_code`` keeps them equal.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path
from typing import Any

import interop
import pytest
from workflow_events import WorkflowEvent
from workflow_events.kafka import (
    REDACTED,
    KafkaConnectionError,
    check_connection,
    decode,
    is_secret,
    producer_config,
    publish,
    redacted,
    settings_from_environment,
)

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
NAMES = (
    "KAFKA_SASL_SSL_BOOTSTRAP",
    "KAFKA_SCRAM_BOOTSTRAP",
    "KAFKA_CA_LOCATION",
    "KAFKA_UNTRUSTED_CA_LOCATION",
    "KAFKA_TEST_PASSWORD",
)
SECURED = {name: os.environ.get(name, "") for name in NAMES}
MISSING = [name for name, value in SECURED.items() if not value]
if MISSING and os.environ.get("KAFKA_REQUIRE") == "1":
    raise RuntimeError(f"KAFKA_REQUIRE=1 but {', '.join(MISSING)} not set")
needs_cluster = pytest.mark.skipif(
    bool(MISSING), reason="no TLS listeners (scripts/kafka-broker up secure)"
)


# README: secured-python
def secured_settings(mechanism: str, password: str, ca_location: str) -> dict[str, str]:
    """librdkafka settings for a cluster that requires TLS and SASL."""
    return {
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": mechanism,  # PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
        "sasl.username": "workflow-events",
        "sasl.password": password,  # from a secret store, never from source code
        "ssl.ca.location": ca_location,  # the CA that signed the brokers' certificates
    }


# producer = Producer(producer_config(bootstrap, settings))
# consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": ..., **settings})
# check_connection(producer_config(bootstrap, settings))  # the cause of a refusal, now
# README: end


def settings(**overrides: str) -> dict[str, str]:
    base = secured_settings(
        "PLAIN", SECURED["KAFKA_TEST_PASSWORD"], SECURED["KAFKA_CA_LOCATION"]
    )
    return {**base, **overrides}


def marked(path: Path, name: str) -> str:
    """The text between ``README: <name>`` and ``README: end`` in ``path``."""
    text = path.read_text()
    found = re.search(
        rf"^[ \t]*(?://|#) README: {name}\n(.*?)^[ \t]*(?://|#) README: end\n",
        text,
        re.S | re.M,
    )
    assert found, f"{path}: no README: {name} block"
    return found.group(1)


def readme_block(name: str) -> str:
    """The fenced block after ``<!-- tested: <name> -->`` in README.md."""
    found = re.search(
        rf"<!-- tested: {re.escape(name)} -->\n```[a-z]*\n(.*?)```\n",
        README.read_text(),
        re.S,
    )
    assert found, f"README.md: no block marked <!-- tested: {name} -->"
    return found.group(1)


def test_readme_snippets_are_the_tested_code() -> None:
    for name, path in (
        ("secured-rust", ROOT / "tests" / "kafka.rs"),
        ("secured-python", Path(__file__)),
        ("secured-typescript", ROOT / "tests" / "typescript" / "kafka_secured.test.ts"),
    ):
        assert readme_block(name) == marked(path, name), (
            f"README.md's {name} block differs from {path.relative_to(ROOT)}"
        )


def airflow_environment(replace: dict[str, str]) -> dict[str, str]:
    """The README's Airflow variables, with the values of ``replace`` for this cluster."""
    environment: dict[str, str] = {}
    for line in readme_block("secured-airflow").splitlines():
        line = line.split("  #", 1)[0].strip()
        if not line:
            continue
        name, value = line.removeprefix("export ").split("=", 1)
        environment[name] = replace.get(name, value.strip('"'))
    return environment


def test_settings_from_environment() -> None:
    environment = airflow_environment({})
    found = settings_from_environment(environment)
    assert set(found) == {
        "security.protocol",
        "sasl.mechanism",
        "sasl.username",
        "sasl.password",
        "ssl.ca.location",
    }
    assert found["security.protocol"] == "SASL_SSL"
    assert settings_from_environment(
        {
            "WORKFLOW_EVENTS_KAFKA_SSL_ENDPOINT__IDENTIFICATION___X": "a",
            "WORKFLOW_EVENTS_KAFKA_LINGER_MS": "5",
            "WORKFLOW_EVENTS_KAFKA_CLIENT_ID": "",
            "WORKFLOW_EVENTS_TOPIC": "t",
        }
    ) == {"ssl.endpoint_identification-x": "a", "linger.ms": "5"}
    for bad in ("WORKFLOW_EVENTS_KAFKA_", "WORKFLOW_EVENTS_KAFKA_SASL____PASSWORD"):
        with pytest.raises(ValueError, match=re.escape(bad)) as raised:
            settings_from_environment({bad: "hunter2-value"})
        assert "hunter2" not in str(raised.value)


def test_secrets_are_redacted() -> None:
    config = producer_config("b:9093", settings(**{"sasl.password": "hunter2-x"}))
    shown = redacted(config)
    assert shown["sasl.password"] == REDACTED
    assert shown["sasl.username"] == "workflow-events"
    assert "hunter2" not in repr(shown)
    for key in ("sasl.password", "ssl.key.pem", "ssl.key.password", "sasl.pasword"):
        assert is_secret(key), key
    for key in ("sasl.username", "ssl.ca.location", "security.protocol"):
        assert not is_secret(key), key


def consume(config: dict[str, Any], topic: str, count: int) -> list[Any]:
    """``count`` messages of ``topic`` read by a consumer group with ``config``."""
    from confluent_kafka import Consumer

    consumer = Consumer(
        {
            **config,
            "group.id": f"secured-{uuid.uuid4()}",
            "auto.offset.reset": "earliest",
        }
    )
    try:
        consumer.subscribe([topic])
        messages: list[Any] = []
        deadline = time.monotonic() + interop.WAIT_S
        while len(messages) < count:
            assert time.monotonic() < deadline, f"{len(messages)} of {count} messages"
            message = consumer.poll(0.2)
            if message is None or message.error() is not None:
                continue
            messages.append(message)
        consumer.commit(asynchronous=False)
        return messages
    finally:
        consumer.close()


@needs_cluster
def test_publish_and_consume_over_sasl_ssl() -> None:
    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic

    bootstrap = SECURED["KAFKA_SASL_SSL_BOOTSTRAP"]
    config = producer_config(bootstrap, settings())
    check_connection(config)
    topic = f"py-secured-{uuid.uuid4()}"
    admin = AdminClient({"bootstrap.servers": bootstrap, **settings()})
    admin.create_topics([NewTopic(topic, 3, 1)])[topic].result(10)
    producer = Producer(config)
    corpus = interop.examples()
    events = [interop.make_event(corpus, i, 4) for i in range(20)]
    failures: list[Any] = []
    for event in events:
        publish(producer, topic, event, on_delivery=lambda e, _m: failures.append(e))
    assert producer.flush(30) == 0
    assert failures == [None] * len(events)
    # librdkafka's configuration dump and security debug lines go to the captured log that
    # scripts/test searches for the password.
    debug = {"debug": "conf,security"}
    read = consume({"bootstrap.servers": bootstrap, **settings(), **debug}, topic, 20)
    assert sorted(decode(m).model_dump_json() for m in read) == sorted(
        e.model_dump_json() for e in events
    )


def airflow_replacements() -> dict[str, str]:
    return {
        "WORKFLOW_EVENTS_BOOTSTRAP_SERVERS": SECURED["KAFKA_SASL_SSL_BOOTSTRAP"],
        "WORKFLOW_EVENTS_KAFKA_SASL_MECHANISM": "PLAIN",
        "WORKFLOW_EVENTS_KAFKA_SASL_PASSWORD": SECURED["KAFKA_TEST_PASSWORD"],
        "WORKFLOW_EVENTS_KAFKA_SSL_CA_LOCATION": SECURED["KAFKA_CA_LOCATION"],
    }


@needs_cluster
def test_airflow_variables_connect() -> None:
    """The README's Airflow variables, as the plugin reads them, publish over SASL_SSL."""
    from confluent_kafka import Producer

    environment = airflow_environment(airflow_replacements())
    bootstrap = environment["WORKFLOW_EVENTS_BOOTSTRAP_SERVERS"]
    config = producer_config(bootstrap, settings_from_environment(environment))
    check_connection(config)
    topic = f"py-airflow-secured-{uuid.uuid4()}"
    producer = Producer(config)
    event: WorkflowEvent = interop.make_event(interop.examples(), 0, 1)
    publish(producer, topic, event)
    assert producer.flush(30) == 0
    read = consume({"bootstrap.servers": bootstrap, **settings()}, topic, 1)
    assert decode(read[0]).model_dump_json() == event.model_dump_json()


def refused(bootstrap: str, **overrides: str) -> tuple[KafkaConnectionError, float]:
    started = time.monotonic()
    with pytest.raises(KafkaConnectionError) as raised:
        check_connection(producer_config(bootstrap, settings(**overrides)), timeout=20)
    return raised.value, time.monotonic() - started


@needs_cluster
@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_refused_login_names_the_cause(mechanism: str) -> None:
    error, took = refused(SECURED["KAFKA_SCRAM_BOOTSTRAP"], **{"sasl.mechanism": mechanism})
    print(f"{mechanism} refused after {took:.1f} s: {error}")
    assert error.kind == "authentication"
    assert "SASL authentication failed" in str(error) and "SCRAM" in str(error)
    assert took < 10


@needs_cluster
def test_untrusted_certificate_names_the_cause() -> None:
    error, took = refused(
        SECURED["KAFKA_SASL_SSL_BOOTSTRAP"],
        **{"ssl.ca.location": SECURED["KAFKA_UNTRUSTED_CA_LOCATION"]},
    )
    print(f"untrusted certificate refused after {took:.1f} s: {error}")
    assert error.kind == "tls"
    assert "certificate verify failed" in str(error)
    assert took < 10


@needs_cluster
def test_plaintext_client_at_the_tls_listener_fails_clearly() -> None:
    started = time.monotonic()
    with pytest.raises(KafkaConnectionError) as raised:
        check_connection(
            producer_config(SECURED["KAFKA_SASL_SSL_BOOTSTRAP"]), timeout=20
        )
    took = time.monotonic() - started
    print(f"plaintext client refused after {took:.1f} s: {raised.value}")
    assert raised.value.kind == "plaintext_to_tls"
    assert "TLS listener" in str(raised.value)
    assert took < 10
