#!/usr/bin/env bash
# Installs the generated Python distribution (generated/python: every schema version) the way
# another project does, into fresh venvs under target/py-install/, and runs a consumer there
# (tests/python/install_consumer.py, which checks it is not reading the checkout):
#   1. a wheel and an sdist built with `python -m build` (pinned build + hatchling, no build
#      isolation: the build itself needs no network), each installed into a fresh venv;
#   2. the same files served as an index of one's own: a PEP 503 folder over HTTP on
#      127.0.0.1 (python -m http.server), installed with `pip install --index-url`.
# Dependencies (pydantic) come from the usual index, constrained to the pins of
# tests/python/requirements.txt. About 1 minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=$PWD/target/py-install
pins=$PWD/tests/python/requirements.txt
rm -rf "$scratch"
mkdir -p "$scratch"
version=$(sed -n 's/^\([0-9][0-9.]*\) sha256:.*/\1/p' generated/python/content.sha256)
[ -n "$version" ] || { echo "install: no version in generated/python/content.sha256" >&2; exit 1; }
pip_quiet=(--quiet --disable-pip-version-check)

echo "== python -m build generated/python (workflow-events $version)"
python3 -m venv "$scratch/build"
"$scratch/build/bin/pip" install "${pip_quiet[@]}" -r tests/python/requirements-build.txt
cp -r generated/python "$scratch/source"   # build from a copy: nothing is written into generated/
"$scratch/build/bin/python" -m build --no-isolation --outdir "$scratch/dist" "$scratch/source" >/dev/null
ls "$scratch/dist"
wheel=$(ls "$scratch"/dist/*.whl)
sdist=$(ls "$scratch"/dist/*.tar.gz)

consumer() {
  local venv=$1
  shift
  python3 -m venv "$venv"
  "$venv/bin/pip" install "${pip_quiet[@]}" -c "$pins" "$@"
  (cd "$scratch" && "$venv/bin/python" "$OLDPWD/tests/python/install_consumer.py" "$OLDPWD/schema" "$version")
}

echo "== pip install <wheel>"
consumer "$scratch/wheel" "$wheel"
echo "== pip install <sdist>"
consumer "$scratch/sdist" "$sdist"

echo "== pip install --index-url <an index of one's own> workflow-events==$version"
index=$scratch/index
mkdir -p "$index/simple/workflow-events"
cp "$wheel" "$sdist" "$index/simple/workflow-events/"
printf '<!DOCTYPE html><html><body><a href="workflow-events/">workflow-events</a></body></html>\n' > "$index/simple/index.html"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$index" "$port" >"$scratch/index.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/simple/')" 2>/dev/null && break
  sleep 0.1
done
python3 -m venv "$scratch/index-venv"
# Its dependencies first (pinned, from the usual index), then the package from ours alone.
"$scratch/index-venv/bin/pip" install "${pip_quiet[@]}" -c "$pins" pydantic typing-extensions
"$scratch/index-venv/bin/pip" install "${pip_quiet[@]}" --no-deps --index-url "http://127.0.0.1:$port/simple/" "workflow-events==$version"
(cd "$scratch" && "$scratch/index-venv/bin/python" "$OLDPWD/tests/python/install_consumer.py" "$OLDPWD/schema" "$version")
echo "install: workflow-events $version installs and works from a wheel, an sdist and an index"
