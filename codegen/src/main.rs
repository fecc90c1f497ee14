//! `codegen`: emits the Python and TypeScript packages for workflow events.
fn main() {}
