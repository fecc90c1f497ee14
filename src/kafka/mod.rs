//! Kafka transport for workflow events (cargo feature `kafka`): an idempotent [`EventProducer`],
//! a version-dispatching [`decode`] (each event read with the types of the schema version it
//! names, as [`AnyWorkflowEvent`](crate::AnyWorkflowEvent)), and an at-least-once
//! [`EventConsumer`] with a dead-letter topic.
//!
//! The wire format, shared with the Python helper (`workflow_events.kafka`):
//!
//! | part | content |
//! |---|---|
//! | key | `workflow_run_id` (UTF-8), so every event of one run lands in one partition, in order |
//! | value | the canonical JSON of the event, exactly the bytes of `to_json()` |
//! | headers | `content-type: application/json`, `event_type`, `source`, `schema_version` (= `metadata.version`), then `traceparent` when the event has one (v1.1+) |
//!
//! The `traceparent` header carries the event's own `traceparent` (W3C Trace Context), where
//! OpenTelemetry's Kafka instrumentation reads it; consumers get it from
//! [`MessageMeta::trace_context`].
//!
//! Opt-in ([`RecordOptions`], [`EventProducerBuilder::cloudevents`],
//! [`EventProducerBuilder::confluent_schema_id`]): CloudEvents binary-mode headers
//! ([`ce_headers`]), and the Confluent Schema Registry framing of the value (magic byte `0`,
//! 4-byte big-endian schema id, the canonical JSON). [`decode`] reads framed and plain values
//! alike; a value that starts with byte `0` but is shorter than the 5-byte frame is
//! `frame_invalid`.
//!
//! A secured cluster (TLS, SASL PLAIN / SCRAM / OAUTHBEARER) takes librdkafka's own properties
//! through the builders' `set` (`security.protocol`, `sasl.*`, `ssl.*`), or from
//! `WORKFLOW_EVENTS_KAFKA_<PROPERTY>` variables ([`settings_from_environment`]);
//! [`EventProducer::check`] / [`EventConsumer::check`] name the cause when the cluster refuses
//! the client ([`ConnectionError`]); secret settings never appear in `Debug` output or errors.
//!
//! A message the consumer cannot turn into an event (malformed JSON, failed validation under the
//! version it names, a major version this build has no types for) goes to the dead-letter topic (`<topic>.dlq` unless configured)
//! with its original key, value and headers, plus the headers in [`dlq_headers`]:
//! `error_type` (see [`DecodeErrorKind`]) and `errors`, the `{type, loc, msg}` list as JSON.
//!
//! ```no_run
//! # async fn demo(event: workflow_events::WorkflowEvent) -> Result<(), Box<dyn std::error::Error>> {
//! use workflow_events::kafka::{EventConsumer, EventProducer};
//!
//! let producer = EventProducer::builder("127.0.0.1:9092", "workflow-events").build()?;
//! let delivered = producer.send(&event).await?; // resolves once the broker acknowledged it
//! println!("partition {} offset {}", delivered.partition, delivered.offset);
//!
//! let consumer = EventConsumer::builder("127.0.0.1:9092", "my-service", "workflow-events").build()?;
//! consumer
//!     .run(|event, _meta| async move {
//!         // `event` is an AnyWorkflowEvent: the types of its own schema version.
//!         println!("v{}: {}", event.version(), event.to_json());
//!         Ok::<(), std::io::Error>(())
//!     })
//!     .await?;
//! # Ok(()) }
//! ```

mod consumer;
mod decode;
mod environment;
mod producer;
mod security;

pub use consumer::{ConsumeError, EventConsumer, EventConsumerBuilder, MessageMeta, Outcome};
pub use decode::{decode, unframe, DecodeError, DecodeErrorKind, ErrorEntry, MessageValue};
pub use environment::{
    settings_from, settings_from_environment, EnvironmentError, ENVIRONMENT_PREFIX,
};
pub(crate) use producer::sealed;
pub use producer::{
    Delivered, EventProducer, EventProducerBuilder, EventRecord, KafkaEvent, RecordOptions, Sent,
};
pub use security::{is_secret, ConnectionError, ConnectionErrorKind, ConnectionWatch, REDACTED};

/// The `rdkafka` crate this module is built on, for settings and types it does not wrap.
pub use rdkafka;

/// Header names written on every event message.
pub mod headers {
    /// `application/json`.
    pub const CONTENT_TYPE: &str = "content-type";
    /// The event's `event_type`, e.g. `workflow.completed`.
    pub const EVENT_TYPE: &str = "event_type";
    /// The event's `source`, e.g. `airflow`.
    pub const SOURCE: &str = "source";
    /// The event's `metadata.version`, e.g. `1.0`.
    pub const SCHEMA_VERSION: &str = "schema_version";
    /// The value of [`CONTENT_TYPE`].
    pub const JSON: &str = "application/json";
    /// W3C Trace Context: the event's `traceparent` (v1.1+), written when the event has one.
    pub const TRACEPARENT: &str = "traceparent";
    /// The W3C Trace Context header names, which [`MessageMeta::trace_context`](super::MessageMeta::trace_context) reads.
    pub const TRACE_CONTEXT: [&str; 2] = [TRACEPARENT, "tracestate"];
}

/// CloudEvents Kafka protocol binding (binary mode) header names, written when
/// [`RecordOptions::cloudevents`] is on; the value stays the canonical JSON and
/// `content-type` is the usual header, so consumers that ignore them are unaffected.
pub mod ce_headers {
    /// `1.0`.
    pub const SPECVERSION: &str = "ce_specversion";
    /// The event's `event_id`.
    pub const ID: &str = "ce_id";
    /// The event's `source` (`airflow`, ...), a URI-reference.
    pub const SOURCE: &str = "ce_source";
    /// The event's `event_type` (`workflow.completed`, ...).
    pub const TYPE: &str = "ce_type";
    /// The event's `timestamp`, as written in the value (RFC 3339, UTC).
    pub const TIME: &str = "ce_time";
}

/// Header names added to a dead-lettered message (next to the original headers).
pub mod dlq_headers {
    /// Why the message could not be read: `json_invalid`, `validation_failed`, `unknown_version`
    /// or `frame_invalid`.
    pub const ERROR_TYPE: &str = "error_type";
    /// The `{type, loc, msg}` errors as a JSON array.
    pub const ERRORS: &str = "errors";
    /// The topic the message was read from.
    pub const ORIGINAL_TOPIC: &str = "original_topic";
    /// The partition the message was read from (decimal).
    pub const ORIGINAL_PARTITION: &str = "original_partition";
    /// The offset the message was read from (decimal).
    pub const ORIGINAL_OFFSET: &str = "original_offset";
}

/// The dead-letter topic used when none is configured: `<topic>.dlq`.
pub fn default_dlq_topic(topic: &str) -> String {
    format!("{topic}.dlq")
}
