"""Makes the generated package importable when it is not installed."""

import sys
from pathlib import Path

GENERATED = Path(__file__).resolve().parents[2] / "generated" / "v1.0" / "python"

try:
    import workflow_events  # noqa: F401
except ImportError:
    sys.path.insert(0, str(GENERATED))
