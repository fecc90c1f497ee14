import { type JsonValue } from "./values.js";
/** Writes a string as a JSON string literal; non-ASCII is written as it is, not escaped. */
export declare function formatString(value: string): string;
/** Writes a free-form JSON value compactly (see {@link JsonValue} for numbers). */
export declare function writeJsonValue(value: JsonValue): string;
