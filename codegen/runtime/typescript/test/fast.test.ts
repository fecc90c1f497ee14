/**
 * The fast path of `readInput` (`JSON.parse` after one pass over the text) against the exact
 * reader: for every input, both give the same value (same JSON text written back, the same
 * `JsonFloat`s, `bigint`s and key order) or both refuse it; and the pass lets the plain inputs
 * through, so that the fast path is what the corpus is read with.
 *
 * @module
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { plainBytes, plainText, readInput } from "../src/runtime/fast.js";
import { readText } from "../src/runtime/read.js";
import { writeJsonValue } from "../src/runtime/write.js";
import type { JsonValue } from "../src/runtime/values.js";

type Read = { ok: true; value: unknown; nonFinite: boolean } | { ok: false; errors: readonly { type: string }[] };

/**
 * What a read gives, as comparable text: the written value (or that it holds a number too large
 * for a double, which validation reports where it is kept), or the error types.
 */
function outcome(read: Read): string {
  if (!read.ok) {
    return `error ${read.errors.map((e) => e.type).join(",")}`;
  }
  return read.nonFinite ? "ok, with a non-finite number" : `ok ${writeJsonValue(read.value as JsonValue)}`;
}

/** The exact reader's reading. */
function exact(text: string): string {
  return outcome(readText(text));
}

const encoder = new TextEncoder();

/** No lone surrogate (`String.prototype.isWellFormed` is ES2024). */
function wellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** Inputs the pass must send to the exact reader, and why. */
const HAZARDS: readonly [string, string][] = [
  ["a whole number with a fraction", '{"a":1.0}'],
  ["a fraction of zeros", '{"a":[2.000]}'],
  ["an exponent", '{"a":1e2}'],
  ["an exponent that underflows", '{"a":1e-400}'],
  ["an exponent that overflows", '{"a":1e400}'],
  ["a big integer", '{"a":12345678901234567890}'],
  ["sixteen digits", '{"a":9007199254740993}'],
  ["a long fraction that rounds to a whole number", '{"a":1.00000000000000001}'],
  ["the integer -0", '{"a":-0}'],
  ["-0.0", '{"a":-0.0}'],
  ["a key that is an integer", '{"b":1,"10":2}'],
  ["a key that is an integer, after a space", '{"b":1,"7" : 2}'],
  ["an escaped lone surrogate", '{"a":"\\ud800"}'],
  ["an escaped trailing surrogate", '{"a":"\\uDC00x"}'],
  ["an escaped pair (the pass does not pair escapes)", '{"a":"\\ud83d\\ude00"}'],
  ["a raw lone surrogate", '{"a":"\ud800"}'],
  ["a raw trailing surrogate", '{"a":"\udc00"}'],
  ["201 levels", `${"[".repeat(201)}${"]".repeat(201)}`],
];

/** Inputs the pass lets through to `JSON.parse`. */
const PLAIN: readonly [string, string][] = [
  ["an event-like object", '{"id":"x","n":75065,"f":1142.278,"b":true,"z":null,"l":[1,-2,0.5,-0.25],"o":{}}'],
  ["escapes", '{"a":"\\" \\\\ \\/ \\n \\u00e9 \\u0041"}'],
  ["a raw pair", '{"a":"😀"}'],
  ["a string that starts with a digit, as a value", '{"a":"10","b":["7"]}'],
  ["the integer 0 and -1", '{"a":0,"b":-1}'],
  ["fifteen digits", '{"a":123456789012345,"b":1.23456789012345}'],
  ["200 levels", `${"[".repeat(200)}${"]".repeat(200)}`],
  ["white space", ' { "a" : [ 1 , 2 ] }\n'],
  ["a repeated key", '{"a":1,"b":2,"a":3}'],
  ["__proto__ as a key", '{"__proto__":{"x":1}}'],
];

/** Malformed inputs: the pass may let them through; JSON.parse refuses them and the reader reports. */
const MALFORMED = ['{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":-}', '{"a":1,}', '[1 2]', '{"a":"x', "", "tru", '{"a":NaN}', "\ufeff{}"];

describe("the fast path's pass over the text", () => {
  for (const [why, text] of HAZARDS) {
    it(`sends ${why} to the exact reader`, () => {
      assert.equal(plainText(text), false);
      if (wellFormed(text)) {
        assert.equal(plainBytes(encoder.encode(text)), false);
      }
      assert.equal(outcome(readInput(text)), exact(text));
    });
  }
  for (const [why, text] of PLAIN) {
    it(`lets ${why} through, and JSON.parse reads it as the exact reader does`, () => {
      assert.equal(plainText(text), true);
      assert.equal(plainBytes(encoder.encode(text)), true);
      assert.equal(outcome(readInput(text)), exact(text));
      assert.equal(outcome(readInput(encoder.encode(text))), exact(text));
    });
  }
  it("keeps __proto__ an own key, as the exact reader does", () => {
    const read = readInput('{"__proto__":{"x":1}}');
    assert.ok(read.ok);
    const value = read.value as Record<string, unknown>;
    assert.ok(Object.hasOwn(value, "__proto__"));
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
  for (const text of MALFORMED) {
    it(`refuses ${JSON.stringify(text)} with the exact reader's error`, () => {
      assert.equal(outcome(readInput(text)), exact(text));
      assert.match(outcome(readInput(text)), /^error json_invalid$/);
    });
  }
});

describe("the fast path against the exact reader on generated inputs", () => {
  // A seeded generator of JSON texts built from the pieces the pass looks at: numbers in every
  // form, keys that are and are not integers, escapes, surrogates, nesting.
  let seed = 20250127;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = <T>(items: readonly T[]): T => items[next(items.length)] as T;
  const NUMBERS = ["0", "-0", "1", "-1", "15", "1.5", "-0.5", "1.0", "2.50", "1e2", "1E-2", "1.5e3", "0.0", "-0.0",
    "123456789012345", "1234567890123456", "9007199254740993", "0.1000000000000000055511151231257827", "1e400", "1e-400"];
  const STRINGS = ['"x"', '"10"', '"a\\"b"', '"\\u00e9"', '"\\ud83d\\ude00"', '"\\ud800"', '"é"', '"😀"', '"\ud800"', '""'];
  const KEYS = ['"a"', '"b"', '"10"', '"0"', '"01"', '"a"', '"__proto__"', '"1a"'];
  const value = (depth: number): string => {
    const kind = depth > 3 ? next(3) : next(6);
    if (kind === 0) return pick(NUMBERS);
    if (kind === 1) return pick(STRINGS);
    if (kind === 2) return pick(["true", "false", "null"]);
    if (kind === 3) return `[${Array.from({ length: next(4) }, () => value(depth + 1)).join(",")}]`;
    return `{${Array.from({ length: next(4) }, () => `${pick(KEYS)}:${value(depth + 1)}`).join(",")}}`;
  };
  it("gives the same value or the same error on 3,000 texts, from a string and from bytes", () => {
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const text = value(0);
      const expected = exact(text);
      assert.equal(outcome(readInput(text)), expected, text);
      if (wellFormed(text)) {
        assert.equal(outcome(readInput(encoder.encode(text))), expected, text);
      }
      if (plainText(text)) {
        fast++;
      }
    }
    // Both paths were exercised.
    assert.ok(fast > 300 && fast < 2700, `${fast} of 3000 texts took the fast path`);
  });
});
