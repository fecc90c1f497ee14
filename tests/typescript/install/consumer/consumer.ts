// A TypeScript ES module using the installed package's types (checked with tsc --strict
// --noEmit under nodenext and under bundler resolution; never run).
import {
  JsonFloat,
  ValidationError,
  parseWorkflowEvent,
  serializeWorkflowEvent,
  workflowEventJsonSchema,
  type ErrorItem,
  type JsonObject,
  type WorkflowEvent,
} from "workflow-events";
import { decode, record } from "workflow-events/kafka";
import { parseAny, toLatest, type AnyWorkflowEvent } from "workflow-events";
import * as v10 from "workflow-events/v1.0";

export function roundTrip(text: string | Uint8Array): string | readonly ErrorItem[] {
  const read = parseWorkflowEvent(text);
  if (!read.ok) {
    return read.errors;
  }
  const event: WorkflowEvent = read.value;
  const data: JsonObject = event.payload.data;
  data["exact"] = 12345678901234567890n;
  data["float"] = new JsonFloat(1);
  const decoded = decode(record(event).value);
  if (!decoded.ok) {
    return decoded.errors;
  }
  const latest = toLatest(decoded.value);
  return latest.ok ? serializeWorkflowEvent(latest.value) : latest.errors;
}

/** A pinned 1.0 producer's event, read back by version. */
export function readOld(): AnyWorkflowEvent | readonly ErrorItem[] {
  const old: v10.WorkflowEvent = v10.createWorkflowEvent({
    event_type: v10.EventType.WORKFLOW_FAILED,
    source: "airflow",
    workflow_id: "dag",
    workflow_run_id: "run_1",
    payload: { data: {} },
    metadata: { environment: "prod" },
  });
  const read = parseAny(v10.serializeWorkflowEvent(old));
  if (read.ok && read.value.version === "1.0") {
    const event: v10.WorkflowEvent = read.value.event;
    return { version: "1.0", event };
  }
  return read.ok ? read.value : read.errors;
}

export const schemaTitle: unknown = workflowEventJsonSchema("serialization")["title"];
export const isError = (error: unknown): error is ValidationError => error instanceof ValidationError;
