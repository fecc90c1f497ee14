"""The seed guide's test list: creation and validation, invalid events, JSON round trips,
schema generation, versioning, and the enums, against the seed's version (1.0), pinned as a
producer pins it (``workflow_events.v1_0``); the guide's own examples run against the package
root in test_guide_examples.py."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from pydantic import ValidationError

from conftest import error_list
from workflow_events.v1_0 import (
    SCHEMA_VERSION,
    EventSource,
    EventType,
    WorkflowEvent,
    WorkflowEventMetadata,
    WorkflowEventPayload,
)
from workflow_events.v1_0.schema_utils import generate_json_schema, save_json_schema

UTC_Z = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z")


# --- creation and validation -------------------------------------------------------------


def test_create_event_fills_id_and_timestamp(event_kwargs: dict[str, Any]) -> None:
    before = datetime.now(timezone.utc)
    event = WorkflowEvent(**event_kwargs)
    after = datetime.now(timezone.utc)
    assert isinstance(event.event_id, UUID) and event.event_id.version == 4
    assert event.timestamp.tzinfo is not None
    assert before <= event.timestamp <= after
    assert event.event_type is EventType.WORKFLOW_COMPLETED
    assert event.source is EventSource.AIRFLOW
    assert event.payload.data == {"status": "success", "count": 100}
    assert event.metadata.environment == "dev"


def test_each_event_gets_its_own_id(event_kwargs: dict[str, Any]) -> None:
    ids = {WorkflowEvent(**event_kwargs).event_id for _ in range(50)}
    assert len(ids) == 50


def test_strings_are_accepted_for_enums(event_kwargs: dict[str, Any]) -> None:
    event = WorkflowEvent(**{**event_kwargs, "event_type": "workflow.failed", "source": "fastapi"})
    assert event.event_type is EventType.WORKFLOW_FAILED
    assert event.source is EventSource.FASTAPI


def test_nested_models_from_dicts(event_kwargs: dict[str, Any]) -> None:
    event = WorkflowEvent(
        **{**event_kwargs, "payload": {"data": {"k": 1}}, "metadata": {"environment": "prod"}}
    )
    assert event.payload == WorkflowEventPayload(data={"k": 1})
    assert event.metadata == WorkflowEventMetadata(environment="prod", version="1.0")


def test_given_id_and_timestamp_are_kept(event_kwargs: dict[str, Any]) -> None:
    event = WorkflowEvent(
        **event_kwargs,
        event_id="123e4567-e89b-12d3-a456-426614174000",
        timestamp="2025-01-27T12:00:00+02:00",
    )
    assert event.event_id == UUID("123e4567-e89b-12d3-a456-426614174000")
    assert event.timestamp == datetime(2025, 1, 27, 10, tzinfo=timezone.utc)


def test_naive_datetime_objects_are_utc(event_kwargs: dict[str, Any]) -> None:
    event = WorkflowEvent(**event_kwargs, timestamp=datetime(2025, 1, 27, 10, 0, 0))
    assert event.timestamp == datetime(2025, 1, 27, 10, tzinfo=timezone.utc)
    assert json.loads(event.model_dump_json())["timestamp"] == "2025-01-27T10:00:00Z"


def test_aware_datetime_objects_are_converted_to_utc(event_kwargs: dict[str, Any]) -> None:
    plus_two = timezone(timedelta(hours=2))
    event = WorkflowEvent(**event_kwargs, timestamp=datetime(2025, 1, 27, 12, 0, 0, 250000, plus_two))
    assert json.loads(event.model_dump_json())["timestamp"] == "2025-01-27T10:00:00.250000Z"


# --- invalid events ------------------------------------------------------------------------


def test_invalid_event_type_is_an_enum_error(event_kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent(**{**event_kwargs, "event_type": "invalid.type"})
    assert error_list(caught.value) == [{"type": "enum", "loc": ["event_type"]}]
    assert "workflow.triggered" in caught.value.errors()[0]["msg"]


@pytest.mark.parametrize("environment", ["qa", "Dev", "prod\n", " dev", ""])
def test_environment_must_match_the_pattern(environment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEventMetadata(environment=environment)
    assert error_list(caught.value) == [{"type": "string_pattern_mismatch", "loc": ["environment"]}]


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_environment_values(environment: str) -> None:
    assert WorkflowEventMetadata(environment=environment).environment == environment


def test_missing_fields_are_all_reported() -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent()
    assert [e["loc"][0] for e in error_list(caught.value)] == [
        "event_type",
        "source",
        "workflow_id",
        "workflow_run_id",
        "payload",
        "metadata",
    ]


def test_data_must_be_a_dict() -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEventPayload(data=[1, 2])  # type: ignore[arg-type]
    assert error_list(caught.value) == [{"type": "dict_type", "loc": ["data"]}]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("event_id", "123e4567e89b12d3a456426614174000", "uuid_parsing"),
        ("event_id", 42, "uuid_type"),
        ("timestamp", 1737972000, "datetime_type"),
        ("timestamp", "2025-01-27 10:00:00", "datetime_parsing"),
        ("timestamp", "2025-02-30T10:00:00Z", "datetime_parsing"),
        ("timestamp", "2025-01-27T10:00:60Z", "datetime_parsing"),
        ("workflow_id", 123, "string_type"),
    ],
)
def test_strict_wire_types(event_kwargs: dict[str, Any], field: str, value: object, error: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent(**{**event_kwargs, field: value})
    assert error_list(caught.value) == [{"type": error, "loc": [field]}]


def test_unknown_properties_are_ignored_and_not_written(event_kwargs: dict[str, Any]) -> None:
    raw = WorkflowEvent(**event_kwargs).model_dump()
    raw["producer"] = "x"
    raw["metadata"]["region"] = "eu"
    event = WorkflowEvent.model_validate(raw)
    assert "producer" not in event.model_dump_json()
    assert "region" not in event.model_dump_json()


# --- JSON round trips -----------------------------------------------------------------------


def test_json_round_trip(event_kwargs: dict[str, Any]) -> None:
    event = WorkflowEvent(**event_kwargs)
    text = event.model_dump_json()
    again = WorkflowEvent.model_validate_json(text)
    assert again == event
    assert again.model_dump_json() == text


def test_json_is_compact_in_schema_order_with_utc_timestamps(event_kwargs: dict[str, Any]) -> None:
    text = WorkflowEvent(**event_kwargs).model_dump_json()
    assert ": " not in text and ", " not in text
    assert list(json.loads(text)) == [
        "event_id",
        "event_type",
        "timestamp",
        "source",
        "workflow_id",
        "workflow_run_id",
        "payload",
        "metadata",
    ]
    assert UTC_Z.fullmatch(json.loads(text)["timestamp"])


def test_model_dump_is_json_ready(event_kwargs: dict[str, Any]) -> None:
    event = WorkflowEvent(**event_kwargs, event_id="123e4567-e89b-12d3-a456-426614174000", timestamp="2025-01-27T10:00:00")
    dumped = event.model_dump()
    assert dumped["event_id"] == "123e4567-e89b-12d3-a456-426614174000"
    assert dumped["event_type"] == "workflow.completed"
    assert dumped["timestamp"] == "2025-01-27T10:00:00Z"
    assert json.loads(json.dumps(dumped)) == json.loads(event.model_dump_json())
    assert WorkflowEvent.model_validate(dumped) == event


def test_dict_round_trip_of_the_guide_dict() -> None:
    event_dict = {
        "event_id": "123e4567-e89b-12d3-a456-426614174000",
        "event_type": "workflow.completed",
        "timestamp": "2025-01-27T10:00:00",
        "source": "airflow",
        "workflow_id": "example_dag",
        "workflow_run_id": "run_123",
        "payload": {"data": {"status": "success"}},
        "metadata": {"environment": "dev", "version": "1.0"},
    }
    event = WorkflowEvent.model_validate(event_dict)
    assert event.model_dump() == {**event_dict, "timestamp": "2025-01-27T10:00:00Z"}


def test_big_integers_and_floats_in_data_keep_their_value() -> None:
    payload = WorkflowEventPayload.model_validate_json(
        '{"data":{"big":123456789012345678901234567890,"f":3.0,"tiny":1e-7,"huge":1e16}}'
    )
    assert payload.model_dump_json() == (
        '{"data":{"big":123456789012345678901234567890,"f":3.0,"tiny":1e-7,"huge":1e+16}}'
    )


# --- schema generation ----------------------------------------------------------------------


def test_validation_schema_is_the_source_schema_without_extensions() -> None:
    # As every package publishes it: the project's `x-` keywords left out (Ajv's strict mode
    # refuses them); schema/ keeps them.
    def published(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: published(v) for k, v in node.items() if not k.startswith("x-")}
        return [published(v) for v in node] if isinstance(node, list) else node

    source = json.loads((Path(__file__).parents[2] / "schema/v1.0/workflow_event.schema.json").read_text("utf-8"))
    assert "x-default-factory" in json.dumps(source)
    assert generate_json_schema(mode="validation") == published(source)
    assert generate_json_schema() == published(source)


def test_serialization_schema_requires_what_is_always_written() -> None:
    # In property order, as every language ships it (codegen writes the file once).
    schema = generate_json_schema(mode="serialization")
    assert schema["required"] == [
        "event_id",
        "event_type",
        "timestamp",
        "source",
        "workflow_id",
        "workflow_run_id",
        "payload",
        "metadata",
    ]
    assert schema["$defs"]["WorkflowEventMetadata"]["required"] == ["environment", "version"]
    assert generate_json_schema(mode="validation")["$defs"]["WorkflowEventMetadata"]["required"] == [
        "environment"
    ]


def test_generated_schemas_accept_what_the_models_write(event_kwargs: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    written = json.loads(WorkflowEvent(**event_kwargs).model_dump_json())
    for mode in ("validation", "serialization"):
        validator = Draft202012Validator(generate_json_schema(mode=mode), format_checker=FormatChecker())  # type: ignore[arg-type]
        assert list(validator.iter_errors(written)) == []


def test_save_json_schema(tmp_path: Path) -> None:
    target = tmp_path / "workflow_event_schema.json"
    save_json_schema(target, mode="validation")
    assert json.loads(target.read_text("utf-8")) == generate_json_schema("validation")
    save_json_schema(str(target), mode="serialization")
    assert json.loads(target.read_text("utf-8")) == generate_json_schema("serialization")


def test_unknown_schema_mode_is_an_error() -> None:
    with pytest.raises(ValueError):
        generate_json_schema(mode="other")  # type: ignore[arg-type]


# --- versioning -------------------------------------------------------------------------------


def test_version_defaults_to_1_0() -> None:
    assert WorkflowEventMetadata(environment="dev").version == "1.0"
    assert SCHEMA_VERSION == "1.0"


def test_version_is_kept_and_written(event_kwargs: dict[str, Any]) -> None:
    event = WorkflowEvent(**{**event_kwargs, "metadata": WorkflowEventMetadata(environment="dev", version="1.1")})
    assert json.loads(event.model_dump_json())["metadata"] == {"environment": "dev", "version": "1.1"}


def test_default_version_is_written() -> None:
    text = WorkflowEventMetadata(environment="staging").model_dump_json()
    assert text == '{"environment":"staging","version":"1.0"}'


# --- enums ----------------------------------------------------------------------------------------


def test_event_types() -> None:
    assert [e.value for e in EventType] == ["workflow.triggered", "workflow.completed", "workflow.failed"]
    assert EventType.WORKFLOW_TRIGGERED == "workflow.triggered"
    assert EventType.WORKFLOW_COMPLETED == "workflow.completed"
    assert EventType.WORKFLOW_FAILED == "workflow.failed"
    assert EventType("workflow.failed") is EventType.WORKFLOW_FAILED


def test_event_sources() -> None:
    assert [s.value for s in EventSource] == ["airflow", "langgraph", "fastapi"]
    assert EventSource.AIRFLOW == "airflow"
    assert EventSource.LANGGRAPH == "langgraph"
    assert EventSource.FASTAPI == "fastapi"


def test_enums_are_closed() -> None:
    with pytest.raises(ValueError):
        EventType("workflow.paused")
