/**
 * The canonical JSON writer: compact, non-ASCII as UTF-8, floats as pydantic writes them, object keys in input order.
 *
 * @module
 */

import { formatFloat } from "./float.js";
import { isJsonFloat, keysOf, type JsonValue } from "./values.js";

/** A character `JSON.stringify` writes escaped: `"`, `\\`, a control character or a surrogate. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Writes a string as a JSON string literal; non-ASCII is written as it is, not escaped. */
export function formatString(value: string): string {
  // `JSON.stringify` of a string is a call into the engine that costs about twice the test.
  return ESCAPED.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * Writes a number of free-form JSON: a safe integer as an integer (`100`), any other number as
 * Python writes a float (see {@link formatFloat}).
 */
export function formatNumber(value: number): string {
  return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : formatFloat(value);
}

/**
 * Whether `JSON.stringify` writes this number as {@link formatNumber} does: a safe integer other
 * than `-0`, or a finite number with a fraction of at least `1e-5` in size (both write the
 * shortest digits in plain notation there; below, Python's layout has an exponent sooner).
 */
export function writesAsJavaScript(value: number): boolean {
  return Number.isInteger(value)
    ? Number.isSafeInteger(value) && !Object.is(value, -0)
    : Number.isFinite(value) && (value >= 1e-5 || value <= -1e-5);
}

/** Writes a free-form JSON value compactly (see {@link JsonValue} for numbers). */
export function writeJsonValue(value: JsonValue): string {
  if (value === null) {
    return "null";
  }
  switch (typeof value) {
    case "string":
      return formatString(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "number":
      return formatNumber(value);
    default:
      break;
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      out += i === 0 ? writeJsonValue(value[i] as JsonValue) : `,${writeJsonValue(value[i] as JsonValue)}`;
    }
    return `${out}]`;
  }
  if (isJsonFloat(value)) {
    return formatFloat(value.value);
  }
  let out = "{";
  for (const key of keysOf(value)) {
    const item = value[key];
    if (item !== undefined) {
      out += `${out.length === 1 ? "" : ","}${formatString(key)}:${writeJsonValue(item)}`;
    }
  }
  return `${out}}`;
}
