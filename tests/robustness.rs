//! Reading never panics and always answers sensibly: every truncation of every example,
//! deterministic byte mutations, and value-level substitutions at every position. An accepted
//! input must write stable JSON; a rejected one must list errors from the contract's
//! vocabulary whose `loc` points into the input.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use workflow_events::{LocItem, ValidationErrors, WorkflowEvent};

/// schema/CONTRACT.md's error types, plus `finite_number` (see src/numbers.rs).
const VOCABULARY: &[&str] = &[
    "json_invalid",
    "model_type",
    "dict_type",
    "missing",
    "enum",
    "literal_error",
    "string_type",
    "string_pattern_mismatch",
    "string_too_short",
    "string_too_long",
    "uuid_type",
    "uuid_parsing",
    "datetime_type",
    "datetime_parsing",
    "int_type",
    "int_from_float",
    "float_type",
    "bool_type",
    "list_type",
    "too_short",
    "too_long",
    "greater_than_equal",
    "greater_than",
    "less_than_equal",
    "less_than",
    "multiple_of",
    "extra_forbidden",
    "finite_number",
];

/// The bytes of every example and canonical file of every version.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for version in workflow_events::VERSIONS {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schema")
            .join(format!("v{version}"))
            .join("examples");
        for dir in [examples.clone(), examples.join("canonical")] {
            let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            paths.sort();
            files.extend(
                paths
                    .into_iter()
                    .map(|p| (p.display().to_string(), fs::read(&p).unwrap())),
            );
        }
    }
    assert!(files.len() >= 2, "no examples found");
    files
}

/// The value at `loc` in `value`, if any.
fn at<'a>(value: &'a Value, loc: &[LocItem]) -> Option<&'a Value> {
    loc.iter().try_fold(value, |v, item| match item {
        LocItem::Key(k) => v.as_object()?.get(k),
        LocItem::Index(i) => v.as_array()?.get(*i),
    })
}

/// Checks one rejection of `input` (the parsed input when it is JSON).
fn check_errors(what: &str, input: Option<&Value>, errors: &ValidationErrors) {
    assert!(errors.error_count() > 0, "{what}: an empty error list");
    assert!(!errors.to_string().is_empty());
    let mut seen = Vec::new();
    for error in errors.errors() {
        assert!(
            VOCABULARY.contains(&error.error_type.as_str()),
            "{what}: unknown error type {error:?}"
        );
        assert!(
            !seen.contains(&&error.loc),
            "{what}: two errors at {:?}",
            error.loc
        );
        seen.push(&error.loc);
        match (input, error.error_type.as_str()) {
            (None, kind) => assert_eq!((kind, error.loc.len()), ("json_invalid", 0), "{what}"),
            (Some(_), "json_invalid") => panic!("{what}: json_invalid for well-formed JSON"),
            (Some(value), "missing") => {
                let (last, parent) = error.loc.split_last().expect("missing has a key");
                assert!(
                    at(value, parent).is_some_and(Value::is_object),
                    "{what}: {error:?}"
                );
                assert!(
                    at(value, &error.loc).is_none(),
                    "{what}: missing but present: {error:?}"
                );
                assert!(matches!(last, LocItem::Key(_)));
            }
            (Some(value), _) => assert!(
                at(value, &error.loc).is_some(),
                "{what}: loc not in input: {error:?}"
            ),
        }
    }
}

/// Reads `bytes`; checks the answer whichever it is.
fn read(what: &str, bytes: &[u8]) {
    let parsed: Option<Value> = serde_json::from_slice(bytes).ok();
    match WorkflowEvent::from_slice(bytes) {
        Ok(event) => {
            let json = event.to_json();
            let again = WorkflowEvent::from_json(&json)
                .unwrap_or_else(|e| panic!("{what}: output rejected: {e}"));
            assert_eq!(again.to_json(), json, "{what}: output not stable");
            assert_eq!(again, event, "{what}");
        }
        Err(errors) => check_errors(what, parsed.as_ref(), &errors),
    }
}

/// A small deterministic pseudo-random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn every_truncation_of_every_example_is_answered() {
    for (name, bytes) in corpus() {
        for end in 0..bytes.len() {
            read(&format!("{name}[..{end}]"), &bytes[..end]);
        }
    }
}

#[test]
fn byte_mutations_are_answered() {
    const BYTES: &[u8] = b"\"{}[]:,0-e.\\n \x00\xff\xc3tf9+E";
    const TOKENS: &[&str] = &[
        "1e400",
        "null",
        "\"x\"",
        "[]",
        "{}",
        "-0",
        "\"\\ud800\"",
        "99999999999999999999999",
        "1.5",
        "true",
        "\"\u{1F680}\"",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (name, original) in corpus() {
        for round in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(3) {
                let at = rng.below(bytes.len() + 1);
                match rng.below(4) {
                    0 if at < bytes.len() => bytes[at] = BYTES[rng.below(BYTES.len())],
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    2 => {
                        let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                        bytes.splice(at..at, token.iter().copied());
                    }
                    _ => {
                        let end = (at + rng.below(16)).min(bytes.len());
                        let copy = bytes[at..end].to_vec();
                        bytes.splice(at..at, copy);
                    }
                }
            }
            read(
                &format!(
                    "{name} mutation {round}: {}",
                    String::from_utf8_lossy(&bytes)
                ),
                &bytes,
            );
        }
    }
}

/// Every position of a JSON value (its own loc included), parents first.
fn positions(value: &Value, loc: &mut Vec<LocItem>, out: &mut Vec<Vec<LocItem>>) {
    out.push(loc.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                loc.push(LocItem::Key(key.clone()));
                positions(child, loc, out);
                loc.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                loc.push(LocItem::Index(i));
                positions(child, loc, out);
                loc.pop();
            }
        }
        _ => {}
    }
}

fn slot<'a>(value: &'a mut Value, loc: &[LocItem]) -> &'a mut Value {
    loc.iter().fold(value, |v, item| match item {
        LocItem::Key(k) => &mut v[k.as_str()],
        LocItem::Index(i) => &mut v[*i],
    })
}

#[test]
fn every_position_of_every_example_survives_every_kind_of_value() {
    let replacements: Vec<Value> = vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1.5),
        json!(""),
        json!("x"),
        json!("2025-01-27T10:00:00"),
        json!("123e4567-e89b-12d3-a456-426614174000"),
        json!("workflow.failed"),
        json!("prod"),
        json!([]),
        json!([1, {"a": null}]),
        json!({}),
        json!({"data": {}, "environment": "dev"}),
        serde_json::from_str("1e400").unwrap(),
        serde_json::from_str("123456789012345678901234567890").unwrap(),
    ];
    let mut checked = 0;
    for (name, bytes) in corpus() {
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let mut locs = Vec::new();
        positions(&original, &mut Vec::new(), &mut locs);
        for loc in &locs {
            for replacement in &replacements {
                let mut value = original.clone();
                *slot(&mut value, loc) = replacement.clone();
                let what = format!("{name}: {loc:?} = {replacement}");
                match WorkflowEvent::from_value(value.clone()) {
                    Ok(event) => assert_eq!(
                        WorkflowEvent::from_json(&event.to_json()).as_ref(),
                        Ok(&event),
                        "{what}"
                    ),
                    Err(errors) => check_errors(&what, Some(&value), &errors),
                }
                checked += 1;
            }
            if let Some((LocItem::Key(key), parent)) = loc.split_last() {
                let mut value = original.clone();
                slot(&mut value, parent)
                    .as_object_mut()
                    .unwrap()
                    .remove(key);
                match WorkflowEvent::from_value(value.clone()) {
                    Ok(_) => {}
                    Err(errors) => {
                        check_errors(&format!("{name}: without {loc:?}"), Some(&value), &errors)
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} substitutions");
}

#[test]
fn deep_nesting_is_answered_without_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    read("deep array", deep.as_bytes());
    let template = r#"{"event_type":"workflow.failed","source":"airflow","workflow_id":"w","workflow_run_id":"r","payload":{"data":{"x":DATA}},"metadata":{"environment":"dev"}}"#;
    let nested = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    let input = template.replace("DATA", &nested);
    let event = WorkflowEvent::from_json(&input).unwrap();
    assert!(event.to_json().contains(&nested));
    read(
        "deep data",
        template
            .replace("DATA", &format!("{}{}", "[".repeat(5000), "]".repeat(5000)))
            .as_bytes(),
    );
}
