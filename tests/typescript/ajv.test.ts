/**
 * The schema a TypeScript package ships (`workflowEventJsonSchema()`, both modes) and the
 * payload copy in the AsyncAPI document load in Ajv 8's default strict mode (with ajv-formats
 * for `uuid` and `date-time`), and accept every example. The schema as written under `schema/`
 * does not: Ajv refuses its `x-default-factory` extension, which is why the copies leave it out
 * (`codegen::backend::portable_schema`).
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, it } from "node:test";

import { ROOT, examples } from "./corpus.js";

const require = createRequire(import.meta.url);
const { default: Ajv2020 } = require("ajv/dist/2020") as typeof import("ajv/dist/2020.js");
const { default: AjvDraft7 } = require("ajv") as typeof import("ajv");
const { default: addFormats } = require("ajv-formats") as typeof import("ajv-formats");

type Schema = Record<string, unknown>;

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/**
 * Ajv accepts the example, or refuses only timestamps without an offset: the contract reads
 * those as UTC, RFC 3339 (and so ajv-formats) requires the offset. Nothing else may differ.
 */
function acceptedButForOffsets(name: string, instance: unknown, ok: boolean, errors: readonly AjvError[] | null | undefined): void {
  if (ok) {
    return;
  }
  for (const error of errors ?? []) {
    const value = error.instancePath
      .split("/")
      .slice(1)
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], instance);
    assert.ok(
      error.keyword === "format" && error.params["format"] === "date-time" && typeof value === "string" && !/([Zz]|[+-]\d\d:\d\d)$/.test(value),
      `${name}: ${JSON.stringify(error)}`,
    );
  }
}

interface Package {
  workflowEventJsonSchema(mode?: "validation" | "serialization"): Schema;
}

/** Whether `x-default-factory` appears anywhere as a key. */
function mentionsExtension(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(mentionsExtension);
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).some(([key, item]) => key === "x-default-factory" || mentionsExtension(item));
  }
  return false;
}

for (const version of ["v1.0", "v1.1"]) {
  const pkg = (await import(new URL(`../../generated/typescript/src/${version.replace(".", "_")}/index.js`, import.meta.url).href)) as Package;
  const instances = examples(version).map((example) => [example.name, JSON.parse(example.text) as unknown] as const);

  describe(`${version}: the shipped schema in Ajv's strict mode`, () => {
    for (const mode of ["validation", "serialization"] as const) {
      it(`compiles workflowEventJsonSchema("${mode}") with default options and accepts every example`, () => {
        const schema = pkg.workflowEventJsonSchema(mode);
        assert.equal(mentionsExtension(schema), false);
        const ajv = new Ajv2020();
        addFormats(ajv);
        const validate = ajv.compile(schema);
        assert.ok(instances.length >= 10);
        for (const [name, instance] of instances) {
          // The serialization schema requires what writers always write (the defaults).
          if (mode === "validation") {
            acceptedButForOffsets(name, instance, validate(instance), validate.errors);
          }
        }
        assert.equal(validate({}), false);
      });
    }

    it("refuses the schema as written under schema/ (the reason the copies leave the extension out)", () => {
      const original = JSON.parse(readFileSync(join(ROOT, "schema", version, "workflow_event.schema.json"), "utf8")) as Schema;
      assert.ok(mentionsExtension(original));
      const ajv = new Ajv2020();
      addFormats(ajv);
      assert.throws(() => ajv.compile(original), /unknown keyword: "x-default-factory"/);
    });

    it("the shipped schema is the one under schema/ less the extension", () => {
      const original = readFileSync(join(ROOT, "schema", version, "workflow_event.schema.json"), "utf8");
      const stripped = JSON.parse(original, (key, value: unknown) => (key === "x-default-factory" ? undefined : value)) as Schema;
      assert.deepEqual(pkg.workflowEventJsonSchema("validation"), stripped);
    });
  });

  describe(`${version}: the AsyncAPI payload in Ajv's strict mode`, () => {
    it("compiles components/schemas (draft-07, default options) and accepts every example", () => {
      const document = JSON.parse(readFileSync(join(ROOT, "generated", version, "asyncapi", "asyncapi.json"), "utf8")) as {
        components: { schemas: Schema };
      };
      assert.equal(mentionsExtension(document.components.schemas), false);
      // The components as draft-07 definitions: the same schemas, `$ref`s pointed there.
      const definitions = JSON.parse(
        JSON.stringify({ definitions: document.components.schemas }).replaceAll('"#/components/schemas/', '"#/definitions/'),
      ) as Schema;
      const ajv = new AjvDraft7();
      addFormats(ajv);
      ajv.addSchema({ $id: "asyncapi", ...definitions });
      const validate = ajv.getSchema("asyncapi#/definitions/WorkflowEvent");
      assert.ok(validate !== undefined);
      for (const [name, instance] of instances) {
        acceptedButForOffsets(name, instance, validate(instance) === true, validate.errors);
      }
      assert.equal(validate({}), false);
    });
  });
}
