"""Prints, as one JSON object, how the Python package of each fixture writes each case it accepts.

Used by agreement.test.ts: argv[1] is a directory holding one generated Python package per
fixture (`<dir>/<stem>/fx_<stem>`), made with `codegen --lang python --python-package fx_<stem>`.
Output: {"<stem>/<kind>/<case>": "<model_dump_json()>" or null when the models reject it}.
"""

import importlib
import json
import re
import sys
from pathlib import Path

from pydantic import BaseModel, ValidationError

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def main() -> None:
    packages = Path(sys.argv[1])
    out: dict[str, str | None] = {}
    for package in sorted(p for p in packages.iterdir() if p.is_dir()):
        stem = package.name
        sys.path.insert(0, str(package))
        module = importlib.import_module(f"fx_{stem}")
        title = json.loads((FIXTURES / "schemas" / f"{stem}.json").read_text("utf-8"))["title"]
        name = "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", title))
        model = getattr(module, name)
        assert issubclass(model, BaseModel)
        for kind in ("valid", "invalid", "divergent"):
            path = FIXTURES / "instances" / stem / f"{kind}.json"
            if not path.exists():
                continue
            for case, value in json.loads(path.read_text("utf-8")).items():
                instance = value["instance"] if kind == "divergent" else value
                try:
                    written = model.model_validate_json(json.dumps(instance, ensure_ascii=False)).model_dump_json()
                except ValidationError:
                    written = None
                out[f"{stem}/{kind}/{case}"] = written
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
