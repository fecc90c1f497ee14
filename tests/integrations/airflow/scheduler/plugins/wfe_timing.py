"""Test-only Airflow plugin of the real-scheduler test (harness.py): a pluggy hook wrapper
around every DAG-run listener call, so the time the scheduler spends inside the listeners
(the workflow-events plugin's) is measured from outside them: wall-clock time, and the
CPU time of the scheduler's thread (the part the listener's own work costs), and that
thread's context switches during the call (waits, and preemptions by the OS). One JSON line per call to
``$WFE_TIMING_FILE``; without that variable the plugin registers nothing."""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Generator
from typing import Any

from airflow.listeners import hookimpl
from airflow.plugins_manager import AirflowPlugin

TIMING_FILE = os.environ.get("WFE_TIMING_FILE")


def _switches() -> tuple[int, int]:
    """This thread's (voluntary, involuntary) context switches so far: a wait on a lock,
    the GIL or I/O is voluntary; the OS running another process is involuntary."""
    usage = resource.getrusage(resource.RUSAGE_THREAD)
    return usage.ru_nvcsw, usage.ru_nivcsw


def _record(
    hook: str, dag_run: Any, wall: float, cpu: float, switches: tuple[int, int]
) -> None:
    voluntary, involuntary = _switches()
    line = {
        "hook": hook,
        "dag_id": str(getattr(dag_run, "dag_id", "")),
        "run_id": str(getattr(dag_run, "run_id", "")),
        "ms": round(wall * 1000, 3),
        "cpu_ms": round(cpu * 1000, 3),
        "waits": voluntary - switches[0],
        "preempted": involuntary - switches[1],
        "at": time.time(),
        "pid": os.getpid(),
    }
    assert TIMING_FILE is not None
    with open(TIMING_FILE, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


class _Timer:
    @hookimpl(wrapper=True)
    def on_dag_run_running(self, dag_run: Any, msg: str) -> Generator[None, Any, Any]:
        switches = _switches()
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return (yield)
        finally:
            _record(
                "on_dag_run_running",
                dag_run,
                time.perf_counter() - started,
                time.thread_time() - cpu,
                switches,
            )

    @hookimpl(wrapper=True)
    def on_dag_run_success(self, dag_run: Any, msg: str) -> Generator[None, Any, Any]:
        switches = _switches()
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return (yield)
        finally:
            _record(
                "on_dag_run_success",
                dag_run,
                time.perf_counter() - started,
                time.thread_time() - cpu,
                switches,
            )

    @hookimpl(wrapper=True)
    def on_dag_run_failed(self, dag_run: Any, msg: str) -> Generator[None, Any, Any]:
        switches = _switches()
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return (yield)
        finally:
            _record(
                "on_dag_run_failed",
                dag_run,
                time.perf_counter() - started,
                time.thread_time() - cpu,
                switches,
            )


class WfeTimingPlugin(AirflowPlugin):
    name = "wfe_timing"
    listeners = [_Timer()] if TIMING_FILE else []
