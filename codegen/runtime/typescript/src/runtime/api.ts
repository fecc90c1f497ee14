/**
 * The entry points the generated functions call: parse, validate, serialize.
 *
 * @module
 */

import type { Codec } from "./codecs.js";
import { INVALID, ValidationError, type Context, type ParseResult } from "./errors.js";
import { readInput } from "./fast.js";
import { readJson } from "./read.js";
import type { JsonValue } from "./values.js";

/** Validates JSON text, UTF-8 bytes or a decoded value with `codec`. */
export function parse<T>(codec: Codec<T>, input: unknown): ParseResult<T> {
  const read = readInput(input);
  if (!read.ok) {
    return read;
  }
  const context: Context = { errors: [], fromJson: read.fromJson, nonFinite: read.nonFinite, writing: false, plain: true };
  const value = codec.read(read.value, null, context);
  return value === INVALID || context.errors.length > 0 ? { ok: false, errors: context.errors } : { ok: true, value };
}

/** Like {@link parse}, throwing {@link ValidationError}. */
export function parseOrThrow<T>(codec: Codec<T>, title: string, input: unknown): T {
  const result = parse(codec, input);
  if (!result.ok) {
    throw new ValidationError(title, result.errors);
  }
  return result.value;
}

/** Validates `value` (so that only valid, canonical JSON is written) and writes it. */
export function serialize<T>(codec: Codec<T>, title: string, value: T): string {
  const context: Context = { errors: [], fromJson: false, nonFinite: false, writing: true, plain: true };
  const result = codec.read(value, null, context);
  if (result === INVALID || context.errors.length > 0) {
    throw new ValidationError(title, context.errors);
  }
  // One call into the engine's writer when it writes the same bytes (see `Context.plain`).
  return context.plain ? JSON.stringify(result) : codec.write(result);
}

/** Reads JSON text that is known to be valid (embedded schemas); throws otherwise. */
export function jsonLiteral(text: string): JsonValue {
  const read = readJson(text);
  if (!read.ok) {
    throw new Error(read.errors[0]?.msg ?? "invalid JSON");
  }
  return read.value;
}
