//! The schema documents: valid against the draft 2020-12 meta-schema, accepting every example
//! under an independent validator (the `jsonschema` crate, formats as annotations), and the
//! `schema_utils` views for readers and writers.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use workflow_events::schema_utils::{generate_json_schema, save_json_schema, SchemaMode};
use workflow_events::{
    EventSource, EventType, WorkflowEvent, WorkflowEventMetadata, WorkflowEventPayload,
};

const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

fn version_dir(version: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(format!("v{version}"))
}

fn json_files(dir: &Path) -> Vec<(String, Value)> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            let value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                value,
            )
        })
        .collect()
}

/// An independent validator: the schema as written, formats as annotations (the 2020-12 default).
fn annotation_validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(false)
        .build(schema)
        .unwrap()
}

fn assert_meta_valid(schema: &Value, what: &str) {
    assert_eq!(schema["$schema"], json!(DRAFT_2020_12), "{what}");
    if let Err(error) = jsonschema::meta::validate(schema) {
        panic!(
            "{what} is not a valid draft 2020-12 schema: {error} at {}",
            error.instance_path()
        );
    }
}

macro_rules! schema_tests {
    ($module:ident) => {
        mod $module {
            use super::*;
            use workflow_events::$module::{json_schema, SCHEMA_FILE, SCHEMA_JSON, VERSION};

            fn schema() -> Value {
                serde_json::from_str(SCHEMA_JSON).unwrap()
            }

            #[test]
            fn the_schema_file_and_both_modes_are_valid_2020_12_schemas() {
                assert_meta_valid(&schema(), SCHEMA_FILE);
                assert_meta_valid(&json_schema(SchemaMode::Validation), "validation mode");
                assert_meta_valid(
                    &json_schema(SchemaMode::Serialization),
                    "serialization mode",
                );
            }

            #[test]
            fn the_meta_schema_check_can_fail() {
                let mut broken = schema();
                broken["properties"]["workflow_id"]["type"] = json!("text");
                assert!(jsonschema::meta::validate(&broken).is_err());
            }

            #[test]
            fn every_example_is_valid_under_an_independent_validator() {
                let dir = version_dir(VERSION).join("examples");
                let validator = annotation_validator(&schema());
                let writer_validator =
                    annotation_validator(&json_schema(SchemaMode::Serialization));
                for (name, example) in json_files(&dir) {
                    let errors: Vec<String> = validator
                        .iter_errors(&example)
                        .map(|e| e.to_string())
                        .collect();
                    assert!(errors.is_empty(), "{name}: {errors:?}");
                    let (_, canonical) = json_files(&dir.join("canonical"))
                        .into_iter()
                        .find(|(n, _)| *n == name)
                        .unwrap();
                    let errors: Vec<String> = writer_validator
                        .iter_errors(&canonical)
                        .map(|e| e.to_string())
                        .collect();
                    assert!(
                        errors.is_empty(),
                        "canonical/{name} against the serialization schema: {errors:?}"
                    );
                }
            }

            #[test]
            fn every_counterexample_instance_is_invalid_under_the_schema() {
                // With formats asserted (the contract's uuid and date-time grammars are stricter
                // than the annotation), every instance counterexample must fail.
                let options = jsonschema::options().should_validate_formats(true);
                let validator = options.build(&schema()).unwrap();
                for (name, case) in json_files(&version_dir(VERSION).join("counterexamples")) {
                    if let Some(instance) = case.get("instance") {
                        assert!(
                            !validator.is_valid(instance),
                            "{name} is valid under the schema"
                        );
                    }
                }
            }

            /// The schema as written, but for the project's `x-` keywords, which other tools'
            /// strict modes refuse (`codegen::schema::published_schema`).
            #[test]
            fn validation_mode_is_the_schema_as_written_without_extensions() {
                let published = json_schema(SchemaMode::Validation);
                assert!(!published.to_string().contains("\"x-"));
                let mut written = schema().to_string();
                for factory in [
                    ",\"x-default-factory\":\"uuid4\"",
                    ",\"x-default-factory\":\"now\"",
                ] {
                    written = written.replace(factory, "");
                }
                assert_eq!(published.to_string(), written);
            }
        }
    };
}

// One block per schema/v*/ directory, from the list build.rs generates.
workflow_events::for_each_version!(schema_tests);

#[test]
fn serialization_mode_requires_what_writers_always_emit() {
    let validation = generate_json_schema(SchemaMode::Validation);
    let serialization = generate_json_schema(SchemaMode::Serialization);
    let required = |schema: &Value, pointer: &str| schema.pointer(pointer).unwrap().clone();
    assert_eq!(
        required(&validation, "/required"),
        json!([
            "event_type",
            "source",
            "workflow_id",
            "workflow_run_id",
            "payload",
            "metadata"
        ])
    );
    assert_eq!(
        required(&serialization, "/required"),
        json!([
            "event_id",
            "event_type",
            "timestamp",
            "source",
            "workflow_id",
            "workflow_run_id",
            "payload",
            "metadata"
        ])
    );
    assert_eq!(
        required(&validation, "/$defs/WorkflowEventMetadata/required"),
        json!(["environment"])
    );
    assert_eq!(
        required(&serialization, "/$defs/WorkflowEventMetadata/required"),
        json!(["environment", "version"])
    );
    // Everything else is the same schema: enums, pattern, descriptions.
    for schema in [&validation, &serialization] {
        assert_eq!(
            schema.pointer("/$defs/EventType/enum").unwrap(),
            &json!([
                "workflow.triggered",
                "workflow.completed",
                "workflow.failed",
                "workflow.cancelled"
            ])
        );
        assert_eq!(
            schema.pointer("/$defs/EventSource/enum").unwrap(),
            &json!(["airflow", "langgraph", "fastapi"])
        );
        assert_eq!(
            schema
                .pointer("/$defs/WorkflowEventMetadata/properties/environment/pattern")
                .unwrap(),
            &json!("^(dev|staging|prod)$")
        );
        assert_eq!(
            schema.pointer("/properties/event_id/description").unwrap(),
            &json!("Unique identifier for the event")
        );
    }
}

#[test]
fn an_event_without_id_and_timestamp_is_valid_for_readers_only() {
    let event = WorkflowEvent::new(
        EventType::WorkflowFailed,
        EventSource::Fastapi,
        "svc",
        "run",
        WorkflowEventPayload::new(json!({})).unwrap(),
        WorkflowEventMetadata::new("prod").unwrap(),
    );
    let written = event.to_value();
    let mut partial = written.clone();
    partial.as_object_mut().unwrap().remove("event_id");
    partial.as_object_mut().unwrap().remove("timestamp");
    let reader = annotation_validator(&generate_json_schema(SchemaMode::Validation));
    let writer = annotation_validator(&generate_json_schema(SchemaMode::Serialization));
    assert!(reader.is_valid(&written) && writer.is_valid(&written));
    assert!(reader.is_valid(&partial));
    assert!(!writer.is_valid(&partial));
}

/// The published schemas are written once, by codegen, and shipped by every package: Rust's
/// `json_schema(mode)` of each version is the file the generated Python package ships and the
/// text the TypeScript package embeds, byte for byte, without `x-` keywords; `required` of the
/// serialization schema lists what a writer always emits, in property order.
macro_rules! published_schemas_are_shipped_alike {
    ($module:ident) => {
        #[test]
        fn $module() {
            use workflow_events::$module::{
                json_schema, PUBLISHED_SCHEMA_JSON, SERIALIZATION_SCHEMA_JSON, VERSION,
            };
            let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated");
            let read = |path: PathBuf| {
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            };
            let ident = format!("v{}", VERSION.replace('.', "_"));
            let package = generated.join("python/workflow_events").join(&ident);
            let typescript = read(generated.join(format!("typescript/src/{ident}/schema.ts")));
            for (mode, rust, file) in [
                (
                    SchemaMode::Validation,
                    PUBLISHED_SCHEMA_JSON,
                    "workflow_event.schema.json",
                ),
                (
                    SchemaMode::Serialization,
                    SERIALIZATION_SCHEMA_JSON,
                    "workflow_event.serialization.schema.json",
                ),
            ] {
                assert_eq!(read(package.join(file)), rust, "{file}");
                assert_eq!(
                    serde_json::to_string_pretty(&json_schema(mode)).unwrap() + "\n",
                    rust
                );
                assert!(!rust.contains("x-default-factory"), "{file}");
                // The TypeScript package embeds the same text in a template literal.
                let body = rust
                    .trim_end()
                    .replace('\\', "\\\\")
                    .replace('`', "\\`")
                    .replace("${", "\\${");
                assert!(
                    typescript.contains(&body),
                    "schema.ts does not embed {file}"
                );
            }
            let schema = json_schema(SchemaMode::Serialization);
            let properties: Vec<&String> =
                schema["properties"].as_object().unwrap().keys().collect();
            let required: Vec<&str> = schema["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .collect();
            let mut in_order = required.clone();
            in_order.sort_by_key(|r| properties.iter().position(|p| p.as_str() == *r));
            assert_eq!(required, in_order, "required in property order");
            assert!(required.contains(&"event_id") && required.contains(&"timestamp"));
        }
    };
}

mod published_schemas {
    use super::*;
    workflow_events::for_each_version!(published_schemas_are_shipped_alike);
}

#[test]
fn save_json_schema_writes_pretty_json_atomically() {
    let dir = std::env::temp_dir().join(format!(
        "workflow-events-schema-test-{}",
        std::process::id()
    ));
    fs::create_dir_all(&dir).unwrap();
    for mode in [SchemaMode::Validation, SchemaMode::Serialization] {
        let path = dir.join("workflow_event_schema.json");
        fs::write(&path, "old contents").unwrap();
        save_json_schema(&path, mode).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.ends_with("}\n") && text.contains("\n  \"$schema\""),
            "{text}"
        );
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            generate_json_schema(mode)
        );
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            1,
            "temporary files left behind: {leftovers:?}"
        );
    }
    assert!(save_json_schema(
        dir.join("missing-dir").join("x.json"),
        SchemaMode::Validation
    )
    .is_err());
    fs::remove_dir_all(&dir).unwrap();
}
