// The TypeScript side of scripts/bench-vs-pydantic: times the generated TypeScript package
// (compiled to JavaScript) under Node on the corpus.
//
// Usage: node bench-node.mjs <compiled index.js> <corpus.jsonl> <reps>. Prints one JSON line
// per case with the median seconds of a pass: `ts_parse` (parseWorkflowEvent on the text of
// each event, streaming), `ts_serialize` (serializeWorkflowEvent of events parsed beforehand)
// and `node_json_parse` (JSON.parse alone, for scale).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [indexJs, corpusPath, repsText] = process.argv.slice(2);
const pkg = await import(pathToFileURL(indexJs).href);
const reps = Number(repsText);
const lines = readFileSync(corpusPath, "utf8").split("\n").filter((line) => line.length > 0);
const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);

function report(name, run) {
  const times = [];
  for (let i = 0; i < reps; i++) {
    const start = process.hrtime.bigint();
    const ok = run();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (ok !== lines.length) throw new Error(`${name}: ${ok} of ${lines.length} accepted`);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ case: name, seconds: times[Math.floor(times.length / 2)], events: lines.length, bytes }));
}

report("ts_parse", () => {
  let ok = 0;
  for (const line of lines) if (pkg.parseWorkflowEvent(line).ok) ok++;
  return ok;
});
const events = lines.map((line) => pkg.parseWorkflowEventOrThrow(line));
report("ts_serialize", () => {
  let ok = 0;
  for (const event of events) if (pkg.serializeWorkflowEvent(event).length > 0) ok++;
  return ok;
});
report("node_json_parse", () => {
  let ok = 0;
  for (const line of lines) if (JSON.parse(line) !== null) ok++;
  return ok;
});
