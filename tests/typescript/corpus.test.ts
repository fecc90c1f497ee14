/**
 * The shared corpus of every schema version (schema/<version>/, each run against
 * generated/typescript/src/<version>): every example is accepted and written byte-identically to its
 * canonical form; every counterexample is rejected with exactly the expected `[type, loc]` list,
 * whether it arrives as JSON text, as UTF-8 bytes or as an already decoded value.
 */

import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import type { ErrorItem, ParseResult } from "../../generated/typescript/src/v1_0/index.js";
import { ROOT, counterexamples, examples, typesAndLocs } from "./corpus.js";

/** What the corpus needs of a version's package (each version has its own types). */
interface Package {
  SCHEMA_VERSION: string | null;
  parseWorkflowEvent(input: unknown): ParseResult<unknown>;
  parseWorkflowEventOrThrow(input: unknown): unknown;
  serializeWorkflowEvent(value: never): string;
  ValidationError: abstract new (...args: never[]) => Error & { readonly errors: readonly ErrorItem[] };
}

/** Every version directory under schema/, oldest first. */
const VERSIONS = readdirSync(join(ROOT, "schema"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^v\d+\.\d+$/.test(entry.name))
  .map((entry) => entry.name)
  .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));

describe("the corpus covers every schema version", () => {
  it("finds v1.0 and v1.1, each with a generated TypeScript package", () => {
    assert.ok(VERSIONS.includes("v1.0") && VERSIONS.includes("v1.1"), `versions: ${VERSIONS.join(", ")}`);
    for (const version of VERSIONS) {
      assert.ok(existsSync(join(ROOT, "generated", "typescript", "src", version.replace(".", "_"), "index.ts")), `no ${version} in generated/typescript`);
    }
  });
});

for (const VERSION of VERSIONS) {
  // Compiled next to this test by run.sh (tests/typescript/tsconfig.json includes every package).
  const pkg = (await import(new URL(`../../generated/typescript/src/${VERSION.replace(".", "_")}/index.js`, import.meta.url).href)) as Package;
  const { parseWorkflowEvent, parseWorkflowEventOrThrow, ValidationError } = pkg;
  const serializeWorkflowEvent = pkg.serializeWorkflowEvent as (value: unknown) => string;
  const exampleList = examples(VERSION);
  const counterexampleList = counterexamples(VERSION);

  it(`${VERSION}: the package is generated from schema/${VERSION}`, () => {
    assert.equal(pkg.SCHEMA_VERSION, VERSION.slice(1));
  });

  describe(`${VERSION} examples`, () => {
    it("has examples to run", () => {
      assert.ok(exampleList.length >= 10, `only ${exampleList.length} examples`);
    });

    for (const example of exampleList) {
      it(`${example.name}: JSON text round-trips to the canonical bytes`, () => {
        const result = parseWorkflowEvent(example.text);
        assert.ok(result.ok, `rejected: ${JSON.stringify(result.ok ? [] : result.errors)}`);
        assert.equal(serializeWorkflowEvent(result.value), example.canonical);
      });

      it(`${example.name}: UTF-8 bytes round-trip to the canonical bytes`, () => {
        const value = parseWorkflowEventOrThrow(new TextEncoder().encode(example.text));
        assert.equal(serializeWorkflowEvent(value), example.canonical);
      });

      it(`${example.name}: the canonical form is a fixed point`, () => {
        assert.equal(serializeWorkflowEvent(parseWorkflowEventOrThrow(example.canonical)), example.canonical);
      });

      it(`${example.name}: a JSON.parse'd value is accepted too`, () => {
        if (example.name === "integer_beyond_double") {
          // JSON.parse reads an integer beyond a double's range as Infinity (the documented
          // limit of JSON.parse'd values): a finite_number error where each one was.
          const result = parseWorkflowEvent(JSON.parse(example.text) as unknown);
          assert.ok(!result.ok);
          assert.deepEqual(
            typesAndLocs(result.errors),
            [["beyond_double"], ["negative"], ["list", 0]].map((loc) => `finite_number @ ${JSON.stringify(["payload", "data", ...loc])}`),
          );
          return;
        }
        const value = parseWorkflowEventOrThrow(JSON.parse(example.text) as unknown);
        const written = serializeWorkflowEvent(value);
        if (example.name === "numbers_and_unicode") {
          // JSON.parse itself loses what the text said: `3.0` becomes 3 and the 30-digit integer
          // is rounded. That is why parseWorkflowEvent reads text with its own reader.
          assert.equal(
            written,
            example.canonical
              .replace('"whole_float":3.0', '"whole_float":3')
              .replace("123456789012345678901234567890", "1.2345678901234568e+29"),
          );
        } else {
          assert.equal(written, example.canonical);
        }
      });
    }
  });

  describe(`${VERSION} counterexamples`, () => {
    it("has counterexamples to run", () => {
      assert.ok(counterexampleList.length >= 20, `only ${counterexampleList.length} counterexamples`);
    });

    for (const counterexample of counterexampleList) {
      const expected = typesAndLocs(counterexample.errors);
      const { input } = counterexample;

      it(`${counterexample.name}: JSON text gives ${expected.join(", ")}`, () => {
        const result = parseWorkflowEvent(input.text);
        assert.equal(result.ok, false, `${counterexample.path}: accepted`);
        if (!result.ok) {
          assert.deepEqual(typesAndLocs(result.errors), expected, counterexample.path);
          for (const error of result.errors) {
            assert.ok(error.msg.length > 0, "every error has a message");
          }
        }
      });

      it(`${counterexample.name}: UTF-8 bytes give the same errors`, () => {
        const result = parseWorkflowEvent(new TextEncoder().encode(input.text));
        assert.equal(result.ok, false);
        if (!result.ok) {
          assert.deepEqual(typesAndLocs(result.errors), expected, counterexample.path);
        }
      });

      if (input.kind === "instance") {
        it(`${counterexample.name}: the decoded value gives the same errors`, () => {
          const result = parseWorkflowEvent(input.value);
          assert.equal(result.ok, false);
          if (!result.ok) {
            assert.deepEqual(typesAndLocs(result.errors), expected, counterexample.path);
          }
        });
      }

      it(`${counterexample.name}: the throwing variant throws a ValidationError with the same errors`, () => {
        assert.throws(
          () => parseWorkflowEventOrThrow(input.text),
          (error: unknown) => {
            assert.ok(error instanceof ValidationError);
            assert.deepEqual(typesAndLocs(error.errors), expected);
            assert.match(error.message, /validation errors? for WorkflowEvent/);
            return true;
          },
        );
      });
    }
  });
}
