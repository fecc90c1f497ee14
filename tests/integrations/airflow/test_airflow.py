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
    assert lost["failed_tasks"] == [{"task_id": "load", "state": "failed", "try_number": 1}]


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


def test_a_broker_that_is_down_costs_the_run_nothing() -> None:
    """The listener queues and returns: a broker that is down does not slow a run
    (the old listener waited up to the timeout, 5 s here, at each run's end)."""
    from confluent_kafka import Producer

    from workflow_events.kafka import producer_config

    timeout = 5.0
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
    assert elapsed < base + 1.0, (base, elapsed)
    # The failed tasks are read on the emitter's thread: wait (bounded) for both events.
    deadline = time.monotonic() + 10
    while down.stats().published < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not down.close(0.5)
    stats = down.stats()
    assert (stats.published, stats.delivered, stats.timed_out) == (2, 0, 1)


def test_the_listener_never_commits_the_callers_session() -> None:
    """The scheduler calls the listener inside its own transaction, under a guard that
    makes any commit on its (thread-local) session raise and roll everything back. The
    listener must leave that session alone: still usable, the DagRun still in it. (The
    listener before this change committed it there: the DagRun came out detached.)"""
    import sqlalchemy
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from airflow.utils.sqlalchemy import prohibit_commit

    seen: list[Any] = []
    events = wfe.emitter(seen.append, environment="dev")
    bad = DAGS["wfe_bad"].test()
    try:
        wfe.configure(events)
        with create_session() as session:
            dag_run = session.scalar(
                sqlalchemy.select(DagRun).where(
                    DagRun.dag_id == "wfe_bad", DagRun.run_id == bad.run_id
                )
            )
            with prohibit_commit(session) as guard:
                wfe.listener.on_dag_run_running(dag_run=dag_run, msg="started")
                wfe.listener.on_dag_run_failed(dag_run=dag_run, msg="task_failure")
                # Decided again (as after a rolled-back transaction): no second event.
                wfe.listener.on_dag_run_failed(dag_run=dag_run, msg="task_failure")
                assert sqlalchemy.inspect(dag_run).session is session
                assert session.scalar(sqlalchemy.select(sqlalchemy.literal(1))) == 1
                guard.commit()
    finally:
        wfe.configure(None)
    assert events.close()
    assert [e.event_type.value for e in seen] == [
        "workflow.triggered",
        "workflow.failed",
    ]
    assert seen[1].payload.data["failed_tasks"] == [
        {"task_id": "load", "state": "failed", "try_number": 1}
    ]
