/**
 * Reading the input of `parse…`: through the engine's `JSON.parse` when one pass over the text shows it would read it exactly as the exact reader does, else through the exact reader.
 *
 * @module
 */
import type { ErrorItem } from "./errors.js";
/**
 * `true` when `JSON.parse(text)` gives what the exact reader gives (or fails); `false` when the
 * text may hold a number the reader keeps differently (an exponent, a fraction of zeros, more
 * than 15 digits, `-0`), a key that is an integer, a lone surrogate, an escaped surrogate (even
 * of a pair: rare, so not worth pairing here) or more than {@link MAX_DEPTH} levels.
 */
export declare function plainText(text: string): boolean;
/** {@link plainText} of UTF-8 bytes (that decode: no surrogate can be in them). */
export declare function plainBytes(bytes: Uint8Array): boolean;
/** Reads the input of a `parse…` function: JSON text, UTF-8 bytes, or an already decoded value. */
export declare function readInput(input: unknown): {
    ok: true;
    value: unknown;
    fromJson: boolean;
    nonFinite: boolean;
} | {
    ok: false;
    errors: ErrorItem[];
};
