//! `cargo run --example publish_event`: builds a workflow event and prints its JSON, the bytes
//! a producer would publish to Kafka.

use serde_json::json;
use workflow_events::{
    EventSource, EventType, ValidationErrors, WorkflowEvent, WorkflowEventMetadata,
    WorkflowEventPayload,
};

fn main() -> Result<(), ValidationErrors> {
    let event = WorkflowEvent::new(
        EventType::WorkflowCompleted,
        EventSource::Airflow,
        "example_etl_dag",
        "run_2025-01-27T10:00:00",
        WorkflowEventPayload::new(
            json!({"status": "success", "tasks_completed": 5, "duration_seconds": 120}),
        )?,
        WorkflowEventMetadata::new("dev")?,
    );
    println!("{}", event.to_json());
    Ok(())
}
