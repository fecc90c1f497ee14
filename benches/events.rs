//! Micro-benchmarks (divan) of the Rust API on 1,000 events of the seeded
//! corpus: reading (fast path, slow path alone, borrowed), writing, constructing, and the
//! failure path. `cargo bench --bench events`; throughput is printed per event and per byte.
//! The side-by-side comparison with pydantic and TypeScript is `scripts/bench-vs-pydantic`.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::sync::LazyLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use serde_json::{json, Value};
use workflow_events::{
    EventSource, EventType, WorkflowEvent, WorkflowEventMetadata, WorkflowEventPayload,
    WorkflowEventRef,
};

const EVENTS: usize = 1000;

static LINES: LazyLock<Vec<String>> = LazyLock::new(|| corpus::events(corpus::SEED, EVENTS));
static PARSED: LazyLock<Vec<WorkflowEvent>> = LazyLock::new(|| {
    LINES
        .iter()
        .map(|line| WorkflowEvent::from_json(line).expect("the corpus is valid"))
        .collect()
});

fn main() {
    divan::main();
}

/// Counts every event and every input byte of one pass over the corpus.
fn per_pass<'a, 'b>(bencher: Bencher<'a, 'b>) -> Bencher<'a, 'b> {
    let bytes: usize = LINES.iter().map(String::len).sum();
    bencher
        .counter(ItemsCount::new(EVENTS))
        .counter(BytesCount::new(bytes))
}

/// `WorkflowEvent::from_slice`: full validation, owned values (the fast path).
#[divan::bench]
fn from_slice(bencher: Bencher) {
    per_pass(bencher).bench(|| {
        for line in LINES.iter() {
            black_box(WorkflowEvent::from_slice(line.as_bytes()).is_ok());
        }
    });
}

/// The slow path alone (parse to a value, validate, convert): what `from_slice` did before
/// the fast path, and still does to report errors.
#[divan::bench]
fn from_slice_slow_path(bencher: Bencher) {
    per_pass(bencher).bench(|| {
        for line in LINES.iter() {
            black_box(WorkflowEvent::__slow_path_from_slice(line.as_bytes()).is_ok());
        }
    });
}

/// `WorkflowEventRef::from_slice`: the borrowed reader (same validation, `data` raw).
#[divan::bench]
fn ref_from_slice(bencher: Bencher) {
    per_pass(bencher).bench(|| {
        for line in LINES.iter() {
            black_box(WorkflowEventRef::from_slice(line.as_bytes()).is_ok());
        }
    });
}

/// The borrowed reader, then `into_static`: owned values with `data` as raw JSON.
#[divan::bench]
fn ref_from_slice_into_static(bencher: Bencher) {
    per_pass(bencher).bench(|| {
        for line in LINES.iter() {
            let event = WorkflowEventRef::from_slice(line.as_bytes()).map(|e| e.into_static());
            black_box(event.is_ok());
        }
    });
}

/// The syntax-only parse: the ceiling.
#[divan::bench]
fn ceiling_ignored_any(bencher: Bencher) {
    per_pass(bencher).bench(|| {
        for line in LINES.iter() {
            black_box(serde_json::from_slice::<serde::de::IgnoredAny>(line.as_bytes()).is_ok());
        }
    });
}

/// Writes events read just before (untimed): `payload.data` is made canonical the first
/// time it is written, and that work belongs to writing.
#[divan::bench]
fn to_json(bencher: Bencher) {
    per_pass(bencher)
        .with_inputs(read_fresh)
        .bench_refs(|events| {
            for event in events.iter() {
                black_box(event.to_json());
            }
        });
}

/// Like `to_json`, on events read just before: `data`'s map view is parsed on first use.
#[divan::bench]
fn to_value(bencher: Bencher) {
    per_pass(bencher)
        .with_inputs(read_fresh)
        .bench_refs(|events| {
            for event in events.iter() {
                black_box(event.to_value());
            }
        });
}

/// The corpus read anew (nothing in `payload.data` made canonical or parsed yet).
fn read_fresh() -> Vec<WorkflowEvent> {
    LINES
        .iter()
        .map(|line| WorkflowEvent::from_json(line).expect("the corpus is valid"))
        .collect()
}

/// `WorkflowEvent::new` from parts (payload and metadata validated by their constructors).
#[divan::bench]
fn new(bencher: Bencher) {
    let datas: Vec<Value> = PARSED
        .iter()
        .map(|event| Value::from(event.payload.data.clone()))
        .collect();
    bencher.counter(ItemsCount::new(EVENTS)).bench(|| {
        for data in &datas {
            let event = WorkflowEvent::new(
                EventType::WorkflowCompleted,
                EventSource::Airflow,
                "example_dag",
                "run_123",
                WorkflowEventPayload::new(data.clone()).expect("an object"),
                WorkflowEventMetadata::new("prod").expect("a known environment"),
            );
            black_box(event);
        }
    });
}

/// The failure path: an invalid event (three errors), every error collected.
#[divan::bench]
fn from_slice_invalid(bencher: Bencher) {
    let mut value: Value = serde_json::from_str(&LINES[0]).expect("valid JSON");
    value["event_type"] = json!("workflow.unknown");
    value["metadata"]["environment"] = json!("qa");
    value["payload"]["data"] = json!([1, 2]);
    let input = value.to_string();
    assert_eq!(
        WorkflowEvent::from_json(&input)
            .map(|_| ())
            .unwrap_err()
            .error_count(),
        3
    );
    bencher
        .counter(ItemsCount::new(1usize))
        .bench(|| black_box(WorkflowEvent::from_slice(input.as_bytes()).is_err()));
}
