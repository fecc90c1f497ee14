/**
 * The codec library the generated `models.ts` is built from: one validating reader and canonical writer per shape of value (strings, formats, numbers, arrays, maps, free-form JSON, models).
 *
 * @module
 */

import { INVALID, ValidationError, child, cursor, report, reportNonFinite, type Context, type ErrorType, type Invalid, type Path } from "./errors.js";
import { canonicalDate, canonicalTimestamp, canonicalUuid, timestampFromDate } from "./formats.js";
import { MAX_DEPTH, checkFinite } from "./read.js";
import { KEY_ORDER, isJsonFloat, keysOf, rememberOrder, setOwn, type JsonObject, type JsonValue } from "./values.js";
import { formatFloat } from "./float.js";
import { formatString, writeJsonValue, writesAsJavaScript } from "./write.js";

/** Validates and normalises one shape of value, and writes it back canonically. */
export interface Codec<T> {
  /** Checks `input` at `path`; returns the normalised value, or {@link INVALID} after reporting. */
  read(input: unknown, path: Path, context: Context): T | Invalid;
  /** The canonical JSON text of a value that `read` returned. */
  write(value: T): string;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function quote(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

function oneOf(values: readonly unknown[]): string {
  const quoted = values.map(quote);
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A compiled `pattern` keyword. */
export interface Pattern {
  readonly source: string;
  readonly regex: RegExp;
}

/**
 * Compiles a `pattern` (not anchored unless it says so). `ecma` is the same expression written
 * for ECMAScript's `u` mode when the schema's spelling reads differently there.
 */
export function pattern(source: string, ecma: string = source): Pattern {
  return { source, regex: new RegExp(ecma, "u") };
}

/** Constraints of a string. Lengths count code points, as JSON Schema does. */
export interface StringConstraints {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: Pattern;
}

function codePointLength(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
      }
    }
    length++;
  }
  return length;
}

function checkString(value: string, constraints: StringConstraints, path: Path, context: Context): string | Invalid {
  const { minLength, maxLength } = constraints;
  if (minLength !== undefined || maxLength !== undefined) {
    const length = codePointLength(value);
    if (minLength !== undefined && length < minLength) {
      return report(context, path, "string_too_short", `String should have at least ${plural(minLength, "character")}`);
    }
    if (maxLength !== undefined && length > maxLength) {
      return report(context, path, "string_too_long", `String should have at most ${plural(maxLength, "character")}`);
    }
  }
  if (constraints.pattern !== undefined && !constraints.pattern.regex.test(value)) {
    return report(context, path, "string_pattern_mismatch", `String should match pattern '${constraints.pattern.source}'`);
  }
  return value;
}

/** `type: string`, with its length and pattern constraints. */
export function string(constraints: StringConstraints = {}): Codec<string> {
  return {
    read(input, path, context) {
      if (typeof input !== "string") {
        return report(context, path, "string_type", "Input should be a valid string");
      }
      return checkString(input, constraints, path, context);
    },
    write: formatString,
  };
}

/** `format: uuid`: the hyphenated form in either case, normalised to lower case. */
export function uuid(constraints: StringConstraints = {}): Codec<string> {
  return stringFormat(
    canonicalUuid,
    ["uuid_type", "UUID input should be a string, bytes or UUID object"],
    ["uuid_parsing", "Input should be a valid UUID, in the hyphenated 8-4-4-4-12 hex form"],
    constraints,
  );
}

/** `format: date-time`: RFC 3339 (or a `Date`), normalised to the canonical UTC text. */
export function dateTime(constraints: StringConstraints = {}): Codec<string> {
  return {
    read(input, path, context) {
      let value: string | null;
      if (typeof input === "string") {
        value = canonicalTimestamp(input);
      } else if (input instanceof Date) {
        value = timestampFromDate(input);
      } else {
        return report(context, path, "datetime_type", "Input should be a valid datetime");
      }
      if (value === null) {
        return report(
          context,
          path,
          "datetime_parsing",
          "Input should be a valid datetime, in the form YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM]",
        );
      }
      return checkString(value, constraints, path, context);
    },
    write: formatString,
  };
}

/** `format: date`: a `YYYY-MM-DD` date that exists. */
export function date(constraints: StringConstraints = {}): Codec<string> {
  return stringFormat(
    canonicalDate,
    ["date_type", "Input should be a valid date"],
    ["date_parsing", "Input should be a valid date in the format YYYY-MM-DD"],
    constraints,
  );
}

/**
 * A string `format` that only strings have: read by `canonical` (`null`: not in the format),
 * then checked as a string. `notString` and `notFormat` are the error type and message of each
 * failure.
 */
function stringFormat(
  canonical: (input: string) => string | null,
  notString: readonly [ErrorType, string],
  notFormat: readonly [ErrorType, string],
  constraints: StringConstraints,
): Codec<string> {
  return {
    read(input, path, context) {
      if (typeof input !== "string") {
        return report(context, path, ...notString);
      }
      const value = canonical(input);
      if (value === null) {
        return report(context, path, ...notFormat);
      }
      return checkString(value, constraints, path, context);
    },
    write: formatString,
  };
}

/** A closed `enum` of JSON primitives: anything else, of any type, is an `enum` error. */
export function enumeration<T extends string | number | boolean | null>(values: readonly T[]): Codec<T> {
  const message = `Input should be ${oneOf(values)}`;
  return {
    read(input, path, context) {
      const value = isJsonFloat(input) ? input.value : typeof input === "bigint" ? Number(input) : input;
      for (const candidate of values) {
        if (candidate === value) {
          context.plain &&= typeof candidate !== "number" || writesAsJavaScript(candidate);
          return candidate;
        }
      }
      return report(context, path, "enum", message);
    },
    write: (value) => writeJsonValue(value),
  };
}

/** `const`: exactly one JSON primitive. */
export function literal<T extends string | number | boolean | null>(expected: T): Codec<T> {
  const message = `Input should be ${quote(expected)}`;
  return {
    read(input, path, context) {
      const value = isJsonFloat(input) ? input.value : typeof input === "bigint" ? Number(input) : input;
      if (value !== expected) {
        return report(context, path, "literal_error", message);
      }
      context.plain &&= typeof expected !== "number" || writesAsJavaScript(expected);
      return expected;
    },
    write: (value) => writeJsonValue(value),
  };
}

/** Numeric bounds, checked in pydantic's order after the type. */
export interface NumberConstraints {
  /** A `bigint` when the schema's integer is beyond ±(2^53 − 1), so that it stays exact. */
  readonly multipleOf?: number | bigint;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maximum?: number;
  readonly exclusiveMaximum?: number;
}

/**
 * `(digits, exponent)` with `|value| = digits × 10^exponent` and no trailing zero in `digits`
 * (`[0n, 0]` for zero): the decimal value of a number as the project writes it, an integer
 * (`bigint`, or a whole `number` written as one) exactly, any other `number` as the shortest
 * decimal that reads back as the same double (what `String` gives, as Python's `repr`).
 */
function decimal(value: number | bigint): [bigint, number] {
  let digits: bigint;
  let exponent = 0;
  if (typeof value === "bigint") {
    digits = value < 0n ? -value : value;
  } else {
    const [mantissa = "0", power = "0"] = String(Math.abs(value)).split("e");
    const [whole = "0", fraction = ""] = mantissa.split(".");
    digits = BigInt(whole + fraction);
    exponent = Number(power) - fraction.length;
  }
  if (digits === 0n) {
    return [0n, 0];
  }
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent += 1;
  }
  return [digits, exponent];
}

/**
 * `multipleOf` exact on decimal values (schema/CONTRACT.md): `value` is a multiple of `step`
 * when its decimal value divided by `step`'s is an integer, so `19.99` is a multiple of `0.01`
 * and `1` of `0.1` (dividing doubles says otherwise).
 */
export function isDecimalMultiple(value: number | bigint, step: number | bigint): boolean {
  const [digits, exponent] = decimal(value);
  const [stepDigits, stepExponent] = decimal(step);
  const shift = exponent - stepExponent;
  // `digits` has no trailing zero: a negative shift never divides.
  return digits === 0n || (shift >= 0 && (digits * 10n ** BigInt(shift)) % stepDigits === 0n);
}

/** Checks the bounds (a `bigint` compares exactly with a `number` bound). */
function checkBounds<T extends number | bigint>(value: T, c: NumberConstraints, path: Path, context: Context): T | Invalid {
  if (c.minimum !== undefined && !(value >= c.minimum)) {
    return report(context, path, "greater_than_equal", `Input should be greater than or equal to ${c.minimum}`);
  }
  if (c.exclusiveMinimum !== undefined && !(value > c.exclusiveMinimum)) {
    return report(context, path, "greater_than", `Input should be greater than ${c.exclusiveMinimum}`);
  }
  if (c.maximum !== undefined && !(value <= c.maximum)) {
    return report(context, path, "less_than_equal", `Input should be less than or equal to ${c.maximum}`);
  }
  if (c.exclusiveMaximum !== undefined && !(value < c.exclusiveMaximum)) {
    return report(context, path, "less_than", `Input should be less than ${c.exclusiveMaximum}`);
  }
  // Once the bounds hold, as pydantic runs a validator after the field's own constraints.
  if (c.multipleOf !== undefined && !isDecimalMultiple(value, c.multipleOf)) {
    return report(context, path, "multiple_of", `Input should be a multiple of ${c.multipleOf}`);
  }
  return value;
}

/** The number in a JSON number value, or `undefined` when `input` is not one. */
function numberOf(input: unknown): number | bigint | undefined {
  if (typeof input === "number" || typeof input === "bigint") {
    return input;
  }
  return isJsonFloat(input) ? input.value : undefined;
}

/** A JSON integer's exact value: a `number` when it is a safe integer, else a `bigint`. */
function readInteger(input: unknown, path: Path, context: Context): number | bigint | Invalid {
  const raw = numberOf(input);
  if (raw === undefined) {
    return report(context, path, "int_type", "Input should be a valid integer");
  }
  if (typeof raw === "bigint") {
    return raw >= MIN_SAFE && raw <= MAX_SAFE ? Number(raw) : raw;
  }
  if (!Number.isFinite(raw)) {
    return reportNonFinite(path, context);
  }
  if (!Number.isInteger(raw)) {
    return report(context, path, "int_from_float", "Input should be a valid integer, got a number with a fractional part");
  }
  // A whole float beyond 2^53 (`1e20`) is exactly the integer it stands for.
  return Number.isSafeInteger(raw) ? raw + 0 : BigInt(raw);
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * `type: integer` whose bounds keep it within ±(2^53 − 1): a `number`. (`2.0` counts as an
 * integer, as in JSON Schema; a value outside the bounds is a bounds error.)
 */
export function integer(constraints: NumberConstraints = {}): Codec<number> {
  return {
    read(input, path, context) {
      const value = readInteger(input, path, context);
      if (value === INVALID) {
        return INVALID;
      }
      const checked = checkBounds(value, constraints, path, context);
      return checked === INVALID ? INVALID : Number(checked);
    },
    write: (value) => String(value),
  };
}

/**
 * `type: integer` that the schema does not bound within ±(2^53 − 1): a `number` when it is a
 * safe integer, a `bigint` beyond, so that no integer is rounded (Python's `int` is unbounded).
 */
export function bigInteger(constraints: NumberConstraints = {}): Codec<number | bigint> {
  return {
    read(input, path, context) {
      const value = readInteger(input, path, context);
      context.plain &&= typeof value === "number";
      return value === INVALID ? INVALID : checkBounds(value, constraints, path, context);
    },
    write: (value) => value.toString(),
  };
}

/** `type: number`: any finite number, written as a float (`1.0`). */
export function number(constraints: NumberConstraints = {}): Codec<number> {
  return {
    read(input, path, context) {
      const raw = numberOf(input);
      if (raw === undefined) {
        return report(context, path, "float_type", "Input should be a valid number");
      }
      const value = Number(raw);
      if (!Number.isFinite(value)) {
        return reportNonFinite(path, context);
      }
      // Written as a float: `1.0` where JSON.stringify writes `1`.
      context.plain &&= !Number.isInteger(value) && writesAsJavaScript(value);
      return checkBounds(value, constraints, path, context);
    },
    write: formatFloat,
  };
}

/** `type: boolean`. */
export function boolean(): Codec<boolean> {
  return {
    read(input, path, context) {
      return typeof input === "boolean" ? input : report(context, path, "bool_type", "Input should be a valid boolean");
    },
    write: (value) => (value ? "true" : "false"),
  };
}

/** `type: null`. */
export function nullValue(): Codec<null> {
  return {
    read(input, path, context) {
      return input === null ? null : report(context, path, "literal_error", "Input should be None");
    },
    write: () => "null",
  };
}

/** A value that may also be `null`. */
export function nullable<T>(inner: Codec<T>): Codec<T | null> {
  return {
    read(input, path, context) {
      return input === null ? null : inner.read(input, path, context);
    },
    write: (value) => (value === null ? "null" : inner.write(value)),
  };
}

/** Bounds of an array. */
export interface ArrayConstraints {
  readonly minItems?: number;
  readonly maxItems?: number;
  /** `uniqueItems: true`, with JSON equality (`1` equals `1.0`; key order does not matter). */
  readonly uniqueItems?: boolean;
}

/** A text that is equal for two values exactly when they are equal as JSON. */
function equalityKey(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint" || isJsonFloat(value)) {
    const n = isJsonFloat(value) ? value.value : value;
    return typeof n === "bigint" ? `n${n}` : Number.isInteger(n) ? `n${BigInt(n)}` : `n${String(n)}`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(equalityKey).join(",")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${equalityKey(record[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/** `type: array` with `items`. */
export function array<T>(items: Codec<T>, constraints: ArrayConstraints = {}): Codec<T[]> {
  return {
    read(input, path, context) {
      if (!Array.isArray(input)) {
        return report(context, path, "list_type", "Input should be a valid list");
      }
      const { minItems, maxItems } = constraints;
      if (minItems !== undefined && input.length < minItems) {
        return report(
          context,
          path,
          "too_short",
          `List should have at least ${plural(minItems, "item")} after validation, not ${input.length}`,
        );
      }
      if (maxItems !== undefined && input.length > maxItems) {
        return report(
          context,
          path,
          "too_long",
          `List should have at most ${plural(maxItems, "item")} after validation, not ${input.length}`,
        );
      }
      const result: T[] = [];
      const at = cursor(path);
      let valid = true;
      for (let i = 0; i < input.length; i++) {
        at.key = i;
        const item = items.read(input[i], at, context);
        if (item === INVALID) {
          valid = false;
        } else {
          result.push(item);
        }
      }
      if (!valid) {
        return INVALID;
      }
      if (constraints.uniqueItems === true) {
        const seen = new Set<string>();
        for (const item of result) {
          const key = equalityKey(item);
          if (seen.has(key)) {
            return report(context, path, "unique_items", "List should have unique items");
          }
          seen.add(key);
        }
      }
      return result;
    },
    write: (value) => `[${value.map((item) => items.write(item)).join(",")}]`,
  };
}

/** A map: `type: object` with `additionalProperties` set to a schema and no `properties`. */
export function map<T>(values: Codec<T>): Codec<Record<string, T>> {
  return {
    read(input, path, context) {
      if (!isPlainObject(input)) {
        return report(context, path, "dict_type", "Input should be a valid dictionary");
      }
      const result: Record<string, T> = {};
      const at = cursor(path);
      const order: string[] = [];
      let valid = true;
      for (const key of keysOf(input as JsonObject)) {
        at.key = key;
        const item = values.read(input[key], at, context);
        if (item === INVALID) {
          valid = false;
        } else {
          order.push(key);
          setOwn(result, key, item);
        }
      }
      if (!valid) {
        return INVALID;
      }
      rememberOrder(result as JsonObject, order);
      context.plain &&= (result as { [KEY_ORDER]?: unknown })[KEY_ORDER] === undefined;
      return result;
    },
    write(value) {
      const parts: string[] = [];
      for (const key of keysOf(value as JsonObject)) {
        const item = value[key];
        if (item !== undefined) {
          parts.push(`${formatString(key)}:${values.write(item)}`);
        }
      }
      return `{${parts.join(",")}}`;
    },
  };
}

/**
 * Copies a decoded JavaScript value into a {@link JsonValue}, or reports why it is not one:
 * functions, symbols, class instances other than `JsonFloat`, and `undefined` in an array are
 * not JSON; `Infinity`, `-Infinity` and `NaN` are `finite_number` errors. A property whose
 * value is `undefined` is left out, as `JSON.stringify` does.
 */
function copyJson(input: unknown, path: Path, context: Context, depth: number): JsonValue | Invalid {
  switch (typeof input) {
    case "string":
    case "boolean":
    case "bigint":
      return input;
    case "number":
      return Number.isFinite(input) ? input : reportNonFinite(path, context);
    default:
      break;
  }
  if (input === null) {
    return input;
  }
  if (isJsonFloat(input)) {
    return Number.isFinite(input.value) ? input : reportNonFinite(path, context);
  }
  if (depth > MAX_DEPTH) {
    return report(context, path, "recursion_loop", "Recursion error - cyclic reference detected");
  }
  if (Array.isArray(input)) {
    const result: JsonValue[] = [];
    let valid = true;
    for (let i = 0; i < input.length; i++) {
      const item = copyJson(input[i], child(path, i), context, depth + 1);
      if (item === INVALID) {
        valid = false;
      } else {
        result.push(item);
      }
    }
    return valid ? result : INVALID;
  }
  if (isPlainObject(input)) {
    const result: JsonObject = {};
    const order: string[] = [];
    let valid = true;
    for (const key of keysOf(input as JsonObject)) {
      if (input[key] === undefined) {
        // As in JSON.stringify and TypeScript's optional properties: `undefined` is absent.
        continue;
      }
      const item = copyJson(input[key], child(path, key), context, depth + 1);
      if (item === INVALID) {
        valid = false;
      } else {
        order.push(key);
        setOwn(result, key, item);
      }
    }
    if (!valid) {
      return INVALID;
    }
    rememberOrder(result, order);
    return result;
  }
  const kind = input === undefined ? "undefined" : typeof input === "object" ? "a class instance" : `a ${typeof input}`;
  return report(context, path, "value_error", `Value error, a JSON value was expected, not ${kind}`);
}

/**
 * Free-form objects and arrays checked by a `serialize…` (in place, not copied: see
 * {@link checkJson}) whose `JSON.stringify` is exactly the writer's text; their codec writes them
 * with `JSON.stringify`, the engine's own writer. An object leaves the set when a later check
 * finds it is no longer so (the user changed it); `serialize…` always checks before it writes.
 */
const PLAIN = new WeakSet<object>();

/**
 * Checks what {@link copyJson} checks, without copying: `true` when `JSON.stringify` writes the
 * value exactly as {@link writeJsonValue} does (no `bigint`, `JsonFloat`, kept key order, or
 * number that Python lays out differently), `false` when only the writer does, {@link INVALID}
 * after reporting. The location is `parent` + `key` (`key` null: `parent` itself), made only
 * for an error or a container, as most values have neither.
 */
function checkJson(input: unknown, parent: Path, key: string | number | null, context: Context, depth: number): boolean | Invalid {
  switch (typeof input) {
    case "string":
    case "boolean":
      return true;
    case "bigint":
      return false;
    case "number":
      return Number.isFinite(input) ? writesAsJavaScript(input) : reportNonFinite(at(parent, key), context);
    default:
      break;
  }
  if (input === null) {
    return true;
  }
  if (!Array.isArray(input) && !isPlainObject(input) && isJsonFloat(input)) {
    return Number.isFinite(input.value) ? false : reportNonFinite(at(parent, key), context);
  }
  const path = at(parent, key);
  if (depth > MAX_DEPTH) {
    return report(context, path, "recursion_loop", "Recursion error - cyclic reference detected");
  }
  let plain = true;
  let valid = true;
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const item = checkJson(input[i], path, i, context, depth + 1);
      valid &&= item !== INVALID;
      plain &&= item === true;
    }
  } else if (isPlainObject(input)) {
    plain = (input as { [KEY_ORDER]?: unknown })[KEY_ORDER] === undefined;
    for (const name of keysOf(input as JsonObject)) {
      const value = input[name];
      if (value !== undefined) {
        // As in JSON.stringify and TypeScript's optional properties: `undefined` is absent.
        const item = checkJson(value, path, name, context, depth + 1);
        valid &&= item !== INVALID;
        plain &&= item === true;
      }
    }
  } else {
    const kind = input === undefined ? "undefined" : typeof input === "object" ? "a class instance" : `a ${typeof input}`;
    return report(context, path, "value_error", `Value error, a JSON value was expected, not ${kind}`);
  }
  return valid ? plain : INVALID;
}

function at(parent: Path, key: string | number | null): Path {
  return key === null ? parent : child(parent, key);
}

/** Free-form JSON as the context wants it: as read, checked in place, or copied. */
function freeForm<T extends JsonValue>(input: unknown, path: Path, context: Context): T | Invalid {
  if (context.fromJson) {
    return keptFromJson(input as T, path, context);
  }
  if (context.writing) {
    const plain = checkJson(input, path, null, context, 0);
    if (plain === INVALID) {
      return INVALID;
    }
    context.plain &&= plain;
    if (typeof input === "object" && input !== null) {
      if (plain) {
        PLAIN.add(input);
      } else {
        PLAIN.delete(input);
      }
    }
    return input as T;
  }
  return copyJson(input, path, context, 0) as T | Invalid;
}

/** Writes free-form JSON: with `JSON.stringify` when {@link checkJson} found that the same. */
function writeFreeForm(value: JsonValue): string {
  return typeof value === "object" && value !== null && PLAIN.has(value) ? JSON.stringify(value) : writeJsonValue(value);
}

/** A free-form value as JSON text gave it, reporting numbers too large for a double. */
function keptFromJson<T extends JsonValue>(input: T, path: Path, context: Context): T | Invalid {
  return !context.nonFinite || checkFinite(input, path, context) ? input : INVALID;
}

/** Free-form JSON (`{}` or `true` as a schema). */
export function jsonValue(): Codec<JsonValue> {
  return {
    read: (input, path, context) => freeForm<JsonValue>(input, path, context),
    write: writeFreeForm,
  };
}

/** A free-form JSON object: `type: object` with no `properties` and open `additionalProperties`. */
export function jsonObject(): Codec<JsonObject> {
  return {
    read(input, path, context) {
      if (!isPlainObject(input)) {
        return report(context, path, "dict_type", "Input should be a valid dictionary");
      }
      return freeForm<JsonObject>(input, path, context);
    },
    write: writeFreeForm,
  };
}

/** Defers to a codec defined later, for recursive schemas. */
export function lazy<T>(get: () => Codec<T>): Codec<T> {
  return {
    read: (input, path, context) => get().read(input, path, context),
    write: (value) => get().write(value),
  };
}

/** How a model property behaves when it is absent from the input. */
export type Absent<T> =
  | { readonly kind: "required" }
  | { readonly kind: "optional" }
  | { readonly kind: "default"; readonly make: () => T };

/** One property of a model: its wire name, codec and what happens when it is absent. */
export interface Field<K extends string, T> {
  readonly name: K;
  readonly codec: Codec<T>;
  readonly absent: Absent<T>;
}

/** The fields of a model `M`, each checked against the property's type. */
export type FieldOf<M> = {
  [K in keyof M & string]-?: Field<K, Exclude<M[K], undefined>>;
}[keyof M & string];

/** A property that must be present. */
export function required<K extends string, T>(name: K, codec: Codec<T>): Field<K, T> {
  return { name, codec, absent: { kind: "required" } };
}

/** A property that may be absent, and then stays absent (not written); a given `null` is kept. */
export function optional<K extends string, T>(name: K, codec: Codec<T>): Field<K, T> {
  return { name, codec, absent: { kind: "optional" } };
}

/**
 * A property with a static `default`: when absent, `value` is read with the property's codec
 * (so every use gets a fresh, normalised copy).
 */
export function defaulted<K extends string, T>(name: K, codec: Codec<T>, value: unknown): Field<K, T> {
  return { name, codec, absent: { kind: "default", make: () => validateOrThrow(codec, `default of ${name}`, value) } };
}

/** A property with an `x-default-factory`: when absent, `factory` makes its value. */
export function generated<K extends string, T>(name: K, codec: Codec<T>, factory: () => T): Field<K, T> {
  return { name, codec, absent: { kind: "default", make: factory } };
}

/**
 * A run-time check (codegen's `ir::Check`, made by the package's `check.ts`): evaluates a schema
 * node on `input` once its type holds, reports what fails at `path` and returns whether it holds.
 */
export type Check = (input: unknown, path: Path, context: Context) => boolean;

/** Options of a model. */
export interface ModelOptions {
  /** `additionalProperties: false`: unknown properties are `extra_forbidden` errors. */
  readonly forbidExtra?: boolean;
  /**
   * Undeclared properties are described by the schema (`patternProperties`, a schema in
   * `additionalProperties`, `unevaluatedProperties`): kept as JSON values (what they must be is
   * the `check`'s), and written after the declared ones, in input order.
   */
  readonly keepExtra?: boolean;
  /** What the properties cannot say about the object, checked once they hold. */
  readonly check?: Check;
}

/**
 * `type: object` with `properties`. Properties are read and written in schema order; unknown
 * ones are dropped (or reported with `forbidExtra`, or kept with `keepExtra`).
 */
export function model<M>(title: string, fields: () => readonly FieldOf<M>[], options: ModelOptions = {}): Codec<M> {
  // The fields are a thunk so that models may refer to models defined later (or to themselves).
  let all: readonly Field<string, unknown>[] | undefined;
  let names: ReadonlySet<string> = new Set();
  // Each property's `"name":`, written once.
  let keys: readonly string[] = [];
  // No property name that JavaScript would enumerate before the others.
  let inOrder = true;
  const resolve = (): readonly Field<string, unknown>[] => {
    if (all === undefined) {
      // Every FieldOf<M> is a Field<K, T> for some property K of M.
      all = fields() as readonly Field<string, unknown>[];
      names = new Set(all.map((field) => field.name));
      keys = all.map((field) => `${formatString(field.name)}:`);
      inOrder = !all.some((field) => /^[0-9]+$/.test(field.name));
    }
    return all;
  };
  return {
    read(input, path, context) {
      const all = resolve();
      if (!isPlainObject(input)) {
        return report(context, path, "model_type", `Input should be a valid dictionary or instance of ${title}`);
      }
      const result: Record<string, unknown> = {};
      const at = cursor(path);
      let valid = true;
      for (const field of all) {
        // A property set to `undefined` (only possible in JavaScript values) counts as absent.
        const given = input[field.name];
        if (given !== undefined && Object.hasOwn(input, field.name)) {
          at.key = field.name;
          const value = field.codec.read(given, at, context);
          if (value === INVALID) {
            valid = false;
          } else {
            setOwn(result, field.name, value);
          }
        } else if (field.absent.kind === "default") {
          setOwn(result, field.name, field.absent.make());
        } else if (field.absent.kind === "required") {
          report(context, child(path, field.name), "missing", "Field required");
          valid = false;
        }
      }
      if (options.forbidExtra === true || context.constructing === true) {
        for (const key of Object.keys(input)) {
          if (!names.has(key)) {
            report(context, child(path, key), "extra_forbidden", "Extra inputs are not permitted");
            valid = false;
          }
        }
      } else if (options.keepExtra === true) {
        const order = all.map((field) => field.name).filter((name) => Object.hasOwn(result, name));
        let extra = false;
        for (const key of keysOf(input as JsonObject)) {
          if (names.has(key) || input[key] === undefined) {
            continue;
          }
          at.key = key;
          const value = freeForm<JsonValue>(input[key], at, context);
          if (value === INVALID) {
            valid = false;
          } else {
            setOwn(result, key, value);
            order.push(key);
            extra = true;
          }
        }
        if (extra) {
          rememberOrder(result as JsonObject, order);
          context.plain &&= (result as { [KEY_ORDER]?: unknown })[KEY_ORDER] === undefined;
        }
      }
      // JavaScript enumerates integer-like keys first, so JSON.stringify would not keep schema order.
      context.plain &&= inOrder;
      if (valid && options.check !== undefined && !options.check(input, path, context)) {
        return INVALID;
      }
      return valid ? (result as M) : INVALID;
    },
    write(value) {
      const all = resolve();
      const source = value as Record<string, unknown>;
      let out = "{";
      for (let i = 0; i < all.length; i++) {
        const field = all[i] as Field<string, unknown>;
        // A property is written when it is present, `null` included (a value that allows
        // `null` and was given it); an absent optional property stays absent.
        if (Object.hasOwn(source, field.name)) {
          out += `${out.length === 1 ? "" : ","}${keys[i] as string}${field.codec.write(source[field.name])}`;
        }
      }
      if (options.keepExtra === true) {
        for (const key of keysOf(source as JsonObject)) {
          if (!names.has(key) && source[key] !== undefined) {
            out += `${out.length === 1 ? "" : ","}${formatString(key)}:${writeFreeForm(source[key] as JsonValue)}`;
          }
        }
      }
      return `${out}}`;
    },
  };
}

/**
 * Validates a value constructed in code (never JSON text) with `codec`, throwing
 * {@link ValidationError}; an unknown property is an `extra_forbidden` error (see
 * `Context.constructing`).
 */
export function validateOrThrow<T>(codec: Codec<T>, title: string, value: unknown): T {
  const context: Context = { errors: [], fromJson: false, nonFinite: false, writing: false, plain: true, constructing: true };
  const result = codec.read(value, null, context);
  if (result === INVALID || context.errors.length > 0) {
    throw new ValidationError(title, context.errors);
  }
  return result;
}
