//! The Rust side of the cross-language differential test (`tests/differential/`, see its
//! README.md): reads cases as JSON lines `{"id", "version", "hex"}` (the input's bytes in
//! hex, so they may be invalid UTF-8 or invalid JSON) from the file named by the first
//! argument, reads each input with its version's `WorkflowEvent::from_slice`, and prints one
//! JSON line per case: `{"id", "ok": true, "output": to_json()}` or
//! `{"id", "ok": false, "errors": [{"type", "loc"}]}` (`{"id", "crash"}` on a panic). With
//! `--any` as second argument every input goes to `workflow_events::parse_any` instead, and an
//! accepted answer also names the version that read it (`"version"`); an unknown version is
//! the error `unknown_version` at `["metadata", "version"]`, as Kafka's `decode` reports it.
//!
//! The versions are not listed here: `workflow_events::for_each_version!` (written by build.rs
//! from the `schema/v*/` directories) expands the dispatch.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use serde_json::{json, Value};
use workflow_events::ValidationErrors;

/// Reads `bytes` with one schema version's types and writes the event back (`to_json()`).
type Reader = fn(&[u8]) -> Result<String, ValidationErrors>;

/// `(version, reader)` of every schema version this build has, oldest first.
fn readers() -> Vec<(&'static str, Reader)> {
    let mut readers: Vec<(&'static str, Reader)> = Vec::new();
    macro_rules! reader {
        ($module:ident) => {
            readers.push((workflow_events::$module::VERSION, |bytes| {
                workflow_events::$module::WorkflowEvent::from_slice(bytes)
                    .map(|event| event.to_json())
            }));
        };
    }
    workflow_events::for_each_version!(reader);
    readers
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `parse_any`'s answer for `bytes`.
fn read_any(bytes: &[u8]) -> Value {
    match workflow_events::parse_any(bytes) {
        Ok(event) => json!({"ok": true, "version": event.version(), "output": event.to_json()}),
        Err(workflow_events::ReadError::Invalid { errors, .. }) => {
            let errors: Vec<Value> = errors
                .errors()
                .iter()
                .map(|e| json!({"type": e.error_type, "loc": e.loc}))
                .collect();
            json!({"ok": false, "errors": errors})
        }
        Err(workflow_events::ReadError::UnknownVersion(_)) => json!({"ok": false, "errors": [
            {"type": "unknown_version", "loc": ["metadata", "version"]}
        ]}),
    }
}

fn run(path: &str, any: bool) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut count = 0;
    let readers = readers();
    for (n, line) in text.lines().enumerate() {
        let at = |field: &str| format!("{path}:{}: /{field}", n + 1);
        let case: Value =
            serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        let id = case
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{}: expected a string", at("id")))?;
        let version = case
            .get("version")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{}: expected a string", at("version")))?;
        let hex = case
            .get("hex")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{}: expected a string", at("hex")))?;
        let bytes = decode_hex(hex).ok_or_else(|| format!("{}: not hex", at("hex")))?;
        let read = readers
            .iter()
            .find(|(v, _)| *v == version)
            .map(|(_, read)| read)
            .ok_or_else(|| {
                let known: Vec<&str> = readers.iter().map(|(v, _)| *v).collect();
                format!(
                    "{}: no Rust module for schema version {version:?} (this build has {known:?})",
                    at("version")
                )
            })?;
        if any {
            let answer = std::panic::catch_unwind(|| read_any(&bytes))
                .unwrap_or_else(|_| json!({"crash": "panic in parse_any"}));
            let mut answer = answer.as_object().cloned().unwrap_or_default();
            let mut line = serde_json::Map::new();
            line.insert("id".into(), Value::from(id));
            line.append(&mut answer);
            writeln!(out, "{}", Value::Object(line)).map_err(|e| format!("stdout: {e}"))?;
            count += 1;
            continue;
        }
        // A panic is an answer to compare (a bug wherever it happens), not the end of the run.
        let result = match std::panic::catch_unwind(|| read(&bytes)) {
            Ok(Ok(output)) => json!({"id": id, "ok": true, "output": output}),
            Ok(Err(errors)) => {
                let errors: Vec<Value> = errors
                    .errors()
                    .iter()
                    .map(|e| json!({"type": e.error_type, "loc": e.loc}))
                    .collect();
                json!({"id": id, "ok": false, "errors": errors})
            }
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                json!({"id": id, "crash": format!("panic: {what}")})
            }
        };
        writeln!(out, "{result}").map_err(|e| format!("stdout: {e}"))?;
        count += 1;
    }
    out.flush().map_err(|e| format!("stdout: {e}"))?;
    Ok(count)
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: differential CASES.jsonl [--any]");
        return ExitCode::from(2);
    };
    let any = match std::env::args().nth(2).as_deref() {
        None => false,
        Some("--any") => true,
        Some(other) => {
            eprintln!("differential: unknown argument {other:?} (usage: differential CASES.jsonl [--any])");
            return ExitCode::from(2);
        }
    };
    match run(&path, any) {
        Ok(count) => {
            eprintln!("rust: {count} cases read");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("differential: {e}");
            ExitCode::FAILURE
        }
    }
}
