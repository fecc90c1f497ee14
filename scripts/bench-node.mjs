// The TypeScript side of scripts/bench-vs-pydantic: the generated package (its shipped
// dist/esm) against what a TypeScript user would pick instead, on the corpus, interleaved in
// one process so that load changes hit every contender alike.
//
// Usage: node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 \
//          scripts/bench-node.mjs <package dir> <corpus.jsonl> <reps> <schema file>
//
// Reading (text → validated value):
//   ts_parse            parseWorkflowEvent(string)
//   ts_parse_bytes      parseWorkflowEvent(Uint8Array)
//   ajv                 JSON.parse + an Ajv 8 validator compiled from <schema file> (draft 2020-12,
//                       allErrors, ajv-formats uuid and date-time): the baseline
//   ajv_bytes           TextDecoder (fatal) + the same, from a Uint8Array
//   zod                 JSON.parse + zod 4 (z.fromJSONSchema of the same file) safeParse
//   node_json_parse     JSON.parse alone: the ceiling
// Writing (value → JSON text):
//   ts_serialize        serializeWorkflowEvent of events parsed by the package
//   ajv_json_stringify  Ajv validate + JSON.stringify of JSON.parse'd events
//   node_json_stringify JSON.stringify of JSON.parse'd events: the ceiling
//
// Each repetition runs one pass (every event) of every case, in an order that rotates by one
// each repetition, after a forced GC. Prints one JSON line per case: the median seconds of a
// pass, events, bytes, and `alloc_bytes`, the bytes allocated per event (heap growth over 1,000
// events with a young generation large enough that no GC runs; the largest of 5 tries, as a GC
// could only make it smaller). Ajv and zod are dev dependencies of scripts/bench-node/ only.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [packageDir, corpusPath, repsText, schemaPath] = process.argv.slice(2);
if (schemaPath === undefined) {
  console.error("usage: node bench-node.mjs <package dir> <corpus.jsonl> <reps> <schema file>");
  process.exit(2);
}
if (typeof globalThis.gc !== "function") {
  console.error("bench-node: run node with --expose-gc");
  process.exit(2);
}
// The 1.0 entry point: the corpus and the schema the contenders compile are 1.0's.
const pkg = await import(pathToFileURL(join(packageDir, "dist", "esm", "v1_0", "index.js")).href);
const require = createRequire(new URL("./bench-node/package.json", import.meta.url));
const { default: Ajv2020 } = require("ajv/dist/2020");
const { default: addFormats } = require("ajv-formats");
const { z } = require("zod");

const reps = Number(repsText);
// Each line as its own flat string, as a consumer gets it (not a slice of the corpus text).
const lines = readFileSync(corpusPath, "utf8")
  .split("\n")
  .filter((line) => line.length > 0)
  .map((line) => Buffer.from(line).toString());
const encoder = new TextEncoder();
const bytes = lines.map((line) => encoder.encode(line));
const totalBytes = bytes.reduce((sum, b) => sum + b.length, 0);

const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
// Ajv's strict mode refuses the schema's x-default-factory extension; declared, as a user would.
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv, ["uuid", "date-time"]);
ajv.addKeyword("x-default-factory");
const validate = ajv.compile(schema);
const zodSchema = z.fromJSONSchema(schema);
const decoder = new TextDecoder("utf-8", { fatal: true });

const ours = lines.map((line) => pkg.parseWorkflowEventOrThrow(line));
const parsed = lines.map((line) => JSON.parse(line));

// Each case: (one input) → truthy when accepted; `inputs` are what it runs over.
const cases = {
  ts_parse: [lines, (line) => pkg.parseWorkflowEvent(line).ok],
  ts_parse_bytes: [bytes, (b) => pkg.parseWorkflowEvent(b).ok],
  ajv: [lines, (line) => validate(JSON.parse(line))],
  ajv_bytes: [bytes, (b) => validate(JSON.parse(decoder.decode(b)))],
  zod: [lines, (line) => zodSchema.safeParse(JSON.parse(line)).success],
  node_json_parse: [lines, (line) => JSON.parse(line) !== null],
  ts_serialize: [ours, (event) => pkg.serializeWorkflowEvent(event).length > 0],
  ajv_json_stringify: [parsed, (event) => validate(event) && JSON.stringify(event).length > 0],
  node_json_stringify: [parsed, (event) => JSON.stringify(event).length > 0],
};
const names = Object.keys(cases);

function pass(name) {
  const [inputs, run] = cases[name];
  let accepted = 0;
  for (let i = 0; i < inputs.length; i++) {
    if (run(inputs[i])) accepted++;
  }
  if (accepted !== inputs.length) {
    throw new Error(`${name}: ${accepted} of ${inputs.length} accepted`);
  }
}

function allocation(name) {
  const [inputs, run] = cases[name];
  const batch = Math.min(1000, inputs.length);
  let most = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < batch; i++) run(inputs[i]);
    most = Math.max(most, process.memoryUsage().heapUsed - before);
  }
  return most / batch;
}

for (const name of names) {
  for (let i = 0; i < 3; i++) pass(name); // warm-up: every path compiled before timing
}
const times = Object.fromEntries(names.map((name) => [name, []]));
for (let rep = 0; rep < reps; rep++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + rep) % names.length];
    globalThis.gc();
    const start = process.hrtime.bigint();
    pass(name);
    times[name].push(Number(process.hrtime.bigint() - start) / 1e9);
  }
}
for (const name of names) {
  const sorted = [...times[name]].sort((a, b) => a - b);
  const row = {
    case: name,
    seconds: sorted[Math.floor(sorted.length / 2)],
    events: lines.length,
    bytes: totalBytes,
    alloc_bytes: Math.round(allocation(name)),
  };
  console.log(JSON.stringify(row));
}
