/**
 * The writer's shortcut through `JSON.stringify`: wherever the runtime lets the engine write a
 * number or a string, the engine writes the same bytes as the runtime's own writer.
 *
 * @module
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { formatNumber, formatString, writesAsJavaScript } from "../src/runtime/write.js";

describe("writesAsJavaScript", () => {
  const numbers: number[] = [0, -0, 1, -1, 75065, 2 ** 31, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e16, 1e21, 1e22, 0.5, -0.25,
    1142.278, 1e-4, 1e-5, 1.5e-5, 9.99e-6, 1e-6, 1e-7, -1e-5, 123456.789, 0.1 + 0.2, Number.MIN_VALUE, Number.MAX_VALUE];
  // Seeded doubles of every magnitude.
  let seed = 7;
  for (let i = 0; i < 20000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const mantissa = seed / 2147483648 - 0.5;
    numbers.push(mantissa * 10 ** ((seed % 50) - 25));
    numbers.push(Math.round(mantissa * 10 ** (seed % 20)));
  }
  it("is true only where JSON.stringify writes what formatNumber writes", () => {
    let shortcut = 0;
    for (const value of numbers) {
      if (writesAsJavaScript(value)) {
        shortcut++;
        assert.equal(JSON.stringify(value), formatNumber(value), String(value));
      }
    }
    assert.ok(shortcut > numbers.length / 2, `${shortcut} of ${numbers.length}`);
  });
  it("is false for -0, unsafe integers and tiny fractions", () => {
    for (const value of [-0, 2 ** 53, 1e16, 1e-6, -9e-6, Infinity, NaN]) {
      assert.equal(writesAsJavaScript(value), false, String(value));
    }
  });
});

describe("formatString", () => {
  it("writes what JSON.stringify writes", () => {
    for (const text of ["", "plain", 'a"b', "a\\b", "\n\t\u0000\u001f", "naïve München", "😀", "\ud800", "x\udc00y", "\u2028\u2029", "</script>"]) {
      assert.equal(formatString(text), JSON.stringify(text));
    }
  });
});
