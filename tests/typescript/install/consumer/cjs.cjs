// The same from CommonJS, with require (run with --no-experimental-require-module, so that it
// is the package's CommonJS build that answers, as on Node versions that cannot require ESM).
// Usage: node --no-experimental-require-module cjs.cjs <schema directory>
"use strict";
const assert = require("node:assert/strict");
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const events = require("workflow-events");
const kafka = require("workflow-events/kafka");

const root = process.argv[2];
const versions = readdirSync(root).filter((name) => /^v\d+\.\d+$/.test(name));
assert.equal(versions.length, events.SCHEMA_VERSIONS.length);
let count = 0;
for (const version of versions) {
  const pkg = require(`workflow-events/${version}`);
  assert.equal(pkg.SCHEMA_VERSION, version.slice(1));
  const dir = join(root, version);
  for (const name of readdirSync(join(dir, "examples")).filter((n) => n.endsWith(".json"))) {
    const text = readFileSync(join(dir, "examples", name), "utf8");
    const canonical = readFileSync(join(dir, "examples", "canonical", name), "utf8").trimEnd();
    const read = pkg.parseWorkflowEvent(text);
    assert.ok(read.ok, `${version}/${name}: ${JSON.stringify(read.errors)}`);
    assert.equal(pkg.serializeWorkflowEvent(read.value), canonical, name);
    const any = kafka.decode(kafka.record(read.value).value);
    assert.equal(any.ok, true, name);
    count += 1;
  }
}
assert.throws(() => events.parseWorkflowEventOrThrow("{"), events.ValidationError);
console.log(`cjs: ${count} examples read and written back, root SCHEMA_VERSION ${events.SCHEMA_VERSION}`);
