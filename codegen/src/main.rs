//! `codegen`: the command line (see `cli.rs`); exits 0 when done, 1 on drift, 2 on error.
fn main() {}
