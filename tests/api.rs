//! The seed's test list (creation and validation, invalid events, JSON round trips,
//! versioning, enums), ported to the Rust API of schema v1.0 (the seed's version; the root
//! re-exports the newest version).

use std::str::FromStr;

use serde_json::{json, Value};
use workflow_events::v1_0::{
    EventSource, EventType, WorkflowEvent, WorkflowEventMetadata, WorkflowEventPayload,
};
use workflow_events::{LocItem, Timestamp, ValidationErrors};

fn completed_event() -> WorkflowEvent {
    WorkflowEvent::new(
        EventType::WorkflowCompleted,
        EventSource::Airflow,
        "example_dag",
        "run_123",
        WorkflowEventPayload::new(json!({"status": "success", "count": 100})).unwrap(),
        WorkflowEventMetadata::new("dev").unwrap(),
    )
}

/// The seed's dict example, as a JSON value.
fn seed_dict() -> Value {
    json!({
        "event_id": "123e4567-e89b-12d3-a456-426614174000",
        "event_type": "workflow.completed",
        "timestamp": "2025-01-27T10:00:00",
        "source": "airflow",
        "workflow_id": "example_dag",
        "workflow_run_id": "run_123",
        "payload": {"data": {"status": "success"}},
        "metadata": {"environment": "dev", "version": "1.0"}
    })
}

/// `[(type, loc)]` of an error list, locs as dotted strings.
fn kinds(errors: &ValidationErrors) -> Vec<(String, String)> {
    errors
        .errors()
        .iter()
        .map(|e| {
            let loc: Vec<String> = e.loc.iter().map(ToString::to_string).collect();
            (e.error_type.clone(), loc.join("."))
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(t, l)| (t.to_string(), l.to_string()))
        .collect()
}

// --- creation and validation -------------------------------------------------------------

#[test]
fn new_event_holds_its_parts() {
    let event = completed_event();
    assert_eq!(event.event_type, EventType::WorkflowCompleted);
    assert_eq!(event.source, EventSource::Airflow);
    assert_eq!(event.workflow_id, "example_dag");
    assert_eq!(event.workflow_run_id, "run_123");
    assert_eq!(
        Value::from(event.payload.data.clone()),
        json!({"status": "success", "count": 100})
    );
    assert_eq!(event.metadata.environment.as_str(), "dev");
    assert_eq!(event.metadata.version, "1.0");
}

#[test]
fn new_event_gets_a_fresh_uuid4_and_the_current_time() {
    let before = chrono::Utc::now() - chrono::TimeDelta::seconds(1);
    let (a, b) = (completed_event(), completed_event());
    let after = chrono::Utc::now() + chrono::TimeDelta::seconds(1);
    assert_eq!(a.event_id.get_version_num(), 4);
    assert_ne!(a.event_id, b.event_id);
    let at = a.timestamp.as_datetime();
    assert!(
        before <= at && at <= after,
        "{at} not between {before} and {after}"
    );
    assert_eq!(
        at.timestamp_subsec_nanos() % 1000,
        0,
        "timestamps have microsecond precision"
    );
}

#[test]
fn every_environment_is_accepted() {
    for environment in ["dev", "staging", "prod"] {
        let metadata = WorkflowEventMetadata::new(environment).unwrap();
        assert_eq!(metadata.environment.as_str(), environment);
        assert_eq!(metadata.version, "1.0");
    }
}

#[test]
fn payload_accepts_nested_data() {
    let data =
        json!({"status": "success", "count": 100, "tasks": [{"id": 1, "status": "completed"}]});
    let payload = WorkflowEventPayload::new(data.clone()).unwrap();
    assert_eq!(Value::from(payload.data), data);
}

#[test]
fn an_absent_event_id_and_timestamp_are_generated_on_read() {
    let mut dict = seed_dict();
    let object = dict.as_object_mut().unwrap();
    object.remove("event_id");
    object.remove("timestamp");
    let a = WorkflowEvent::from_value(dict.clone()).unwrap();
    let b = WorkflowEvent::from_value(dict).unwrap();
    assert_eq!(a.event_id.get_version_num(), 4);
    assert_ne!(a.event_id, b.event_id);
    let age = chrono::Utc::now() - a.timestamp.as_datetime();
    assert!(
        age >= chrono::TimeDelta::zero() && age < chrono::TimeDelta::seconds(60),
        "{age}"
    );
}

// --- invalid events ----------------------------------------------------------------------

#[test]
fn an_invalid_event_type_is_an_enum_error() {
    let mut dict = seed_dict();
    dict["event_type"] = json!("invalid.type");
    let errors = WorkflowEvent::from_value(dict).unwrap_err();
    assert_eq!(kinds(&errors), pairs(&[("enum", "event_type")]));
    assert_eq!(
        errors.errors()[0].msg,
        "Input should be 'workflow.triggered', 'workflow.completed' or 'workflow.failed'"
    );
}

#[test]
fn an_invalid_environment_is_rejected_by_the_constructor() {
    for environment in ["qa", "Dev", "prod ", "dev\n", ""] {
        let errors = WorkflowEventMetadata::new(environment).unwrap_err();
        assert_eq!(
            kinds(&errors),
            pairs(&[("string_pattern_mismatch", "environment")]),
            "{environment:?}"
        );
        assert_eq!(errors.title(), "WorkflowEventMetadata");
    }
}

#[test]
fn payload_data_must_be_an_object() {
    for data in [json!([1, 2]), json!("text"), json!(null), json!(5)] {
        let errors = WorkflowEventPayload::new(data.clone()).unwrap_err();
        assert_eq!(kinds(&errors), pairs(&[("dict_type", "data")]), "{data}");
    }
}

#[test]
fn payload_numbers_beyond_the_double_range_are_rejected() {
    let data: Value = serde_json::from_str(r#"{"ok": 1e308, "list": [1, -1e400]}"#).unwrap();
    let errors = WorkflowEventPayload::new(data).unwrap_err();
    assert_eq!(kinds(&errors), pairs(&[("finite_number", "data.list.1")]));
}

#[test]
fn all_problems_are_reported_in_schema_order() {
    let input = json!({
        "event_id": "not-a-uuid",
        "event_type": "workflow.done",
        "timestamp": "2025-02-30T10:00:00Z",
        "source": 7,
        "workflow_run_id": null,
        "payload": {"data": "oops"},
        "metadata": {"version": 1}
    });
    let errors = WorkflowEvent::from_value(input).unwrap_err();
    assert_eq!(
        kinds(&errors),
        pairs(&[
            ("uuid_parsing", "event_id"),
            ("enum", "event_type"),
            ("datetime_parsing", "timestamp"),
            ("enum", "source"),
            ("missing", "workflow_id"),
            ("string_type", "workflow_run_id"),
            ("dict_type", "payload.data"),
            ("missing", "metadata.environment"),
            ("string_type", "metadata.version"),
        ])
    );
    assert_eq!(errors.error_count(), 9);
}

#[test]
fn errors_serialize_to_type_loc_msg() {
    let errors = WorkflowEvent::from_json(r#"{"metadata": {"environment": "qa"}}"#).unwrap_err();
    let environment = errors
        .errors()
        .iter()
        .find(|e| e.error_type == "string_pattern_mismatch")
        .unwrap();
    assert_eq!(
        environment.loc,
        vec![LocItem::from("metadata"), LocItem::from("environment")]
    );
    assert_eq!(
        serde_json::to_value(environment).unwrap(),
        json!({
            "type": "string_pattern_mismatch",
            "loc": ["metadata", "environment"],
            "msg": "String should match pattern '^(dev|staging|prod)$'"
        })
    );
    let index = serde_json::to_value(LocItem::Index(3)).unwrap();
    assert_eq!(index, json!(3));
}

#[test]
fn errors_print_a_readable_multi_line_message() {
    let errors = WorkflowEvent::from_json(r#"{"event_type": "nope", "metadata": []}"#).unwrap_err();
    let text = errors.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "6 validation errors for WorkflowEvent");
    assert_eq!(lines[1], "event_type");
    assert!(
        lines[2].starts_with("  Input should be 'workflow.triggered'")
            && lines[2].ends_with("[type=enum]")
    );
    assert!(
        text.contains("\nmetadata\n  Input should be an object [type=model_type]"),
        "{text}"
    );
    let as_error: &dyn std::error::Error = &errors;
    assert_eq!(as_error.to_string(), text);
}

#[test]
fn malformed_json_is_json_invalid() {
    for input in [
        "",
        "{",
        "{\"event_type\": }",
        "[1,]",
        "nul",
        "{} {}",
        "\u{feff}{}",
    ] {
        let errors = WorkflowEvent::from_json(input).unwrap_err();
        assert_eq!(kinds(&errors), pairs(&[("json_invalid", "")]), "{input:?}");
    }
    let errors = WorkflowEvent::from_slice(b"{\"workflow_id\": \"\xff\"}").unwrap_err();
    assert_eq!(kinds(&errors), pairs(&[("json_invalid", "")]));
}

// --- JSON round trips --------------------------------------------------------------------

#[test]
fn to_json_is_compact_in_schema_order() {
    let event = completed_event();
    let json = event.to_json();
    let expected = format!(
        concat!(
            r#"{{"event_id":"{}","event_type":"workflow.completed","timestamp":"{}","source":"airflow","#,
            r#""workflow_id":"example_dag","workflow_run_id":"run_123","#,
            r#""payload":{{"data":{{"status":"success","count":100}}}},"metadata":{{"environment":"dev","version":"1.0"}}}}"#
        ),
        event.event_id, event.timestamp
    );
    assert_eq!(json, expected);
}

#[test]
fn json_round_trip_gives_back_the_same_event() {
    let event = completed_event();
    let back = WorkflowEvent::from_json(&event.to_json()).unwrap();
    assert_eq!(back, event);
    assert_eq!(back.to_json(), event.to_json());
    assert_eq!(
        WorkflowEvent::from_slice(event.to_json().as_bytes()).unwrap(),
        event
    );
    assert_eq!(WorkflowEvent::from_str(&event.to_json()).unwrap(), event);
}

#[test]
fn value_round_trip_gives_back_the_same_event() {
    let event = completed_event();
    let value = event.to_value();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "event_id",
            "event_type",
            "timestamp",
            "source",
            "workflow_id",
            "workflow_run_id",
            "payload",
            "metadata"
        ]
    );
    assert_eq!(WorkflowEvent::from_value(value).unwrap(), event);
}

#[test]
fn the_seed_dict_example_reads_and_writes_utc() {
    let event = WorkflowEvent::from_value(seed_dict()).unwrap();
    assert_eq!(
        event.event_id.to_string(),
        "123e4567-e89b-12d3-a456-426614174000"
    );
    assert_eq!(event.timestamp.to_string(), "2025-01-27T10:00:00Z");
    assert_eq!(event.to_value()["timestamp"], json!("2025-01-27T10:00:00Z"));
}

#[test]
fn payload_numbers_are_written_as_pydantic_writes_them() {
    // Outputs of pydantic 2.13.5 model_dump_json for the same inputs.
    let cases = [
        ("1e16", "1e+16"),
        ("1e-7", "1e-7"),
        ("1.0", "1.0"),
        ("0.0001", "0.0001"),
        ("1e-5", "0.00001"),
        ("123.456", "123.456"),
        ("1e300", "1e+300"),
        ("-0.0", "-0.0"),
        ("5e-324", "5e-324"),
        ("1e22", "1e+22"),
        ("12345678.9", "12345678.9"),
        ("1e15", "1000000000000000.0"),
        ("123456789012345678.0", "1.2345678901234568e+17"),
        ("1e-400", "0.0"),
        ("-0", "0"),
        (
            "123456789012345678901234567890",
            "123456789012345678901234567890",
        ),
    ];
    for (input, expected) in cases {
        let data: Value = serde_json::from_str(&format!(r#"{{"x":{input}}}"#)).unwrap();
        let mut event = completed_event();
        event.payload = WorkflowEventPayload::new(data).unwrap();
        let json = event.to_json();
        assert!(
            json.contains(&format!(r#""payload":{{"data":{{"x":{expected}}}}}"#)),
            "{input}: {json}"
        );
        // Numbers from the json! macro are canonical too.
        let back = WorkflowEvent::from_json(&json).unwrap();
        assert_eq!(back.to_json(), json, "{input}");
    }
    let mut event = completed_event();
    event.payload = WorkflowEventPayload::new(json!({"x": 1e16, "y": 0.5})).unwrap();
    assert!(
        event.to_json().contains(r#"{"x":1e+16,"y":0.5}"#),
        "{}",
        event.to_json()
    );
}

#[test]
fn timestamps_are_written_in_utc_with_micros_only_when_non_zero() {
    for (input, output) in [
        ("2025-01-27T10:00:00.000Z", "2025-01-27T10:00:00Z"),
        ("2025-01-27T10:00:00.12Z", "2025-01-27T10:00:00.120000Z"),
        ("2025-01-27T12:00:00+02:00", "2025-01-27T10:00:00Z"),
        (
            "2025-01-27T10:00:00.1234567Z",
            "2025-01-27T10:00:00.123456Z",
        ),
    ] {
        let mut dict = seed_dict();
        dict["timestamp"] = json!(input);
        let event = WorkflowEvent::from_value(dict).unwrap();
        assert_eq!(event.to_value()["timestamp"], json!(output), "{input}");
        assert_eq!(Timestamp::from_str(input).unwrap().to_string(), output);
    }
}

#[test]
fn unknown_properties_are_ignored_and_dropped() {
    let mut dict = seed_dict();
    dict["extra"] = serde_json::from_str(r#"{"nested": [1e400]}"#).unwrap();
    dict["metadata"]["region"] = json!("eu-west-1");
    let event = WorkflowEvent::from_value(dict).unwrap();
    assert_eq!(event, WorkflowEvent::from_value(seed_dict()).unwrap());
    assert!(!event.to_json().contains("extra") && !event.to_json().contains("region"));
}

// --- versioning --------------------------------------------------------------------------

#[test]
fn metadata_version_defaults_to_1_0_and_is_kept_when_given() {
    let mut dict = seed_dict();
    dict["metadata"] = json!({"environment": "prod"});
    assert_eq!(
        WorkflowEvent::from_value(dict.clone())
            .unwrap()
            .metadata
            .version,
        "1.0"
    );
    dict["metadata"]["version"] = json!("1.1");
    let event = WorkflowEvent::from_value(dict).unwrap();
    assert_eq!(event.metadata.version, "1.1");
    assert_eq!(
        event.to_value()["metadata"],
        json!({"environment": "prod", "version": "1.1"})
    );
}

#[test]
fn the_newest_version_is_re_exported_at_the_root() {
    assert_eq!(
        workflow_events::VERSIONS.last(),
        Some(&workflow_events::VERSION)
    );
    assert_eq!(workflow_events::latest::VERSION, workflow_events::VERSION);
    let event: workflow_events::v1_0::WorkflowEvent = completed_event();
    assert_eq!(workflow_events::v1_0::VERSION, "1.0");
    assert_eq!(event.metadata.version, workflow_events::v1_0::VERSION);
}

// --- enums -------------------------------------------------------------------------------

#[test]
fn event_types_display_and_parse_as_their_wire_values() {
    let all = [
        (EventType::WorkflowTriggered, "workflow.triggered"),
        (EventType::WorkflowCompleted, "workflow.completed"),
        (EventType::WorkflowFailed, "workflow.failed"),
    ];
    for (variant, wire) in all {
        assert_eq!(variant.to_string(), wire);
        assert_eq!(wire.parse::<EventType>().unwrap(), variant);
        assert_eq!(serde_json::to_value(variant).unwrap(), json!(wire));
    }
    assert!("WORKFLOW_COMPLETED".parse::<EventType>().is_err());
    assert!("workflow.done".parse::<EventType>().is_err());
}

#[test]
fn event_sources_display_and_parse_as_their_wire_values() {
    let all = [
        (EventSource::Airflow, "airflow"),
        (EventSource::Langgraph, "langgraph"),
        (EventSource::Fastapi, "fastapi"),
    ];
    for (variant, wire) in all {
        assert_eq!(variant.to_string(), wire);
        assert_eq!(wire.parse::<EventSource>().unwrap(), variant);
        assert_eq!(serde_json::to_value(variant).unwrap(), json!(wire));
    }
    assert!("Airflow".parse::<EventSource>().is_err());
    assert!("cron".parse::<EventSource>().is_err());
}

#[test]
fn every_event_type_and_source_round_trips_in_an_event() {
    for event_type in [
        EventType::WorkflowTriggered,
        EventType::WorkflowCompleted,
        EventType::WorkflowFailed,
    ] {
        for source in [
            EventSource::Airflow,
            EventSource::Langgraph,
            EventSource::Fastapi,
        ] {
            let mut event = completed_event();
            event.event_type = event_type;
            event.source = source;
            let back = WorkflowEvent::from_json(&event.to_json()).unwrap();
            assert_eq!((back.event_type, back.source), (event_type, source));
        }
    }
}
