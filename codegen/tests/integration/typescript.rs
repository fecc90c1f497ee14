//! TypeScript backend: the rendered package of every fixture under `tests/fixtures/schemas/`
//! (errors snapshotted too), and `generated/typescript` (every version) being what it renders now,
//! with the `dist/` its stamp lists (that the stamp is true is checked by
//! `tests/typescript/run.sh`, which rebuilds `dist/` with the compiler).

use std::path::Path;

use codegen::backend::typescript::build;
use codegen::backend::{package_version, Lang, Options, Version};

use crate::repo_root;

fn render(path: &Path) -> codegen::Result<codegen::backend::Files> {
    let loaded = codegen::schema::load(path, &repo_root())?;
    let module = codegen::ir::lower(&loaded)?;
    Lang::Typescript
        .backend(&Options::default())
        .render(&module, &loaded)
}

/// The schema-specific files as one text. `package.json`, `tsconfig.json`, `README.md` and the
/// verbatim runtime (`src/runtime.ts`, `src/runtime/`, `src/union.ts`) vary only in names and
/// the version: the real schema's are checked by `generated_typescript_is_current`.
fn snapshot_text(path: &Path) -> String {
    match render(path) {
        Ok(mut files) => {
            files.0.retain(|path, _| {
                path.starts_with("src/")
                    && path != "src/runtime.ts"
                    && path != "src/union.ts"
                    && !path.starts_with("src/runtime/")
            });
            files.to_snapshot_text()
        }
        Err(err) => format!("error: {err}"),
    }
}

#[test]
fn typescript_of_fixtures() {
    insta::glob!("../../../tests/fixtures/schemas", "*.json", |path| {
        insta::assert_snapshot!(snapshot_text(path));
    });
}

#[test]
fn typescript_render_is_deterministic() {
    let path = repo_root().join("tests/fixtures/schemas/hostile_text.json");
    assert_eq!(snapshot_text(&path), snapshot_text(&path));
}

#[test]
fn generated_typescript_is_current() {
    let root = repo_root();
    let paths = codegen::schema::resolve(&root.join("schema")).unwrap();
    assert!(!paths.is_empty());
    let lowered: Vec<_> = paths
        .iter()
        .map(|path| {
            let loaded = codegen::schema::load(path, &root).unwrap();
            (codegen::ir::lower(&loaded).unwrap(), loaded)
        })
        .collect();
    let versions: Vec<Version<'_>> = lowered
        .iter()
        .map(|(module, source)| Version { module, source })
        .collect();
    let mut files = Lang::Typescript
        .backend(&Options::default())
        .render_versions(&versions)
        .expect("typescript renders a package")
        .unwrap();
    assert!(files.0.contains_key("src/runtime.ts") && files.0.contains_key("package.json"));
    for version in &versions {
        assert!(files
            .0
            .contains_key(&format!("src/{}/models.ts", version.ident())));
    }
    let dir = root.join("generated").join("typescript");
    package_version::complete(&mut files, &dir, versions.last().unwrap().version()).unwrap();
    // dist/ as its stamp says: built from exactly these sources (no compiler needed).
    build::complete(&mut files, &dir, &root, build::Mode::Check).unwrap();
    assert!(
        files.0.contains_key("dist/esm/index.js") && files.0.contains_key("dist/cjs/index.d.ts")
    );
    let drift = codegen::output::check(&files, &dir, "generated/typescript").unwrap();
    assert!(
        drift.is_empty(),
        "generated/typescript is out of date; run `cargo run -p codegen -- --lang typescript`\n{}",
        drift.diff
    );
}
