"""Writes float_vectors.json: JSON number texts and how pydantic writes them.

Run with a venv holding pydantic==2.13.5:
    python tests/typescript/vectors/make_float_vectors.py > tests/typescript/vectors/float_vectors.json
Each vector is [input JSON number text, pydantic model_dump_json output of {"x": that number}
inside a dict[str, Any] field]. The TypeScript tests read this file; they do not run Python.
"""

import json
import random
import struct
import sys
from typing import Any

from pydantic import BaseModel


class M(BaseModel):
    data: dict[str, Any]


def dump(text: str) -> str:
    out = M.model_validate_json('{"data":{"x":%s}}' % text).model_dump_json()
    prefix, suffix = '{"data":{"x":', "}}"
    assert out.startswith(prefix) and out.endswith(suffix), out
    return out[len(prefix) : -len(suffix)]


def main() -> None:
    rng = random.Random(20250127)
    texts = [
        "0", "-0", "1", "-1", "42", "9007199254740991", "9007199254740993",
        "123456789012345678901234567890", "-123456789012345678901234567890",
        "0.0", "-0.0", "1.0", "3.0", "100.0", "1.5", "-1.5", "0.1", "0.10", "4.35",
        "1e2", "1E2", "1e+2", "1e-2", "1.5E-7", "1e15", "1e16", "1e17", "1e21", "1e22",
        "1e-4", "1e-5", "1e-6", "1e-7", "1.25e-5", "0.0001", "0.00001", "0.000001",
        "5e-324", "1e-320", "1.7976931348623157e308", "2.2250738585072014e-308",
        "12345678.9", "0.30000000000000004", "123456789012345680000.0",
        "9999999999999998.0", "1234567890123456.7", "1234567890123456.8",
        "9007199254740993.0", "12345678901234567890.5", "1e400", "-1e400", "1e-400",
        "0e0", "123456789012345678901234567890.0", "1.00000000000000000000001",
        "999999999999999.9", "9999999999999999.0", "0.000012345", "0.0000012345",
    ]
    for _ in range(3000):
        bits = rng.getrandbits(64)
        (value,) = struct.unpack("<d", bits.to_bytes(8, "little"))
        if value != value or value in (float("inf"), float("-inf")):
            continue
        texts.append(repr(value))
    for _ in range(2000):
        mantissa = rng.randint(1, 10**rng.randint(1, 17))
        exponent = rng.randint(-30, 30)
        texts.append(f"{'-' if rng.random() < 0.3 else ''}{mantissa}e{exponent}")
    for _ in range(500):
        texts.append(repr(rng.uniform(-1e6, 1e6)))
        texts.append(repr(float(rng.randint(-10**17, 10**17))))
    vectors = [[t, dump(t)] for t in texts]
    sys.stdout.write("[\n" + ",\n".join(json.dumps(v) for v in vectors) + "\n]\n")


if __name__ == "__main__":
    main()
