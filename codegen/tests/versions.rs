//! Schema versions as a whole: released versions are frozen (`schema/versions.lock`), the
//! compatibility policy (`schema/compat-policy.json`) holds, `codegen --check` covers every
//! language of every version, and the newcomer's flow of adding a version works end to end.
//!
//! (Every backend's output of every version is checked in under `generated/` and guarded by
//! `codegen --check`; the IR of every version is snapshotted by `integration/ir.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::compat::policy::{self, LockProblem};
use codegen::compat::Mode;
use serde_json::{json, Value};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn codegen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the codegen binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn released_versions_are_unchanged() {
    let root = repo_root();
    let problems = policy::check_lock(&root, &root.join("schema")).unwrap();
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(messages.is_empty(), "{}", messages.join("\n"));
    let lock = policy::read_lock(&root.join("schema")).unwrap();
    let dirs = policy::versions(&root.join("schema")).unwrap();
    assert_eq!(lock.entries.len(), dirs.len(), "every version is released");
}

#[test]
fn the_policy_holds_for_schema() {
    let root = repo_root();
    let p = policy::load_policy(&root.join("schema")).unwrap();
    assert_eq!(p.within_major, Mode::Backward);
    assert!(p.transitive);
    assert_eq!(p.across_major, Mode::None);
    assert_eq!(p.within_major_label(), "BACKWARD_TRANSITIVE");
    let report = policy::check(&root, &root.join("schema")).unwrap();
    assert!(report.ok(), "{}", report.render_text());
    // v1.1 against v1.0 at least.
    assert!(report
        .required
        .iter()
        .any(|r| r.report.old.contains("v1.0") && r.report.new.contains("v1.1")));
}

#[test]
fn codegen_check_without_lang_covers_every_language_and_version() {
    let root = repo_root();
    let out = codegen(&["--check"], &root);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}{}", text(&out.stdout));
    for dir in policy::versions(&root.join("schema")).unwrap() {
        for lang in ["rust", "docs", "asyncapi"] {
            let shown = format!("generated/v{}/{lang} is up to date", dir.version);
            assert!(stderr.contains(&shown), "missing `{shown}` in\n{stderr}");
        }
    }
    // Python and TypeScript: one package of every version each.
    for lang in ["python", "typescript"] {
        let shown = format!("generated/{lang} is up to date");
        assert!(stderr.contains(&shown), "missing `{shown}` in\n{stderr}");
    }
    let gate = codegen(&["check"], &root);
    assert_eq!(gate.status.code(), Some(0), "{}", text(&gate.stdout));
}

// ----- the newcomer's flow, in a copy of schema/ ---------------------------------------------

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn write_version(dir: &Path, version: &str, schema: &Value) {
    let d = dir.join(format!("schema/v{version}"));
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("workflow_event.schema.json"),
        serde_json::to_string_pretty(schema).unwrap() + "\n",
    )
    .unwrap();
}

/// v1.1 with `$id`, the version default and `f` applied.
fn next_version(project: &Path, version: &str, f: impl FnOnce(&mut Value)) -> Value {
    let mut s = read_json(&project.join("schema/v1.1/workflow_event.schema.json"));
    s["$id"] = json!(format!(
        "https://workflow-events.dev/schema/v{version}/workflow_event.schema.json"
    ));
    s["$defs"]["WorkflowEventMetadata"]["properties"]["version"]["default"] = json!(version);
    f(&mut s);
    s
}

#[test]
fn a_newcomer_adds_versions_and_ci_catches_mistakes() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path();
    copy_dir(&repo_root().join("schema"), &project.join("schema"));
    let lock_before = std::fs::read_to_string(project.join("schema/versions.lock")).unwrap();

    // 1. A compatible v1.2: `codegen new-version 1.2` copies v1.1 with the version bumped
    // (the schema keeps its formatting but for `$id` and the version default; every example
    // and counterexample says 1.2), then the newcomer adds an optional `tenant`.
    let created = codegen(&["new-version", "1.2"], project);
    assert_eq!(created.status.code(), Some(0), "{}", text(&created.stderr));
    let v11_text =
        std::fs::read_to_string(project.join("schema/v1.1/workflow_event.schema.json")).unwrap();
    let v12_path = project.join("schema/v1.2/workflow_event.schema.json");
    assert_eq!(
        std::fs::read_to_string(&v12_path).unwrap(),
        v11_text
            .replace("/schema/v1.1/", "/schema/v1.2/")
            .replace("\"default\": \"1.1\"", "\"default\": \"1.2\"")
    );
    let example = read_json(&project.join("schema/v1.2/examples/cancelled.json"));
    assert_eq!(example["metadata"]["version"], json!("1.2"));
    let counter =
        std::fs::read_to_string(project.join("schema/v1.2/counterexamples/infinity_literal.json"))
            .unwrap();
    assert!(counter.contains(r#"\"version\":\"1.2\""#), "{counter}");
    let again = codegen(&["new-version", "1.2"], project);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("v1.2: already exists"));
    let older = codegen(&["new-version", "1.1.5"], project);
    assert_eq!(older.status.code(), Some(2));
    let mut v12 = read_json(&v12_path);
    v12["properties"]["tenant"] =
        json!({"description": "Owning tenant", "type": "string", "minLength": 1});
    write_version(project, "1.2", &v12);
    // Inside the project `compat` reads the project's policy (writers-closed) and says so in
    // its first line: compatible. The registry's literal reading (an old producer may have
    // sent `tenant` with any value) calls it BACKWARD-breaking.
    let compat = codegen(&["compat", "schema/v1.1", "schema/v1.2"], project);
    assert_eq!(compat.status.code(), Some(0), "{}", text(&compat.stdout));
    let out = text(&compat.stdout);
    assert_eq!(
        out.lines().next(),
        Some("content model: writers-closed (the project's policy, schema/compat-policy.json)"),
        "{out}"
    );
    assert!(out.contains("property_added"));
    let strict = ["--content-model", "strict"];
    let literal = codegen(
        &[&["compat", "schema/v1.1", "schema/v1.2"][..], &strict[..]].concat(),
        project,
    );
    assert_eq!(literal.status.code(), Some(1), "{}", text(&literal.stdout));
    assert_eq!(
        text(&literal.stdout).lines().next(),
        Some("content model: strict (--content-model)")
    );
    let json_out = codegen(
        &["compat", "schema/v1.1", "schema/v1.2", "--format", "json"],
        project,
    );
    let report: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    assert_eq!(
        (
            report["backward"].clone(),
            report["forward"].clone(),
            report["full"].clone()
        ),
        (json!(true), json!(true), json!(true))
    );

    // Not frozen yet: CI says so; `freeze` records it; then CI passes.
    let check = codegen(&["check"], project);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        text(&check.stdout).contains("schema v1.2 is not frozen"),
        "{}",
        text(&check.stdout)
    );
    let freeze = codegen(&["freeze"], project);
    assert_eq!(
        freeze.status.code(),
        Some(0),
        "{}{}",
        text(&freeze.stdout),
        text(&freeze.stderr)
    );
    let lock = std::fs::read_to_string(project.join("schema/versions.lock")).unwrap();
    assert!(
        lock.starts_with(&lock_before),
        "released entries never change"
    );
    assert!(lock.contains("v1.2 sha256:"));
    assert_eq!(codegen(&["check"], project).status.code(), Some(0));

    // Regenerate every language for it; the drift check then passes.
    let gen = codegen(&[], project);
    assert_eq!(gen.status.code(), Some(0), "{}", text(&gen.stderr));
    assert!(project.join("generated/v1.2/docs").is_dir());
    assert!(project
        .join("generated/python/workflow_events/v1_2/models.py")
        .is_file());
    assert!(project
        .join("generated/typescript/src/v1_2/models.ts")
        .is_file());
    let docs =
        std::fs::read_to_string(project.join("generated/v1.2/docs/workflow_event.md")).unwrap();
    assert!(docs.contains("| `tenant` |"), "{docs}");
    assert!(docs.contains("Compared with v1.1"));
    assert_eq!(codegen(&["--check"], project).status.code(), Some(0));

    // 2. An in-place edit of a released version fails CI with instructions.
    let v10 = project.join("schema/v1.0/workflow_event.schema.json");
    let original = std::fs::read_to_string(&v10).unwrap();
    std::fs::write(
        &v10,
        original.replace("Unique identifier for the event", "The event's id"),
    )
    .unwrap();
    let check = codegen(&["check"], project);
    assert_eq!(check.status.code(), Some(1));
    let out = text(&check.stdout);
    assert!(
        out.contains(
            "schema/v1.0/workflow_event.schema.json: schema v1.0 was released and must not change"
        ),
        "{out}"
    );
    assert!(out.contains("new version directory"), "{out}");
    assert_eq!(
        codegen(&["freeze"], project).status.code(),
        Some(1),
        "freeze refuses too"
    );
    std::fs::write(&v10, &original).unwrap();

    // 3. An incompatible v1.3 (an event type removed): compat, check and freeze all refuse.
    let v13 = next_version(project, "1.3", |s| {
        s["properties"]["tenant"] = json!({"type": "string", "minLength": 1});
        s["$defs"]["EventType"]["enum"] = json!([
            "workflow.triggered",
            "workflow.completed",
            "workflow.cancelled"
        ]);
    });
    write_version(project, "1.3", &v13);
    let compat = codegen(&["compat", "schema/v1.2", "schema/v1.3"], project);
    assert_eq!(compat.status.code(), Some(1));
    assert!(text(&compat.stdout).contains("enum_value_removed"));
    assert!(
        text(&compat.stdout).contains("\"event_type\":\"workflow.failed\""),
        "a witness"
    );
    let transitive = codegen(
        &[
            "compat",
            "schema/v1.0",
            "schema/v1.3",
            "--transitive",
            "--format",
            "json",
        ],
        project,
    );
    assert_eq!(transitive.status.code(), Some(1));
    let t: Value = serde_json::from_slice(&transitive.stdout).unwrap();
    assert_eq!(t["comparisons"].as_array().unwrap().len(), 3);
    assert_eq!(t["backward"], json!(false));
    let check = codegen(&["check"], project);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stdout).contains("FAIL schema/v1.2/workflow_event.schema.json → schema/v1.3/workflow_event.schema.json: BACKWARD does not hold"), "{}", text(&check.stdout));
    let lock_before_freeze = std::fs::read_to_string(project.join("schema/versions.lock")).unwrap();
    assert_eq!(codegen(&["freeze"], project).status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(project.join("schema/versions.lock")).unwrap(),
        lock_before_freeze
    );
    std::fs::remove_dir_all(project.join("schema/v1.3")).unwrap();

    // 4. The same break as a new major is allowed by the policy.
    let v20 = next_version(project, "2.0", |s| {
        s["$defs"]["EventType"]["enum"] = json!([
            "workflow.triggered",
            "workflow.completed",
            "workflow.cancelled"
        ]);
    });
    write_version(project, "2.0", &v20);
    assert_eq!(codegen(&["freeze"], project).status.code(), Some(0));
    let check = codegen(&["check"], project);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));

    // 5. Usage errors exit 2.
    assert_eq!(
        codegen(&["compat", "schema/v1.0"], project).status.code(),
        Some(2)
    );
    assert_eq!(
        codegen(&["compat", "schema/v1.0", "schema/v9.9"], project)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn lock_problems_name_the_file_and_the_fix() {
    let changed = LockProblem::Changed {
        version: "1.0".into(),
        file: "schema/v1.0/workflow_event.schema.json".into(),
        locked: "aa".into(),
        actual: "bb".into(),
    };
    let msg = changed.to_string();
    assert!(msg.starts_with("schema/v1.0/workflow_event.schema.json: "));
    assert!(msg.contains("copy schema/v1.0/ to the next version"));
    assert_eq!(
        policy::sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
