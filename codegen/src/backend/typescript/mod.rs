//! The TypeScript backend: renders an IR module into an npm package (`package.json`,
//! `tsconfig.json`, `README.md`, `src/*.ts`) with no runtime dependencies.
//!
//! `src/runtime.ts` is the same for every schema and is copied verbatim from
//! `codegen/templates/typescript/runtime.ts`; `src/models.ts`, `src/schema.ts` and
//! `src/index.ts` come from the templates beside it, fed by the view-model in [`model`]; so
//! does `src/kafka.ts`, the Kafka helper, for a workflow-event envelope.
//! All naming is in [`names`]; patterns are rewritten for ECMAScript in [`pattern`].

mod model;
mod names;
mod pattern;

use super::{environment, render_template, Backend, Files};
use crate::error::{Error, Result};
use crate::ir::Module;
use crate::schema::Loaded;

/// The backend's name: the directory under `generated/<version>/`.
pub const NAME: &str = "typescript";

/// The runtime, emitted verbatim as `src/runtime.ts`.
pub const RUNTIME: &str = include_str!("../../../templates/typescript/runtime.ts");

/// The union codecs, emitted verbatim as `src/union.ts` when some type is a union.
pub const UNION: &str = include_str!("../../../templates/typescript/union.ts");

/// The Kafka helper, `src/kafka.ts`, for a workflow-event envelope (see `model::KafkaView`).
const KAFKA_TEMPLATE: (&str, &str) = (
    "kafka.ts.j2",
    include_str!("../../../templates/typescript/kafka.ts.j2"),
);

/// (output path, template name, template source).
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

/// The TypeScript backend (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct TypeScript;

impl Backend for TypeScript {
    fn name(&self) -> &'static str {
        NAME
    }

    fn render(&self, module: &Module, source: &Loaded) -> Result<Files> {
        let package = model::build(module, &source.value).map_err(|message| Error::Backend {
            file: module.schema_path.clone(),
            backend: NAME,
            message,
        })?;
        let sources: Vec<(&'static str, &'static str)> = TEMPLATES
            .iter()
            .map(|(_, name, text)| (*name, *text))
            .collect();
        let env = environment(&sources)?;
        let mut files = Files::default();
        for (path, name, _) in TEMPLATES {
            files.insert(*path, render_template(&env, name, &package)?);
        }
        files.insert("src/runtime.ts", RUNTIME);
        if package.unions {
            files.insert("src/union.ts", UNION);
        }
        if package.kafka.is_some() {
            let env = environment(&[KAFKA_TEMPLATE])?;
            files.insert(
                "src/kafka.ts",
                render_template(&env, KAFKA_TEMPLATE.0, &package)?,
            );
        }
        Ok(files)
    }
}
