/**
 * Validation errors: the pydantic error types, `ErrorItem`, `ValidationError`, and the location and context a validation run carries.
 *
 * @module
 */
/** The error types, named as pydantic-core names them (see `schema/CONTRACT.md`). */
export type ErrorType = "json_invalid" | "model_type" | "dict_type" | "missing" | "enum" | "literal_error" | "string_type" | "string_pattern_mismatch" | "string_too_short" | "string_too_long" | "uuid_type" | "uuid_parsing" | "datetime_type" | "datetime_parsing" | "date_type" | "date_parsing" | "int_type" | "int_from_float" | "float_type" | "finite_number" | "bool_type" | "list_type" | "too_short" | "too_long" | "unique_items" | "greater_than_equal" | "greater_than" | "less_than_equal" | "less_than" | "multiple_of" | "extra_forbidden" | "none_required" | "not_allowed" | "union_no_match" | "union_several_match" | "contains_too_few" | "contains_too_many" | "recursion_loop" | "value_error" | "unknown_version" | "frame_invalid";
/** Where a problem is: property names and array indices from the root (`[]` is the root). */
export type Loc = (string | number)[];
/** One validation problem. `type` and `loc` are the same in every language; `msg` may differ. */
export interface ErrorItem {
    type: ErrorType;
    loc: Loc;
    msg: string;
}
/** The outcome of a parse: the value, or every problem found. */
export type ParseResult<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    errors: ErrorItem[];
};
/** Thrown by the throwing API (`create…`, `parse…OrThrow`, `serialize…`); holds every problem. */
export declare class ValidationError extends Error {
    readonly name = "ValidationError";
    /** The model that was validated. */
    readonly title: string;
    /** Every problem, in the order of `schema/CONTRACT.md`. */
    readonly errors: readonly ErrorItem[];
    constructor(title: string, errors: readonly ErrorItem[]);
}
/** A location while validating: a linked list, turned into a {@link Loc} only for errors. */
export type Path = {
    readonly parent: Path;
    readonly key: string | number;
} | null;
export declare function locOf(path: Path): Loc;
/** What a validation run carries along. */
export interface Context {
    /** Problems found so far. */
    readonly errors: ErrorItem[];
    /** The input is JSON text read by the package's reader, so free-form values are well-formed. */
    readonly fromJson: boolean;
    /**
     * The JSON text held a number too large for a double (`1e400`), read as ±`Infinity`: free-form
     * values must be searched for it, so that it is reported where it is kept (`finite_number`).
     */
    readonly nonFinite: boolean;
    /**
     * The value is being validated to be written at once (`serialize…`): free-form values are
     * checked in place, not copied, and those `JSON.stringify` writes exactly as the writer does
     * are marked so (see `codecs.ts`).
     */
    readonly writing: boolean;
    /**
     * Every value read so far is one `JSON.stringify` writes exactly as the codecs' writers do
     * (compatible numbers, no `bigint`, no kept key order, properties in schema order): then
     * `serialize…` writes the whole result with the engine's own writer. Codecs clear it.
     */
    plain: boolean;
    /**
     * The value is being constructed in code (`create…`): unknown properties are `extra_forbidden`
     * errors, so a misspelt name is refused instead of dropped (reading ignores them).
     */
    readonly constructing?: boolean;
}
export declare function report(context: Context, path: Path, type: ErrorType, msg: string): Invalid;
/** A number that JSON cannot hold: infinite (`1e400` in JSON text) or NaN. */
export declare function reportNonFinite(path: Path, context: Context): Invalid;
/** What a codec's `read` returns when the input is not valid (the problems are in the context). */
export declare const INVALID: unique symbol;
/** The type of {@link INVALID}. */
export type Invalid = typeof INVALID;
/** The location of the value at `key` inside the value at `path`. */
export declare function child(path: Path, key: string | number): Path;
/**
 * A location that a container's reader moves from child to child (`at.key = …`) instead of
 * making one per child: a codec reads the path only while it runs (an error turns it into a
 * `Loc` at once), so the node may change once the codec has returned.
 */
export interface Cursor {
    readonly parent: Path;
    key: string | number;
}
/** A {@link Cursor} under `path`. */
export declare function cursor(path: Path): Cursor;
