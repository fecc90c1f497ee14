//! Rust backend snapshots: the module build.rs would generate for every fixture under
//! `tests/fixtures/schemas/` (errors snapshotted too). The crate's `fixtures` feature compiles
//! and runs the same modules (`tests/fixtures.rs` at the repository root).

use std::path::Path;

use codegen::backend::{Lang, Options};

use crate::repo_root;

fn render(path: &Path) -> String {
    let root = repo_root();
    let rendered = codegen::schema::load(path, &root).and_then(|loaded| {
        let module = codegen::ir::lower(&loaded)?;
        Lang::Rust
            .backend(&Options::default())
            .render(&module, &loaded)
    });
    match rendered {
        Ok(files) => files.to_snapshot_text(),
        Err(err) => format!("error: {err}"),
    }
}

#[test]
fn rust_of_fixtures() {
    insta::glob!("../../../tests/fixtures/schemas", "*.json", |path| {
        insta::assert_snapshot!(render(path));
    });
}

#[test]
fn rust_render_is_deterministic() {
    let path = repo_root().join("tests/fixtures/schemas/union_envelope.json");
    assert_eq!(render(&path), render(&path));
}
