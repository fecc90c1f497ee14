/**
 * The entry points the generated functions call: parse, validate, serialize.
 *
 * @module
 */
import type { Codec } from "./codecs.js";
import { type ParseResult } from "./errors.js";
import type { JsonValue } from "./values.js";
/** Validates JSON text, UTF-8 bytes or a decoded value with `codec`. */
export declare function parse<T>(codec: Codec<T>, input: unknown): ParseResult<T>;
/** Like {@link parse}, throwing {@link ValidationError}. */
export declare function parseOrThrow<T>(codec: Codec<T>, title: string, input: unknown): T;
/** Validates `value` (so that only valid, canonical JSON is written) and writes it. */
export declare function serialize<T>(codec: Codec<T>, title: string, value: T): string;
/** Reads JSON text that is known to be valid (embedded schemas); throws otherwise. */
export declare function jsonLiteral(text: string): JsonValue;
