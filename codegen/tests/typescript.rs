//! The TypeScript backend: `generated/<version>/typescript` is what it renders today, and one
//! snapshot per fixture schema under `tests/fixtures/schemas/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::backend::{typescript::TypeScript, Backend};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ lives in the repository root")
        .to_path_buf()
}

fn render(path: &Path) -> codegen::Result<BTreeMap<String, String>> {
    let loaded = codegen::schema::load(path, &repo_root())?;
    let module = codegen::ir::lower(&loaded)?;
    Ok(TypeScript.render(&module, &loaded)?.0)
}

/// The schema-specific files as one text, `=== path ===` before each. `package.json`,
/// `tsconfig.json` and `src/runtime.ts` differ between schemas only in the version and are
/// checked by `generated_typescript_is_current`.
fn joined(files: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for (path, text) in files {
        if path.starts_with("src/") && path != "src/runtime.ts" {
            out.push_str(&format!("=== {path} ===\n{text}"));
        }
    }
    out
}

#[test]
fn generated_typescript_is_current() {
    let root = repo_root();
    for schema in codegen::schema::resolve(&root.join("schema")).unwrap() {
        let version_dir = schema.parent().unwrap().file_name().unwrap().to_owned();
        let out_dir = root.join("generated").join(&version_dir).join("typescript");
        let files = render(&schema).unwrap();
        for (path, text) in &files {
            let on_disk = std::fs::read_to_string(out_dir.join(path)).unwrap_or_default();
            assert!(
                on_disk == *text,
                "{} is not what the TypeScript backend renders; run `cargo run -p codegen -- --lang typescript`",
                out_dir.join(path).display()
            );
        }
    }
}

#[test]
fn typescript_of_fixtures() {
    insta::glob!("../../tests/fixtures/schemas", "*.json", |path| {
        let text = match render(path) {
            Ok(files) => joined(&files),
            Err(err) => format!("error: {err}"),
        };
        insta::assert_snapshot!(text);
    });
}
