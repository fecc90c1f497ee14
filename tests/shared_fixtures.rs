//! The shared fixtures (`tests/fixtures/schemas/*.json` but `error_*`, built by the `fixtures`
//! feature) against the same instance files as Python and TypeScript
//! (`tests/fixtures/instances/<stem>/`): every `valid.json` case is accepted and written back
//! stably, every `invalid.json` case is refused, and where they exist, every `roundtrip.json`
//! case is written as pydantic writes it and every `errors.json` case is refused with exactly
//! the pinned `{type, loc}` list (taken from pydantic).

use std::path::Path;

use serde_json::Value;
use workflow_events::fixtures;

fn instances(stem: &str, kind: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/instances")
        .join(stem)
        .join(format!("{kind}.json"))
}

/// The cases of `<stem>/<kind>.json`; the file must exist.
fn cases(stem: &str, kind: &str) -> serde_json::Map<String, Value> {
    let path = instances(stem, kind);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())) {
        Value::Object(map) => map,
        _ => panic!("{}: not an object", path.display()),
    }
}

fn loc_json(loc: &[workflow_events::LocItem]) -> Value {
    serde_json::to_value(loc).expect("loc serializes")
}

/// The cases of `<stem>/<kind>.json` if the fixture has that file (none otherwise).
fn optional_cases(stem: &str, kind: &str) -> serde_json::Map<String, Value> {
    if instances(stem, kind).is_file() {
        let found = cases(stem, kind);
        assert!(!found.is_empty(), "{stem}/{kind}.json has no case");
        found
    } else {
        serde_json::Map::new()
    }
}

macro_rules! fixture_tests {
    ($stem:ident => $root:ident) => {
        mod $stem {
            use super::*;
            use workflow_events::fixtures::$stem::$root;

            #[test]
            fn valid_cases_are_accepted_and_written_stably() {
                let valid = cases(stringify!($stem), "valid");
                assert!(!valid.is_empty());
                for (name, instance) in valid {
                    let text = serde_json::to_string(&instance).unwrap();
                    let read = $root::from_json(&text)
                        .unwrap_or_else(|e| panic!("{}/{name}: refused: {e:?}", stringify!($stem)));
                    let written = read.to_json();
                    let again = $root::from_json(&written)
                        .unwrap_or_else(|e| panic!("{}/{name}: own output {written} refused: {e:?}", stringify!($stem)));
                    assert_eq!(again, read, "{}/{name}", stringify!($stem));
                    assert_eq!(again.to_json(), written, "{}/{name}", stringify!($stem));
                    // What was written is what was read, unknown properties dropped (the
                    // schema-order and byte checks: `valid_output_is_pydantic_s`).
                    let back: Value = serde_json::from_str(&written).unwrap();
                    assert!(back.is_object(), "{}/{name}: {written}", stringify!($stem));
                }
            }

            /// roundtrip.json: the bytes pydantic writes for each valid case (Python and
            /// TypeScript check the same file), so Rust is held to the same output.
            #[test]
            fn valid_cases_are_written_as_pydantic_writes_them() {
                let roundtrips = optional_cases(stringify!($stem), "roundtrip");
                for (name, case) in roundtrips {
                    let text = serde_json::to_string(&case["input"]).unwrap();
                    let read = $root::from_json(&text)
                        .unwrap_or_else(|e| panic!("{}/{name}: refused: {e:?}", stringify!($stem)));
                    assert_eq!(Some(read.to_json().as_str()), case["output"].as_str(), "{}/{name}", stringify!($stem));
                }
            }

            #[test]
            fn errors_are_the_pinned_ones() {
                let pinned = optional_cases(stringify!($stem), "errors");
                for (name, case) in pinned {
                    let text = serde_json::to_string(&case["instance"]).unwrap();
                    let errors = match $root::from_json(&text) {
                        Ok(value) => panic!("{}/{name}: accepted as {}", stringify!($stem), value.to_json()),
                        Err(errors) => errors,
                    };
                    let got: Vec<Value> = errors
                        .errors()
                        .iter()
                        .map(|e| serde_json::json!({"type": e.error_type, "loc": loc_json(&e.loc)}))
                        .collect();
                    assert_eq!(Value::Array(got), case["errors"], "{}/{name}", stringify!($stem));
                }
            }

            #[test]
            fn invalid_cases_are_refused() {
                let invalid = cases(stringify!($stem), "invalid");
                assert!(!invalid.is_empty());
                for (name, instance) in invalid {
                    let text = serde_json::to_string(&instance).unwrap();
                    assert!($root::from_json(&text).is_err(), "{}/{name}: accepted", stringify!($stem));
                }
            }
        }
    };
}

// One module of tests per fixture, from the list build.rs generates.
workflow_events::for_each_fixture!(fixture_tests);

#[test]
fn every_fixture_is_built_or_named_as_not_yet() {
    let mut on_disk: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with("error_"))
            .map(|n| n.trim_end_matches(".json").to_string())
            .collect();
    on_disk.sort();
    let mut built: Vec<String> = fixtures::FIXTURES
        .iter()
        .map(|s| s.to_string())
        .chain(fixtures::NOT_YET.iter().map(|(s, _)| s.to_string()))
        .collect();
    built.sort();
    assert_eq!(on_disk, built);
}
