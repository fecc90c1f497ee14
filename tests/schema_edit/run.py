"""The schema-edit scenario, end to end, in a scratch copy of the project.

A user copies the newest schema version to a new major version and edits only ``schema/``: a new
required property (``tenant_id``, a non-empty string), a new enum value (``EventSource``
``dagster``), a new nested object (``retry_policy``) and an optional nullable property
(``owner``), with examples and counterexamples of the new version. Then, with no edit outside
``schema/``:

1. ``codegen`` adds the new version to the Python and TypeScript packages that hold every
   version (``generated/python``: ``workflow_events.v<N>_0``, the root re-exporting it;
   ``generated/typescript``: ``src/v<N>_0``, the root and ``workflow-events/v<N>.0``);
2. ``cargo test --test corpus`` runs the new version's corpus through the Rust types build.rs
   generated (``for_each_version!`` picks the version up);
3. the same event is constructed in Rust (the generated ``new`` with the new argument and the
   setters), Python and TypeScript, and all three write exactly the expected bytes; each
   language reads the others' bytes back to the same bytes;
4. the new version's corpus (examples → canonical bytes, counterexamples → error type/loc) runs
   through the generated Python and TypeScript packages;
5. the seed-shaped six-argument ``WorkflowEvent::new`` no longer compiles against the new root
   (rustc error E0061), instead of failing at run time;
6. an event of each version (1.0, 1.1 and the new one) is read by each language's
   ``parse_any`` / ``parseAny``: all three choose the version the event declares and write the
   same bytes, and an event of an unknown major is ``unknown_version`` in all three.

Run by ``scripts/test`` with the project's ``.venv`` Python; the scratch copy and its Cargo
target directory live under ``target/schema-edit/``.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "target" / "schema-edit"
WORK = BASE / "work"
TSC = REPO / "tests" / "typescript" / "node_modules" / ".bin" / "tsc"

EVENT_ID = "0b7f2c1e-3d4a-4b5c-8d6e-7f8091a2b3c4"
TIMESTAMP = "2026-01-02T03:04:05Z"


def run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(cmd), flush=True)
    result = subprocess.run(
        cmd, check=False, cwd=cwd, env=env, text=True, capture_output=True
    )
    if check and result.returncode != 0:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        raise SystemExit(
            f"schema-edit: `{' '.join(cmd)}` failed with exit code {result.returncode}"
        )
    return result


def versions(root: Path) -> list[tuple[int, int]]:
    found = []
    for p in (root / "schema").iterdir():
        m = re.fullmatch(r"v([0-9]+)\.([0-9]+)", p.name)
        if p.is_dir() and m:
            found.append((int(m[1]), int(m[2])))
    return sorted(found)


def scratch_copy() -> None:
    """The project's files (tracked and untracked-but-not-ignored) as they are in the work tree."""
    if WORK.exists():
        shutil.rmtree(WORK)
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            target = WORK / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def insert_after(
    properties: dict[str, Any], after: str, name: str, schema: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in properties.items():
        out[key] = value
        if key == after:
            out[name] = schema
    if name not in out:
        out[name] = schema
    return out


def edit_schema(old: str, new: str) -> dict[str, Any]:
    """What the user writes in schema/v<new>/: the newest schema plus four changes."""
    schema: dict[str, Any] = json.loads(
        (WORK / "schema" / f"v{old}" / "workflow_event.schema.json").read_text()
    )
    schema = copy.deepcopy(schema)
    schema["$id"] = schema["$id"].replace(f"/v{old}/", f"/v{new}/")
    props = schema["properties"]
    props = insert_after(
        props,
        "workflow_run_id",
        "tenant_id",
        {
            "description": "Tenant that owns the workflow",
            "type": "string",
            "minLength": 1,
        },
    )
    last_optional = [k for k in props if k not in ("payload", "metadata")][-1]
    props = insert_after(
        props,
        last_optional,
        "retry_policy",
        {
            "description": "How the run is retried",
            "type": "object",
            "required": ["max_attempts"],
            "properties": {
                "max_attempts": {"type": "integer", "minimum": 1},
                "backoff": {"type": "string", "enum": ["fixed", "exponential"]},
            },
        },
    )
    props = insert_after(
        props,
        "retry_policy",
        "owner",
        {
            "description": "Team that owns the run, or null when nobody does",
            "type": ["string", "null"],
        },
    )
    schema["properties"] = props
    schema["required"] = schema["required"] + ["tenant_id"]
    schema["$defs"]["EventSource"]["enum"].append("dagster")
    schema["$defs"]["WorkflowEventMetadata"]["properties"]["version"]["default"] = new
    return schema


def event(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_id": EVENT_ID,
        "event_type": "workflow.completed",
        "timestamp": TIMESTAMP,
        "source": "dagster",
        "workflow_id": "dag_x",
        "workflow_run_id": "run_1",
        "tenant_id": "tenant-a",
        "retry_policy": {"max_attempts": 3},
        "owner": None,
        "payload": {"data": {"rows": 3, "ratio": 0.5}},
        "metadata": {"environment": "prod", "version": "2.0"},
    }
    for key, value in changes.items():
        if value is ...:
            base.pop(key)
        else:
            base[key] = value
    return base


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def expected_bytes(version: str) -> str:
    return compact(event(metadata={"environment": "prod", "version": version}))


def write_corpus(version: str) -> None:
    """Examples with their canonical bytes, counterexamples with their errors."""
    vdir = WORK / "schema" / f"v{version}"
    for sub in ("examples", "counterexamples"):
        if (vdir / sub).exists():
            shutil.rmtree(vdir / sub)
    (vdir / "examples" / "canonical").mkdir(parents=True)
    (vdir / "counterexamples").mkdir()
    meta = {"environment": "prod", "version": version}
    examples = {
        "full": (event(metadata=meta), event(metadata=meta)),
        "owner_absent_stays_absent": (
            event(metadata=meta, owner=...),
            event(metadata=meta, owner=...),
        ),
        "owner_given": (
            event(metadata=meta, owner="team-data"),
            event(metadata=meta, owner="team-data"),
        ),
        "retry_policy_full": (
            event(
                metadata=meta,
                retry_policy={"backoff": "exponential", "max_attempts": 5},
            ),
            event(
                metadata=meta,
                retry_policy={"max_attempts": 5, "backoff": "exponential"},
            ),
        ),
        "version_defaulted": (
            event(metadata={"environment": "dev"}, retry_policy=..., owner=...),
            event(
                metadata={"environment": "dev", "version": version},
                retry_policy=...,
                owner=...,
            ),
        ),
    }
    for name, (instance, canonical) in examples.items():
        (vdir / "examples" / f"{name}.json").write_text(
            json.dumps(instance, indent=2) + "\n"
        )
        (vdir / "examples" / "canonical" / f"{name}.json").write_text(
            compact(canonical) + "\n"
        )
    counterexamples = {
        "tenant_id_missing": (
            event(metadata=meta, tenant_id=...),
            [("missing", ["tenant_id"])],
        ),
        "tenant_id_empty": (
            event(metadata=meta, tenant_id=""),
            [("string_too_short", ["tenant_id"])],
        ),
        "source_unknown": (
            event(metadata=meta, source="prefect"),
            [("enum", ["source"])],
        ),
        "max_attempts_zero": (
            event(metadata=meta, retry_policy={"max_attempts": 0}),
            [("greater_than_equal", ["retry_policy", "max_attempts"])],
        ),
        "retry_policy_missing_max_attempts": (
            event(metadata=meta, retry_policy={"backoff": "fixed"}),
            [("missing", ["retry_policy", "max_attempts"])],
        ),
        "owner_not_string": (
            event(metadata=meta, owner=5),
            [("string_type", ["owner"])],
        ),
    }
    for name, (instance, errors) in counterexamples.items():
        body = {
            "description": name.replace("_", " "),
            "instance": instance,
            "errors": [{"type": t, "loc": loc} for t, loc in errors],
        }
        (vdir / "counterexamples" / f"{name}.json").write_text(
            json.dumps(body, indent=2) + "\n"
        )


RUST_CONSTRUCT = """//! Written by tests/schema_edit/run.py in its scratch copy: constructs the new version's event.
use workflow_events::{EventSource, EventType, WorkflowEvent, WorkflowEventMetadata, WorkflowEventPayload, WorkflowEventRetryPolicy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `max_attempts` has no upper bound: an exact integer (`crate::Integer`), from any integer.
    let retry = WorkflowEventRetryPolicy::new(3)?;
    let mut event = WorkflowEvent::new(
        EventType::WorkflowCompleted,
        EventSource::Dagster,
        "dag_x",
        "run_1",
        "tenant-a",
        WorkflowEventPayload::new(serde_json::json!({"rows": 3, "ratio": 0.5}))?,
        WorkflowEventMetadata::new("prod")?,
    )?
    .with_retry_policy(retry)
    .with_owner(None);
    event.event_id = "EVENT_ID".parse()?;
    event.timestamp = "TIMESTAMP".parse()?;
    println!("{}", event.to_json());
    // Reads every line of stdin (bytes written by the other languages) and writes it back; with
    // PARSE_ANY set, through parse_any: `<version> <json>` or `error <type>`.
    let any = std::env::var_os("PARSE_ANY").is_some();
    for line in std::io::stdin().lines() {
        let line = line?;
        if line.is_empty() {
            continue;
        }
        if !any {
            println!("{}", WorkflowEvent::from_json(&line)?.to_json());
            continue;
        }
        match workflow_events::parse_any(line.as_bytes()) {
            Ok(event) => println!("{} {}", event.version(), event.to_json()),
            Err(workflow_events::ReadError::UnknownVersion(_)) => println!("error unknown_version"),
            Err(workflow_events::ReadError::Invalid { errors, .. }) => {
                println!("error {}", errors.errors()[0].error_type)
            }
        }
    }
    Ok(())
}
"""

RUST_OLD_CALL = """//! Written by tests/schema_edit/run.py: the seed-shaped call of v1.x, which must not compile
//! against a root version with a new required property.
use workflow_events::{EventSource, EventType, WorkflowEvent, WorkflowEventMetadata, WorkflowEventPayload};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let event = WorkflowEvent::new(
        EventType::WorkflowCompleted,
        EventSource::Airflow,
        "dag_x",
        "run_1",
        WorkflowEventPayload::new(serde_json::json!({}))?,
        WorkflowEventMetadata::new("dev")?,
    );
    println!("{event:?}");
    Ok(())
}
"""

TS_DRIVER = """// Written by tests/schema_edit/run.py: constructs the event, writes it, reads stdin lines back,
// then runs the corpus given as argv[2] (a JSON file).
import { readFileSync } from "node:fs";
import * as m from "./index.js";

const out = [];
const event = m.createWorkflowEvent({
  event_id: "EVENT_ID",
  timestamp: "TIMESTAMP",
  event_type: m.EventType.WORKFLOW_COMPLETED,
  source: m.EventSource.DAGSTER,
  workflow_id: "dag_x",
  workflow_run_id: "run_1",
  tenant_id: "tenant-a",
  retry_policy: { max_attempts: 3 },
  owner: null,
  payload: { data: { rows: 3, ratio: 0.5 } },
  metadata: { environment: "prod" },
});
out.push(m.serializeWorkflowEvent(event));
const input = readFileSync(0, "utf8");
for (const line of input.split("\\n")) {
  if (line === "") continue;
  const r = m.parseWorkflowEvent(line);
  if (!r.ok) throw new Error("TypeScript rejected " + line + ": " + JSON.stringify(r.errors));
  out.push(m.serializeWorkflowEvent(r.value));
}
const corpus = JSON.parse(readFileSync(process.argv[2], "utf8"));
const answers = {};
for (const [name, text] of Object.entries(corpus)) {
  const r = m.parseWorkflowEvent(text);
  answers[name] = r.ok ? { ok: m.serializeWorkflowEvent(r.value) } : { errors: r.errors.map((e) => ({ type: e.type, loc: e.loc })) };
}
out.push(JSON.stringify(answers));
// parseAny of every line of argv[3]: `<version> <json>` or `error <type>`.
for (const line of readFileSync(process.argv[3], "utf8").split("\\n")) {
  if (line === "") continue;
  const r = m.parseAny(line);
  out.push(r.ok ? `${r.value.version} ${m.serializeAny(r.value)}` : `error ${r.errors[0].type}`);
}
process.stdout.write(out.join("\\n") + "\\n");
"""


def load_python() -> ModuleType:
    """The scratch copy's ``generated/python`` package (every version), imported under its own
    name (its imports are relative), beside the project's installed one."""
    init = WORK / "generated" / "python" / "workflow_events" / "__init__.py"
    name = "workflow_events_schema_edit"
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(init.parent)]
    )
    assert spec is not None and spec.loader is not None, init
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def corpus(
    version: str,
) -> tuple[dict[str, str], dict[str, str], dict[str, list[dict[str, Any]]]]:
    vdir = WORK / "schema" / f"v{version}"
    inputs: dict[str, str] = {}
    canonical: dict[str, str] = {}
    errors: dict[str, list[dict[str, Any]]] = {}
    for p in sorted((vdir / "examples").glob("*.json")):
        inputs[p.stem] = p.read_text()
        canonical[p.stem] = (
            (vdir / "examples" / "canonical" / p.name).read_text().removesuffix("\n")
        )
    for p in sorted((vdir / "counterexamples").glob("*.json")):
        body = json.loads(p.read_text())
        inputs["x_" + p.stem] = json.dumps(body["instance"])
        errors["x_" + p.stem] = body["errors"]
    return inputs, canonical, errors


def main() -> None:
    BASE.mkdir(parents=True, exist_ok=True)
    scratch_copy()
    newest = versions(WORK)[-1]
    old, new = f"{newest[0]}.{newest[1]}", f"{newest[0] + 1}.0"
    module = f"v{newest[0] + 1}_0"
    print(f"schema-edit: schema/v{old} -> schema/v{new} in {WORK}")
    (WORK / "schema" / f"v{new}").mkdir()
    (WORK / "schema" / f"v{new}" / "workflow_event.schema.json").write_text(
        json.dumps(edit_schema(old, new), indent=2) + "\n"
    )
    write_corpus(new)
    expected = expected_bytes(new)

    env = dict(os.environ, CARGO_TARGET_DIR=str(BASE / "target"))
    env.pop(
        "CI", None
    )  # insta: the scratch copy's own runs may not touch snapshots anyway
    run(["cargo", "run", "--quiet", "-p", "codegen", "--"], WORK, env)
    for path in (
        WORK / "generated" / "python" / "workflow_events" / module / "models.py",
        WORK / "generated" / "typescript" / "src" / module / "models.ts",
        WORK / "generated" / f"v{new}" / "docs" / "workflow_event.md",
    ):
        assert path.is_file(), f"codegen wrote no {path.relative_to(WORK)}"
    package_json = json.loads((WORK / "generated" / "typescript" / "package.json").read_text())
    assert f"./v{new}" in package_json["exports"], package_json["exports"]
    assert package_json["version"].startswith(f"{new}."), package_json["version"]

    tests = run(
        ["cargo", "test", "--quiet", "--test", "corpus", "--", module], WORK, env
    ).stdout
    ran = re.search(r"test result: ok\. ([0-9]+) passed", tests)
    assert ran and int(ran[1]) == 2, (
        f"the Rust corpus tests of {module} did not run:\n{tests}"
    )
    print(f"rust: corpus of v{new}: {ran[1]} tests passed")

    (WORK / "examples" / "schema_edit_construct.rs").write_text(
        RUST_CONSTRUCT.replace("EVENT_ID", EVENT_ID).replace("TIMESTAMP", TIMESTAMP)
    )
    (WORK / "examples" / "schema_edit_old_call.rs").write_text(RUST_OLD_CALL)

    # Python: construct, write.
    py = load_python()
    assert py.SCHEMA_VERSION == new and py.SCHEMA_VERSIONS[-1] == new, py.SCHEMA_VERSIONS
    retry_cls = py.WorkflowEventRetryPolicy
    py_event = py.WorkflowEvent(
        event_id=EVENT_ID,
        timestamp=TIMESTAMP,
        event_type=py.EventType.WORKFLOW_COMPLETED,
        source=py.EventSource.DAGSTER,
        workflow_id="dag_x",
        workflow_run_id="run_1",
        tenant_id="tenant-a",
        retry_policy=retry_cls(max_attempts=3),
        owner=None,
        payload=py.WorkflowEventPayload(data={"rows": 3, "ratio": 0.5}),
        metadata=py.WorkflowEventMetadata(environment="prod"),
    )
    py_bytes = py_event.model_dump_json()

    # TypeScript: compile the generated package (strict tsconfig) and run the driver.
    dist = BASE / "ts-dist"
    if dist.exists():
        shutil.rmtree(dist)
    run(
        [
            str(TSC),
            "-p",
            str(WORK / "generated" / "typescript" / "tsconfig.json"),
            "--outDir",
            str(dist),
        ],
        WORK,
    )
    (dist / "package.json").write_text('{ "type": "module" }\n')
    (dist / "driver.mjs").write_text(
        TS_DRIVER.replace("EVENT_ID", EVENT_ID).replace("TIMESTAMP", TIMESTAMP)
    )
    inputs, canonical, errors = corpus(new)
    (BASE / "corpus.json").write_text(json.dumps(inputs))
    # One event of every version (each version's first canonical example, and the new one),
    # and one of an unknown major, for parse_any in the three languages.
    any_inputs = [
        (WORK / "schema" / f"v{v[0]}.{v[1]}" / "examples" / "canonical" / name)
        .read_text()
        .removesuffix("\n")
        for v in versions(WORK)[:-1]
        for name in sorted(
            p.name
            for p in (WORK / "schema" / f"v{v[0]}.{v[1]}" / "examples" / "canonical").glob("*.json")
        )[:1]
    ] + [expected, expected.replace(f'"version":"{new}"', f'"version":"{newest[0] + 9}.0"')]
    (BASE / "any.txt").write_text("\n".join(any_inputs) + "\n")

    rust = run(
        ["cargo", "run", "--quiet", "--example", "schema_edit_construct"], WORK, env
    ).stdout
    rust_bytes = rust.splitlines()[0]
    ts_out = subprocess.run(
        ["node", str(dist / "driver.mjs"), str(BASE / "corpus.json"), str(BASE / "any.txt")],
        check=False,
        input=py_bytes + "\n" + rust_bytes + "\n",
        text=True,
        capture_output=True,
    )
    if ts_out.returncode != 0:
        raise SystemExit(f"schema-edit: the TypeScript driver failed:\n{ts_out.stderr}")
    ts_lines = ts_out.stdout.splitlines()
    ts_bytes = ts_lines[0]

    failures: list[str] = []
    for lang, got in (
        ("rust", rust_bytes),
        ("python", py_bytes),
        ("typescript", ts_bytes),
    ):
        if got != expected:
            failures.append(
                f"{lang} constructed and wrote\n  {got}\nexpected\n  {expected}"
            )
    # Each language reads the others' bytes back to the same bytes.
    rust_reads = subprocess.run(
        [str(BASE / "target" / "debug" / "examples" / "schema_edit_construct")],
        check=False,
        input=py_bytes + "\n" + ts_bytes + "\n",
        text=True,
        capture_output=True,
    )
    if rust_reads.returncode != 0:
        failures.append(f"rust could not read the others' bytes: {rust_reads.stderr}")
    else:
        for got in rust_reads.stdout.splitlines()[1:]:
            if got != expected:
                failures.append(f"rust read and wrote back {got}")
    for got in ts_lines[1:3]:
        if got != expected:
            failures.append(f"typescript read and wrote back {got}")
    for text in (rust_bytes, ts_bytes):
        got = py.WorkflowEvent.model_validate_json(text).model_dump_json()
        if got != expected:
            failures.append(f"python read and wrote back {got}")

    # The new version's corpus through Python and TypeScript.
    ts_answers = json.loads(ts_lines[3])
    for name, text in inputs.items():
        try:
            py_answer: dict[str, Any] = {
                "ok": py.WorkflowEvent.model_validate_json(text).model_dump_json()
            }
        except pydantic.ValidationError as e:
            py_answer = {
                "errors": [
                    {"type": d["type"], "loc": list(d["loc"])} for d in e.errors()
                ]
            }
        want = (
            {"ok": canonical[name]} if name in canonical else {"errors": errors[name]}
        )
        for lang, answer in (("python", py_answer), ("typescript", ts_answers[name])):
            if answer != want:
                failures.append(f"{lang}: corpus case {name}: {answer} != {want}")

    # Every version's event through parse_any in the three languages: the same answers, each
    # the version the event declares (the unknown major: unknown_version).
    rust_any = subprocess.run(
        [str(BASE / "target" / "debug" / "examples" / "schema_edit_construct")],
        check=False,
        input="\n".join(any_inputs) + "\n",
        text=True,
        capture_output=True,
        env=dict(os.environ, PARSE_ANY="1"),
    )
    if rust_any.returncode != 0:
        failures.append(f"rust parse_any failed: {rust_any.stderr}")
    py_any = []
    for text in any_inputs:
        try:
            event = py.parse_any(text)
            py_any.append(f"{py.version_of(event)} {event.model_dump_json()}")
        except pydantic.ValidationError as e:
            py_any.append(f"error {e.errors()[0]['type']}")
    want_any = [
        f"{json.loads(text)['metadata']['version']} {text}" for text in any_inputs[:-1]
    ] + ["error unknown_version"]
    for lang, got_any in (
        ("rust", rust_any.stdout.splitlines()[1:]),
        ("python", py_any),
        ("typescript", ts_lines[4:]),
    ):
        if got_any != want_any:
            failures.append(f"{lang} parse_any answered\n  {got_any}\nexpected\n  {want_any}")
    print(
        f"parse_any: {len(any_inputs)} events of {', '.join(f'{a}.{b}' for a, b in versions(WORK))} "
        "and an unknown major, the same answer in Rust, Python and TypeScript"
    )

    # The old, seed-shaped call must be a compile error now, not a run-time failure.
    old_call = run(
        ["cargo", "build", "--quiet", "--example", "schema_edit_old_call"],
        WORK,
        env,
        check=False,
    )
    if old_call.returncode == 0:
        failures.append(
            "the six-argument WorkflowEvent::new still compiles against the new root"
        )
    elif "E0061" not in old_call.stderr:
        failures.append(
            f"the six-argument call failed to build, but not with E0061:\n{old_call.stderr[-2000:]}"
        )
    else:
        print(
            "rust: the six-argument WorkflowEvent::new is a compile error (E0061) against the new root"
        )

    print(
        f"schema-edit: {len(inputs)} corpus cases in Python and TypeScript, 3 languages constructing, 3x2 cross-reads"
    )
    if failures:
        print("\n".join(failures))
        raise SystemExit(f"schema-edit: {len(failures)} failures")
    print("schema-edit: 1 passed, 0 failed")


if __name__ == "__main__":
    main()
