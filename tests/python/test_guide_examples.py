"""Every Python example of the seed guide (workflow-event-schema-guide.md), as written.

Blocks are copied verbatim; where the guide uses a placeholder (``...`` or ``"..."``) the
smallest real value is filled in and the change is commented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_event_schema_structure() -> None:
    from workflow_events import WorkflowEvent, EventType, EventSource, WorkflowEventPayload, WorkflowEventMetadata

    event = WorkflowEvent(
        event_type=EventType.WORKFLOW_COMPLETED,
        source=EventSource.AIRFLOW,
        workflow_id="example_dag",
        workflow_run_id="run_123",
        payload=WorkflowEventPayload(data={"status": "success", "count": 100}),
        metadata=WorkflowEventMetadata(environment="dev", version="1.0")
    )
    assert event.workflow_id == "example_dag"


def test_event_types() -> None:
    from workflow_events import EventType

    # All event types
    assert EventType.WORKFLOW_TRIGGERED == "workflow.triggered"
    assert EventType.WORKFLOW_COMPLETED == "workflow.completed"
    assert EventType.WORKFLOW_FAILED == "workflow.failed"


def test_event_sources() -> None:
    from workflow_events import EventSource

    # All event sources
    assert EventSource.AIRFLOW == "airflow"
    assert EventSource.LANGGRAPH == "langgraph"
    assert EventSource.FASTAPI == "fastapi"


def test_payload_structure() -> None:
    from workflow_events import WorkflowEventPayload

    payload = WorkflowEventPayload(
        data={
            "status": "success",
            "count": 100,
            "tasks": [
                {"id": 1, "status": "completed"},
                {"id": 2, "status": "running"}
            ]
        }
    )
    assert payload.data["tasks"][1] == {"id": 2, "status": "running"}


def test_metadata_structure() -> None:
    from workflow_events import WorkflowEventMetadata

    metadata = WorkflowEventMetadata(
        environment="dev",  # Must be: "dev", "staging", or "prod"
        version="1.0"       # Schema version (default: "1.0")
    )
    assert metadata.version == "1.0"


def _guide_event():  # the event the guide's serialization section refers to
    from workflow_events import WorkflowEvent, EventType, EventSource, WorkflowEventPayload, WorkflowEventMetadata

    return WorkflowEvent(
        event_type=EventType.WORKFLOW_COMPLETED,
        source=EventSource.AIRFLOW,
        workflow_id="example_dag",
        workflow_run_id="run_123",
        payload=WorkflowEventPayload(data={"status": "success", "count": 100}),
        metadata=WorkflowEventMetadata(environment="dev", version="1.0")
    )


def test_serialization() -> None:
    event = _guide_event()
    event_dict = event.model_dump()
    assert event_dict["event_type"] == "workflow.completed"
    assert isinstance(event_dict["event_id"], str) and isinstance(event_dict["timestamp"], str)

    json_str = event.model_dump_json()
    assert json_str.startswith('{"event_id":"') and '"event_type":"workflow.completed"' in json_str


def test_deserialize_from_json() -> None:
    from workflow_events import WorkflowEvent

    # The guide elides the fields ('{"event_id":"...",...}'); this is a complete event.
    json_data = _guide_event().model_dump_json()
    event = WorkflowEvent.model_validate_json(json_data)
    assert event.event_type == "workflow.completed"


def test_deserialize_from_dictionary() -> None:
    from workflow_events import WorkflowEvent

    event_dict = {
        "event_id": "123e4567-e89b-12d3-a456-426614174000",
        "event_type": "workflow.completed",
        "timestamp": "2025-01-27T10:00:00",
        "source": "airflow",
        "workflow_id": "example_dag",
        "workflow_run_id": "run_123",
        "payload": {"data": {"status": "success"}},
        "metadata": {"environment": "dev", "version": "1.0"}
    }
    event = WorkflowEvent.model_validate(event_dict)
    assert str(event.event_id) == "123e4567-e89b-12d3-a456-426614174000"


def test_json_schema_generation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    from workflow_events.schema_utils import generate_json_schema, save_json_schema

    # Generate validation schema
    validation_schema = generate_json_schema(mode="validation")

    # Generate serialization schema
    serialization_schema = generate_json_schema(mode="serialization")

    # Save schema to file
    save_json_schema("workflow_event_schema.json", mode="validation")

    assert validation_schema["title"] == serialization_schema["title"] == "WorkflowEvent"
    assert json.loads((tmp_path / "workflow_event_schema.json").read_text()) == validation_schema


def test_schema_versioning() -> None:
    from workflow_events import WorkflowEvent, EventType, EventSource, WorkflowEventPayload, WorkflowEventMetadata

    event = WorkflowEvent(
        # The guide writes `...` for the other arguments.
        event_type=EventType.WORKFLOW_COMPLETED,
        source=EventSource.AIRFLOW,
        workflow_id="example_dag",
        workflow_run_id="run_123",
        payload=WorkflowEventPayload(data={}),
        metadata=WorkflowEventMetadata(environment="dev", version="1.0")
    )
    assert event.metadata.version == "1.0"


def test_validation(capsys: pytest.CaptureFixture[str]) -> None:
    from workflow_events import WorkflowEvent, EventSource, WorkflowEventPayload, WorkflowEventMetadata
    from pydantic import ValidationError

    try:
        event = WorkflowEvent(
            event_type="invalid.type",  # Invalid event type
            source=EventSource.AIRFLOW,
            workflow_id="test",
            workflow_run_id="run_123",
            payload=WorkflowEventPayload(data={}),
            metadata=WorkflowEventMetadata(environment="dev")
        )
    except ValidationError as e:
        print(e.errors())
        # [{'type': 'enum', 'loc': ('event_type',), 'msg': 'Input should be ...', ...}]
        errors = e.errors()
    else:
        pytest.fail(f"accepted {event!r}")
    assert [(err["type"], err["loc"]) for err in errors] == [("enum", ("event_type",))]
    assert errors[0]["msg"].startswith("Input should be ")
    assert "'enum'" in capsys.readouterr().out


def test_example_1_airflow_completion() -> None:
    from workflow_events import (
        WorkflowEvent,
        EventType,
        EventSource,
        WorkflowEventPayload,
        WorkflowEventMetadata
    )

    event = WorkflowEvent(
        event_type=EventType.WORKFLOW_COMPLETED,
        source=EventSource.AIRFLOW,
        workflow_id="example_etl_dag",
        workflow_run_id="run_2025-01-27T10:00:00",
        payload=WorkflowEventPayload(data={
            "status": "success",
            "tasks_completed": 5,
            "duration_seconds": 120
        }),
        metadata=WorkflowEventMetadata(environment="dev", version="1.0")
    )

    # Serialize for Kafka
    json_str = event.model_dump_json()
    assert json.loads(json_str)["payload"]["data"]["duration_seconds"] == 120


def test_example_2_langgraph_triggered() -> None:
    from workflow_events import WorkflowEvent, EventType, EventSource, WorkflowEventPayload, WorkflowEventMetadata

    event = WorkflowEvent(
        event_type=EventType.WORKFLOW_TRIGGERED,
        source=EventSource.LANGGRAPH,
        workflow_id="trading_analysis_workflow",
        workflow_run_id="run_789",
        payload=WorkflowEventPayload(data={
            "input": {"symbol": "AAPL", "timeframe": "1h"},
            "workflow_type": "analysis"
        }),
        metadata=WorkflowEventMetadata(environment="prod", version="1.0")
    )
    assert event.source == "langgraph"


def test_example_3_failed() -> None:
    from workflow_events import WorkflowEvent, EventType, EventSource, WorkflowEventPayload, WorkflowEventMetadata

    event = WorkflowEvent(
        event_type=EventType.WORKFLOW_FAILED,
        source=EventSource.AIRFLOW,
        workflow_id="data_processing_dag",
        workflow_run_id="run_456",
        payload=WorkflowEventPayload(data={
            "error": "Task timeout",
            "failed_task": "extract_data",
            "retry_count": 3
        }),
        metadata=WorkflowEventMetadata(environment="staging", version="1.0")
    )
    assert event.payload.data["retry_count"] == 3
