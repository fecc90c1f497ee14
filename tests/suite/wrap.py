"""Wraps the groups of the JSON Schema Test Suite as models the generators can take.

The generators take an object schema with properties; a suite group has any schema. Each group's
schema becomes the property ``v`` of a root object (``{"type": "object", "required": ["v"],
"properties": {"v": <schema>}}``), its ``$defs`` hoisted to the root (where ``#/$defs/…`` still
finds them) and every other local ``$ref`` rewritten to the place the schema now sits. Each case
is read as ``{"v": <data>}``.

A group is *wrappable* when that changes no verdict: no ``$dynamicRef``/``$dynamicAnchor``,
every ``$ref`` local (``#…``), no ``$id`` below the group's root (the root's is dropped), and the
reference validator (python-jsonschema, draft 2020-12, formats ``uuid``, ``date`` and
``date-time`` asserted) gives every wrapped case the verdict it gives the original. The others
are listed with the reason.

Writes (deterministically) ``tests/suite/wrapped/<id>.json``, one schema per wrappable group,
and ``tests/suite/cases.json``: every case with the suite's verdict and the verdict the project
promises (the suite's, unless ``tests/suite/deviations.json`` names the case, with the reason).
``--check`` writes nothing and fails if either differs from what is on disk.

Run with the project's venv (it has jsonschema): ``.venv/bin/python tests/suite/wrap.py``.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

import sweep
from jsonschema import Draft202012Validator, FormatChecker

HERE = Path(__file__).resolve().parent
SUITE = HERE / "JSON-Schema-Test-Suite" / "tests" / "draft2020-12"
WRAPPED = HERE / "wrapped"
CASES = HERE / "cases.json"
DEVIATIONS = HERE / "deviations.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
# The suite files the project runs: every file of the draft, plus the formats it asserts.
FILES = sorted(p for p in SUITE.glob("*.json")) + [
    SUITE / "optional" / "format" / f"{name}.json" for name in ("date", "date-time", "uuid")
]
# The formats every language asserts (schema/CONTRACT.md, "Formats").
FORMATS = FormatChecker(formats=["uuid", "date-time", "date"])

# Keywords whose value is one subschema, a map of subschemas, an array of subschemas.
ONE = {
    "items", "additionalProperties", "unevaluatedItems", "unevaluatedProperties",
    "contains", "propertyNames", "not", "if", "then", "else",
}
MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}
ARRAYS = {"allOf", "anyOf", "oneOf", "prefixItems"}


def group_id(path: Path, index: int) -> str:
    """``additionalProperties.json`` group 3 → ``additional_properties_03``; the optional
    format files are ``format_date_time_00`` and so on (``format.json`` is ``format_00``)."""
    stem = path.stem
    if path.parent.name == "format":
        stem = f"format-{stem}"
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", stem).replace("-", "_").lower()
    return f"{snake}_{index:02}"


def suite_name(path: Path) -> str:
    return path.relative_to(SUITE).as_posix()


def subschemas(node: Any) -> list[Any]:
    """The direct subschemas of a schema node."""
    if not isinstance(node, dict):
        return []
    out: list[Any] = []
    for key, value in node.items():
        if key in ONE:
            out.append(value)
        elif key in MAPS and isinstance(value, dict):
            out.extend(value.values())
        elif key in ARRAYS and isinstance(value, list):
            out.extend(value)
    return out


def why_not_wrappable(schema: Any, root: bool = True) -> str | None:
    """Why a group's schema cannot be wrapped without changing what it means, or ``None``."""
    if not isinstance(schema, dict):
        return None
    if root and schema.get("$schema", DRAFT) != DRAFT:
        return f"`$schema` names another metaschema (`{schema['$schema']}`)"
    for key in ("$dynamicRef", "$dynamicAnchor"):
        if key in schema:
            return f"`{key}` (dynamic scope)"
    if "$id" in schema and not root:
        return "`$id` below the root (a new base URI)"
    ref = schema.get("$ref")
    if isinstance(ref, str) and not ref.startswith("#"):
        return f"`$ref` to another document (`{ref}`)"
    for child in subschemas(schema):
        reason = why_not_wrappable(child, False)
        if reason is not None:
            return reason
    return None


def rewrite_refs(node: Any, at: str, hoisted: bool) -> Any:
    """``node`` with every local ``$ref`` pointing where its target now is: ``#/$defs/…`` stays
    (the root's ``$defs`` are hoisted) when ``hoisted``, any other pointer ``#/x`` becomes
    ``#<at>/x``."""
    if isinstance(node, list):
        return [rewrite_refs(item, at, hoisted) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith("#"):
            fragment = value[1:]
            if fragment.startswith("/") or fragment == "":
                if not (hoisted and fragment.startswith("/$defs/")):
                    value = f"#{at}{fragment}"
            out[key] = value
        elif key in ("const", "enum", "default", "examples"):
            out[key] = value
        else:
            out[key] = rewrite_refs(value, at, hoisted)
    return out


def wrap(schema: Any, description: str) -> dict[str, Any]:
    """The root model whose property ``v`` is ``schema``."""
    wrapped: dict[str, Any] = {"$schema": DRAFT, "title": "Suite", "description": description,
                               "type": "object"}
    defs: dict[str, Any] = {}
    if isinstance(schema, dict):
        inner = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs")}
        hoisted = isinstance(schema.get("$defs"), dict)
        defs = schema["$defs"] if hoisted else {}
        # `#` is the group's root: then the root goes into `$defs` (the only place the
        # generators follow a `$ref` to), under a key none of its own `$defs` has.
        key = "suite_group"
        while key in defs:
            key += "_"
        at = f"/$defs/{key}" if _refers_to(schema, "#") else "/properties/v"
        inner = rewrite_refs(inner, at, hoisted)
        defs = rewrite_refs(defs, at, True)
        if at != "/properties/v":
            defs = {**defs, key: inner}
            inner = {"$ref": f"#{at}"}
    else:
        inner = schema
    wrapped["required"] = ["v"]
    wrapped["properties"] = {"v": inner}
    if defs:
        wrapped["$defs"] = defs
    return wrapped


def _refers_to(node: Any, target: str) -> bool:
    if isinstance(node, list):
        return any(_refers_to(item, target) for item in node)
    if not isinstance(node, dict):
        return False
    if node.get("$ref") == target:
        return True
    return any(
        _refers_to(value, target)
        for key, value in node.items()
        if key not in ("const", "enum", "default", "examples")
    )


def verdict(schema: Any, data: Any) -> str:
    """The reference validator's verdict, or the error it raises (a pattern Python's ``re``
    cannot read): the wrapped schema must give the same."""
    try:
        return str(Draft202012Validator(schema, format_checker=FORMATS).is_valid(data))
    except Exception as error:  # noqa: BLE001 - compared, not hidden
        return f"error: {type(error).__name__}"


def load_deviations() -> dict[tuple[str, str, str], dict[str, Any]]:
    entries = json.loads(DEVIATIONS.read_text("utf-8"))["deviations"]
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for entry in entries:
        for test in entry["tests"]:
            out[(entry["file"], entry["group"], test)] = entry
    return out


def build() -> tuple[dict[str, str], dict[str, Any]]:
    """The files to write: ``wrapped/<id>.json`` texts, and the cases document."""
    deviations = load_deviations()
    used: set[tuple[str, str, str]] = set()
    schemas: dict[str, str] = {}
    groups: dict[str, Any] = {}
    not_wrappable: list[dict[str, str]] = []
    for path in FILES:
        for index, group in enumerate(json.loads(path.read_text("utf-8"))):
            name = suite_name(path)
            ident = group_id(path, index)
            schema = group["schema"]
            reason = why_not_wrappable(schema)
            wrapped = None
            if reason is None:
                wrapped = wrap(copy.deepcopy(schema),
                               f"JSON Schema Test Suite, {name}: {group['description']}")
                for case in group["tests"]:
                    if verdict(schema, case["data"]) != verdict(wrapped, {"v": case["data"]}):
                        reason = f"wrapping changes the reference verdict of {case['description']!r}"
                        break
            if reason is not None or wrapped is None:
                not_wrappable.append({"id": ident, "file": name, "group": group["description"],
                                      "reason": reason or ""})
                continue
            schemas[ident] = json.dumps(wrapped, indent=2, ensure_ascii=False) + "\n"
            cases = []
            for case in group["tests"]:
                key = (name, group["description"], case["description"])
                entry = deviations.get(key)
                item: dict[str, Any] = {
                    "description": case["description"],
                    "data": case["data"],
                    "valid": case["valid"] if entry is None else entry["valid"],
                }
                if entry is not None:
                    used.add(key)
                    if entry["valid"] == case["valid"]:
                        raise SystemExit(f"deviations.json: {key} gives the suite's own verdict")
                    item["suite_valid"] = case["valid"]
                    item["deviation"] = entry["reason"]
                cases.append(item)
            groups[ident] = {"file": name, "group": group["description"], "cases": cases}
    for ident, schema, cases in sweep.groups():
        schemas[ident] = json.dumps(wrap(schema, f"{sweep.FILE}: group {ident}"), indent=2) + "\n"
        groups[ident] = {"file": sweep.FILE, "group": ident, "sweep": True, "cases": cases}
    unused = sorted(set(deviations) - used)
    if unused:
        raise SystemExit(f"deviations.json names cases that are not run: {unused}")
    document = {
        "$comment": "Written by tests/suite/wrap.py from tests/suite/JSON-Schema-Test-Suite and tests/suite/deviations.json; do not edit.",
        "groups": groups,
        "not_wrappable": not_wrappable,
    }
    return schemas, document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the files on disk differ")
    args = parser.parse_args()
    schemas, document = build()
    cases_text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    on_disk = {p.stem: p.read_text("utf-8") for p in WRAPPED.glob("*.json")} if WRAPPED.is_dir() else {}
    if args.check:
        stale = sorted(k for k in set(schemas) | set(on_disk) if schemas.get(k) != on_disk.get(k))
        if not CASES.is_file() or CASES.read_text("utf-8") != cases_text:
            stale.append("cases.json")
        if stale:
            print(f"tests/suite: out of date ({', '.join(stale[:10])}…); run .venv/bin/python tests/suite/wrap.py",
                  file=sys.stderr)
            return 1
        return 0
    WRAPPED.mkdir(exist_ok=True)
    for stem in set(on_disk) - set(schemas):
        (WRAPPED / f"{stem}.json").unlink()
    for stem, text in schemas.items():
        if on_disk.get(stem) != text:
            (WRAPPED / f"{stem}.json").write_text(text, "utf-8")
    CASES.write_text(cases_text, "utf-8")
    total = sum(len(json.loads(p.read_text("utf-8"))) for p in FILES)
    print(f"{len(schemas)} of {total} groups wrapped; {len(document['not_wrappable'])} not wrappable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
