"""The JSON Schema Test Suite through the generated Python packages.

For every wrapped group (``tests/suite/cases.json``), ``codegen --lang python`` either refuses
the schema, naming the file, the JSON pointer and the keyword, or writes a package
(``target/suite/python/<id>``, import name ``suite_<id>``). Every case of a generated package is
read as JSON text (``Suite.model_validate_json('{"v": <data>}')``); an accepted case is written
and read again, and must give the same bytes. The verdicts go to ``target/suite/python.json``
for ``summary.py``, which compares them with the suite's.

``$CODEGEN`` names the codegen binary (default: ``target/debug/codegen``, built first).
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
HERE = REPO / "tests" / "suite"
OUT = REPO / "target" / "suite"


def codegen() -> str:
    if os.environ.get("CODEGEN"):
        return os.environ["CODEGEN"]
    subprocess.run(["cargo", "build", "--quiet", "-p", "codegen"], cwd=REPO, check=True)
    return str(REPO / "target" / "debug" / "codegen")


REFUSAL = re.compile(r"codegen: error: (?P<file>[^#\n]+)#(?P<pointer>[^:\n]*): `(?P<keyword>[^`]+)`: (?P<message>.*)")


def generate(binary: str, ident: str) -> dict[str, Any]:
    """Runs codegen on one wrapped schema: ``{"generated": true}`` or the refusal."""
    target = OUT / "python" / ident
    run = subprocess.run(
        [binary, "--lang", "python", "--schema", f"tests/suite/wrapped/{ident}.json",
         "--out", str(target), "--python-package", f"suite_{ident}"],
        cwd=REPO, capture_output=True, text=True,
    )
    if run.returncode == 0:
        return {"generated": True}
    found = REFUSAL.search(run.stderr)
    if run.returncode == 2 and found is not None:
        return {"generated": False, "file": found["file"], "pointer": found["pointer"],
                "keyword": found["keyword"], "message": found["message"]}
    return {"generated": False, "crash": f"codegen exit {run.returncode}: {run.stderr.strip()}"}


def read(model: Any, data: Any) -> str:
    """``accepted``, ``refused`` or ``crash: …`` for one case; an accepted value must be written
    as bytes that read back to the same bytes."""
    from pydantic import ValidationError

    text = json.dumps({"v": data}, ensure_ascii=False)
    try:
        value = model.model_validate_json(text)
    except ValidationError:
        return "refused"
    except Exception as error:  # noqa: BLE001 - a crash is a wrong verdict, reported
        return f"crash: {type(error).__name__}: {error}"
    try:
        written = value.model_dump_json()
        again = model.model_validate_json(written).model_dump_json()
    except Exception as error:  # noqa: BLE001
        return f"crash: own output refused: {type(error).__name__}: {error}"
    if again != written:
        return f"crash: written {written}, then {again}"
    return "accepted"


def main() -> int:
    groups: dict[str, Any] = json.loads((HERE / "cases.json").read_text("utf-8"))["groups"]
    binary = codegen()
    (OUT / "python").mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for ident, group in groups.items():
        outcome = generate(binary, ident)
        if outcome["generated"]:
            sys.path.insert(0, str(OUT / "python" / ident))
            try:
                model = importlib.import_module(f"suite_{ident}").Suite
            except Exception as error:  # noqa: BLE001
                outcome = {"generated": True, "crash": f"import: {type(error).__name__}: {error}"}
            else:
                outcome["verdicts"] = [read(model, case["data"]) for case in group["cases"]]
        results[ident] = outcome
    (OUT / "python.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
