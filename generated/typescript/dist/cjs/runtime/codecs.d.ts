/**
 * The codec library the generated `models.ts` is built from: one validating reader and canonical writer per shape of value (strings, formats, numbers, arrays, maps, free-form JSON, models).
 *
 * @module
 */
import { type Context, type Invalid, type Path } from "./errors.js";
import { type JsonObject, type JsonValue } from "./values.js";
/** Validates and normalises one shape of value, and writes it back canonically. */
export interface Codec<T> {
    /** Checks `input` at `path`; returns the normalised value, or {@link INVALID} after reporting. */
    read(input: unknown, path: Path, context: Context): T | Invalid;
    /** The canonical JSON text of a value that `read` returned. */
    write(value: T): string;
}
export declare function isPlainObject(value: unknown): value is Record<string, unknown>;
/** A compiled `pattern` keyword. */
export interface Pattern {
    readonly source: string;
    readonly regex: RegExp;
}
/**
 * Compiles a `pattern` (not anchored unless it says so). `ecma` is the same expression written
 * for ECMAScript's `u` mode when the schema's spelling reads differently there.
 */
export declare function pattern(source: string, ecma?: string): Pattern;
/** Constraints of a string. Lengths count code points, as JSON Schema does. */
export interface StringConstraints {
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly pattern?: Pattern;
}
/** `type: string`, with its length and pattern constraints. */
export declare function string(constraints?: StringConstraints): Codec<string>;
/** `format: uuid`: the hyphenated form in either case, normalised to lower case. */
export declare function uuid(constraints?: StringConstraints): Codec<string>;
/** `format: date-time`: RFC 3339 (or a `Date`), normalised to the canonical UTC text. */
export declare function dateTime(constraints?: StringConstraints): Codec<string>;
/** `format: date`: a `YYYY-MM-DD` date that exists. */
export declare function date(constraints?: StringConstraints): Codec<string>;
/** A closed `enum` of JSON primitives: anything else, of any type, is an `enum` error. */
export declare function enumeration<T extends string | number | boolean | null>(values: readonly T[]): Codec<T>;
/** `const`: exactly one JSON primitive. */
export declare function literal<T extends string | number | boolean | null>(expected: T): Codec<T>;
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
 * `multipleOf` exact on decimal values (schema/CONTRACT.md): `value` is a multiple of `step`
 * when its decimal value divided by `step`'s is an integer, so `19.99` is a multiple of `0.01`
 * and `1` of `0.1` (dividing doubles says otherwise).
 */
export declare function isDecimalMultiple(value: number | bigint, step: number | bigint): boolean;
/**
 * `type: integer` whose bounds keep it within ±(2^53 − 1): a `number`. (`2.0` counts as an
 * integer, as in JSON Schema; a value outside the bounds is a bounds error.)
 */
export declare function integer(constraints?: NumberConstraints): Codec<number>;
/**
 * `type: integer` that the schema does not bound within ±(2^53 − 1): a `number` when it is a
 * safe integer, a `bigint` beyond, so that no integer is rounded (Python's `int` is unbounded).
 */
export declare function bigInteger(constraints?: NumberConstraints): Codec<number | bigint>;
/** `type: number`: any finite number, written as a float (`1.0`). */
export declare function number(constraints?: NumberConstraints): Codec<number>;
/** `type: boolean`. */
export declare function boolean(): Codec<boolean>;
/** `type: null`. */
export declare function nullValue(): Codec<null>;
/** A value that may also be `null`. */
export declare function nullable<T>(inner: Codec<T>): Codec<T | null>;
/** Bounds of an array. */
export interface ArrayConstraints {
    readonly minItems?: number;
    readonly maxItems?: number;
    /** `uniqueItems: true`, with JSON equality (`1` equals `1.0`; key order does not matter). */
    readonly uniqueItems?: boolean;
}
/** `type: array` with `items`. */
export declare function array<T>(items: Codec<T>, constraints?: ArrayConstraints): Codec<T[]>;
/** A map: `type: object` with `additionalProperties` set to a schema and no `properties`. */
export declare function map<T>(values: Codec<T>): Codec<Record<string, T>>;
/** Free-form JSON (`{}` or `true` as a schema). */
export declare function jsonValue(): Codec<JsonValue>;
/** A free-form JSON object: `type: object` with no `properties` and open `additionalProperties`. */
export declare function jsonObject(): Codec<JsonObject>;
/** Defers to a codec defined later, for recursive schemas. */
export declare function lazy<T>(get: () => Codec<T>): Codec<T>;
/** How a model property behaves when it is absent from the input. */
export type Absent<T> = {
    readonly kind: "required";
} | {
    readonly kind: "optional";
} | {
    readonly kind: "default";
    readonly make: () => T;
};
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
export declare function required<K extends string, T>(name: K, codec: Codec<T>): Field<K, T>;
/** A property that may be absent, and then stays absent (not written); a given `null` is kept. */
export declare function optional<K extends string, T>(name: K, codec: Codec<T>): Field<K, T>;
/**
 * A property with a static `default`: when absent, `value` is read with the property's codec
 * (so every use gets a fresh, normalised copy).
 */
export declare function defaulted<K extends string, T>(name: K, codec: Codec<T>, value: unknown): Field<K, T>;
/** A property with an `x-default-factory`: when absent, `factory` makes its value. */
export declare function generated<K extends string, T>(name: K, codec: Codec<T>, factory: () => T): Field<K, T>;
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
export declare function model<M>(title: string, fields: () => readonly FieldOf<M>[], options?: ModelOptions): Codec<M>;
/**
 * Validates a value constructed in code (never JSON text) with `codec`, throwing
 * {@link ValidationError}; an unknown property is an `extra_forbidden` error (see
 * `Context.constructing`).
 */
export declare function validateOrThrow<T>(codec: Codec<T>, title: string, value: unknown): T;
