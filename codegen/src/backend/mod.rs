//! Backends: pure functions from an [`ir::Module`] (and its source file) to the files of one
//! target language, plus what they share (the [`Files`] set, the generated-file header, the
//! template environment). Python and TypeScript also render one package that holds every
//! version ([`Backend::render_versions`]), versioned by [`package_version`].
//!
//! Adding a language is one module under `backend/` implementing [`Backend`], one [`Lang`]
//! variant and one arm in [`Lang::backend`].

#[cfg(feature = "cli")]
pub mod asyncapi;
#[cfg(feature = "cli")]
pub mod kafka;
#[cfg(feature = "cli")]
pub mod markdown;
#[cfg(feature = "cli")]
pub mod package_version;
#[cfg(feature = "cli")]
#[cfg(feature = "cli")]
pub mod python;
#[cfg(feature = "rust")]
pub mod rust;
#[cfg(feature = "cli")]
pub mod typescript;

use std::collections::BTreeMap;

#[cfg(feature = "cli")]
use crate::error::Error;
use crate::error::Result;
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

    /// Renders one package holding every version in `versions` (oldest first, each with a
    /// schema version), the newest at its root; `None` for a backend whose output is one
    /// directory per version. Pure, like [`render`](Self::render); the package's version is
    /// [`package_version::PLACEHOLDER`] until [`package_version::complete`] sets it.
    fn render_versions(&self, versions: &[Version<'_>]) -> Option<Result<Files>> {
        let _ = versions;
        None
    }
}

/// One schema version of an all-versions package: its IR and the schema it was lowered from.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    /// The lowered schema (its `version` is set).
    pub module: &'a ir::Module,
    /// The loaded schema file.
    pub source: &'a Loaded,
}

impl Version<'_> {
    /// `"1.0"`.
    pub fn version(&self) -> &str {
        self.module.version.as_deref().unwrap_or_default()
    }

    /// The module or directory name of the version inside a package: `v1_0`.
    pub fn ident(&self) -> String {
        format!("v{}", self.version().replace('.', "_"))
    }
}

#[cfg(feature = "cli")]
/// The languages `codegen` can emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Lang {
    /// A pip-installable pydantic v2 package (pyproject.toml + the `workflow_events` package).
    Python,
    /// An npm package (`workflow-events`) with no runtime dependencies (package.json + src/*.ts).
    Typescript,
    /// The Rust module build.rs generates for each version (typify plus the post-processing),
    /// written so it is reviewed as a diff and guarded by `--check`; the crate itself builds it
    /// from `schema/` at `cargo build`.
    Rust,
    /// A Markdown reference page per version, with a changelog against the previous version
    /// (output directory `docs/`).
    Markdown,
    /// An AsyncAPI 3.0 document per version: the Kafka topic, its messages, key and headers
    /// (output directory `asyncapi/`).
    Asyncapi,
}

#[cfg(feature = "cli")]
/// Options a backend may read; each backend documents which.
#[derive(Debug, Clone)]
pub struct Options {
    /// The Python import package name (default `workflow_events`).
    pub python_package: String,
    /// Every schema version of the project, oldest first (the Markdown changelog compares
    /// each version with the one before it).
    pub history: Vec<crate::schema::Loaded>,
}

#[cfg(feature = "cli")]
impl Default for Options {
    fn default() -> Options {
        Options {
            python_package: python::DEFAULT_PACKAGE.to_string(),
            history: Vec::new(),
        }
    }
}

#[cfg(feature = "cli")]
impl Lang {
    /// The backend for this language.
    pub fn backend(self, options: &Options) -> Box<dyn Backend> {
        match self {
            Lang::Python => Box::new(python::Python::new(&options.python_package)),
            Lang::Typescript => Box::new(typescript::TypeScript),
            Lang::Rust => Box::new(rust::Rust),
            Lang::Markdown => Box::new(markdown::Markdown::new(&options.history)),
            Lang::Asyncapi => Box::new(asyncapi::AsyncApi),
        }
    }

    /// Whether the language's output is one package of every version (`generated/<lang>/`)
    /// rather than one directory per version (`generated/<version>/<lang>/`).
    pub fn is_package(self) -> bool {
        matches!(self, Lang::Python | Lang::Typescript)
    }

    /// The directory name under `generated/<version>/` (or `generated/` for a package).
    pub fn dir_name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Typescript => typescript::NAME,
            Lang::Rust => rust::NAME,
            Lang::Markdown => markdown::NAME,
            Lang::Asyncapi => asyncapi::NAME,
        }
    }
}

/// The one-line header of every generated file, after the language's comment marker: says the
/// file is generated and from which schema; no date, no tool version (so it never churns).
pub fn header_text(module: &ir::Module) -> String {
    format!(
        "@generated by codegen from {}. Do not edit.",
        module.schema_path
    )
}

#[cfg(feature = "cli")]
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

#[cfg(feature = "cli")]
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

#[cfg(feature = "cli")]
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
