//! The integration tests of `codegen`, one binary: IR, Python and TypeScript snapshots of every fixture,
//! `generated/` being current, and whole CLI runs.

mod cli;
mod generated;
mod ir;
mod python;
mod typescript;

use std::path::{Path, PathBuf};

/// The repository root (the parent of `codegen/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ lives in the repository root")
        .to_path_buf()
}
