/**
 * The schema-independent half of every generated package: a strict JSON reader that keeps
 * numbers exact (and a fast path through `JSON.parse` when that reads the same), the canonical
 * JSON writer, the UUID and date-time grammars of `schema/CONTRACT.md`, the validation error
 * type, and the codec library that the generated `models.ts` is built from.
 *
 * Nothing here depends on a particular schema, and nothing here needs a runtime dependency: it
 * runs on Node 20 and in browsers. The generated modules import it as `./runtime.js`.
 *
 * @module
 */
export * from "./runtime/values.js";
export * from "./runtime/errors.js";
export * from "./runtime/read.js";
export * from "./runtime/fast.js";
export * from "./runtime/float.js";
export * from "./runtime/write.js";
export * from "./runtime/formats.js";
export * from "./runtime/codecs.js";
export * from "./runtime/api.js";
