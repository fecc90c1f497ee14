"""The native read and write paths of ``_runtime`` (issue 14) keep every contract rule.

Reading: plainly finite JSON takes a second, native validator (UUIDs and date-times at
offset zero read by pydantic-core, no Python call), anything else the complete one; the
text pre-check must never call text "plainly finite" that is not. Writing: UUIDs, dates
and date-times are serialized natively, so every way a value gets into a model validates
it (assignment included), and ``model_dump()`` is the JSON form by default.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import pytest
from pydantic import ValidationError

from conftest import error_list
from workflow_events import WorkflowEvent, _runtime

EVENT: dict[str, Any] = {
    "event_id": "123E4567-E89B-12D3-A456-426614174000",
    "event_type": "workflow.completed",
    "timestamp": "2025-01-27T10:00:00Z",
    "source": "airflow",
    "workflow_id": "example_dag",
    "workflow_run_id": "run_123",
    "payload": {"data": {"status": "success"}},
    "metadata": {"environment": "dev", "version": "1.0"},
}


def text(**fields: Any) -> str:
    return json.dumps({**EVENT, **fields}, separators=(",", ":"))


def complete(data: str) -> WorkflowEvent:
    """The complete validator alone (what the fast one must agree with)."""
    return WorkflowEvent.__pydantic_validator__.validate_json(data)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "timestamp",
    [
        "2025-01-27T10:00:00Z",
        "2025-01-27T10:00:00.5Z",
        "2025-01-27T10:00:00.123456+00:00",
        "2025-01-27T10:00:00-00:00",
        "2025-01-27T12:00:00+02:00",
        "2025-01-27t10:00:00z",
        "2025-01-27T10:00:00.1234567Z",
        "2025-01-27T10:00:00",
    ],
)
def test_fast_and_complete_read_the_same_timestamps(timestamp: str) -> None:
    data = text(timestamp=timestamp)
    fast, slow = WorkflowEvent.model_validate_json(data), complete(data)
    assert fast == slow
    assert fast.timestamp.utcoffset() == timedelta(0)
    assert fast.model_dump_json() == slow.model_dump_json()


@pytest.mark.parametrize(
    ("timestamp", "error"),
    [
        ("2025-02-30T10:00:00Z", "datetime_parsing"),
        ("2025-01-27 10:00:00Z", "datetime_parsing"),
        ("2025-01-27T10:00Z", "datetime_parsing"),
        ("2025-01-27T10:00:60Z", "datetime_parsing"),
        ("1737972000", "datetime_parsing"),
    ],
)
def test_timestamps_outside_the_contract_are_errors(timestamp: str, error: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate_json(text(timestamp=timestamp))
    assert error_list(caught.value) == [{"type": error, "loc": ["timestamp"]}]


@pytest.mark.parametrize(
    "event_id",
    ["123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
     "urn:uuid:123e4567-e89b-12d3-a456-426614174000"],
)
def test_uuids_only_hyphenated(event_id: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate_json(text(event_id=event_id))
    assert error_list(caught.value) == [{"type": "uuid_parsing", "loc": ["event_id"]}]


@pytest.mark.parametrize(
    "data",
    [
        '{"a":1e5}',
        '{"a":[1,2.5E-3]}',
        '{"a":NaN}',
        '{"a":[1, NaN]}',
        '{"a":\n-Infinity}',
        '{"a":[Infinity]}',
        '{"a":' + "9" * 300 + "}",
    ],
)
def test_pre_check_never_calls_such_text_plainly_finite(data: str) -> None:
    event = text().replace('{"status":"success"}', data)
    assert not _runtime._numbers_plainly_finite(event)
    assert not _runtime._numbers_plainly_finite(event.encode())


@pytest.mark.parametrize(
    "data",
    ['{"note":"a:Nice day"}', '{"note":"at 1:23 eh"}', '{"note":"Infinity and NaN"}'],
)
def test_a_false_maybe_takes_the_complete_path_to_the_same_value(data: str) -> None:
    event = text().replace('{"status":"success"}', data)
    read = WorkflowEvent.model_validate_json(event)
    assert read == complete(event)
    assert read.payload.data == json.loads(data)


def test_plain_events_are_plainly_finite() -> None:
    assert _runtime._numbers_plainly_finite(text())
    assert _runtime._numbers_plainly_finite(text().replace('"success"', "[1.5,-2,0.25]"))


def test_model_dump_modes() -> None:
    event = WorkflowEvent.model_validate_json(text())
    assert event.model_dump()["event_id"] == "123e4567-e89b-12d3-a456-426614174000"
    assert event.model_dump() == json.loads(event.model_dump_json())
    python = event.model_dump(mode="python")
    assert python["event_id"] == UUID("123e4567-e89b-12d3-a456-426614174000")
    assert python["timestamp"] == datetime(2025, 1, 27, 10, tzinfo=timezone.utc)
    assert python["event_type"] is type(event.event_type)("workflow.completed")


def test_assignment_is_validated_and_written_in_utc() -> None:
    event = WorkflowEvent.model_validate_json(text())
    event.timestamp = datetime(2025, 1, 27, 12, 30, tzinfo=timezone(timedelta(hours=2)))
    assert json.loads(event.model_dump_json())["timestamp"] == "2025-01-27T10:30:00Z"
    event.timestamp = datetime(2025, 1, 27, 12, 30)  # naive: UTC, as when read
    assert json.loads(event.model_dump_json())["timestamp"] == "2025-01-27T12:30:00Z"
    event.event_id = "00000000-0000-0000-0000-0000000000AB"  # type: ignore[assignment]
    assert event.event_id == UUID(int=0xAB)
    with pytest.raises(ValidationError) as caught:
        event.event_id = "not-a-uuid"  # type: ignore[assignment]
    assert error_list(caught.value) == [{"type": "uuid_parsing", "loc": ["event_id"]}]
    assert event.event_id == UUID(int=0xAB)
