/** The UUID and date-time grammars of schema/CONTRACT.md and their canonical forms. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  canonicalTimestamp,
  canonicalUuid,
  timestampFromDate,
  uuid4,
} from "../../generated/typescript/src/runtime.js";

describe("date-time", () => {
  const good: [string, string][] = [
    ["2025-01-27T10:00:00Z", "2025-01-27T10:00:00Z"],
    ["2025-01-27T10:00:00", "2025-01-27T10:00:00Z"],
    ["2025-01-27t10:00:00z", "2025-01-27T10:00:00Z"],
    ["2025-01-27T10:00:00.5Z", "2025-01-27T10:00:00.500000Z"],
    ["2025-01-27T10:00:00.000000Z", "2025-01-27T10:00:00Z"],
    ["2025-01-27T10:00:00.0000009Z", "2025-01-27T10:00:00Z"],
    ["2025-01-27T10:00:00.1234567891Z", "2025-01-27T10:00:00.123456Z"],
    ["2025-01-27T12:00:00.5+02:00", "2025-01-27T10:00:00.500000Z"],
    ["2025-01-27T00:30:00+01:00", "2025-01-26T23:30:00Z"],
    ["2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"],
    ["2000-02-29T23:59:59.999999Z", "2000-02-29T23:59:59.999999Z"],
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"],
    ["9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"],
    ["2025-03-01T00:00:00+23:59", "2025-02-28T00:01:00Z"],
  ];
  for (const [input, expected] of good) {
    it(`${input} → ${expected}`, () => {
      assert.equal(canonicalTimestamp(input), expected);
    });
  }

  const bad = [
    "yesterday",
    "2025-01-27",
    "2025-01-27 10:00:00",
    "2025-02-30T10:00:00Z",
    "2025-02-29T10:00:00Z",
    "1900-02-29T10:00:00Z",
    "2025-13-01T10:00:00Z",
    "2025-00-01T10:00:00Z",
    "2025-01-00T10:00:00Z",
    "2025-01-27T24:00:00Z",
    "2025-01-27T10:60:00Z",
    "2025-01-27T23:59:60Z",
    "2025-01-27T10:00Z",
    "2025-01-27T10:00:00.Z",
    "2025-01-27T10:00:00+0200",
    "2025-01-27T10:00:00+02",
    "2025-01-27T10:00:00+24:00",
    "2025-01-27T10:00:00+02:60",
    "25-01-27T10:00:00Z",
    "+2025-01-27T10:00:00Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    " 2025-01-27T10:00:00Z",
    "2025-01-27T10:00:00Z ",
    "2025-01-27T10:00:00ZZ",
    "２０２５-01-27T10:00:00Z",
    "",
  ];
  for (const input of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.equal(canonicalTimestamp(input), null);
    });
  }

  it("takes a Date at millisecond precision", () => {
    assert.equal(timestampFromDate(new Date(Date.UTC(2025, 0, 27, 10, 0, 0, 250))), "2025-01-27T10:00:00.250000Z");
    assert.equal(timestampFromDate(new Date(Date.UTC(2025, 0, 27, 10, 0, 0, 0))), "2025-01-27T10:00:00Z");
    assert.equal(timestampFromDate(new Date(Number.NaN)), null);
    assert.equal(timestampFromDate(new Date(-62198755200000)), null, "year 0 is out of range");
  });
});

describe("uuid", () => {
  it("accepts the hyphenated form in any case and writes lower case", () => {
    assert.equal(canonicalUuid("E4F5A6B7-C8D9-4E0F-9A1B-2C3D4E5F6A7B"), "e4f5a6b7-c8d9-4e0f-9a1b-2c3d4e5f6a7b");
    assert.equal(canonicalUuid("00000000-0000-0000-0000-000000000000"), "00000000-0000-0000-0000-000000000000");
  });

  for (const input of [
    "123e4567e89b12d3a456426614174000",
    "{123e4567-e89b-12d3-a456-426614174000}",
    "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a456-42661417400",
    "123e4567-e89b-12d3-a456-4266141740000",
    "123e4567-e89b-12d3-a456_426614174000",
    "g23e4567-e89b-12d3-a456-426614174000",
    "not-a-uuid",
    "",
  ]) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.equal(canonicalUuid(input), null);
    });
  }

  it("makes random version 4 UUIDs", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const id = uuid4();
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    assert.equal(seen.size, 100);
  });
});
