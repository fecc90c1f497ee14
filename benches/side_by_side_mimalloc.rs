//! The Rust runner of `scripts/bench-vs-pydantic` with mimalloc as the global allocator (the
//! allocator pydantic-core is built with), to show what the allocator is worth; a library
//! leaves that choice to the application. Case names start with `mimalloc_`.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/runner.rs"]
mod runner;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    runner::main("mimalloc_");
}
