/**
 * The runtime's JSON reader and writer: strict RFC 8259 reading, exact numbers, float output as
 * pydantic writes it (vectors made by pydantic 2.13.5), key order, and hostile keys.
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import {
  JsonFloat,
  formatFloat,
  readJson,
  writeJsonValue,
  type JsonObject,
  type JsonValue,
} from "../../generated/typescript/src/runtime.js";
import { ROOT } from "./corpus.js";

function roundTrip(text: string): string {
  const result = readJson(text);
  assert.ok(result.ok, `rejected ${JSON.stringify(text)}: ${result.ok ? "" : result.errors[0]?.msg}`);
  return writeJsonValue(result.value);
}

function rejects(text: string): string {
  const result = readJson(text);
  assert.equal(result.ok, false, `accepted ${JSON.stringify(text)}`);
  assert.ok(!result.ok);
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0]?.type, "json_invalid");
  assert.deepEqual(result.errors[0]?.loc, []);
  return result.errors[0]?.msg ?? "";
}

describe("float output matches pydantic 2.13.5", () => {
  const vectors = JSON.parse(readFileSync(join(ROOT, "tests/typescript/vectors/float_vectors.json"), "utf8")) as [
    string,
    string,
  ][];

  it("has the vectors", () => {
    assert.ok(vectors.length > 5000, `${vectors.length} vectors`);
  });

  it("every number text is written as pydantic writes it, except infinity", () => {
    const mismatches: string[] = [];
    let overflows = 0;
    for (const [input, expected] of vectors) {
      if (expected === "null") {
        // pydantic reads `1e400` as infinity and writes `null`; schema/CONTRACT.md makes it a
        // `finite_number` error instead (the generated Python models do the same).
        overflows++;
        const result = readJson(input);
        if (result.ok || result.errors[0]?.type !== "finite_number") {
          mismatches.push(`${input}: not a finite_number error`);
        }
        continue;
      }
      const written = roundTrip(input);
      if (written !== expected) {
        mismatches.push(`${input}: wrote ${written}, pydantic ${expected}`);
      }
    }
    assert.deepEqual(mismatches.slice(0, 20), []);
    assert.equal(overflows, 2, "the vectors hold 1e400 and -1e400");
  });

  it("formats the documented cases", () => {
    const cases: [number, string][] = [
      [1, "1.0"],
      [3, "3.0"],
      [0.0001, "0.0001"],
      [0.00001, "0.00001"],
      [0.000001, "1e-6"],
      [1e-7, "1e-7"],
      [1e15, "1000000000000000.0"],
      [1e16, "1e+16"],
      [-0, "-0.0"],
      [0, "0.0"],
      [123.456, "123.456"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [0.1 + 0.2, "0.30000000000000004"],
    ];
    for (const [value, expected] of cases) {
      assert.equal(formatFloat(value), expected, String(value));
    }
  });
});

describe("numbers keep their value", () => {
  it("keeps integers of any size exactly", () => {
    for (const text of ["0", "-1", "9007199254740991", "9007199254740993", "-123456789012345678901234567890"]) {
      assert.equal(roundTrip(text), text);
    }
    assert.equal(roundTrip("-0"), "0");
  });

  it("reads safe integers as numbers and larger ones as bigints", () => {
    const result = readJson("[9007199254740991, 9007199254740992, -9007199254740993]");
    assert.ok(result.ok);
    assert.deepEqual(result.value, [9007199254740991, 9007199254740992n, -9007199254740993n]);
  });

  it("keeps whole floats as JsonFloat and other floats as numbers", () => {
    const result = readJson('{"a":3.0,"b":1.5,"c":1e2,"d":-0.0,"e":1e16}');
    assert.ok(result.ok);
    const value = result.value as JsonObject;
    assert.ok(value["a"] instanceof JsonFloat);
    assert.equal(Number(value["a"]), 3);
    assert.equal(value["b"], 1.5);
    assert.ok(value["c"] instanceof JsonFloat);
    assert.ok(Object.is(value["d"], -0));
    assert.equal(value["e"], 1e16);
    assert.equal(writeJsonValue(value), '{"a":3.0,"b":1.5,"c":100.0,"d":-0.0,"e":1e+16}');
  });

  it("writes plain JavaScript numbers: safe integers as integers, the rest as floats", () => {
    const value: JsonValue = { i: 100, f: 2.5, big: 2 ** 60, neg0: -0, forced: new JsonFloat(7), n: 10n ** 30n };
    assert.equal(
      writeJsonValue(value),
      '{"i":100,"f":2.5,"big":1.152921504606847e+18,"neg0":-0.0,"forced":7.0,"n":1000000000000000000000000000000}',
    );
  });

  it("reads 1e-400 as 0.0; 1e400 is an error, never infinity or null (finite.test.ts)", () => {
    assert.equal(roundTrip("[1e-400,-1e-400,1e308]"), "[0.0,-0.0,1e+308]");
    const result = readJson("[1e400]");
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map((error) => [error.type, error.loc]), [["finite_number", [0]]]);
  });
});

describe("the reader is strict", () => {
  const bad = [
    "",
    " ",
    "{",
    '{"a":1,}',
    "[1,2,]",
    "[1 2]",
    '{"a" 1}',
    '{"a":1 "b":2}',
    "{a:1}",
    "{'a':1}",
    "01",
    "-",
    "1.",
    ".5",
    "+1",
    "1e",
    "1e+",
    "0x10",
    "NaN",
    "Infinity",
    "-Infinity",
    "tru",
    "nul",
    "True",
    '"abc',
    '"a\tb"',
    '"a\nb"',
    '"\\x"',
    '"\\u12"',
    '"\\uZZZZ"',
    '"\\ud800"',
    '"\\udc00"',
    '"\\ud800\\u0041"',
    '"\ud800"',
    "{} x",
    "{}\u0000",
    "\ufeff{}",
    "// comment\n{}",
    "/* c */ {}",
    "[1]]",
    "\u00a0{}",
  ];
  for (const text of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.match(rejects(text), /^Invalid JSON: .+ at line \d+ column \d+$/);
    });
  }

  it("accepts the four whitespace characters anywhere between tokens", () => {
    assert.equal(roundTrip(' \t\r\n{ "a" : [ 1 , true , null ] } \n'), '{"a":[1,true,null]}');
  });

  it("reads escapes and surrogate pairs", () => {
    assert.equal(roundTrip('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude80"'), '"\\"\\\\/\\b\\f\\n\\r\\té🚀"');
  });

  it("writes control characters escaped and everything else as UTF-8, like pydantic", () => {
    let text = "";
    for (let c = 0; c < 0x20; c++) {
      text += String.fromCharCode(c);
    }
    text += "\u007f\u2028\u2029/\"\\é🚀";
    assert.equal(
      writeJsonValue(text),
      '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
        "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f" +
        '\u007f\u2028\u2029/\\"\\\\é🚀"',
    );
  });

  it("accepts a value inside 200 containers and rejects one inside 201, like pydantic", () => {
    assert.ok(readJson("[".repeat(201) + "]".repeat(201)).ok);
    assert.match(rejects("[".repeat(202) + "]".repeat(202)), /recursion limit exceeded/);
    assert.ok(readJson('{"a":'.repeat(200) + "1" + "}".repeat(200)).ok);
    assert.match(rejects('{"a":'.repeat(201) + "1" + "}".repeat(201)), /recursion limit exceeded/);
  });

  it("reports the line and column", () => {
    assert.equal(rejects('{\n  "a": 1,\n}'), "Invalid JSON: trailing comma at line 3 column 1");
  });

  it("rejects a number whose integer part, sign included, is over 4300 characters, like pydantic", () => {
    // pydantic 2.13.5: json_invalid ("number out of range") exactly for these; fraction and
    // exponent may be of any length.
    const digits = (n: number): string => "1".repeat(n);
    for (const literal of [
      digits(4301),
      `-${digits(4300)}`,
      `${digits(4301)}.0`,
      `-${digits(4300)}.5`,
      `${digits(4301)}e-5000`,
      `${digits(4301)}E+1`,
    ]) {
      for (const text of [literal, `[1,${literal}]`, `{"x":{"y":${literal}}}`]) {
        assert.match(rejects(text), /^Invalid JSON: number out of range at line 1 column \d+$/);
      }
    }
    for (const literal of [
      digits(4300),
      `-${digits(4299)}`,
      `${digits(4300)}e-4300`,
      `-${digits(4299)}.5e-4299`,
      `1.${digits(6000)}`,
      `-0.${digits(6000)}`,
      `1e${"0".repeat(6000)}`,
    ]) {
      assert.ok(readJson(`[${literal}]`).ok, `${literal.slice(0, 20)}…`);
    }
    // Read, but too large for a double: finite_number, not json_invalid.
    for (const literal of [`${digits(4300)}.0`, `-${digits(4299)}e1`]) {
      const result = readJson(`[${literal}]`);
      assert.ok(!result.ok && result.errors[0]?.type === "finite_number", `${literal.slice(0, 20)}…`);
    }
    assert.equal(roundTrip(`[${digits(4300)}]`), `[${digits(4300)}]`);
    assert.equal(roundTrip(`["${digits(6000)}"]`), `["${digits(6000)}"]`);
  });
});

describe("objects", () => {
  it("keep the input key order, even for index-like keys", () => {
    const text = '{"b":1,"10":2,"2":3,"a":{"9":0,"x":1,"1":2}}';
    assert.equal(roundTrip(text), text);
  });

  it("keep the last of duplicate keys at the first key's place, like pydantic", () => {
    assert.equal(roundTrip('{"a":1,"b":2,"a":3}'), '{"a":3,"b":2}');
  });

  it("hold __proto__ and constructor as ordinary keys", () => {
    const result = readJson('{"__proto__":{"polluted":true},"constructor":1}');
    assert.ok(result.ok);
    const value = result.value as JsonObject;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ["__proto__", "constructor"]);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
    assert.equal(writeJsonValue(value), '{"__proto__":{"polluted":true},"constructor":1}');
  });

  it("write keys added after reading after the ones read", () => {
    const result = readJson('{"b":1,"1":2}');
    assert.ok(result.ok);
    const value = result.value as JsonObject;
    value["0"] = 0;
    value["a"] = 3;
    delete value["b"];
    assert.equal(writeJsonValue(value), '{"1":2,"0":0,"a":3}');
  });
});
