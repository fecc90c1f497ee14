//! The Python backend: a pip-installable pydantic v2 package.
//!
//! Output (relative to `generated/<version>/python/`): `pyproject.toml` and the package
//! `<package>/` with `__init__.py` (re-exports, `SCHEMA_VERSION`), `models.py` (the types),
//! `_runtime.py` (validators and serializers for the cross-language contract),
//! `schema_utils.py` (`generate_json_schema`, `save_json_schema`), a verbatim copy of the
//! schema file, and `py.typed`.
//!
//! How IR shapes become Python:
//! - object → `class X(_runtime.Model)` (a pydantic `BaseModel` whose `model_validate_json`
//!   rejects the non-JSON literals `NaN` / `Infinity` as `json_invalid`) with
//!   `model_config = ConfigDict(extra="ignore" | "forbid")`, fields in schema order (the wire
//!   order). A field whose Python name differs from its wire name gets `Field(alias=…)`; such
//!   models serialize by alias and derive from `_runtime.WireModel` (a `_runtime.Model`), which
//!   validates wire names only (as JSON Schema does) while the constructor also takes Python
//!   names.
//! - enum → `class X(str, Enum)`; string → `str`; integer → `_runtime.Int` (JSON integers:
//!   no strings, no booleans); number → `_runtime.Float` (strict, finite); boolean →
//!   `StrictBool`; `uuid` / `date-time` / `date` → `_runtime.Uuid` / `Timestamp` / `Date`
//!   (contract parsing and writing); `email` / `uri` → `str` (annotations only);
//!   constraints → `Field(...)` inside
//!   `Annotated`; `uniqueItems` → `AfterValidator(_runtime.unique_items)`; `const` →
//!   `Literal[...]` (guarded by `_runtime.exactly` for numbers and booleans); map →
//!   `dict[str, V]`; any → `_runtime.Json` (`Any` whose numbers must be finite: `1e400` is a
//!   `finite_number` error at its own location, never infinity); a map of any values →
//!   `_runtime.JsonObject` (`dict[str, Any]` checked as a whole once read, so that a value a
//!   repeated key replaced is not checked: pydantic validates every value of a `dict[str, V]`,
//!   replaced ones too); nullable → `T | None`.
//! - an optional field without default is `None` when absent and not written; if its type
//!   does not allow `null`, `_runtime.NotNull` keeps `null` an error (`exclude_if=is_none`);
//!   if it does, an explicit `null` is written: the model's `_runtime.keep_given_null`
//!   serializer omits only the fields missing from `model_fields_set`.
//! - `default` → the value (enum members by name); values pydantic would otherwise keep
//!   unvalidated (objects, arrays, formats) use `validate_default=True`;
//!   `x-default-factory` → `default_factory=uuid4` / `_runtime.utc_now`.

mod integrations;
mod layout;
mod model;
mod names;

use serde::Serialize;

use super::{environment, header_text, render_template, Backend, Files};
use crate::error::Result;
use crate::ir;
use crate::schema::Loaded;

/// The default import package name.
pub const DEFAULT_PACKAGE: &str = "workflow_events";

const TEMPLATES: &[(&str, &str)] = &[
    (
        "pyproject.toml.j2",
        include_str!("../../../templates/python/pyproject.toml.j2"),
    ),
    (
        "__init__.py.j2",
        include_str!("../../../templates/python/__init__.py.j2"),
    ),
    (
        "models.py.j2",
        include_str!("../../../templates/python/models.py.j2"),
    ),
    (
        "_runtime.py.j2",
        include_str!("../../../templates/python/_runtime.py.j2"),
    ),
    (
        "schema_utils.py.j2",
        include_str!("../../../templates/python/schema_utils.py.j2"),
    ),
];

/// The pydantic v2 backend.
#[derive(Debug, Clone)]
pub struct Python {
    package: String,
}

impl Python {
    /// A backend emitting the import package `package` (a Python identifier).
    pub fn new(package: &str) -> Python {
        Python {
            package: package.to_string(),
        }
    }
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    view: &'a model::PackageView,
    /// The framework integrations, when the version has what they need.
    integrations: Option<&'a integrations::View>,
}

/// The integration templates: the package's `__init__.py` and `_core.py`, then one per
/// framework (rendered when the version's `source` enum names it).
const INTEGRATION_TEMPLATES: &[(&str, &str)] = &[
    (
        "integrations/__init__.py.j2",
        include_str!("../../../templates/python/integrations/__init__.py.j2"),
    ),
    (
        "integrations/_core.py.j2",
        include_str!("../../../templates/python/integrations/_core.py.j2"),
    ),
    (
        "integrations/fastapi.py.j2",
        include_str!("../../../templates/python/integrations/fastapi.py.j2"),
    ),
    (
        "integrations/langgraph.py.j2",
        include_str!("../../../templates/python/integrations/langgraph.py.j2"),
    ),
    (
        "integrations/airflow.py.j2",
        include_str!("../../../templates/python/integrations/airflow.py.j2"),
    ),
];

#[derive(Serialize)]
struct IntegrationContext<'a> {
    header: &'a str,
    package: &'a str,
    #[serde(flatten)]
    view: &'a integrations::View,
    /// The framework's `source` literal (framework modules only).
    source: &'a str,
}

impl Backend for Python {
    fn name(&self) -> &'static str {
        "python"
    }

    fn render(&self, module: &ir::Module, source: &Loaded) -> Result<Files> {
        let valid_package = !self.package.is_empty()
            && !self.package.starts_with(|c: char| c.is_ascii_digit())
            && self
                .package
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid_package {
            return Err(crate::Error::Backend {
                file: module.schema_path.clone(),
                backend: "python",
                message: format!(
                    "`{}` is not a valid package name (lower-case letters, digits, `_`)",
                    self.package
                ),
            });
        }
        let view = model::build(module, &self.package, &header_text(module))?;
        let env = environment(TEMPLATES)?;
        let integrations = view
            .kafka
            .then(|| integrations::view(module, &view.root))
            .flatten()
            .map(|mut i| {
                // Only frameworks whose template exists are rendered (and get an extra).
                i.frameworks.retain(|f| {
                    INTEGRATION_TEMPLATES
                        .iter()
                        .any(|(name, _)| *name == format!("integrations/{}.py.j2", f.name))
                });
                i
            });
        let context = Context {
            view: &view,
            integrations: integrations.as_ref(),
        };
        let package = &self.package;
        let mut files = Files::default();
        files.insert(
            "pyproject.toml",
            render_template(&env, "pyproject.toml.j2", &context)?,
        );
        for (file, template) in [
            ("__init__.py", "__init__.py.j2"),
            ("models.py", "models.py.j2"),
            ("_runtime.py", "_runtime.py.j2"),
            ("schema_utils.py", "schema_utils.py.j2"),
        ] {
            files.insert(
                format!("{package}/{file}"),
                render_template(&env, template, &context)?,
            );
        }
        files.insert(format!("{package}/py.typed"), "");
        if view.kafka {
            files.insert(
                format!("{package}/kafka.py"),
                super::kafka::python_helper(module)?,
            );
        }
        if let Some(integrations) = &integrations {
            let env = environment(INTEGRATION_TEMPLATES)?;
            let mut modules = vec![("__init__", String::new()), ("_core", String::new())];
            modules.extend(
                integrations
                    .frameworks
                    .iter()
                    .map(|f| (f.name.as_str(), f.source.clone())),
            );
            for (module_name, source) in modules {
                let context = IntegrationContext {
                    header: &view.header,
                    package,
                    view: integrations,
                    source: &source,
                };
                files.insert(
                    format!("{package}/integrations/{module_name}.py"),
                    render_template(&env, &format!("integrations/{module_name}.py.j2"), &context)?,
                );
            }
        }
        files.insert(
            format!("{package}/{}", view.schema_file),
            crate::schema::published_text(&source.value),
        );
        files.insert(
            format!("{package}/{}", view.serialization_file),
            crate::schema::serialization_text(&source.value),
        );
        Ok(files)
    }
}
