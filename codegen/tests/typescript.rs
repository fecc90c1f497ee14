//! The TypeScript backend: `generated/<version>/typescript` is what it renders today, and one
//! snapshot per fixture schema under `tests/fixtures/schemas/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::backend::typescript;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ lives in the repository root")
        .to_path_buf()
}

fn render(path: &Path) -> codegen::Result<BTreeMap<String, String>> {
    let loaded = codegen::schema::load(path, &repo_root())?;
    let module = codegen::ir::lower(&loaded)?;
    typescript::render(&module, &loaded.value)
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
        if std::env::var_os("TS_BLESS").is_some() {
            for (path, text) in &files {
                let target = out_dir.join(path);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(&target, text).unwrap();
            }
        }
        for (path, text) in &files {
            let on_disk = std::fs::read_to_string(out_dir.join(path)).unwrap_or_default();
            assert!(
                on_disk == *text,
                "{} is not what the TypeScript backend renders; regenerate it",
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

/// Renders every fixture schema that lowers into `target/ts-fixtures/<stem>/`, where
/// `tests/typescript/run.sh` compiles each package and `fixtures.test.ts` checks that it
/// accepts exactly the fixture's `valid/` instances. Every such fixture must have instances.
#[test]
fn fixture_packages() {
    let root = repo_root();
    let out = root.join("target").join("ts-fixtures");
    let _ = std::fs::remove_dir_all(&out);
    let mut rendered = 0;
    let mut entries: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/schemas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    for schema in entries {
        let Ok(files) = render(&schema) else {
            continue;
        };
        let stem = schema.file_stem().unwrap().to_string_lossy().into_owned();
        let instances = root.join("tests/fixtures/instances").join(&stem);
        assert!(
            instances.join("valid").is_dir() && instances.join("invalid").is_dir(),
            "{}: a fixture that lowers needs valid/ and invalid/ instances",
            instances.display()
        );
        for (path, text) in &files {
            let target = out.join(&stem).join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(&target, text).unwrap();
        }
        rendered += 1;
    }
    assert!(rendered > 0, "no fixture schema rendered");
}
