//! Consuming events at least once: decode, hand to the caller or dead-letter, then store the offset.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::time::Duration;

use rdkafka::config::{ClientConfig, RDKafkaLogLevel};
use rdkafka::consumer::{CommitMode, Consumer, StreamConsumer};
use rdkafka::error::{KafkaError, KafkaResult};
use rdkafka::message::{BorrowedMessage, Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;

use super::decode::{decode, DecodeError};
use super::producer::{check, require, require_present};
use super::security::{redacted, scrubbed, ConnectionError, ConnectionWatch};
use super::{default_dlq_topic, dlq_headers};
use crate::AnyWorkflowEvent;

/// Where a handled event came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageMeta {
    /// The topic it was read from.
    pub topic: String,
    /// Its partition.
    pub partition: i32,
    /// Its offset in the partition.
    pub offset: i64,
    /// Its key (the producer's `workflow_run_id`), if any.
    pub key: Option<Vec<u8>>,
    /// Its headers, in order; a header without a value has an empty value.
    pub headers: Vec<(String, Vec<u8>)>,
}

impl MessageMeta {
    /// The value of the first header called `name`, if any.
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_slice())
    }

    /// The W3C Trace Context headers ([`headers::TRACE_CONTEXT`](super::headers::TRACE_CONTEXT)):
    /// `[("traceparent", "00-…-01")]` for an event that carries one, the first of each name
    /// whose value is UTF-8; a carrier for an OpenTelemetry propagator.
    pub fn trace_context(&self) -> Vec<(&'static str, &str)> {
        super::headers::TRACE_CONTEXT
            .iter()
            .filter_map(|name| {
                let value = std::str::from_utf8(self.header(name)?).ok()?;
                Some((*name, value))
            })
            .collect()
    }

    fn of(message: &BorrowedMessage<'_>) -> Self {
        MessageMeta {
            topic: message.topic().to_owned(),
            partition: message.partition(),
            offset: message.offset(),
            key: message.key().map(<[u8]>::to_vec),
            headers: message
                .headers()
                .map(|headers| {
                    headers
                        .iter()
                        .map(|h| (h.key.to_owned(), h.value.unwrap_or_default().to_vec()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// What [`EventConsumer::process_next`] did with one message.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A valid event, handed to the handler (as the types of its schema version), which succeeded.
    Handled {
        /// Its partition.
        partition: i32,
        /// Its offset.
        offset: i64,
    },
    /// An invalid message, written to the dead-letter topic (and acknowledged there).
    DeadLettered {
        /// Its partition.
        partition: i32,
        /// Its offset.
        offset: i64,
        /// Why it could not be read.
        error: DecodeError,
    },
}

/// Why consuming stopped. In every case the offset of the message concerned was not stored,
/// so it is read again after a restart or rebalance (at-least-once).
#[derive(Debug)]
pub enum ConsumeError<E> {
    /// Receiving failed.
    Kafka(KafkaError),
    /// Writing an invalid message to the dead-letter topic failed.
    DeadLetter(KafkaError),
    /// The handler returned an error.
    Handler(E),
    /// The consumer or the dead-letter producer could not connect: SASL authentication or the
    /// TLS handshake failed (librdkafka would retry for ever; see [`ConnectionError`]).
    Connection(ConnectionError),
}

impl<E: fmt::Display> fmt::Display for ConsumeError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsumeError::Kafka(e) => write!(f, "receiving from Kafka failed: {e}"),
            ConsumeError::DeadLetter(e) => {
                write!(f, "writing to the dead-letter topic failed: {e}")
            }
            ConsumeError::Handler(e) => write!(f, "the event handler failed: {e}"),
            ConsumeError::Connection(e) => write!(f, "connecting to Kafka failed: {e}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for ConsumeError<E> {}

/// Builds an [`EventConsumer`]: [`set`](Self::set) configures the consumer (and how the
/// dead-letter producer connects), [`set_dlq`](Self::set_dlq) the producer that writes the
/// dead-letter topic. Its `Debug` output shows secret settings as `[redacted]`.
#[derive(Clone)]
pub struct EventConsumerBuilder {
    consumer: ClientConfig,
    dlq: ClientConfig,
    topic: String,
    dlq_topic: Option<String>,
}

impl EventConsumerBuilder {
    /// Sets a librdkafka consumer property (`auto.offset.reset`, `session.timeout.ms`, ...).
    /// `enable.auto.offset.store` must stay `false` and `enable.auto.commit` `true`: offsets are
    /// stored by the consumer itself once a message is handled or dead-lettered, and committed
    /// in the background and on close. How to connect (`bootstrap.servers`, `client.id`,
    /// `security.protocol`, `sasl.*`, `ssl.*`) is set for the dead-letter producer too.
    pub fn set(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let (key, value) = (key.into(), value.into());
        if is_connection_setting(&key) {
            self.dlq.set(key.clone(), value.clone());
        }
        self.consumer.set(key, value);
        self
    }

    /// Sets a property of the dead-letter producer (it starts with the consumer's
    /// `bootstrap.servers`, `enable.idempotence=true` and `acks=all`).
    pub fn set_dlq(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.dlq.set(key, value);
        self
    }

    /// How often stored offsets are committed in the background (`auto.commit.interval.ms`,
    /// librdkafka's default 5 s); they are also committed by [`EventConsumer::commit`] and
    /// when the consumer is dropped. This is the duplicate window: after a crash (or a
    /// SIGKILL, or a broker that lost the group) the events handled since the last commit,
    /// up to one interval of them, are handled again by the group's next member. A shorter
    /// interval means fewer duplicates and more commit requests (one per interval).
    pub fn auto_commit_interval(self, interval: Duration) -> Self {
        let ms = interval.as_millis().max(1);
        self.set("auto.commit.interval.ms", ms.to_string())
    }

    /// The dead-letter topic (default `<topic>.dlq`).
    pub fn dlq_topic(mut self, topic: impl Into<String>) -> Self {
        self.dlq_topic = Some(topic.into());
        self
    }

    /// Creates the consumer and subscribes it to the topic. Fails on an invalid setting (the
    /// error never repeats a secret value); [`EventConsumer::check`] tells whether the cluster
    /// can be reached.
    pub fn build(mut self) -> KafkaResult<EventConsumer> {
        require_present(&self.consumer, "bootstrap.servers")?;
        require_present(&self.consumer, "group.id")?;
        require(&self.consumer, "enable.auto.offset.store", &["false"])?;
        require(&self.consumer, "enable.auto.commit", &["true"])?;
        require(&self.dlq, "enable.idempotence", &["true"])?;
        require(&self.dlq, "acks", &["all", "-1"])?;
        // Info, so that connection failures reach the watch (it forwards warnings and errors).
        self.consumer.set_log_level(RDKafkaLogLevel::Info);
        self.dlq.set_log_level(RDKafkaLogLevel::Info);
        let watch = ConnectionWatch::new(&self.consumer);
        let consumer: StreamConsumer<ConnectionWatch> = self
            .consumer
            .create_with_context(watch.clone())
            .map_err(|e| scrubbed(e, &self.consumer))?;
        let dlq: FutureProducer<ConnectionWatch> = self
            .dlq
            .create_with_context(watch.clone())
            .map_err(|e| scrubbed(e, &self.dlq))?;
        consumer.subscribe(&[&self.topic])?;
        let dlq_topic = self
            .dlq_topic
            .unwrap_or_else(|| default_dlq_topic(&self.topic));
        Ok(EventConsumer {
            consumer,
            dlq,
            watch,
            topic: self.topic,
            dlq_topic,
        })
    }
}

impl fmt::Debug for EventConsumerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventConsumerBuilder")
            .field("consumer", &redacted(&self.consumer))
            .field("dlq", &redacted(&self.dlq))
            .field("topic", &self.topic)
            .field("dlq_topic", &self.dlq_topic)
            .finish()
    }
}

/// Settings that say how to reach and log in to the cluster, shared by the consumer and its
/// dead-letter producer.
fn is_connection_setting(key: &str) -> bool {
    [
        "bootstrap.servers",
        "client.id",
        "security.protocol",
        "enable.ssl.certificate.verification",
    ]
    .contains(&key)
        || key.starts_with("sasl.")
        || key.starts_with("ssl.")
}

/// Reads workflow events from one topic at least once, as a member of a consumer group.
///
/// Each message is decoded ([`decode`](super::decode)); a valid event goes to the handler as an
/// [`AnyWorkflowEvent`] of its schema version (`into_latest()` gives the newest types), an
/// invalid message (including one of a major version this build cannot read) goes to the
/// dead-letter topic, and only then is its offset stored for commit. A crash or a handler error therefore leads to the message being read again, never
/// to it being skipped; the events handled since the last commit (at most one
/// [`auto_commit_interval`](EventConsumerBuilder::auto_commit_interval), 5 s by default) are
/// handled again after a crash.
pub struct EventConsumer {
    consumer: StreamConsumer<ConnectionWatch>,
    dlq: FutureProducer<ConnectionWatch>,
    watch: ConnectionWatch,
    topic: String,
    dlq_topic: String,
}

impl EventConsumer {
    /// A builder for a consumer in group `group_id` of events from `topic`, reading from the
    /// earliest offset when the group has no committed offset yet.
    pub fn builder(
        bootstrap_servers: impl Into<String>,
        group_id: impl Into<String>,
        topic: impl Into<String>,
    ) -> EventConsumerBuilder {
        let bootstrap_servers = bootstrap_servers.into();
        let mut consumer = ClientConfig::new();
        consumer
            .set("bootstrap.servers", &bootstrap_servers)
            .set("group.id", group_id)
            .set("enable.auto.commit", "true")
            .set("enable.auto.offset.store", "false")
            .set("auto.offset.reset", "earliest")
            .set_log_level(RDKafkaLogLevel::Warning);
        let mut dlq = ClientConfig::new();
        dlq.set("bootstrap.servers", &bootstrap_servers)
            .set("enable.idempotence", "true")
            .set("acks", "all")
            .set_log_level(RDKafkaLogLevel::Warning);
        EventConsumerBuilder {
            consumer,
            dlq,
            topic: topic.into(),
            dlq_topic: None,
        }
    }

    /// A consumer configured from a plain map of librdkafka consumer properties, which must
    /// include `bootstrap.servers` and `group.id`. The dead-letter producer gets the map's
    /// `bootstrap.servers`, `client.id`, `security.protocol`, `sasl.*` and `ssl.*` entries
    /// (as with [`EventConsumerBuilder::set`]).
    pub fn from_config<K, V>(
        topic: impl Into<String>,
        config: impl IntoIterator<Item = (K, V)>,
    ) -> KafkaResult<EventConsumer>
    where
        K: Into<String>,
        V: Into<String>,
    {
        let mut builder = EventConsumer::builder("", "", topic);
        builder
            .consumer
            .remove("bootstrap.servers")
            .remove("group.id");
        builder.dlq.remove("bootstrap.servers");
        for (key, value) in config {
            builder = builder.set(key, value);
        }
        builder.build()
    }

    /// The topic read.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// The dead-letter topic.
    pub fn dlq_topic(&self) -> &str {
        &self.dlq_topic
    }

    /// Waits for the next message and deals with it: a valid event is passed to `handler`, an
    /// invalid message is written to the dead-letter topic; then its offset is stored for
    /// commit. On an error nothing is stored (see [`ConsumeError`]); after a handler error the
    /// caller should stop (as [`run`](Self::run) does) rather than go on to later messages,
    /// whose stored offsets would cover the failed one.
    pub async fn process_next<F, Fut, E>(&self, handler: F) -> Result<Outcome, ConsumeError<E>>
    where
        F: FnOnce(AnyWorkflowEvent, MessageMeta) -> Fut,
        Fut: Future<Output = Result<(), E>>,
    {
        let message = tokio::select! {
            received = self.consumer.recv() => received.map_err(ConsumeError::Kafka)?,
            failure = self.watch.fatal() => return Err(ConsumeError::Connection(failure)),
        };
        self.watch.succeeded();
        let (partition, offset) = (message.partition(), message.offset());
        let outcome = match decode(&message) {
            Ok(event) => {
                handler(event, MessageMeta::of(&message))
                    .await
                    .map_err(ConsumeError::Handler)?;
                Outcome::Handled { partition, offset }
            }
            Err(error) => {
                tokio::select! {
                    written = self.dead_letter(&message, &error) => {
                        written.map_err(ConsumeError::DeadLetter)?;
                    }
                    failure = self.watch.fatal() => return Err(ConsumeError::Connection(failure)),
                }
                Outcome::DeadLettered {
                    partition,
                    offset,
                    error,
                }
            }
        };
        // Fails only when the partition was revoked meanwhile; its next owner then reads the
        // message again, which at-least-once allows.
        let _ = self.consumer.store_offset_from_message(&message);
        Ok(outcome)
    }

    /// Processes messages until the handler fails, a dead-letter write fails, or a fatal
    /// consumer error; transient receive errors (a broker restarting, a topic not created yet)
    /// are retried. To stop, drop the future (for example in `tokio::select!`): an event being
    /// handled at that moment is read again later.
    pub async fn run<F, Fut, E>(&self, mut handler: F) -> Result<Infallible, ConsumeError<E>>
    where
        F: FnMut(AnyWorkflowEvent, MessageMeta) -> Fut,
        Fut: Future<Output = Result<(), E>>,
    {
        loop {
            match self.process_next(&mut handler).await {
                Ok(_) => {}
                Err(ConsumeError::Kafka(
                    KafkaError::MessageConsumption(_) | KafkaError::PartitionEOF(_),
                )) => tokio::time::sleep(Duration::from_millis(100)).await,
                Err(error) => return Err(error),
            }
        }
    }

    /// Commits the stored offsets now and waits for the broker's answer (they are otherwise
    /// committed every `auto.commit.interval.ms` and when the consumer is dropped).
    pub fn commit(&self) -> KafkaResult<()> {
        match self.consumer.commit_consumer_state(CommitMode::Sync) {
            // Nothing stored since the last commit.
            Err(KafkaError::ConsumerCommit(rdkafka::types::RDKafkaErrorCode::NoOffset)) => Ok(()),
            other => other,
        }
    }

    /// Connects to the cluster (a metadata request) and returns once a broker answered, or with
    /// the cause as soon as librdkafka reports one (see [`EventProducer::check`](super::EventProducer::check)).
    /// Blocks the calling thread.
    pub fn check(&self, timeout: Duration) -> Result<(), ConnectionError> {
        check(self.consumer.client(), &self.watch, timeout)
    }

    /// The underlying rdkafka consumer.
    pub fn inner(&self) -> &StreamConsumer<ConnectionWatch> {
        &self.consumer
    }

    async fn dead_letter(
        &self,
        message: &BorrowedMessage<'_>,
        error: &DecodeError,
    ) -> KafkaResult<()> {
        let mut headers = OwnedHeaders::new();
        if let Some(original) = message.headers() {
            for header in original.iter() {
                headers = headers.insert(header);
            }
        }
        let errors = error.errors_json();
        let partition = message.partition().to_string();
        let offset = message.offset().to_string();
        let added: [(&str, &str); 5] = [
            (dlq_headers::ERROR_TYPE, error.kind.as_str()),
            (dlq_headers::ERRORS, &errors),
            (dlq_headers::ORIGINAL_TOPIC, message.topic()),
            (dlq_headers::ORIGINAL_PARTITION, &partition),
            (dlq_headers::ORIGINAL_OFFSET, &offset),
        ];
        for (key, value) in added {
            headers = headers.insert(Header {
                key,
                value: Some(value),
            });
        }
        let mut record: FutureRecord<'_, [u8], [u8]> =
            FutureRecord::to(&self.dlq_topic).headers(headers);
        if let Some(key) = message.key() {
            record = record.key(key);
        }
        if let Some(value) = message.payload() {
            record = record.payload(value);
        }
        self.dlq
            .send(record, Timeout::Never)
            .await
            .map(|_| ())
            .map_err(|(e, _)| e)
    }
}

impl fmt::Debug for EventConsumer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventConsumer")
            .field("topic", &self.topic)
            .field("dlq_topic", &self.dlq_topic)
            .finish_non_exhaustive()
    }
}
