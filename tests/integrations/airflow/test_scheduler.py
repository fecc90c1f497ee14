"""The plugin in a real Airflow deployment (api-server, dag-processor, scheduler as separate
processes): scheduler/harness.py, run as a process of its own (it starts the deployment
before any thread of its own, and kills it however it ends). See its docstring for what
it checks."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parent / "scheduler" / "harness.py"
DEADLINE = 300
"""Seconds the harness may take (it takes about 2 minutes on 2 cores)."""


def test_a_real_scheduler_survives_failed_runs_and_a_broker_that_is_down() -> None:
    process = subprocess.Popen(
        [sys.executable, str(HARNESS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        out, _ = process.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        # SIGTERM: the harness kills the deployment and its broker on the way out.
        process.send_signal(signal.SIGTERM)
        try:
            out, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
        raise AssertionError(
            f"the harness took more than {DEADLINE} s:\n{out}"
        ) from None
    print(out)
    assert process.returncode == 0, out
    assert "PASSED" in out
