/**
 * The exact JSON reader (RFC 8259, numbers kept exact, depth and number-length limits of `schema/CONTRACT.md`) and strict UTF-8 decoding.
 *
 * @module
 */
import { type Context, type ErrorItem, type ParseResult, type Path } from "./errors.js";
import { type JsonValue } from "./values.js";
/**
 * The most containers a value may sit inside; deeper input is `json_invalid`, as in pydantic
 * (which accepts a value inside 200 containers and rejects one inside 201).
 */
export declare const MAX_DEPTH = 200;
/** Well-formed JSON text as read, numbers too large for a double still in it as ±`Infinity`. */
type TextRead = {
    ok: true;
    value: JsonValue;
    nonFinite: boolean;
} | {
    ok: false;
    errors: ErrorItem[];
};
export declare function readText(text: string): TextRead;
/**
 * Reads JSON text strictly (RFC 8259): no comments, trailing commas, leading zeros, `NaN`,
 * lone surrogates or trailing characters (one `json_invalid` error). Numbers keep their exact
 * value (see {@link JsonValue}); a number too large for a double (`1e400`) is a `finite_number`
 * error at its location (each one, depth first), one too small (`1e-400`) is `0.0`.
 */
export declare function readJson(text: string): ParseResult<JsonValue>;
/**
 * Decodes UTF-8 strictly: overlong forms, surrogates, code points beyond U+10FFFF and
 * truncated sequences give `null`. A byte order mark is kept (and so rejected by the reader).
 */
export declare function decodeUtf8(bytes: Uint8Array): string | null;
/**
 * Reports every non-finite number in a value read from JSON text (`1e400`, read as `Infinity`)
 * as `finite_number` at its own location, depth first; `true` when there is none. The reader
 * bounds the depth, so the recursion is bounded too.
 */
export declare function checkFinite(value: JsonValue, path: Path, context: Context): boolean;
export {};
