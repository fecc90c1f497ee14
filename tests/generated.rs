//! The Rust that build.rs generates for each schema version is the text checked in under
//! `generated/<version>/rust/` (`codegen --lang rust` writes it, `codegen --check` guards it), so
//! any change in typify's output or the post-processing is reviewed as a diff.

macro_rules! generated_source_snapshot {
    ($module:ident) => {
        #[test]
        fn $module() {
            let source = workflow_events::$module::GENERATED_SOURCE;
            // The post-processing is visible in the snapshot; check its two effects here too,
            // so a wrong snapshot cannot be accepted unnoticed.
            let event = source
                .split("pub struct WorkflowEvent {")
                .nth(1)
                .expect("struct WorkflowEvent");
            let fields: Vec<&str> = event
                .lines()
                .take_while(|line| *line != "}")
                .filter_map(|line| line.trim().strip_prefix("pub ")?.split(':').next())
                .collect();
            // Schema order (the wire order), whatever the version's properties are.
            let schema: serde_json::Value =
                serde_json::from_str(workflow_events::$module::SCHEMA_JSON).unwrap();
            let properties: Vec<&str> = schema["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(fields, properties);
            assert!(event.contains(
                "#[serde(default = \"crate::factory::uuid4\")]\n    pub event_id: ::uuid::Uuid,"
            ));
            assert!(event.contains(
                "#[serde(default = \"crate::factory::now\")]\n    pub timestamp: crate::Timestamp,"
            ));
            let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("generated")
                .join(format!("v{}", workflow_events::$module::VERSION))
                .join("rust")
                .join(concat!(stringify!($module), ".rs"));
            let checked_in = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert!(
                checked_in == source,
                "{} differs from what build.rs generated: run `cargo run -p codegen -- --lang rust`",
                file.display()
            );
        }
    };
}

// One test per schema/v*/ directory, from the list build.rs generates.
workflow_events::for_each_version!(generated_source_snapshot);
