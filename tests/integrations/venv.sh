#!/usr/bin/env bash
# tests/integrations/venv.sh NAME: makes (or keeps) the venv of one framework integration,
# target/integrations/NAME/, from the pinned tests/integrations/NAME/requirements.txt
# (reinstalled only when that file's hash changes), with the newest generated package
# (generated/python, every version) installed editable and the framework's setup.sh run; prints
# the venv's path. Used by run.sh and scripts/bench-integrations.
set -euo pipefail
cd "$(dirname "$0")/../.."
name="$1"
venv="target/integrations/$name"
requirements="tests/integrations/$name/requirements.txt"
package=generated/python
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
hash="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$hash" ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
  echo "$hash" > "$venv/.requirements.sha256"
fi
if ! "$venv/bin/python" -c 'import pathlib, sys, workflow_events as w; sys.exit(pathlib.Path(w.__file__).resolve() != pathlib.Path(sys.argv[1]).resolve())' "$package/workflow_events/__init__.py" 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e "$package" >&2
fi
if [ -x "tests/integrations/$name/setup.sh" ]; then
  "tests/integrations/$name/setup.sh" "$venv" >&2
fi
echo "$PWD/$venv"
