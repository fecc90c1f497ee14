// A TypeScript CommonJS module (nodenext: `import` compiles to `require`), typed by the
// package's `require` condition.
import events = require("workflow-events");
import kafka = require("workflow-events/kafka");
import v10 = require("workflow-events/v1.0");

export function roundTrip(text: string): string {
  const event: events.WorkflowEvent = events.parseWorkflowEventOrThrow(text);
  return events.serializeWorkflowEvent(event) + String(kafka.CONTENT_TYPE);
}

export function pinned(text: string): v10.WorkflowEvent {
  return v10.parseWorkflowEventOrThrow(text);
}
