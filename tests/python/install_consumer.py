"""A consumer of the installed ``workflow-events`` distribution (tests/python/install.sh).

Usage: python install_consumer.py <schema directory> <expected package version>

Checks, with the package as installed (a wheel, an sdist or from an index; never the
checkout): its version; every schema version's subpackage reads each example of its version
and writes the canonical bytes; ``parse_any`` reads each example with the version it declares;
``kafka.decode`` reads what ``kafka.record`` wrote; the root is the newest version; the seed
guide's example runs against the root; construction refuses an unknown keyword argument.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import re
import sys
from pathlib import Path

import workflow_events
from pydantic import ValidationError
from workflow_events import kafka


def main() -> int:
    schema, version = Path(sys.argv[1]), sys.argv[2]
    installed = importlib.metadata.version("workflow-events")
    assert installed == version, (installed, version)
    assert "site-packages" in workflow_events.__file__, workflow_events.__file__
    dirs = sorted(
        (p for p in schema.iterdir() if re.fullmatch(r"v[0-9]+\.[0-9]+", p.name)),
        key=lambda p: tuple(int(n) for n in p.name[1:].split(".")),
    )
    assert [d.name[1:] for d in dirs] == list(workflow_events.SCHEMA_VERSIONS)
    assert workflow_events.SCHEMA_VERSION == workflow_events.SCHEMA_VERSIONS[-1]
    count = 0
    for d in dirs:
        sub = importlib.import_module(f"workflow_events.v{d.name[1:].replace('.', '_')}")
        assert sub.SCHEMA_VERSION == d.name[1:]
        for example in sorted((d / "examples").glob("*.json")):
            text = example.read_bytes()
            canonical = (d / "examples" / "canonical" / example.name).read_text().removesuffix("\n")
            assert sub.WorkflowEvent.model_validate_json(text).model_dump_json() == canonical
            claimed = json.loads(text).get("metadata", {}).get("version")
            event = workflow_events.parse_any(text)
            assert workflow_events.version_of(event) == workflow_events.choose_version(claimed)
            if claimed == sub.SCHEMA_VERSION:
                assert event.model_dump_json() == canonical
            _key, value, _headers = kafka.record(event)
            assert kafka.decode(value) == event
            count += 1
    try:
        workflow_events.parse_any('{"metadata": {"environment": "dev", "version": "99.0"}}')
        raise AssertionError("an unknown major was read")
    except ValidationError as e:
        assert e.errors()[0]["type"] == "unknown_version"

    # The seed guide's first example, against the root, unchanged.
    from workflow_events import EventSource, EventType, WorkflowEvent, WorkflowEventMetadata, WorkflowEventPayload

    event = WorkflowEvent(
        event_type=EventType.WORKFLOW_COMPLETED,
        source=EventSource.AIRFLOW,
        workflow_id="example_dag",
        workflow_run_id="run_123",
        payload=WorkflowEventPayload(data={"status": "success", "count": 100}),
        metadata=WorkflowEventMetadata(environment="dev", version="1.0"),
    )
    assert WorkflowEvent.model_validate_json(event.model_dump_json()) == event
    try:
        WorkflowEventPayload(data={}, dta={})  # type: ignore[call-arg]
        raise AssertionError("an unknown keyword argument was accepted")
    except ValidationError as e:
        assert [(d["type"], d["loc"]) for d in e.errors()] == [("extra_forbidden", ("dta",))]
    print(f"consumer: workflow-events {installed}: {count} examples of "
          f"{', '.join(workflow_events.SCHEMA_VERSIONS)} read by version and by parse_any")
    return 0


if __name__ == "__main__":
    sys.exit(main())
