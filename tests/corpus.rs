//! The shared corpus of every schema version: `examples/` must round-trip to the canonical
//! bytes, `counterexamples/` must fail with exactly the expected errors.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// `(name, contents)` of every `*.json` file directly in `dir`, sorted by name.
fn json_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                text,
            )
        })
        .collect()
}

fn version_dir(version: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(format!("v{version}"))
}

/// The corpus tests of one version module.
macro_rules! corpus_tests {
    ($module:ident) => {
        mod $module {
            use super::*;
            use workflow_events::$module::{WorkflowEvent, VERSION};

            #[test]
            fn every_example_round_trips_to_its_canonical_bytes() {
                let dir = version_dir(VERSION).join("examples");
                let examples = json_files(&dir);
                assert!(!examples.is_empty(), "no examples in {}", dir.display());
                for (name, text) in examples {
                    let canonical = fs::read_to_string(dir.join("canonical").join(&name))
                        .unwrap_or_else(|e| panic!("canonical/{name}: {e}"));
                    let expected = canonical.strip_suffix('\n').unwrap_or_else(|| panic!("canonical/{name}: no final newline"));
                    let event = WorkflowEvent::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(event.to_json(), expected, "{name}");
                    // Canonical output reads back to the same event and the same bytes.
                    let again = WorkflowEvent::from_json(expected).unwrap_or_else(|e| panic!("canonical/{name}: {e}"));
                    assert_eq!(again, event, "{name}");
                    assert_eq!(again.to_json(), expected, "{name}");
                    // The other entry points agree.
                    assert_eq!(WorkflowEvent::from_slice(text.as_bytes()).as_ref(), Ok(&event), "{name}");
                    let value: Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(WorkflowEvent::from_value(value).as_ref(), Ok(&event), "{name}");
                    let dumped: Value = serde_json::from_str(expected).unwrap();
                    assert_eq!(event.to_value(), dumped, "{name}");
                }
            }

            #[test]
            fn every_counterexample_fails_with_exactly_its_errors() {
                let dir = version_dir(VERSION).join("counterexamples");
                let cases = json_files(&dir);
                assert!(!cases.is_empty(), "no counterexamples in {}", dir.display());
                let mut failures = Vec::new();
                for (name, text) in cases {
                    let case: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                    let input = match (case.get("instance"), case.get("raw")) {
                        (Some(instance), None) => serde_json::to_string(instance).unwrap(),
                        (None, Some(Value::String(raw))) => raw.clone(),
                        _ => panic!("{name}: needs exactly one of instance or raw (a string)"),
                    };
                    let expected: Vec<Value> = case["errors"]
                        .as_array()
                        .unwrap_or_else(|| panic!("{name}: no errors list"))
                        .iter()
                        .map(|e| serde_json::json!({"type": e["type"], "loc": e["loc"]}))
                        .collect();
                    let actual: Vec<Value> = match WorkflowEvent::from_json(&input) {
                        Ok(event) => {
                            failures.push(format!("{name}: accepted as {}", event.to_json()));
                            continue;
                        }
                        Err(errors) => errors
                            .errors()
                            .iter()
                            .map(|e| serde_json::json!({"type": e.error_type, "loc": e.loc}))
                            .collect(),
                    };
                    if actual != expected {
                        failures.push(format!(
                            "{name}:\n  expected {}\n  actual   {}",
                            Value::from(expected),
                            Value::from(actual)
                        ));
                    }
                }
                assert!(failures.is_empty(), "{}", failures.join("\n"));
            }
        }
    };
}

// One block per schema/v*/ directory, from the list build.rs generates.
workflow_events::for_each_version!(corpus_tests);
