"""The DAGs of test_airflow.py (dag.test() runs DAGs of a bundle: this folder is the dags
folder, see conftest.py). Each DAG: extract, then load, which fails in the *_bad DAGs."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from airflow.sdk import DAG, task

from workflow_events.integrations import airflow as wfe

SEEN: list[Any] = []
"""The events of the DAGs with callbacks (a callable publisher)."""
CALLBACK_EVENTS = wfe.emitter(SEEN.append, environment="dev")


def make_dag(dag_id: str, fail: bool, **callbacks: Any) -> DAG:
    with DAG(
        dag_id,
        schedule=None,
        start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
        catchup=False,
        **callbacks,
    ) as dag:

        @task
        def extract() -> int:
            return 1

        @task(retries=0)
        def load(value: int) -> None:
            if fail:
                raise ValueError("load failed on purpose")

        load(extract())
    return dag


DAGS = {
    name: make_dag(name, fail=name.endswith("_bad"))
    for name in ["wfe_ok", "wfe_bad", "wfe_base_bad", "wfe_down_bad"]
}
DAGS.update(
    {
        name: make_dag(name, fail=name.endswith("_bad"), **wfe.callbacks(CALLBACK_EVENTS))
        for name in ["wfe_cb_ok", "wfe_cb_bad"]
    }
)
