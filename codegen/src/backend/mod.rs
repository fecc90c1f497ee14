//! Backends: pure functions from an [`ir::Module`] (and its source file) to the files of one
//! target language, plus what they share (the [`Files`] set, the generated-file header, the
//! template environment).
//!
//! Adding a language is one module under `backend/` implementing [`Backend`], one [`Lang`]
//! variant and one arm in [`Lang::backend`].

pub mod asyncapi;
pub mod kafka;
pub mod markdown;
pub mod python;
pub mod typescript;

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::ir;
use crate::schema::Loaded;

/// Generated files: path relative to the output directory (`/`-separated) → content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files(pub BTreeMap<String, String>);

impl Files {
    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<String>, content: impl Into<String>) {
        self.0.insert(path.into(), content.into());
    }

    /// All files as one text with `=== path ===` separators (for snapshots).
    pub fn to_snapshot_text(&self) -> String {
        let mut out = String::new();
        for (path, content) in &self.0 {
            out.push_str(&format!("=== {path} ===\n{content}"));
            if !content.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

/// A code generator for one target language.
pub trait Backend {
    /// Stable short name: the directory under `generated/<version>/` and in messages.
    fn name(&self) -> &'static str;

    /// Renders a module. Pure: no filesystem, no clock, no environment; the same input gives
    /// the same bytes. `source` is the loaded schema the module was lowered from (some
    /// backends ship it verbatim).
    fn render(&self, module: &ir::Module, source: &Loaded) -> Result<Files>;
}

/// The languages `codegen` can emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Lang {
    /// A pip-installable pydantic v2 package (pyproject.toml + the `workflow_events` package).
    Python,
    /// An npm package (`workflow-events`) with no runtime dependencies (package.json + src/*.ts).
    Typescript,
    /// A Markdown reference page per version, with a changelog against the previous version
    /// (output directory `docs/`).
    Markdown,
    /// An AsyncAPI 3.0 document per version: the Kafka topic, its messages, key and headers
    /// (output directory `asyncapi/`).
    Asyncapi,
}

/// Options a backend may read; each backend documents which.
#[derive(Debug, Clone)]
pub struct Options {
    /// The Python import package name (default `workflow_events`).
    pub python_package: String,
    /// Every schema version of the project, oldest first (the Markdown changelog compares
    /// each version with the one before it).
    pub history: Vec<crate::schema::Loaded>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            python_package: python::DEFAULT_PACKAGE.to_string(),
            history: Vec::new(),
        }
    }
}

impl Lang {
    /// The backend for this language.
    pub fn backend(self, options: &Options) -> Box<dyn Backend> {
        match self {
            Lang::Python => Box::new(python::Python::new(&options.python_package)),
            Lang::Typescript => Box::new(typescript::TypeScript),
            Lang::Markdown => Box::new(markdown::Markdown::new(&options.history)),
            Lang::Asyncapi => Box::new(asyncapi::AsyncApi),
        }
    }

    /// The directory name under `generated/<version>/`.
    pub fn dir_name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Typescript => typescript::NAME,
            Lang::Markdown => markdown::NAME,
            Lang::Asyncapi => asyncapi::NAME,
        }
    }
}

/// A copy of a JSON Schema as packages ship it for other tools: without the project's `x-`
/// extension keywords (`x-default-factory`), which JSON Schema treats as annotations but Ajv's
/// default strict mode refuses (`unknown keyword`). Only keywords are removed: a property
/// *named* `x-…` stays. What the extensions say is in the generated code itself (the defaults
/// it fills); `schema/` keeps them.
pub fn portable_schema(schema: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = serde_json::Map::new();
    for (keyword, value) in map {
        if keyword.starts_with("x-") {
            continue;
        }
        let value = match (keyword.as_str(), value) {
            // Maps from names to subschemas.
            (
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
                Value::Object(children),
            ) => Value::Object(
                children
                    .iter()
                    .map(|(name, child)| (name.clone(), portable_schema(child)))
                    .collect(),
            ),
            // Lists of subschemas.
            ("anyOf" | "allOf" | "oneOf" | "prefixItems", Value::Array(children)) => {
                Value::Array(children.iter().map(portable_schema).collect())
            }
            // One subschema.
            (
                "items"
                | "additionalProperties"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties",
                child,
            ) => portable_schema(child),
            (_, value) => value.clone(),
        };
        out.insert(keyword.clone(), value);
    }
    Value::Object(out)
}

/// The one-line header of every generated file, after the language's comment marker: says the
/// file is generated and from which schema; no date, no tool version (so it never churns).
pub fn header_text(module: &ir::Module) -> String {
    format!(
        "@generated by codegen from {}. Do not edit.",
        module.schema_path
    )
}

/// A template environment with the settings every backend uses: undefined variables are
/// errors, block tags leave no blank lines, no auto-escaping, trailing newline kept.
pub fn environment(
    templates: &[(&'static str, &'static str)],
) -> Result<minijinja::Environment<'static>> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| template_error("syntax", e))?;
    env.set_syntax(syntax);
    for (name, source) in templates {
        env.add_template(name, source)
            .map_err(|e| template_error(name, e))?;
    }
    Ok(env)
}

/// Renders template `name` with a serializable context.
pub fn render_template(
    env: &minijinja::Environment<'_>,
    name: &str,
    context: &impl serde::Serialize,
) -> Result<String> {
    env.get_template(name)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(context))))
        .map_err(|e| template_error(name, e))
}

fn template_error(name: &str, err: minijinja::Error) -> Error {
    let mut message = format!("template `{name}`: {err}");
    let mut source = std::error::Error::source(&err);
    while let Some(inner) = source {
        message.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    Error::Backend {
        file: name.to_string(),
        backend: "templates",
        message,
    }
}
