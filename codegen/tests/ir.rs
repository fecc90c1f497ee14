//! IR snapshots: the real schemas under `schema/` and every fixture under
//! `tests/fixtures/schemas/` (lowering errors are snapshotted too).

use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ lives in the repository root")
        .to_path_buf()
}

fn lower(path: &Path) -> String {
    let root = repo_root();
    match codegen::schema::load(path, &root).and_then(|loaded| codegen::ir::lower(&loaded)) {
        Ok(module) => serde_json::to_string_pretty(&module).expect("the IR serializes"),
        Err(err) => format!("error: {err}"),
    }
}

#[test]
fn ir_of_real_schemas() {
    let root = repo_root();
    for path in codegen::schema::resolve(&root.join("schema")).unwrap() {
        let version = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(format!("ir_schema_{version}"), lower(&path));
    }
}

#[test]
fn ir_of_fixtures() {
    insta::glob!("../../tests/fixtures/schemas", "*.json", |path| {
        insta::assert_snapshot!(lower(path));
    });
}
