//! `cargo run --features kafka --example produce`: publishes three workflow events of one run
//! and waits until the broker acknowledged each.
//!
//! Needs a broker: `eval "$(scripts/kafka-broker up)"` starts one and sets `KAFKA_BOOTSTRAP`.
//! `KAFKA_TOPIC` picks the topic (default `workflow-events`). A secured cluster's settings come
//! from `WORKFLOW_EVENTS_KAFKA_<PROPERTY>` variables (`WORKFLOW_EVENTS_KAFKA_SECURITY_PROTOCOL=SASL_SSL`,
//! `..._SASL_MECHANISM`, `..._SASL_USERNAME`, `..._SASL_PASSWORD`, `..._SSL_CA_LOCATION`), as in
//! the README's "Connecting to a secured cluster".

use serde_json::json;
use workflow_events::kafka::{settings_from_environment, EventProducer};
use workflow_events::{
    EventSource, EventType, WorkflowEvent, WorkflowEventMetadata, WorkflowEventPayload,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bootstrap = std::env::var("KAFKA_BOOTSTRAP")
        .map_err(|_| "KAFKA_BOOTSTRAP is not set; run: eval \"$(scripts/kafka-broker up)\"")?;
    let topic = std::env::var("KAFKA_TOPIC").unwrap_or_else(|_| "workflow-events".to_owned());
    let producer = settings_from_environment()?
        .into_iter()
        .fold(EventProducer::builder(bootstrap, topic), |b, (k, v)| {
            b.set(k, v)
        })
        .build()?;
    // The cause (a refused login, an untrusted certificate) now rather than as send timeouts.
    producer.check(std::time::Duration::from_secs(20))?;

    let run = "run_2025-01-27T10:00:00";
    let events = [
        (EventType::WorkflowTriggered, json!({"trigger": "schedule"})),
        (
            EventType::WorkflowCompleted,
            json!({"status": "success", "tasks_completed": 5}),
        ),
        (
            EventType::WorkflowFailed,
            json!({"error": "Task timeout", "retry_count": 3}),
        ),
    ]
    .into_iter()
    .map(|(event_type, data)| {
        Ok(WorkflowEvent::new(
            event_type,
            EventSource::Airflow,
            "example_etl_dag",
            run,
            WorkflowEventPayload::new(data)?,
            WorkflowEventMetadata::new("dev")?,
        ))
    })
    .collect::<Result<Vec<_>, workflow_events::ValidationErrors>>()?;

    // Queue all three (in order), then wait for each acknowledgement.
    let pending: Vec<_> = events.iter().map(|event| producer.send(event)).collect();
    for (event, sent) in events.iter().zip(pending) {
        let delivered = sent.await?;
        println!(
            "{} partition {} offset {}: {}",
            producer.topic(),
            delivered.partition,
            delivered.offset,
            event.to_json()
        );
    }
    Ok(())
}
