//! Integration tests of `workflow_events::kafka` against real Kafka-protocol brokers.
//!
//! Needs running brokers (`scripts/test` starts them): `KAFKA_BOOTSTRAP` (noida-db) and
//! `KAFKA_BOOTSTRAP_TANSU` (tansu). The restart test starts and restarts a broker of its own
//! through `scripts/kafka-broker`. The Python interop test runs `tests/kafka/interop.py` with
//! `KAFKA_PYTHON` (default `.venv/bin/python`). Run one test at a time (`--test-threads=1`):
//! the throughput figures are meaningless when tests share the two cores.
#![cfg(feature = "kafka")]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, Headers, Message, OwnedHeaders, OwnedMessage};
use rdkafka::producer::{FutureProducer, FutureRecord, Producer};
use rdkafka::util::Timeout;
use rdkafka::{Offset, TopicPartitionList};
use serde_json::Value;
use workflow_events::kafka::{
    decode, unframe, ConnectionErrorKind, ConsumeError, DecodeErrorKind, EventConsumer,
    EventProducer, EventRecord, KafkaEvent, Outcome, RecordOptions,
};
use workflow_events::{AnyWorkflowEvent, WorkflowEvent};

// ---------------------------------------------------------------------------------------------
// helpers

const WAIT: Duration = Duration::from_secs(60);
const QUIET: Duration = Duration::from_millis(1500);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bootstrap(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!(
            "{var} is not set: start a broker first, e.g. `eval \"$(scripts/kafka-broker up)\"` \
             (KAFKA_BOOTSTRAP) or `scripts/kafka-broker up tansu` (KAFKA_BOOTSTRAP_TANSU)"
        )
    })
}

fn unique(name: &str) -> String {
    format!("wfe-{name}-{}", uuid::Uuid::new_v4().simple())
}

/// Creates `topic` with `partitions` partitions and waits until its metadata shows them.
async fn create_topic(bootstrap: &str, topic: &str, partitions: i32) {
    create_topic_with(bootstrap, &[], topic, partitions).await
}

/// [`create_topic`] with extra client settings (a secured cluster's).
async fn create_topic_with(
    bootstrap: &str,
    settings: &[(&str, &str)],
    topic: &str,
    partitions: i32,
) {
    let mut config = ClientConfig::new();
    config.set("bootstrap.servers", bootstrap);
    for (key, value) in settings {
        config.set(*key, *value);
    }
    let admin: AdminClient<DefaultClientContext> = config.create().expect("admin client");
    let options = AdminOptions::new().operation_timeout(Some(Duration::from_secs(10)));
    let results = admin
        .create_topics(
            &[NewTopic::new(topic, partitions, TopicReplication::Fixed(1))],
            &options,
        )
        .await
        .expect("create_topics request");
    for result in results {
        result.unwrap_or_else(|(t, e)| panic!("creating topic {t}: {e:?}"));
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let metadata = admin
            .inner()
            .fetch_metadata(Some(topic), Duration::from_secs(5))
            .expect("metadata");
        if metadata
            .topics()
            .first()
            .is_some_and(|t| t.error().is_none() && t.partitions().len() == partitions as usize)
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "topic {topic} did not appear within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The canonical examples of schema v1.0, parsed (the events most tests send).
fn examples() -> Vec<Value> {
    canonical_examples("1.0")
        .iter()
        .map(|(_, bytes)| serde_json::from_slice(bytes).unwrap())
        .collect()
}

/// The canonical examples of schema `version`: file name and bytes (without the newline).
fn canonical_examples(version: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo().join(format!("schema/v{version}/examples/canonical"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no examples in {}", dir.display());
    paths
        .iter()
        .map(|p| {
            let mut bytes = std::fs::read(p).unwrap();
            assert_eq!(bytes.pop(), Some(b'\n'), "{}: one line", p.display());
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// The `(type, loc)` pairs of a decode error.
fn kinds_and_locs(errors: &[workflow_events::kafka::ErrorEntry]) -> Vec<(String, Value)> {
    errors
        .iter()
        .map(|e| (e.kind.clone(), Value::Array(e.loc.clone())))
        .collect()
}

/// Event number `seq`: a corpus example with a fresh event id, run `run-<seq % runs>`, and
/// `payload.data.seq = seq` (to check per-run order).
fn event(examples: &[Value], seq: usize, runs: usize) -> WorkflowEvent {
    let mut value = examples[seq % examples.len()].clone();
    value["event_id"] = Value::from(uuid::Uuid::new_v4().to_string());
    value["workflow_run_id"] = Value::from(format!("run-{}", seq % runs));
    value["payload"]["data"]["seq"] = Value::from(seq);
    WorkflowEvent::from_slice(&serde_json::to_vec(&value).unwrap()).expect("valid event")
}

fn json_field(value: &[u8], pointer: &str) -> Value {
    let v: Value = serde_json::from_slice(value).expect("JSON value");
    v.pointer(pointer).cloned().unwrap_or(Value::Null)
}

fn headers_of(message: &OwnedMessage) -> Vec<(String, Vec<u8>)> {
    message
        .headers()
        .map(|h| {
            h.iter()
                .map(|h| (h.key.to_owned(), h.value.unwrap_or_default().to_vec()))
                .collect()
        })
        .unwrap_or_default()
}

fn header<'a>(headers: &'a [(String, Vec<u8>)], key: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| std::str::from_utf8(v).expect("UTF-8 header"))
}

/// Every message of `topic`, read with `assign()` from the beginning, until at least
/// `at_least` arrived and then nothing more for [`QUIET`] (so duplicates are seen too), or until
/// [`WAIT`] passed (the caller's count checks then fail). High watermarks are not used: tansu
/// reports them wrong (1 after a batch of 60 messages).
fn read_all(bootstrap: &str, topic: &str, at_least: usize) -> Vec<OwnedMessage> {
    read_all_with(bootstrap, &[], topic, at_least)
}

/// [`read_all`] with extra client settings (a secured cluster's).
fn read_all_with(
    bootstrap: &str,
    settings: &[(&str, &str)],
    topic: &str,
    at_least: usize,
) -> Vec<OwnedMessage> {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", bootstrap)
        .set("enable.auto.commit", "false")
        .set("group.id", unique("reader"));
    for (key, value) in settings {
        config.set(*key, *value);
    }
    let consumer: BaseConsumer = config.create().expect("reader");
    let metadata = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .expect("metadata");
    let mut assignment = TopicPartitionList::new();
    for p in metadata.topics()[0].partitions() {
        assignment
            .add_partition_offset(topic, p.id(), Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&assignment).expect("assign");
    let deadline = Instant::now() + WAIT;
    let mut last = Instant::now();
    let mut out = Vec::new();
    while Instant::now() < deadline && (out.len() < at_least || last.elapsed() < QUIET) {
        match consumer.poll(Duration::from_millis(100)) {
            None => {}
            Some(Err(e)) => eprintln!("reading {topic}: {e}"),
            Some(Ok(m)) => {
                out.push(m.detach());
                last = Instant::now();
            }
        }
    }
    out
}

/// Sends every event (all queued at once, in order), then waits for every acknowledgement.
async fn send_all<E: KafkaEvent>(
    producer: &EventProducer,
    events: &[E],
) -> Vec<Result<workflow_events::kafka::Delivered, String>> {
    let pending: Vec<_> = events.iter().map(|e| producer.send(e)).collect();
    let mut results = Vec::with_capacity(pending.len());
    for sent in pending {
        results.push(sent.await.map_err(|e| e.to_string()));
    }
    results
}

/// Checks that `messages` are exactly `events`: key, headers, bytes, and per-run order.
fn assert_wire_format<E: KafkaEvent>(events: &[E], messages: &[OwnedMessage]) {
    assert_eq!(
        messages.len(),
        events.len(),
        "message count differs from events sent"
    );
    let expected: HashMap<String, (&E, String)> = events
        .iter()
        .map(|e| {
            let json = e.to_json();
            let id = json_field(json.as_bytes(), "/event_id")
                .as_str()
                .unwrap()
                .to_owned();
            (id, (e, json))
        })
        .collect();
    let mut seen = HashSet::new();
    let mut run_partition: HashMap<String, i32> = HashMap::new();
    let mut last_seq: HashMap<String, (i32, i64, u64)> = HashMap::new();
    for m in messages {
        let value = m.payload().expect("a value");
        let id = json_field(value, "/event_id").as_str().unwrap().to_owned();
        let (event, json) = expected
            .get(&id)
            .unwrap_or_else(|| panic!("unexpected event {id}"));
        assert!(seen.insert(id.clone()), "event {id} received twice");
        assert_eq!(
            value,
            json.as_bytes(),
            "value bytes differ from to_json() for {id}"
        );
        assert_eq!(
            decode(m).expect("decodes").to_json(),
            *json,
            "decode(&message) of {id}"
        );
        let record = EventRecord::from_event(*event);
        let key = std::str::from_utf8(m.key().expect("a key")).unwrap();
        assert_eq!(key, record.key);
        assert_eq!(
            key,
            json_field(value, "/workflow_run_id").as_str().unwrap(),
            "key is not workflow_run_id"
        );
        let headers = headers_of(m);
        let want: Vec<(String, Vec<u8>)> = vec![
            ("content-type".into(), b"application/json".to_vec()),
            (
                "event_type".into(),
                json_field(value, "/event_type").as_str().unwrap().into(),
            ),
            (
                "source".into(),
                json_field(value, "/source").as_str().unwrap().into(),
            ),
            (
                "schema_version".into(),
                json_field(value, "/metadata/version")
                    .as_str()
                    .unwrap()
                    .into(),
            ),
        ];
        let mut want = want;
        if let Some(traceparent) = json_field(value, "/traceparent").as_str() {
            want.push(("traceparent".into(), traceparent.into()));
        }
        assert_eq!(headers, want, "headers of {id}");
        let partition = *run_partition.entry(key.to_owned()).or_insert(m.partition());
        assert_eq!(partition, m.partition(), "run {key} spread over partitions");
        let seq = json_field(value, "/payload/data/seq").as_u64().unwrap();
        if let Some((p, offset, prev)) = last_seq.get(key) {
            assert_eq!(*p, m.partition());
            if m.offset() > *offset {
                assert!(seq > *prev, "run {key}: seq {seq} after {prev}");
            }
        }
        last_seq.insert(key.to_owned(), (m.partition(), m.offset(), seq));
    }
}

/// Runs `consumer` until `count` messages were processed (bounded by [`WAIT`]); returns the
/// handled events' JSON and the outcomes.
async fn consume(consumer: &EventConsumer, count: usize) -> (Vec<String>, Vec<Outcome>) {
    let (handled, outcomes) = consume_events(consumer, count).await;
    (
        handled.iter().map(AnyWorkflowEvent::to_json).collect(),
        outcomes,
    )
}

/// [`consume`], returning the handled events themselves.
async fn consume_events(
    consumer: &EventConsumer,
    count: usize,
) -> (Vec<AnyWorkflowEvent>, Vec<Outcome>) {
    let deadline = Instant::now() + WAIT;
    let mut handled = Vec::new();
    let mut outcomes = Vec::new();
    while outcomes.len() < count {
        let left = deadline.saturating_duration_since(Instant::now());
        let next = tokio::time::timeout(
            left,
            consumer.process_next(|event, _meta| {
                handled.push(event);
                std::future::ready(Ok::<(), std::convert::Infallible>(()))
            }),
        )
        .await
        .unwrap_or_else(|_| {
            panic!(
                "only {} of {count} messages processed within {WAIT:?}",
                outcomes.len()
            )
        });
        match next {
            Ok(outcome) => outcomes.push(outcome),
            // A transient receive error (e.g. the topic's leader not known yet): go on.
            Err(workflow_events::kafka::ConsumeError::Kafka(e)) => {
                eprintln!("consume: transient error: {e}")
            }
            Err(e) => panic!("consume: {e}"),
        }
    }
    (handled, outcomes)
}

// ---------------------------------------------------------------------------------------------
// decoding and configuration (no broker needed)

#[test]
fn decode_dispatches_on_the_version() {
    // The same versions as tests/kafka/test_kafka.py: Rust and Python agree on what is one.
    let mut not_readable: Vec<String> = [
        "2.0",
        "2",
        "",
        "v1.0",
        "10.1",
        "01.0",
        "one",
        "1",
        "1.0.0",
        "1.",
        " 1.0",
        "1.00",
        "1.0\n",
        "1.99999999999999999999",
        "\u{661}.\u{660}",
    ]
    .map(str::to_owned)
    .to_vec();
    not_readable.push(format!("1.{}", "9".repeat(5000)));
    for version in &not_readable {
        // Not even a valid v1 event otherwise: the version decides first.
        let json = serde_json::json!({"metadata": {"environment": "dev", "version": version}});
        let err = decode(&serde_json::to_vec(&json).unwrap()).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::UnknownVersion, "{version:?}");
        assert_eq!(
            kinds_and_locs(&err.errors),
            [(
                "unknown_version".to_owned(),
                serde_json::json!(["metadata", "version"])
            )],
            "{version:?}"
        );
        assert!(err.errors[0].msg.contains(&format!("{version:?}")), "{err}");
    }
    // A known version is read with its own types; a newer minor with the newest of its major.
    let examples = examples();
    let newest = workflow_events::latest::VERSION;
    for (version, read_with) in [
        ("1.0", "1.0"),
        ("1.1", "1.1"),
        ("1.999", newest),
        ("1.18446744073709551615", newest),
    ] {
        let mut value = examples[0].clone();
        value["metadata"]["version"] = Value::from(version);
        let event = decode(&serde_json::to_vec(&value).unwrap()).expect(version);
        assert_eq!(event.version(), read_with, "{version}");
        assert_eq!(
            json_field(event.to_json().as_bytes(), "/metadata/version"),
            version
        );
    }
    // No version at all: the newest 1.x, which fills it in.
    let mut value = examples[0].clone();
    value["metadata"].as_object_mut().unwrap().remove("version");
    let event = decode(&serde_json::to_vec(&value).unwrap()).unwrap();
    assert_eq!(event.version(), newest);
    assert_eq!(
        json_field(event.to_json().as_bytes(), "/metadata/version"),
        newest
    );
    // Version of the wrong type, metadata of the wrong type, malformed JSON: the newest reader says why.
    let err = decode(br#"{"metadata":{"environment":"dev","version":2}}"#).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::ValidationFailed);
    assert!(err.errors.iter().any(|e| e.kind == "string_type"));
    let err = decode(br#"{"metadata":"x"}"#).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::ValidationFailed);
    for bad in [&b"{\"event_type\":"[..], b"", b"[1,"] {
        let err = decode(bad).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::JsonInvalid);
        assert_eq!(err.errors[0].kind, "json_invalid");
    }
}

#[test]
fn decode_reads_each_event_with_the_types_of_its_version() {
    // Every canonical example of every version: the types it names, the bytes it came in.
    for version in workflow_events::VERSIONS {
        for (name, bytes) in canonical_examples(version) {
            let event = decode(&bytes).unwrap_or_else(|e| panic!("v{version}/{name}: {e}"));
            let claimed = json_field(&bytes, "/metadata/version");
            assert_eq!(event.version(), claimed, "v{version}/{name}");
            assert_eq!(
                event.to_json().as_bytes(),
                bytes,
                "v{version}/{name}: re-encoded"
            );
            let latest = event
                .into_latest()
                .expect("every 1.x event reads as the newest");
            assert_eq!(latest.to_json().as_bytes(), bytes, "v{version}/{name}");
        }
    }

    // 1.1's event type and fields, typed.
    let cancelled =
        std::fs::read(repo().join("schema/v1.1/examples/canonical/cancelled.json")).unwrap();
    match decode(&cancelled).unwrap() {
        AnyWorkflowEvent::V1_1(event) => assert_eq!(
            event.event_type,
            workflow_events::v1_1::EventType::WorkflowCancelled
        ),
        other => panic!("read with v{}", other.version()),
    }
    let traced =
        std::fs::read(repo().join("schema/v1.1/examples/canonical/correlation_and_trace.json"))
            .unwrap();
    match decode(traced.trim_ascii_end()).unwrap() {
        AnyWorkflowEvent::V1_1(event) => {
            assert!(event.correlation_id.is_some() && event.traceparent.is_some())
        }
        other => panic!("read with v{}", other.version()),
    }

    // The same events claiming 1.0 are checked against 1.0: `workflow.cancelled` is not a
    // 1.0 event type; 1.1's fields are unknown properties there, ignored and not written.
    let mut as_v1_0: Value = serde_json::from_slice(&cancelled).unwrap();
    as_v1_0["metadata"]["version"] = Value::from("1.0");
    let err = decode(&serde_json::to_vec(&as_v1_0).unwrap()).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::ValidationFailed);
    assert_eq!(
        kinds_and_locs(&err.errors),
        [("enum".to_owned(), serde_json::json!(["event_type"]))]
    );
    let mut as_v1_0: Value = serde_json::from_slice(&traced).unwrap();
    as_v1_0["metadata"]["version"] = Value::from("1.0");
    let event = decode(&serde_json::to_vec(&as_v1_0).unwrap()).unwrap();
    assert!(matches!(event, AnyWorkflowEvent::V1_0(_)));
    assert_eq!(
        json_field(event.to_json().as_bytes(), "/correlation_id"),
        Value::Null
    );

    // A major version this build has no types for.
    let mut as_v2: Value = serde_json::from_slice(&cancelled).unwrap();
    as_v2["metadata"]["version"] = Value::from("2.0");
    let err = decode(&serde_json::to_vec(&as_v2).unwrap()).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::UnknownVersion);
}

#[test]
fn configuration_cannot_weaken_delivery_guarantees() {
    let rejected = |r: rdkafka::error::KafkaResult<EventProducer>| match r {
        Err(rdkafka::error::KafkaError::ClientConfig(_, _, key, _)) => key,
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("accepted"),
    };
    assert_eq!(
        rejected(
            EventProducer::builder("127.0.0.1:1", "t")
                .set("acks", "1")
                .build()
        ),
        "acks"
    );
    assert_eq!(
        rejected(
            EventProducer::builder("127.0.0.1:1", "t")
                .set("enable.idempotence", "false")
                .build()
        ),
        "enable.idempotence"
    );
    assert_eq!(
        rejected(EventProducer::from_config("t", [("linger.ms", "5")])),
        "bootstrap.servers"
    );
    assert!(EventProducer::builder("127.0.0.1:1", "t")
        .set("acks", "-1")
        .build()
        .is_ok());
    for (key, value) in [
        ("enable.auto.offset.store", "true"),
        ("enable.auto.commit", "false"),
    ] {
        match EventConsumer::builder("127.0.0.1:1", "g", "t")
            .set(key, value)
            .build()
        {
            Err(rdkafka::error::KafkaError::ClientConfig(_, _, k, _)) => assert_eq!(k, key),
            other => panic!("{key}={value}: {other:?}"),
        }
    }
    assert!(EventConsumer::from_config("t", [("bootstrap.servers", "127.0.0.1:1")]).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_by_plain_map() {
    let bootstrap = bootstrap("KAFKA_BOOTSTRAP");
    let topic = unique("map");
    create_topic(&bootstrap, &topic, 1).await;
    let producer = EventProducer::from_config(
        &topic,
        [
            ("bootstrap.servers", bootstrap.as_str()),
            ("linger.ms", "1"),
        ],
    )
    .unwrap();
    let event = event(&examples(), 0, 1);
    assert_eq!(
        producer.send(&event).await.unwrap(),
        workflow_events::kafka::Delivered {
            partition: 0,
            offset: 0
        }
    );
    let group = unique("group");
    let consumer = EventConsumer::from_config(
        &topic,
        HashMap::from([
            ("bootstrap.servers", bootstrap.as_str()),
            ("group.id", group.as_str()),
        ]),
    )
    .unwrap();
    let (handled, _) = consume(&consumer, 1).await;
    assert_eq!(handled, [event.to_json()]);
}

// ---------------------------------------------------------------------------------------------
// round trips

async fn round_trip(bootstrap: &str, consumer_settings: &[(&str, &str)]) {
    let topic = unique("round-trip");
    create_topic(bootstrap, &topic, 3).await;
    let examples = examples();
    let events: Vec<WorkflowEvent> = (0..300).map(|i| event(&examples, i, 10)).collect();

    let producer = EventProducer::builder(bootstrap, &topic)
        .build()
        .expect("producer");
    let results = send_all(&producer, &events).await;
    for (event, result) in events.iter().zip(&results) {
        assert!(
            result.is_ok(),
            "{}: not delivered: {result:?}",
            event.to_json()
        );
    }

    let messages = read_all(bootstrap, &topic, events.len());
    assert_wire_format(&events, &messages);

    let mut builder = EventConsumer::builder(bootstrap, unique("group"), &topic);
    for (k, v) in consumer_settings {
        builder = builder.set(*k, *v);
    }
    let consumer = builder.build().expect("consumer");
    let (handled, outcomes) = consume(&consumer, events.len()).await;
    assert!(outcomes
        .iter()
        .all(|o| matches!(o, Outcome::Handled { .. })));
    let mut got = handled;
    let mut want: Vec<String> = events.iter().map(WorkflowEvent::to_json).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "the consumer handed over other events than sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_noida() {
    round_trip(&bootstrap("KAFKA_BOOTSTRAP"), &[]).await;
}

/// The second, independent broker implementation. tansu delays a group's first join by half
/// the session timeout (45 s by default), hence the shorter one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_tansu() {
    round_trip(
        &bootstrap("KAFKA_BOOTSTRAP_TANSU"),
        &[("session.timeout.ms", "6000")],
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// dead-letter topic

/// A counterexample of the corpus: the bytes to send and the `(type, loc)` errors expected.
struct Invalid {
    name: String,
    value: Option<Vec<u8>>,
    error_type: DecodeErrorKind,
    errors: Vec<(String, Value)>,
}

fn invalid_messages(examples: &[Value]) -> Vec<Invalid> {
    let dir = repo().join("schema/v1.0/counterexamples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut out: Vec<Invalid> = paths
        .iter()
        .map(|p| {
            let case: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
            let value = match (case.get("raw"), case.get("instance")) {
                (Some(Value::String(raw)), _) => raw.as_bytes().to_vec(),
                (_, Some(instance)) => serde_json::to_vec(instance).unwrap(),
                _ => panic!("{}: neither raw nor instance", p.display()),
            };
            let errors: Vec<(String, Value)> = case["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["type"].as_str().unwrap().to_owned(), e["loc"].clone()))
                .collect();
            let error_type = if errors.iter().all(|(t, _)| t == "json_invalid") {
                DecodeErrorKind::JsonInvalid
            } else {
                DecodeErrorKind::ValidationFailed
            };
            Invalid {
                name: p.file_name().unwrap().to_string_lossy().into_owned(),
                value: Some(value),
                error_type,
                errors,
            }
        })
        .collect();
    assert!(
        out.len() > 10,
        "counterexamples missing in {}",
        dir.display()
    );
    for version in ["2.0", "3", "one"] {
        let mut v = examples[0].clone();
        v["metadata"]["version"] = Value::from(version);
        out.push(Invalid {
            name: format!("version {version}"),
            value: Some(serde_json::to_vec(&v).unwrap()),
            error_type: DecodeErrorKind::UnknownVersion,
            errors: vec![(
                "unknown_version".into(),
                serde_json::json!(["metadata", "version"]),
            )],
        });
    }
    out.push(Invalid {
        name: "no value".into(),
        value: None,
        error_type: DecodeErrorKind::JsonInvalid,
        errors: vec![("json_invalid".into(), serde_json::json!([]))],
    });
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_messages_go_to_the_dlq_and_the_consumer_goes_on() {
    let bootstrap = bootstrap("KAFKA_BOOTSTRAP");
    let topic = unique("dlq");
    create_topic(&bootstrap, &topic, 1).await;
    create_topic(&bootstrap, &format!("{topic}.dlq"), 1).await;
    let examples = examples();
    let invalid = invalid_messages(&examples);

    // Invalid messages interleaved with valid events, all in one partition (order is known).
    let raw: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()
        .unwrap();
    let producer = EventProducer::builder(&bootstrap, &topic).build().unwrap();
    let mut valid = Vec::new();
    for (i, bad) in invalid.iter().enumerate() {
        let event = event(&examples, i, 3);
        producer.send(&event).await.expect("valid event sent");
        valid.push(event.to_json());
        let mut record: FutureRecord<'_, str, [u8]> = FutureRecord::to(&topic)
            .key("bad-key")
            .headers(OwnedHeaders::new().insert(Header {
                key: "trace-id",
                value: Some(&format!("t{i}")),
            }));
        if let Some(value) = &bad.value {
            record = record.payload(value);
        }
        raw.send(record, Timeout::Never)
            .await
            .expect("invalid message sent");
    }

    let consumer = EventConsumer::builder(&bootstrap, unique("group"), &topic)
        .build()
        .unwrap();
    assert_eq!(consumer.dlq_topic(), format!("{topic}.dlq"));
    let (handled, outcomes) = consume(&consumer, valid.len() + invalid.len()).await;
    assert_eq!(
        handled, valid,
        "every valid event reaches the handler, in order"
    );
    let dead: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::DeadLettered { error, .. } => Some(error),
            Outcome::Handled { .. } => None,
        })
        .collect();
    assert_eq!(dead.len(), invalid.len());
    for (error, bad) in dead.iter().zip(&invalid) {
        let got: Vec<(String, Value)> = error
            .errors
            .iter()
            .map(|e| (e.kind.clone(), Value::Array(e.loc.clone())))
            .collect();
        assert_eq!(got, bad.errors, "{}: errors", bad.name);
        assert_eq!(error.kind, bad.error_type, "{}: error_type", bad.name);
    }

    let dlq = read_all(&bootstrap, consumer.dlq_topic(), invalid.len());
    assert_eq!(
        dlq.len(),
        invalid.len(),
        "one DLQ message per invalid message"
    );
    for (i, (m, bad)) in dlq.iter().zip(&invalid).enumerate() {
        assert_eq!(
            m.payload(),
            bad.value.as_deref(),
            "{}: original bytes",
            bad.name
        );
        assert_eq!(m.key(), Some(&b"bad-key"[..]), "{}: original key", bad.name);
        let headers = headers_of(m);
        assert_eq!(
            headers[0],
            ("trace-id".to_owned(), format!("t{i}").into_bytes())
        );
        assert_eq!(
            header(&headers, "error_type"),
            Some(bad.error_type.as_str()),
            "{}",
            bad.name
        );
        let errors: Vec<Value> =
            serde_json::from_str(header(&headers, "errors").expect("errors header")).unwrap();
        let got: Vec<(String, Value)> = errors
            .iter()
            .map(|e| {
                assert!(e["msg"].is_string(), "{}: msg in {e}", bad.name);
                (e["type"].as_str().unwrap().to_owned(), e["loc"].clone())
            })
            .collect();
        assert_eq!(got, bad.errors, "{}: errors header", bad.name);
        assert_eq!(header(&headers, "original_topic"), Some(topic.as_str()));
        assert_eq!(header(&headers, "original_partition"), Some("0"));
    }
}

/// Events of every schema version travel through the broker and reach the handler with the
/// types of their version; what a version rejects, and a major this build cannot read, go to
/// the dead-letter topic.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_version_round_trips_and_the_dlq_gets_what_its_version_rejects() {
    let bootstrap = bootstrap("KAFKA_BOOTSTRAP");
    let topic = unique("versions");
    create_topic(&bootstrap, &topic, 1).await;
    create_topic(&bootstrap, &format!("{topic}.dlq"), 1).await;

    // Every canonical example of every version (with an event id of its own, as versions share
    // examples, and a sequence number), sent as the AnyWorkflowEvent decode returned.
    let mut events: Vec<AnyWorkflowEvent> = Vec::new();
    for version in workflow_events::VERSIONS {
        for (name, bytes) in canonical_examples(version) {
            let mut value: Value = serde_json::from_slice(&bytes).unwrap();
            value["event_id"] = Value::from(uuid::Uuid::new_v4().to_string());
            value["payload"]["data"]["seq"] = Value::from(events.len());
            let value = serde_json::to_vec(&value).unwrap();
            events.push(decode(&value).unwrap_or_else(|e| panic!("v{version}/{name}: {e}")));
        }
    }
    assert!(events.iter().any(|e| e.version() == "1.0"));
    assert!(events.iter().any(|e| e.version() == "1.1"));
    let producer = EventProducer::builder(&bootstrap, &topic).build().unwrap();
    for result in send_all(&producer, &events).await {
        result.expect("delivered");
    }
    assert_wire_format(&events, &read_all(&bootstrap, &topic, events.len()));

    // Then a 1.1 event claiming 1.0 (its event type is not a 1.0 one) and one claiming 2.0.
    let (_, cancelled) = canonical_examples("1.1")
        .into_iter()
        .find(|(name, _)| name == "cancelled.json")
        .expect("v1.1 example cancelled.json");
    let claiming = |version: &str| {
        let mut value: Value = serde_json::from_slice(&cancelled).unwrap();
        value["metadata"]["version"] = Value::from(version);
        serde_json::to_vec(&value).unwrap()
    };
    let invalid = [
        (
            claiming("1.0"),
            DecodeErrorKind::ValidationFailed,
            ("enum", serde_json::json!(["event_type"])),
        ),
        (
            claiming("2.0"),
            DecodeErrorKind::UnknownVersion,
            (
                "unknown_version",
                serde_json::json!(["metadata", "version"]),
            ),
        ),
    ];
    let raw: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()
        .unwrap();
    for (value, _, _) in &invalid {
        raw.send(
            FutureRecord::<str, [u8]>::to(&topic)
                .key("run_901")
                .payload(value),
            Timeout::Never,
        )
        .await
        .expect("invalid message sent");
    }

    let consumer = EventConsumer::builder(&bootstrap, unique("group"), &topic)
        .build()
        .unwrap();
    let (handled, outcomes) = consume_events(&consumer, events.len() + invalid.len()).await;
    assert_eq!(
        handled, events,
        "each event as the types of its version, in order"
    );
    let dead: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::DeadLettered { error, .. } => Some(error),
            Outcome::Handled { .. } => None,
        })
        .collect();
    assert_eq!(dead.len(), invalid.len());
    let dlq = read_all(&bootstrap, consumer.dlq_topic(), invalid.len());
    assert_eq!(
        dlq.len(),
        invalid.len(),
        "one DLQ message per invalid message"
    );
    for ((error, message), (value, kind, (error_type, loc))) in dead.iter().zip(&dlq).zip(&invalid)
    {
        assert_eq!(error.kind, *kind);
        assert_eq!(
            kinds_and_locs(&error.errors),
            [((*error_type).to_owned(), loc.clone())]
        );
        assert_eq!(message.payload(), Some(value.as_slice()), "original bytes");
        let headers = headers_of(message);
        assert_eq!(header(&headers, "error_type"), Some(kind.as_str()));
    }
}

// ---------------------------------------------------------------------------------------------
// at-least-once

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offsets_are_committed_only_after_handling() {
    let bootstrap = bootstrap("KAFKA_BOOTSTRAP");
    let topic = unique("commit");
    create_topic(&bootstrap, &topic, 1).await;
    let examples = examples();
    let producer = EventProducer::builder(&bootstrap, &topic).build().unwrap();
    let events: Vec<WorkflowEvent> = (0..10).map(|i| event(&examples, i, 1)).collect();
    for e in &events {
        producer.send(e).await.unwrap();
    }
    let group = unique("group");

    // The handler succeeds for five events and fails on the sixth.
    {
        let consumer = EventConsumer::builder(&bootstrap, &group, &topic)
            .build()
            .unwrap();
        let calls = AtomicUsize::new(0);
        let result = tokio::time::timeout(
            WAIT,
            consumer.run(|event, meta| {
                let n = calls.fetch_add(1, Ordering::SeqCst);
                assert_eq!(meta.offset, n as i64);
                assert_eq!(event.to_json(), events[n].to_json());
                std::future::ready(if n < 5 { Ok(()) } else { Err("boom") })
            }),
        )
        .await
        .expect("run stops on the handler error");
        assert!(matches!(
            result,
            Err(workflow_events::kafka::ConsumeError::Handler("boom"))
        ));
        consumer.commit().unwrap();
    } // dropping the consumer closes it and commits what was stored

    // A new member of the group starts at the failed event, not after it.
    let consumer = EventConsumer::builder(&bootstrap, &group, &topic)
        .build()
        .unwrap();
    let (handled, outcomes) = consume(&consumer, 5).await;
    assert_eq!(
        outcomes[0],
        Outcome::Handled {
            partition: 0,
            offset: 5
        }
    );
    let want: Vec<String> = events[5..].iter().map(WorkflowEvent::to_json).collect();
    assert_eq!(handled, want);
}

// ---------------------------------------------------------------------------------------------
// broker restart

/// A noida-db broker of this test's own, started, restarted and stopped by scripts/kafka-broker.
struct OwnBroker {
    state: PathBuf,
    bootstrap: String,
}

impl OwnBroker {
    fn script(&self, args: &[&str]) -> String {
        let out = Command::new(repo().join("scripts/kafka-broker"))
            .args(args)
            .env("KAFKA_STATE", &self.state)
            .output()
            .expect("scripts/kafka-broker runs");
        assert!(
            out.status.success(),
            "scripts/kafka-broker {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn start() -> OwnBroker {
        let mut broker = OwnBroker {
            state: repo().join("target/kafka").join(unique("restart-test")),
            bootstrap: String::new(),
        };
        let out = broker.script(&["up", "noida"]);
        broker.bootstrap = out
            .trim()
            .strip_prefix("export KAFKA_BOOTSTRAP=")
            .unwrap_or_else(|| panic!("unexpected output {out:?}"))
            .to_owned();
        broker
    }
}

impl Drop for OwnBroker {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("scripts/kafka-broker"))
            .args(["down", "noida"])
            .env("KAFKA_STATE", &self.state)
            .status();
        let _ = std::fs::remove_dir_all(&self.state);
    }
}

impl OwnBroker {
    /// Restarts the broker (scripts/kafka-broker restart) and checks that a connection opened
    /// before was closed by it: every client had to reconnect. Returns how long it took.
    fn restart(&self) -> Duration {
        let mut probe = std::net::TcpStream::connect(&self.bootstrap).expect("probe connection");
        let started = Instant::now();
        self.script(&["restart", "noida"]);
        let took = started.elapsed();
        probe
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut buf = [0u8; 1];
        match std::io::Read::read(&mut probe, &mut buf) {
            Ok(0) => {}
            Err(e)
                if e.kind() != std::io::ErrorKind::WouldBlock
                    && e.kind() != std::io::ErrorKind::TimedOut => {}
            other => panic!("a connection survived the broker restart: {other:?}"),
        }
        took
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_restart_during_produce_loses_no_acknowledged_event() {
    let broker = Arc::new(OwnBroker::start());
    let topic = unique("restart");
    create_topic(&broker.bootstrap, &topic, 3).await;
    let examples = examples();
    let producer = EventProducer::builder(&broker.bootstrap, &topic)
        .set("delivery.timeout.ms", "30000")
        .build()
        .unwrap();

    // Events go out at a steady pace (10 per 10 ms); the broker is restarted after a third
    // and after two thirds of them, while sends are in flight.
    let sent = 3000;
    let mut pending = Vec::with_capacity(sent);
    let mut restarts = Vec::new();
    let started = Instant::now();
    for i in 0..sent {
        if i == sent / 3 || i == 2 * sent / 3 {
            let broker = Arc::clone(&broker);
            restarts.push(tokio::task::spawn_blocking(move || broker.restart()));
        }
        let event = event(&examples, i, 20);
        pending.push((event.to_json(), producer.send(&event)));
        if i % 10 == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    let mut restart_took = Vec::new();
    for r in restarts {
        restart_took.push(r.await.expect("restart ran"));
    }
    let mut results = Vec::with_capacity(sent);
    for (json, delivery) in pending {
        results.push((json, delivery.await));
    }
    let produce_took = started.elapsed();

    let id = |json: &[u8]| json_field(json, "/event_id").as_str().unwrap().to_owned();
    let acked: HashSet<String> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(json, _)| id(json.as_bytes()))
        .collect();
    let failures: BTreeMap<String, usize> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().err())
        .fold(BTreeMap::new(), |mut m, e| {
            *m.entry(e.to_string()).or_default() += 1;
            m
        });
    let messages = read_all(&broker.bootstrap, &topic, acked.len());
    let consumed: Vec<String> = messages.iter().map(|m| id(m.payload().unwrap())).collect();
    let distinct: HashSet<&String> = consumed.iter().collect();
    let missing: Vec<(i32, i64)> = results
        .iter()
        .filter_map(|(json, r)| {
            let d = r.as_ref().ok()?;
            (!distinct.contains(&id(json.as_bytes()))).then_some((d.partition, d.offset))
        })
        .collect();
    let stored_not_acked = distinct.iter().filter(|d| !acked.contains(**d)).count();
    eprintln!(
        "restart test: sent={sent} acked={} failed={} consumed={} distinct={} duplicates={} \
         missing_acked={} stored_but_not_acked={stored_not_acked} (produce loop {produce_took:.1?}, \
         broker restarts {restart_took:.1?}, failures {failures:?})",
        acked.len(),
        sent - acked.len(),
        consumed.len(),
        distinct.len(),
        consumed.len() - distinct.len(),
        missing.len(),
    );
    assert!(
        missing.is_empty(),
        "acknowledged events missing (partition, offset): {missing:?}"
    );
    assert_eq!(acked.len(), sent, "events failed: {failures:?}");
    assert_eq!(consumed.len(), distinct.len(), "duplicates stored");
}

// ---------------------------------------------------------------------------------------------
// Python interop

fn python() -> String {
    std::env::var("KAFKA_PYTHON")
        .unwrap_or_else(|_| repo().join(".venv/bin/python").display().to_string())
}

fn interop(args: &[&str]) -> String {
    interop_at("1.0", args)
}

/// Runs `tests/kafka/interop.py` with the events of schema `version` (the all-versions package
/// `generated/python` after whatever PYTHONPATH already holds: an installed one wins).
fn interop_at(version: &str, args: &[&str]) -> String {
    let generated = repo().join("generated/python");
    let path = match std::env::var("PYTHONPATH") {
        Ok(p) if !p.is_empty() => format!("{p}:{}", generated.display()),
        _ => generated.display().to_string(),
    };
    let out = Command::new(python())
        .arg(repo().join("tests/kafka/interop.py"))
        .args(args)
        .env("PYTHONPATH", path)
        .env("INTEROP_SCHEMA_VERSION", version)
        .output()
        .unwrap_or_else(|e| panic!("running {} tests/kafka/interop.py: {e}", python()));
    assert!(
        out.status.success(),
        "interop.py {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `(key, value in hex, headers)` of a record.
type RecordText = (String, String, Vec<(String, String)>);

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn record_text(record: &EventRecord) -> RecordText {
    (
        record.key.clone(),
        hex(&record.payload()),
        record
            .headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

/// `interop.py` arguments for `options`.
fn option_args(options: &RecordOptions) -> Vec<String> {
    let mut args = Vec::new();
    if options.cloudevents {
        args.push("--cloudevents".to_owned());
    }
    if let Some(id) = options.schema_id {
        args.extend(["--schema-id".to_owned(), id.to_string()]);
    }
    args
}

/// Python's `record()` of every canonical example of `version` (`interop.py records`).
fn python_records(version: &str, options: &RecordOptions) -> Vec<(String, RecordText)> {
    let mut args = vec!["records".to_owned()];
    args.extend(option_args(options));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    interop_at(version, &args)
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a JSON line");
            let text = |v: &Value| v.as_str().expect("text").to_owned();
            let headers = v["headers"]
                .as_array()
                .expect("headers")
                .iter()
                .map(|h| (text(&h[0]), text(&h[1])))
                .collect();
            (
                text(&v["name"]),
                (text(&v["key"]), text(&v["value"]), headers),
            )
        })
        .collect()
}

/// Rust and Python write the same record of every example of every version, `traceparent`
/// header included, plain, with CloudEvents headers, Confluent-framed and both (no broker
/// needed).
#[test]
fn rust_and_python_write_the_same_records() {
    let plain = RecordOptions::default();
    let cloudevents = RecordOptions {
        cloudevents: true,
        schema_id: None,
    };
    // An id whose bytes are not UTF-8, and the largest.
    let framed = RecordOptions {
        cloudevents: false,
        schema_id: Some(0x00ff_fe01),
    };
    let both = RecordOptions {
        cloudevents: true,
        schema_id: Some(u32::MAX),
    };
    for options in [&cloudevents, &framed, &both] {
        for version in ["1.0", "1.1"] {
            let python = python_records(version, options);
            let examples = canonical_examples(version);
            assert_eq!(python.len(), examples.len());
            for ((name, bytes), (_, py_record)) in examples.iter().zip(&python) {
                let event = decode(bytes.as_slice()).unwrap();
                let record = EventRecord::with_options(&event, options);
                assert_eq!(
                    &record_text(&record),
                    py_record,
                    "v{version}/{name} {options:?}"
                );
                let payload = record.payload();
                match options.schema_id {
                    Some(id) => {
                        assert_eq!(payload[0], 0);
                        assert_eq!(payload[1..5], id.to_be_bytes());
                        assert_eq!(&payload[5..], bytes.as_slice());
                    }
                    None => assert_eq!(payload.as_ref(), bytes.as_slice()),
                }
                let ce: Vec<(&str, &str)> = record
                    .headers
                    .iter()
                    .filter(|(k, _)| k.starts_with("ce_"))
                    .map(|(k, v)| (*k, v.as_str()))
                    .collect();
                if options.cloudevents {
                    let field = |p: &str| json_field(bytes, p).as_str().unwrap().to_owned();
                    let (id, source, ty, time) = (
                        field("/event_id"),
                        field("/source"),
                        field("/event_type"),
                        field("/timestamp"),
                    );
                    assert_eq!(
                        ce,
                        [
                            ("ce_specversion", "1.0"),
                            ("ce_id", id.as_str()),
                            ("ce_source", source.as_str()),
                            ("ce_type", ty.as_str()),
                            ("ce_time", time.as_str()),
                        ]
                    );
                } else {
                    assert!(ce.is_empty());
                }
            }
        }
    }
    let mut mirrored = 0;
    for version in ["1.0", "1.1"] {
        let examples = canonical_examples(version);
        let python = python_records(version, &plain);
        assert_eq!(python.len(), examples.len(), "v{version}: examples");
        for ((name, bytes), (py_name, py_record)) in examples.iter().zip(&python) {
            assert_eq!(name, py_name);
            let rust = record_text(&EventRecord::from_event(&decode(bytes.as_slice()).unwrap()));
            assert_eq!(
                &rust, py_record,
                "v{version}/{name}: Rust and Python records"
            );
            assert_eq!(rust.1, hex(bytes), "the plain value is the canonical JSON");
            let traceparent = json_field(bytes, "/traceparent");
            let header = rust.2.iter().find(|(k, _)| k == "traceparent");
            assert_eq!(
                header.map(|(_, v)| v.as_str()),
                traceparent.as_str(),
                "v{version}/{name}: the traceparent header is the event's traceparent"
            );
            mirrored += usize::from(header.is_some());
        }
    }
    assert!(
        mirrored >= 2,
        "the v1.1 examples with a traceparent were mirrored"
    );
}

/// v1.1 events with a `traceparent`: the header goes through a real broker; the consumer's
/// `trace_context()` is the event's, and Python reads Rust's records (and writes its own)
/// with the same header.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traceparent_header_through_the_broker_and_python() {
    let bootstrap = bootstrap("KAFKA_BOOTSTRAP");
    let examples: Vec<Value> = canonical_examples("1.1")
        .iter()
        .map(|(_, b)| serde_json::from_slice(b).unwrap())
        .collect();
    let n = 20;
    let events: Vec<WorkflowEvent> = (0..n)
        .map(|i| {
            let mut e: Value = serde_json::from_str(&event(&examples, i, 3).to_json()).unwrap();
            e["traceparent"] = Value::from(format!("00-{:032x}-{:016x}-01", i + 1, i + 7));
            // A 1.1 event (one example declares 1.0, whose reader drops the property).
            e["metadata"]["version"] = Value::from("1.1");
            WorkflowEvent::from_value(e).unwrap()
        })
        .collect();
    let topic = unique("traceparent");
    create_topic(&bootstrap, &topic, 3).await;
    let producer = EventProducer::builder(&bootstrap, &topic).build().unwrap();
    for r in send_all(&producer, &events).await {
        r.expect("delivered");
    }
    let messages = read_all(&bootstrap, &topic, n);
    assert_wire_format(&events, &messages);

    let consumer = EventConsumer::builder(&bootstrap, unique("group"), &topic)
        .build()
        .unwrap();
    let mut seen = Vec::new();
    while seen.len() < n {
        let outcome = tokio::time::timeout(
            WAIT,
            consumer.process_next(|event, meta| {
                let json = event.to_json();
                let context: Vec<(String, String)> = meta
                    .trace_context()
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
                seen.push((json, context));
                async { Ok::<(), std::io::Error>(()) }
            }),
        )
        .await
        .expect("an event within the wait");
        assert!(
            matches!(outcome, Ok(Outcome::Handled { .. })),
            "{outcome:?}"
        );
    }
    for (json, context) in &seen {
        let traceparent = json_field(json.as_bytes(), "/traceparent");
        assert_eq!(
            context,
            &[(
                "traceparent".to_owned(),
                traceparent.as_str().unwrap().to_owned()
            )],
            "trace_context() of {json}"
        );
    }

    // Python (the v1.1 package) checks Rust's records against its own record().
    let seen = interop_at(
        "1.1",
        &[
            "consume",
            "--bootstrap",
            &bootstrap,
            "--topic",
            &topic,
            "--count",
            &n.to_string(),
        ],
    );
    assert_eq!(seen.lines().count(), n);
    // Python produces v1.1 events (examples with and without a traceparent); Rust checks the headers.
    let from_python = unique("traceparent-py");
    create_topic(&bootstrap, &from_python, 3).await;
    let sent = interop_at(
        "1.1",
        &[
            "produce",
            "--bootstrap",
            &bootstrap,
            "--topic",
            &from_python,
            "--count",
            "30",
        ],
    );
    let python_events: Vec<AnyWorkflowEvent> = sent
        .lines()
        .map(|line| decode(line.as_bytes()).expect("decodes"))
        .collect();
    let messages = read_all(&bootstrap, &from_python, python_events.len());
    assert_wire_format(&python_events, &messages);
    assert!(
        messages
            .iter()
            .any(|m| header(&headers_of(m), "traceparent").is_some()),
        "some of Python's events carried a traceparent header"
    );
}

/// Confluent framing: framed values read as the plain ones; a frame cut short is
/// `frame_invalid` (one error at `[]`), never a panic; what follows a frame is validated as usual.
#[test]
fn decode_reads_framed_and_plain_values() {
    for (name, bytes) in canonical_examples("1.0")
        .into_iter()
        .chain(canonical_examples("1.1"))
    {
        for id in [0u32, 1, 0x00ff_fe01, u32::MAX] {
            let mut framed = vec![0];
            framed.extend_from_slice(&id.to_be_bytes());
            framed.extend_from_slice(&bytes);
            assert_eq!(unframe(&framed).unwrap(), (Some(id), bytes.as_slice()));
            let event = decode(&framed).unwrap_or_else(|e| panic!("{name} framed: {e}"));
            assert_eq!(event.to_json().as_bytes(), bytes.as_slice(), "{name}");
        }
        assert_eq!(unframe(&bytes).unwrap(), (None, bytes.as_slice()));
    }
    for short in [&[0u8][..], &[0, 0], &[0, 0, 0, 1], &[0, 0xff, 0xff, 0xff]] {
        let error = decode(short).unwrap_err();
        assert_eq!(error.kind, DecodeErrorKind::FrameInvalid, "{short:?}");
        assert_eq!(error.kind.as_str(), "frame_invalid");
        assert_eq!(
            kinds_and_locs(&error.errors),
            [("frame_invalid".to_owned(), Value::Array(vec![]))]
        );
        assert!(error.errors[0]
            .msg
            .contains(&format!("has {} bytes", short.len())));
    }
    // A complete frame with nothing, or not an event, after it: the usual errors.
    assert_eq!(
        decode(&[0, 0, 0, 0, 1]).unwrap_err().kind,
        DecodeErrorKind::JsonInvalid
    );
    let mut framed_bad = vec![0, 0, 0, 0, 7];
    framed_bad.extend_from_slice(br#"{"event_type":"nope"}"#);
    assert_eq!(
        decode(&framed_bad).unwrap_err().kind,
        DecodeErrorKind::ValidationFailed
    );
    // Not framed and not JSON (magic byte 1).
    assert_eq!(
        decode(&[1, 0, 0, 0, 1, b'{', b'}']).unwrap_err().kind,
        DecodeErrorKind::JsonInvalid
    );
}

fn wanted_headers(record: &EventRecord) -> Vec<(String, Vec<u8>)> {
    record
        .headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone().into_bytes()))
        .collect()
}

/// CloudEvents headers and Confluent framing through a real broker: the consumer reads records
/// written either way (and plain ones on the same topic), dead-letters bad frames with
/// `error_type: frame_invalid`, and Python reads Rust's records and writes its own the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloudevents_and_confluent_framing_through_the_broker() {
    let bootstrap = bootstrap("KAFKA_BOOTSTRAP");
    let examples = examples();
    let options = RecordOptions {
        cloudevents: true,
        schema_id: Some(42),
    };
    let topic = unique("ce-framed");
    create_topic(&bootstrap, &topic, 3).await;
    let events: Vec<WorkflowEvent> = (0..30).map(|i| event(&examples, i, 5)).collect();
    let producer = EventProducer::builder(&bootstrap, &topic)
        .cloudevents(true)
        .confluent_schema_id(42)
        .build()
        .unwrap();
    assert_eq!(producer.record_options(), &options);
    for r in send_all(&producer, &events).await {
        r.expect("delivered");
    }
    let plain = EventProducer::builder(&bootstrap, &topic).build().unwrap();
    let plain_events: Vec<WorkflowEvent> = (30..40).map(|i| event(&examples, i, 5)).collect();
    for r in send_all(&plain, &plain_events).await {
        r.expect("delivered");
    }
    let messages = read_all(&bootstrap, &topic, 40);
    assert_eq!(messages.len(), 40);
    let mut framed_seen = 0;
    for m in &messages {
        let value = m.payload().unwrap();
        let event = decode(m).expect("decodes");
        let framed = value[0] == 0;
        let record = if framed {
            EventRecord::with_options(&event, &options)
        } else {
            EventRecord::from_event(&event)
        };
        assert_eq!(value, record.payload().as_ref());
        assert_eq!(headers_of(m), wanted_headers(&record));
        framed_seen += usize::from(framed);
    }
    assert_eq!(framed_seen, 30);

    // Bad frames next to good ones: dead-lettered, the consumer goes on.
    let raw: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()
        .unwrap();
    for bad in [&[0u8][..], &[0, 0, 0, 42]] {
        raw.send(
            FutureRecord::<(), [u8]>::to(&topic).payload(bad),
            Timeout::After(WAIT),
        )
        .await
        .expect("sent");
    }
    let consumer = EventConsumer::builder(&bootstrap, unique("group"), &topic)
        .build()
        .unwrap();
    let (handled, outcomes) = consume(&consumer, 42).await;
    assert_eq!(handled.len(), 40);
    let dead: Vec<&str> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::DeadLettered { error, .. } => Some(error.kind.as_str()),
            Outcome::Handled { .. } => None,
        })
        .collect();
    assert_eq!(dead, ["frame_invalid", "frame_invalid"]);
    let dlq = read_all(&bootstrap, consumer.dlq_topic(), 2);
    assert_eq!(dlq.len(), 2);
    for m in &dlq {
        assert_eq!(header(&headers_of(m), "error_type"), Some("frame_invalid"));
    }

    // Python reads Rust's framed CloudEvents records (checked against its own record() with
    // the same options), and writes them the same way.
    let args = option_args(&options);
    let py_topic = unique("ce-framed-rust");
    create_topic(&bootstrap, &py_topic, 3).await;
    let producer = EventProducer::builder(&bootstrap, &py_topic)
        .cloudevents(true)
        .confluent_schema_id(42)
        .build()
        .unwrap();
    for r in send_all(&producer, &events).await {
        r.expect("delivered");
    }
    let mut consume_args = vec!["consume", "--bootstrap", &bootstrap, "--topic", &py_topic];
    consume_args.extend(["--count", "30"]);
    consume_args.extend(args.iter().map(String::as_str));
    assert_eq!(interop(&consume_args).lines().count(), 30);
    let from_python = unique("ce-framed-py");
    create_topic(&bootstrap, &from_python, 3).await;
    let mut produce_args = vec![
        "produce",
        "--bootstrap",
        &bootstrap,
        "--topic",
        &from_python,
    ];
    produce_args.extend(["--count", "25"]);
    produce_args.extend(args.iter().map(String::as_str));
    let sent = interop(&produce_args);
    let messages = read_all(&bootstrap, &from_python, 25);
    assert_eq!(messages.len(), 25);
    let mut sent_json: Vec<&str> = sent.lines().collect();
    let mut got: Vec<String> = Vec::new();
    for m in &messages {
        let event = decode(m).expect("Python's framed event decodes");
        let record = EventRecord::with_options(&event, &options);
        assert_eq!(m.payload().unwrap(), record.payload().as_ref());
        assert_eq!(headers_of(m), wanted_headers(&record));
        got.push(event.to_json());
    }
    got.sort();
    sent_json.sort();
    assert_eq!(got, sent_json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_and_python_read_each_others_events() {
    let bootstrap = bootstrap("KAFKA_BOOTSTRAP");
    let examples = examples();
    let n = 200;

    // Rust produces; Python consumes and checks key, headers and bytes against its own
    // model_dump_json() of what it decoded; Rust checks Python saw its exact bytes.
    let from_rust = unique("from-rust");
    create_topic(&bootstrap, &from_rust, 3).await;
    let events: Vec<WorkflowEvent> = (0..n).map(|i| event(&examples, i, 7)).collect();
    let producer = EventProducer::builder(&bootstrap, &from_rust)
        .build()
        .unwrap();
    for r in send_all(&producer, &events).await {
        r.expect("delivered");
    }
    let seen = interop(&[
        "consume",
        "--bootstrap",
        &bootstrap,
        "--topic",
        &from_rust,
        "--count",
        &n.to_string(),
    ]);
    let mut got: Vec<&str> = seen.lines().collect();
    let mut want: Vec<String> = events.iter().map(WorkflowEvent::to_json).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "Python decoded other events than Rust sent");

    // Python produces; Rust reads the wire bytes and decodes them.
    let from_python = unique("from-python");
    create_topic(&bootstrap, &from_python, 3).await;
    let sent = interop(&[
        "produce",
        "--bootstrap",
        &bootstrap,
        "--topic",
        &from_python,
        "--count",
        &n.to_string(),
    ]);
    let python_events: Vec<AnyWorkflowEvent> = sent
        .lines()
        .map(|line| decode(line.as_bytes()).expect("Python's event decodes in Rust"))
        .collect();
    assert_eq!(python_events.len(), n);
    let messages = read_all(&bootstrap, &from_python, n);
    assert_wire_format(&python_events, &messages);
    for line in sent.lines() {
        assert_eq!(
            decode(line.as_bytes()).unwrap().to_json(),
            line,
            "Rust re-encodes Python's bytes identically"
        );
    }
    let consumer = EventConsumer::builder(&bootstrap, unique("group"), &from_python)
        .build()
        .unwrap();
    let (mut handled, _) = consume(&consumer, n).await;
    let mut want: Vec<String> = sent.lines().map(str::to_owned).collect();
    handled.sort();
    want.sort();
    assert_eq!(handled, want);
}

// ---------------------------------------------------------------------------------------------
// throughput

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throughput_against_the_raw_client() {
    let bootstrap = bootstrap("KAFKA_BOOTSTRAP");
    let examples = examples();
    // KAFKA_THROUGHPUT_EVENTS overrides the count (scripts/test keeps the default small: a
    // debug build spends its time validating; measure with --release for real figures).
    let n: usize = std::env::var("KAFKA_THROUGHPUT_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let events: Vec<WorkflowEvent> = (0..n).map(|i| event(&examples, i, 50)).collect();
    let records: Vec<EventRecord> = events.iter().map(EventRecord::from_event).collect();

    // Baseline: the broker fed by librdkafka directly (same settings, values already
    // serialized, no per-event future): what broker + client can take.
    let raw_topic = unique("raw");
    create_topic(&bootstrap, &raw_topic, 3).await;
    let raw: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .set("enable.idempotence", "true")
        .set("acks", "all")
        .create()
        .unwrap();
    let t = Instant::now();
    let mut pending = Vec::with_capacity(n);
    for r in &records {
        let mut record = FutureRecord::to(&raw_topic).key(&r.key).payload(&r.value);
        let mut h = OwnedHeaders::new();
        for (k, v) in &r.headers {
            h = h.insert(Header {
                key: k,
                value: Some(v.as_str()),
            });
        }
        record = record.headers(h);
        loop {
            match raw.send_result(record) {
                Ok(f) => {
                    pending.push(f);
                    break;
                }
                Err((_, back)) => {
                    record = back;
                    raw.poll(Duration::from_millis(10));
                }
            }
        }
    }
    raw.flush(WAIT).unwrap();
    for f in pending {
        f.await.unwrap().expect("raw delivery");
    }
    let raw_produce = n as f64 / t.elapsed().as_secs_f64();

    // EventProducer: to_json + headers per event, one future per event.
    let topic = unique("throughput");
    create_topic(&bootstrap, &topic, 3).await;
    let producer = EventProducer::builder(&bootstrap, &topic).build().unwrap();
    let t = Instant::now();
    let results = send_all(&producer, &events).await;
    let ours_produce = n as f64 / t.elapsed().as_secs_f64();
    assert!(results.iter().all(Result::is_ok));

    // Consuming: raw assign() reader vs EventConsumer (decode + validate + offset store).
    let t = Instant::now();
    let raw_read = read_all(&bootstrap, &raw_topic, n);
    let raw_consume = raw_read.len() as f64 / (t.elapsed() - QUIET).as_secs_f64();
    assert_eq!(raw_read.len(), n);
    let consumer = EventConsumer::builder(&bootstrap, unique("group"), &topic)
        .build()
        .unwrap();
    // The group join is not consumption: start the clock at the first message.
    let (first, _) = consume(&consumer, 1).await;
    let t = Instant::now();
    let (rest, _) = consume(&consumer, n - 1).await;
    let ours_consume = (n - 1) as f64 / t.elapsed().as_secs_f64();
    assert_eq!(first.len() + rest.len(), n);

    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    eprintln!(
        "throughput ({build} build, {n} events, {} bytes average): produce raw {raw_produce:.0}/s, \
         EventProducer {ours_produce:.0}/s (ratio {:.2}); consume raw {raw_consume:.0}/s, \
         EventConsumer {ours_consume:.0}/s (ratio {:.2})",
        records.iter().map(|r| r.value.len()).sum::<usize>() / n,
        ours_produce / raw_produce,
        ours_consume / raw_consume,
    );
}

// ---------------------------------------------------------------------------------------------
// the typed-payload envelope (tests/fixtures/schemas/union_envelope.json, `fixtures` feature)

/// The cases of `tests/fixtures/instances/union_envelope/<kind>.json`.
fn envelope_cases(kind: &str) -> serde_json::Map<String, Value> {
    let path = repo().join(format!(
        "tests/fixtures/instances/union_envelope/{kind}.json"
    ));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())) {
        Value::Object(map) if !map.is_empty() => map,
        _ => panic!("{}: no cases", path.display()),
    }
}

/// Every branch of the envelope's payload (roundtrip.json: pydantic's bytes) is sent with
/// `EventProducer::send` and read back with the record layout (`event_type` header = the
/// payload's tag) and the same bytes; the fixture's types read them back to those bytes.
/// errors.json's invalid payloads, sent raw as 2.0 events, come back with the pinned errors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_payload_envelope_through_the_broker() {
    use workflow_events::fixtures::union_envelope::WorkflowEvent as Envelope;

    let bootstrap = bootstrap("KAFKA_BOOTSTRAP");
    let topic = unique("envelope");
    create_topic(&bootstrap, &topic, 1).await;
    let valid = envelope_cases("roundtrip");
    let invalid = envelope_cases("errors");
    let events: Vec<(String, Envelope)> = valid
        .iter()
        .map(|(name, case)| {
            let text = serde_json::to_string(&case["input"]).unwrap();
            let event = Envelope::from_json(&text)
                .unwrap_or_else(|e| panic!("roundtrip.json/{name}: refused: {e:?}"));
            (name.clone(), event)
        })
        .collect();
    let producer = EventProducer::builder(&bootstrap, &topic)
        .build()
        .expect("producer");
    for (name, event) in &events {
        producer
            .send(event)
            .await
            .unwrap_or_else(|e| panic!("roundtrip.json/{name}: not delivered: {e}"));
    }
    let raw: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()
        .unwrap();
    for (name, case) in &invalid {
        let mut instance = case["instance"].clone();
        if let Some(metadata) = instance.get_mut("metadata").and_then(Value::as_object_mut) {
            metadata.insert("version".into(), "2.0".into());
        }
        let value = serde_json::to_vec(&instance).unwrap();
        let record: FutureRecord<'_, str, [u8]> = FutureRecord::to(&topic)
            .key(name.as_str())
            .payload(value.as_slice())
            .headers(OwnedHeaders::new().insert(Header {
                key: "case",
                value: Some(name.as_str()),
            }));
        raw.send(record, Timeout::Never)
            .await
            .unwrap_or_else(|(e, _)| panic!("errors.json/{name}: not delivered: {e}"));
    }

    let messages = read_all(&bootstrap, &topic, events.len() + invalid.len());
    assert_eq!(messages.len(), events.len() + invalid.len());
    let mut tags = BTreeMap::new();
    for (message, (name, _)) in messages.iter().zip(&events) {
        let output = valid[name]["output"].as_str().unwrap();
        let value = message.payload().unwrap_or_default();
        assert_eq!(
            std::str::from_utf8(value).unwrap(),
            output,
            "roundtrip.json/{name}"
        );
        let headers = headers_of(message);
        let tag = json_field(value, "/payload/event_type");
        assert_eq!(
            header(&headers, "event_type"),
            tag.as_str(),
            "roundtrip.json/{name}"
        );
        assert_eq!(
            header(&headers, "schema_version"),
            Some("2.0"),
            "roundtrip.json/{name}"
        );
        assert_eq!(
            message.key(),
            json_field(value, "/workflow_run_id")
                .as_str()
                .map(str::as_bytes),
            "roundtrip.json/{name}"
        );
        let read = Envelope::from_json(std::str::from_utf8(value).unwrap())
            .unwrap_or_else(|e| panic!("roundtrip.json/{name}: read back refused: {e:?}"));
        assert_eq!(read.to_json(), output, "roundtrip.json/{name}");
        tags.insert(tag.as_str().unwrap().to_owned(), name.clone());
    }
    // One message per branch at least: every tag of the schema's payload union.
    let schema: Value =
        serde_json::from_str(workflow_events::fixtures::union_envelope::SCHEMA_JSON).unwrap();
    let branches: Vec<String> = schema["properties"]["payload"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let def = b["$ref"].as_str().unwrap().trim_start_matches("#/$defs/");
            schema["$defs"][def]["properties"]["event_type"]["const"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(tags.keys().cloned().collect::<Vec<_>>(), {
        let mut b = branches.clone();
        b.sort();
        b
    });
    for (message, (name, case)) in messages[events.len()..].iter().zip(&invalid) {
        assert_eq!(header(&headers_of(message), "case"), Some(name.as_str()));
        let text = std::str::from_utf8(message.payload().unwrap_or_default()).unwrap();
        let errors = match Envelope::from_json(text) {
            Ok(event) => panic!("errors.json/{name}: accepted as {}", event.to_json()),
            Err(errors) => errors,
        };
        let got: Vec<Value> = errors
            .errors()
            .iter()
            .map(|e| serde_json::json!({"type": e.error_type, "loc": e.loc}))
            .collect();
        assert_eq!(
            Value::Array(got),
            case["errors"],
            "tests/fixtures/instances/union_envelope/errors.json/{name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// secured cluster: TLS and SASL (scripts/kafka-broker up secure)
//
// KAFKA_SASL_SSL_BOOTSTRAP: TLS (the test CA, KAFKA_CA_LOCATION) in front of noida-db, which
// speaks SASL PLAIN but accepts any password. KAFKA_SCRAM_BOOTSTRAP: TLS in front of tansu
// --authentication, which requires SCRAM and refuses every login (it keeps no credentials).
// KAFKA_TEST_PASSWORD: the password of this run (scripts/test makes a random one and checks
// that no captured log contains it).

// README: secured-rust
/// A producer and a consumer of `topic` on a cluster that requires TLS and SASL.
fn secured_clients(
    bootstrap: &str,
    topic: &str,
    group: &str,
    mechanism: &str,   // PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
    password: &str,    // from a secret store, never from source code
    ca_location: &str, // the CA that signed the brokers' certificates (PEM)
) -> Result<(EventProducer, EventConsumer), Box<dyn std::error::Error>> {
    let producer = EventProducer::builder(bootstrap, topic)
        .set("security.protocol", "SASL_SSL")
        .set("sasl.mechanism", mechanism)
        .set("sasl.username", "workflow-events")
        .set("sasl.password", password)
        .set("ssl.ca.location", ca_location)
        .build()?;
    // A refused login or certificate is reported now, not as send timeouts later.
    producer.check(Duration::from_secs(20))?;
    let consumer = EventConsumer::builder(bootstrap, group, topic)
        .set("security.protocol", "SASL_SSL") // also how its dead-letter producer connects
        .set("sasl.mechanism", mechanism)
        .set("sasl.username", "workflow-events")
        .set("sasl.password", password)
        .set("ssl.ca.location", ca_location)
        .build()?;
    Ok((producer, consumer))
}
// README: end

struct Secured {
    bootstrap: String,
    scram: String,
    ca: String,
    untrusted_ca: String,
    password: String,
}

fn secured() -> Secured {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!(
                "{name} is not set: start the TLS listeners first \
                 (`eval \"$(scripts/kafka-broker up secure)\"`, and export KAFKA_TEST_PASSWORD)"
            )
        })
    };
    Secured {
        bootstrap: var("KAFKA_SASL_SSL_BOOTSTRAP"),
        scram: var("KAFKA_SCRAM_BOOTSTRAP"),
        ca: var("KAFKA_CA_LOCATION"),
        untrusted_ca: var("KAFKA_UNTRUSTED_CA_LOCATION"),
        password: var("KAFKA_TEST_PASSWORD"),
    }
}

impl Secured {
    /// The settings of `secured_clients`, for the raw clients of the tests.
    fn settings(&self) -> Vec<(&str, &str)> {
        vec![
            ("security.protocol", "SASL_SSL"),
            ("sasl.mechanism", "PLAIN"),
            ("sasl.username", "workflow-events"),
            ("sasl.password", &self.password),
            ("ssl.ca.location", &self.ca),
        ]
    }

    /// The same settings as WORKFLOW_EVENTS_KAFKA_* variables, for tests/kafka/interop.py.
    fn environment(&self) -> Vec<(String, String)> {
        self.settings()
            .into_iter()
            .map(|(key, value)| {
                let name = format!(
                    "WORKFLOW_EVENTS_KAFKA_{}",
                    key.replace('.', "_").to_uppercase()
                );
                (name, value.to_owned())
            })
            .collect()
    }
}

/// The error `secured_clients` gave, as the `ConnectionError` it must be, and how long it took.
fn refused(
    bootstrap: &str,
    mechanism: &str,
    password: &str,
    ca: &str,
) -> (workflow_events::kafka::ConnectionError, Duration) {
    let started = Instant::now();
    let error = match secured_clients(bootstrap, &unique("refused"), "g", mechanism, password, ca) {
        Ok(_) => panic!("{mechanism} at {bootstrap} was not refused"),
        Err(error) => error,
    };
    let took = started.elapsed();
    let error = *error
        .downcast::<workflow_events::kafka::ConnectionError>()
        .unwrap_or_else(|e| panic!("not a ConnectionError: {e}"));
    (error, took)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secured_round_trip_with_dead_letters() {
    let cluster = secured();
    let topic = unique("secured");
    create_topic_with(&cluster.bootstrap, &cluster.settings(), &topic, 3).await;
    let (producer, consumer) = secured_clients(
        &cluster.bootstrap,
        &topic,
        &unique("group"),
        "PLAIN",
        &cluster.password,
        &cluster.ca,
    )
    .expect("connects over SASL_SSL");
    let examples = examples();
    let events: Vec<WorkflowEvent> = (0..30).map(|i| event(&examples, i, 4)).collect();
    for r in send_all(&producer, &events).await {
        r.expect("delivered over SASL_SSL");
    }
    // One unreadable message, sent with a raw client of the same settings.
    let mut raw = ClientConfig::new();
    raw.set("bootstrap.servers", &cluster.bootstrap);
    for (key, value) in cluster.settings() {
        raw.set(key, value);
    }
    let raw: FutureProducer = raw.create().expect("raw producer");
    raw.send(
        FutureRecord::to(&topic).key("run-x").payload("{not json"),
        Timeout::After(WAIT),
    )
    .await
    .expect("raw message delivered");
    let messages = read_all_with(&cluster.bootstrap, &cluster.settings(), &topic, 31);
    let valid: Vec<OwnedMessage> = messages
        .into_iter()
        .filter(|m| m.payload() != Some(b"{not json".as_slice()))
        .collect();
    assert_wire_format(&events, &valid);

    let (mut handled, outcomes) = consume(&consumer, 31).await;
    let dead: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::DeadLettered { .. }))
        .collect();
    assert_eq!(dead.len(), 1, "{outcomes:?}");
    let mut want: Vec<String> = events.iter().map(WorkflowEvent::to_json).collect();
    handled.sort();
    want.sort();
    assert_eq!(handled, want);
    consumer.commit().expect("commit over SASL_SSL");

    // The dead letter went through the consumer's own dead-letter producer (same settings).
    let letters = read_all_with(
        &cluster.bootstrap,
        &cluster.settings(),
        consumer.dlq_topic(),
        1,
    );
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].payload(), Some(b"{not json".as_slice()));
    let headers = headers_of(&letters[0]);
    assert_eq!(header(&headers, "error_type"), Some("json_invalid"));
    for (name, value) in &headers {
        assert!(
            !String::from_utf8_lossy(value).contains(&cluster.password)
                && !name.contains(&cluster.password),
            "a dead-letter header carries the password"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secured_rust_and_python_read_each_others_events() {
    let cluster = secured();
    let examples = examples();
    let n = 40;
    let environment = cluster.environment();
    let python = |args: &[&str]| {
        let out = Command::new(python())
            .arg(repo().join("tests/kafka/interop.py"))
            .args(args)
            .envs(environment.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("PYTHONPATH", repo().join("generated/python"))
            .env("INTEROP_SCHEMA_VERSION", "1.0")
            .output()
            .expect("interop.py runs");
        assert!(
            out.status.success(),
            "interop.py {args:?} over SASL_SSL failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };

    // Rust produces over SASL_SSL; Python (settings from WORKFLOW_EVENTS_KAFKA_*) consumes.
    let from_rust = unique("secured-from-rust");
    create_topic_with(&cluster.bootstrap, &cluster.settings(), &from_rust, 3).await;
    let (producer, _) = secured_clients(
        &cluster.bootstrap,
        &from_rust,
        &unique("group"),
        "PLAIN",
        &cluster.password,
        &cluster.ca,
    )
    .expect("connects");
    let events: Vec<WorkflowEvent> = (0..n).map(|i| event(&examples, i, 5)).collect();
    for r in send_all(&producer, &events).await {
        r.expect("delivered");
    }
    let count = n.to_string();
    let seen = python(&[
        "consume",
        "--bootstrap",
        &cluster.bootstrap,
        "--topic",
        &from_rust,
        "--count",
        &count,
    ]);
    let mut got: Vec<&str> = seen.lines().collect();
    let mut want: Vec<String> = events.iter().map(WorkflowEvent::to_json).collect();
    got.sort();
    want.sort();
    assert_eq!(
        got, want,
        "Python read other events than Rust sent over SASL_SSL"
    );

    // Python produces over SASL_SSL; the Rust consumer reads them.
    let from_python = unique("secured-from-python");
    create_topic_with(&cluster.bootstrap, &cluster.settings(), &from_python, 3).await;
    let sent = python(&[
        "produce",
        "--bootstrap",
        &cluster.bootstrap,
        "--topic",
        &from_python,
        "--count",
        &count,
    ]);
    let (_, consumer) = secured_clients(
        &cluster.bootstrap,
        &from_python,
        &unique("group"),
        "PLAIN",
        &cluster.password,
        &cluster.ca,
    )
    .expect("connects");
    let (mut handled, _) = consume(&consumer, n).await;
    let mut want: Vec<String> = sent.lines().map(str::to_owned).collect();
    handled.sort();
    want.sort();
    assert_eq!(
        handled, want,
        "Rust read other events than Python sent over SASL_SSL"
    );
}

#[test]
fn secured_scram_login_refused_names_the_cause() {
    let cluster = secured();
    for mechanism in ["SCRAM-SHA-256", "SCRAM-SHA-512"] {
        let (error, took) = refused(&cluster.scram, mechanism, "not-the-password", &cluster.ca);
        eprintln!("{mechanism} refused after {took:.1?}: {error}");
        assert_eq!(error.kind, ConnectionErrorKind::Authentication, "{error}");
        let text = error.to_string();
        assert!(text.contains("SASL authentication failed"), "{text}");
        assert!(text.contains("SCRAM"), "{text}");
        assert!(
            took < Duration::from_secs(10),
            "refused only after {took:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secured_consumer_stops_when_its_login_is_refused() {
    let cluster = secured();
    let consumer = EventConsumer::builder(&cluster.scram, unique("group"), unique("topic"))
        .set("security.protocol", "SASL_SSL")
        .set("sasl.mechanism", "SCRAM-SHA-512")
        .set("sasl.username", "workflow-events")
        .set("sasl.password", &cluster.password)
        .set("ssl.ca.location", &cluster.ca)
        .build()
        .unwrap();
    let result = tokio::time::timeout(
        Duration::from_secs(20),
        consumer.run(|_, _| std::future::ready(Ok::<(), std::convert::Infallible>(()))),
    )
    .await
    .expect("run() returned instead of retrying the refused login for ever");
    match result {
        Err(ConsumeError::Connection(error)) => {
            assert_eq!(error.kind, ConnectionErrorKind::Authentication, "{error}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn secured_untrusted_certificate_refused_names_the_cause() {
    let cluster = secured();
    let (error, took) = refused(
        &cluster.bootstrap,
        "PLAIN",
        &cluster.password,
        &cluster.untrusted_ca,
    );
    eprintln!("untrusted certificate refused after {took:.1?}: {error}");
    assert_eq!(error.kind, ConnectionErrorKind::Tls, "{error}");
    assert!(
        error.to_string().contains("certificate verify failed"),
        "{error}"
    );
    assert!(
        took < Duration::from_secs(10),
        "refused only after {took:?}"
    );
}

#[test]
fn secured_plaintext_client_at_the_tls_listener_fails_clearly() {
    let cluster = secured();
    let producer = EventProducer::builder(&cluster.bootstrap, unique("topic"))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = producer
        .check(Duration::from_secs(20))
        .expect_err("a plaintext client got metadata from a TLS listener");
    let took = started.elapsed();
    eprintln!("plaintext client refused after {took:.1?}: {error}");
    assert_eq!(error.kind, ConnectionErrorKind::PlaintextToTls, "{error}");
    assert!(error.to_string().contains("TLS listener"), "{error}");
    assert!(
        took < Duration::from_secs(10),
        "refused only after {took:?}"
    );
}

#[test]
fn secrets_stay_out_of_debug_output_and_errors() {
    let password = "hunter2-d3bug-secret";
    let producer = EventProducer::builder("127.0.0.1:1", "t")
        .set("security.protocol", "SASL_SSL")
        .set("sasl.password", password)
        .set("ssl.key.pem", password);
    let consumer = EventConsumer::builder("127.0.0.1:1", "g", "t")
        .set("sasl.password", password)
        .set_dlq("sasl.password", password);
    let shown = format!("{producer:?} {consumer:?}");
    assert!(
        shown.contains("sasl.password") && shown.contains("[redacted]"),
        "{shown}"
    );
    assert!(!shown.contains(password), "{shown}");
    // A misspelt key carries the secret into librdkafka's error, which repeats the value.
    let error = EventProducer::builder("127.0.0.1:1", "t")
        .set("sasl.pasword", password)
        .build()
        .expect_err("sasl.pasword is not a librdkafka property");
    let text = format!("{error} {error:?}");
    assert!(text.contains("sasl.pasword"), "the key is named: {text}");
    assert!(!text.contains(password), "{text}");
    let built = EventProducer::builder("127.0.0.1:1", "t")
        .set("sasl.password", password)
        .build()
        .unwrap();
    assert!(!format!("{built:?}").contains(password));
}

#[test]
fn librdkafka_is_built_with_tls_and_every_sasl_mechanism_but_gssapi() {
    // SCRAM and OAUTHBEARER come with OpenSSL alone (librdkafka's configure enables them with
    // SSL); GSSAPI would need Cyrus SASL, which the kafka feature does not build.
    let features = ClientConfig::new()
        .create_native_config()
        .unwrap()
        .get("builtin.features")
        .unwrap();
    let features: HashSet<&str> = features.split(',').collect();
    for wanted in ["ssl", "sasl_plain", "sasl_scram", "sasl_oauthbearer"] {
        assert!(
            features.contains(wanted),
            "{wanted} missing from {features:?}"
        );
    }
    assert!(!features.contains("sasl_gssapi"), "{features:?}");
}

// ---------------------------------------------------------------------------------------------
// consumer crash: SIGKILL mid-stream, restart with the same group id

/// What the consumer process of the crash test is told (`WFE_CRASH_CHILD`, `|`-separated):
/// bootstrap, group, topic, the file it appends each handled event id to.
const CRASH_CHILD: &str = "WFE_CRASH_CHILD";
/// The crash test's commit interval: at most this much handled work is replayed.
const CRASH_COMMIT_INTERVAL: Duration = Duration::from_millis(1000);

/// The consumer process of [`consumer_killed_mid_stream_recovers`]; does nothing unless that
/// test started it (hence ignored in normal runs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "the consumer process that consumer_killed_mid_stream_recovers starts and kills"]
async fn crash_child_consumer() {
    let Ok(spec) = std::env::var(CRASH_CHILD) else {
        return;
    };
    let [bootstrap, group, topic, handled]: [&str; 4] = spec
        .split('|')
        .collect::<Vec<_>>()
        .try_into()
        .expect("bootstrap|group|topic|file");
    let consumer = EventConsumer::builder(bootstrap, group, topic)
        .auto_commit_interval(CRASH_COMMIT_INTERVAL)
        // The dead member of the group is evicted after this; the default is 45 s.
        .set("session.timeout.ms", "6000")
        .set("heartbeat.interval.ms", "1000")
        .build()
        .expect("consumer");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(handled)
        .expect("handled file");
    let result = consumer
        .run(|event, _meta| {
            let id = json_field(event.to_json().as_bytes(), "/event_id");
            // One write per line (O_APPEND): a kill leaves whole lines, or a torn last one.
            let line = format!("{}\n", id.as_str().unwrap_or_default());
            let written = std::io::Write::write_all(&mut file, line.as_bytes());
            async move {
                // Slow enough that the kill lands mid-stream.
                tokio::time::sleep(Duration::from_millis(20)).await;
                written
            }
        })
        .await;
    panic!("the consumer stopped: {result:?}");
}

struct Child(std::process::Child);

impl Child {
    fn start(spec: &str, log: &Path) -> Child {
        let log = std::fs::File::create(log).expect("child log");
        let child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "crash_child_consumer",
                "--exact",
                "--ignored",
                "--nocapture",
            ])
            .env(CRASH_CHILD, spec)
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .spawn()
            .expect("consumer process starts");
        Child(child)
    }

    /// SIGKILL: no close, no final commit, no leave-group.
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The event ids in the handled file, in order (a torn last line is left out).
fn handled_ids(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|line| uuid::Uuid::parse_str(line).is_ok())
        .map(str::to_owned)
        .collect()
}

async fn consumer_killed_mid_stream_recovers(bootstrap: &str, within: Duration) {
    let started = Instant::now();
    let topic = unique("crash");
    create_topic(bootstrap, &topic, 3).await;
    create_topic(
        bootstrap,
        &workflow_events::kafka::default_dlq_topic(&topic),
        1,
    )
    .await;
    let examples = examples();
    let events: Vec<WorkflowEvent> = (0..300).map(|i| event(&examples, i, 12)).collect();
    let producer = EventProducer::builder(bootstrap, &topic).build().unwrap();
    let raw: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .create()
        .unwrap();
    let mut bad = Vec::new();
    for (i, chunk) in events.chunks(25).enumerate() {
        for r in send_all(&producer, chunk).await {
            r.expect("delivered");
        }
        let value = format!("{{\"not\": \"an event\", \"n\": {i}}}");
        raw.send(
            FutureRecord::to(&topic)
                .key(&format!("run-{}", i % 12))
                .payload(&value),
            Timeout::After(WAIT),
        )
        .await
        .expect("bad message delivered");
        bad.push(value);
    }
    let want: HashSet<String> = events
        .iter()
        .map(|e| {
            json_field(e.to_json().as_bytes(), "/event_id")
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();

    let dir = repo().join("target/kafka").join(unique("crash-test"));
    std::fs::create_dir_all(&dir).unwrap();
    let handled = dir.join("handled");
    let spec = format!(
        "{bootstrap}|{}|{topic}|{}",
        unique("crash-group"),
        handled.display()
    );
    let deadline = started + within;
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        while !done() {
            assert!(
                Instant::now() < deadline,
                "{what}: not within {within:?} ({} of {} events handled; logs in {})",
                handled_ids(&handled).iter().collect::<HashSet<_>>().len(),
                want.len(),
                dir.display()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    };

    let mut first = Child::start(&spec, &dir.join("first.log"));
    wait_for("the first consumer handled 100 events", &|| {
        handled_ids(&handled).len() >= 100
    });
    first.kill();
    let at_kill = handled_ids(&handled).len();
    let killed_at = Instant::now();

    let _second = Child::start(&spec, &dir.join("second.log"));
    wait_for("the restarted consumer handled the rest", &|| {
        handled_ids(&handled)
            .into_iter()
            .collect::<HashSet<_>>()
            .is_superset(&want)
    });
    let recovered_after = killed_at.elapsed();
    let ids = handled_ids(&handled);
    let letters = read_all(
        bootstrap,
        &workflow_events::kafka::default_dlq_topic(&topic),
        bad.len(),
    );
    let lettered: HashSet<Vec<u8>> = letters
        .iter()
        .filter_map(|m| m.payload().map(<[u8]>::to_vec))
        .collect();
    eprintln!(
        "consumer crash: {} events + {} bad messages; killed after {at_kill} handled; every event \
         handled {:.1?} after the kill; {} handled in all ({} duplicates, {:.0} %); {} dead \
         letters for {} bad messages; commit interval {CRASH_COMMIT_INTERVAL:?}",
        want.len(),
        bad.len(),
        recovered_after,
        ids.len(),
        ids.len() - want.len(),
        100.0 * (ids.len() - want.len()) as f64 / want.len() as f64,
        letters.len(),
        bad.len(),
    );
    let missing: Vec<&String> = bad
        .iter()
        .filter(|b| !lettered.contains(b.as_bytes()))
        .collect();
    assert!(missing.is_empty(), "not dead-lettered: {missing:?}");
    let unknown: Vec<&String> = ids.iter().filter(|id| !want.contains(*id)).collect();
    assert!(unknown.is_empty(), "handled events never sent: {unknown:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// tansu recovers the group after a member is SIGKILLed (noida-db 0.2.3 does not: the group
/// stays in PreparingRebalance with the dead member, see README).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumer_killed_mid_stream_recovers_on_tansu() {
    consumer_killed_mid_stream_recovers(
        &bootstrap("KAFKA_BOOTSTRAP_TANSU"),
        Duration::from_secs(240),
    )
    .await;
}
