// Parses every generated/*/asyncapi/*.json with @asyncapi/parser (pinned in package.json) and
// fails on any diagnostic of error severity, or when there is no document to parse.
// Run by scripts/test: node tests/typescript/asyncapi.mjs [files...]
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";

const root = resolve(fileURLToPath(import.meta.url), "../../..");
let files = process.argv.slice(2);
if (files.length === 0) {
  const generated = join(root, "generated");
  for (const version of readdirSync(generated).sort()) {
    const dir = join(generated, version, "asyncapi");
    let names = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    files.push(...names.filter((n) => n.endsWith(".json")).sort().map((n) => join(dir, n)));
  }
}
if (files.length === 0) {
  console.error("asyncapi: no generated/*/asyncapi/*.json to parse");
  process.exit(1);
}
const severity = ["error", "warning", "information", "hint"];
const parser = new Parser();
let failed = 0;
for (const file of files) {
  const { document, diagnostics } = await parser.parse(readFileSync(file, "utf8"), { source: file });
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  for (const d of diagnostics) {
    console.log(`${file}: ${severity[d.severity] ?? d.severity} ${d.code} at /${d.path.join("/")}: ${d.message}`);
  }
  if (errors.length > 0 || document === undefined) {
    failed += 1;
    console.error(`${file}: ${errors.length} error(s)`);
  } else {
    const messages = document.messages().all().map((m) => m.id()).join(", ");
    console.log(`${file}: AsyncAPI ${document.version()} parsed: ${document.channels().length} channel, messages ${messages}; ${diagnostics.length} diagnostics, none an error`);
  }
}
process.exit(failed === 0 ? 0 : 1);
