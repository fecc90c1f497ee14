//! prototype
#[path = "support/corpus.rs"]
mod corpus;
use serde::de::IgnoredAny;
use serde_json::Value;
use std::time::Instant;
use workflow_events::WorkflowEvent;

fn main() {
    let lines = corpus::events(corpus::SEED, 100_000);
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    let mut lens: Vec<usize> = lines.iter().map(|l| l.len()).collect();
    lens.sort();
    eprintln!(
        "bytes {bytes} median {} p10 {} p90 {} max {}",
        lens[50000], lens[10000], lens[90000], lens[99999]
    );
    let time = |name: &str, f: &dyn Fn(&[u8]) -> bool| {
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
    time("slow from_slice", &|b| WorkflowEvent::from_slice(b).is_ok());
}
