/**
 * TypeScript and Python agree on the fixture corpus: for every case of every fixture (valid,
 * invalid and divergent), both accept or both reject it, and what they write is byte-identical
 * (UUIDs and timestamps that a default factory made up are masked, as they are random).
 *
 * Needs the Python environment that scripts/test builds (.venv with pydantic): without it the
 * test is skipped, saying so. The Python packages are generated with the codegen CLI into a
 * temporary directory and dumped by python_dump.py; the TypeScript ones are run.sh's.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";

import { writeJsonValue, type JsonObject, type JsonValue } from "../../generated/typescript/src/runtime.js";
import { ROOT, readJsonFile } from "./corpus.js";

const PYTHON = join(ROOT, ".venv", "bin", "python");
const SCHEMAS = join(ROOT, "tests", "fixtures", "schemas");
const INSTANCES = join(ROOT, "tests", "fixtures", "instances");
const PACKAGES = join(ROOT, "target", "ts-fixtures");

const stems = readdirSync(SCHEMAS)
  .filter((file) => file.endsWith(".json") && !file.startsWith("error_"))
  .map((file) => file.replace(/\.json$/, ""))
  .sort();

function pythonReady(): boolean {
  if (!existsSync(PYTHON)) {
    return false;
  }
  try {
    execFileSync(PYTHON, ["-c", "import pydantic"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const ready = pythonReady();

/** Replaces UUIDs and timestamps that do not occur in `input` (a default factory made them). */
function maskGenerated(output: string, input: string): string {
  return output
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (m) => (input.toLowerCase().includes(m) ? m : "<uuid>"))
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z/g, (m) => (input.includes(m.slice(0, 19)) ? m : "<now>"));
}

describe("TypeScript and Python agree on the fixture corpus", { skip: ready ? false : `no Python environment at ${PYTHON} (scripts/test makes it)` }, () => {
  const work = mkdtempSync(join(tmpdir(), "ts-py-agreement-"));
  after(() => rmSync(work, { recursive: true, force: true }));

  let python: Record<string, string | null> = {};
  it("generates and runs the Python package of every fixture", () => {
    for (const stem of stems) {
      execFileSync(
        "cargo",
        ["run", "--quiet", "-p", "codegen", "--", "--lang", "python", "--schema", join(SCHEMAS, `${stem}.json`), "--out", join(work, stem), "--python-package", `fx_${stem}`],
        { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
      );
    }
    const dumped = execFileSync(PYTHON, [join(ROOT, "tests", "typescript", "python_dump.py"), work], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
    python = JSON.parse(dumped) as Record<string, string | null>;
    assert.ok(Object.keys(python).length > 100, `only ${Object.keys(python).length} cases from Python`);
  });

  for (const stem of stems) {
    it(`${stem}: same verdict and same bytes for every case`, async () => {
      const exports = (await import(pathToFileURL(join(PACKAGES, stem, "dist", "esm", "index.js")).href)) as Record<string, unknown>;
      const schemaFn = Object.keys(exports).find((name) => /JsonSchema\d*$/.test(name)) ?? "";
      const lower = schemaFn.replace(/JsonSchema\d*$/, "");
      const root = lower.charAt(0).toUpperCase() + lower.slice(1);
      const parse = exports[`parse${root}`] as (input: unknown) => { ok: boolean; value?: unknown };
      const serialize = exports[`serialize${root}`] as (value: unknown) => string;
      let compared = 0;
      const mismatches: string[] = [];
      for (const kind of ["valid", "invalid", "divergent"]) {
        const path = join(INSTANCES, stem, `${kind}.json`);
        if (!existsSync(path)) {
          continue;
        }
        for (const [name, value] of Object.entries(readJsonFile(path) as JsonObject)) {
          const instance: JsonValue = kind === "divergent" ? ((value as JsonObject)["instance"] ?? null) : value;
          const text = writeJsonValue(instance);
          const result = parse(text);
          const ours = result.ok ? serialize(result.value) : null;
          const key = `${stem}/${kind}/${name}`;
          assert.ok(Object.hasOwn(python, key), `Python did not report ${key}`);
          const theirs = python[key] ?? null;
          const same = ours === null || theirs === null ? ours === theirs : maskGenerated(ours, text) === maskGenerated(theirs, text);
          if (!same) {
            mismatches.push(`${key}\n  typescript: ${ours}\n  python:     ${theirs}`);
          }
          compared++;
        }
      }
      assert.ok(compared > 0);
      assert.deepEqual(mismatches, []);
    });
  }
});
