"""Seeded generator of mutated workflow events for the differential test (see README.md).

For every schema version directory ``schema/v<X.Y>/`` (found, not listed), starts from that
version's ``examples/*.json`` and applies one to three mutations chosen with
``random.Random(f"{seed}:{version}")``; the same seed gives the same cases, byte for byte.
Writes one JSON line per case: ``{"id", "version", "mutations", "hex"}``, ``hex`` being the
input's bytes (which may be invalid UTF-8 or invalid JSON).

Usage: generate.py OUT.jsonl [--seed N] [--cases-per-version N]
(defaults: $DIFFERENTIAL_SEED or 20250127, $DIFFERENTIAL_CASES or 2000).

Only the standard library: inputs are built as a small tree whose leaves keep their JSON
text exactly (``Raw``), so numbers like ``1.0``, ``1E+2``, ``-0.0`` or ``1e400``, escapes like
``"\\ud800"`` and repeated keys survive into the bytes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Union

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SEED = 20250127
DEFAULT_CASES = 2000


class Raw:
    """A JSON token written exactly as ``text`` (a number, a string with chosen escapes, or
    something that is not JSON at all)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text!r})"


class Obj(list):  # type: ignore[type-arg]
    """A JSON object as a list of ``[key, value]`` pairs: keeps order and repeated keys. A key
    is a ``str`` (written with ``json.dumps``) or a ``Raw`` (written as is)."""


Node = Union[Obj, list, str, Raw, bool, None, int]  # type: ignore[type-arg]  # noqa: UP007 (an alias, evaluated)


def load_example(path: Path) -> Node:
    text = path.read_text(encoding="utf-8")
    try:
        return json.loads(
            text,
            object_pairs_hook=lambda pairs: Obj([list(p) for p in pairs]),
            parse_float=Raw,
            parse_int=Raw,
            parse_constant=Raw,
        )
    except json.JSONDecodeError as e:
        raise SystemExit(f"{path}: not JSON at line {e.lineno} column {e.colno}: {e.msg}") from e


def dump(node: Node, ws: str = "") -> str:
    """The JSON text of ``node``; ``ws`` is written after every ``,`` and ``:``."""
    if isinstance(node, Raw):
        return node.text
    if node is None:
        return "null"
    if node is True:
        return "true"
    if node is False:
        return "false"
    if isinstance(node, int):
        return str(node)
    if isinstance(node, str):
        return json.dumps(node, ensure_ascii=False)
    if isinstance(node, Obj):
        items = [
            (k.text if isinstance(k, Raw) else json.dumps(k, ensure_ascii=False)) + ":" + ws + dump(v, ws)
            for k, v in node
        ]
        return "{" + ws + ("," + ws).join(items) + ws + "}"
    if isinstance(node, list):
        return "[" + ("," + ws).join(dump(v, ws) for v in node) + "]"
    raise TypeError(f"cannot write {node!r}")


def key_text(key: str | Raw) -> str:
    return key if isinstance(key, str) else key.text


def get(node: Node, path: tuple[Any, ...]) -> Node:
    for step in path:
        if isinstance(node, Obj):
            node = next(v for k, v in node if key_text(k) == step)
        else:
            node = node[step]  # type: ignore[index]
    return node


def has(node: Node, path: tuple[Any, ...]) -> bool:
    try:
        get(node, path)
        return True
    except (StopIteration, IndexError, TypeError, KeyError):
        return False


def put(node: Node, path: tuple[Any, ...], value: Node) -> None:
    """Sets (or adds) ``path``'s value. A step that is a name needs an object: whatever else is
    on the way (missing, a list, a scalar) is replaced by one; a step that is an index needs an
    existing list element."""
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            if last:
                node[step] = value
                return
            child = node[step]
            if not isinstance(child, (Obj, list)):
                child = node[step] = Obj()
            node = child
            continue
        if not isinstance(node, Obj):
            raise TypeError(f"cannot set {path!r}")
        pair = next((p for p in node if key_text(p[0]) == str(step)), None)
        if last:
            if pair is None:
                node.append([str(step), value])
            else:
                pair[1] = value
            return
        next_step = path[i + 1]
        wanted = list if isinstance(next_step, int) else Obj
        if pair is None:
            pair = [str(step), Obj()]
            node.append(pair)
        if not isinstance(pair[1], wanted) or (wanted is list and next_step >= len(pair[1])):
            pair[1] = Obj()
            if wanted is list:
                raise ValueError(f"cannot set {path!r}")
        node = pair[1]


def remove(node: Node, path: tuple[Any, ...]) -> None:
    *parents, last = path
    try:
        parent = get(node, tuple(parents))
    except (StopIteration, IndexError, TypeError, KeyError):
        return
    if isinstance(parent, Obj):
        parent[:] = [p for p in parent if key_text(p[0]) != last]


def paths(node: Node, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path below ``node`` (not ``()`` itself), depth first."""
    out: list[tuple[Any, ...]] = []
    if isinstance(node, Obj):
        seen = set()
        for k, v in node:
            if key_text(k) in seen:  # a repeated key: its path names the first one
                continue
            seen.add(key_text(k))
            p = prefix + (key_text(k),)
            out.append(p)
            out.extend(paths(v, p))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            p = prefix + (i,)
            out.append(p)
            out.extend(paths(v, p))
    return out


def objects(node: Node, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every object in ``node``, ``()`` included when it is one."""
    out = [prefix] if isinstance(node, Obj) else []
    if isinstance(node, Obj):
        seen = set()
        for k, v in node:
            if key_text(k) in seen:
                continue
            seen.add(key_text(k))
            out.extend(objects(v, prefix + (key_text(k),)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(objects(v, prefix + (i,)))
    return out


# ---- what the schema says (so that a new version's fields are mutated without listing them) ----


class Fields:
    """The declared properties of one schema version, by kind."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.all: list[tuple[str, ...]] = []
        self.models: list[tuple[str, ...]] = [()]
        self.uuid: list[tuple[str, ...]] = []
        self.datetime: list[tuple[str, ...]] = []
        self.enums: dict[tuple[str, ...], list[str]] = {}
        self.strings: list[tuple[str, ...]] = []
        self.free: list[tuple[str, ...]] = []
        self._walk(schema, schema, ())

    def _walk(self, schema: dict[str, Any], node: dict[str, Any], prefix: tuple[str, ...]) -> None:
        for name, prop in node.get("properties", {}).items():
            path = prefix + (name,)
            if "$ref" in prop:
                target = prop["$ref"].removeprefix("#/$defs/")
                prop = {**schema["$defs"][target], **{k: v for k, v in prop.items() if k != "$ref"}}
            self.all.append(path)
            if "enum" in prop:
                self.enums[path] = list(prop["enum"])
            elif prop.get("type") == "object" and "properties" in prop:
                self.models.append(path)
                self._walk(schema, prop, path)
            elif prop.get("type") == "object":
                self.free.append(path)
            elif prop.get("format") == "uuid":
                self.uuid.append(path)
            elif prop.get("format") == "date-time":
                self.datetime.append(path)
            elif prop.get("type") == "string":
                self.strings.append(path)


# ---- value pools ---------------------------------------------------------------------------

NUMBERS = [
    "0",
    "-0",
    "0.0",
    "-0.0",
    "1",
    "1.0",
    "1.00",
    "-1",
    "1e0",
    "1E0",
    "1e+0",
    "1e-0",
    "1.0e0",
    "10",
    "1e1",
    "1e2",
    "1E+2",
    "123e-2",
    "-1.5E-10",
    "0e0",
    "0E-5",
    "-0e0",
    "2.5e-5",
    "1e15",
    "1e16",
    "1e17",
    "1e21",
    "1e22",
    "1e23",
    "1.5e300",
    "1e308",
    "1.7976931348623157e308",
    "1.7976931348623158e308",
    "1.7976931348623159e308",
    "-1.7976931348623157e308",
    "1e309",
    "1e400",
    "-1e400",
    "1E400",
    "1e10000",
    "1e-400",
    "-1e-400",
    "1e-10000",
    "5e-324",
    "4.9e-324",
    "2e-324",
    "3e-324",
    "2.2250738585072014e-308",
    "2.225073858507201e-308",
    "1e-7",
    "1.5e-7",
    "0.0001",
    "0.00001",
    "123.456",
    "0.1",
    "0.30000000000000004",
    "3.141592653589793238462643383279",
    "0.1000000000000000055511151231257827",
    "9007199254740991",
    "9007199254740992",
    "9007199254740993",
    "-9007199254740993",
    "9007199254740993.0",
    "18446744073709551615",
    "18446744073709551616",
    "18446744073709551617",
    "-9223372036854775808",
    "-9223372036854775809",
    "340282366920938463463374607431768211456",
    "1" + "0" * 40,
    "-" + "9" * 100,
    "1" + "0" * 308,
    "1" + "0" * 309,
    "-" + "9" * 309,
    "1" + "0" * 400,
    "1" + "0" * 4299,
    "1" + "0" * 4300,
    "0." + "1" * 4300,
    "0." + "0" * 30 + "1",
    "1" * 25 + "." + "1" * 25,
    "12345678901234567890e-10",
    "100000000000000000000000.0",
    "1e-5",
    "1.0e-5",
]
BAD_NUMBERS = [
    "01",
    "-01",
    "1.",
    "-",
    ".5",
    "+1",
    "1e",
    "1e+",
    "0x10",
    "NaN",
    "Infinity",
    "-Infinity",
    "1.e5",
    "00",
    "1_000",
    "--1",
    "1e5.5",
    "\u0661",
]

# JSON string tokens, as written (escapes and all).
STRINGS = [
    '"\\u00e9"',
    '"caf\\u00e9"',
    '"\\ud83d\\ude00"',
    '"\U0001f600"',
    '"\\ud800"',
    '"\\udc00"',
    '"\\ud800\\u0041"',
    '"\\udbff\\udfff"',
    '"\\ud800\\ud800"',
    '"\\udc00\\ud800"',
    '"\\u0000"',
    '"a\\u0000b"',
    '"\\/"',
    '"\\b\\f\\n\\r\\t"',
    '"\\"\\\\"',
    '"\\u2028\\u2029"',
    '"\x7f"',
    '"\ufeff"',
    '"\\uFFFF"',
    '"\\uFFFE"',
    '""',
    '"e\u0301"',
    '"\U0001d4b3"',
    '"\\u00E9"',
    '"x' + "y" * 5000 + '"',
    # not JSON: raw control characters, unknown or short escapes
    '"\x01"',
    '"\t"',
    '"a\nb"',
    '"\\x41"',
    '"\\u12"',
    '"\\U0041"',
    '"\\a"',
    "'single'",
    '"unterminated',
]

TIMESTAMPS = [
    "2025-01-27T10:00:00Z",
    "2025-01-27T10:00:00z",
    "2025-01-27t10:00:00Z",
    "2025-01-27T10:00:00",
    "2025-01-27T10:00:00+00:00",
    "2025-01-27T10:00:00-00:00",
    "2025-01-27T10:00:00+05:30",
    "2025-01-27T10:00:00-08:00",
    "2025-01-27T10:00:00+23:59",
    "2025-01-27T10:00:00-23:59",
    "2025-01-27T10:00:00+24:00",
    "2025-01-27T10:00:00+0530",
    "2025-01-27T10:00:00+05",
    "2025-01-27T10:00:00 +05:30",
    "2025-01-27T10:00:00.5Z",
    "2025-01-27T10:00:00.25Z",
    "2025-01-27T10:00:00.123456Z",
    "2025-01-27T10:00:00.1234567Z",
    "2025-01-27T10:00:00.123456789Z",
    "2025-01-27T10:00:00.999999999Z",
    "2025-01-27T10:00:00.000000Z",
    "2025-01-27T10:00:00.000000001Z",
    "2025-01-27T10:00:00.Z",
    "2025-01-27T10:00:00,5Z",
    "2025-01-27T10:00:00.1234567890123Z",
    "2016-12-31T23:59:60Z",
    "2025-01-27T23:59:60Z",
    "2025-01-27T24:00:00Z",
    "2025-01-27T10:60:00Z",
    "2025-02-29T10:00:00Z",
    "2024-02-29T10:00:00Z",
    "2025-02-30T10:00:00Z",
    "2025-04-31T10:00:00Z",
    "2025-13-01T10:00:00Z",
    "2025-00-10T10:00:00Z",
    "2025-01-00T10:00:00Z",
    "2025-01-32T10:00:00Z",
    "2025-01-27 10:00:00Z",
    "2025-01-27",
    "10:00:00",
    "2025-01-27T10:00Z",
    "2025-01-27T10Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59.999999Z",
    "9999-12-31T23:59:59-01:00",
    "10000-01-01T00:00:00Z",
    "2025-1-27T10:00:00Z",
    "25-01-27T10:00:00Z",
    "2025-01-27T1:00:00Z",
    " 2025-01-27T10:00:00Z",
    "2025-01-27T10:00:00Z ",
    "",
    "now",
    "1737972000",
    "2025-01-27T10:00:00\u0000",
    "\u0662\u0660\u0662\u0665-01-27T10:00:00Z",
    "2025-01-27T10:00:00.123+01:00",
    "2025-01-27T10:00:00.5-00:30",
    "1969-12-31T23:59:59.999999Z",
    "2025-01-27T10:00:00+01:00:30",
]
TIMESTAMP_OTHERS: list[Node] = [Raw("1737972000"), Raw("1.5"), True, None, [], Obj()]

VERSIONS = [
    "1.0",
    "1.1",
    "1.2",
    "1.10",
    "1.99",
    "2.0",
    "0.9",
    "1",
    "01.0",
    "1.00",
    "1.0.0",
    "",
    " 1.0",
    "1.0 ",
    "v1.0",
    "1.99999999999999999999",
    "+1.0",
    "1.-1",
    "\uff11.\uff10",
    "1.0\u0000",
    "18446744073709551616.0",
    "1.18446744073709551616",
]
VERSION_OTHERS: list[Node] = [Raw("1.0"), Raw("1"), None, True, [], Obj(), Raw('"\\u0031.0"')]

ENVIRONMENTS = [
    "dev",
    "staging",
    "prod",
    "Dev",
    "PROD",
    "qa",
    "",
    "dev ",
    " dev",
    "dev\n",
    "devprod",
    "prod\u0000",
    "stagingx",
]

WRONG_TYPES: list[Callable[[], Node]] = [
    lambda: Raw("1"),
    lambda: Raw("1.5"),
    lambda: Raw("-0.0"),
    lambda: Raw("1e400"),
    lambda: True,
    lambda: False,
    lambda: "str",
    list,
    lambda: [Raw("1")],
    lambda: ["x", None],
    lambda: Obj(),
    lambda: Obj([["a", Raw("1")]]),
    lambda: None,
]


# ---- mutations (each returns a short tag naming what it did) -------------------------------


class Case:
    def __init__(
        self, rng: random.Random, tree: Node, fields: Fields, all_enums: dict[tuple[str, ...], list[str]]
    ) -> None:
        self.rng = rng
        self.tree = tree
        self.fields = fields
        self.all_enums = all_enums
        self.ws = ""
        self.byte_ops: list[Callable[[bytes], bytes]] = []

    def data_path(self) -> tuple[Any, ...]:
        """Somewhere inside ``payload.data`` (an existing leaf or a new key)."""
        free = self.fields.free[0] if self.fields.free else ("payload", "data")
        if not has(self.tree, free) or not isinstance(get(self.tree, free), Obj):
            put(self.tree, free, Obj())
        data = get(self.tree, free)
        inside = [free + p for p in paths(data)]
        if inside and self.rng.random() < 0.5:
            return self.rng.choice(inside)
        containers = [free + p for p in objects(data)]
        return self.rng.choice(containers) + (f"k{self.rng.randrange(1000)}",)

    def put_at(self, path: tuple[Any, ...], value: Node) -> None:
        put(self.tree, path, value)


def m_number(c: Case) -> str:
    text = c.rng.choice(NUMBERS if c.rng.random() < 0.9 else BAD_NUMBERS)
    if c.rng.random() < 0.85:
        path = c.data_path()
        if c.rng.random() < 0.3:
            c.put_at(path, [Raw(text), Raw(c.rng.choice(NUMBERS))])
        else:
            c.put_at(path, Raw(text))
        return f"number_in_data:{text[:24]}"
    path = c.rng.choice(c.fields.all)
    c.put_at(path, Raw(text))
    return f"number_at:{'.'.join(path)}"


def random_double(rng: random.Random) -> float:
    """A finite double from anywhere in the range: a random bit pattern (every exponent alike,
    subnormals included), or one where two shortest decimals can be equally close (an integer
    near 2^44…2^56 plus a short binary fraction: the writers must pick Python's ``repr`` digit)."""
    while True:
        if rng.random() < 0.6:
            value: float = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        else:
            whole = rng.randrange(2**44, 2**56)
            value = (whole + rng.randrange(1, 16) / 16) * rng.choice([1, -1])
        if math.isfinite(value):
            return value


def double_text(rng: random.Random, value: float) -> str:
    """``value`` as one of the literals that read back as it: Python's ``repr``, 17 significant
    digits, 25 (beyond what any double needs), or with an upper-case exponent."""
    form = rng.randrange(4)
    if form == 0:
        return repr(value)
    if form == 1:
        return f"{value:.17g}"
    if form == 2:
        return f"{value:.24e}"
    return f"{value:.17E}"


def m_doubles(c: Case) -> str:
    """A sweep of random doubles in ``payload.data``: every writer must write each as Python's
    ``repr`` does (schema/CONTRACT.md, "Writing")."""
    values = [Raw(double_text(c.rng, random_double(c.rng))) for _ in range(c.rng.randrange(3, 9))]
    c.put_at(c.data_path(), values)
    return "doubles_in_data"


def escape_some(rng: random.Random, s: str, p: float) -> str:
    """``s`` as a JSON string token with some characters written as ``\\uXXXX`` (same value)."""
    out = ['"']
    for ch in s:
        if rng.random() < p or ch in '"\\' or ord(ch) < 0x20:
            cp = ord(ch)
            if cp > 0xFFFF:
                cp -= 0x10000
                units = [0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)]
            else:
                units = [cp]
            case = str.upper if rng.random() < 0.5 else str.lower
            out.extend(case(f"\\u{u:04x}").replace("\\U", "\\u") for u in units)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def m_unicode(c: Case) -> str:
    r = c.rng.random()
    if r < 0.35:
        # the same value, written with escapes: a declared string, an enum, or a key
        candidates = [p for p in paths(c.tree) if isinstance(get(c.tree, p), str)]
        if candidates:
            path = c.rng.choice(candidates)
            c.put_at(path, Raw(escape_some(c.rng, get(c.tree, path), 0.4)))  # type: ignore[arg-type]
            return f"escaped_value:{'.'.join(map(str, path))}"
    if r < 0.5:
        parents = objects(c.tree)
        parent = get(c.tree, c.rng.choice(parents))
        if isinstance(parent, Obj) and parent:
            pair = c.rng.choice(parent)
            pair[0] = Raw(escape_some(c.rng, key_text(pair[0]), 0.5))
            return "escaped_key"
    token = c.rng.choice(STRINGS)
    where = c.rng.random()
    if where < 0.5:
        c.put_at(c.data_path(), Raw(token))
        return f"string_in_data:{token[:16]!r}"
    if where < 0.7:
        path = c.data_path()
        parent = get(c.tree, path[:-1])
        if isinstance(parent, Obj):
            parent.append([Raw(token), Raw("1")])
            return f"string_key_in_data:{token[:16]!r}"
    path = c.rng.choice(c.fields.strings + list(c.fields.enums) + c.fields.uuid + c.fields.datetime)
    c.put_at(path, Raw(token))
    return f"string_at:{'.'.join(path)}:{token[:16]!r}"


def m_duplicate(c: Case) -> str:
    parent_path = c.rng.choice(objects(c.tree))
    parent = get(c.tree, parent_path)
    assert isinstance(parent, Obj)
    if not parent:
        return "duplicate:none"
    i = c.rng.randrange(len(parent))
    key, value = parent[i]
    choice = c.rng.random()
    if choice < 0.3:
        other: Node = value  # the same value again
    elif choice < 0.6:
        other = c.rng.choice(WRONG_TYPES)()
    else:
        path = parent_path + (key_text(key),)
        if path in c.fields.enums:
            other = c.rng.choice(c.fields.enums[path])
        elif path in c.fields.datetime:
            other = c.rng.choice(TIMESTAMPS)
        elif path in c.fields.uuid:
            other = uuid_text(c.rng).upper()
        elif path[-1:] == ("version",):
            other = c.rng.choice(VERSIONS)
        else:
            other = "dup"
    at = i if c.rng.random() < 0.5 else i + 1
    parent.insert(at, [key, other])
    return f"duplicate:{'.'.join(map(str, parent_path + (key_text(key),)))}:{'before' if at == i else 'after'}"


def nest(rng: random.Random, depth: int, inner: Node) -> Node:
    node = inner
    for _ in range(depth):
        node = Obj([["d", node]]) if rng.random() < 0.3 else [node]
    return node


def m_deep(c: Case) -> str:
    # A value at `total` containers, the event itself counted (schema/CONTRACT.md: at most 200).
    total = c.rng.choice([198, 199, 200, 200, 201, 201, 202, 210, 300])
    inner: Node = c.rng.choice([Raw("1"), "s", None, [], Obj(), Raw("1e400")])
    empty = isinstance(inner, (list, Obj))
    where = c.rng.random()
    if where < 0.75:
        path = c.data_path()
        # the new value sits inside len(path) containers (the event and each step's parent)
        wrapped = nest(c.rng, max(total - len(path) - (1 if empty else 0), 0), inner)
        c.put_at(path, wrapped)
        return f"deep_data:{total}{':empty' if empty else ''}"
    if where < 0.9:
        c.put_at((f"extra{c.rng.randrange(10)}",), nest(c.rng, total - 1, inner))
        return f"deep_extra:{total}"
    path = c.rng.choice(c.fields.all)
    c.put_at(path, nest(c.rng, total - len(path), inner))
    return f"deep_at:{'.'.join(path)}:{total}"


def m_timestamp(c: Case) -> str:
    if not c.fields.datetime:
        return "timestamp:none"
    path = c.rng.choice(c.fields.datetime)
    if c.rng.random() < 0.9:
        value: Node = c.rng.choice(TIMESTAMPS)
    else:
        value = c.rng.choice(TIMESTAMP_OTHERS)
    c.put_at(path, value)
    return f"timestamp:{'.'.join(path)}:{dump(value)[:40]}"


def uuid_text(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


UUID_FORMS: list[tuple[str, Callable[[str], str]]] = [
    ("upper", str.upper),
    ("lower", str.lower),
    ("braces", lambda u: "{" + u + "}"),
    ("no_hyphens", lambda u: u.replace("-", "")),
    ("urn", lambda u: "urn:uuid:" + u),
    ("mixed", lambda u: "".join(ch.upper() if i % 2 else ch for i, ch in enumerate(u))),
    ("short", lambda u: u[:-1]),
    ("long", lambda u: u + "0"),
    ("non_hex", lambda u: "g" + u[1:]),
    ("nil", lambda u: "00000000-0000-0000-0000-000000000000"),
    ("max", lambda u: "ffffffff-ffff-ffff-ffff-ffffffffffff"),
    ("space", lambda u: " " + u),
    ("hyphens_moved", lambda u: u.replace("-", "")[:4] + "-" + u.replace("-", "")[4:]),
    ("urn_upper", lambda u: "URN:UUID:" + u),
    ("braces_no_hyphens", lambda u: "{" + u.replace("-", "") + "}"),
    ("empty", lambda u: ""),
    ("underscores", lambda u: u.replace("-", "_")),
]


def m_uuid(c: Case) -> str:
    if not c.fields.uuid:
        return "uuid:none"
    path = c.rng.choice(c.fields.uuid)
    name, form = c.rng.choice(UUID_FORMS)
    if c.rng.random() < 0.1:
        c.put_at(path, c.rng.choice(WRONG_TYPES)())
        return f"uuid:{'.'.join(path)}:wrong_type"
    c.put_at(path, form(uuid_text(c.rng)))
    return f"uuid:{'.'.join(path)}:{name}"


def m_null(c: Case) -> str:
    if c.rng.random() < 0.1:
        for path in c.fields.all:
            if len(path) == 1 or c.rng.random() < 0.5:
                c.put_at(path, None)
        return "null:many"
    candidates = paths(c.tree)
    path = c.rng.choice(candidates if c.rng.random() < 0.4 else c.fields.all)
    if len(path) > 1 and not isinstance(get(c.tree, path[:-1]) if has(c.tree, path[:-1]) else None, (Obj, list)):
        path = path[:1]
    c.put_at(path, None)
    return f"null:{'.'.join(map(str, path))}"


def m_extra(c: Case) -> str:
    parent = c.rng.choice(objects(c.tree))
    names = ["extra", "x", "", "EVENT_ID", "__proto__", "constructor", "toString", "\u00e9", "event_id ", "10", "0"]
    names += [p[-1] for p in c.fields.all]
    name = c.rng.choice(names)
    value: Node = c.rng.choice(WRONG_TYPES)() if c.rng.random() < 0.8 else Raw(c.rng.choice(NUMBERS))
    target = get(c.tree, parent)
    assert isinstance(target, Obj)
    if any(key_text(k) == name for k, _ in target):
        name = name + "_extra"
    target.insert(c.rng.randrange(len(target) + 1), [name, value])
    return f"extra:{'.'.join(map(str, parent + (name,)))}"


def m_wrong_type(c: Case) -> str:
    path = c.rng.choice(c.fields.all + c.fields.models[1:])
    c.put_at(path, c.rng.choice(WRONG_TYPES)())
    return f"wrong_type:{'.'.join(path)}"


def m_missing(c: Case) -> str:
    path = c.rng.choice(c.fields.all)
    remove(c.tree, path)
    return f"missing:{'.'.join(path)}"


def m_enum(c: Case) -> str:
    if not c.fields.enums:
        return "enum:none"
    path = c.rng.choice(list(c.fields.enums))
    values = c.all_enums.get(path, c.fields.enums[path])
    options: list[Node] = [*values, *(v.upper() for v in values), "", "workflow.unknown", "workflow.", Raw("1"), True]
    c.put_at(path, c.rng.choice(options))
    return f"enum:{'.'.join(path)}"


def m_string(c: Case) -> str:
    path = c.rng.choice(c.fields.strings)
    if path[-1] == "environment":
        value: Node = c.rng.choice(ENVIRONMENTS)
    elif path[-1] == "version":
        value = c.rng.choice(VERSIONS)
    elif c.rng.random() < 0.5:
        value = c.rng.choice(
            [
                "",
                " ",
                "a" * 300,
                "x\u0000y",
                "\u00e9\U0001f680",
                "00-" + "0" * 32 + "-" + "0" * 16 + "-00",
                "00-" + "a" * 32 + "-" + "b" * 16 + "-01",
                "00-" + "A" * 32 + "-" + "b" * 16 + "-01",
                "00-" + "a" * 32 + "-" + "b" * 16 + "-01\n",
            ]
        )
    else:
        value = c.rng.choice(WRONG_TYPES)()
    c.put_at(path, value)
    return f"string:{'.'.join(path)}"


def m_version(c: Case) -> str:
    path = next((p for p in c.fields.all if p[-1] == "version"), ("metadata", "version"))
    r = c.rng.random()
    if r < 0.1:
        remove(c.tree, path)
        return "version:absent"
    value: Node = c.rng.choice(VERSIONS) if r < 0.8 else c.rng.choice(VERSION_OTHERS)
    c.put_at(path, value)
    return f"version:{dump(value)}"


def m_whitespace(c: Case) -> str:
    c.ws = c.rng.choice([" ", "\n", "\t", "\r\n  ", "  \n\t"])
    return f"whitespace:{c.ws!r}"


TRAILING = [
    b" ",
    b"\n",
    b"\r\n\t ",
    b"x",
    b"{}",
    b"}",
    b",",
    b"\x00",
    b"// c",
    b"/* */",
    b"null",
    b" 1",
    b"\xff",
    b"\n\n{",
    b"\xef\xbb\xbf",
]
LEADING = [b"\xef\xbb\xbf", b" \n\t\r", b"\x00", b"\x0c", b"\xc2\xa0", b"[", b"\xff"]
INVALID_UTF8 = [
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xc3\x28",
    b"\xc0\xaf",
    b"\xc1\xbf",
    b"\xe0\x80\xaf",
    b"\xed\xa0\x80",
    b"\xed\xbf\xbf",
    b"\xf4\x90\x80\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\x80",
    b"\xe2\x82",
    b"\xf0\x9f\x98",
    b"\xf5\x80\x80\x80",
]
VALID_UTF8 = [b"\xc3\xa9", b"\xf0\x9f\x98\x80", b"\xef\xbf\xbf", b"\xe2\x80\xa8", b"\xed\x9f\xbf", b"\xee\x80\x80"]
MARK = "\u0001MARK\u0001"


def m_bytes(c: Case) -> str:
    rng = c.rng
    r = rng.random()
    if r < 0.2:
        cut = rng.random()
        c.byte_ops.append(lambda b: b[: int(len(b) * cut)])
        return "truncated"
    if r < 0.4:
        tail = rng.choice(TRAILING)
        c.byte_ops.append(lambda b: b + tail)
        return f"trailing:{tail!r}"
    if r < 0.5:
        head = rng.choice(LEADING)
        c.byte_ops.append(lambda b: head + b)
        return f"leading:{head!r}"
    if r < 0.8:
        chunk = rng.choice(INVALID_UTF8 if rng.random() < 0.8 else VALID_UTF8)
        where = rng.random()
        if where < 0.5:
            c.put_at(c.data_path(), "a" + MARK + "b")
        elif where < 0.8:
            c.put_at(rng.choice(c.fields.strings + list(c.fields.enums)), "a" + MARK)
        else:
            parent = get(c.tree, c.data_path()[:-1])
            if isinstance(parent, Obj):
                parent.append(["k" + MARK, Raw("1")])
        mark = MARK.encode()
        c.byte_ops.append(lambda b: b.replace(json.dumps(MARK)[1:-1].encode(), chunk).replace(mark, chunk))
        return f"utf8:{chunk!r}"
    # syntax damage
    damages: list[tuple[str, Callable[[bytes], bytes]]] = [
        ("drop_brace", lambda b: b[: b.rfind(b"}")] + b[b.rfind(b"}") + 1 :]),
        ("trailing_comma", lambda b: b[: b.rfind(b"}")] + b",}"),
        ("colon_to_equals", lambda b: b.replace(b":", b"=", 1)),
        ("drop_quote", lambda b: b.replace(b'"', b"", 1)),
        ("single_quotes", lambda b: b.replace(b'"', b"'")),
        ("comment", lambda b: b[:1] + b"/*c*/" + b[1:]),
        ("nan_in_data", lambda b: b.replace(b'"data":{', b'"data":{"n":NaN,', 1)),
        ("double_comma", lambda b: b.replace(b",", b",,", 1)),
        ("empty", lambda b: b""),
        ("only_whitespace", lambda b: b" \n"),
        ("two_documents", lambda b: b + b + b""),
    ]
    name, op = rng.choice(damages)
    c.byte_ops.append(op)
    return f"syntax:{name}"


MUTATIONS: list[tuple[float, Callable[[Case], str]]] = [
    (3, m_number),
    (2, m_doubles),
    (2, m_unicode),
    (1.5, m_duplicate),
    (1, m_deep),
    (2, m_timestamp),
    (1.5, m_uuid),
    (1.5, m_null),
    (1.5, m_extra),
    (1.5, m_wrong_type),
    (1, m_missing),
    (1, m_enum),
    (1, m_string),
    (1.5, m_version),
    (0.5, m_whitespace),
    (1.5, m_bytes),
]


def versions() -> list[str]:
    found = [p.name[1:] for p in (REPO / "schema").iterdir() if p.is_dir() and re.fullmatch(r"v[0-9]+\.[0-9]+", p.name)]
    return sorted(found, key=lambda v: tuple(int(x) for x in v.split(".")))


def generate(seed: int, per_version: int) -> list[dict[str, Any]]:
    all_versions = versions()
    if not all_versions:
        raise SystemExit(f"{REPO / 'schema'}: no v<X.Y> directories")
    schemas: dict[str, dict[str, Any]] = {}
    for version in all_versions:
        path = REPO / "schema" / f"v{version}" / "workflow_event.schema.json"
        try:
            schemas[version] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise SystemExit(f"{path}: {e}") from e
    all_enums: dict[tuple[str, ...], list[str]] = {}
    for schema in schemas.values():
        for path, values in Fields(schema).enums.items():
            all_enums.setdefault(path, [])
            all_enums[path] += [v for v in values if v not in all_enums[path]]
    weights = [w for w, _ in MUTATIONS]
    cases = []
    for version in all_versions:
        fields = Fields(schemas[version])
        example_dir = REPO / "schema" / f"v{version}" / "examples"
        example_paths = sorted(example_dir.glob("*.json"))
        if not example_paths:
            raise SystemExit(f"{example_dir}: no examples to start from")
        examples = [(p.stem, p.read_bytes()) for p in example_paths]
        rng = random.Random(f"{seed}:{version}")
        for n in range(per_version):
            name, text = examples[n % len(examples)]
            id_ = f"v{version}/{n:05d}"
            if n < len(examples):  # every example once, as it is
                cases.append({"id": id_, "version": version, "mutations": [f"example:{name}"], "hex": text.hex()})
                continue
            case = Case(rng, load_example(example_dir / f"{name}.json"), fields, all_enums)
            count = rng.choice([1, 1, 1, 2, 2, 3])
            tags = [f"example:{name}"]
            for mutation in rng.choices([m for _, m in MUTATIONS], weights=weights, k=count):
                tags.append(mutation(case))
            data = dump(case.tree, case.ws).encode("utf-8", "surrogatepass")
            for op in case.byte_ops:
                data = op(data)
            cases.append({"id": id_, "version": version, "mutations": tags, "hex": data.hex()})
        cases.extend(unknown_version_in_invalid_input(version, example_dir / f"{examples[0][0]}.json", fields))
    return cases


def unknown_version_in_invalid_input(version: str, example: Path, fields: Fields) -> list[dict[str, Any]]:
    """Input the contract calls ``json_invalid`` that names a version no package holds: the
    all-versions readers (and Kafka ``decode``) must say ``json_invalid`` too, not look the
    version up in a laxer parse (issue 23). Fixed cases, not random ones, so each kind is
    always there."""
    path = next((p for p in fields.all if p[-1] == "version"), ("metadata", "version"))
    damages: list[tuple[str, Node | None, Callable[[bytes], bytes]]] = [
        ("lone_surrogate", Raw('"\\ud800"'), lambda b: b),
        ("too_deep", Raw("[" * 300 + "]" * 300), lambda b: b),
        ("long_integer", Raw("1" + "0" * 4300), lambda b: b),
        ("byte_order_mark", None, lambda b: b"\xef\xbb\xbf" + b),
        ("utf16", None, lambda b: b.decode("utf-8").encode("utf-16")),
        ("utf32", None, lambda b: b.decode("utf-8").encode("utf-32")),
    ]
    cases = []
    for name, value, op in damages:
        case = Case(random.Random(0), load_example(example), fields, {})
        case.put_at(path, "2.0")
        if value is not None:
            case.put_at(case.data_path(), value)
        data = op(dump(case.tree).encode("utf-8"))
        cases.append(
            {"id": f"v{version}/unknown-version/{name}", "version": version, "mutations": ["version:\"2.0\"", name], "hex": data.hex()}
        )
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("DIFFERENTIAL_SEED", DEFAULT_SEED)))
    parser.add_argument(
        "--cases-per-version", type=int, default=int(os.environ.get("DIFFERENTIAL_CASES", DEFAULT_CASES))
    )
    args = parser.parse_args()
    cases = generate(args.seed, args.cases_per_version)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(case, ensure_ascii=True) + "\n")
    print(f"generate: {len(cases)} cases (seed {args.seed}) -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
