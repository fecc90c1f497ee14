//! Publishing events: the record layout (key, value, headers) and the idempotent producer.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use rdkafka::config::{ClientConfig, RDKafkaLogLevel};
use rdkafka::error::{KafkaError, KafkaResult};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord, Producer};
use rdkafka::types::{RDKafkaConfRes, RDKafkaErrorCode};

use super::headers;
use super::security::{redacted, scrubbed, ConnectionError, ConnectionWatch};

/// An event [`EventProducer::send`] publishes: the `WorkflowEvent` of any schema version
/// (`workflow_events::WorkflowEvent`, `workflow_events::v1_0::WorkflowEvent`, ...) or an
/// [`AnyWorkflowEvent`](crate::AnyWorkflowEvent), e.g. one [`decode`](super::decode) returned.
/// Implemented by this crate only, so the message value is always the canonical JSON.
pub trait KafkaEvent: sealed::Sealed {
    /// The canonical JSON of the event (its `to_json()`): the message value.
    fn to_json(&self) -> String;
    /// Where the record's key and headers are in that JSON (its version's `ENVELOPE`).
    fn envelope(&self) -> &'static crate::Envelope;
}

pub(crate) mod sealed {
    /// Keeps [`KafkaEvent`](super::KafkaEvent) implemented by this crate's event types only.
    pub trait Sealed {}
}

/// The typed-payload envelope fixture (`tests/fixtures/schemas/union_envelope.json`, its
/// `event_type` in the payload) can be sent too, for `tests/kafka.rs`.
#[cfg(feature = "fixtures")]
const _: () = {
    use crate::fixtures::union_envelope::WorkflowEvent;
    impl sealed::Sealed for WorkflowEvent {}
    impl KafkaEvent for WorkflowEvent {
        fn to_json(&self) -> String {
            WorkflowEvent::to_json(self)
        }
        fn envelope(&self) -> &'static crate::Envelope {
            &crate::fixtures::union_envelope::ENVELOPE
        }
    }
};

/// Opt-in additions to the record layout (both off by default); see [`EventRecord::with_options`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordOptions {
    /// CloudEvents Kafka protocol binding, binary mode: adds the headers in
    /// [`ce_headers`](super::ce_headers) (`ce_specversion` `1.0`, `ce_id` = `event_id`,
    /// `ce_source` = `source`, `ce_type` = `event_type`, `ce_time` = `timestamp`) after the
    /// usual ones; `content-type` is already there, the value is unchanged.
    pub cloudevents: bool,
    /// Confluent Schema Registry wire format: the value becomes magic byte `0`, this schema id
    /// (4 bytes, big-endian), then the canonical JSON. [`decode`](super::decode) reads framed
    /// and plain values.
    pub schema_id: Option<u32>,
}

/// The Kafka record of one event: what [`EventProducer::send`] writes, for callers that bring
/// their own producer (send [`payload`](Self::payload) as the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// `workflow_run_id`.
    pub key: String,
    /// The canonical JSON (`to_json()`); the value sent is [`payload`](Self::payload).
    pub value: String,
    /// The Confluent schema id the value is framed with, if any ([`RecordOptions::schema_id`]).
    pub schema_id: Option<u32>,
    /// `content-type`, `event_type`, `source`, `schema_version`, then `traceparent` when the
    /// event has one (v1.1+), in that order.
    pub headers: Vec<(&'static str, String)>,
}

impl EventRecord {
    /// The record for `event`, in the plain layout. Key and headers are read back from the
    /// canonical JSON, so they always agree with the bytes sent.
    pub fn from_event<E: KafkaEvent + ?Sized>(event: &E) -> Self {
        Self::with_options(event, &RecordOptions::default())
    }

    /// The message value: the canonical JSON, behind the 5-byte Confluent frame when
    /// [`schema_id`](Self::schema_id) is set.
    pub fn payload(&self) -> Cow<'_, [u8]> {
        match self.schema_id {
            None => Cow::Borrowed(self.value.as_bytes()),
            Some(id) => {
                let mut framed = Vec::with_capacity(5 + self.value.len());
                framed.push(super::decode::CONFLUENT_MAGIC);
                framed.extend_from_slice(&id.to_be_bytes());
                framed.extend_from_slice(self.value.as_bytes());
                Cow::Owned(framed)
            }
        }
    }

    /// The record for `event` with the opt-in CloudEvents headers and Confluent framing of
    /// `options`.
    pub fn with_options<E: KafkaEvent + ?Sized>(event: &E, options: &RecordOptions) -> Self {
        let value = event.to_json();
        let envelope = event.envelope();
        let mut paths: Vec<&[&str]> = vec![
            envelope.key,
            envelope.event_type,
            envelope.source,
            envelope.version,
            envelope.event_id,
            envelope.timestamp,
        ];
        let mirrored: Vec<[&str; 1]> = envelope.mirrored.iter().map(|name| [*name]).collect();
        paths.extend(mirrored.iter().map(|p| p.as_slice()));
        let mut found = crate::Envelope::strings_at(&value, &paths)
            .expect("to_json() writes a JSON object")
            .into_iter();
        let mut next = |role: &str| {
            found.next().flatten().unwrap_or_else(|| {
                panic!("codegen checked that every event has its {role} (ir::Envelope)")
            })
        };
        let (key, event_type, source, version, event_id, timestamp) = (
            next("key"),
            next("event_type"),
            next("source"),
            next("version"),
            next("event_id"),
            next("timestamp"),
        );
        let traces: Vec<(&'static str, String)> = envelope
            .mirrored
            .iter()
            .zip(found)
            .filter_map(|(name, value)| value.map(|v| (*name, v)))
            .collect();
        let cloudevents = options.cloudevents.then(|| {
            [
                (super::ce_headers::SPECVERSION, "1.0".to_owned()),
                (super::ce_headers::ID, event_id),
                (super::ce_headers::SOURCE, source.clone()),
                (super::ce_headers::TYPE, event_type.clone()),
                (super::ce_headers::TIME, timestamp),
            ]
        });
        let mut headers = vec![
            (headers::CONTENT_TYPE, headers::JSON.to_owned()),
            (headers::EVENT_TYPE, event_type),
            (headers::SOURCE, source),
            (headers::SCHEMA_VERSION, version),
        ];
        headers.extend(traces);
        headers.extend(cloudevents.into_iter().flatten());
        EventRecord {
            key,
            value,
            schema_id: options.schema_id,
            headers,
        }
    }

    fn kafka_headers(&self) -> OwnedHeaders {
        self.headers.iter().fold(
            OwnedHeaders::new_with_capacity(self.headers.len()),
            |h, (key, value)| {
                h.insert(Header {
                    key,
                    value: Some(value.as_str()),
                })
            },
        )
    }
}

/// The acknowledgement of one [`EventProducer::send`]: resolves to where the event was stored.
#[must_use = "an event is delivered only when this resolves without error"]
pub struct Sent(Result<DeliveryFuture, Option<KafkaError>>);

impl Future for Sent {
    type Output = KafkaResult<Delivered>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.0 {
            Err(error) => Poll::Ready(Err(error.take().expect("Sent polled after completion"))),
            Ok(delivery) => Pin::new(delivery).poll(cx).map(|result| match result {
                Ok(Ok(delivery)) => Ok(Delivered {
                    partition: delivery.partition,
                    offset: delivery.offset,
                }),
                Ok(Err((error, _message))) => Err(error),
                Err(_canceled) => Err(KafkaError::Canceled),
            }),
        }
    }
}

/// Where a sent event was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    /// The partition the broker stored it in.
    pub partition: i32,
    /// Its offset in that partition.
    pub offset: i64,
}

/// Builds an [`EventProducer`]; any librdkafka producer setting can be added with [`set`](Self::set),
/// the security settings of a secured cluster included (`security.protocol`, `sasl.*`, `ssl.*`).
/// Its `Debug` output shows secret settings ([`is_secret`](super::is_secret)) as `[redacted]`.
#[derive(Clone)]
pub struct EventProducerBuilder {
    config: ClientConfig,
    topic: String,
    options: RecordOptions,
}

impl EventProducerBuilder {
    /// Adds the CloudEvents binary-mode headers to every record (see [`RecordOptions::cloudevents`]).
    pub fn cloudevents(mut self, on: bool) -> Self {
        self.options.cloudevents = on;
        self
    }

    /// Frames every value in the Confluent Schema Registry wire format with schema id `id`
    /// (the id the registry gave the schema; see [`RecordOptions::schema_id`]).
    pub fn confluent_schema_id(mut self, id: u32) -> Self {
        self.options.schema_id = Some(id);
        self
    }

    /// Sets a librdkafka producer property (`linger.ms`, `compression.type`, `security.protocol`,
    /// `sasl.*`, `ssl.*`, ...). `enable.idempotence` and `acks` may only be set to `true` and
    /// `all`.
    pub fn set(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.config.set(key, value);
        self
    }

    /// Creates the producer. Fails on an invalid setting (the error never repeats a secret
    /// value), or when `enable.idempotence` or `acks` was set to anything but `true` / `all`.
    /// Nothing is sent yet: [`EventProducer::check`] tells whether the cluster can be reached.
    pub fn build(mut self) -> KafkaResult<EventProducer> {
        require(&self.config, "enable.idempotence", &["true"])?;
        require(&self.config, "acks", &["all", "-1"])?;
        let queue_wait = Duration::from_millis(
            self.config
                .get("delivery.timeout.ms")
                .or_else(|| self.config.get("message.timeout.ms"))
                .and_then(|ms| ms.parse().ok())
                .unwrap_or(300_000),
        );
        // Info, so that connection failures reach the watch (it forwards warnings and errors).
        self.config.set_log_level(RDKafkaLogLevel::Info);
        let watch = ConnectionWatch::new(&self.config);
        let producer: FutureProducer<ConnectionWatch> = self
            .config
            .create_with_context(watch.clone())
            .map_err(|e| scrubbed(e, &self.config))?;
        Ok(EventProducer {
            producer,
            watch,
            topic: self.topic,
            queue_wait,
            options: self.options,
        })
    }
}

impl std::fmt::Debug for EventProducerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventProducerBuilder")
            .field("config", &redacted(&self.config))
            .field("topic", &self.topic)
            .field("options", &self.options)
            .finish()
    }
}

/// Fails unless `key` is one of `allowed` (the first is what the builder set by default).
pub(super) fn require(config: &ClientConfig, key: &str, allowed: &[&str]) -> KafkaResult<()> {
    match config.get(key) {
        Some(value) if allowed.contains(&value) => Ok(()),
        value => Err(KafkaError::ClientConfig(
            RDKafkaConfRes::RD_KAFKA_CONF_INVALID,
            format!("workflow_events::kafka requires {key}={}", allowed[0]),
            key.to_owned(),
            value.unwrap_or_default().to_owned(),
        )),
    }
}

/// Fails when `key` is not set.
pub(super) fn require_present(config: &ClientConfig, key: &str) -> KafkaResult<()> {
    match config.get(key) {
        Some(value) if !value.is_empty() => Ok(()),
        _ => Err(KafkaError::ClientConfig(
            RDKafkaConfRes::RD_KAFKA_CONF_INVALID,
            format!("{key} is required"),
            key.to_owned(),
            String::new(),
        )),
    }
}

/// An idempotent producer of workflow events to one topic (`enable.idempotence=true`,
/// `acks=all`): retries after broker failures neither lose nor duplicate an acknowledged event.
/// Cheap to clone; clones share one connection.
#[derive(Clone)]
pub struct EventProducer {
    producer: FutureProducer<ConnectionWatch>,
    watch: ConnectionWatch,
    topic: String,
    queue_wait: Duration,
    options: RecordOptions,
}

impl EventProducer {
    /// A builder for a producer of events to `topic` through `bootstrap_servers`
    /// (`host:port[,host:port...]`).
    pub fn builder(
        bootstrap_servers: impl Into<String>,
        topic: impl Into<String>,
    ) -> EventProducerBuilder {
        let mut config = ClientConfig::new();
        config
            .set("bootstrap.servers", bootstrap_servers)
            .set("enable.idempotence", "true")
            .set("acks", "all")
            .set_log_level(RDKafkaLogLevel::Warning);
        EventProducerBuilder {
            config,
            topic: topic.into(),
            options: RecordOptions::default(),
        }
    }

    /// A producer of events to `topic` configured from a plain map of librdkafka properties,
    /// which must include `bootstrap.servers`.
    pub fn from_config<K, V>(
        topic: impl Into<String>,
        config: impl IntoIterator<Item = (K, V)>,
    ) -> KafkaResult<EventProducer>
    where
        K: Into<String>,
        V: Into<String>,
    {
        let mut builder = EventProducer::builder("", topic);
        builder.config.remove("bootstrap.servers");
        for (key, value) in config {
            builder = builder.set(key, value);
        }
        require_present(&builder.config, "bootstrap.servers")?;
        builder.build()
    }

    /// The topic events are sent to.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// Queues `event` at once and returns a future that resolves when the broker acknowledged
    /// it (all in-sync replicas), or with the error that ended its retries (after
    /// `delivery.timeout.ms`, 5 minutes by default).
    ///
    /// Events are queued in the order of the `send` calls, so the events of one run keep their
    /// order even when many sends are in flight (collect the futures, then await them). When
    /// the local queue is full (`queue.buffering.max.messages`), `send` blocks the calling
    /// thread until there is room, at most `delivery.timeout.ms`.
    pub fn send<E: KafkaEvent + ?Sized>(&self, event: &E) -> Sent {
        self.send_record(&EventRecord::with_options(event, &self.options))
    }

    /// The record options every [`send`](Self::send) applies.
    pub fn record_options(&self) -> &RecordOptions {
        &self.options
    }

    /// Sends a prepared [`EventRecord`]; see [`send`](Self::send).
    pub fn send_record(&self, record: &EventRecord) -> Sent {
        let payload = record.payload();
        let mut kafka_record = FutureRecord::to(&self.topic)
            .key(&record.key)
            .payload(payload.as_ref())
            .headers(record.kafka_headers());
        let deadline = Instant::now() + self.queue_wait;
        loop {
            match self.producer.send_result(kafka_record) {
                Ok(delivery) => return Sent(Ok(delivery)),
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back))
                    if Instant::now() < deadline =>
                {
                    kafka_record = back;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err((error, _)) => return Sent(Err(Some(error))),
            }
        }
    }

    /// Connects to the cluster (a metadata request) and returns once a broker answered, or with
    /// the cause as soon as librdkafka reports one: SASL authentication refused, a TLS
    /// handshake that failed (an untrusted certificate), a plaintext client at a TLS listener;
    /// [`ConnectionErrorKind::Timeout`](super::ConnectionErrorKind::Timeout) with the last
    /// failure after `timeout`. Blocks the calling thread: call it at startup (sends would
    /// otherwise only time out after `delivery.timeout.ms`, the cause in the log).
    pub fn check(&self, timeout: Duration) -> Result<(), ConnectionError> {
        check(self.producer.client(), &self.watch, timeout)
    }

    /// Waits (at most `timeout`) until every event handed to the producer was acknowledged or failed.
    pub fn flush(&self, timeout: Duration) -> KafkaResult<()> {
        self.producer.flush(timeout)
    }

    /// The underlying rdkafka producer.
    pub fn inner(&self) -> &FutureProducer<ConnectionWatch> {
        &self.producer
    }
}

impl std::fmt::Debug for EventProducer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventProducer")
            .field("topic", &self.topic)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// See [`EventProducer::check`]: metadata requests of at most half a second until `timeout`,
/// stopping at the first authentication, TLS or plaintext-to-TLS failure the watch saw.
pub(super) fn check<C: rdkafka::client::ClientContext>(
    client: &rdkafka::client::Client<C>,
    watch: &ConnectionWatch,
    timeout: Duration,
) -> Result<(), ConnectionError> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(failure) = watch.failure() {
            return Err(failure);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(watch.timeout());
        }
        if client
            .fetch_metadata(None, left.min(Duration::from_millis(500)))
            .is_ok()
        {
            watch.succeeded();
            return Ok(());
        }
        // A request can fail at once (no broker up yet): do not spin.
        std::thread::sleep(Duration::from_millis(50).min(left));
    }
}
