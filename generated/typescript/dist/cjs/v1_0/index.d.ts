/**
 * Workflow events, schema version 1.0: the types, `create…`, `parse…` and `serialize…`
 * functions of every model, and the JSON Schema itself.
 *
 * @module
 */
export * from "./models.js";
export { workflowEventJsonSchema, type JsonSchemaMode } from "./schema.js";
export { JsonFloat, ValidationError } from "../runtime.js";
export type { ErrorItem, ErrorType, JsonObject, JsonPrimitive, JsonValue, Loc, ParseResult } from "../runtime.js";
/** The version of the schema this package was generated from. */
export declare const SCHEMA_VERSION = "1.0";
