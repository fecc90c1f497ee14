"""Airflow: the triggered / completed / failed events of DAG runs.

Install the ``airflow`` extra. The package registers the Airflow plugin
:data:`WorkflowEventsPlugin` (entry point ``airflow.plugins``), whose listener publishes,
for each DAG run: triggered when the run starts (``on_dag_run_running``), completed when
it succeeds, failed when it fails, with ``workflow_id`` = the DAG id and
``workflow_run_id`` = the run id. The payload has the run's ``state``, ``run_type``,
``logical_date``, ``start_date``, ``end_date``, ``duration_ms`` and Airflow's ``msg``; a
failed run adds ``failed_tasks`` (task id, state and try number of each task instance
in state ``failed`` or ``upstream_failed``).

DAG-run listeners run where Airflow changes the run's state, mostly inside the
scheduler's loop (``DagRun.update_state``, in the scheduler's own database transaction,
under its ``prohibit_commit`` guard), not in the workers: configure the scheduler's
environment (nothing is published while ``WORKFLOW_EVENTS_BOOTSTRAP_SERVERS`` is unset)::

    WORKFLOW_EVENTS_BOOTSTRAP_SERVERS=broker:9092  # the Kafka producer's bootstrap.servers
    WORKFLOW_EVENTS_ENVIRONMENT=prod               # dev, staging or prod (validated)
    WORKFLOW_EVENTS_TOPIC=workflow-events          # optional
    WORKFLOW_EVENTS_TIMEOUT=2                      # optional: seconds the shutdown waits

or call :func:`configure` with an emitter. The listener never touches the scheduler's
database session and never waits: it reads the attributes of the ``DagRun`` Airflow
hands it that are already loaded (an expired one would be a query through the
scheduler's session), and queues the event for the emitter's thread (see
:mod:`workflow_events.integrations._core`). The failed tasks are read on that thread,
with a short-lived session of its own (Airflow's ``NonScopedSession``, never the
scheduler's thread-local one), once the run's failed state is committed (at most
``timeout`` seconds later). At scheduler shutdown (the ``before_stopping`` listener hook)
the plugin waits at most ``timeout`` seconds for the events still queued.

Airflow's scheduler fires ``running`` when it starts a queued run; ``airflow dags test`` /
``dag.test()`` never does, so for a run triggered that way the listener publishes the
triggered event right before the run's terminal one (payload ``start_date`` is the run's
real start).

Without the plugin, :func:`on_success_callback` and :func:`on_failure_callback` (or
:func:`callbacks` with an emitter of your own) are DAG callbacks that publish the completed
and failed events (Airflow has no DAG callback for the start of a run). Airflow 3 runs
them in the dag-processor, where the database is out of reach: there ``failed_tasks``
is the task instance the callback's context names (the last one that failed).
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ..kafka import producer_config, settings_from_environment
from ._core import COMPLETED as _COMPLETED
from ._core import (
    DEFAULT_QUEUE_SIZE,
    DEFAULT_TIMEOUT,
    DEFAULT_TOPIC,
    Emitter,
    Publisher,
    current_run,
)
from ._core import FAILED as _FAILED
from ._core import TRIGGERED as _TRIGGERED

__all__ = [
    "BOOTSTRAP_VARIABLE",
    "SOURCE",
    "WorkflowEventsPlugin",
    "callbacks",
    "configure",
    "current_run",
    "disable",
    "emitter",
    "listener",
    "on_failure_callback",
    "on_success_callback",
]

SOURCE = "airflow"
"""The ``source`` of the events of this integration."""

logger = logging.getLogger("workflow_events.integrations")

BOOTSTRAP_VARIABLE = "WORKFLOW_EVENTS_BOOTSTRAP_SERVERS"
TOPIC_VARIABLE = "WORKFLOW_EVENTS_TOPIC"
TIMEOUT_VARIABLE = "WORKFLOW_EVENTS_TIMEOUT"
_PRODUCER_SETTINGS = {"message.timeout.ms": 30000}
"""The environment's producer gives up on an event after 30 s (then counted failed)."""

_FAILED_STATES = ("failed", "upstream_failed")
"""The task instance states a failed run's ``failed_tasks`` lists."""
_COMMIT_POLL = 0.05
"""Seconds between two looks for the committed state of a failed run."""
_REMEMBERED = 10_000
"""Runs the listener remembers (to publish one terminal event per run)."""
_RUN_FIELDS = (
    "dag_id",
    "run_id",
    "state",
    "run_type",
    "logical_date",
    "start_date",
    "end_date",
    "triggered_by",
)


def emitter(
    publisher: Publisher,
    *,
    environment: str | None = None,
    topic: str = DEFAULT_TOPIC,
    timeout: float = DEFAULT_TIMEOUT,
    queue_size: int = DEFAULT_QUEUE_SIZE,
) -> Emitter:
    """An :class:`~workflow_events.integrations.Emitter` with ``source`` ``airflow``."""
    return Emitter(
        publisher,
        SOURCE,
        environment=environment,
        topic=topic,
        timeout=timeout,
        queue_size=queue_size,
    )


_lock = threading.Lock()
_configured: list[Emitter | None] = []
_from_env: list[Emitter] = []
"""The emitter :func:`_from_environment` made in this process, if any."""


def configure(events: Emitter | None) -> None:
    """Use ``events`` for the listener and the callbacks (``None``: from the environment)."""
    with _lock:
        _configured[:] = [events] if events is not None else []


def disable() -> None:
    """Publish nothing (until :func:`configure`)."""
    with _lock:
        _configured[:] = [None]


def _from_environment() -> Emitter | None:
    bootstrap = os.environ.get(BOOTSTRAP_VARIABLE)
    if not bootstrap:
        logger.warning(
            "%s is not set: no workflow events published", BOOTSTRAP_VARIABLE
        )
        return None
    kafka = importlib.import_module("confluent_kafka")
    settings = {**_PRODUCER_SETTINGS, **settings_from_environment()}
    producer = kafka.Producer(producer_config(bootstrap, settings))
    return emitter(
        producer,
        topic=os.environ.get(TOPIC_VARIABLE) or DEFAULT_TOPIC,
        timeout=float(os.environ.get(TIMEOUT_VARIABLE) or DEFAULT_TIMEOUT),
    )


def _events() -> Emitter | None:
    with _lock:
        if not _configured:
            try:
                made = _from_environment()
            except Exception:
                logger.warning("workflow events not configured", exc_info=True)
                made = None
            _configured.append(made)
            _from_env[:] = [made] if made is not None else []
        return _configured[0]


def _after_fork() -> None:
    """In a forked child (Airflow forks task and callback processes): a lock of its own,
    and a new producer if the environment's is needed (librdkafka's does not survive a
    fork)."""
    global _lock
    _lock = threading.Lock()
    if _configured and _from_env and _configured[0] is _from_env[0]:
        _configured.clear()
    _from_env.clear()


os.register_at_fork(after_in_child=_after_fork)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return str(getattr(value, "value", value))


@functools.cache
def _inspect() -> Callable[..., Any] | None:
    try:
        found: Callable[..., Any] = importlib.import_module("sqlalchemy").inspect
    except ImportError:
        return None
    return found


def _loaded(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """``obj``'s attributes ``names`` without a database read: an attribute of an ORM
    instance that is not loaded (expired, deferred) is left out, where reading it would
    query through the session the instance belongs to (the scheduler's). A synonym
    (``DagRun.state`` is one of ``_state``) counts as loaded when its column is."""
    inspect = _inspect()
    state = inspect(obj, raiseerr=False) if inspect is not None else None
    if state is None or not hasattr(state, "unloaded"):
        return {name: getattr(obj, name, None) for name in names}
    unloaded = state.unloaded
    synonyms = state.mapper.synonyms
    found: dict[str, Any] = {}
    for name in names:
        column = synonyms[name].name if name in synonyms else name
        if column not in unloaded:
            found[name] = getattr(obj, name, None)
    return found


def _failed_task(
    task_id: Any, state: Any, try_number: Any, map_index: Any
) -> dict[str, object]:
    """A failed task of the payload: task id, state, try number (map index if mapped)."""
    found: dict[str, object] = {
        "task_id": str(task_id),
        "state": _text(state),
        "try_number": try_number,
    }
    if isinstance(map_index, int) and map_index >= 0:
        found["map_index"] = map_index
    return found


def _task(ti: Any) -> dict[str, object]:
    """The failed task of a task instance Airflow handed over (loaded attributes only)."""
    f = _loaded(ti, ("task_id", "state", "try_number", "map_index"))
    return _failed_task(
        f.get("task_id"), f.get("state"), f.get("try_number"), f.get("map_index")
    )


def _failed_tasks(
    dag_id: str, run_id: str, wait: float
) -> list[dict[str, object]] | None:
    """The run's task instances in a failed state, read with a short-lived session of
    this function's own, never the caller's thread-local one (``None`` where this process
    has no database: Airflow's task and callback processes). Runs on the emitter's
    thread: it first waits (at most ``wait`` seconds) for the run's failed state to be
    committed, since the scheduler's listener call comes before its commit, and its
    transaction may also set ``upstream_failed`` on further task instances."""
    try:
        settings = importlib.import_module("airflow.settings")
    except ImportError:
        return None
    # Airflow's task and callback processes remove it (block_orm_access).
    factory = getattr(settings, "NonScopedSession", None)
    if factory is None:
        return None
    sql = importlib.import_module("sqlalchemy")
    run = importlib.import_module("airflow.models.dagrun").DagRun
    ti = importlib.import_module("airflow.models.taskinstance").TaskInstance
    until = time.monotonic() + wait
    while True:
        with factory() as session:
            state = session.scalar(
                sql.select(run.state).where(run.dag_id == dag_id, run.run_id == run_id)
            )
            if _text(state) == "failed" or time.monotonic() >= until:
                rows = session.execute(
                    sql.select(ti.task_id, ti.state, ti.try_number, ti.map_index)
                    .where(
                        ti.dag_id == dag_id,
                        ti.run_id == run_id,
                        ti.state.in_(_FAILED_STATES),
                    )
                    .order_by(ti.task_id, ti.map_index)
                ).all()
                return [_failed_task(*row) for row in rows]
        time.sleep(_COMMIT_POLL)


def _failed_task_fields(
    dag_id: str, run_id: str, wait: float, known: list[dict[str, object]]
) -> Callable[[], Mapping[str, object]]:
    """The ``failed_tasks`` field, computed on the emitter's thread: from the database,
    else (no database in this process, or none found there) ``known``."""

    def complete() -> Mapping[str, object]:
        try:
            found = _failed_tasks(dag_id, run_id, wait)
        except Exception:
            logger.warning(
                "failed tasks of run %s of %s not read", run_id, dag_id, exc_info=True
            )
            found = None
        return {"failed_tasks": found or known}

    return complete


def run_data(dag_run: Any, msg: str | None = None) -> dict[str, object]:
    """The payload fields of a DAG run: state, dates, duration, run type, message (only
    attributes already loaded are read: see :func:`_loaded`)."""
    fields = _loaded(dag_run, _RUN_FIELDS)
    start = fields.get("start_date")
    end = fields.get("end_date")
    data: dict[str, object] = {
        "state": _text(fields.get("state")),
        "run_type": _text(fields.get("run_type")),
        "logical_date": _text(fields.get("logical_date")),
        "start_date": _text(start),
    }
    if end is not None:
        data["end_date"] = _text(end)
    if isinstance(start, datetime) and isinstance(end, datetime):
        data["duration_ms"] = round((end - start).total_seconds() * 1000, 3)
    if msg:
        data["msg"] = msg
    return data


def _ids(dag_run: Any) -> tuple[str, str] | None:
    fields = _loaded(dag_run, ("dag_id", "run_id"))
    dag_id, run_id = fields.get("dag_id"), fields.get("run_id")
    if dag_id is None or run_id is None:
        logger.warning(
            "workflow event of %r not published: its ids are not loaded", dag_run
        )
        return None
    return str(dag_id), str(run_id)


class _Listener:
    """The DAG-run hooks (pluggy, project ``airflow``): they queue events and return,
    never read through Airflow's session, never raise into Airflow.

    Airflow calls them before its transaction commits; should that roll back, the run is
    decided again later. So a run that ended gets no second terminal event in this
    process until it runs again (the last 10,000 runs are remembered)."""

    def __init__(self) -> None:
        self._runs: OrderedDict[tuple[str, str], bool] = OrderedDict()
        """Runs seen, oldest first: whether their terminal event was published."""
        self._lock = threading.Lock()

    def _seen(self, key: tuple[str, str], ended: bool) -> bool | None:
        """Records the run as started or ended; what was known of it before."""
        with self._lock:
            before = self._runs.pop(key, None)
            self._runs[key] = ended
            while len(self._runs) > _REMEMBERED:
                self._runs.popitem(last=False)
            return before

    def _publish(self, event_type: str, dag_run: Any, msg: str | None) -> None:
        try:
            events = _events()
            if events is None:
                return
            key = _ids(dag_run)
            if key is None:
                return
            data = run_data(dag_run, msg)
            if event_type == _TRIGGERED:
                self._seen(key, False)
                events.emit(_TRIGGERED, key[0], key[1], data)
                return
            before = self._seen(key, True)
            if before:
                logger.info("run %s of %s ended before: no second event", *key[::-1])
                return
            triggered_by = _loaded(dag_run, ("triggered_by",)).get("triggered_by")
            if before is None and _text(triggered_by) == "test":
                # dags test never fires `running` (only the scheduler does).
                events.emit(_TRIGGERED, key[0], key[1], {**data, "state": "running"})
            complete = None
            if event_type == _FAILED:
                complete = _failed_task_fields(key[0], key[1], events.timeout, [])
            events.emit(event_type, key[0], key[1], data, complete=complete)
        except Exception:
            logger.warning("workflow event of %r not published", dag_run, exc_info=True)

    def on_dag_run_running(self, dag_run: Any, msg: str) -> None:
        self._publish(_TRIGGERED, dag_run, msg)

    def on_dag_run_success(self, dag_run: Any, msg: str) -> None:
        self._publish(_COMPLETED, dag_run, msg)

    def on_dag_run_failed(self, dag_run: Any, msg: str) -> None:
        self._publish(_FAILED, dag_run, msg)

    def on_starting(self, component: Any) -> None:
        """An Airflow job (the scheduler…) starts: with the broker configured, the
        producer is made now, so that the first DAG run's event does not pay for it
        inside the scheduler's loop (not in a task process: no producer per task)."""
        try:
            if type(component).__module__ == "airflow.jobs.job" and os.environ.get(
                BOOTSTRAP_VARIABLE
            ):
                _events()
        except Exception:
            logger.warning("workflow events not configured", exc_info=True)

    def before_stopping(self, component: Any) -> None:
        """An Airflow component (the scheduler…) stops: the events still queued get at
        most the emitter's ``timeout`` seconds to be delivered."""
        try:
            with _lock:
                events = _configured[0] if _configured else None
            if events is not None:
                events.close()
        except Exception:
            logger.warning("workflow events not flushed at shutdown", exc_info=True)


listener = _Listener()
"""The listener object the plugin registers."""


def callbacks(
    events: Emitter | None = None,
) -> dict[str, Callable[[Mapping[str, Any]], None]]:
    """``on_success_callback`` and ``on_failure_callback`` for a DAG (``DAG(**callbacks())``)
    publishing with ``events`` (default: :func:`configure`'s or the environment's)."""

    def publish(context: Mapping[str, Any], event_type: str) -> None:
        try:
            chosen = events or _events()
            dag_run = context.get("dag_run")
            if chosen is None or dag_run is None:
                return
            key = _ids(dag_run)
            if key is None:
                return
            data = run_data(dag_run, _text(context.get("reason")))
            complete = None
            if event_type == _FAILED:
                ti = context.get("ti") or context.get("task_instance")
                known = [_task(ti)] if ti is not None else []
                complete = _failed_task_fields(key[0], key[1], chosen.timeout, known)
            chosen.emit(event_type, key[0], key[1], data, complete=complete)
        except Exception:
            logger.warning(
                "workflow event of a DAG callback not published", exc_info=True
            )

    return {
        "on_success_callback": lambda context: publish(context, _COMPLETED),
        "on_failure_callback": lambda context: publish(context, _FAILED),
    }


_default_callbacks = callbacks()
on_success_callback = _default_callbacks["on_success_callback"]
"""A DAG ``on_success_callback`` publishing the completed event."""
on_failure_callback = _default_callbacks["on_failure_callback"]
"""A DAG ``on_failure_callback`` publishing the failed event."""


def _plugin() -> type:
    hookimpl = importlib.import_module("airflow.listeners").hookimpl
    for name in (
        "on_dag_run_running",
        "on_dag_run_success",
        "on_dag_run_failed",
        "on_starting",
        "before_stopping",
    ):
        hookimpl(getattr(_Listener, name))
    base = importlib.import_module("airflow.plugins_manager").AirflowPlugin
    return type(
        "WorkflowEventsPlugin",
        (base,),
        {
            "name": "workflow_events",
            "listeners": [listener],
            "__module__": __name__,
            "__doc__": "Publishes the workflow events of DAG runs.",
        },
    )


WorkflowEventsPlugin = _plugin()
"""The Airflow plugin (``airflow.plugins`` entry point ``workflow_events``)."""
