//! `generated/` is exactly what `codegen` renders now (file set included), for every schema
//! version and every backend: the prost "bootstrap" check.

use codegen::backend::{package_version, Lang, Options, Version};

use crate::repo_root;

#[test]
fn generated_python_is_current() {
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
    let mut files = Lang::Python
        .backend(&Options::default())
        .render_versions(&versions)
        .expect("python renders a package")
        .unwrap();
    let dir = root.join("generated").join("python");
    package_version::complete(&mut files, &dir, versions.last().unwrap().version()).unwrap();
    for version in &versions {
        assert!(files
            .0
            .contains_key(&format!("workflow_events/{}/models.py", version.ident())));
    }
    let drift = codegen::output::check(&files, &dir, "generated/python").unwrap();
    assert!(
        drift.is_empty(),
        "generated/python is out of date; run `cargo run -p codegen -- --lang python`\n{}",
        drift.diff
    );
}
