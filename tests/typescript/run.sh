#!/usr/bin/env bash
# Builds the generated TypeScript packages and their tests, then runs the tests with node --test.
# Installs the pinned compiler (npm ci) when tests/typescript/node_modules is missing or stale.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/typescript
build=target/ts-build

if [ ! -f "$here/node_modules/.package-lock.json" ] || ! cmp -s "$here/package-lock.json" "$here/node_modules/.package-lock.json.copy" 2>/dev/null; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$here/node_modules/.package-lock.json.copy"
fi
tsc="$here/node_modules/.bin/tsc"

# Every generated package compiles as emitted, with its own strict tsconfig.
for config in generated/*/typescript/tsconfig.json; do
  echo "tsc -p $config"
  "$tsc" -p "$config" --noEmit
done

# The tests and the packages they import, compiled together into target/ts-build.
rm -rf "$build"
"$tsc" -p "$here/tsconfig.json"
printf '{ "type": "module" }\n' > "$build/package.json"
# The compiled tests import their npm packages (kafkajs) from beside the build.
ln -sfn "$PWD/$here/node_modules" "$build/node_modules"

# The fixture corpus: one package per fixture schema in target/ts-fixtures/<stem>, rendered by
# the CLI and compiled with its own strict tsconfig (fixtures.test.ts imports them). `error_*`
# fixtures are schemas the IR rejects; their errors are snapshotted by the codegen tests.
rm -rf target/ts-fixtures
cargo build --quiet -p codegen
for schema in tests/fixtures/schemas/*.json; do
  stem=$(basename "$schema" .json)
  case $stem in error_*) continue ;; esac
  cargo run --quiet -p codegen -- --lang typescript --schema "$schema" --out "target/ts-fixtures/$stem" 2>/dev/null \
    || { echo "codegen --lang typescript failed on $schema" >&2; exit 1; }
  echo "tsc -p target/ts-fixtures/$stem/tsconfig.json"
  "$tsc" -p "target/ts-fixtures/$stem/tsconfig.json"
done

node --test --test-reporter=spec "$build/tests/typescript/"
