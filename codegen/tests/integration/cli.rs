//! Whole runs of the `codegen` binary: help, exit codes (0 ok, 1 drift, 2 error), messages.

use std::path::Path;
use std::process::{Command, Output};

use crate::repo_root;

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
fn help_is_complete() {
    let out = codegen(&["--help"], &repo_root());
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn check_of_the_checked_in_output_passes() {
    let out = codegen(&["--lang", "python", "--check"], &repo_root());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("generated/python is up to date"));
}

#[test]
fn write_then_check_then_drift() {
    let root = repo_root();
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out_str = out_dir.to_str().unwrap();
    let schema = "schema/v1.0";

    let check = codegen(
        &[
            "--lang", "python", "--schema", schema, "--out", out_str, "--check",
        ],
        &root,
    );
    assert_eq!(check.status.code(), Some(1), "a missing directory is drift");
    assert!(text(&check.stdout).contains("+++ b/"));

    let write = codegen(
        &["--lang", "python", "--schema", schema, "--out", out_str],
        &root,
    );
    assert_eq!(write.status.code(), Some(0), "{}", text(&write.stderr));
    // A package of the one version named (the layout of generated/python).
    assert!(out_dir.join("workflow_events/v1_0/models.py").is_file());

    let check = codegen(
        &[
            "--lang", "python", "--schema", schema, "--out", out_str, "--check",
        ],
        &root,
    );
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));

    let models = out_dir.join("workflow_events/v1_0/models.py");
    let edited = std::fs::read_to_string(&models)
        .unwrap()
        .replace("WORKFLOW_FAILED", "WORKFLOW_BROKEN");
    std::fs::write(&models, edited).unwrap();
    std::fs::write(out_dir.join("workflow_events/stale.py"), "x = 1\n").unwrap();
    std::fs::create_dir_all(out_dir.join("workflow_events/__pycache__")).unwrap();
    std::fs::write(
        out_dir.join("workflow_events/__pycache__/models.pyc"),
        "cache",
    )
    .unwrap();

    let check = codegen(
        &[
            "--lang", "python", "--schema", schema, "--out", out_str, "--check",
        ],
        &root,
    );
    assert_eq!(check.status.code(), Some(1));
    let diff = text(&check.stdout);
    assert!(
        diff.contains("-    WORKFLOW_BROKEN = \"workflow.failed\""),
        "{diff}"
    );
    assert!(
        diff.contains("+    WORKFLOW_FAILED = \"workflow.failed\""),
        "{diff}"
    );
    assert!(
        diff.contains("+++ /dev/null") && diff.contains("-x = 1"),
        "{diff}"
    );
    assert!(!diff.contains("__pycache__"));
    assert!(text(&check.stderr).contains("1 changed, 0 missing, 1 stale"));

    let write = codegen(
        &["--lang", "python", "--schema", schema, "--out", out_str],
        &root,
    );
    assert_eq!(write.status.code(), Some(0));
    assert!(!out_dir.join("workflow_events/stale.py").exists());
    assert!(out_dir
        .join("workflow_events/__pycache__/models.pyc")
        .exists());
    let check = codegen(
        &[
            "--lang", "python", "--schema", schema, "--out", out_str, "--check",
        ],
        &root,
    );
    assert_eq!(check.status.code(), Some(0));
}

#[test]
fn unsupported_schema_is_an_error_with_file_and_pointer() {
    let tmp = tempfile::tempdir().unwrap();
    let out = codegen(
        &[
            "--lang",
            "python",
            "--schema",
            "tests/fixtures/schemas/error_unsupported_format.json",
            "--out",
            tmp.path().to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(text(&out.stderr));
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn usage_errors_exit_2() {
    let root = repo_root();
    // (versions) without --lang codegen renders every language, so --out is a usage error.
    assert_eq!(codegen(&["--out", "x"], &root).status.code(), Some(2));
    assert_eq!(codegen(&["--lang", "cobol"], &root).status.code(), Some(2));
    let missing = codegen(&["--lang", "python", "--schema", "no/such/dir"], &root);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no/such/dir: no such file or directory"));
    let no_version = codegen(
        &[
            "--lang",
            "python",
            "--schema",
            "tests/fixtures/schemas/strings.json",
        ],
        &root,
    );
    assert_eq!(no_version.status.code(), Some(2));
    assert!(text(&no_version.stderr).contains("pass --out"));
}

#[test]
fn runs_from_a_subdirectory() {
    let out = codegen(
        &["--lang", "python", "--check"],
        &repo_root().join("codegen/src"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn invalid_json_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("broken.json");
    std::fs::write(&schema, "{\"title\": ").unwrap();
    let out = codegen(
        &[
            "--lang",
            "python",
            "--schema",
            schema.to_str().unwrap(),
            "--out",
            tmp.path().join("o").to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.json: not valid JSON"), "{stderr}");
}

#[test]
fn an_envelope_without_a_property_the_kafka_layout_reads_is_an_error_naming_it() {
    // v1.0 without `source`: the Kafka helpers could not write their `source` header.
    let root = repo_root();
    let schema_path = std::fs::read_dir(root.join("schema/v1.0"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".schema.json"))
        .expect("schema/v1.0 has its schema");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    schema["properties"]
        .as_object_mut()
        .unwrap()
        .remove("source");
    let required = schema["required"].as_array_mut().unwrap();
    required.retain(|name| name != "source");
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("no_source.json");
    std::fs::write(&file, serde_json::to_string_pretty(&schema).unwrap()).unwrap();
    for lang in ["typescript", "python"] {
        let out_dir = tmp.path().join(lang);
        let out = codegen(
            &[
                "--lang",
                lang,
                "--schema",
                file.to_str().unwrap(),
                "--out",
                out_dir.to_str().unwrap(),
            ],
            &root,
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{lang}: {stderr}");
        assert!(stderr.contains("no_source.json"), "{lang}: {stderr}");
        assert!(stderr.contains("`source`"), "{lang}: {stderr}");
        assert!(!out_dir.exists(), "{lang}: nothing written");
    }
}

#[test]
fn ir_prints_what_the_backends_read() {
    let out = codegen(&["ir", "schema/v1.1"], &repo_root());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let ir: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ir["version"], "1.1");
    assert_eq!(
        ir["envelope"]["key"]["path"],
        serde_json::json!(["workflow_run_id"])
    );
    assert_eq!(
        ir["types"][0]["name"],
        serde_json::json!(["workflow", "event"])
    );
    let refused = codegen(
        &["ir", "tests/fixtures/schemas/error_unsupported_format.json"],
        &repo_root(),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("tests/fixtures/schemas/error_unsupported_format.json#"));
}
