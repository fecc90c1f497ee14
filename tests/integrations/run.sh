#!/usr/bin/env bash
# tests/integrations/run.sh NAME [pytest args]: the tests of one framework integration
# (tests/integrations/NAME/) in that framework's own venv, target/integrations/NAME/, made from
# the pinned tests/integrations/NAME/requirements.txt (reinstalled only when that file's hash
# changes), with the newest generated package (generated/v<newest>/python) installed editable.
# Needs KAFKA_BOOTSTRAP (scripts/test's kafka block sets it).
set -euo pipefail
cd "$(dirname "$0")/../.."
name="$1"; shift
venv="target/integrations/$name"
requirements="tests/integrations/$name/requirements.txt"
package="$(ls -d generated/v*/python | sort -V | tail -n 1)"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
hash="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$hash" ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  echo "$hash" > "$venv/.requirements.sha256"
fi
if ! "$venv/bin/python" -c 'import pathlib, sys, workflow_events as w; sys.exit(pathlib.Path(w.__file__).resolve() != pathlib.Path(sys.argv[1]).resolve())' "$package/workflow_events/__init__.py" 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e "$package"
fi
if [ -x "tests/integrations/$name/setup.sh" ]; then
  "tests/integrations/$name/setup.sh" "$venv"
fi
exec "$venv/bin/python" -m pytest "tests/integrations/$name" -q -p no:cacheprovider "$@"
