//! The JSON Schema Test Suite through the Rust types (feature `suite`; `tests/suite/README.md`).
//!
//! Every case of every group codegen accepts is read as JSON text (`{"v": <data>}`) by the
//! group's generated root type; an accepted case is written and read again and must give the
//! same bytes. The verdicts go to `target/suite/rust.json` for `tests/suite/summary.py`; this
//! test also fails on its own when a verdict differs from the one `tests/suite/cases.json`
//! promises.

use std::path::Path;

use serde_json::{json, Value};
use workflow_events::suite::{GROUPS, REFUSED};

fn verdict(read: workflow_events::suite::Reader, data: &Value) -> String {
    let text = serde_json::to_string(&json!({ "v": data })).expect("a JSON value writes");
    let written = match read(&text) {
        Ok(written) => written,
        Err(errors) => {
            let internal = errors
                .errors()
                .iter()
                .find(|e| e.msg.contains("the Rust types did not"));
            return match internal {
                // The schema accepted the value and the Rust types did not: a crash, not a
                // verdict (api.rs reports it as an error rather than panicking).
                Some(e) => format!("crash: {}", e.msg),
                None => "refused".to_string(),
            };
        }
    };
    match read(&written) {
        Ok(again) if again == written => "accepted".to_string(),
        Ok(again) => format!("crash: written {written}, then {again}"),
        Err(errors) => format!("crash: own output {written} refused: {errors:?}"),
    }
}

#[test]
fn the_suite_through_the_rust_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/suite/cases.json")).expect("cases.json");
    let cases: Value = serde_json::from_str(&text).expect("cases.json parses");
    let groups = cases["groups"].as_object().expect("groups");
    assert_eq!(
        GROUPS.len() + REFUSED.len(),
        groups.len(),
        "every wrapped group is built or refused"
    );

    let mut results = serde_json::Map::new();
    let mut wrong = Vec::new();
    for (id, message) in REFUSED {
        // codegen's message: `<file>#<pointer>: `<keyword>`: why`.
        let (file, rest) = message.split_once('#').unwrap_or(("", message));
        let (pointer, rest) = rest.split_once(": `").unwrap_or(("", rest));
        let (keyword, why) = rest.split_once("`: ").unwrap_or(("", rest));
        results.insert(
            id.to_string(),
            json!({"generated": false, "file": file, "pointer": pointer, "keyword": keyword, "message": why}),
        );
    }
    for (id, read) in GROUPS {
        let group = &groups[*id];
        let mut verdicts = Vec::new();
        for case in group["cases"].as_array().expect("cases") {
            let got = verdict(*read, &case["data"]);
            let expected = if case["valid"] == true {
                "accepted"
            } else {
                "refused"
            };
            if got != expected {
                wrong.push(format!(
                    "{id} ({} / {}): {got}, expected {expected}; data {}",
                    group["group"], case["description"], case["data"]
                ));
            }
            verdicts.push(Value::String(got));
        }
        results.insert(
            id.to_string(),
            json!({"generated": true, "verdicts": verdicts}),
        );
    }
    let out = root.join("target/suite");
    std::fs::create_dir_all(&out).expect("target/suite");
    std::fs::write(
        out.join("rust.json"),
        serde_json::to_string_pretty(&Value::Object(results)).expect("writes") + "\n",
    )
    .expect("target/suite/rust.json");
    assert!(
        wrong.is_empty(),
        "{} wrong verdict(s):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
