/**
 * `multipleOf` exact on decimal values (schema/CONTRACT.md, "Reading"): the cases where dividing
 * doubles gives the other answer, big integers, and agreement with exact rational arithmetic on
 * seeded decimals.
 *
 * @module
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isDecimalMultiple } from "../src/runtime/codecs.js";

describe("isDecimalMultiple", () => {
  const cases: [number | bigint, number | bigint, boolean][] = [
    // Money: dividing doubles says `19.99 / 0.01` is 1998.9999999999998.
    [19.99, 0.01, true],
    [0.07, 0.01, true],
    [19.999, 0.01, false],
    [-0.3, 0.1, true],
    // Integers and a fractional step: `1 / 0.1` is fine, `3 % 0.1` is not 0 in doubles.
    [1, 0.1, true],
    [3, 0.1, true],
    [10, 0.1, true],
    [12391239123, 1e-8, true],
    [0.0075, 0.0001, true],
    [0.00751, 0.0001, false],
    [4.5, 1.5, true],
    [4.6, 1.5, false],
    [0, 7, true],
    [-0, 0.5, true],
    // The suite's "float division = inf": 1e308 is 1 × 10^308, no multiple of 0.123456789.
    [1e308, 0.123456789, false],
    [1e300, 1e-300, true],
    [1e-300, 1e300, false],
    // Big integers stay exact, as a step beyond 2^53 does.
    [2n ** 70n, 2, true],
    [2n ** 70n + 1n, 2, false],
    [10n ** 30n, 1e-5, true],
    [18446744073709551615n, 18446744073709551615n, true],
    [18446744073709551614n, 18446744073709551615n, false],
  ];
  for (const [value, step, expected] of cases) {
    it(`${String(value)} is ${expected ? "" : "not "}a multiple of ${String(step)}`, () => {
      assert.equal(isDecimalMultiple(value, step), expected);
    });
  }

  it("agrees with exact arithmetic on seeded decimals", () => {
    let seed = 11;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let i = 0; i < 5000; i++) {
      // value = a × 10^-p, step = b × 10^-q, both written as the shortest decimal of a double.
      const a = next() % 100000;
      const b = (next() % 999) + 1;
      const p = next() % 6;
      const q = next() % 6;
      const value = Number(`${a}e-${p}`);
      const step = Number(`${b}e-${q}`);
      // a × 10^-p ÷ (b × 10^-q) = a × 10^q ÷ (b × 10^p): an integer when b × 10^p divides a × 10^q.
      const expected = (BigInt(a) * 10n ** BigInt(q)) % (BigInt(b) * 10n ** BigInt(p)) === 0n;
      assert.equal(isDecimalMultiple(value, step), expected, `${value} / ${step}`);
    }
  });
});
