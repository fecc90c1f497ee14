// The same from CommonJS, with require (run with --no-experimental-require-module, so that it
// is the package's CommonJS build that answers, as on Node versions that cannot require ESM).
// Usage: node --no-experimental-require-module cjs.cjs <schema/vX.Y directory>
"use strict";
const assert = require("node:assert/strict");
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const events = require("workflow-events");
const kafka = require("workflow-events/kafka");

const dir = process.argv[2];
const names = readdirSync(join(dir, "examples")).filter((name) => name.endsWith(".json"));
assert.ok(names.length > 0);
for (const name of names) {
  const text = readFileSync(join(dir, "examples", name), "utf8");
  const canonical = readFileSync(join(dir, "examples", "canonical", name), "utf8").trimEnd();
  const read = events.parseWorkflowEvent(text);
  assert.ok(read.ok, `${name}: ${JSON.stringify(read.errors)}`);
  assert.equal(events.serializeWorkflowEvent(read.value), canonical, name);
  assert.equal(kafka.decode(kafka.record(read.value)).ok, true, name);
}
assert.throws(() => events.parseWorkflowEventOrThrow("{"), events.ValidationError);
console.log(`cjs: ${names.length} examples read and written back, SCHEMA_VERSION ${events.SCHEMA_VERSION}`);
