//! A seeded generator of realistic workflow events, one compact JSON line each (the benchmark
//! corpus; shared by the benches, the side-by-side runner and tests/fast_path.rs).
//!
//! Shape (like the peer baseline's corpus): every property present except `metadata.version`
//! (absent in 20 % of events); timestamps end in `Z` or `+00:00`, some with microseconds;
//! `payload.data` has 3 to 30 keys (median about 5) with strings, integers, floats, booleans,
//! `null`, nested objects and lists of objects. Lines are about 300 to 1,200 bytes, median
//! about 450. The same seed gives the same bytes on every platform.

#![allow(dead_code)]

use std::fmt::Write as _;

/// The seed of the published figures.
pub const SEED: u64 = 20_240_501;

/// A small deterministic pseudo-random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        // Zero is a fixed point of xorshift; mix the seed so every seed works.
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `true` with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const EVENT_TYPES: &[&str] = &[
    "workflow.triggered",
    "workflow.completed",
    "workflow.failed",
];
const SOURCES: &[&str] = &["airflow", "langgraph", "fastapi"];
const ENVIRONMENTS: &[&str] = &["dev", "staging", "prod"];
const WORKFLOWS: &[&str] = &[
    "example_etl_dag",
    "daily_sales_aggregation",
    "trading_analysis_workflow",
    "data_processing_dag",
    "customer_churn_model_refresh",
    "invoice_ingest",
    "support_ticket_triage_agent",
    "nightly_backup",
];
const STATUSES: &[&str] = &["success", "running", "failed", "queued", "skipped"];
const WORDS: &[&str] = &[
    "extract",
    "transform",
    "load",
    "validate",
    "publish",
    "notify",
    "score",
    "rank",
    "AAPL",
    "MSFT",
    "1h",
    "15m",
    "eu-west-1",
    "us-east-2",
    "batch",
    "stream",
    "retry",
    "timeout",
    "München",
    "café",
    "naïve",
    "✓ done",
];
const KEYS: &[&str] = &[
    "status",
    "count",
    "duration_seconds",
    "tasks",
    "error",
    "retry_count",
    "input",
    "workflow_type",
    "tags",
    "metrics",
    "rows_read",
    "rows_written",
    "owner",
    "queue",
    "priority",
    "dry_run",
    "attempt",
    "params",
    "output",
    "score",
    "model",
    "region",
    "batch_id",
    "warnings",
    "parent_run_id",
    "trigger",
    "sla_missed",
    "cost_usd",
    "checkpoint",
    "notes",
];

/// `count` events from `seed`, each a line of compact JSON without the newline.
pub fn events(seed: u64, count: usize) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..count).map(|_| event(&mut rng)).collect()
}

/// The corpus as one JSON Lines text (each event followed by `\n`).
pub fn jsonl(seed: u64, count: usize) -> String {
    let mut out = String::new();
    for line in events(seed, count) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// One event.
pub fn event(rng: &mut Rng) -> String {
    let mut out = String::with_capacity(512);
    out.push_str("{\"event_id\":\"");
    uuid4(rng, &mut out);
    let _ = write!(out, "\",\"event_type\":\"{}\"", rng.pick(EVENT_TYPES));
    out.push_str(",\"timestamp\":\"");
    timestamp(rng, &mut out);
    let _ = write!(
        out,
        "\",\"source\":\"{}\",\"workflow_id\":\"{}\",\"workflow_run_id\":\"",
        rng.pick(SOURCES),
        rng.pick(WORKFLOWS)
    );
    if rng.chance(50) {
        out.push_str("scheduled__");
        timestamp(rng, &mut out);
    } else {
        let _ = write!(out, "run_{}", rng.below(1_000_000));
    }
    out.push_str("\",\"payload\":{\"data\":");
    data(rng, &mut out);
    let _ = write!(
        out,
        "}},\"metadata\":{{\"environment\":\"{}\"",
        rng.pick(ENVIRONMENTS)
    );
    if rng.chance(80) {
        out.push_str(",\"version\":\"1.0\"");
    }
    out.push_str("}}");
    out
}

fn uuid4(rng: &mut Rng, out: &mut String) {
    let (a, b) = (rng.next(), rng.next());
    let hex = format!("{a:016x}{b:016x}");
    let _ = write!(
        out,
        "{}-{}-4{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        ["8", "9", "a", "b"][rng.below(4)],
        &hex[17..20],
        &hex[20..32]
    );
}

fn timestamp(rng: &mut Rng, out: &mut String) {
    let _ = write!(
        out,
        "2025-{:02}-{:02}T{:02}:{:02}:{:02}",
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(24),
        rng.below(60),
        rng.below(60)
    );
    if rng.chance(50) {
        let _ = write!(out, ".{:06}", rng.below(1_000_000));
    }
    out.push_str(if rng.chance(50) { "Z" } else { "+00:00" });
}

/// 3 to 30 keys, median about 5.
fn data(rng: &mut Rng, out: &mut String) {
    let keys = match rng.below(100) {
        0..=59 => 3 + rng.below(4),
        60..=89 => 7 + rng.below(6),
        _ => 13 + rng.below(18),
    };
    out.push('{');
    let start = rng.below(KEYS.len());
    for i in 0..keys {
        if i > 0 {
            out.push(',');
        }
        let key = KEYS[(start + i) % KEYS.len()];
        if i >= KEYS.len() {
            let _ = write!(out, "\"{key}_{i}\":");
        } else {
            let _ = write!(out, "\"{key}\":");
        }
        value(rng, key, out);
    }
    out.push('}');
}

fn value(rng: &mut Rng, key: &str, out: &mut String) {
    match key {
        "status" => {
            let _ = write!(out, "\"{}\"", rng.pick(STATUSES));
        }
        "tasks" => {
            out.push('[');
            for i in 0..1 + rng.below(4) {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(
                    out,
                    "{{\"id\":{},\"name\":\"{}\",\"status\":\"{}\",\"duration\":{}}}",
                    i + 1,
                    rng.pick(WORDS),
                    rng.pick(STATUSES),
                    float(rng)
                );
            }
            out.push(']');
        }
        "input" | "params" | "metrics" | "output" => {
            out.push('{');
            for i in 0..1 + rng.below(4) {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "\"{}\":", ["symbol", "timeframe", "limit", "ratio"][i]);
                scalar(rng, out);
            }
            out.push('}');
        }
        "tags" | "warnings" => {
            out.push('[');
            for i in 0..rng.below(4) {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "\"{}\"", rng.pick(WORDS));
            }
            out.push(']');
        }
        _ => scalar(rng, out),
    }
}

fn scalar(rng: &mut Rng, out: &mut String) {
    match rng.below(10) {
        0..=2 => {
            let _ = write!(out, "{}", rng.below(100_000));
        }
        3 | 4 => out.push_str(&float(rng)),
        5 => out.push_str(if rng.chance(50) { "true" } else { "false" }),
        6 => out.push_str("null"),
        _ => {
            let _ = write!(out, "\"{} {}\"", rng.pick(WORDS), rng.pick(WORDS));
        }
    }
}

/// A float with one to three decimals, written the way every writer of the contract writes
/// it (shortest round-trip digits, plain notation).
fn float(rng: &mut Rng) -> String {
    let thousandths = rng.below(10_000_000) as f64 / 1000.0;
    let text = format!("{thousandths}");
    if text.contains('.') {
        text
    } else {
        format!("{text}.5")
    }
}
