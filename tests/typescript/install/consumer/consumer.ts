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
  return decoded.ok ? serializeWorkflowEvent(decoded.value) : decoded.errors;
}

export const schemaTitle: unknown = workflowEventJsonSchema("serialization")["title"];
export const isError = (error: unknown): error is ValidationError => error instanceof ValidationError;
