/**
 * Reading an event of any schema version this package holds (1.0, 1.1), as the Rust
 * crate's and the Python package's `parse_any`. {@link parseAny} looks at `metadata.version`
 * and reads the event with that version's types. How the version is chosen (a version is
 * `<major>.<minor>`):
 *
 * - a version this package has: exactly its types;
 * - an unknown minor of a known major: the oldest known minor above it, else the newest of that
 *   major (within a major every version reads every earlier one; reading a *newer* minor is best
 *   effort and may fail validation, e.g. on an event type this package does not know);
 * - no `metadata.version` at all: the newest version of major 1;
 * - an unknown major, or a version that is not `<major>.<minor>` (decimal numbers without
 *   leading zeros, so not `"1"`, `"01.0"` or `"1.0.0"`): an `unknown_version` error at
 *   `["metadata", "version"]`;
 * - not JSON, not an object, no `metadata`, or `metadata.version` not a string: the newest
 *   version's types read the input and report what is wrong.
 *
 * @module
 */
import { type ErrorItem, type ParseResult } from "./runtime.js";
import * as v1_0 from "./v1_0/index.js";
import * as v1_1 from "./v1_1/index.js";
/** Every schema version this package holds, oldest first. */
export declare const SCHEMA_VERSIONS: readonly ["1.0", "1.1"];
/** A schema version this package holds. */
export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];
/** An event of any version this package holds, with the version whose types hold it. */
export type AnyWorkflowEvent = {
    version: "1.0";
    event: v1_0.WorkflowEvent;
} | {
    version: "1.1";
    event: v1_1.WorkflowEvent;
};
/** An event of any version this package holds, as a value (its version is `metadata.version`). */
export type WorkflowEventOfAnyVersion = v1_0.WorkflowEvent | v1_1.WorkflowEvent;
/**
 * The version whose types read an event claiming `claimed` (`null`: no version), or `null`
 * when none does.
 */
export declare function chooseVersion(claimed: string | null): SchemaVersion | null;
/** The `unknown_version` error of an event claiming `claimed`. */
export declare function unknownVersion(claimed: string): ErrorItem;
/** `input` read with the types of `version`. */
export declare function parseAs(version: SchemaVersion, input: string | Uint8Array): ParseResult<AnyWorkflowEvent>;
/** `event` written with the types of `version` (throws `ValidationError` if they refuse it). */
export declare function serializeAs(version: SchemaVersion, event: WorkflowEventOfAnyVersion): string;
/**
 * Reads JSON text or UTF-8 bytes as an event of the version its `metadata.version` names:
 * `{ ok: true, value: { version, event } }`, or `{ ok: false, errors }` with every problem
 * (`unknown_version` when no version reads it). The rules are the module's (the Rust crate's).
 */
export declare function parseAny(input: string | Uint8Array): ParseResult<AnyWorkflowEvent>;
/** `any`'s event as a string of its version's JSON (as {@link serializeAs} writes it). */
export declare function serializeAny(any: AnyWorkflowEvent): string;
/**
 * The event as the newest version's type (1.1): read again with the newest types, every
 * property kept and `metadata.version` unchanged. Within a major version this always succeeds
 * (every version reads every earlier one); across majors it may fail.
 */
export declare function toLatest(any: AnyWorkflowEvent): ParseResult<v1_1.WorkflowEvent>;
