"""The Python side of scripts/bench-vs-pydantic: times pydantic on the corpus.

Usage: bench-pydantic.py <corpus.jsonl> <reps>. Prints one JSON line per case with the median
seconds of a pass over the whole corpus. Reading is streaming (validate one event, drop it);
dumping serializes events validated beforehand.

Cases: ``pydantic_validate`` / ``pydantic_dump`` use the generated package's 1.0 models (generated/python, workflow_events.v1_0,
found on PYTHONPATH) when it imports; ``pydantic_ref_validate`` / ``pydantic_ref_dump`` use a plain
hand-written pydantic v2 model of the same schema, the reference the issue's figures were
measured with (UUID, datetime, enums, a pattern, ``dict[str, Any]`` data, defaults).
``pydantic_native_validator`` and ``pydantic_pre_check`` time the two parts of the generated
package's read (its native validator called directly, and the text pre-check for non-finite
numbers) so that the summary can say where the time goes.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import datetime
from enum import Enum
from typing import Any, Callable
from uuid import UUID, uuid4

from pydantic import BaseModel, Field


class RefEventType(str, Enum):
    WORKFLOW_TRIGGERED = "workflow.triggered"
    WORKFLOW_COMPLETED = "workflow.completed"
    WORKFLOW_FAILED = "workflow.failed"


class RefEventSource(str, Enum):
    AIRFLOW = "airflow"
    LANGGRAPH = "langgraph"
    FASTAPI = "fastapi"


class RefPayload(BaseModel):
    data: dict[str, Any]


class RefMetadata(BaseModel):
    environment: str = Field(pattern="^(dev|staging|prod)$")
    version: str = "1.0"


class RefEvent(BaseModel):
    event_id: UUID = Field(default_factory=uuid4)
    event_type: RefEventType
    timestamp: datetime = Field(default_factory=datetime.now)
    source: RefEventSource
    workflow_id: str
    workflow_run_id: str
    payload: RefPayload
    metadata: RefMetadata


def main() -> None:
    path, reps = sys.argv[1], int(sys.argv[2])
    with open(path, "rb") as f:
        lines = f.read().splitlines()
    size = sum(len(line) for line in lines)

    def report(case: str, run: Callable[[], None]) -> None:
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        print(json.dumps({"case": case, "seconds": statistics.median(times),
                          "events": len(lines), "bytes": size}), flush=True)

    models: list[tuple[str, Any]] = [("pydantic_ref", RefEvent)]
    try:
        # The 1.0 models: the corpus and the reference model are 1.0 events.
        from workflow_events.v1_0 import WorkflowEvent
        models.insert(0, ("pydantic", WorkflowEvent))
    except ImportError as error:
        print(f"bench-pydantic: the generated package does not import ({error})", file=sys.stderr)

    for name, model in models:
        validate = model.model_validate_json

        def read() -> None:
            for line in lines:
                validate(line)

        report(f"{name}_validate", read)
        events = [validate(line) for line in lines]

        def dump() -> None:
            for event in events:
                event.model_dump_json()

        report(f"{name}_dump", dump)
        del events

    # Where the generated package's read goes: its native validator alone, and the text
    # pre-check alone (model_validate_json = pre-check + native validator + method call).
    runtime = sys.modules.get("workflow_events._runtime")
    if runtime is not None and models[0][0] == "pydantic":
        generated = models[0][1]
        generated.model_validate_json(lines[0])
        native = runtime._FAST_VALIDATORS[generated].validate_json
        check = runtime._numbers_plainly_finite

        def read_native() -> None:
            for line in lines:
                native(line)

        def pre_check() -> None:
            for line in lines:
                check(line)

        report("pydantic_native_validator", read_native)
        report("pydantic_pre_check", pre_check)


if __name__ == "__main__":
    main()
