//! IR snapshots of every fixture under `tests/fixtures/schemas/` (lowering errors are
//! snapshotted too). The real schemas have none: what they generate is checked in under
//! `generated/`, so a new version needs no snapshot.

use std::path::Path;

use crate::repo_root;

fn lower(path: &Path) -> String {
    let root = repo_root();
    match codegen::schema::load(path, &root).and_then(|loaded| codegen::ir::lower(&loaded)) {
        Ok(module) => serde_json::to_string_pretty(&module).expect("the IR serializes"),
        Err(err) => format!("error: {err}"),
    }
}

#[test]
fn ir_of_fixtures() {
    insta::glob!("../../../tests/fixtures/schemas", "*.json", |path| {
        insta::assert_snapshot!(lower(path));
    });
}

#[test]
fn error_fixtures_fail_and_the_others_lower() {
    let root = repo_root();
    let dir = root.join("tests/fixtures/schemas");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let result = codegen::schema::load(&path, &root).and_then(|l| codegen::ir::lower(&l));
        match result {
            Err(err) => {
                assert!(name.starts_with("error_"), "{name} failed: {err}");
                let text = err.to_string();
                assert!(
                    text.starts_with(&format!("tests/fixtures/schemas/{name}#/")),
                    "errors name the file and the JSON pointer: {text}"
                );
            }
            Ok(_) => assert!(!name.starts_with("error_"), "{name} should fail"),
        }
        count += 1;
    }
    assert!(count >= 30, "only {count} fixtures");
}
