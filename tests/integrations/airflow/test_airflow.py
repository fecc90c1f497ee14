"""workflow_events.integrations.airflow with the real Airflow (dag.test(), SQLite) and the
broker: the plugin is found through the package's ``airflow.plugins`` entry point and
configured from the environment (conftest.py)."""

from __future__ import annotations

import time
from typing import Any

import broker
from conftest import TOPIC
from wfe_dags import CALLBACK_EVENTS, DAGS, SEEN

from workflow_events.integrations import airflow as wfe


def events_of(received: list[Any], run_id: str) -> list[Any]:
    return [e for _m, e in received if e.workflow_run_id == run_id]


def test_the_plugin_is_registered_through_the_entry_point() -> None:
    from airflow.listeners.listener import get_listener_manager

    assert get_listener_manager().pm.is_registered(wfe.listener)


def test_dag_runs_publish_triggered_then_completed_or_failed() -> None:
    broker.new_topic_named(TOPIC)
    ok = DAGS["wfe_ok"].test()
    bad = DAGS["wfe_bad"].test()
    assert str(ok.state) == "success" and str(bad.state) == "failed"

    received = broker.read(TOPIC, 4)
    assert len(received) == 4
    for message, event in received:
        broker.check_record(message, event)
        assert event.source.value == "airflow"
        assert event.metadata.environment == "staging"
    good = events_of(received, ok.run_id)
    failed = events_of(received, bad.run_id)
    assert [(e.workflow_id, e.event_type.value) for e in good] == [
        ("wfe_ok", "workflow.triggered"),
        ("wfe_ok", "workflow.completed"),
    ]
    assert [(e.workflow_id, e.event_type.value) for e in failed] == [
        ("wfe_bad", "workflow.triggered"),
        ("wfe_bad", "workflow.failed"),
    ]
    done = good[1].payload.data
    assert done["state"] == "success" and done["msg"] == "success"
    assert done["duration_ms"] > 0
    assert good[0].payload.data["state"] == "running"
    lost = failed[1].payload.data
    assert lost["state"] == "failed" and lost["msg"] == "task_failure"
    assert lost["failed_tasks"] == [
        {"task_id": "load", "state": "failed", "try_number": 1}
    ]


def test_dag_callbacks_without_the_plugin() -> None:
    seen = SEEN
    ok = DAGS["wfe_cb_ok"].test()
    bad = DAGS["wfe_cb_bad"].test()
    assert CALLBACK_EVENTS.flush()
    assert [(e.workflow_run_id, e.event_type.value) for e in seen] == [
        (ok.run_id, "workflow.completed"),
        (bad.run_id, "workflow.failed"),
    ]
    # A DAG callback's context names the failed task instance (its state unset there).
    failed_task = seen[1].payload.data["failed_tasks"][0]
    assert (failed_task["task_id"], failed_task["try_number"]) == ("load", 1)
    assert seen[0].payload.data["state"] == "success"


def test_a_broker_that_is_down_costs_at_most_the_timeout() -> None:
    from confluent_kafka import Producer

    from workflow_events.kafka import producer_config

    timeout = 0.5
    try:
        wfe.configure(wfe.emitter(lambda event: None, environment="dev"))
        started = time.monotonic()
        assert str(DAGS["wfe_base_bad"].test().state) == "failed"
        base = time.monotonic() - started
        down = wfe.emitter(
            Producer(producer_config(broker.dead_address())),
            environment="dev",
            timeout=timeout,
            topic="nowhere",
        )
        wfe.configure(down)
        started = time.monotonic()
        assert str(DAGS["wfe_down_bad"].test().state) == "failed"
        elapsed = time.monotonic() - started
    finally:
        wfe.configure(None)
    assert down.stats().timed_out == 1 and down.stats().delivered == 0
    assert elapsed < base + timeout + 1.0, (base, elapsed)


def test_overhead_against_the_same_runs_without_the_integration() -> None:
    """Prints the ratio; asserts only that the measured runs' events all arrived."""
    topic = broker.new_topic("airflow-overhead")
    n = 3
    timings = {}
    run_ids = []
    try:
        for k, name in enumerate(["plain", "instrumented", "plain2"]):
            if name == "instrumented":
                wfe.configure(wfe.emitter(broker.producer(), topic=topic))
            else:
                wfe.disable()
            started = time.perf_counter()
            for i in range(n):
                run = DAGS[f"wfe_overhead_{2 * (k % 2) + i}"].test()
                if name == "instrumented":
                    run_ids.append(run.run_id)
            timings[name] = (time.perf_counter() - started) / n
    finally:
        wfe.configure(None)
    plain = (timings["plain"] + timings["plain2"]) / 2
    print(
        f"\nairflow overhead: {plain * 1e3:.1f} ms plain, "
        f"{timings['instrumented'] * 1e3:.1f} ms instrumented per dag.test() run "
        f"(ratio {timings['instrumented'] / plain:.2f}x, broker acks included)"
    )
    assert len(broker.read(topic, 2 * n)) == 2 * n
