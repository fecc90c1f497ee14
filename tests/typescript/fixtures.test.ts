/**
 * The fixture corpus: every schema under tests/fixtures/schemas/ except `error_*` is rendered into
 * a package (target/ts-fixtures/<stem>, by `codegen --lang typescript --out` in run.sh) and
 * compiled with its own strict tsconfig. Its root parser must accept exactly the cases of
 * tests/fixtures/instances/<stem>/valid.json and reject those of invalid.json (the Python tests
 * check both files against the reference validator, python-jsonschema), and give the models'
 * answer for each case of divergent.json. JSON text and the decoded value must agree, and an
 * accepted case must write JSON that reads back to the same bytes. A fixture's roundtrip.json
 * (case → `{input, output}`, shared with the Python tests) pins the exact bytes written.
 */

import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";

import { writeJsonValue, type JsonObject, type JsonValue } from "../../generated/typescript/src/runtime.js";
import { ROOT, readJsonFile } from "./corpus.js";

type Parse = (input: unknown) => { ok: true; value: unknown } | { ok: false; errors: { type: string; loc: unknown[] }[] };
type Serialize = (value: unknown) => string;

const SCHEMAS = join(ROOT, "tests", "fixtures", "schemas");
const PACKAGES = join(ROOT, "target", "ts-fixtures");
const INSTANCES = join(ROOT, "tests", "fixtures", "instances");

const stems = readdirSync(SCHEMAS)
  .filter((file) => file.endsWith(".json") && !file.startsWith("error_"))
  .map((file) => file.replace(/\.json$/, ""))
  .sort();

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

interface Case {
  name: string;
  kind: "valid" | "invalid" | "divergent";
  instance: JsonValue;
  accept: boolean;
  why?: string;
}

function cases(stem: string): Case[] {
  const result: Case[] = [];
  for (const kind of ["valid", "invalid", "divergent"] as const) {
    const path = join(INSTANCES, stem, `${kind}.json`);
    if (!existsSync(path)) {
      assert.notEqual(kind, "valid", `${path} is missing`);
      assert.notEqual(kind, "invalid", `${path} is missing`);
      continue;
    }
    // Read exactly (3.0 stays a float, big integers stay exact), as Python's json module does.
    const doc = readJsonFile(path) as JsonObject;
    for (const [name, value] of Object.entries(doc)) {
      if (kind === "divergent") {
        const d = value as JsonObject;
        result.push({ name, kind, instance: d["instance"] ?? null, accept: d["models_accept"] === true, why: String(d["why"]) });
      } else {
        result.push({ name, kind, instance: value, accept: kind === "valid" });
      }
    }
  }
  return result;
}

/** The cases of a fixture's roundtrip.json: `input` read then written must be `output`, exactly. */
function roundtrips(stem: string): { name: string; input: JsonValue; output: string }[] {
  const path = join(INSTANCES, stem, "roundtrip.json");
  if (!existsSync(path)) {
    return [];
  }
  return Object.entries(readJsonFile(path) as JsonObject).map(([name, value]) => {
    const c = value as JsonObject;
    assert.equal(typeof c["output"], "string", `${path}: ${name}.output is not a string`);
    return { name, input: c["input"] ?? null, output: c["output"] as string };
  });
}

/** The cases of a fixture's errors.json (shared with the Python tests): the exact `{type, loc}` list of invalid input. */
function errorCases(stem: string): { name: string; instance: JsonValue; errors: { type: string; loc: unknown[] }[] }[] {
  const path = join(INSTANCES, stem, "errors.json");
  if (!existsSync(path)) {
    return [];
  }
  return Object.entries(readJsonFile(path) as JsonObject).map(([name, value]) => {
    const c = value as JsonObject;
    const errors = (c["errors"] as JsonObject[]).map((e) => ({ type: String(e["type"]), loc: e["loc"] as unknown[] }));
    return { name, instance: c["instance"] ?? null, errors };
  });
}

describe("fixture corpus", () => {
  it("has error cases", () => {
    assert.ok(stems.filter((stem) => errorCases(stem).length > 0).length >= 4);
  });

  it("has roundtrip cases", () => {
    assert.ok(roundtrips("nullable").length > 0);
  });

  it("has fixtures, each with a compiled package", () => {
    assert.ok(stems.length >= 10, `only ${stems.length} fixtures`);
    for (const stem of stems) {
      assert.ok(existsSync(join(PACKAGES, stem, "dist", "esm", "index.js")), `no compiled package for ${stem} (run tests/typescript/run.sh)`);
    }
  });

  for (const stem of stems) {
    describe(stem, async () => {
      const exports = (await import(pathToFileURL(join(PACKAGES, stem, "dist", "esm", "index.js")).href)) as Record<string, unknown>;
      const { parse, serialize, root } = rootFunctions(exports);
      const list = cases(stem);

      it("has valid and invalid cases", () => {
        assert.ok(list.some((c) => c.kind === "valid") && list.some((c) => c.kind === "invalid"));
      });

      for (const c of list) {
        const verb = c.accept ? "accepts" : "rejects";
        it(`${c.kind}/${c.name}: parse${root} ${verb} it${c.why ? ` (${c.why})` : ""}`, () => {
          const text = writeJsonValue(c.instance);
          const fromText = parse(text);
          const fromValue = parse(c.instance);
          assert.equal(fromText.ok, fromValue.ok, `JSON text and the decoded value disagree on ${text}`);
          assert.equal(fromText.ok, c.accept, fromText.ok ? "accepted" : `rejected: ${JSON.stringify(fromText.errors)}`);
          if (fromText.ok) {
            const written = serialize(fromText.value);
            const again = parse(written);
            assert.ok(again.ok, `its own output is rejected: ${written}`);
            assert.equal(serialize(again.value), written);
          } else {
            assert.ok(fromText.errors.length > 0);
          }
        });
      }

      for (const c of errorCases(stem)) {
        it(`errors/${c.name}: parse${root} reports exactly the pinned errors`, () => {
          const result = parse(writeJsonValue(c.instance));
          assert.ok(!result.ok, "accepted");
          assert.deepEqual(
            result.errors.map((e) => ({ type: e.type, loc: e.loc })),
            c.errors,
          );
        });
      }

      for (const c of roundtrips(stem)) {
        it(`roundtrip/${c.name}: writes exactly ${c.output}`, () => {
          const text = writeJsonValue(c.input);
          for (const [what, result] of [["text", parse(text)], ["value", parse(c.input)], ["output", parse(c.output)]] as const) {
            assert.ok(result.ok, `${what} rejected: ${result.ok ? "" : JSON.stringify(result.errors)}`);
            assert.equal(serialize(result.value), c.output, `from the ${what}`);
          }
        });
      }
    });
  }
});
