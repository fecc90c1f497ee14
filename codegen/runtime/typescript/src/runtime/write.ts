/**
 * The canonical JSON writer: compact, non-ASCII as UTF-8, floats as pydantic writes them, object keys in input order.
 *
 * @module
 */

import { formatFloat } from "./float.js";
import { JsonFloat, keysOf, type JsonValue } from "./values.js";

/** Writes a string as a JSON string literal; non-ASCII is written as it is, not escaped. */
export function formatString(value: string): string {
  return JSON.stringify(value);
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
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : formatFloat(value);
    default:
      break;
  }
  if (value instanceof JsonFloat) {
    return formatFloat(value.value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(writeJsonValue).join(",")}]`;
  }
  const parts: string[] = [];
  for (const key of keysOf(value)) {
    const item = value[key];
    if (item !== undefined) {
      parts.push(`${formatString(key)}:${writeJsonValue(item)}`);
    }
  }
  return `{${parts.join(",")}}`;
}
