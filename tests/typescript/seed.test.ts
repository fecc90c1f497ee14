/**
 * The seed's test list (event creation and validation, schema validation, JSON serialization
 * and deserialization, schema versioning, event type and source enumeration), in TypeScript,
 * against the compiled v1.0 package.
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import {
  EventSource,
  EventType,
  JsonFloat,
  SCHEMA_VERSION,
  ValidationError,
  createWorkflowEvent,
  createWorkflowEventMetadata,
  createWorkflowEventPayload,
  parseWorkflowEvent,
  parseWorkflowEventOrThrow,
  serializeWorkflowEvent,
  workflowEventJsonSchema,
  type ErrorItem,
  type JsonObject,
  type WorkflowEvent,
  type WorkflowEventInit,
  type WorkflowEventMetadataInit,
} from "../../generated/typescript/src/v1_0/index.js";
import { writeJsonValue, type JsonValue } from "../../generated/typescript/src/runtime.js";
import { ROOT, typesAndLocs } from "./corpus.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CANONICAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/;

/** The seed's first example: an Airflow DAG run that completed. */
function example1(): WorkflowEventInit {
  return {
    event_type: EventType.WORKFLOW_COMPLETED,
    source: EventSource.AIRFLOW,
    workflow_id: "example_etl_dag",
    workflow_run_id: "run_2025-01-27T10:00:00",
    payload: createWorkflowEventPayload({ data: { status: "success", tasks_completed: 5, duration_seconds: 120 } }),
    metadata: createWorkflowEventMetadata({ environment: "dev", version: "1.0" }),
  };
}

function errorsOf(action: () => unknown): ErrorItem[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `threw ${String(error)}`);
    return [...error.errors];
  }
  assert.fail("no ValidationError was thrown");
}

describe("event creation", () => {
  it("fills event_id with a random UUID v4 and timestamp with the current time", () => {
    const before = Date.now();
    const event = createWorkflowEvent(example1());
    const after = Date.now();
    assert.match(event.event_id, UUID_V4);
    assert.match(event.timestamp, CANONICAL_TIMESTAMP);
    const millis = Date.parse(event.timestamp);
    assert.ok(millis >= before - 1 && millis <= after + 1, `${event.timestamp} is not now`);
    assert.notEqual(createWorkflowEvent(example1()).event_id, event.event_id);
  });

  it("keeps the given fields and enums", () => {
    const event = createWorkflowEvent(example1());
    assert.equal(event.event_type, "workflow.completed");
    assert.equal(event.source, "airflow");
    assert.equal(event.workflow_id, "example_etl_dag");
    assert.equal(event.workflow_run_id, "run_2025-01-27T10:00:00");
    assert.deepEqual(event.payload.data, { status: "success", tasks_completed: 5, duration_seconds: 120 });
    assert.deepEqual(event.metadata, { environment: "dev", version: "1.0" });
  });

  it("accepts plain objects for nested models, as the seed's dict form", () => {
    const event = createWorkflowEvent({
      event_type: "workflow.triggered",
      source: "langgraph",
      workflow_id: "trading_analysis_workflow",
      workflow_run_id: "run_789",
      payload: { data: { input: { symbol: "AAPL", timeframe: "1h" }, workflow_type: "analysis" } },
      metadata: { environment: "prod" },
    });
    assert.equal(event.metadata.version, "1.0", "version defaults to 1.0");
    assert.deepEqual(event.payload.data["input"], { symbol: "AAPL", timeframe: "1h" });
  });

  it("takes explicit event_id and timestamp (a string or a Date) and normalises them", () => {
    const event = createWorkflowEvent({
      ...example1(),
      event_id: "7C1F9A52-3D4E-4B8A-9F21-0A6B5C4D3E2F",
      timestamp: "2025-01-27T12:00:00.123456789+02:00",
    });
    assert.equal(event.event_id, "7c1f9a52-3d4e-4b8a-9f21-0a6b5c4d3e2f");
    assert.equal(event.timestamp, "2025-01-27T10:00:00.123456Z");
    const fromDate = createWorkflowEvent({ ...example1(), timestamp: new Date(Date.UTC(2025, 0, 27, 10, 0, 0, 250)) });
    assert.equal(fromDate.timestamp, "2025-01-27T10:00:00.250000Z");
  });

  it("copies the input: changing it afterwards does not change the event", () => {
    const init = example1();
    const data = { status: "success", nested: { n: 1 } };
    const event = createWorkflowEvent({ ...init, payload: { data } });
    data.nested.n = 2;
    assert.deepEqual(event.payload.data["nested"], { n: 1 });
  });

  it("rejects an invalid event type with an enum error, as the seed's ValidationError example", () => {
    const init = { ...example1(), event_type: "invalid.type" } as unknown as WorkflowEventInit;
    const errors = errorsOf(() => createWorkflowEvent(init));
    assert.deepEqual(typesAndLocs(errors), ['enum @ ["event_type"]']);
    assert.match(errors[0]?.msg ?? "", /'workflow\.triggered', 'workflow\.completed' or 'workflow\.failed'/);
  });

  it("reports every problem at once", () => {
    const init = {
      event_type: "workflow.done",
      source: "cron",
      workflow_run_id: 7,
      payload: { data: [] },
      metadata: { environment: "qa", version: 1 },
    } as unknown as WorkflowEventInit;
    assert.deepEqual(typesAndLocs(errorsOf(() => createWorkflowEvent(init))), [
      'enum @ ["event_type"]',
      'enum @ ["source"]',
      'missing @ ["workflow_id"]',
      'string_type @ ["workflow_run_id"]',
      'dict_type @ ["payload","data"]',
      'string_pattern_mismatch @ ["metadata","environment"]',
      'string_type @ ["metadata","version"]',
    ]);
  });

  it("rejects values that are not JSON inside payload.data", () => {
    const data = { when: new Date(0), f: () => 1, list: [1, undefined] };
    const init = { ...example1(), payload: { data } } as unknown as WorkflowEventInit;
    assert.deepEqual(typesAndLocs(errorsOf(() => createWorkflowEvent(init))), [
      'value_error @ ["payload","data","when"]',
      'value_error @ ["payload","data","f"]',
      'value_error @ ["payload","data","list",1]',
    ]);
  });

  it("treats properties set to undefined as absent, as JSON.stringify does", () => {
    const event = createWorkflowEvent({
      ...example1(),
      payload: { data: { kept: 1, dropped: undefined } as unknown as JsonObject },
      metadata: { environment: "dev", version: undefined } as unknown as WorkflowEventMetadataInit,
    });
    assert.deepEqual(event.payload.data, { kept: 1 });
    assert.equal(event.metadata.version, "1.0");
    const init = { ...example1(), workflow_id: undefined } as unknown as WorkflowEventInit;
    assert.deepEqual(typesAndLocs(errorsOf(() => createWorkflowEvent(init))), ['missing @ ["workflow_id"]']);
  });

  it("types catch mistakes at compile time", () => {
    // Each line below must fail to type-check; tsc fails the build if one does not.
    // @ts-expect-error: not an EventType
    const badType: WorkflowEventInit = { ...example1(), event_type: "invalid.type" };
    // @ts-expect-error: workflow_id is required
    const missing: WorkflowEventInit = { ...example1(), workflow_id: undefined };
    // @ts-expect-error: an event's timestamp is a string, not a Date
    const dateInEvent: WorkflowEvent = { ...createWorkflowEvent(example1()), timestamp: new Date() };
    assert.ok(badType && missing && dateInEvent);
  });
});

describe("schema validation", () => {
  it("accepts each environment the pattern allows and nothing else", () => {
    for (const environment of ["dev", "staging", "prod"]) {
      assert.equal(createWorkflowEventMetadata({ environment }).environment, environment);
    }
    for (const environment of ["qa", "Dev", "production", "dev ", " dev", "", "dev\n"]) {
      assert.deepEqual(typesAndLocs(errorsOf(() => createWorkflowEventMetadata({ environment }))), [
        'string_pattern_mismatch @ ["environment"]',
      ]);
    }
  });

  it("parses the seed's dictionary example (a decoded value)", () => {
    const result = parseWorkflowEvent({
      event_id: "123e4567-e89b-12d3-a456-426614174000",
      event_type: "workflow.completed",
      timestamp: "2025-01-27T10:00:00",
      source: "airflow",
      workflow_id: "example_dag",
      workflow_run_id: "run_123",
      payload: { data: { status: "success" } },
      metadata: { environment: "dev", version: "1.0" },
    });
    assert.ok(result.ok);
    assert.equal(result.value.timestamp, "2025-01-27T10:00:00Z");
  });

  it("treats a string as JSON text and reports malformed JSON as json_invalid", () => {
    const result = parseWorkflowEvent('{"event_type": ');
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.deepEqual(typesAndLocs(result.errors), ["json_invalid @ []"]);
  });

  it("rejects null where a property may only be absent", () => {
    const text = serializeWorkflowEvent(createWorkflowEvent(example1())).replace('"version":"1.0"', '"version":null');
    assert.match(text, /"metadata":\{"environment":"dev","version":null\}/);
    const result = parseWorkflowEvent(text);
    assert.ok(!result.ok);
    assert.deepEqual(typesAndLocs(result.errors), ['string_type @ ["metadata","version"]']);
  });
});

describe("JSON serialization and deserialization", () => {
  it("writes compact JSON in schema order with every property", () => {
    const event = createWorkflowEvent({ ...example1(), event_id: "7c1f9a52-3d4e-4b8a-9f21-0a6b5c4d3e2f", timestamp: "2025-01-27T10:00:00Z" });
    assert.equal(
      serializeWorkflowEvent(event),
      '{"event_id":"7c1f9a52-3d4e-4b8a-9f21-0a6b5c4d3e2f","event_type":"workflow.completed","timestamp":"2025-01-27T10:00:00Z",' +
        '"source":"airflow","workflow_id":"example_etl_dag","workflow_run_id":"run_2025-01-27T10:00:00",' +
        '"payload":{"data":{"status":"success","tasks_completed":5,"duration_seconds":120}},' +
        '"metadata":{"environment":"dev","version":"1.0"}}',
    );
  });

  it("round-trips: parse(serialize(event)) equals event", () => {
    const event = createWorkflowEvent(example1());
    const again = parseWorkflowEventOrThrow(serializeWorkflowEvent(event));
    assert.deepEqual(again, event);
    assert.equal(serializeWorkflowEvent(again), serializeWorkflowEvent(event));
  });

  it("writes whole floats as floats only when asked, and big integers exactly", () => {
    const event = createWorkflowEvent({
      ...example1(),
      payload: { data: { ratio: 0.5, count: 3, forced: new JsonFloat(3), huge: 123456789012345678901234567890n } },
    });
    assert.match(serializeWorkflowEvent(event), /"data":\{"ratio":0\.5,"count":3,"forced":3\.0,"huge":123456789012345678901234567890\}/);
  });

  it("refuses to write an event made invalid after validation", () => {
    const event = createWorkflowEvent(example1());
    event.metadata.environment = "qa";
    assert.deepEqual(typesAndLocs(errorsOf(() => serializeWorkflowEvent(event))), [
      'string_pattern_mismatch @ ["metadata","environment"]',
    ]);
  });
});

describe("schema versioning", () => {
  it("is generated from schema version 1.0", () => {
    assert.equal(SCHEMA_VERSION, "1.0");
  });

  it("defaults metadata.version to 1.0 and keeps an explicit one", () => {
    assert.equal(createWorkflowEventMetadata({ environment: "dev" }).version, "1.0");
    assert.equal(createWorkflowEventMetadata({ environment: "dev", version: "1.1" }).version, "1.1");
  });

  it("returns the schema itself in validation mode, less the x-default-factory extension (see ajv.test.ts)", () => {
    const text = readFileSync(join(ROOT, "schema/v1.0/workflow_event.schema.json"), "utf8");
    assert.ok(text.includes('"x-default-factory"'));
    const onDisk = JSON.parse(text, (key, value: unknown) => (key === "x-default-factory" ? undefined : value)) as JsonValue;
    assert.equal(writeJsonValue(workflowEventJsonSchema("validation")), writeJsonValue(onDisk));
    assert.equal(writeJsonValue(workflowEventJsonSchema()), writeJsonValue(onDisk));
  });

  it("marks defaulted properties required in serialization mode, as writers always write them", () => {
    // In property order, as every language ships it (codegen writes it once).
    const schema = workflowEventJsonSchema("serialization");
    // In property order (codegen::schema::serialization_schema), as every language ships it.
    assert.deepEqual(schema["required"], [
      "event_id",
      "event_type",
      "timestamp",
      "source",
      "workflow_id",
      "workflow_run_id",
      "payload",
      "metadata",
    ]);
    const validation = workflowEventJsonSchema("validation")["$defs"] as Record<string, Record<string, unknown>>;
    assert.deepEqual(validation["WorkflowEventMetadata"]?.["required"], ["environment"]);
    const defs = schema["$defs"] as Record<string, Record<string, unknown>>;
    assert.deepEqual(defs["WorkflowEventMetadata"]?.["required"], ["environment", "version"]);
  });

  it("returns a fresh copy on every call", () => {
    const first = workflowEventJsonSchema();
    first["title"] = "changed";
    assert.equal(workflowEventJsonSchema()["title"], "WorkflowEvent");
  });

  it("ships the schema file's $id", () => {
    const text = readFileSync(join(ROOT, "schema/v1.0/workflow_event.schema.json"), "utf8");
    assert.ok(text.includes(String(workflowEventJsonSchema()["$id"])));
  });
});

describe("event type and source enumeration", () => {
  it("lists every event type with its wire value", () => {
    assert.deepEqual({ ...EventType }, {
      WORKFLOW_TRIGGERED: "workflow.triggered",
      WORKFLOW_COMPLETED: "workflow.completed",
      WORKFLOW_FAILED: "workflow.failed",
    });
    assert.equal(EventType.WORKFLOW_COMPLETED, "workflow.completed");
  });

  it("lists every event source with its wire value", () => {
    assert.deepEqual(Object.values(EventSource), ["airflow", "langgraph", "fastapi"]);
    assert.equal(EventSource.LANGGRAPH, "langgraph");
  });

  it("freezes the constants", () => {
    assert.ok(Object.isFrozen(EventType));
    assert.ok(Object.isFrozen(EventSource));
    assert.throws(() => {
      (EventType as { WORKFLOW_FAILED: string }).WORKFLOW_FAILED = "x";
    }, TypeError);
  });

  it("accepts every event type and source, and rejects case variants", () => {
    for (const eventType of Object.values(EventType)) {
      for (const source of Object.values(EventSource)) {
        assert.equal(createWorkflowEvent({ ...example1(), event_type: eventType, source }).source, source);
      }
    }
    const init = { ...example1(), event_type: "WORKFLOW.COMPLETED", source: "Airflow" } as unknown as WorkflowEventInit;
    assert.deepEqual(typesAndLocs(errorsOf(() => createWorkflowEvent(init))), ['enum @ ["event_type"]', 'enum @ ["source"]']);
  });
});
