/**
 * The fixture corpus: every schema under tests/fixtures/schemas/ that lowers is rendered into a
 * package (target/ts-fixtures/<stem>, by `codegen --lang typescript --out` in run.sh) and
 * compiled; its root parser must accept exactly the instances in
 * tests/fixtures/instances/<stem>/valid/ (which the Python tests check against the reference
 * validator, python-jsonschema) and reject those in invalid/. Accepted instances must also
 * write back to JSON that is accepted again and writes the same bytes.
 */

import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";

import { ROOT } from "./corpus.js";

type Parse = (input: unknown) => { ok: true; value: unknown } | { ok: false; errors: { type: string; loc: unknown[] }[] };
type Serialize = (value: unknown) => string;

const PACKAGES = join(ROOT, "target", "ts-fixtures");
const INSTANCES = join(ROOT, "tests", "fixtures", "instances");

const stems = existsSync(PACKAGES) ? readdirSync(PACKAGES).sort() : [];

/** The root's parse and serialize functions, found from the `…JsonSchema` export's name. */
function rootFunctions(exports: Record<string, unknown>): { parse: Parse; serialize: Serialize; root: string } {
  const schemaFns = Object.keys(exports).filter((name) => /JsonSchema\d*$/.test(name) && typeof exports[name] === "function");
  assert.equal(schemaFns.length, 1, `one …JsonSchema export, found ${schemaFns.join(", ")}`);
  const lower = (schemaFns[0] ?? "").replace(/JsonSchema\d*$/, "");
  const root = lower.charAt(0).toUpperCase() + lower.slice(1);
  const parse = exports[`parse${root}`];
  const serialize = exports[`serialize${root}`];
  assert.equal(typeof parse, "function", `parse${root}`);
  assert.equal(typeof serialize, "function", `serialize${root}`);
  return { parse: parse as Parse, serialize: serialize as Serialize, root };
}

describe("fixture corpus", () => {
  it("has fixture packages to check", () => {
    assert.ok(stems.length >= 4, `only ${stems.length} fixture packages in ${PACKAGES}`);
  });

  for (const stem of stems) {
    describe(stem, async () => {
      const exports = (await import(pathToFileURL(join(PACKAGES, stem, "dist", "index.js")).href)) as Record<string, unknown>;
      const { parse, serialize, root } = rootFunctions(exports);

      for (const kind of ["valid", "invalid"] as const) {
        const dir = join(INSTANCES, stem, kind);
        const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
        it(`has ${kind} instances`, () => {
          assert.ok(files.length > 0, dir);
        });
        for (const file of files) {
          const text = readFileSync(join(dir, file), "utf8");
          it(`${kind}/${file}: ${kind === "valid" ? "accepted" : "rejected"} by parse${root}`, () => {
            const result = parse(text);
            if (kind === "valid") {
              assert.ok(result.ok, `rejected: ${JSON.stringify(result.ok ? [] : result.errors)}`);
              const written = serialize(result.value);
              const again = parse(written);
              assert.ok(again.ok, `its own output is rejected: ${written}`);
              assert.equal(serialize(again.value), written);
            } else {
              assert.equal(result.ok, false, "accepted");
              assert.ok(!result.ok && result.errors.length > 0);
            }
          });
        }
      }
    });
  }
});
