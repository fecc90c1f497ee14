//! The integration tests of `codegen`, one binary: IR, Python, TypeScript and Rust snapshots of
//! every fixture (and no orphaned snapshot), `generated/` being current, and whole CLI runs.

mod cli;
mod generated;
mod ir;
mod python;
mod rust;
mod snapshots_in_use;
mod typescript;

use std::path::{Path, PathBuf};

/// The repository root (the parent of `codegen/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ lives in the repository root")
        .to_path_buf()
}
