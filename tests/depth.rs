//! Nesting depth (schema/CONTRACT.md, "Reading"): like pydantic and the TypeScript reader, a
//! value may sit inside at most 200 containers; deeper input is one `json_invalid` error at the
//! root. serde_json alone would stop at 128 (src/json_text.rs).

use workflow_events::{parse_any_str, ReadError, WorkflowEvent};

/// An event whose `payload.data` is `{"d": …}` holding `arrays` nested empty arrays: the
/// innermost sits inside `3 + arrays` containers counting the envelope, `payload` and `data`.
fn event(arrays: usize) -> String {
    format!(
        r#"{{"event_type":"workflow.completed","source":"airflow","workflow_id":"w","workflow_run_id":"r","payload":{{"data":{{"d":{}{}}}}},"metadata":{{"environment":"dev","version":"1.0"}}}}"#,
        "[".repeat(arrays),
        "]".repeat(arrays)
    )
}

/// The most containers open at once in `event(arrays)`.
fn depth(arrays: usize) -> usize {
    arrays + 3
}

#[test]
fn depths_up_to_201_open_containers_are_read_and_written_back() {
    for arrays in [124, 125, 126, 150, 197, 198] {
        let text = event(arrays);
        let event = WorkflowEvent::from_json(&text)
            .unwrap_or_else(|e| panic!("depth {} rejected: {e:?}", depth(arrays)));
        assert_eq!(WorkflowEvent::from_json(&event.to_json()).unwrap(), event);
        assert!(
            parse_any_str(&text).is_ok(),
            "parse_any at depth {}",
            depth(arrays)
        );
    }
}

#[test]
fn a_value_inside_201_containers_is_json_invalid() {
    for text in [
        event(199),
        event(500),
        event(100_000),
        event(198).replace("[]", "[1]"),
    ] {
        let errors = WorkflowEvent::from_json(&text).unwrap_err();
        let found: Vec<_> = errors
            .errors()
            .iter()
            .map(|e| (e.error_type.as_str(), e.loc.len()))
            .collect();
        assert_eq!(found, [("json_invalid", 0)]);
        assert!(errors.errors()[0].msg.contains("recursion limit exceeded"));
        match parse_any_str(&text) {
            Err(ReadError::Invalid { errors, .. }) => {
                assert_eq!(errors.errors()[0].error_type, "json_invalid")
            }
            other => panic!("parse_any: {other:?}"),
        }
    }
}

#[test]
fn the_deepest_input_fits_half_a_thread_s_default_stack() {
    // Reading 201 levels took 384..512 KiB in a debug build and 96..128 KiB in release (at 128
    // levels, serde_json's old limit: 288..352 KiB debug); spawned threads get 2 MiB.
    let worker = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let deepest = WorkflowEvent::from_json(&event(198)).unwrap();
            assert!(WorkflowEvent::from_json(&deepest.to_json()).is_ok());
            assert!(WorkflowEvent::from_json(&event(199)).is_err());
        })
        .unwrap();
    worker.join().unwrap();
}
