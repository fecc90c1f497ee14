// A plain Node ES module using the installed package: every schema version's entry point
// (`workflow-events/v1.0`, …) reads every example of its version (from text and from bytes)
// and writes it back as its canonical file says; `parseAny` of the root reads each example
// with the version it declares; the Kafka helper reads and writes each.
// Usage: node esm.mjs <schema directory>
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as events from "workflow-events";
import * as kafka from "workflow-events/kafka";

const root = process.argv[2];
const versions = readdirSync(root)
  .filter((name) => /^v\d+\.\d+$/.test(name))
  .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
assert.deepEqual(versions.map((v) => v.slice(1)), [...events.SCHEMA_VERSIONS]);
assert.equal(events.SCHEMA_VERSION, events.SCHEMA_VERSIONS.at(-1));
let count = 0;
for (const version of versions) {
  const pkg = await import(`workflow-events/${version}`);
  assert.equal(pkg.SCHEMA_VERSION, version.slice(1));
  const dir = join(root, version);
  for (const name of readdirSync(join(dir, "examples")).filter((n) => n.endsWith(".json"))) {
    const text = readFileSync(join(dir, "examples", name), "utf8");
    const canonical = readFileSync(join(dir, "examples", "canonical", name), "utf8").trimEnd();
    for (const input of [text, new TextEncoder().encode(text)]) {
      const read = pkg.parseWorkflowEvent(input);
      assert.ok(read.ok, `${version}/${name}: ${JSON.stringify(read.errors)}`);
      assert.equal(pkg.serializeWorkflowEvent(read.value), canonical, name);
    }
    const claimed = JSON.parse(text).metadata?.version ?? null;
    const any = events.parseAny(text);
    assert.ok(any.ok, `${version}/${name}: ${JSON.stringify(any.errors)}`);
    assert.equal(any.value.version, events.chooseVersion(claimed), name);
    if (claimed === version.slice(1)) {
      assert.equal(events.serializeAny(any.value), canonical, name);
    }
    const record = kafka.record(pkg.parseWorkflowEventOrThrow(text));
    assert.equal(kafka.decode(record.value).ok, true, name);
    count += 1;
  }
}
const bad = events.parseAny("[]");
assert.equal(bad.ok, false);
assert.equal(bad.errors[0].type, "model_type");
assert.equal(events.parseAny('{"metadata": {"version": "9.0"}}').errors[0].type, "unknown_version");
assert.throws(() => events.parseWorkflowEventOrThrow("{"), events.ValidationError);
console.log(`esm: ${count} examples of ${versions.join(", ")} read and written back, root SCHEMA_VERSION ${events.SCHEMA_VERSION}`);
