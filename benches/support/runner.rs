//! The Rust side of `scripts/bench-vs-pydantic` (shared by the `side_by_side` runner and its
//! `side_by_side_mimalloc` twin, which differ only in their global allocator):
//!
//! - `<runner> corpus <path> [count] [seed]` writes the seeded corpus as JSON Lines;
//! - `<runner> measure <path> <reps>` times each Rust case over the whole corpus, `reps`
//!   times, and prints one JSON line per case with the median seconds of a pass
//!   (`{"case", "seconds", "events", "bytes"}`). Reading is streaming, as a consumer reads:
//!   one event read and dropped at a time. Writing serializes events read beforehand.
//!   `BENCH_CASES=rust_ref_from_slice,…` restricts the cases (to profile one).

use std::hint::black_box;
use std::time::Instant;

use serde::de::IgnoredAny;
use workflow_events::{WorkflowEvent, WorkflowEventRef};

use crate::corpus;

/// Runs the command line; every case name is prefixed with `prefix`.
pub fn main(prefix: &str) {
    // `cargo bench` passes `--bench`; the script runs the binary directly.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["corpus", path, rest @ ..] => {
            let count = rest
                .first()
                .map_or(100_000, |n| n.parse().expect("a count"));
            let seed = rest
                .get(1)
                .map_or(corpus::SEED, |n| n.parse().expect("a seed"));
            std::fs::write(path, corpus::jsonl(seed, count)).expect("the corpus is written");
        }
        ["measure", path, reps] => {
            measure(path, reps.parse().expect("a number of repetitions"), prefix)
        }
        [] => eprintln!("run by scripts/bench-vs-pydantic; see the module docs"),
        _ => {
            eprintln!("usage: side_by_side corpus <path> [count] [seed] | measure <path> <reps>");
            std::process::exit(2);
        }
    }
}

fn measure(path: &str, reps: usize, prefix: &str) {
    let text = std::fs::read_to_string(path).expect("the corpus is readable");
    let lines: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
    let lines: &[&[u8]] = &lines;
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    // `BENCH_CASES=a,b` times only those cases (for profiling one of them).
    let only = std::env::var("BENCH_CASES").ok();
    let wanted = |case: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|c| c == case))
    };
    // Runs `pass` `reps` times; it returns the seconds it timed and how many events passed.
    let report = |case: &str, pass: &mut dyn FnMut() -> (f64, usize)| {
        if !wanted(case) {
            return;
        }
        let case = format!("{prefix}{case}");
        let mut times = Vec::with_capacity(reps);
        for _ in 0..reps {
            let (seconds, ok) = pass();
            times.push(seconds);
            assert_eq!(ok, lines.len(), "{case}: not every event was accepted");
        }
        times.sort_by(f64::total_cmp);
        println!(
            r#"{{"case":"{case}","seconds":{},"events":{},"bytes":{bytes}}}"#,
            times[times.len() / 2],
            lines.len()
        );
    };
    let read = |case: &str, f: fn(&[u8]) -> bool| {
        report(case, &mut || {
            let start = Instant::now();
            let ok = lines.iter().filter(|line| black_box(f(line))).count();
            (start.elapsed().as_secs_f64(), ok)
        })
    };
    read("rust_from_slice", |b| WorkflowEvent::from_slice(b).is_ok());
    read("rust_ref_from_slice", |b| {
        WorkflowEventRef::from_slice(b).is_ok()
    });
    // The fast path's serde_json pass alone (the fast path before the scanner, src/scan.rs),
    // side by side with the cases above; every corpus event is accepted by it.
    read("rust_from_slice_serde_pass", |b| {
        WorkflowEvent::__serde_pass_from_slice(b).is_some()
    });
    read("rust_ref_from_slice_serde_pass", |b| {
        WorkflowEventRef::__serde_pass_from_slice(b).is_some()
    });
    read("rust_ref_into_static", |b| {
        WorkflowEventRef::from_slice(b)
            .map(WorkflowEventRef::into_static)
            .is_ok()
    });
    read("rust_slow_path", |b| {
        WorkflowEvent::__slow_path_from_slice(b).is_ok()
    });
    read("ceiling_ignored_any", |b| {
        serde_json::from_slice::<IgnoredAny>(b).is_ok()
    });
    // Each pass writes events read just before it, untimed: `payload.data` is made canonical
    // the first time it is written, and that work belongs to writing.
    report("rust_to_json", &mut || {
        let events: Vec<WorkflowEvent> = lines
            .iter()
            .map(|line| WorkflowEvent::from_slice(line).expect("the corpus is valid"))
            .collect();
        let start = Instant::now();
        let ok = events
            .iter()
            .map(|e| black_box(e.to_json()).len().min(1))
            .sum();
        (start.elapsed().as_secs_f64(), ok)
    });
}
