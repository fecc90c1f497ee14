// The entry of the browser bundle (esbuild --platform=browser): what a web page would import.
import { parseWorkflowEvent, serializeWorkflowEvent } from "workflow-events";

export function roundTrip(text) {
  const read = parseWorkflowEvent(text);
  return read.ok ? serializeWorkflowEvent(read.value) : read.errors;
}
