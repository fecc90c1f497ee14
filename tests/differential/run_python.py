"""The Python side of the differential test (see README.md): reads the cases (JSON lines
``{"id", "version", "hex"}``), reads each input's bytes with the version's
``workflow_events.v<X>_<Y>.WorkflowEvent.model_validate_json`` (``generated/python``) and
prints one JSON line per case: ``{"id", "ok": true, "output": model_dump_json()}``,
``{"id", "ok": false, "errors": [{"type", "loc"}]}``, or ``{"id", "crash": "..."}`` when
anything but a ``ValidationError`` escapes. With ``--any``, every input goes to
``workflow_events.parse_any`` instead, and an accepted answer also names the version that read
it (``"version"``).

Usage: run_python.py CASES.jsonl [--any] > RESULTS.jsonl (with .venv's python: needs pydantic).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

import generated_packages  # tests/python/generated_packages.py
from pydantic import ValidationError


def main() -> int:
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["--any"]):
        print("usage: run_python.py CASES.jsonl [--any]", file=sys.stderr)
        return 2
    path = Path(sys.argv[1])
    any_mode = sys.argv[2:] == ["--any"]
    import workflow_events
    models: dict[str, Any] = {}
    out = sys.stdout
    count = 0
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            case = json.loads(line)
            for field in ("id", "version", "hex"):
                if not isinstance(case.get(field), str):
                    print(f"{path}:{n}: /{field}: expected a string", file=sys.stderr)
                    return 1
            version = case["version"]
            if version not in models:
                try:
                    models[version] = generated_packages.load(version).WorkflowEvent
                except (ImportError, OSError) as e:
                    print(f"{path}:{n}: /version: no Python package for {version!r}: {e}", file=sys.stderr)
                    return 1
            data = bytes.fromhex(case["hex"])
            result: dict[str, Any] = {"id": case["id"]}
            try:
                if any_mode:
                    event = workflow_events.parse_any(data)
                    result.update(ok=True, version=workflow_events.version_of(event))
                else:
                    event = models[version].model_validate_json(data)
                    result.update(ok=True)
                result.update(output=event.model_dump_json())
            except ValidationError as e:
                errors = [{"type": d["type"], "loc": list(d["loc"])} for d in e.errors()]
                result.update(ok=False, errors=errors)
            except Exception as e:  # noqa: BLE001  (a crash is an answer to compare, not a stop)
                result.update(crash=f"{type(e).__name__}: {e}"[:500])
            out.write(json.dumps(result) + "\n")
            count += 1
    print(f"python: {count} cases read", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
