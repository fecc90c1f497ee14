// The JSON Schema Test Suite through the generated TypeScript packages.
//
// For every wrapped group (tests/suite/cases.json), `codegen --lang typescript` either refuses
// the schema, naming the file, the JSON pointer and the keyword, or writes a package and builds
// its dist/ with the pinned compiler (target/suite/typescript/<id>, as tests/typescript/run.sh
// builds the fixture packages). Every case of a generated package is read as JSON text
// (`parseSuite('{"v": <data>}')`, the data written exactly as cases.json has it: `1.0` stays a
// float, big integers stay exact); an accepted case is written and read again, and must give the
// same bytes. The verdicts go to target/suite/typescript.json for summary.py, which compares
// them with the suite's.
//
// $CODEGEN names the codegen binary (default: target/debug/codegen, built first). Packages with
// run-time checks import Ajv: target/suite/typescript/node_modules is a link to
// codegen/runtime/typescript/node_modules (pinned ajv, installed by `npm ci` there).

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const HERE = join(REPO, "tests", "suite");
const OUT = join(REPO, "target", "suite", "typescript");
const MODULES = join(REPO, "codegen", "runtime", "typescript", "node_modules");
const REFUSAL = /codegen: error: (?<file>[^#\n]+)#(?<pointer>[^:\n]*): `(?<keyword>[^`]+)`: (?<message>.*)/;

// The exact reader and writer of the checked-in package: cases.json read as Python reads it.
const { readJson, writeJsonValue } = await import(pathToFileURL(join(REPO, "generated", "typescript", "dist", "esm", "runtime.js")).href);

function codegen() {
  if (process.env.CODEGEN) {
    return process.env.CODEGEN;
  }
  const build = spawnSync("cargo", ["build", "--quiet", "-p", "codegen"], { cwd: REPO, stdio: "inherit" });
  if (build.status !== 0) {
    throw new Error("cargo build -p codegen failed");
  }
  return join(REPO, "target", "debug", "codegen");
}

/** Runs codegen on one wrapped schema: `{generated: true}` or the refusal. */
function generate(binary, ident) {
  return new Promise((resolve) => {
    const child = spawn(binary, ["--lang", "typescript", "--schema", `tests/suite/wrapped/${ident}.json`, "--out", join(OUT, ident)], {
      cwd: REPO,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (status) => {
      if (status === 0) {
        resolve({ generated: true });
        return;
      }
      const found = REFUSAL.exec(stderr);
      if (status === 2 && found !== null) {
        const { file, pointer, keyword, message } = found.groups;
        resolve({ generated: false, file, pointer, keyword, message });
        return;
      }
      resolve({ generated: false, crash: `codegen exit ${status}: ${stderr.trim()}` });
    });
  });
}

/** `generate` for every group, two at a time (the machine has two cores; the compiler is most of the time). */
async function generateAll(binary, idents) {
  const outcomes = {};
  let next = 0;
  const worker = async () => {
    while (next < idents.length) {
      const ident = idents[next++];
      outcomes[ident] = await generate(binary, ident);
    }
  };
  await Promise.all([worker(), worker()]);
  return outcomes;
}

/** `accepted`, `refused` or `crash: …` for one case; an accepted value must be written as bytes that read back to the same bytes. */
function read(parse, serialize, data) {
  const text = `{"v":${writeJsonValue(data)}}`;
  let result;
  try {
    result = parse(text);
  } catch (error) {
    return `crash: ${error}`;
  }
  if (!result.ok) {
    return "refused";
  }
  try {
    const written = serialize(result.value);
    const again = parse(written);
    if (!again.ok) {
      return `crash: own output refused: ${written}: ${JSON.stringify(again.errors)}`;
    }
    const rewritten = serialize(again.value);
    return rewritten === written ? "accepted" : `crash: written ${written}, then ${rewritten}`;
  } catch (error) {
    return `crash: own output: ${error}`;
  }
}

const document = readJson(readFileSync(join(HERE, "cases.json"), "utf8"));
if (!document.ok) {
  throw new Error(`cases.json: ${document.errors[0]?.msg}`);
}
const groups = document.value.groups;
const binary = codegen();
mkdirSync(OUT, { recursive: true });
rmSync(join(OUT, "node_modules"), { force: true });
symlinkSync(MODULES, join(OUT, "node_modules"), "dir");
if (!existsSync(join(MODULES, "ajv"))) {
  throw new Error(`${MODULES} has no ajv: run npm ci in codegen/runtime/typescript`);
}

const generated = await generateAll(binary, Object.keys(groups));
const results = {};
for (const ident of Object.keys(groups)) {
  let outcome = generated[ident];
  if (outcome.generated) {
    try {
      const exports = await import(pathToFileURL(join(OUT, ident, "dist", "esm", "index.js")).href);
      const { parseSuite, serializeSuite } = exports;
      outcome.verdicts = groups[ident].cases.map((c) => read(parseSuite, serializeSuite, c.data));
    } catch (error) {
      outcome = { generated: true, crash: `import: ${error}` };
    }
  }
  results[ident] = outcome;
}
writeFileSync(join(REPO, "target", "suite", "typescript.json"), `${JSON.stringify(results, null, 1)}\n`);
