"""The DAGs of the real-scheduler test (harness.py): ``wfe_sched_ok`` (extract >> load)
succeeds; in ``wfe_sched_bad`` (extract >> boom) ``boom`` raises on both of its tries
(``retries=1``), so the run fails with boom's try number 2. ``wfe_sched_cb`` fails the
same way and has the package's DAG callbacks (``callbacks()``), which Airflow 3 runs in
a process the dag-processor forks for them; they publish to the topic
``$WFE_CALLBACK_TOPIC`` at ``$WFE_CALLBACK_BOOTSTRAP`` (the dag-processor's
environment)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.sdk import DAG, task
from workflow_events.integrations import airflow as wfe


def on_failure(context: Mapping[str, Any]) -> None:
    """The package's ``on_failure_callback`` with an emitter made in the callback's
    process (a Kafka producer does not survive the fork that made that process)."""
    from confluent_kafka import Producer
    from workflow_events.kafka import producer_config

    producer = Producer(producer_config(os.environ["WFE_CALLBACK_BOOTSTRAP"]))
    events = wfe.emitter(
        producer, environment="staging", topic=os.environ["WFE_CALLBACK_TOPIC"]
    )
    wfe.callbacks(events)["on_failure_callback"](context)


def make_dag(dag_id: str, fail: bool, **callbacks: Any) -> DAG:
    with DAG(
        dag_id,
        schedule=None,
        start_date=datetime(2026, 1, 1, tzinfo=UTC),
        catchup=False,
        **callbacks,
    ) as dag:

        @task
        def extract() -> int:
            return 1

        if fail:

            @task(retries=1, retry_delay=timedelta(seconds=1))
            def boom(value: int) -> None:
                raise ValueError("boom fails on purpose")

            boom(extract())
        else:

            @task
            def load(value: int) -> None:
                return None

            load(extract())
    return dag


wfe_sched_ok = make_dag("wfe_sched_ok", fail=False)
wfe_sched_bad = make_dag("wfe_sched_bad", fail=True)
wfe_sched_cb = make_dag("wfe_sched_cb", fail=True, on_failure_callback=on_failure)
