"""The DAGs of the real-scheduler test (harness.py): ``wfe_sched_ok`` (extract >> load)
succeeds; in ``wfe_sched_bad`` (extract >> boom) ``boom`` raises on both of its tries
(``retries=1``), so the run fails with boom's try number 2."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import DAG, task


def make_dag(dag_id: str, fail: bool) -> DAG:
    with DAG(
        dag_id,
        schedule=None,
        start_date=datetime(2026, 1, 1, tzinfo=UTC),
        catchup=False,
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
