"""Validation and serialization shared by the generated models.

The wire format is stricter than pydantic's lax mode: numbers are never timestamps,
booleans are never numbers, UUIDs are hyphenated, timestamps are RFC 3339 with a ``T``.
Numbers must be finite: a number too large for a double (``1e400``, which pydantic reads
as infinity) is a ``finite_number`` error at its own location, in typed fields and in
free-form data alike (only where it is kept: not in a value a repeated key replaces);
Python infinities and NaNs are rejected the same way.
JSON is RFC 8259: the literals ``NaN``, ``Infinity`` and ``-Infinity``, which pydantic's
JSON reader accepts, are ``json_invalid`` (every model derives from :class:`Model`).
The helpers here raise pydantic errors with the ``type`` that every language reports
for the same input (the project's cross-language contract).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast
from uuid import UUID

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    ModelWrapValidatorHandler,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    Strict,
    ValidationError,
    ValidationInfo,
    model_serializer,
    model_validator,
)
from pydantic.config import ExtraValues
from pydantic_core import (
    InitErrorDetails,
    PydanticCustomError,
    SchemaValidator,
    core_schema,
    from_json,
    to_json,
)
from typing_extensions import Self

_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]+))?([Zz]|[+-][0-9]{2}:[0-9]{2})?"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _validate_uuid(value: object) -> UUID:
    if isinstance(value, UUID):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("uuid_type", "UUID input should be a string")
    if _UUID.fullmatch(value) is None:
        raise PydanticCustomError(
            "uuid_parsing",
            "Input should be a valid UUID in the hyphenated 8-4-4-4-12 form",
        )
    return UUID(value)


def _parse_date_time(text: str) -> datetime:
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        raise ValueError(text)
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, offset = match.group(7), match.group(8)
    microsecond = int((fraction or "0")[:6].ljust(6, "0"))
    tz = timezone.utc
    if offset is not None and offset not in "Zz":
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:
            raise ValueError(text)
        sign = -1 if offset[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    parsed = datetime(year, month, day, hour, minute, second, microsecond, tzinfo=tz)
    return parsed.astimezone(timezone.utc)


def _validate_date_time(value: object) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
    if not isinstance(value, str):
        raise PydanticCustomError("datetime_type", "Input should be a valid datetime")
    try:
        return _parse_date_time(value)
    except (ValueError, OverflowError):
        raise PydanticCustomError(
            "datetime_parsing",
            "Input should be an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS[.f][Z|±HH:MM])",
        ) from None


def _validate_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    match = _DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise PydanticCustomError(
            "date_parsing", "Input should be a date in the form YYYY-MM-DD"
        ) from None


def _validate_int(value: object) -> object:
    # JSON integers, including numbers with a zero fraction (1.0); not strings or booleans.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _validate_finite_json(value: Any) -> Any:
    # Free-form values are `Any` to pydantic, which reads `1e400` as infinity and would
    # write it as `null`. Report every non-finite number inside, depth first: pydantic-core
    # merges a ValidationError raised by a validator into the caller's errors, each `loc`
    # prefixed with the location of this value, so the error lands at the number itself.
    errors = _non_finite_numbers(value)
    if errors:
        raise ValidationError.from_exception_data("Json", errors)
    return value


def _non_finite_numbers(value: object) -> list[InitErrorDetails]:
    errors: list[InitErrorDetails] = []
    # Iterative, so deep Python input cannot exhaust the stack; each container is visited
    # once, so self-referencing Python input terminates.
    pending: list[tuple[tuple[str | int, ...], object]] = [((), value)]
    visited: set[int] = set()
    while pending:
        loc, node = pending.pop()
        if isinstance(node, float):
            if not math.isfinite(node):
                errors.append({"type": "finite_number", "loc": loc, "input": node})
            continue
        if not isinstance(node, (dict, list, tuple)) or id(node) in visited:
            continue
        visited.add(id(node))
        children: list[tuple[str | int, object]] = (
            [(_loc_item(key), item) for key, item in node.items()]
            if isinstance(node, dict)
            else list(enumerate(node))
        )
        pending.extend((loc + (key,), item) for key, item in reversed(children))
    return errors


def _loc_item(key: object) -> str | int:
    if isinstance(key, str) or (isinstance(key, int) and not isinstance(key, bool)):
        return key
    return str(key)


def utc_now() -> datetime:
    """The current time in UTC (the ``now`` default factory)."""
    return datetime.now(timezone.utc)


_SerializedAs = Literal["uuid", "datetime", "date"]


def _checked_by(
    validate: Callable[[object], object], written_as: _SerializedAs
) -> type:
    """A marker for ``Annotated``: read with ``validate``, written natively as ``written_as``.

    pydantic-core writes a UTC ``datetime`` with ``Z`` and microseconds only when there
    are any, a UUID in lower case, a date as ``YYYY-MM-DD``: the wire forms, so writing
    needs no Python call (``PlainValidator`` would wrap the serializer in one). Values are
    UTC because every way in validates: construction, ``model_validate*`` and assignment
    (:class:`Model` sets ``validate_assignment``).
    """

    class Checked:
        @classmethod
        def __get_pydantic_core_schema__(
            cls, source: Any, handler: GetCoreSchemaHandler
        ) -> core_schema.CoreSchema:
            return core_schema.no_info_plain_validator_function(
                validate,
                json_schema_input_schema=core_schema.str_schema(),
                serialization=core_schema.simple_ser_schema(written_as),
            )

    return Checked


Uuid = Annotated[UUID, _checked_by(_validate_uuid, "uuid")]
"""A UUID: the hyphenated 8-4-4-4-12 form in either case; written lower-case."""

Timestamp = Annotated[datetime, _checked_by(_validate_date_time, "datetime")]
"""A UTC date-time: read from RFC 3339 (no offset means UTC), written with ``Z``."""

Date = Annotated[date, _checked_by(_validate_date, "date")]
"""A calendar date, ``YYYY-MM-DD``."""

Int = Annotated[int, BeforeValidator(_validate_int)]
"""A JSON integer (``1`` or ``1.0``); strings and booleans are type errors."""

Float = Annotated[float, Strict(), AllowInfNan(False)]
"""A finite JSON number; strings and booleans are type errors."""

Json = Annotated[Any, AfterValidator(_validate_finite_json)]
"""Any JSON value (free-form data), every number in it finite."""

JsonObject = Annotated[dict[str, Any], AfterValidator(_validate_finite_json)]
"""A free-form JSON object (a map of any values), every number kept in it finite.

Checked as a whole once read, not value by value: pydantic validates every value of a
``dict[str, V]`` read from JSON, also one that a repeated key replaces, and would report a
``finite_number`` for a number that is not kept (``{"a": 1e400, "a": 1}`` is ``{"a": 1}``).
"""


def exactly(expected: object) -> Callable[[object], object]:
    """A validator for a ``const``: JSON equality, so ``true`` is not ``1``."""

    def check(value: object) -> object:
        if _json_equal(value, expected):
            return expected
        raise PydanticCustomError(
            "literal_error", "Input should be {expected}", {"expected": repr(expected)}
        )

    return check


def multiple_of(step: float) -> Callable[[Any], Any]:
    """A validator for ``multipleOf``, exact on decimal values (schema/CONTRACT.md).

    A number's decimal value is what the project writes for it: an integer exactly, a float
    as its ``repr``. ``19.99`` is a multiple of ``0.01`` and ``1`` of ``0.1``, which pydantic's
    float division (``multiple_of``) would refuse. Run after the field's own checks, so a
    type or bound error comes first, as in every language.
    """
    step_digits, step_exponent = _decimal(step)

    def check(value: Any) -> Any:
        digits, exponent = _decimal(value)
        shift = exponent - step_exponent
        # digits × 10^shift ÷ step_digits is an integer; `digits` has no trailing zero, so a
        # negative shift never divides.
        if digits == 0 or (shift >= 0 and digits * 10**shift % step_digits == 0):
            return value
        raise PydanticCustomError(
            "multiple_of",
            "Input should be a multiple of {multiple_of}",
            {"multiple_of": step},
        )

    return check


def _decimal(number: float) -> tuple[int, int]:
    """``(digits, exponent)``: ``abs(number) == digits × 10^exponent`` on the decimal value
    (a float's ``repr``), ``digits`` without trailing zeros (``(0, 0)`` for zero)."""
    if isinstance(number, int):
        digits, exponent = abs(number), 0
    else:
        _, figures, exponent_or_special = Decimal(repr(number)).as_tuple()
        digits = int("".join(map(str, figures)) or "0")
        exponent = exponent_or_special if isinstance(exponent_or_special, int) else 0
    if digits == 0:
        return 0, 0
    while digits % 10 == 0:
        digits //= 10
        exponent += 1
    return digits, exponent


# ---- checks: keywords no type expresses (ir::Check), evaluated as JSON Schema -------------
#
# A schema node with `not`, `if`/`then`/`else`, `contains`, `propertyNames`,
# `dependentRequired`, `patternProperties`, `unevaluatedProperties`, ... is checked at run time,
# once its type holds: the whole node is evaluated on the value as read, by python-jsonschema
# (draft 2020-12) over the schema file shipped in this package, with the project's formats
# (uuid, date-time, date) and its exact `multipleOf`. Its errors are reported in the shared
# vocabulary of schema/CONTRACT.md ("Checks"), the same in every language. jsonschema is
# imported only when a package has checks (its pyproject then depends on it).


class Check:
    """``Annotated`` metadata: after the type, evaluate the schema node at ``pointer`` of the
    schema shipped in ``package`` (a version's subpackage)."""

    def __init__(self, package: str, pointer: str) -> None:
        self.package = package
        self.pointer = pointer

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        package, pointer = self.package, self.pointer

        def validate(
            value: Any, inner: core_schema.ValidatorFunctionWrapHandler
        ) -> Any:
            result = inner(value)
            _raise_check_errors(package, pointer, value)
            return result

        return core_schema.no_info_wrap_validator_function(validate, handler(source))


def model_check(package: str, pointer: str) -> Any:
    """The model validator of an object with a check: after the fields, evaluate the schema
    node at ``pointer`` (of ``package``'s schema) on the object as read. Assigned in the class body as ``_check``."""

    @model_validator(mode="wrap")
    def check(
        cls: type[BaseModel], data: Any, handler: ModelWrapValidatorHandler[Any]
    ) -> Any:
        model = handler(data)
        if not isinstance(data, BaseModel):
            _raise_check_errors(package, pointer, data)
        return model

    return check


def _raise_check_errors(package: str, pointer: str, value: Any) -> None:
    errors = _checker(package, pointer)(value)
    if errors:
        raise ValidationError.from_exception_data("Check", errors)


_CHECKERS: dict[tuple[str, str], Callable[[Any], list[InitErrorDetails]]] = {}


def _checker(package: str, pointer: str) -> Callable[[Any], list[InitErrorDetails]]:
    checker = _CHECKERS.get((package, pointer))
    if checker is None:
        checker = _CHECKERS[(package, pointer)] = _make_checker(package, pointer)
    return checker


def _make_checker(
    package: str, pointer: str
) -> Callable[[Any], list[InitErrorDetails]]:
    from importlib import import_module

    from pydantic_core import to_jsonable_python

    # Imported by name: jsonschema ships no type information, and the package's types do not
    # depend on it (only packages with checks depend on jsonschema at all).
    jsonschema: Any = import_module("jsonschema")
    validators: Any = import_module("jsonschema.validators")
    Draft202012Validator = jsonschema.Draft202012Validator
    FormatChecker = jsonschema.FormatChecker
    ValidationError = jsonschema.ValidationError

    document = import_module(f"{package}.schema_utils").generate_json_schema()
    # Without `$schema`: python-jsonschema picks the class of a (sub)schema that names its
    # dialect by that name (`evolve`, `$ref: "#"`), which would drop the keywords below.
    document = {key: value for key, value in document.items() if key != "$schema"}

    def multiple_of_keyword(
        validator: Any, step: Any, instance: Any, schema: Any
    ) -> Any:
        if validator.is_type(instance, "number") and math.isfinite(instance):
            digits, exponent = _decimal(instance)
            step_digits, step_exponent = _decimal(step)
            shift = exponent - step_exponent
            if not (
                digits == 0 or (shift >= 0 and digits * 10**shift % step_digits == 0)
            ):
                yield ValidationError(f"{instance!r} is not a multiple of {step!r}")

    formats = FormatChecker(formats=[])
    format_checks: tuple[tuple[str, Callable[[object], object]], ...] = (
        ("uuid", _validate_uuid),
        ("date-time", _validate_date_time),
        ("date", _validate_date),
    )
    for name, format_check in format_checks:
        formats.checks(name, raises=(PydanticCustomError,))(format_check)
    checker_class = validators.extend(
        Draft202012Validator, {"multipleOf": multiple_of_keyword}
    )
    root = checker_class(document, format_checker=formats)
    node: Any = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    validator = root.evolve(schema=node)

    def check(value: Any) -> list[InitErrorDetails]:
        instance = to_jsonable_python(value)
        found = [
            (loc, kind, message, error.instance)
            for error in validator.iter_errors(instance)
            for loc, kind, message in _named(error)
        ]
        # One error per location, the first in the contract's order (schema/CONTRACT.md,
        # "Checks"): by location, then by the kind of error; not python-jsonschema's order.
        found.sort(
            key=lambda f: (_loc_key(document, node, instance, f[0]), _rank(f[1]), f[1])
        )
        details: list[InitErrorDetails] = []
        seen: set[tuple[str | int, ...]] = set()
        for loc, kind, message, failed in found:
            if loc not in seen:
                seen.add(loc)
                details.append(
                    {
                        "type": PydanticCustomError(kind, message),
                        "loc": loc,
                        "input": failed,
                    }
                )
        return details

    return check


_RANKS = {
    **dict.fromkeys(("uuid_parsing", "datetime_parsing", "date_parsing"), 1),
    **dict.fromkeys(
        ("string_too_short", "string_too_long", "too_short", "too_long"), 2
    ),
    "string_pattern_mismatch": 3,
    **dict.fromkeys(
        ("greater_than_equal", "greater_than", "less_than_equal", "less_than"), 4
    ),
    "multiple_of": 5,
    **dict.fromkeys(
        (
            "not_allowed",
            "union_no_match",
            "union_several_match",
            "contains_too_few",
            "contains_too_many",
            "unique_items",
            "value_error",
        ),
        6,
    ),
}


def _rank(kind: str) -> int:
    """Which error a location reports when several apply (lower wins): the value's type, its
    format, its length, its pattern, its bounds, ``multipleOf``, then the rest."""
    return _RANKS.get(kind, 0)


def _loc_key(
    document: Any, node: Any, instance: Any, loc: tuple[str | int, ...]
) -> list[tuple[int, int]]:
    """The order of ``loc`` under the schema ``node`` and the value ``instance``: at each level
    the properties the node declares in schema order first, then other keys in the value's
    order; array items by index (pydantic's order; every language sorts a check's errors so)."""
    key: list[tuple[int, int]] = []
    here = _resolve(document, node)
    at = instance
    for item in loc:
        schema = here if isinstance(here, dict) else {}
        if isinstance(item, int):
            key.append((0, item))
            prefix = schema.get("prefixItems")
            here = (
                prefix[item]
                if isinstance(prefix, list) and item < len(prefix)
                else schema.get("items")
            )
            at = at[item] if isinstance(at, list) and item < len(at) else None
        else:
            properties = schema.get("properties")
            declared = list(properties) if isinstance(properties, dict) else []
            given = list(at) if isinstance(at, dict) else []
            if item in declared:
                key.append((0, declared.index(item)))
            else:
                key.append((1, given.index(item) if item in given else sys.maxsize))
            here = (
                properties[item]
                if isinstance(properties, dict) and item in properties
                else schema.get("additionalProperties")
            )
            at = at.get(item) if isinstance(at, dict) else None
        here = _resolve(document, here)
    return key


def _resolve(document: Any, node: Any) -> Any:
    """``node``, or what its local ``$ref`` chain points to when it has only the ``$ref`` to
    go by (at most 16 hops; a cycle or a reference elsewhere ends in ``None``)."""
    from urllib.parse import unquote

    for _ in range(16):
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if not isinstance(ref, str) or "properties" in node or "type" in node:
            return node
        target: Any = document
        fragment = unquote(ref.partition("#")[2])
        for token in fragment.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if (
                isinstance(target, list)
                and token.isdigit()
                and int(token) < len(target)
            ):
                target = target[int(token)]
            elif isinstance(target, dict) and token in target:
                target = target[token]
            else:
                return None
        node = target
    return None


def _named(error: Any) -> list[tuple[tuple[str | int, ...], str, str]]:
    """A python-jsonschema error as ``(loc, type, message)`` entries in the shared vocabulary."""
    loc = tuple(error.absolute_path)
    keyword = error.validator
    value = error.validator_value
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "required":
        return [
            (loc + (name,), "missing", "Field required")
            for name in value
            if isinstance(instance, dict) and name not in instance
        ]
    if keyword == "dependentRequired":
        return [
            (loc + (name,), "missing", f"Field required (by {key!r})")
            for key, names in value.items()
            if isinstance(instance, dict) and key in instance
            for name in names
            if name not in instance
        ]
    if keyword == "additionalProperties" and value is False:
        declared = schema.get("properties", {})
        patterns = list(schema.get("patternProperties", {}))
        return [
            (loc + (key,), "extra_forbidden", "Extra inputs are not permitted")
            for key in instance
            if key not in declared and not any(re.search(p, key) for p in patterns)
        ]
    if keyword == "unevaluatedProperties" and value is False:
        return [
            (loc + (key,), "extra_forbidden", "Extra inputs are not permitted")
            for key in _quoted(error.message)
        ]
    if keyword == "propertyNames" or (
        len(error.relative_schema_path) > 0
        and "propertyNames" in error.relative_schema_path
    ):
        inner = error
        kind, message = _kind(
            inner.validator, inner.validator_value, inner.instance, inner.schema
        )
        return [(loc + (str(inner.instance), "[key]"), kind, message)]
    if "propertyNames" in tuple(error.schema_path):
        kind, message = _kind(keyword, value, instance, schema)
        return [(loc + (str(instance), "[key]"), kind, message)]
    if keyword == "oneOf" and not error.context:
        # python-jsonschema gives the errors of every branch when none holds, none when
        # several hold.
        return [
            (
                loc,
                "union_several_match",
                "Input should match exactly one schema of `oneOf`, not several",
            )
        ]
    kind, message = _kind(keyword, value, instance, schema)
    return [(loc, kind, message)]


def _quoted(message: str) -> list[str]:
    """The quoted names in a python-jsonschema message (``('a', 'b' were unexpected)``)."""
    import ast

    found = re.findall(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", message)
    return [str(ast.literal_eval(text)) for text in found]


def _kind(keyword: Any, value: Any, instance: Any, schema: Any) -> tuple[str, str]:
    """The error type (schema/CONTRACT.md) of a failed keyword, and a message."""
    if keyword is None:
        return "not_allowed", "No value is allowed here (the schema is `false`)"
    simple: dict[str, tuple[str, str]] = {
        "not": ("not_allowed", "Input should not match the schema in `not`"),
        "enum": ("enum", f"Input should be one of {value!r}"),
        "const": ("literal_error", f"Input should be {value!r}"),
        "minLength": (
            "string_too_short",
            f"String should have at least {value} characters",
        ),
        "maxLength": (
            "string_too_long",
            f"String should have at most {value} characters",
        ),
        "pattern": (
            "string_pattern_mismatch",
            f"String should match pattern '{value}'",
        ),
        "minimum": (
            "greater_than_equal",
            f"Input should be greater than or equal to {value}",
        ),
        "exclusiveMinimum": ("greater_than", f"Input should be greater than {value}"),
        "maximum": (
            "less_than_equal",
            f"Input should be less than or equal to {value}",
        ),
        "exclusiveMaximum": ("less_than", f"Input should be less than {value}"),
        "multipleOf": ("multiple_of", f"Input should be a multiple of {value}"),
        "minItems": ("too_short", f"List should have at least {value} items"),
        "maxItems": ("too_long", f"List should have at most {value} items"),
        "items": ("too_long", "List should have no items past its prefix"),
        "unevaluatedItems": (
            "too_long",
            "List should have no items not evaluated by its schema",
        ),
        "uniqueItems": ("unique_items", "List should have unique items"),
        "minProperties": (
            "too_short",
            f"Object should have at least {value} properties",
        ),
        "maxProperties": ("too_long", f"Object should have at most {value} properties"),
        "contains": (
            "contains_too_few",
            "List should contain an item matching `contains`",
        ),
        "minContains": (
            "contains_too_few",
            f"List should contain at least {value} items matching `contains`",
        ),
        "maxContains": (
            "contains_too_many",
            f"List should contain at most {value} items matching `contains`",
        ),
        "anyOf": ("union_no_match", "Input should match a schema of `anyOf`"),
        "oneOf": ("union_no_match", "Input should match exactly one schema of `oneOf`"),
        "additionalProperties": ("extra_forbidden", "Extra inputs are not permitted"),
        "unevaluatedProperties": ("extra_forbidden", "Extra inputs are not permitted"),
    }
    if keyword == "format":
        return {
            "uuid": ("uuid_parsing", "Input should be a valid UUID"),
            "date-time": ("datetime_parsing", "Input should be a valid datetime"),
            "date": ("date_parsing", "Input should be a valid date"),
        }.get(value, ("value_error", f"Value error, not a valid {value}"))
    if keyword == "type":
        return _type_kind(schema if isinstance(schema, dict) else {}, value, instance)
    return simple.get(
        str(keyword), ("value_error", f"Value error, `{keyword}` does not hold")
    )


def _type_kind(schema: dict[str, Any], expected: Any, instance: Any) -> tuple[str, str]:
    """A ``type`` error named from what the node expects, as every language names it."""
    names = (
        [expected]
        if isinstance(expected, str)
        else [t for t in expected if t != "null"]
    )
    want = names[0] if names else "null"
    fmt = schema.get("format")
    if want == "object":
        if "properties" in schema:
            return "model_type", "Input should be an object"
        return "dict_type", "Input should be an object"
    if want == "array":
        return "list_type", "Input should be a valid list"
    if want == "string" and fmt == "uuid":
        return "uuid_type", "UUID input should be a string"
    if want == "string" and fmt == "date-time":
        return "datetime_type", "Input should be a valid datetime string"
    if want == "string" and fmt == "date":
        return "date_type", "Input should be a valid date"
    if want == "string":
        return "string_type", "Input should be a valid string"
    if want == "integer":
        if isinstance(instance, (int, float)) and not isinstance(instance, bool):
            return (
                "int_from_float",
                "Input should be a valid integer, got a number with a fractional part",
            )
        return "int_type", "Input should be a valid integer"
    if want == "number":
        return "float_type", "Input should be a valid number"
    if want == "boolean":
        return "bool_type", "Input should be a valid boolean"
    return "none_required", "Input should be None"


def _json_equal(left: object, right: object) -> bool:
    if isinstance(left, bool) or isinstance(right, bool) or None in (left, right):
        return type(left) is type(right) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    return type(left) is type(right) and left == right


def _json_key(value: Any) -> Any:
    # A hashable key with JSON equality: 1 == 1.0, but true != 1.
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True)
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, str):
        return ("string", str(value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _json_key(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("array", tuple(_json_key(v) for v in value))
    return ("other", str(value))


def unique_items(items: list[Any]) -> list[Any]:
    """Checks ``uniqueItems``: no two items are equal as JSON values."""
    seen: set[Any] = set()
    for item in items:
        key = _json_key(item)
        if key in seen:
            raise PydanticCustomError("unique_items", "List should have unique items")
        seen.add(key)
    return items


class NotNull:
    """Marks an optional property that may be absent but not ``null``.

    The attribute is ``None`` when the property is absent; ``null`` on the wire is a
    type error, as JSON Schema says for a property whose type does not allow ``null``.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = handler(source)
        if schema["type"] == "nullable":
            return cast(core_schema.CoreSchema, schema["schema"])
        return schema


def is_none(value: object) -> bool:
    """``exclude_if`` for optional properties: an absent property is not written."""
    return value is None


def keep_given_null(*fields: str) -> Any:
    """The serializer of a model with optional properties that allow ``null`` (``fields``).

    Such a property without a default is ``None`` both when it was absent and when it was
    ``null``; pydantic's ``model_fields_set`` tells the two apart. A property that was
    given (read, passed to the constructor or assigned), ``null`` included, is written;
    one that was not is omitted. Assigned in the class body as ``_keep_given_null``.
    """

    @model_serializer(mode="wrap")
    def serialize(
        self: BaseModel,
        handler: SerializerFunctionWrapHandler,
        info: SerializationInfo,
    ) -> Any:
        data = handler(self)
        given = self.model_fields_set
        unset = [name for name in fields if name not in given]
        if not unset or not isinstance(data, dict):
            return data
        cls = type(self)
        by_alias = info.by_alias
        if by_alias is None:
            by_alias = bool(cls.model_config.get("serialize_by_alias", False))
        for name in unset:
            field = cls.model_fields[name]
            if by_alias:
                name = field.serialization_alias or field.alias or name
            data.pop(name, None)
        return data

    return serialize


# pydantic-core before 2.42 (pydantic 2.12) writes a float's positive exponent without its
# sign (`1e16`); later ones write it as Python and every other language do (`1e+16`). On
# such a core, `model_dump_json` adds the sign (the only difference, tested by running the
# Python tests on the lowest pydantic the package allows).
_EXPONENT_WITHOUT_SIGN = to_json(1e16) == b"1e16"
_STRING_OR_EXPONENT = re.compile(r'"(?:[^"\\]|\\.)*"|(?<=[0-9])e(?=[0-9])')


def _signed_exponents(text: str) -> str:
    """``text`` (compact JSON) with every positive float exponent written ``e+``."""
    return _STRING_OR_EXPONENT.sub(
        lambda m: "e+" if m.group() == "e" else m.group(), text
    )


class Model(BaseModel):
    """The base of every generated model: reads JSON as RFC 8259 defines it.

    ``model_validate_json`` reports the literals ``NaN``, ``Infinity`` and ``-Infinity``
    (which pydantic's JSON reader takes as floats) as ``json_invalid`` at the root, as
    every other language does. pydantic has no setting for this (``allow_inf_nan`` is
    about float fields), so input containing ``NaN`` or ``Infinity`` anywhere is parsed a
    second time, strictly, first.

    Speed: JSON text whose numbers are plainly finite (see :func:`_numbers_plainly_finite`)
    is read by a second validator built from the same core schema without the Python
    walk over free-form data, with UUIDs and UTC date-times in their plainest forms read
    by pydantic-core itself (:func:`_fast_replacement`): one native pass, no Python call.
    When that validator fails, the input is validated again by the model's own, complete
    validator, which reports the errors; so the accepted inputs, the values (equal: a
    date-time read by the fast validator carries pydantic-core's UTC ``tzinfo``, which
    equals ``timezone.utc``) and the errors are those of the complete validator.

    Assignments are validated (``validate_assignment``), so a value set on a model is
    in the form its native serializer writes (a UTC date-time, a ``UUID``).
    """

    model_config = ConfigDict(validate_assignment=True)

    if not TYPE_CHECKING:
        # Type checkers see the signature pydantic derives from the fields.
        def __init__(self, /, **data: Any) -> None:
            """Construction in code: an unknown keyword argument (a misspelt field name,
            also in a nested dict) is an ``extra_forbidden`` error, never silently dropped.
            Reading (``model_validate*``) ignores unknown properties, as the contract says.
            """
            __tracebackhide__ = True
            self.__pydantic_validator__.validate_python(
                data, self_instance=self, extra="forbid"
            )

        # As pydantic's own: validation (model_validate*, nested models) does not call it.
        __init__.__pydantic_base_init__ = True

        # Type checkers see pydantic's own signature; only the default mode differs.
        def model_dump(
            self, /, *, mode: str = "json", **options: Any
        ) -> dict[str, Any]:
            """The model as a dict; by default in its JSON form, as the guide shows.

            ``model_dump()`` gives what ``json.loads(model_dump_json())`` would: UUIDs,
            date-times and enums as strings. ``mode="python"`` gives the Python values
            (``UUID``, ``datetime``, enum members). The UUID, date-time and date fields
            are serialized natively in both modes: no Python call per field, only this
            method's own frame.
            """
            return super().model_dump(mode=mode, **options)

        if _EXPONENT_WITHOUT_SIGN:

            def model_dump_json(self, /, **options: Any) -> str:
                return _signed_exponents(super().model_dump_json(**options))

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: ExtraValues | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        __tracebackhide__ = True
        validator = _FAST_VALIDATORS.get(cls)
        if validator is None and cls not in _NO_FAST_VALIDATOR:
            validator = _fast_validator(cls)
        if (
            validator is not None
            and isinstance(json_data, (bytes, bytearray, str))
            and _numbers_plainly_finite(json_data)
        ):
            try:
                if (
                    strict is None
                    and extra is None
                    and context is None
                    and by_alias is None
                    and by_name is None
                ):
                    # Positional only: keyword arguments cost a tenth of a read.
                    return validator.validate_json(json_data)  # type: ignore[no-any-return]
                if by_alias is not False or by_name is True:
                    read = validator.validate_json(
                        json_data,
                        strict=strict,
                        extra=extra,
                        context=context,
                        by_alias=by_alias,
                        by_name=by_name,
                    )
                    return cast(Self, read)
            except ValidationError:
                pass  # the complete validator below reports the errors
        _reject_non_standard_literals(cls.__name__, json_data)
        _reject_long_integer_parts(cls.__name__, json_data)
        return super().model_validate_json(
            json_data,
            strict=strict,
            extra=extra,
            context=context,
            by_alias=by_alias,
            by_name=by_name,
        )


# Reading JSON text: deleting every character a number without an exponent is made of
# (and whitespace) leaves an exponent's `e` right after the `:`, `,` or `[` before it
# (all three written as `:` here), and likewise the first letter of the literals `NaN`
# and `Infinity` (both written as `e` here), so that one search finds all three.
_EXPONENT_MARKS = bytes.maketrans(b"ENI,[", b"eee::")
_NUMBER_CHARACTERS = b"0123456789.+- \t\r\n"
_FAST_VALIDATORS: dict[type[BaseModel], SchemaValidator] = {}
_NO_FAST_VALIDATOR: set[type[BaseModel]] = set()


def _numbers_plainly_finite(data: str | bytes | bytearray) -> bool:
    """Whether the text alone shows that every number in it is a finite double.

    True when no number has an exponent, fewer than 300 characters are digits (a number
    without an exponent and with fewer than 300 integer digits is below 1e300) and no
    value is the literal ``NaN`` or ``Infinity`` (inside strings they do not count).
    False is only a "maybe": such text takes the complete validation, which checks every
    free-form number.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    rest = raw.translate(_EXPONENT_MARKS, _NUMBER_CHARACTERS)
    # A value at the very start is not a model: the fast validator rejects it. Text in
    # strings may give a false "maybe" (`"a:Nice"`), never a false "plainly finite".
    return b":e" not in rest and len(raw) - len(rest) < 300


def _fast_validator(cls: type[BaseModel]) -> SchemaValidator | None:
    """``cls``'s validator without the free-form finiteness checks, for plainly finite JSON.

    Everything else is the model's own core schema, so every other check, error and
    value is the same; ``None`` until pydantic has built the model.
    """
    if not cls.__pydantic_complete__:
        return None
    schema = _without_finite_checks(cls.__pydantic_core_schema__)
    try:
        # Without `_use_prebuilt=False` pydantic-core reuses the model's own validator for
        # the model's schema (its `cls` has one), and the replacements above would not
        # apply. pydantic-core before 2.42 (pydantic 2.12) has no such argument and no
        # reuse to avoid... but not every release says which, so a core that refuses the
        # argument gets no fast validator: every read takes the complete one (same answers).
        validator = SchemaValidator(schema, schema.get("config"), _use_prebuilt=False)
    except TypeError:
        _NO_FAST_VALIDATOR.add(cls)
        return None
    _FAST_VALIDATORS[cls] = validator
    return validator


# The fast validator's UUIDs and date-times: only the plainest forms, which pydantic-core
# reads to the same value as the Python validators; anything else fails it, and failing
# inputs are validated again by the complete validator, which has the errors.
_FAST_UUID = f"^{_UUID.pattern}$"
# Date-times only at offset zero: pydantic-core reads them as UTC already, so no Python
# conversion is needed; other offsets take the complete validator.
_FAST_DATE_TIME = (
    r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?(?:Z|[+-]00:00)$"
)


def _fast_replacement(schema: dict[str, Any]) -> core_schema.CoreSchema | None:
    function = schema.get("function")
    if not isinstance(function, dict):
        return None
    kind, called = schema.get("type"), function.get("function")
    if kind == "function-after" and called is _validate_finite_json:
        return cast(core_schema.CoreSchema, _without_finite_checks(schema["schema"]))
    if kind == "function-plain" and called is _validate_uuid:
        return core_schema.chain_schema(
            [
                core_schema.str_schema(strict=True, pattern=_FAST_UUID),
                core_schema.uuid_schema(),
            ]
        )
    if kind == "function-plain" and called is _validate_date_time:
        return core_schema.chain_schema(
            [
                core_schema.str_schema(strict=True, pattern=_FAST_DATE_TIME),
                core_schema.datetime_schema(),
            ]
        )
    return None


def _without_finite_checks(schema: Any) -> Any:
    if isinstance(schema, dict):
        replacement = _fast_replacement(schema)
        if replacement is not None:
            return replacement
        return {key: _without_finite_checks(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_without_finite_checks(item) for item in schema]
    return schema


def _reject_non_standard_literals(title: str, data: str | bytes | bytearray) -> None:
    if isinstance(data, str):
        suspect = "NaN" in data or "Infinity" in data
    else:
        suspect = b"NaN" in data or b"Infinity" in data
    if not suspect:
        return
    try:
        from_json(data, allow_inf_nan=False)
    except ValueError as error:
        raise ValidationError.from_exception_data(
            title,
            [
                {
                    "type": "json_invalid",
                    "loc": (),
                    "input": data,
                    "ctx": {"error": str(error)},
                }
            ],
        ) from None


# The longest integer part a number may have (its `-` and the digits before any `.`, `e`
# or `E`): what pydantic-core's reader refused as `number out of range` up to 2.46, while
# 2.50 reads such a number as infinity. Every language refuses it as `json_invalid`.
_MAX_INTEGER_PART = 4300
_DIGITS = b"0123456789"
# A string (skipped whole) or the integer part of a number: a run of digits that no other
# number character precedes.
_STRING_OR_INTEGER_PART = re.compile(rb'"(?:[^"\\]|\\.)*"|(?<![-+.eE0-9])-?[0-9]+')


def _long_integer_part(data: str | bytes | bytearray) -> bool:
    """Whether a number in the JSON text has an integer part longer than 4300 characters."""
    raw = (
        data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    )
    if len(raw) - len(raw.translate(None, _DIGITS)) <= _MAX_INTEGER_PART:
        return False
    return any(
        not match.startswith(b'"') and len(match) > _MAX_INTEGER_PART
        for match in (m.group() for m in _STRING_OR_INTEGER_PART.finditer(raw))
    )


def _reject_long_integer_parts(title: str, data: str | bytes | bytearray) -> None:
    if not _long_integer_part(data):
        return
    raise ValidationError.from_exception_data(
        title,
        [
            {
                "type": "json_invalid",
                "loc": (),
                "input": data,
                "ctx": {"error": "number out of range"},
            }
        ],
    )


NOT_JSON = object()
"""What :func:`json_document` returns for text that is not JSON."""


def json_document(data: str | bytes | bytearray) -> object:
    """``data`` read as JSON the way every reader of the contract reads it (RFC 8259, at
    most 200 nested containers, integer parts of at most 4300 characters, a repeated name's
    last value), or :data:`NOT_JSON`. Numbers are not checked here (``1e400`` is infinity):
    this finds the shape of a document, such as its ``metadata.version``, before a model
    reads it."""
    if _long_integer_part(data):
        return NOT_JSON
    try:
        return from_json(data, allow_inf_nan=False)
    except ValueError:
        return NOT_JSON


class WireModel(Model):
    """A model whose Python attribute names differ from some wire names.

    Validation reads wire names only, as JSON Schema does (``model_validate``,
    ``model_validate_json``, nested models); the constructor also takes Python names.
    """

    def __init__(self, /, **data: Any) -> None:
        __tracebackhide__ = True
        # Python names are turned into wire names here rather than validated with
        # `by_name=True`: pydantic-core 2.46 does not pass `by_name` on through the wrap
        # validator below, so a Python name would be ignored. A key that is some
        # property's wire name stays that property's.
        fields = type(self).model_fields
        wire = {field.alias or name for name, field in fields.items()}
        renamed: dict[str, Any] = {}
        for key, value in data.items():
            field = fields.get(key)
            alias = field.alias if field is not None else None
            if alias and key not in wire and alias not in data:
                key = alias
            renamed[key] = value
        self.__pydantic_validator__.validate_python(
            renamed, self_instance=self, by_alias=True, extra="forbid"
        )

    # Like pydantic's own: validation (model_validate*, nested models) must not call this
    # __init__, so that only direct construction accepts Python names.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @model_validator(mode="wrap")
    @classmethod
    def _python_names_are_unknown_on_the_wire(
        cls, data: Any, handler: ModelWrapValidatorHandler[Self], info: ValidationInfo
    ) -> Self:
        # pydantic-core 2.46 in JSON mode does not report a key equal to a field's Python
        # name as `extra_forbidden` (Python mode does); report it here, after the other
        # errors, as Python mode would.
        if info.mode != "json" or cls.model_config.get("extra") != "forbid":
            return handler(data)
        if not isinstance(data, dict):
            return handler(data)
        wire = {field.alias or name for name, field in cls.model_fields.items()}
        unknown = [key for key in data if key in cls.model_fields and key not in wire]
        if not unknown:
            return handler(data)
        details: list[InitErrorDetails] = []
        try:
            handler({key: value for key, value in data.items() if key not in unknown})
        except ValidationError as exc:
            for error in exc.errors():
                kind = PydanticCustomError(error["type"], error["msg"])
                details.append(
                    {"type": kind, "loc": error["loc"], "input": error["input"]}
                )
        for key in unknown:
            details.append(
                {"type": "extra_forbidden", "loc": (key,), "input": data[key]}
            )
        raise ValidationError.from_exception_data(cls.__name__, details)
