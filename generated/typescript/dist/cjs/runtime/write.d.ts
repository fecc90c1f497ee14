import { type JsonValue } from "./values.js";
/** Writes a string as a JSON string literal; non-ASCII is written as it is, not escaped. */
export declare function formatString(value: string): string;
/**
 * Writes a number of free-form JSON: a safe integer as an integer (`100`), any other number as
 * Python writes a float (see {@link formatFloat}).
 */
export declare function formatNumber(value: number): string;
/**
 * Whether `JSON.stringify` writes this number as {@link formatNumber} does: a safe integer other
 * than `-0`, or a finite number with a fraction of at least `1e-5` in size (both write the
 * shortest digits in plain notation there; below, Python's layout has an exponent sooner).
 */
export declare function writesAsJavaScript(value: number): boolean;
/** Writes a free-form JSON value compactly (see {@link JsonValue} for numbers). */
export declare function writeJsonValue(value: JsonValue): string;
