"""Seeded numeric groups run beside the JSON Schema Test Suite: ``multipleOf`` and bounds.

The suite has few ``multipleOf`` cases; the languages once disagreed on exactly these
(``19.99`` and ``0.01``; ``1`` and ``0.1``). Each group here is a ``number`` or ``integer``
schema with a random ``multipleOf`` (a decimal of 1 to 3 digits, 10^-10 to 10^3) and random
bounds, and cases around them: multiples, their neighbouring doubles, random doubles over the
whole range, integers. The verdict each case must get is computed here, exactly, by the rule of
schema/CONTRACT.md: a number's decimal value is what the project writes for it (an integer
exactly, a float as Python's ``repr``), and ``multipleOf`` and the bounds are decided on decimal
values. No language's validator is the oracle.

``wrap.py`` adds these groups to ``cases.json`` (file ``sweep: multipleOf and bounds``); the
summary counts them apart from the suite's groups, and any wrong verdict fails as one would.
"""

from __future__ import annotations

import math
import random
import struct
from decimal import Decimal
from typing import Any

SEED = 20261207
GROUPS = 40
FILE = "sweep: multipleOf and bounds"


def decimal_of(value: int | float) -> Decimal:
    """The decimal value the project writes for ``value``."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def random_double(rng: random.Random) -> float:
    """A finite double from anywhere in the range (a random bit pattern)."""
    while True:
        value: float = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        if math.isfinite(value):
            return value


def literal(number: Decimal) -> int | float:
    """A schema literal for ``number``: an integer when it is one, else a double."""
    return int(number) if number == number.to_integral_value() else float(number)


def random_step(rng: random.Random) -> int | float:
    """A short decimal (``0.07``, ``2.5e-08``, ``300``) as a literal whose value it is."""
    digits = rng.choice([1, 1, 2, 5, 7, rng.randrange(1, 1000)])
    return literal(Decimal(digits).scaleb(rng.randrange(-10, 4)))


def integer_and_exponent(number: Decimal) -> tuple[int, int]:
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    mantissa = int("".join(map(str, digits)) or "0")
    return (-mantissa if sign else mantissa), exponent


def is_multiple(number: Decimal, step: Decimal) -> bool:
    """Exactly, in integers (``Decimal``'s ``%`` gives up when the quotient is long)."""
    n, n_exp = integer_and_exponent(number)
    s, s_exp = integer_and_exponent(step)
    if n == 0:
        return True
    if n_exp >= s_exp:
        return (n * 10 ** (n_exp - s_exp)) % s == 0
    return n % (s * 10 ** (s_exp - n_exp)) == 0


def valid(schema: dict[str, Any], value: int | float) -> bool:
    number = decimal_of(value)
    if schema["type"] == "integer" and number != number.to_integral_value():
        return False
    if not is_multiple(number, decimal_of(schema["multipleOf"])):
        return False
    checks = {
        "minimum": lambda bound: number >= bound,
        "exclusiveMinimum": lambda bound: number > bound,
        "maximum": lambda bound: number <= bound,
        "exclusiveMaximum": lambda bound: number < bound,
    }
    return all(check(decimal_of(schema[k])) for k, check in checks.items() if k in schema)


def group(index: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rng = random.Random(f"{SEED}:{index}")
    kind = rng.choice(["number", "integer"])
    step = random_step(rng)
    schema: dict[str, Any] = {"type": kind, "multipleOf": step}
    multiples = [rng.randrange(-10**6, 10**6) for _ in range(4)] + [rng.randrange(-10**12, 10**12)]
    if rng.random() < 0.6:
        low, high = sorted(rng.sample(multiples, 2))
        schema[rng.choice(["minimum", "exclusiveMinimum"])] = literal(Decimal(low) * decimal_of(step))
        schema[rng.choice(["maximum", "exclusiveMaximum"])] = literal(Decimal(high) * decimal_of(step))
    values: list[int | float] = []
    for k in multiples:
        product = Decimal(k) * decimal_of(step)
        if kind == "integer":
            if product == product.to_integral_value():
                values.append(int(product))
            values.append(int(product.to_integral_value()) + rng.choice([-1, 1]))
        else:
            as_double = float(product)
            values += [as_double, math.nextafter(as_double, math.inf)]
    if kind == "integer":
        values += [rng.randrange(-10**20, 10**20) for _ in range(3)] + [0, 1]
    else:
        values += [random_double(rng) for _ in range(3)] + [0.0, 19.99, 0.07, 1e-08]
    cases = [
        {"description": f"{value!r}", "data": value, "valid": valid(schema, value)} for value in values
    ]
    return schema, cases


def groups() -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    """``(id, schema, cases)`` of every sweep group."""
    return [(f"sweep_{i:02d}", *group(i)) for i in range(GROUPS)]
