//! Python backend snapshots: the rendered package of every fixture under
//! `tests/fixtures/schemas/` (errors snapshotted too), as one text per fixture.

use std::path::Path;

use codegen::backend::{Lang, Options};

use crate::repo_root;

fn render(path: &Path) -> String {
    let root = repo_root();
    let loaded = match codegen::schema::load(path, &root) {
        Ok(loaded) => loaded,
        Err(err) => return format!("error: {err}"),
    };
    let rendered = codegen::ir::lower(&loaded).and_then(|module| {
        Lang::Python
            .backend(&Options::default())
            .render(&module, &loaded)
    });
    match rendered {
        // The runtime module and the schema copy are the same for every fixture (and the
        // schema copy is the fixture itself): keep the snapshots to what varies.
        Ok(mut files) => {
            files.0.retain(|path, _| {
                !path.ends_with("/_runtime.py")
                    && !path.ends_with(".json")
                    && !path.ends_with("/schema_utils.py")
            });
            files.to_snapshot_text()
        }
        Err(err) => format!("error: {err}"),
    }
}

#[test]
fn python_of_fixtures() {
    insta::glob!("../../../tests/fixtures/schemas", "*.json", |path| {
        insta::assert_snapshot!(render(path));
    });
}

#[test]
fn python_render_is_deterministic() {
    let path = repo_root().join("tests/fixtures/schemas/hostile_text.json");
    assert_eq!(render(&path), render(&path));
}
