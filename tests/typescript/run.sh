#!/usr/bin/env bash
# Checks and tests the TypeScript side: the runtime where it lives (codegen/runtime/typescript:
# strict type check and its tests), every generated package (its sources under its own strict
# tsconfig, and its checked-in dist/ byte for byte what codegen builds now), the fixture
# packages, then the tests of this directory with node --test. Installs the pinned tools
# (npm ci of tests/typescript and codegen/runtime/typescript) when missing or stale.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/typescript
runtime=codegen/runtime/typescript
build=target/ts-build

# npm ci in $1 unless its node_modules was installed from the same lockfile.
ci() {
  if [ ! -f "$1/node_modules/.package-lock.json" ] || ! cmp -s "$1/package-lock.json" "$1/node_modules/.package-lock.json.copy" 2>/dev/null; then
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$1/package-lock.json" "$1/node_modules/.package-lock.json.copy"
  fi
}
ci "$here"
ci "$runtime"
tsc="$here/node_modules/.bin/tsc"
# The compiler codegen builds each package's dist/ with (backend/typescript/build.rs).
export CODEGEN_TSC="$PWD/$runtime/node_modules/.bin/tsc"

# The runtime where it lives: src/ and test/ under its strict tsconfig, then its tests.
echo "tsc -p $runtime/tsconfig.json; node --test (the runtime's own tests)"
rm -rf target/ts-runtime
"$CODEGEN_TSC" -p "$runtime/tsconfig.json"
printf '{ "type": "module" }\n' > target/ts-runtime/package.json
node --test --test-reporter=dot target/ts-runtime/test/

# The generated package (every version): its sources compile as emitted, with its own strict
# tsconfig, and its dist/ is exactly what codegen builds from them now (so dist.sha256 claims
# nothing stale). The rebuild starts from the package's content stamp (content.sha256), so the
# version is the same, and without dist/.
cargo build --quiet -p codegen
dir=generated/typescript
echo "tsc -p $dir/tsconfig.json; codegen rebuilds $dir into target/ts-rebuild/typescript"
"$tsc" -p "$dir/tsconfig.json" --noEmit
rm -rf target/ts-rebuild/typescript
mkdir -p target/ts-rebuild/typescript
cp "$dir/content.sha256" target/ts-rebuild/typescript/
cargo run --quiet -p codegen -- --lang typescript --schema schema --out target/ts-rebuild/typescript 2>/dev/null
diff -r --exclude=node_modules --exclude=package-lock.json target/ts-rebuild/typescript "$dir"

# The tests and the packages they import, compiled together into target/ts-build.
rm -rf "$build"
"$tsc" -p "$here/tsconfig.json"
printf '{ "type": "module" }\n' > "$build/package.json"
# The compiled tests import their npm packages (kafkajs) from beside the build.
ln -sfn "$PWD/$here/node_modules" "$build/node_modules"

# The fixture corpus: one package per fixture schema in target/ts-fixtures/<stem>, rendered by
# the CLI, which also compiles it (dist/esm, dist/cjs) with its own strict tsconfig
# (fixtures.test.ts imports them). `error_*` fixtures are schemas the IR rejects; their errors
# are snapshotted by the codegen tests. Packages with run-time checks import Ajv, found through
# target/ts-fixtures/node_modules: the pinned one of codegen/runtime/typescript.
rm -rf target/ts-fixtures
mkdir -p target/ts-fixtures
ln -sfn "$PWD/$runtime/node_modules" target/ts-fixtures/node_modules
for schema in tests/fixtures/schemas/*.json; do
  stem=$(basename "$schema" .json)
  case $stem in error_*) continue ;; esac
  echo "codegen --lang typescript --schema $schema (renders and compiles)"
  if ! log=$(cargo run --quiet -p codegen -- --lang typescript --schema "$schema" --out "target/ts-fixtures/$stem" 2>&1); then
    echo "codegen --lang typescript failed on $schema:" >&2
    echo "$log" >&2
    exit 1
  fi
done

node --test --test-reporter=spec "$build/tests/typescript/"
