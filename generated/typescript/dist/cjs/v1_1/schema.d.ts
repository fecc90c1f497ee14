import type { JsonObject } from "../runtime.js";
/** Which schema {@link workflowEventJsonSchema} returns. */
export type JsonSchemaMode = "validation" | "serialization";
/**
 * The JSON Schema of a `WorkflowEvent`: in `"validation"` mode the schema that input is checked
 * against, in `"serialization"` mode the schema of what `serializeWorkflowEvent` writes.
 * Returns a fresh copy on every call.
 */
export declare function workflowEventJsonSchema(mode?: JsonSchemaMode): JsonObject;
