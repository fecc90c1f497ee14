"""Makes the generated package importable when it is not installed, and the loader of every
generated package (``tests/python/generated_packages.py``) importable."""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated" / "python"

try:
    import workflow_events  # noqa: F401
except ImportError:
    sys.path.insert(0, str(GENERATED))
sys.path.append(str(REPO / "tests" / "python"))
