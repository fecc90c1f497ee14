/**
 * The TypeScript side of the differential test (see README.md): reads the cases (JSON lines
 * `{"id", "version", "hex"}`), passes each input's bytes (a Uint8Array) to the `parseWorkflowEvent`
 * of the version's entry point of `generated/typescript` (`src/v<X>_<Y>/`) and prints one JSON
 * line per case: `{"id", "ok": true, "output": serializeWorkflowEvent(value)}`, `{"id", "ok":
 * false, "errors": [{"type", "loc"}]}`, or `{"id", "crash": "..."}` when anything throws. With
 * `--any`, every input goes to the package's `parseAny` instead, and an accepted answer also
 * names the version that read it (`"version"`).
 *
 * Usage (compiled by tests/differential/run.sh): node run_typescript.mjs CASES.jsonl [--any]
 */

import { readFileSync, writeSync } from "node:fs";

interface ErrorLike {
  type: string;
  loc: readonly (string | number)[];
}

interface AnyPackage {
  parseAny(input: Uint8Array): { ok: true; value: { version: string; event: unknown } } | { ok: false; errors: readonly ErrorLike[] };
  serializeAny(value: { version: string; event: unknown }): string;
}

interface Package {
  SCHEMA_VERSION: string | null;
  parseWorkflowEvent(input: unknown): { ok: true; value: unknown } | { ok: false; errors: readonly ErrorLike[] };
  serializeWorkflowEvent(value: never): string;
}

const path = process.argv[2];
const anyMode = process.argv[3] === "--any";
if (path === undefined) {
  process.stderr.write("usage: run_typescript.mjs CASES.jsonl [--any]\n");
  process.exit(2);
}
// Compiled next to this file: target/differential/ts/generated/typescript/src/index.js.
const root = (await import(new URL("../../generated/typescript/src/index.js", import.meta.url).href)) as AnyPackage;

const packages = new Map<string, Package>();
const lines = readFileSync(path, "utf8").split("\n").filter((line) => line !== "");
const out: string[] = [];
for (const [n, line] of lines.entries()) {
  const case_ = JSON.parse(line) as Record<string, unknown>;
  for (const field of ["id", "version", "hex"]) {
    if (typeof case_[field] !== "string") {
      process.stderr.write(`${path}:${n + 1}: /${field}: expected a string\n`);
      process.exit(1);
    }
  }
  const id = case_["id"] as string;
  const version = case_["version"] as string;
  let pkg = packages.get(version);
  if (pkg === undefined) {
    // Compiled next to this file: target/differential/ts/generated/typescript/src/v<X>_<Y>/index.js.
    const url = new URL(`../../generated/typescript/src/v${version.replace(".", "_")}/index.js`, import.meta.url);
    try {
      pkg = (await import(url.href)) as Package;
    } catch (e) {
      process.stderr.write(`${path}:${n + 1}: /version: no TypeScript package for ${JSON.stringify(version)} (${url.pathname}): ${String(e)}\n`);
      process.exit(1);
    }
    if (pkg.SCHEMA_VERSION !== version) {
      process.stderr.write(`${url.pathname}: SCHEMA_VERSION is ${JSON.stringify(pkg.SCHEMA_VERSION)}, not ${JSON.stringify(version)}\n`);
      process.exit(1);
    }
    packages.set(version, pkg);
  }
  const bytes = new Uint8Array(Buffer.from(case_["hex"] as string, "hex"));
  let result: Record<string, unknown>;
  try {
    if (anyMode) {
      const read = root.parseAny(bytes);
      result = read.ok
        ? { id, ok: true, version: read.value.version, output: root.serializeAny(read.value) }
        : { id, ok: false, errors: read.errors.map((e) => ({ type: e.type, loc: [...e.loc] })) };
      out.push(JSON.stringify(result));
      continue;
    }
    const parsed = pkg.parseWorkflowEvent(bytes);
    if (parsed.ok) {
      const serialize = pkg.serializeWorkflowEvent as (value: unknown) => string;
      result = { id, ok: true, output: serialize(parsed.value) };
    } else {
      result = { id, ok: false, errors: parsed.errors.map((e) => ({ type: e.type, loc: [...e.loc] })) };
    }
  } catch (e) {
    result = { id, crash: String(e instanceof Error ? `${e.name}: ${e.message}` : e).slice(0, 500) };
  }
  out.push(JSON.stringify(result));
}
writeSync(1, out.join("\n") + (out.length > 0 ? "\n" : ""));
process.stderr.write(`typescript: ${lines.length} cases read\n`);
