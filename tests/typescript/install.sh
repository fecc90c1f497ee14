#!/usr/bin/env bash
# Installs the generated TypeScript package (generated/typescript: every schema version) the way
# a user does, into scratch npm projects under target/ts-install/, with no build step: by path (`npm install <dir>`), from the tarball
# of `npm pack`, and as a git dependency (a repository holding the package's tracked files, so
# that a dist/ left on disk but not checked in fails here). Each install is then used from
# plain Node ESM and from CommonJS (the package's own CommonJS build); the tarball install also
# from TypeScript (nodenext and bundler resolution, tsc --strict) and in an esbuild browser
# bundle, which is then run. The registry is used only by `npm ci` of the pinned tools
# (tests/typescript/install/package-lock.json); the installs themselves run with --offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/typescript/install
root=$PWD
scratch=$root/target/ts-install

if ! cmp -s "$here/package-lock.json" "$here/node_modules/.package-lock.json.copy" 2>/dev/null; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$here/node_modules/.package-lock.json.copy"
fi
tsc=$PWD/$here/node_modules/.bin/tsc
esbuild=$PWD/$here/node_modules/.bin/esbuild
npm_offline=(--offline --no-audit --no-fund --loglevel=error)

# A scratch project with the consumer files, the package installed from $2 into it.
consumer() {
  local project=$1 spec=$2
  rm -rf "$project"
  mkdir -p "$project"
  cp "$here"/consumer/* "$project"/
  printf '{ "name": "consumer", "private": true, "type": "module" }\n' > "$project/package.json"
  (cd "$project" && npm install "${npm_offline[@]}" "$spec")
}

# Node ESM and CommonJS (the package's require build: require(esm) is switched off): every
# version's entry point and parseAny over every version's examples.
use_from_node() {
  local project=$1 schema=$2
  (cd "$project" && node esm.mjs "$schema" && node --no-experimental-require-module cjs.cjs "$schema")
}

for package in generated/typescript; do
  schema=$PWD/schema
  newest=$(ls -d schema/v*/ | sort -V | tail -n 1)
  out=$scratch/package
  rm -rf "$out"
  mkdir -p "$out"

  echo "== $package: npm install <path>"
  consumer "$out/path" "$PWD/$package"
  use_from_node "$out/path" "$schema"

  echo "== $package: npm pack, npm install <tarball>"
  tarball=$(cd "$out" && npm pack --silent "$root/$package")
  consumer "$out/tarball" "$out/$tarball"
  use_from_node "$out/tarball" "$schema"

  echo "== $package: git dependency (its tracked files as a repository)"
  repo=$out/repo
  mkdir -p "$repo"
  git ls-files -z -- "$package" | while IFS= read -r -d '' file; do
    mkdir -p "$repo/$(dirname "${file#"$package"/}")"
    cp "$file" "$repo/${file#"$package"/}"
  done
  git -C "$repo" init --quiet
  git -C "$repo" add -A
  git -C "$repo" -c user.name=test -c user.email=test@localhost commit --quiet -m "$package"
  consumer "$out/git" "git+file://$repo"
  use_from_node "$out/git" "$schema"

  echo "== $package: TypeScript consumers (nodenext, bundler), tsc --strict"
  (cd "$out/tarball" && "$tsc" -p tsconfig.nodenext.json && "$tsc" -p tsconfig.bundler.json)

  echo "== $package: esbuild browser bundle"
  (cd "$out/tarball" && "$esbuild" browser.mjs --bundle --platform=browser --format=esm --minify \
    --log-level=warning --outfile=bundle.mjs)
  if grep -Eq 'node:|require\(' "$out/tarball/bundle.mjs"; then
    echo "the browser bundle of $package imports a Node module or calls require" >&2
    exit 1
  fi
  canonical=$(cat "$newest/examples/canonical/numbers_and_unicode.json")
  node --input-type=module -e '
    const { roundTrip } = await import(process.argv[1]);
    const [text, canonical] = [process.argv[2], process.argv[3]];
    if (roundTrip(text) !== canonical) { console.error("the bundle wrote", roundTrip(text)); process.exit(1); }
  ' "$out/tarball/bundle.mjs" "$(cat "$newest/examples/numbers_and_unicode.json")" "$canonical"
  echo "bundle: $(wc -c < "$out/tarball/bundle.mjs") bytes, reads and writes an example"

  echo "== $package: npm install inside the package folder leaves codegen --check passing"
  cp -r "$package" "$out/folder"
  (cd "$out/folder" && npm install "${npm_offline[@]}")
  cargo run --quiet -p codegen -- --lang typescript --schema schema --out "$out/folder" --check
done
echo "install: the generated TypeScript package installs and works by path, tarball and git"

# A package with run-time checks depends on Ajv (its package.json says so; packages without
# checks, such as generated/typescript, depend on nothing): the fixture package of
# tests/fixtures/schemas/checks.json (built by run.sh into target/ts-fixtures/checks) installed
# from its tarball into a project of its own, Ajv resolved from npm's cache as a user's install
# would resolve it from the registry, then used from ESM and CommonJS.
checks=target/ts-fixtures/checks
if [ ! -f "$checks/dist/esm/index.js" ]; then
  echo "install: $checks is not built (tests/typescript/run.sh builds it)" >&2
  exit 1
fi
out=$scratch/checks
rm -rf "$out"
mkdir -p "$out/project"
echo "== $checks: npm pack, npm install <tarball> (with its dependency, ajv)"
tarball=$(cd "$out" && npm pack --silent "$root/$checks")
printf '{ "name": "consumer", "private": true, "type": "module" }\n' > "$out/project/package.json"
(cd "$out/project" && npm install "${npm_offline[@]}" "$out/$tarball")
[ -d "$out/project/node_modules/ajv" ] || { echo "install: ajv was not installed with the package" >&2; exit 1; }
cat > "$out/project/use.mjs" <<'JS'
import { parseChecks, serializeChecks } from "workflow-events";
const ok = parseChecks('{"kind":"failed","error":"boom","steps":[{"name":"a","state":"done"}],"ext_b":"x"}');
if (!ok.ok || serializeChecks(ok.value) !== '{"kind":"failed","error":"boom","steps":[{"name":"a","state":"done"}],"ext_b":"x"}') {
  throw new Error(`valid input: ${JSON.stringify(ok)}`);
}
const bad = parseChecks('{"kind":"failed","steps":[{"name":"a","state":"done"}]}');
if (bad.ok || JSON.stringify(bad.errors.map((e) => [e.type, e.loc])) !== '[["missing",["error"]]]') {
  throw new Error(`invalid input: ${JSON.stringify(bad)}`);
}
JS
cat > "$out/project/use.cjs" <<'JS'
const { parseChecks } = require("workflow-events");
const bad = parseChecks('{"kind":"forbidden","steps":[{"name":"a","state":"done"}]}');
if (bad.ok || bad.errors[0].type !== "not_allowed") throw new Error(JSON.stringify(bad));
JS
(cd "$out/project" && node use.mjs && node --no-experimental-require-module use.cjs)
echo "install: a package with checks installs with ajv and checks from ESM and CommonJS"
