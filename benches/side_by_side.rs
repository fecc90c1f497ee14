//! The Rust runner of `scripts/bench-vs-pydantic`, with the default (system) allocator; see
//! `support/runner.rs`.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/runner.rs"]
mod runner;

fn main() {
    runner::main("");
}
