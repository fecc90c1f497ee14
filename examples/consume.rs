//! `cargo run --features kafka --example consume`: reads workflow events as consumer group
//! `example-consumer`, prints each, and dead-letters invalid messages to `<topic>.dlq`.
//! Stops after 10 s without a message.
//!
//! Needs a broker: `eval "$(scripts/kafka-broker up)"` starts one and sets `KAFKA_BOOTSTRAP`.
//! `KAFKA_TOPIC` picks the topic (default `workflow-events`). A secured cluster's settings come
//! from `WORKFLOW_EVENTS_KAFKA_<PROPERTY>` variables (`WORKFLOW_EVENTS_KAFKA_SECURITY_PROTOCOL=SASL_SSL`,
//! `..._SASL_MECHANISM`, `..._SASL_USERNAME`, `..._SASL_PASSWORD`, `..._SSL_CA_LOCATION`), as in
//! the README's "Connecting to a secured cluster".

use std::time::Duration;

use workflow_events::kafka::{settings_from_environment, ConsumeError, EventConsumer, Outcome};
use workflow_events::AnyWorkflowEvent;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bootstrap = std::env::var("KAFKA_BOOTSTRAP")
        .map_err(|_| "KAFKA_BOOTSTRAP is not set; run: eval \"$(scripts/kafka-broker up)\"")?;
    let topic = std::env::var("KAFKA_TOPIC").unwrap_or_else(|_| "workflow-events".to_owned());
    let consumer = settings_from_environment()?
        .into_iter()
        .fold(
            EventConsumer::builder(bootstrap, "example-consumer", topic),
            |b, (k, v)| b.set(k, v),
        )
        .build()?;
    consumer.check(Duration::from_secs(20))?;

    // A service would call `consumer.run(handler).await` and never stop; this demo stops when idle.
    // Each event arrives with the types of the schema version it names (`"1.0"` → V1_0, ...);
    // `into_latest()` gives the newest types when the handler wants one type for all.
    let handler = |event: AnyWorkflowEvent, meta: workflow_events::kafka::MessageMeta| async move {
        println!(
            "partition {} offset {} (schema v{}): {}",
            meta.partition,
            meta.offset,
            event.version(),
            event.to_json()
        );
        Ok::<(), std::convert::Infallible>(())
    };
    while let Ok(next) =
        tokio::time::timeout(Duration::from_secs(10), consumer.process_next(handler)).await
    {
        match next {
            Ok(Outcome::Handled { .. }) => {}
            Ok(Outcome::DeadLettered { offset, error, .. }) => {
                println!("offset {offset}: sent to {}: {error}", consumer.dlq_topic())
            }
            // e.g. the topic does not exist yet: librdkafka keeps trying.
            Err(ConsumeError::Kafka(e)) => eprintln!("{e}"),
            Err(e) => return Err(e.into()),
        }
    }
    consumer.commit()?;
    println!("no message for 10 s; offsets committed, bye");
    Ok(())
}
