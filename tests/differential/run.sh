#!/usr/bin/env bash
# The cross-language differential test (tests/differential/README.md): a seeded set of mutated
# events for every schema/v*/ version, read by Rust, Python and TypeScript; every answer must
# agree. Uses only what scripts/test installs (.venv, tests/typescript/node_modules).
# DIFFERENTIAL_SEED (default 20250127) and DIFFERENTIAL_CASES (per version, default 2000).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/differential
out=target/differential
python=.venv/bin/python
tsc=tests/typescript/node_modules/.bin/tsc
[ -x "$python" ] || { echo "differential: $python is missing (scripts/test's python block creates it)" >&2; exit 1; }
[ -x "$tsc" ] || { echo "differential: $tsc is missing (tests/typescript/run.sh installs it)" >&2; exit 1; }
mkdir -p "$out"

# Compiled first, so that the timings below are the readers' own.
cargo build --quiet --example differential
rm -rf "$out/ts"
"$tsc" -p "$here/tsconfig.json"
printf '{ "type": "module" }\n' > "$out/ts/package.json"

"$python" "$here/generate.py" "$out/cases.jsonl"
cargo run --quiet --example differential -- "$out/cases.jsonl" > "$out/rust.jsonl"
"$python" "$here/run_python.py" "$out/cases.jsonl" > "$out/python.jsonl"
node "$out/ts/tests/differential/run_typescript.mjs" "$out/cases.jsonl" > "$out/typescript.jsonl"
"$python" "$here/compare.py" "$out/cases.jsonl" "$out/rust.jsonl" "$out/python.jsonl" "$out/typescript.jsonl"

# The same cases through each language's parse_any (the all-versions readers): the version
# chosen by metadata.version must agree too.
echo "differential: every case through parse_any / parseAny"
cargo run --quiet --example differential -- "$out/cases.jsonl" --any > "$out/rust-any.jsonl"
"$python" "$here/run_python.py" "$out/cases.jsonl" --any > "$out/python-any.jsonl"
node "$out/ts/tests/differential/run_typescript.mjs" "$out/cases.jsonl" --any > "$out/typescript-any.jsonl"
"$python" "$here/compare.py" "$out/cases.jsonl" "$out/rust-any.jsonl" "$out/python-any.jsonl" "$out/typescript-any.jsonl"
