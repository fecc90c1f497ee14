/**
 * A JSON number written with a fraction or an exponent whose value is a whole number
 * (`3.0`, `1e2`, `-0.0` stays a plain `-0`). JavaScript cannot tell `3.0` from `3`, so such
 * numbers are kept in this wrapper to be written back as `3.0`, as Python and Rust write them.
 * Create one to force float output for a whole number: `new JsonFloat(3)`. JSON has no
 * infinity or NaN, so the value must be finite.
 */
export declare class JsonFloat {
    /** The number's value. */
    readonly value: number;
    /**
     * Recognises a `JsonFloat` made by any copy of this package (two schema versions installed
     * side by side each have one), where `instanceof` would not.
     */
    static [Symbol.hasInstance](value: unknown): value is JsonFloat;
    /** @throws RangeError when `value` is not finite (`Infinity`, `NaN`). */
    constructor(value: number);
    /** Lets `+x`, `Number(x)` and comparisons see the plain number. */
    valueOf(): number;
    /** The canonical JSON text of the number, as Python writes a float (`3.0`, `1e+16`). */
    toString(): string;
    /** `JSON.stringify` writes the plain number. */
    toJSON(): number;
}
/**
 * `value instanceof JsonFloat`, without the call to `Symbol.hasInstance` that `instanceof` makes
 * (measurable on the writer's path, which asks it for every object it writes).
 */
export declare function isJsonFloat(value: unknown): value is JsonFloat;
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
export declare const KEY_ORDER: unique symbol;
export declare function setOwn(target: Record<string, unknown>, key: string, value: unknown): void;
/** The keys of a JSON object in the order to write them. */
export declare function keysOf(object: JsonObject): string[];
export declare function rememberOrder(object: JsonObject, order: string[]): void;
