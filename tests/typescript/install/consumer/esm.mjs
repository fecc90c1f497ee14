// A plain Node ES module using the installed package: every example of the schema version
// is read (from text and from bytes) and written back as its canonical file says.
// Usage: node esm.mjs <schema/vX.Y directory>
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as events from "workflow-events";
import * as kafka from "workflow-events/kafka";

const dir = process.argv[2];
const names = readdirSync(join(dir, "examples")).filter((name) => name.endsWith(".json"));
assert.ok(names.length > 0);
for (const name of names) {
  const text = readFileSync(join(dir, "examples", name), "utf8");
  const canonical = readFileSync(join(dir, "examples", "canonical", name), "utf8").trimEnd();
  for (const input of [text, new TextEncoder().encode(text)]) {
    const read = events.parseWorkflowEvent(input);
    assert.ok(read.ok, `${name}: ${JSON.stringify(read.errors)}`);
    assert.equal(events.serializeWorkflowEvent(read.value), canonical, name);
  }
  const record = kafka.record(events.parseWorkflowEventOrThrow(text));
  assert.equal(kafka.decode(record).ok, true, name);
}
const bad = events.parseWorkflowEvent("[]");
assert.equal(bad.ok, false);
assert.equal(bad.errors[0].type, "model_type");
assert.throws(() => events.parseWorkflowEventOrThrow("{"), events.ValidationError);
console.log(`esm: ${names.length} examples read and written back, SCHEMA_VERSION ${events.SCHEMA_VERSION}`);
