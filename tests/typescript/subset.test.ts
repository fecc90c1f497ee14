/**
 * What the general-subset fixture package (target/ts-fixtures/ts_general_subset, built by run.sh)
 * does beyond accepting and rejecting: defaults filled and written, optional nulls dropped as in
 * Python, formats normalised, recursion, closed objects, and the error list of a bad instance.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";

import { ROOT, typesAndLocs } from "./corpus.js";

type Result = { ok: true; value: unknown } | { ok: false; errors: { type: string; loc: (string | number)[] }[] };
interface Subset {
  parseGeneralSubset(input: unknown): Result;
  serializeGeneralSubset(value: unknown): string;
  createNode(init: unknown): unknown;
}

const pkg = (await import(pathToFileURL(join(ROOT, "target/ts-fixtures/ts_general_subset/dist/esm/index.js")).href)) as Subset;
const ID = "123e4567-e89b-12d3-a456-426614174000";

function write(input: unknown): string {
  const result = pkg.parseGeneralSubset(input);
  assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.errors));
  return pkg.serializeGeneralSubset(result.value);
}

describe("general subset package", () => {
  it("fills and writes every default, normalised by its type", () => {
    assert.equal(
      write(`{"id":"${ID.toUpperCase()}","tree":{"name":"r"},"count":5,"defaults":{}}`),
      `{"id":"${ID}","tree":{"name":"r"},"count":5,` +
        '"defaults":{"f":3.0,"i":7,"o":{"__proto__":1,"x":2.0},"l":[1,2],"n":null,"t":"2025-01-27T10:00:00Z"}}',
    );
  });

  it("keeps optional properties given as null (schema/CONTRACT.md), and defaulted ones", () => {
    assert.equal(
      write(`{"id":"${ID}","tree":{"name":"r","parent":null},"count":5,"score":null,"nothing":null,"defaults":{"n":null}}`),
      `{"id":"${ID}","tree":{"name":"r","parent":null},"count":5,"score":null,"nothing":null,` +
        '"defaults":{"f":3.0,"i":7,"o":{"__proto__":1,"x":2.0},"l":[1,2],"n":null,"t":"2025-01-27T10:00:00Z"}}',
    );
  });

  it("writes number properties as floats and integer properties as integers", () => {
    assert.equal(write(`{"id":"${ID}","tree":{"name":"r"},"count":10.0,"score":2}`), `{"id":"${ID}","tree":{"name":"r"},"count":10,"score":2.0}`);
  });

  it("reports every problem of a bad instance in schema order, depth first", () => {
    const result = pkg.parseGeneralSubset(
      '{"id":1,"tree":{"name":"r","children":[{"name":"a"},{}]},"count":7,"tags":["a","a"],"code":"x","closed":{"z":1,"a":2},"extra":true}',
    );
    assert.ok(!result.ok);
    assert.deepEqual(typesAndLocs(result.errors), [
      'uuid_type @ ["id"]',
      'missing @ ["tree","children",1,"name"]',
      'multiple_of @ ["count"]',
      'unique_items @ ["tags"]',
      'string_pattern_mismatch @ ["code"]',
      'bool_type @ ["closed","a"]',
      'extra_forbidden @ ["closed","z"]',
    ]);
  });

  it("builds recursive values from plain objects", () => {
    const node = pkg.createNode({ name: "a", children: [{ name: "b", parent: { name: "c" } }] });
    assert.deepEqual(node, { name: "a", children: [{ name: "b", parent: { name: "c" } }] });
  });

  it("translates patterns to ECMAScript: `.` does not match a newline, `\\-` is a hyphen", () => {
    assert.ok(pkg.parseGeneralSubset({ id: ID, tree: { name: "r" }, count: 5, code: "a-1\r" }).ok);
    assert.ok(!pkg.parseGeneralSubset({ id: ID, tree: { name: "r" }, count: 5, code: "a-1\n" }).ok);
  });
});
