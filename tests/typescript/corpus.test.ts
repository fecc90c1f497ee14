/**
 * The shared corpus of schema/v1.0: every example is accepted and written byte-identically to
 * its canonical form; every counterexample is rejected with exactly the expected `[type, loc]`
 * list, whether it arrives as JSON text, as UTF-8 bytes or as an already decoded value.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  parseWorkflowEvent,
  parseWorkflowEventOrThrow,
  serializeWorkflowEvent,
  ValidationError,
} from "../../generated/v1.0/typescript/src/index.js";
import { counterexamples, examples, typesAndLocs } from "./corpus.js";

const VERSION = "v1.0";
const exampleList = examples(VERSION);
const counterexampleList = counterexamples(VERSION);

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
