//! The fast read path against the slow one: over every example, every counterexample, a
//! generated corpus and many mutated inputs, the fast path either declines or accepts with
//! the same value and the same `to_json()` bytes as the slow path; `from_slice` answers what
//! the slow path answers, errors included. It must also accept every valid event of the
//! corpus (declining everything would pass the rest).

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// `(name, bytes)` of every `*.json` file directly in `dir`, sorted by name.
fn json_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| (path.display().to_string(), fs::read(&path).unwrap()))
        .collect()
}

/// An accepted input as a value (readers accept up to pydantic's 200 levels of nesting,
/// deeper than serde_json's default limit).
fn parse_input(bytes: &[u8]) -> Value {
    use serde::Deserialize;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserializer.disable_recursion_limit();
    Value::deserialize(&mut deserializer).expect("an accepted input is JSON")
}

/// Whether some object of the JSON text repeats a property name.
fn has_repeated_name(bytes: &[u8]) -> bool {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::collections::HashSet;

    /// Reads any JSON value; fails on an object that repeats a name.
    struct Unique;

    impl<'de> DeserializeSeed<'de> for Unique {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
            de.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Unique {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(Unique)?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut names = HashSet::new();
            while let Some(name) = map.next_key::<String>()? {
                // With `arbitrary_precision`, serde_json presents a number as a one-entry map
                // under its private name: its value is the number's text.
                if !names.insert(name) {
                    return Err(serde::de::Error::custom("a repeated name"));
                }
                map.next_value_seed(Unique)?;
            }
            Ok(())
        }
    }

    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserializer.disable_recursion_limit();
    Unique.deserialize(&mut deserializer).is_err()
}

/// The bytes a counterexample file asks to be read.
fn counterexample_input(case: &Value) -> Vec<u8> {
    match (case.get("instance"), case.get("raw")) {
        (Some(instance), None) => serde_json::to_vec(instance).unwrap(),
        (None, Some(Value::String(raw))) => raw.as_bytes().to_vec(),
        _ => panic!("a counterexample needs exactly one of instance or raw"),
    }
}

/// The properties filled by `x-default-factory` (random on every read), as paths of
/// property names from the root, found by walking the schema's declared properties.
fn factory_paths(schema: &Value) -> Vec<Vec<String>> {
    fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
        while let Some(pointer) = node.get("$ref").and_then(Value::as_str) {
            node = root.pointer(pointer.trim_start_matches('#')).unwrap();
        }
        node
    }
    fn walk(root: &Value, node: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        let node = resolve(root, node);
        let Some(properties) = node.get("properties").and_then(Value::as_object) else {
            return;
        };
        for (name, property) in properties {
            path.push(name.clone());
            if property.get("x-default-factory").is_some() {
                out.push(path.clone());
            }
            walk(root, property, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(schema, schema, &mut Vec::new(), &mut out);
    out
}

fn get<'a>(value: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter()
        .try_fold(value, |v, key| v.as_object()?.get(key))
}

/// The outputs of both paths must be the same once factory-filled properties that the input
/// did not have are taken from the fast output (each read draws its own).
fn assert_same_output(
    what: &str,
    factories: &[Vec<String>],
    input: &Value,
    fast: (Value, String),
    slow: (Value, String),
) {
    let (fast_value, fast_json) = fast;
    let (mut slow_value, slow_json) = slow;
    let mut drawn = false;
    for path in factories {
        if get(input, path).is_none() {
            if let Some(fast_part) = get(&fast_value, path).cloned() {
                let (last, parent) = path.split_last().unwrap();
                let parent = parent
                    .iter()
                    .fold(&mut slow_value, |v, key| &mut v[key.as_str()]);
                parent[last.as_str()] = fast_part;
                drawn = true;
            }
        }
    }
    assert_eq!(fast_value, slow_value, "{what}: values differ");
    if drawn {
        assert_eq!(fast_json, slow_value.to_string(), "{what}: to_json differs");
    } else {
        assert_eq!(fast_json, slow_json, "{what}: to_json differs");
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

/// Deterministic byte mutations of `original`: replace, delete, insert a token, duplicate.
fn byte_mutations(original: &[u8], rounds: usize, rng: &mut Rng) -> Vec<Vec<u8>> {
    const BYTES: &[u8] = b"\"{}[]:,0-e.\\n \x00\xff\xc3tf9+EuU";
    const TOKENS: &[&str] = &[
        "1e400",
        "-1e400",
        "1E3",
        "-0",
        "1.50",
        "null",
        "\"x\"",
        "[]",
        "{}",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud83d\\ude80\"",
        "\\u0041",
        "99999999999999999999999",
        "1.5",
        "true",
        "\"\u{1F680}\"",
        "\"event_id\":null,",
        "\"event_type\":{\"workflow.failed\":null},",
        "\"metadata\":{\"environment\":\"dev\"},",
        "\"extra\":[[[[1e400]]]],",
        "\"event_id\":\"123e4567e89b12d3a456426614174000\",",
    ];
    let mut out = Vec::new();
    for _ in 0..rounds {
        let mut bytes = original.to_vec();
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
                    let end = (at + rng.below(24)).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(at..at, copy);
                }
            }
        }
        out.push(bytes);
    }
    out
}

/// Every position of a JSON value (its own loc included), as paths.
fn positions(value: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(path.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(json!(key));
                positions(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(json!(i));
                positions(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn slot<'a>(value: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match step {
        Value::String(key) => &mut v[key.as_str()],
        Value::Number(i) => &mut v[i.as_u64().unwrap() as usize],
        _ => unreachable!(),
    })
}

/// Value-level variants of `original`: every position replaced by each replacement, and
/// every property removed or repeated.
fn value_mutations(original: &Value) -> Vec<Vec<u8>> {
    let replacements: Vec<&str> = vec![
        "null",
        "true",
        "0",
        "-0",
        "-1.5",
        "1E3",
        "1e400",
        "1e-400",
        "123456789012345678901234567890",
        "\"\"",
        "\"x\"",
        "\"\\u0041\\u00e9\"",
        "\"2025-01-27T10:00:00\"",
        "\"2025-02-30T10:00:00Z\"",
        "\"123e4567-e89b-12d3-a456-426614174000\"",
        "\"123E4567-E89B-12D3-A456-426614174000\"",
        "\"{123e4567-e89b-12d3-a456-426614174000}\"",
        "\"workflow.failed\"",
        "\"Workflow.Failed\"",
        "\"langgraph\"",
        "\"prod\"",
        "\"prod\\n\"",
        "[]",
        "[1,{\"a\":null}]",
        "{}",
        "{\"workflow.failed\":null}",
        "{\"data\":{},\"environment\":\"dev\"}",
        "{\"data\":{\"n\":1.50}}",
        "{\"environment\":\"staging\",\"version\":\"2.0\",\"more\":1e400}",
    ];
    let mut out = Vec::new();
    let mut paths = Vec::new();
    positions(original, &mut Vec::new(), &mut paths);
    let marker = "\"__REPLACED__\"";
    for path in &paths {
        let mut value = original.clone();
        *slot(&mut value, path) = json!("__REPLACED__");
        let template = value.to_string();
        for replacement in &replacements {
            out.push(template.replacen(marker, replacement, 1).into_bytes());
        }
        if let Some((Value::String(key), parent)) = path.split_last() {
            let mut value = original.clone();
            slot(&mut value, parent)
                .as_object_mut()
                .unwrap()
                .remove(key);
            out.push(value.to_string().into_bytes());
            // The same property twice: the slow path keeps the last one.
            let mut value = original.clone();
            let parent_slot = slot(&mut value, parent);
            let entries: Vec<String> = parent_slot
                .as_object()
                .unwrap()
                .iter()
                .flat_map(|(k, v)| {
                    let entry = format!("{}:{v}", json!(k));
                    let times = if k == key { 2 } else { 1 };
                    std::iter::repeat_n(entry, times)
                })
                .collect();
            *parent_slot = json!("__REPLACED__");
            let object = format!("{{{}}}", entries.join(","));
            out.push(value.to_string().replacen(marker, &object, 1).into_bytes());
        }
    }
    out
}

/// The differential tests of one version module.
macro_rules! differential_tests {
    ($module:ident) => {
        mod $module {
            use super::*;
            use workflow_events::$module::{WorkflowEvent, WorkflowEventRef, SCHEMA_JSON, VERSION};

            fn version_dir() -> PathBuf {
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("schema")
                    .join(format!("v{VERSION}"))
            }

            /// The borrowed reader answers as the owned one does (its value compared through
            /// JSON: read back by the owned reader, it is the same event).
            fn compare_borrowed(what: &str, factories: &[Vec<String>], bytes: &[u8]) {
                let owned = WorkflowEvent::from_slice(bytes);
                match (WorkflowEventRef::from_slice(bytes), owned) {
                    (Ok(borrowed), Ok(owned)) => {
                        let json = serde_json::to_value(&borrowed).unwrap();
                        let again = WorkflowEvent::from_value(json.clone())
                            .unwrap_or_else(|e| panic!("{what}: borrowed value rejected: {e}"));
                        let input = parse_input(bytes);
                        assert_same_output(
                            &format!("{what} (borrowed)"),
                            factories,
                            &input,
                            (again.to_value(), again.to_json()),
                            (owned.to_value(), owned.to_json()),
                        );
                        let static_json = serde_json::to_value(borrowed.into_static()).unwrap();
                        assert_eq!(static_json, json, "{what}: into_static changed the value");
                    }
                    (Err(borrowed), Err(owned)) => assert_eq!(borrowed, owned, "{what}"),
                    (borrowed, owned) => panic!(
                        "{what}: borrowed {:?} but owned {:?}",
                        borrowed.map(|_| "accepted"),
                        owned.map(|_| "accepted")
                    ),
                }
            }

            /// Each pass of the fast path alone (the scanner, the serde_json pass; owned and
            /// borrowed) either declines or accepts with the slow path's value.
            fn compare_passes(what: &str, factories: &[Vec<String>], bytes: &[u8]) {
                let slow = WorkflowEvent::__slow_path_from_slice(bytes);
                let owned = [
                    ("scanner", WorkflowEvent::__scanner_from_slice(bytes)),
                    ("serde pass", WorkflowEvent::__serde_pass_from_slice(bytes)),
                ];
                let borrowed = [
                    ("borrowed scanner", WorkflowEventRef::__scanner_from_slice(bytes)),
                    ("borrowed serde pass", WorkflowEventRef::__serde_pass_from_slice(bytes)),
                ];
                let borrowed = borrowed.into_iter().map(|(pass, event)| {
                    let event = event.map(|event| {
                        let json = serde_json::to_value(&event).unwrap();
                        WorkflowEvent::from_value(json).unwrap_or_else(|e| {
                            panic!("{what}: {pass}: borrowed value rejected: {e}")
                        })
                    });
                    (pass, event)
                });
                for (pass, event) in owned.into_iter().chain(borrowed) {
                    let Some(event) = event else { continue };
                    let what = format!("{what} ({pass}): {}", String::from_utf8_lossy(bytes));
                    let slow = slow.as_ref().unwrap_or_else(|errors| {
                        panic!("{what}: accepted but the slow path says {errors}")
                    });
                    assert_same_output(
                        &what,
                        factories,
                        &parse_input(bytes),
                        (event.to_value(), event.to_json()),
                        (slow.to_value(), slow.to_json()),
                    );
                }
            }

            /// Runs both paths on `bytes`; `Some(true)` if the fast path accepted.
            fn compare(what: &str, factories: &[Vec<String>], bytes: &[u8]) -> bool {
                compare_borrowed(what, factories, bytes);
                compare_passes(what, factories, bytes);
                let fast = WorkflowEvent::__fast_path_from_slice(bytes);
                let slow = WorkflowEvent::__slow_path_from_slice(bytes);
                let public = WorkflowEvent::from_slice(bytes);
                let what = format!("{what}: {}", String::from_utf8_lossy(bytes));
                match (&fast, &slow) {
                    (Some(fast), Ok(slow)) => {
                        // `to_json` writes straight from the types; it must equal the value's text.
                        assert_eq!(fast.to_json(), fast.to_value().to_string(), "{what}");
                        let input = parse_input(bytes);
                        assert_same_output(
                            &what,
                            factories,
                            &input,
                            (fast.to_value(), fast.to_json()),
                            (slow.to_value(), slow.to_json()),
                        );
                        let public = public.unwrap_or_else(|e| panic!("{what}: {e}"));
                        assert_same_output(
                            &what,
                            factories,
                            &input,
                            (public.to_value(), public.to_json()),
                            (slow.to_value(), slow.to_json()),
                        );
                        true
                    }
                    (Some(fast), Err(errors)) => panic!(
                        "{what}: the fast path accepted {} but the slow path says {errors}",
                        fast.to_json()
                    ),
                    (None, Err(errors)) => {
                        assert_eq!(public.as_ref().err(), Some(errors), "{what}");
                        false
                    }
                    (None, Ok(slow)) => {
                        if std::env::var_os("FAST_PATH_DEBUG").is_some() {
                            eprintln!("declined but valid: {}", what.escape_debug());
                        }
                        let public = public.unwrap_or_else(|e| panic!("{what}: {e}"));
                        let input = parse_input(bytes);
                        assert_same_output(
                            &what,
                            factories,
                            &input,
                            (public.to_value(), public.to_json()),
                            (slow.to_value(), slow.to_json()),
                        );
                        false
                    }
                }
            }

            fn factories() -> Vec<Vec<String>> {
                factory_paths(&serde_json::from_str(SCHEMA_JSON).unwrap())
            }

            #[test]
            fn every_example_is_accepted_by_the_fast_path_with_the_slow_paths_value() {
                let factories = factories();
                assert!(
                    !factories.is_empty(),
                    "the schema has x-default-factory properties"
                );
                let dir = version_dir().join("examples");
                let mut files = json_files(&dir);
                files.extend(json_files(&dir.join("canonical")));
                assert!(files.len() >= 2);
                let mut repeated = 0;
                for (name, bytes) in files {
                    let fast = compare(&name, &factories, &bytes);
                    // A repeated property name may be left to the slow path (as documented on
                    // `WorkflowEventRef::from_slice`); `compare` checked that it accepts.
                    if has_repeated_name(&bytes) {
                        repeated += 1;
                        continue;
                    }
                    assert!(fast, "{name}: the fast path declined");
                    assert!(
                        WorkflowEventRef::__fast_path_from_slice(&bytes).is_some(),
                        "{name}: the borrowed fast path declined"
                    );
                }
                // The input of repeated_key_replaces_non_finite (not its canonical form).
                assert!(repeated <= 1, "{repeated} examples repeat a name");
            }

            #[test]
            fn every_counterexample_is_declined_and_reported_by_the_slow_path() {
                let factories = factories();
                let cases = json_files(&version_dir().join("counterexamples"));
                assert!(!cases.is_empty());
                for (name, text) in cases {
                    let case: Value = serde_json::from_slice(&text).unwrap();
                    let bytes = counterexample_input(&case);
                    assert!(!compare(&name, &factories, &bytes), "{name}: accepted");
                    let errors = WorkflowEvent::from_slice(&bytes).unwrap_err();
                    assert_eq!(
                        errors.errors().len(),
                        case["errors"].as_array().unwrap().len(),
                        "{name}"
                    );
                }
            }

            #[test]
            fn every_generated_event_is_accepted_by_the_fast_path_with_the_same_value() {
                let factories = factories();
                for (i, line) in corpus::events(corpus::SEED, 3000).iter().enumerate() {
                    assert!(
                        compare(&format!("corpus line {i}"), &factories, line.as_bytes()),
                        "corpus line {i}: the fast path declined {line}"
                    );
                    // The scanner alone reads every one (it is the path that is timed).
                    assert!(
                        WorkflowEvent::__scanner_from_slice(line.as_bytes()).is_some(),
                        "corpus line {i}: the scanner declined {line}"
                    );
                    let borrowed = WorkflowEventRef::__scanner_from_slice(line.as_bytes())
                        .unwrap_or_else(|| {
                            panic!("corpus line {i}: the borrowed scanner declined")
                        });
                    // Strings without escapes are borrowed from the input.
                    assert!(
                        matches!(borrowed.workflow_id, std::borrow::Cow::Borrowed(_)),
                        "line {i}"
                    );
                }
            }

            #[test]
            fn mutated_inputs_get_the_same_answer_from_both_paths() {
                let factories = factories();
                let dir = version_dir().join("examples");
                let mut sources: Vec<Vec<u8>> = json_files(&dir)
                    .into_iter()
                    .map(|(_, bytes)| bytes)
                    .collect();
                sources.extend(corpus::events(7, 2).into_iter().map(String::into_bytes));
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
                let (mut accepted, mut total) = (0, 0);
                for source in &sources {
                    let value: Value = serde_json::from_slice(source).unwrap();
                    let mut inputs = byte_mutations(source, 80, &mut rng);
                    inputs.extend(value_mutations(&value));
                    for end in (0..source.len()).step_by(7) {
                        inputs.push(source[..end].to_vec());
                    }
                    for input in inputs {
                        accepted += usize::from(compare("mutation", &factories, &input));
                        total += 1;
                    }
                }
                // Both answers occur often, so neither side is trivially exercised.
                assert!(total > 5_000, "{total} inputs");
                assert!(
                    accepted > total / 10 && accepted < total * 9 / 10,
                    "{accepted} of {total} accepted"
                );
            }

            #[test]
            fn hand_picked_edge_cases_get_the_same_answer_from_both_paths() {
                let factories = factories();
                let valid: Value =
                    serde_json::from_slice(&corpus::events(1, 1)[0].clone().into_bytes()).unwrap();
                let base = valid.to_string();
                let mut inputs: Vec<String> = vec![
                    // Unknown properties: skipped but still checked as JSON.
                    base.replacen('{', r#"{"x":"\ud800","#, 1),
                    base.replacen('{', r#"{"x":"\udc00\ud800","#, 1),
                    base.replacen('{', r#"{"x":"\ud83d\ude80","#, 1),
                    base.replacen('{', r#"{"x":1e400,"#, 1),
                    base.replacen(
                        '{',
                        &format!(r#"{{"x":{}1{},"#, "[".repeat(200), "]".repeat(200)),
                        1,
                    ),
                    base.replacen(
                        '{',
                        &format!(r#"{{"x":{}1{},"#, "[".repeat(120), "]".repeat(120)),
                        1,
                    ),
                    base.replacen(
                        '{',
                        &format!(r#"{{"x":{}1{},"#, "[".repeat(127), "]".repeat(127)),
                        1,
                    ),
                    base.replacen(
                        '{',
                        &format!(r#"{{"x":{}1{},"#, "[".repeat(126), "]".repeat(126)),
                        1,
                    ),
                    base.replacen(
                        "{\"data\":{",
                        &format!(
                            r#"{{"data":{{"deep":{}1{},"#,
                            "[".repeat(125),
                            "]".repeat(125)
                        ),
                        1,
                    ),
                    base.replacen(
                        "{\"data\":{",
                        &format!(
                            r#"{{"data":{{"deep":{}1{},"#,
                            "[".repeat(124),
                            "]".repeat(124)
                        ),
                        1,
                    ),
                    // Escaped property names name the same property.
                    base.replace("\"workflow_id\"", "\"workflow\\u005fid\""),
                    base.replace("\"source\"", "\"sourc\\u0065\""),
                    // Whitespace everywhere, and a byte-order mark.
                    serde_json::to_string_pretty(&valid).unwrap(),
                    format!("\u{feff}{base}"),
                    format!(" \n\t{base} \r\n"),
                    format!("{base}x"),
                    format!("{base}{base}"),
                ];
                for (from, to) in [
                    (
                        "\"data\":{",
                        "\"data\":{\"n\":1E3,\"z\":-0,\"f\":1.50,\"tiny\":1e-400,",
                    ),
                    ("\"data\":{", "\"data\":{\"big\":1e400,"),
                    ("\"data\":{", "\"data\":{\"s\":\"\\ud800\","),
                    ("\"data\":{", "\"data\":{\"k\":1,\"k\":2,"),
                    // Keys equal once decoded; escaped keys and strings written canonically.
                    ("\"data\":{", r#""data":{"k":1,"\u006b":2,"#),
                    (
                        "\"data\":{",
                        r#""data":{"q\"k":{"\n":"\u00e9\/","a":1,"a":[]},"#,
                    ),
                    (
                        "\"data\":{",
                        r#""data":{"f":[0.1,100.0,1e16,0.00001,0.000001,-0.0],"#,
                    ),
                    ("\"metadata\":{", "\"metadata\":{\"environment\":\"qa\","),
                    ("\"metadata\":{", "\"metadata\":{\"extra\":1e400,"),
                    ("\"payload\":{", "\"payload\":{\"extra\":{\"a\":[1e400]},"),
                ] {
                    inputs.push(base.replacen(from, to, 1));
                }
                let mut bytes: Vec<Vec<u8>> = inputs.into_iter().map(String::into_bytes).collect();
                // Invalid UTF-8 inside a skipped string.
                let mut invalid = base.replacen('{', "{\"x\":\"\u{e9}\",", 1).into_bytes();
                let at = invalid.iter().position(|b| *b == 0xc3).unwrap();
                invalid[at + 1] = b'(';
                bytes.push(invalid);
                for input in bytes {
                    compare("edge case", &factories, &input);
                }
                // Escaped names are still the declared properties; non-canonical numbers are
                // rewritten: both accepted by the fast path.
                let escaped = base.replace("\"workflow_id\"", "\"workflow\\u005fid\"");
                assert!(WorkflowEvent::__fast_path_from_slice(escaped.as_bytes()).is_some());
                let numbers = base.replacen("\"data\":{", "\"data\":{\"n\":1E3,\"z\":-0,", 1);
                let event = WorkflowEvent::__fast_path_from_slice(numbers.as_bytes()).unwrap();
                assert!(event.to_json().contains("\"data\":{\"n\":1000.0,\"z\":0,"));
                let keys = base.replacen("\"data\":{", r#""data":{"\u006b":{"\n":"\/"},"#, 1);
                let event = WorkflowEvent::__fast_path_from_slice(keys.as_bytes()).unwrap();
                assert!(event.to_json().contains(r#""data":{"k":{"\n":"/"},"#));
            }

            /// The scanner's own rules (src/scan.rs): what it reads itself and what it leaves
            /// to the serde_json pass. Every input also gets the same answer from every path.
            #[test]
            fn scanner_reads_plain_events_and_declines_the_rest() {
                let factories = factories();
                let valid: Value =
                    serde_json::from_slice(&corpus::events(1, 1)[0].clone().into_bytes()).unwrap();
                let base = valid.to_string();
                let data = |content: &str| {
                    base.replacen("\"data\":{", &format!("\"data\":{{{content}"), 1)
                };
                let first = |member: &str| base.replacen('{', &format!("{{{member}"), 1);
                let id = format!("\"event_id\":{}", valid["event_id"]);
                assert!(base.contains(&id));
                let event_id = |value: &str| base.replacen(&id, &format!("\"event_id\":{value}"), 1);
                let event_type = format!("\"event_type\":{}", valid["event_type"]);
                assert!(base.contains(&event_type));
                let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
                // (input, whether the scanner reads it itself)
                let cases: Vec<(String, bool)> = vec![
                    (base.clone(), true),
                    (serde_json::to_string_pretty(&valid).unwrap(), true),
                    (format!(" \n\t{base} \r\n"), true),
                    // Unknown properties of every JSON type are skipped.
                    (first(r#""x":{"a":[1,-2.5e3,{"b":null}],"c":"d","e":true,"f":false},"#), true),
                    (first(r#""x":[],"y":{},"z":"","#), true),
                    (first(&format!(r#""x":{},"#, nested(64))), true),
                    (first(&format!(r#""x":{},"#, nested(65))), false),
                    // Free-form data: any content, numbers as written, nesting up to 100.
                    (
                        data(r#""n":1E3,"z":-0,"f":1.50,"t":1e-400,"b":123456789012345678901234567890,"#),
                        true,
                    ),
                    (data(&format!(r#""deep":{},"#, nested(99))), true),
                    (data(&format!(r#""deep":{},"#, nested(100))), false),
                    (data(r#""big":1e400,"#), false),
                    (data(r#""big":-1.0e309,"#), false),
                    (data(&format!(r#""long":{}.5,"#, "9".repeat(310))), false),
                    (data(&format!(r#""long":1.{},"#, "5".repeat(400))), true),
                    (data(r#""k":1,"k":2,"#), true),
                    (data("\"caf\u{e9}\":\"M\u{fc}nchen \u{2713}\","), true),
                    // Escapes and control characters: left to the serde_json pass.
                    (data(r#""s":"a\"b","#), false),
                    (data(r#""s":"\u00e9","#), false),
                    (data("\"s\":\"a\tb\","), false),
                    (first(r#""x":"\n","#), false),
                    (base.replace("\"workflow_id\"", r#""workflow\u005fid""#), false),
                    (base.replacen("\"workflow_id\":\"", r#""workflow_id":"\/"#, 1), false),
                    // A repeated or missing property, `null`, the wrong JSON type.
                    (first(r#""workflow_id":"a","#), false),
                    (base.replacen("\"workflow_id\"", "\"workflow_idx\"", 1), false),
                    (event_id("null"), false),
                    (event_id("7"), false),
                    (event_id("\"123E4567-E89B-12D3-A456-426614174000\""), true),
                    (event_id("\"123e4567e89b12d3a456426614174000\""), false),
                    // A UUID's 36 bytes, or an allowed value, followed by more of the string.
                    (event_id("\"123e4567-e89b-12d3-a456-4266141740\"0\""), false),
                    (event_id("\"123e4567-e89b-12d3-a456-426614174000a\""), false),
                    (
                        base.replacen(&event_type, &format!("{}x\"", &event_type[..event_type.len() - 1]), 1),
                        false,
                    ),
                    (base.replacen(&event_type, "\"event_type\":\"workflow.failed\"", 1), true),
                    (
                        base.replacen("\"data\":{", "\"data\":[{", 1)
                            .replacen("}},\"metadata\"", "}]},\"metadata\"", 1),
                        false,
                    ),
                    // Not JSON: each is refused by every path.
                    (first(r#""x":01,"#), false),
                    (first(r#""x":1.,"#), false),
                    (first(r#""x":-,"#), false),
                    (first(r#""x":1e,"#), false),
                    (first(r#""x":.5,"#), false),
                    (first(r#""x":+1,"#), false),
                    (first(r#""x":tru,"#), false),
                    (first(r#""x":nul,"#), false),
                    (first(r#""x":[1,],"#), false),
                    (first(r#""x":{"a":1,},"#), false),
                    (first(r#""x":{"a"},"#), false),
                    (first(r#""x":{1:2},"#), false),
                    (first(r#""x":[1 2],"#), false),
                    (first(r#""x":"a"#), false),
                    (data(r#""x":[}],"#), false),
                    (base.replacen(",\"metadata\"", ",,\"metadata\"", 1), false),
                    (format!("{base},"), false),
                    (format!("{base}}}"), false),
                    (format!("[{base}]"), false),
                    (format!("\u{feff}{base}"), false),
                    (base[..base.len() - 1].to_string(), false),
                ];
                for (input, scanned) in &cases {
                    compare("scanner rule", &factories, input.as_bytes());
                    assert_eq!(
                        WorkflowEvent::__scanner_from_slice(input.as_bytes()).is_some(),
                        *scanned,
                        "owned: {input}"
                    );
                    assert_eq!(
                        WorkflowEventRef::__scanner_from_slice(input.as_bytes()).is_some(),
                        *scanned,
                        "borrowed: {input}"
                    );
                }
                // A control character inside a string, a byte that is not UTF-8.
                let mut control = data(r#""s":"ab","#).into_bytes();
                let at = control.windows(2).position(|w| w == b"ab").unwrap();
                control[at] = 0x01;
                let mut not_utf8 = data("\"s\":\"\u{e9}\",").into_bytes();
                let at = not_utf8.iter().position(|b| *b == 0xc3).unwrap();
                not_utf8[at + 1] = b'(';
                for input in [control, not_utf8] {
                    compare("scanner rule", &factories, &input);
                    assert!(WorkflowEvent::__scanner_from_slice(&input).is_none());
                    assert!(WorkflowEvent::from_slice(&input).is_err());
                }
                // Raw text as written, without the whitespace around it.
                let spaced = base.replacen("\"data\":{", "\"data\": \n {\"n\": 1.50 ,", 1);
                let spaced = spaced.replacen("}},\"metadata\"", "} \t},\"metadata\"", 1);
                let event = WorkflowEventRef::__scanner_from_slice(spaced.as_bytes()).unwrap();
                let text = event.payload.data.get();
                assert!(text.starts_with("{\"n\": 1.50 ,") && text.ends_with('}'), "{text}");
                compare("spaced data", &factories, spaced.as_bytes());
            }

            /// Integers beyond a double's range are exact integers (accepted, written as read);
            /// a number whose integer part, sign included, is longer than 4300 characters is
            /// `json_invalid` at `[]` wherever it is, as in pydantic; both paths, both readers.
            #[test]
            fn big_integers_are_kept_and_overlong_integer_parts_are_json_invalid() {
                let factories = factories();
                let valid: Value =
                    serde_json::from_slice(&corpus::events(1, 1)[0].clone().into_bytes()).unwrap();
                let base = valid.to_string();
                let in_data = |value: &str| {
                    base.replacen("\"data\":{", &format!(r#""data":{{"n":{value},"#), 1)
                };
                let big = format!("1{}", "0".repeat(309));
                for value in [
                    big.clone(),
                    format!("-{big}"),
                    format!("[{big},{{\"x\":{}}}]", "9".repeat(4300)),
                    format!("-{}", "9".repeat(4299)),
                    format!("{}e-4000", "1".repeat(4300)),
                    format!("1.{}", "5".repeat(5000)),
                    format!("1e-{}", "0".repeat(5000)),
                ] {
                    let input = in_data(&value);
                    // A long run of digits anywhere (a long fraction too) may be declined by the
                    // fast path; integers shorter than the limit are not.
                    let fast = compare("a long number", &factories, input.as_bytes());
                    let event = WorkflowEvent::from_slice(input.as_bytes()).unwrap();
                    if !value.contains(['.', 'e']) {
                        assert!(fast, "the fast path declined {value:.40}…");
                        let written = format!(r#""data":{{"n":{value},"#);
                        assert!(event.to_json().contains(&written), "{value:.40}…");
                    }
                }
                let long = "1".repeat(4301);
                let overlong = [
                    long.clone(),
                    format!("-{}", "1".repeat(4300)),
                    format!("{long}.5"),
                    format!("{long}e-5000"),
                    format!("{long}E+1"),
                ];
                for value in &overlong {
                    let places = [
                        in_data(value),
                        in_data(&format!("[[{{\"a\":{value}}}]]")),
                        base.replacen('{', &format!(r#"{{"unknown":{value},"#), 1),
                        base.replacen(
                            r#""metadata":{"#,
                            &format!(r#""metadata":{{"x":{value},"#),
                            1,
                        ),
                        base.replacen(
                            r#""workflow_id":"#,
                            &format!(r#""workflow_id":{value},"y":"#),
                            1,
                        ),
                    ];
                    for input in places {
                        assert!(!compare("an overlong number", &factories, input.as_bytes()));
                        for errors in [
                            WorkflowEvent::from_slice(input.as_bytes()).unwrap_err(),
                            WorkflowEventRef::from_slice(input.as_bytes()).unwrap_err(),
                        ] {
                            let found: Vec<_> = errors
                                .errors()
                                .iter()
                                .map(|e| (e.error_type.as_str(), e.loc.len()))
                                .collect();
                            assert_eq!(found, [("json_invalid", 0)], "{value:.40}…");
                        }
                    }
                }
                // The same digits in a string are a string.
                let text = in_data(&format!("\"{long}\""));
                compare("digits in a string", &factories, text.as_bytes());
                assert!(WorkflowEvent::from_slice(text.as_bytes()).is_ok());
            }
        }
    };
}

// One block per schema/v*/ directory, from the list build.rs generates.
workflow_events::for_each_version!(differential_tests);
