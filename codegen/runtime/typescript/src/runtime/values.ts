/**
 * JSON values as the package represents them: `JsonFloat` (a whole number written with a fraction), the `JsonValue` types, and the input key order an object keeps.
 *
 * @module
 */

import { formatFloat } from "./float.js";

/** Marks a {@link JsonFloat}; registered globally, so every copy of the runtime shares it. */
const JSON_FLOAT: unique symbol = Symbol.for("workflow-events.JsonFloat");

/**
 * A JSON number written with a fraction or an exponent whose value is a whole number
 * (`3.0`, `1e2`, `-0.0` stays a plain `-0`). JavaScript cannot tell `3.0` from `3`, so such
 * numbers are kept in this wrapper to be written back as `3.0`, as Python and Rust write them.
 * Create one to force float output for a whole number: `new JsonFloat(3)`. JSON has no
 * infinity or NaN, so the value must be finite.
 */
export class JsonFloat {
  /** The number's value. */
  readonly value: number;

  /**
   * Recognises a `JsonFloat` made by any copy of this package (two schema versions installed
   * side by side each have one), where `instanceof` would not.
   */
  static [Symbol.hasInstance](value: unknown): value is JsonFloat {
    return typeof value === "object" && value !== null && (value as { [JSON_FLOAT]?: unknown })[JSON_FLOAT] === true;
  }

  /** @throws RangeError when `value` is not finite (`Infinity`, `NaN`). */
  constructor(value: number) {
    if (!Number.isFinite(value)) {
      throw new RangeError(`a JsonFloat must be finite, not ${value}`);
    }
    this.value = value;
    Object.defineProperty(this, JSON_FLOAT, { value: true });
    Object.freeze(this);
  }

  /** Lets `+x`, `Number(x)` and comparisons see the plain number. */
  valueOf(): number {
    return this.value;
  }

  /** The canonical JSON text of the number, as Python writes a float (`3.0`, `1e+16`). */
  toString(): string {
    return formatFloat(this.value);
  }

  /** `JSON.stringify` writes the plain number. */
  toJSON(): number {
    return this.value;
  }
}

/**
 * `value instanceof JsonFloat`, without the call to `Symbol.hasInstance` that `instanceof` makes
 * (measurable on the writer's path, which asks it for every object it writes).
 */
export function isJsonFloat(value: unknown): value is JsonFloat {
  return typeof value === "object" && value !== null && (value as { [JSON_FLOAT]?: unknown })[JSON_FLOAT] === true;
}

/** A JSON primitive as this package represents it. See {@link JsonValue}. */
export type JsonPrimitive = null | boolean | string | number | bigint | JsonFloat;

/**
 * Free-form JSON, as read from and written to the wire without losing anything.
 *
 * Numbers: an integer is a `number` when it is a safe integer and a `bigint` beyond that; a
 * number written with a fraction or exponent is a `number`, or a {@link JsonFloat} when its
 * value is whole. When writing, a safe-integer `number` is written as an integer (`100`), any
 * other `number` as Python writes a float (`1.5`, `1e+16`, `-0.0`), a `bigint` exactly, and a
 * `JsonFloat` as a float (`3.0`). JSON has no infinity or NaN: a non-finite `number` is a
 * `finite_number` error when validated and cannot be written (see {@link formatFloat}).
 *
 * Objects keep the key order of the input, even for keys such as `"10"` that JavaScript itself
 * enumerates first.
 */
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;

/** A JSON object. See {@link JsonValue}. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Holds the input key order on an object whose order JavaScript would not keep by itself;
 * registered globally, so every copy of the runtime reads it.
 */
export const KEY_ORDER: unique symbol = Symbol.for("workflow-events.keyOrder");

interface OrderedObject {
  [KEY_ORDER]?: readonly string[];
}

export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    // Assignment would set the prototype; defineProperty makes it an ordinary own key.
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    // Plain assignment: every target is a fresh `{}`, whose prototype has no other setter, and
    // it keeps V8's fast properties (defineProperty per key was most of the read time).
    target[key] = value;
  }
}

/** The keys of a JSON object in the order to write them. */
export function keysOf(object: JsonObject): string[] {
  const keys = Object.keys(object);
  const order = (object as OrderedObject)[KEY_ORDER];
  if (order === undefined) {
    return keys;
  }
  const result = order.filter((key) => Object.hasOwn(object, key));
  if (result.length !== keys.length) {
    const seen = new Set(result);
    for (const key of keys) {
      if (!seen.has(key)) {
        result.push(key);
      }
    }
  }
  return result;
}

export function rememberOrder(object: JsonObject, order: string[]): void {
  const natural = Object.keys(object);
  for (let i = 0; i < natural.length; i++) {
    if (natural[i] !== order[i]) {
      Object.defineProperty(object, KEY_ORDER, { value: Object.freeze(order) });
      return;
    }
  }
}
