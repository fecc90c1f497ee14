//! The TypeScript backend: renders an IR module into an npm package (`package.json`,
//! `tsconfig.json`, `src/*.ts`) with no runtime dependencies.
//!
//! `src/runtime.ts` is the same for every schema and is copied verbatim from
//! `codegen/templates/typescript/runtime.ts`; `src/models.ts`, `src/schema.ts` and
//! `src/index.ts` come from the templates beside it, fed by the view-model in [`model`].
//! All naming is in [`names`]; patterns are rewritten for ECMAScript in [`pattern`].

mod model;
mod names;
mod pattern;

use std::collections::BTreeMap;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ir::Module;

/// The backend's name: the directory under `generated/<version>/`.
pub const NAME: &str = "typescript";

/// The runtime, emitted verbatim as `src/runtime.ts`.
pub const RUNTIME: &str = include_str!("../../../templates/typescript/runtime.ts");

const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "README.md",
        "README.md.j2",
        include_str!("../../../templates/typescript/README.md.j2"),
    ),
    (
        "package.json",
        "package.json.j2",
        include_str!("../../../templates/typescript/package.json.j2"),
    ),
    (
        "tsconfig.json",
        "tsconfig.json.j2",
        include_str!("../../../templates/typescript/tsconfig.json.j2"),
    ),
    (
        "src/index.ts",
        "index.ts.j2",
        include_str!("../../../templates/typescript/index.ts.j2"),
    ),
    (
        "src/models.ts",
        "models.ts.j2",
        include_str!("../../../templates/typescript/models.ts.j2"),
    ),
    (
        "src/schema.ts",
        "schema.ts.j2",
        include_str!("../../../templates/typescript/schema.ts.j2"),
    ),
];

/// Renders `module` (lowered from `schema`) into files keyed by their path relative to
/// `generated/<version>/typescript/`. Pure: no filesystem, clock or environment.
pub fn render(module: &Module, schema: &Value) -> Result<BTreeMap<String, String>> {
    let fail = |message: String| Error::Backend {
        file: module.schema_path.clone(),
        backend: NAME,
        message,
    };
    let package = model::build(module, schema).map_err(fail)?;
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| fail(format!("template syntax: {e:#}")))?,
    );
    for (_, name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|e| fail(format!("template {name}: {e:#}")))?;
    }
    let mut files = BTreeMap::new();
    for (path, name, _) in TEMPLATES {
        let text = env
            .get_template(name)
            .and_then(|t| t.render(Serde(&package)))
            .map_err(|e| fail(format!("template {name}: {e:#}")))?;
        files.insert((*path).to_string(), text);
    }
    files.insert("src/runtime.ts".to_string(), RUNTIME.to_string());
    Ok(files)
}
