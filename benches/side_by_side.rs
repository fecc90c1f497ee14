//! prototype
#[path = "support/corpus.rs"]
mod corpus;
use serde::de::IgnoredAny;
use serde_json::Value;
use std::time::Instant;
use workflow_events::WorkflowEvent;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("corpus") {
        std::fs::write(&args[2], corpus::jsonl(corpus::SEED, 100_000)).unwrap();
        return;
    }
    let lines = corpus::events(corpus::SEED, 100_000);
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    let mut lens: Vec<usize> = lines.iter().map(|l| l.len()).collect();
    lens.sort();
    eprintln!(
        "bytes {bytes} median {} p10 {} p90 {} max {}",
        lens[50000], lens[10000], lens[90000], lens[99999]
    );
    let only: Option<String> = std::env::args().nth(1).filter(|a| a != "--bench");
    let time = |name: &str, f: &dyn Fn(&[u8]) -> bool| {
        if only.as_deref().is_some_and(|o| o != name) {
            return;
        }
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            let mut ok = 0;
            for l in &lines {
                ok += f(l.as_bytes()) as usize;
            }
            let s = t.elapsed().as_secs_f64();
            assert_eq!(ok, lines.len(), "{name}");
            best = best.min(s);
        }
        println!("{name:30} {:>10.0} ev/s", lines.len() as f64 / best);
    };
    time("ignored", &|b| {
        serde_json::from_slice::<IgnoredAny>(b).is_ok()
    });
    time("value", &|b| serde_json::from_slice::<Value>(b).is_ok());
    time("typed-derive", &|b| {
        serde_json::from_slice::<WorkflowEvent>(b).is_ok()
    });
    time("fast only", &|b| {
        WorkflowEvent::__fast_path_from_slice(b).is_some()
    });
    time("slow from_slice", &|b| {
        WorkflowEvent::__slow_path_from_slice(b).is_ok()
    });
    let events: Vec<WorkflowEvent> = lines
        .iter()
        .map(|l| WorkflowEvent::from_json(l).unwrap())
        .collect();
    let t = Instant::now();
    let mut n = 0;
    for e in &events {
        n += e.to_json().len();
    }
    println!(
        "to_json {:>10.0} ev/s {n}",
        events.len() as f64 / t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut n = 0;
    for e in &events {
        n += serde_json::to_string(e).unwrap().len();
    }
    println!(
        "serde to_string {:>10.0} ev/s {n}",
        events.len() as f64 / t.elapsed().as_secs_f64()
    );
}
