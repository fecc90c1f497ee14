"""Numbers too large for a double (schema/CONTRACT.md, ``finite_number``).

pydantic reads ``1e400`` as infinity and would write it as ``null``. The generated models
report ``finite_number`` at the number's own location instead: in free-form data at any
depth (list indices included), in typed ``number`` and ``integer`` fields, from JSON text,
from Python objects (``inf``, ``-inf``, ``nan``) and from the constructor, together with
every other error, in pydantic's order. ``1e-400`` is ``0.0``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import error_list, model_for
from workflow_events.v1_0 import WorkflowEvent, WorkflowEventPayload

INF = float("inf")
NAN = float("nan")


def event_json(data: str, **fields: str) -> str:
    """A valid event's JSON text with ``data`` (JSON text) as ``payload.data``."""
    values = {
        "event_type": '"workflow.completed"',
        "source": '"airflow"',
        "workflow_id": '"example_dag"',
        "workflow_run_id": '"run_123"',
        "payload": '{"data":' + data + "}",
        "metadata": '{"environment":"dev","version":"1.0"}',
        **fields,
    }
    return "{" + ",".join(f'"{name}":{value}' for name, value in values.items()) + "}"


def event_dict(data: Any, **fields: Any) -> dict[str, Any]:
    """A valid event as Python objects with ``data`` as ``payload.data``."""
    return {
        "event_type": "workflow.completed",
        "source": "airflow",
        "workflow_id": "example_dag",
        "workflow_run_id": "run_123",
        "payload": {"data": data},
        "metadata": {"environment": "dev", "version": "1.0"},
        **fields,
    }


def finite_errors(*locs: list[str | int]) -> list[dict[str, Any]]:
    return [{"type": "finite_number", "loc": loc} for loc in locs]


# --- free-form data, JSON text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ('{"too_big":1e400}', ["too_big"]),
        ('{"a":{"b":{"c":-1e400}}}', ["a", "b", "c"]),
        ('{"items":[1,2,[0,{"x":1E+400}]]}', ["items", 2, 1, "x"]),
        ('{"list":[1e400]}', ["list", 0]),
        ('{"just_past_the_largest_double":1.7976931348623159e308}', ["just_past_the_largest_double"]),
    ],
    ids=["top", "nested", "in_lists", "first_item", "just_past_max"],
)
def test_too_large_in_data_is_an_error_at_its_location(data: str, loc: list[str | int]) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate_json(event_json(data))
    assert error_list(caught.value) == finite_errors(["payload", "data", *loc])
    assert caught.value.errors()[0]["msg"] == "Input should be a finite number"


def test_every_non_finite_number_in_data_is_reported_depth_first() -> None:
    data = '{"a":[1e400,{"b":-1e400,"ok":1.5}],"c":{"d":[[2e400]]},"e":1e400}'
    with pytest.raises(ValidationError) as caught:
        WorkflowEventPayload.model_validate_json('{"data":' + data + "}")
    assert error_list(caught.value) == finite_errors(
        ["data", "a", 0], ["data", "a", 1, "b"], ["data", "c", "d", 0, 0], ["data", "e"]
    )


def test_non_finite_numbers_come_with_the_other_errors_in_schema_order() -> None:
    text = event_json(
        '{"x":1e400,"y":[1,-1e400]}',
        event_type='"workflow.paused"',
        workflow_id="7",
        metadata='{"environment":"qa"}',
    )
    expected = [
        {"type": "enum", "loc": ["event_type"]},
        {"type": "string_type", "loc": ["workflow_id"]},
        *finite_errors(["payload", "data", "x"], ["payload", "data", "y", 1]),
        {"type": "string_pattern_mismatch", "loc": ["metadata", "environment"]},
    ]
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate_json(text)
    assert error_list(caught.value) == expected
    instance = event_dict(
        {"x": INF, "y": [1, -INF]},
        event_type="workflow.paused",
        workflow_id=7,
        metadata={"environment": "qa"},
    )
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate(instance)
    assert error_list(caught.value) == expected


def test_too_small_is_zero() -> None:
    payload = WorkflowEventPayload.model_validate_json('{"data":{"a":1e-400,"b":[-1e-400]}}')
    assert payload.data == {"a": 0.0, "b": [-0.0]}
    assert payload.model_dump_json() == '{"data":{"a":0.0,"b":[-0.0]}}'


def test_large_finite_numbers_are_kept() -> None:
    text = '{"data":{"max":1.7976931348623157e308,"min":-1.7976931348623157e308,"big":1e308}}'
    payload = WorkflowEventPayload.model_validate_json(text)
    assert payload.model_dump_json() == (
        '{"data":{"max":1.7976931348623157e+308,"min":-1.7976931348623157e+308,"big":1e+308}}'
    )


def test_unknown_properties_are_not_kept_so_not_checked() -> None:
    text = event_json('{"ok":1}', producer='{"load":1e400}')
    text = text.replace('"metadata":{', '"metadata":{"weight":1e400,')
    event = WorkflowEvent.model_validate_json(text)
    assert "1e400" not in event.model_dump_json() and "null" not in event.model_dump_json()


@pytest.mark.parametrize(
    ("data", "kept", "locs"),
    [
        ('{"a":1e400,"a":1}', '{"a":1}', []),
        ('{"a":[1,-1e400],"b":2,"a":{"c":3}}', '{"a":{"c":3},"b":2}', []),
        ('{"a":1e400,"b":2e400,"a":3e400}', None, [["a"], ["b"]]),
        ('{"b":1e400,"2":1e400,"b":2}', None, [["2"]]),
        ('{"x":{"a":1e400,"a":1},"x":{"a":1e400,"a":[1e400]}}', None, [["x", "a", 0]]),
    ],
    ids=["replaced", "replaced_nested", "kept_once", "kept_elsewhere", "kept_inside"],
)
def test_a_value_a_repeated_key_replaces_is_not_checked(
    data: str, kept: str | None, locs: list[list[str | int]]
) -> None:
    # CONTRACT.md: finite_number is for numbers in the input that is kept (the last value of a
    # repeated key, in the place of the first, as a Python dict keeps it).
    text = event_json(data)
    if kept is not None:
        event = WorkflowEvent.model_validate_json(text)
        assert event.payload.model_dump_json() == '{"data":' + kept + "}"
        return
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate_json(text)
    assert error_list(caught.value) == finite_errors(*(["payload", "data", *loc] for loc in locs))


# --- free-form data, Python objects and the constructor ------------------------------------------


@pytest.mark.parametrize("bad", [INF, -INF, NAN], ids=["inf", "-inf", "nan"])
def test_python_non_finite_floats_in_data_are_errors(bad: float) -> None:
    data = {"status": "ok", "nested": {"list": [1, {"value": bad}]}}
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate(event_dict(data))
    assert error_list(caught.value) == finite_errors(["payload", "data", "nested", "list", 1, "value"])
    error = caught.value.errors()[0]
    assert error["input"] is bad


def test_constructor_rejects_non_finite_data(event_kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEventPayload(data={"a": [NAN], "b": (0, INF)})
    assert error_list(caught.value) == finite_errors(["data", "a", 0], ["data", "b", 1])
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent(**{**event_kwargs, "payload": {"data": {"x": {"y": -INF}}}})
    assert error_list(caught.value) == finite_errors(["payload", "data", "x", "y"])


def test_deep_python_data_does_not_exhaust_the_stack() -> None:
    depth = 5000
    data: Any = INF
    for _ in range(depth):
        data = [data]
    with pytest.raises(ValidationError) as caught:
        WorkflowEventPayload.model_validate({"data": {"deep": data}})
    assert error_list(caught.value) == finite_errors(["data", "deep", *[0] * depth])


def test_self_referencing_python_data_terminates() -> None:
    data: dict[str, Any] = {"x": INF}
    data["self"] = data
    with pytest.raises(ValidationError) as caught:
        WorkflowEventPayload.model_validate({"data": data})
    # pydantic validates `data` into a new dict, whose `self` is the original one; the check
    # visits each container once.
    assert error_list(caught.value) == finite_errors(["data", "x"], ["data", "self", "x"])


def test_finite_python_data_is_unchanged() -> None:
    data = {"f": 1.5, "i": 10**30, "flag": True, "none": None, "list": [0.1, -0.0]}
    assert WorkflowEventPayload(data=data).data == data
    assert math.copysign(1, WorkflowEventPayload(data=data).data["list"][1]) == -1


# --- typed fields and free-form values in fixture schemas ----------------------------------------


@pytest.mark.parametrize(
    ("fixture", "instance", "errors"),
    [
        (
            "numbers",
            '{"count":1e400,"exclusive":-1e400,"ratio":1e400,"half_steps":-1e400,"positive":1e400,"big":1e400}',
            finite_errors(["count"], ["exclusive"], ["ratio"], ["half_steps"], ["positive"], ["big"]),
        ),
        (
            "numbers",
            '{"count":-1,"ratio":1e400,"flag":0}',
            [
                {"type": "greater_than_equal", "loc": ["count"]},
                {"type": "finite_number", "loc": ["ratio"]},
                {"type": "bool_type", "loc": ["flag"]},
            ],
        ),
        ("defaults", '{"ratio":1e400}', finite_errors(["ratio"])),
        (
            "maps",
            '{"counts":{"a":1,"b":1e400},"free_form":{"x":[{"y":1e400}]},"also_free":{"z":-1e400}}',
            finite_errors(["counts", "b"], ["free_form", "x", 0, "y"], ["also_free", "z"]),
        ),
        (
            "arrays",
            '{"tags":["a"],"unique_numbers":[1,1e400],"unique_anything":[{"x":1e400}],"anything":[[0,1e400]]}',
            finite_errors(["unique_numbers", 1], ["unique_anything", 0, "x"], ["anything", 0, 1]),
        ),
    ],
    ids=["numbers_all", "numbers_mixed", "defaults", "maps", "arrays"],
)
def test_fixture_models_report_finite_number(
    generated: Path, fixture: str, instance: str, errors: list[dict[str, Any]]
) -> None:
    model = model_for(fixture)
    with pytest.raises(ValidationError) as caught:
        model.model_validate_json(instance)
    assert error_list(caught.value) == errors
    # The same instance as Python objects (1e400 → inf): the same errors.
    as_python = json.loads(instance)
    with pytest.raises(ValidationError) as caught:
        model.model_validate(as_python)
    assert error_list(caught.value) == errors
    with pytest.raises(ValidationError) as caught:
        model(**as_python)
    assert error_list(caught.value) == errors


@pytest.mark.parametrize("bad", [INF, -INF, NAN], ids=["inf", "-inf", "nan"])
def test_typed_number_fields_reject_python_non_finite_floats(generated: Path, bad: float) -> None:
    model = model_for("numbers")
    with pytest.raises(ValidationError) as caught:
        model.model_validate({"count": 1, "ratio": bad, "half_steps": bad, "positive": bad})
    assert error_list(caught.value) == finite_errors(["ratio"], ["half_steps"], ["positive"])


def test_typed_number_fields_take_tiny_numbers_as_zero(generated: Path) -> None:
    model = model_for("numbers")
    written = model.model_validate_json('{"count":1,"ratio":1e-400}').model_dump_json()
    assert json.loads(written)["ratio"] == 0.0


# --- the non-JSON literals NaN, Infinity, -Infinity ------------------------------------------
# pydantic's JSON reader takes them as floats; JSON (RFC 8259) has no such literals, so every
# language reports the whole input as json_invalid (the corpus has nan_literal.json and
# infinity_literal.json; these check the other ways in).

LITERALS = ["NaN", "Infinity", "-Infinity"]


@pytest.mark.parametrize("literal", LITERALS)
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_non_json_literals_are_json_invalid(literal: str, as_bytes: bool) -> None:
    text = event_json('{"a":[1,{"b":' + literal + "}]}", workflow_id="1")
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate_json(text.encode() if as_bytes else text)
    # Only json_invalid, even with another error (workflow_id) in the same input.
    assert error_list(caught.value) == [{"type": "json_invalid", "loc": []}]
    assert caught.value.title == "WorkflowEvent"


@pytest.mark.parametrize("literal", LITERALS)
def test_nested_models_reject_them_too(literal: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEventPayload.model_validate_json('{"data":{"x":' + literal + "}}")
    assert error_list(caught.value) == [{"type": "json_invalid", "loc": []}]


def test_the_words_inside_strings_are_text() -> None:
    # The second, strict parse runs because the words occur, and finds valid JSON.
    data = '{"NaN":"NaN","Infinity":"-Infinity","list":["NaN",1.5]}'
    event = WorkflowEvent.model_validate_json(event_json(data).encode())
    assert event.payload.data == json.loads(data)
    assert json.loads(event.model_dump_json())["payload"]["data"] == json.loads(data)


def test_malformed_input_with_the_words_is_still_json_invalid() -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowEvent.model_validate_json('{"workflow_id":"NaN",')
    assert error_list(caught.value) == [{"type": "json_invalid", "loc": []}]
