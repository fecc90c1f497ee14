/**
 * Shared helpers of the TypeScript tests: where the repository is, and the examples and
 * counterexamples of `schema/<version>/` read without losing number precision.
 */

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { readJson, writeJsonValue, type JsonObject, type JsonValue } from "../../generated/typescript/src/runtime.js";

/** The repository root: four levels above the compiled test (`target/ts-build/tests/typescript`). */
export const ROOT: string = (() => {
  const fromBuild = fileURLToPath(new URL("../../../../", import.meta.url));
  return existsSync(join(fromBuild, "schema")) ? fromBuild : process.cwd();
})();

/** Reads a JSON file with the package's exact reader, failing loudly if it is not JSON. */
export function readJsonFile(path: string): JsonValue {
  const result = readJson(readFileSync(path, "utf8"));
  if (!result.ok) {
    throw new Error(`${path}: ${result.errors[0]?.msg ?? "invalid JSON"}`);
  }
  return result.value;
}

function asObject(value: JsonValue | undefined, what: string): JsonObject {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${what}: expected a JSON object`);
  }
  return value as JsonObject;
}

export interface Example {
  name: string;
  /** The example file's text, as on disk. */
  text: string;
  /** The canonical output: `examples/canonical/<name>.json` without its trailing newline. */
  canonical: string;
}

export function examples(version: string): Example[] {
  const dir = join(ROOT, "schema", version, "examples");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const canonicalText = readFileSync(join(dir, "canonical", file), "utf8");
      if (!canonicalText.endsWith("\n") || canonicalText.indexOf("\n") !== canonicalText.length - 1) {
        throw new Error(`${join(dir, "canonical", file)}: expected one line plus a newline`);
      }
      return {
        name: file.replace(/\.json$/, ""),
        text: readFileSync(join(dir, file), "utf8"),
        canonical: canonicalText.slice(0, -1),
      };
    });
}

export interface ExpectedError {
  type: string;
  loc: (string | number)[];
}

export interface Counterexample {
  name: string;
  path: string;
  /** `raw`: text parsed as it is; `instance`: a JSON value. */
  input: { kind: "raw"; text: string } | { kind: "instance"; value: JsonValue; text: string };
  errors: ExpectedError[];
}

export function counterexamples(version: string): Counterexample[] {
  const dir = join(ROOT, "schema", version, "counterexamples");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const doc = asObject(readJsonFile(path), path);
      const errors = doc["errors"];
      if (!Array.isArray(errors)) {
        throw new Error(`${path}#/errors: expected an array`);
      }
      const expected = errors.map((error, i) => {
        const item = asObject(error, `${path}#/errors/${i}`);
        const type = item["type"];
        const loc = item["loc"];
        if (typeof type !== "string" || !Array.isArray(loc)) {
          throw new Error(`${path}#/errors/${i}: expected {type, loc}`);
        }
        return { type, loc: loc.map((part) => (typeof part === "number" ? part : String(part))) };
      });
      const raw = doc["raw"];
      let input: Counterexample["input"];
      if (typeof raw === "string") {
        input = { kind: "raw", text: raw };
      } else if (Object.hasOwn(doc, "instance")) {
        const value = doc["instance"] ?? null;
        input = { kind: "instance", value, text: writeJsonValue(value) };
      } else {
        throw new Error(`${path}: expected "raw" or "instance"`);
      }
      return { name: file.replace(/\.json$/, ""), path, input, errors: expected };
    });
}

/** The `[type, loc]` pairs of a list of errors, for comparing with an expected list. */
export function typesAndLocs(errors: readonly { type: string; loc: readonly (string | number)[] }[]): string[] {
  return errors.map((error) => `${error.type} @ ${JSON.stringify(error.loc)}`);
}
