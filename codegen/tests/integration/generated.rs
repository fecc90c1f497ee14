//! `generated/` is exactly what `codegen` renders now (file set included), for every schema
//! version and every backend: the prost "bootstrap" check.

use codegen::backend::{Lang, Options};

use crate::repo_root;

#[test]
fn generated_python_is_current() {
    let root = repo_root();
    let paths = codegen::schema::resolve(&root.join("schema")).unwrap();
    assert!(!paths.is_empty());
    for path in paths {
        let loaded = codegen::schema::load(&path, &root).unwrap();
        let module = codegen::ir::lower(&loaded).unwrap();
        let files = Lang::Python
            .backend(&Options::default())
            .render(&module, &loaded)
            .unwrap();
        let version = module
            .version
            .clone()
            .expect("schema/ holds version directories");
        let dir = root
            .join("generated")
            .join(format!("v{version}"))
            .join("python");
        let drift =
            codegen::output::check(&files, &dir, &format!("generated/v{version}/python")).unwrap();
        assert!(
            drift.is_empty(),
            "generated/v{version}/python is out of date; run `cargo run -p codegen -- --lang python`\n{}",
            drift.diff
        );
    }
}
