/**
 * Numbers too large for a double (schema/CONTRACT.md, `finite_number`), as
 * tests/python/test_finite_numbers.py checks them in Python.
 *
 * JavaScript reads `1e400` as `Infinity`, and `JSON.stringify` writes that as `null`. The package
 * reports `finite_number` at the number's own location instead: in free-form data at any depth
 * (list indices included), in typed `number` and `integer` properties, from JSON text, from
 * values built in JavaScript (`Infinity`, `-Infinity`, `NaN`) and from `create…`, together with
 * every other error, in schema order. Unknown properties are not kept, so not checked.
 * `1e-400` is `0.0`. Writing a non-finite number throws rather than writing `null`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";

import {
  JsonFloat,
  ValidationError,
  createWorkflowEvent,
  createWorkflowEventPayload,
  parseWorkflowEvent,
  parseWorkflowEventOrThrow,
  parseWorkflowEventPayload,
  serializeWorkflowEvent,
  serializeWorkflowEventPayload,
  type ErrorItem,
  type JsonValue,
  type WorkflowEvent,
  type WorkflowEventInit,
} from "../../generated/typescript/src/v1_0/index.js";
import { formatFloat, readJson, writeJsonValue } from "../../generated/typescript/src/runtime.js";
import { ROOT, typesAndLocs } from "./corpus.js";

/** A valid event's JSON text with `data` (JSON text) as `payload.data`. */
function eventJson(data: string, fields: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    event_type: '"workflow.completed"',
    source: '"airflow"',
    workflow_id: '"example_dag"',
    workflow_run_id: '"run_123"',
    payload: `{"data":${data}}`,
    metadata: '{"environment":"dev","version":"1.0"}',
    ...fields,
  };
  return `{${Object.entries(values)
    .map(([name, value]) => `"${name}":${value}`)
    .join(",")}}`;
}

/** A valid event as a JavaScript value with `data` as `payload.data`. */
function eventValue(data: unknown, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_type: "workflow.completed",
    source: "airflow",
    workflow_id: "example_dag",
    workflow_run_id: "run_123",
    payload: { data },
    metadata: { environment: "dev", version: "1.0" },
    ...fields,
  };
}

function finiteErrors(...locs: (string | number)[][]): string[] {
  return typesAndLocs(locs.map((loc) => ({ type: "finite_number", loc })));
}

function rejected(result: { ok: true } | { ok: false; errors: ErrorItem[] }): ErrorItem[] {
  assert.equal(result.ok, false, "accepted");
  return result.ok ? [] : result.errors;
}

function thrown(action: () => unknown): ErrorItem[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `threw ${String(error)}`);
    return [...error.errors];
  }
  assert.fail("no ValidationError was thrown");
}

describe("free-form data from JSON text", () => {
  const cases: [string, string, (string | number)[]][] = [
    ["top", '{"too_big":1e400}', ["too_big"]],
    ["nested", '{"a":{"b":{"c":-1e400}}}', ["a", "b", "c"]],
    ["in_lists", '{"items":[1,2,[0,{"x":1E+400}]]}', ["items", 2, 1, "x"]],
    ["first_item", '{"list":[1e400]}', ["list", 0]],
    ["just_past_max", '{"just_past_the_largest_double":1.7976931348623159e308}', ["just_past_the_largest_double"]],
  ];
  for (const [name, data, loc] of cases) {
    it(`${name}: a number too large is finite_number at its own location`, () => {
      const text = eventJson(data);
      const errors = rejected(parseWorkflowEvent(text));
      assert.deepEqual(typesAndLocs(errors), finiteErrors(["payload", "data", ...loc]));
      assert.equal(errors[0]?.msg, "Input should be a finite number");
      assert.deepEqual(typesAndLocs(rejected(parseWorkflowEvent(new TextEncoder().encode(text)))), finiteErrors(["payload", "data", ...loc]));
      assert.deepEqual(typesAndLocs(thrown(() => parseWorkflowEventOrThrow(text))), finiteErrors(["payload", "data", ...loc]));
    });
  }

  it("reports every non-finite number, depth first", () => {
    const data = '{"a":[1e400,{"b":-1e400,"ok":1.5}],"c":{"d":[[2e400]]},"e":1e400}';
    assert.deepEqual(
      typesAndLocs(rejected(parseWorkflowEventPayload(`{"data":${data}}`))),
      finiteErrors(["data", "a", 0], ["data", "a", 1, "b"], ["data", "c", "d", 0, 0], ["data", "e"]),
    );
  });

  it("reports them with the other errors, in schema order", () => {
    const expected = [
      "enum @ [\"event_type\"]",
      "string_type @ [\"workflow_id\"]",
      ...finiteErrors(["payload", "data", "x"], ["payload", "data", "y", 1]),
      "string_pattern_mismatch @ [\"metadata\",\"environment\"]",
    ];
    const text = eventJson('{"x":1e400,"y":[1,-1e400]}', {
      event_type: '"workflow.paused"',
      workflow_id: "7",
      metadata: '{"environment":"qa"}',
    });
    assert.deepEqual(typesAndLocs(rejected(parseWorkflowEvent(text))), expected);
    const value = eventValue({ x: Infinity, y: [1, -Infinity] }, { event_type: "workflow.paused", workflow_id: 7, metadata: { environment: "qa" } });
    assert.deepEqual(typesAndLocs(rejected(parseWorkflowEvent(value))), expected);
    assert.deepEqual(typesAndLocs(thrown(() => createWorkflowEvent(value as unknown as WorkflowEventInit))), expected);
  });

  it("a bad enum and a number too large: both, in order", () => {
    const text = eventJson('{"n":1e400}', { source: '"cron"' });
    assert.deepEqual(typesAndLocs(rejected(parseWorkflowEvent(text))), [
      "enum @ [\"source\"]",
      ...finiteErrors(["payload", "data", "n"]),
    ]);
  });

  it("reads a number too small as 0.0 (and -0.0)", () => {
    const payload = parseWorkflowEventPayload('{"data":{"a":1e-400,"b":[-1e-400]}}');
    assert.ok(payload.ok);
    assert.equal(serializeWorkflowEventPayload(payload.value), '{"data":{"a":0.0,"b":[-0.0]}}');
  });

  it("keeps the largest finite numbers", () => {
    const text = '{"data":{"max":1.7976931348623157e308,"min":-1.7976931348623157e308,"big":1e308}}';
    const payload = parseWorkflowEventPayload(text);
    assert.ok(payload.ok);
    assert.equal(
      serializeWorkflowEventPayload(payload.value),
      '{"data":{"max":1.7976931348623157e+308,"min":-1.7976931348623157e+308,"big":1e+308}}',
    );
  });

  it("does not check unknown properties, which are not kept", () => {
    const text = eventJson('{"ok":1}', { producer: '{"load":1e400}' }).replace('"metadata":{', '"metadata":{"weight":1e400,');
    const written = serializeWorkflowEvent(parseWorkflowEventOrThrow(text));
    assert.ok(!written.includes("1e400") && !written.includes("null") && !written.includes("Infinity"), written);
  });
});

describe("free-form data built in JavaScript", () => {
  for (const [name, bad] of [
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["NaN", NaN],
  ] as const) {
    it(`${name} in data is finite_number, through parse… and create…`, () => {
      const data = { status: "ok", nested: { list: [1, { value: bad }] } };
      const expected = finiteErrors(["payload", "data", "nested", "list", 1, "value"]);
      assert.deepEqual(typesAndLocs(rejected(parseWorkflowEvent(eventValue(data)))), expected);
      assert.deepEqual(typesAndLocs(thrown(() => createWorkflowEvent(eventValue(data) as unknown as WorkflowEventInit))), expected);
      assert.deepEqual(typesAndLocs(thrown(() => createWorkflowEventPayload({ data: { a: [bad], b: [0, bad] } }))), finiteErrors(["data", "a", 0], ["data", "b", 1]));
    });
  }

  it("serialize… of a value changed to hold Infinity throws a ValidationError, never writes null", () => {
    const event: WorkflowEvent = parseWorkflowEventOrThrow(eventJson('{"x":{"y":1}}'));
    ((event.payload.data["x"] as Record<string, JsonValue>)["y"] as JsonValue) = Infinity;
    assert.deepEqual(typesAndLocs(thrown(() => serializeWorkflowEvent(event))), finiteErrors(["payload", "data", "x", "y"]));
  });

  it("keeps finite values unchanged", () => {
    const data = { f: 1.5, i: 10n ** 30n, flag: true, none: null, list: [0.1, -0], whole: new JsonFloat(2) };
    const payload = createWorkflowEventPayload({ data });
    assert.equal(serializeWorkflowEventPayload(payload), '{"data":{"f":1.5,"i":1000000000000000000000000000000,"flag":true,"none":null,"list":[0.1,-0.0],"whole":2.0}}');
  });
});

describe("the runtime's reader and writer", () => {
  it("readJson reports every number too large as finite_number at its location", () => {
    const result = readJson('[1e400,{"a":-1e400},1e-400]');
    assert.deepEqual(typesAndLocs(rejected(result)), finiteErrors([0], [1, "a"]));
    const tiny = readJson("[1e-400,-1e-400]");
    assert.ok(tiny.ok);
    assert.equal(writeJsonValue(tiny.value), "[0.0,-0.0]");
  });

  it("writing a non-finite number throws a RangeError", () => {
    for (const bad of [Infinity, -Infinity, NaN]) {
      assert.throws(() => formatFloat(bad), RangeError);
      assert.throws(() => writeJsonValue({ a: [bad] }), RangeError);
      assert.throws(() => new JsonFloat(bad), RangeError);
    }
  });
});

describe("typed properties in the fixture packages", () => {
  type Parse = (input: unknown) => { ok: true } | { ok: false; errors: ErrorItem[] };

  async function parser(stem: string, root: string): Promise<Parse> {
    const exports = (await import(pathToFileURL(join(ROOT, "target", "ts-fixtures", stem, "dist", "esm", "index.js")).href)) as Record<string, unknown>;
    const parse = exports[`parse${root}`];
    assert.equal(typeof parse, "function", `parse${root} in ${stem}`);
    return parse as Parse;
  }

  const cases: [string, string, string, string, string[]][] = [
    [
      "numbers_all",
      "numbers",
      "Numbers",
      '{"count":1e400,"exclusive":-1e400,"ratio":1e400,"half_steps":-1e400,"positive":1e400,"big":1e400}',
      finiteErrors(["count"], ["exclusive"], ["ratio"], ["half_steps"], ["positive"], ["big"]),
    ],
    [
      "numbers_mixed",
      "numbers",
      "Numbers",
      '{"count":-1,"ratio":1e400,"flag":0}',
      ["greater_than_equal @ [\"count\"]", ...finiteErrors(["ratio"]), "bool_type @ [\"flag\"]"],
    ],
    ["defaults", "defaults", "Settings", '{"ratio":1e400}', finiteErrors(["ratio"])],
    [
      "maps",
      "maps",
      "Maps",
      '{"counts":{"a":1,"b":1e400},"free_form":{"x":[{"y":1e400}]},"also_free":{"z":-1e400}}',
      finiteErrors(["counts", "b"], ["free_form", "x", 0, "y"], ["also_free", "z"]),
    ],
    [
      "arrays",
      "arrays",
      "Arrays",
      '{"tags":["a"],"unique_numbers":[1,1e400],"unique_anything":[{"x":1e400}],"anything":[[0,1e400]]}',
      finiteErrors(["unique_numbers", 1], ["unique_anything", 0, "x"], ["anything", 0, 1]),
    ],
  ];
  for (const [name, stem, root, text, expected] of cases) {
    it(`${name}: JSON text and the same value built in JavaScript give the same errors`, async () => {
      const parse = await parser(stem, root);
      assert.deepEqual(typesAndLocs(rejected(parse(text))), expected);
      // JSON.parse reads 1e400 as Infinity, as Python's json module reads it as inf.
      assert.deepEqual(typesAndLocs(rejected(parse(JSON.parse(text) as unknown))), expected);
    });
  }

  it("typed number properties take a number too small as 0.0", async () => {
    const exports = (await import(pathToFileURL(join(ROOT, "target", "ts-fixtures", "numbers", "dist", "esm", "index.js")).href)) as Record<string, unknown>;
    const parse = exports["parseNumbersOrThrow"] as (input: unknown) => unknown;
    const serialize = exports["serializeNumbers"] as (value: unknown) => string;
    assert.equal(serialize(parse('{"count":1,"ratio":1e-400}')), '{"count":1,"ratio":0.0}');
  });

  for (const [name, bad] of [
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["NaN", NaN],
  ] as const) {
    it(`typed number properties reject ${name}`, async () => {
      const parse = await parser("numbers", "Numbers");
      assert.deepEqual(
        typesAndLocs(rejected(parse({ count: 1, ratio: bad, half_steps: bad, positive: bad }))),
        finiteErrors(["ratio"], ["half_steps"], ["positive"]),
      );
    });
  }
});
