"""The Airflow plugin in a real deployment: ``airflow api-server``, ``airflow dag-processor``
and ``airflow scheduler`` as separate processes (LocalExecutor, SQLite migrated afresh, a
temporary AIRFLOW_HOME under target/), the plugin configured by its ``WORKFLOW_EVENTS_*``
variables in the scheduler's environment, and a noida-db broker of this test's own
(``scripts/kafka-broker up noida`` with its own KAFKA_STATE, so stopping it disturbs no
other test).

1. ``wfe_sched_ok``, ``wfe_sched_bad`` and ``wfe_sched_cb`` (in both, ``boom`` fails on
   both of its tries) are triggered with ``airflow dags trigger``: each run ends in its
   final state in the database, the topic has exactly one ``triggered`` and one terminal
   event per run with the DAG and run ids, and each failed event names ``boom`` with try
   number 2. ``wfe_sched_cb``'s failure callback (``callbacks()``, run by Airflow in a
   process the dag-processor forks) publishes exactly one failed event, naming ``boom``
   with try number 2, to a topic of its own before that process exits.
2. The broker is stopped and both DAGs are triggered again: the runs still end, and the
   delivery failures are logged at WARNING while no further event is published (the
   plugin's thread polls the producer).
3. Throughout: the scheduler stays alive, and each run gets exactly one terminal listener
   call. Each DAG-run listener call, timed from outside by plugins/wfe_timing.py (a
   pluggy hook wrapper), costs the scheduler's thread at most ``--cpu-ms`` of CPU time
   (the listener's own work) and at most ``--wall-ms`` of wall-clock time (more than the
   CPU time only where the OS ran other processes: 2 cores, a whole Airflow; a wait for
   the broker would be the plugin's 2 s timeout). Then SIGTERM: the scheduler stops
   within its shutdown plus the plugin's flush timeout and logs, at WARNING, the events
   it could not deliver.

Run with the Airflow venv's Python (tests/integrations/run.sh airflow does, through
test_scheduler.py). Every wait has a deadline; every process started here is killed when
the harness ends, however it ends (its process group, on any exit, SIGTERM or SIGINT).
``--json FILE`` writes the listener timings (for scripts/bench-integrations).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
VENV_BIN = Path(sys.executable).parent
TOPIC = "workflow-events-scheduler"
CALLBACK_TOPIC = "workflow-events-callbacks"
OK, BAD, CB = "wfe_sched_ok", "wfe_sched_bad", "wfe_sched_cb"
FAILING = {BAD, CB}
BOOM = {"task_id": "boom", "state": "failed", "try_number": 2}
"""The failed task of a failed run: boom, failed on its second try."""
FINAL = {"success", "failed"}
FLUSH_TIMEOUT = 2.0
"""The plugin's WORKFLOW_EVENTS_TIMEOUT here: the longest its shutdown flush may take."""
DELIVERY_TIMEOUT = 30.0
"""The plugin's producer gives an undelivered event up after 30 s (message.timeout.ms)."""


class Failed(Exception):
    """A check that did not hold; the message says which and why."""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _die_with_parent() -> None:
    """In the child before exec: SIGKILL when the harness dies (prctl PR_SET_PDEATHSIG),
    the last resort if the harness itself is killed with SIGKILL."""
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)


class Deployment:
    """The processes of one Airflow deployment and their logs, under ``home``."""

    def __init__(self, home: Path, bootstrap: str) -> None:
        self.home = home
        self.bootstrap = bootstrap
        self.port = free_port()
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.timing_file = home / "listener-timings.jsonl"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AIRFLOW", "WORKFLOW_EVENTS_", "KAFKA_", "PYTEST"))
        }
        self.env.update(
            {
                "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                "AIRFLOW_HOME": str(home),
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
                "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                "AIRFLOW__CORE__PARALLELISM": "4",
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
                "AIRFLOW__CORE__DAGS_FOLDER": str(HERE / "dags"),
                "AIRFLOW__CORE__PLUGINS_FOLDER": str(HERE / "plugins"),
                "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": (
                    f"http://127.0.0.1:{self.port}/execution/"
                ),
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__API__PORT": str(self.port),
                "AIRFLOW__API__WORKERS": "1",
                "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(16),
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
                "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
            }
        )

    def dag_processor_env(self) -> dict[str, str]:
        """The dag-processor's: where wfe_sched_cb's callback publishes."""
        return {
            **self.env,
            "WFE_CALLBACK_BOOTSTRAP": self.bootstrap,
            "WFE_CALLBACK_TOPIC": CALLBACK_TOPIC,
        }

    def scheduler_env(self) -> dict[str, str]:
        """The scheduler's: the plugin's variables, and the timing plugin's file."""
        return {
            **self.env,
            "WORKFLOW_EVENTS_BOOTSTRAP_SERVERS": self.bootstrap,
            "WORKFLOW_EVENTS_ENVIRONMENT": "staging",
            "WORKFLOW_EVENTS_TOPIC": TOPIC,
            "WORKFLOW_EVENTS_TIMEOUT": str(FLUSH_TIMEOUT),
            "WFE_TIMING_FILE": str(self.timing_file),
        }

    def airflow(self, *args: str, timeout: float = 120) -> str:
        """Runs ``airflow ARGS`` to completion (bounded); its output, or Failed."""
        try:
            done = subprocess.run(
                [str(VENV_BIN / "airflow"), *args],
                check=False,
                env=self.env,
                cwd=self.home,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as e:
            raise Failed(f"airflow {' '.join(args)} took more than {timeout} s") from e
        if done.returncode != 0:
            raise Failed(
                f"airflow {' '.join(args)} exited {done.returncode}:\n"
                f"{(done.stdout + done.stderr)[-3000:]}"
            )
        return done.stdout

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> None:
        out = open(self.home / f"{name}.log", "wb")  # noqa: SIM115 (the child owns it)
        self.processes[name] = subprocess.Popen(
            [str(VENV_BIN / "airflow"), *args],
            env=env or self.env,
            cwd=self.home,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # Safe here: the harness starts these before any thread of its own
            # (the Kafka clients come later).
            preexec_fn=_die_with_parent,  # noqa: PLW1509
        )
        out.close()

    def log_of(self, name: str) -> str:
        return (self.home / f"{name}.log").read_text(errors="replace")

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            code = process.poll()
            if code is not None:
                tail = "\n".join(self.log_of(name).splitlines()[-40:])
                raise Failed(
                    f"airflow {name} exited with code {code}; its log ends:\n{tail}"
                )

    def wait(self, what: str, deadline: float, probe: Callable[[], bool]) -> None:
        """Waits until ``probe()`` while every process lives; Failed after ``deadline`` s."""
        until = time.monotonic() + deadline
        while True:
            self.check_alive()
            if probe():
                return
            if time.monotonic() > until:
                raise Failed(f"timed out after {deadline:.0f} s waiting for {what}")
            time.sleep(0.5)

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """A read of the metadata database (read-only, its own short connection)."""
        db = self.home / "airflow.db"
        if not db.exists():
            return []
        try:
            with contextlib.closing(
                sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            ) as connection:
                return list(connection.execute(sql, params).fetchall())
        except sqlite3.OperationalError:
            return []  # not migrated yet, or briefly locked: the caller polls again

    def run_state(self, dag_id: str, run_id: str) -> str | None:
        rows = self.query(
            "SELECT state FROM dag_run WHERE dag_id = ? AND run_id = ?", dag_id, run_id
        )
        return str(rows[0][0]) if rows else None

    def trigger(self, runs: list[tuple[str, str]]) -> None:
        """``airflow dags trigger`` for each (dag id, run id), concurrently, bounded."""
        started = [
            (
                dag_id,
                subprocess.Popen(
                    [
                        str(VENV_BIN / "airflow"),
                        "dags",
                        "trigger",
                        dag_id,
                        "--run-id",
                        run_id,
                    ],
                    env=self.env,
                    cwd=self.home,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                ),
            )
            for dag_id, run_id in runs
        ]
        for dag_id, process in started:
            try:
                out, _ = process.communicate(timeout=90)
            except subprocess.TimeoutExpired as e:
                raise Failed(
                    f"airflow dags trigger {dag_id} took more than 90 s"
                ) from e
            if process.returncode != 0:
                raise Failed(
                    f"airflow dags trigger {dag_id} failed:\n{out.decode()[-3000:]}"
                )

    def kill_all(self) -> None:
        """SIGTERM to every process group started here, then SIGKILL after 5 s."""
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        until = time.monotonic() + 5
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(max(0.1, until - time.monotonic()))
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(5)


@contextlib.contextmanager
def own_broker(state: Path) -> Iterator[tuple[str, Callable[[], None]]]:
    """A noida-db broker of this test's own: yields its address and a function that stops
    it. Stopped on the way out in any case."""
    env = {**os.environ, "KAFKA_STATE": str(state)}
    env.pop("KAFKA_BOOTSTRAP", None)
    script = str(ROOT / "scripts" / "kafka-broker")

    def down() -> None:
        subprocess.run([script, "down", "noida"], env=env, timeout=60, check=False)

    try:
        out = subprocess.run(
            [script, "up", "noida"],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        found = re.search(r"KAFKA_BOOTSTRAP=(\S+)", out.stdout)
        if out.returncode != 0 or not found:
            raise Failed(
                f"scripts/kafka-broker up noida failed:\n{out.stdout}{out.stderr}"
            )
        yield found.group(1), down
    finally:
        down()


def create_topic(bootstrap: str) -> None:
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    topics = [NewTopic(TOPIC, 1, 1), NewTopic(CALLBACK_TOPIC, 1, 1)]
    for future in admin.create_topics(topics).values():
        future.result(timeout=10)


def read_events(
    bootstrap: str, count: int, deadline: float, topic: str = TOPIC
) -> list[Any]:
    """The first ``count`` events of ``topic`` (then 2 s more, to see any extra one)."""
    from confluent_kafka import Consumer, TopicPartition
    from workflow_events.kafka import decode

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": uuid.uuid4().hex})
    consumer.assign([TopicPartition(topic, 0, 0)])
    found: list[Any] = []
    until = time.monotonic() + deadline
    try:
        while time.monotonic() < until:
            if len(found) >= count:
                until = min(until, time.monotonic() + 2.0)
            message = consumer.poll(0.2)
            if message is not None and message.error() is None:
                found.append(decode(message))
    finally:
        consumer.close()
    return found


def check_events(events: list[Any], runs: dict[str, str]) -> None:
    """One triggered then one terminal event per run (``runs``: run id → dag id), right
    ids, the failed event's failed tasks with their try numbers."""
    by_run: dict[str, list[Any]] = {}
    for event in events:
        by_run.setdefault(event.workflow_run_id, []).append(event)
    if set(by_run) != set(runs):
        raise Failed(f"events for runs {sorted(by_run)}, expected {sorted(runs)}")
    for run_id, dag_id in runs.items():
        kinds = [(e.workflow_id, e.event_type.value) for e in by_run[run_id]]
        terminal = "workflow.failed" if dag_id in FAILING else "workflow.completed"
        if kinds != [(dag_id, "workflow.triggered"), (dag_id, terminal)]:
            raise Failed(f"run {run_id}: events {kinds}")
        last = by_run[run_id][1].payload.data
        if dag_id in FAILING:
            tasks = last.get("failed_tasks")
            if tasks != [BOOM]:
                raise Failed(f"run {run_id}: failed_tasks {tasks!r}")
            if last.get("state") != "failed":
                raise Failed(f"run {run_id}: payload state {last.get('state')!r}")
        elif last.get("state") != "success":
            raise Failed(f"run {run_id}: payload state {last.get('state')!r}")
        if not (
            isinstance(last.get("duration_ms"), (int, float))
            and last["duration_ms"] > 0
        ):
            raise Failed(f"run {run_id}: duration_ms {last.get('duration_ms')!r}")
        for event in by_run[run_id]:
            if (
                event.source.value != "airflow"
                or event.metadata.environment != "staging"
            ):
                raise Failed(f"run {run_id}: source/environment {event!r}")


def warnings_matching(text: str, pattern: str) -> list[str]:
    """Lines of a log at level WARNING whose message matches ``pattern``."""
    return [
        line
        for line in text.splitlines()
        if re.search(pattern, line) and re.search(r"warn", line, re.IGNORECASE)
    ]


def logged_at(line: str) -> float:
    """The time of a log line (Airflow's ``2026-01-01T00:00:00.000000Z`` prefix)."""
    found = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)Z", line)
    if not found:
        return 0.0
    stamp = datetime.fromisoformat(found.group(1)).replace(tzinfo=UTC)
    return stamp.timestamp()


def timings(deployment: Deployment) -> list[dict[str, Any]]:
    if not deployment.timing_file.exists():
        return []
    return [
        json.loads(line)
        for line in deployment.timing_file.read_text().splitlines()
        if line.strip()
    ]


def check_listener_calls(
    calls: list[dict[str, Any]], runs: dict[str, str], cpu_ms: float, wall_ms: float
) -> None:
    """Each run: one ``running`` and exactly one terminal listener call, none costing
    more than ``cpu_ms`` of CPU time or ``wall_ms`` of wall-clock time."""
    for run_id, dag_id in runs.items():
        mine = [c["hook"] for c in calls if c["run_id"] == run_id]
        terminal = "on_dag_run_failed" if dag_id in FAILING else "on_dag_run_success"
        if mine != ["on_dag_run_running", terminal]:
            raise Failed(f"run {run_id}: listener calls {mine}")
    slow = [c for c in calls if c["cpu_ms"] > cpu_ms or c["ms"] > wall_ms]
    if slow:
        raise Failed(
            f"listener calls held the scheduler more than {cpu_ms} ms CPU "
            f"or {wall_ms} ms wall-clock: {slow}"
        )


def scenario(home: Path, cpu_ms: float, wall_ms: float, report: dict[str, Any]) -> None:
    with own_broker(home / "kafka") as (bootstrap, broker_down):
        log(f"own broker at {bootstrap}")
        deployment = Deployment(home, bootstrap)
        try:
            started = time.monotonic()
            deployment.airflow("db", "migrate", timeout=300)
            log(f"database migrated ({time.monotonic() - started:.0f} s)")
            deployment.start("api-server", "api-server")
            deployment.start(
                "dag-processor", "dag-processor", env=deployment.dag_processor_env()
            )
            deployment.start("scheduler", "scheduler", env=deployment.scheduler_env())

            def api_up() -> bool:
                url = f"http://127.0.0.1:{deployment.port}/api/v2/monitor/health"
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        return bool(response.status == 200)
                except OSError:
                    return False

            deployment.wait("the api-server's health endpoint", 120, api_up)
            deployment.wait(
                "the DAGs serialized by the dag-processor",
                120,
                lambda: (
                    len(
                        deployment.query(
                            "SELECT DISTINCT dag_id FROM serialized_dag "
                            "WHERE dag_id IN (?, ?, ?)",
                            OK,
                            BAD,
                            CB,
                        )
                    )
                    == 3
                ),
            )
            log(f"deployment up ({time.monotonic() - started:.0f} s)")
            create_topic(bootstrap)

            # 1. The broker is up.
            first = {"ok-1": OK, "bad-1": BAD, "cb-1": CB}
            deployment.trigger([(dag, run) for run, dag in first.items()])
            log("triggered ok-1, bad-1 and cb-1")
            for run_id, dag_id in first.items():
                deployment.wait(
                    f"run {run_id} in a final state",
                    150,
                    lambda d=dag_id, r=run_id: deployment.run_state(d, r) in FINAL,
                )
            states = {r: deployment.run_state(d, r) for r, d in first.items()}
            log(f"runs final: {states}")
            if states != {"ok-1": "success", "bad-1": "failed", "cb-1": "failed"}:
                raise Failed(f"run states {states}")
            events = read_events(bootstrap, 6, 30)
            check_events(events, first)
            log("events of ok-1, bad-1 and cb-1 checked")
            called = read_events(bootstrap, 1, 60, CALLBACK_TOPIC)
            kinds = [
                (e.workflow_id, e.workflow_run_id, e.event_type.value) for e in called
            ]
            if kinds != [(CB, "cb-1", "workflow.failed")]:
                raise Failed(f"the failure callback published {kinds}")
            tasks = called[0].payload.data.get("failed_tasks")
            if not (
                isinstance(tasks, list)
                and len(tasks) == 1
                and (tasks[0]["task_id"], tasks[0]["try_number"]) == ("boom", 2)
            ):
                raise Failed(f"the failure callback's failed_tasks: {tasks!r}")
            log("the failure callback's event checked")

            # 2. The broker is stopped.
            broker_down()
            log("broker stopped")
            second = {"ok-2": OK, "bad-2": BAD}
            deployment.trigger([(dag, run) for run, dag in second.items()])
            for run_id, dag_id in second.items():
                deployment.wait(
                    f"run {run_id} in a final state with the broker down",
                    150,
                    lambda d=dag_id, r=run_id: deployment.run_state(d, r) in FINAL,
                )
            states = {r: deployment.run_state(d, r) for r, d in second.items()}
            log(f"runs final with the broker down: {states}")
            if states != {"ok-2": "success", "bad-2": "failed"}:
                raise Failed(f"run states {states}")
            # Each of the 4 events times out 30 s after it was produced, the last one
            # 30 s after the last listener call at the latest. The failures must be
            # logged without another event being published (the old plugin logged them
            # only when the next event came): at least one after the last call.
            last_call = max(c["at"] for c in timings(deployment))

            def undelivered() -> tuple[int, int]:
                lines = warnings_matching(
                    deployment.log_of("scheduler"), r"not delivered"
                )
                return len(lines), sum(logged_at(line) > last_call for line in lines)

            deployment.wait(
                "WARNINGs of undelivered events after the last listener call",
                DELIVERY_TIMEOUT + 20,
                lambda: undelivered()[1] >= 1 and undelivered()[0] >= 2,
            )
            lost, after = undelivered()
            log(
                f"undelivered events logged at WARNING: {lost}, {after} after the last call"
            )

            # 3. The scheduler's listener calls, then its shutdown.
            calls = timings(deployment)
            check_listener_calls(calls, {**first, **second}, cpu_ms, wall_ms)
            deployment.check_alive()
            still = [
                (d, r, s)
                for d, r, s in deployment.query(
                    "SELECT dag_id, run_id, state FROM dag_run"
                )
                if s not in FINAL
            ]
            if still:
                raise Failed(f"runs not in a final state: {still}")
            scheduler = deployment.processes["scheduler"]
            stopping = time.monotonic()
            scheduler.send_signal(signal.SIGTERM)
            try:
                code = scheduler.wait(30)
            except subprocess.TimeoutExpired as e:
                raise Failed("the scheduler did not stop within 30 s of SIGTERM") from e
            stopped = time.monotonic() - stopping
            log(f"scheduler stopped in {stopped:.1f} s, code {code}")
            del deployment.processes["scheduler"]
            if code != 0:
                raise Failed(f"the scheduler exited {code} on SIGTERM")
            text = deployment.log_of("scheduler")
            # The phase's events the producer had not given up when the shutdown came.
            pending = 4 - len(warnings_matching(text, r"not delivered"))
            if pending and not warnings_matching(text, r"not confirmed at shutdown"):
                raise Failed(
                    f"no WARNING about the {pending} events the shutdown could not deliver"
                )
            report.update(listener_calls=calls, shutdown_s=round(stopped, 3))
            wall = sorted(c["ms"] for c in calls)
            cpu = sorted(c["cpu_ms"] for c in calls)
            log(
                f"listener: {len(calls)} calls; wall-clock median {statistics.median(wall):.3f}"
                f" ms, max {wall[-1]:.3f} ms; CPU median {statistics.median(cpu):.3f} ms, "
                f"max {cpu[-1]:.3f} ms"
            )
        finally:
            deployment.kill_all()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--home", type=Path, default=ROOT / "target/integrations/airflow-scheduler"
    )
    parser.add_argument("--cpu-ms", type=float, default=5.0)
    parser.add_argument("--wall-ms", type=float, default=100.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    shutil.rmtree(args.home, ignore_errors=True)
    args.home.mkdir(parents=True)
    report: dict[str, Any] = {}
    started = time.monotonic()
    try:
        scenario(args.home, args.cpu_ms, args.wall_ms, report)
    except Failed as failure:
        log(f"FAILED: {failure}")
        return 1
    finally:
        log(f"done in {time.monotonic() - started:.0f} s (logs in {args.home})")
        if args.json:
            args.json.write_text(json.dumps(report, indent=1))
    log("PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
