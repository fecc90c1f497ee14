/**
 * Workflow events of every schema version (1.0, 1.1). The newest, 1.1, is here:
 * its types and their `create…`, `parse…` and `serialize…` functions, and its JSON Schema; each
 * version is also its own entry point with the same names (`workflow-events/v1.0`, `workflow-events/v1.1`), so a producer
 * pins the version it writes by importing it. {@link parseAny} reads an event of any version by
 * its `metadata.version`; {@link toLatest} moves an event to the newest version's types.
 *
 * @module
 */
export * from "./v1_1/index.js";
export { SCHEMA_VERSIONS, chooseVersion, parseAny, parseAs, serializeAny, serializeAs, toLatest, type AnyWorkflowEvent, type SchemaVersion, type WorkflowEventOfAnyVersion, } from "./versions.js";
