//! The Python backend: a pip-installable pydantic v2 package.
//!
//! Output: one distribution holding every version (`generated/python/`, [`Backend::render_versions`]):
//! `pyproject.toml`, `README.md`, and the package `<package>/` with a subpackage per version
//! (`v1_0/`: `__init__.py` with its re-exports and `SCHEMA_VERSION`, `models.py`,
//! `schema_utils.py`, the published schema files), the newest version re-exported at the root
//! (`__init__.py`, `schema_utils.py`), `_versions.py` (`parse_any`, `to_latest`), `kafka.py`
//! reading every version, `integrations/` for the newest, one `_runtime.py` (validators and
//! serializers for the cross-language contract) and `py.typed`. A schema outside a version
//! directory (a fixture, `--out`) is rendered as a one-schema package: the same files with the
//! version's modules at the package root ([`Backend::render`]).
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
mod package;

use serde::Serialize;

use super::{environment, header_text, render_template, Backend, Files, Version};
use crate::error::Result;
use crate::ir;
use crate::schema::Loaded;
use package::{PACKAGE_FILES, PACKAGE_TEMPLATES};

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
];

/// The hand-written libraries every package ships, ordinary Python under
/// `codegen/runtime/python/` (linted where they live), copied with a header:
/// (path in the package, path under `codegen/runtime/python/`, text).
const RUNTIME: &[(&str, &str, &str)] = &[(
    "_runtime.py",
    "_runtime.py",
    include_str!("../../../runtime/python/_runtime.py"),
)];

/// The framework integrations, ordinary Python like [`RUNTIME`]: (framework = the `source`
/// value it publishes, path under `codegen/runtime/python/`, text). A framework is shipped when
/// the version's `source` enum names it.
const FRAMEWORKS: &[(&str, &str, &str)] = &[
    (
        "fastapi",
        "integrations/fastapi.py",
        include_str!("../../../runtime/python/integrations/fastapi.py"),
    ),
    (
        "langgraph",
        "integrations/langgraph.py",
        include_str!("../../../runtime/python/integrations/langgraph.py"),
    ),
    (
        "airflow",
        "integrations/airflow.py",
        include_str!("../../../runtime/python/integrations/airflow.py"),
    ),
];

/// A runtime file as the package ships it: a header naming its source, then the text.
fn runtime_copy(source: &str, text: &str) -> String {
    format!(
        "# @generated by codegen: a copy of codegen/runtime/python/{source}. Do not edit.\n{text}"
    )
}

#[derive(Serialize)]
struct IntegrationContext<'a> {
    header: &'a str,
    package: &'a str,
    #[serde(flatten)]
    view: &'a integrations::View,
}

impl Python {
    fn check_package_name(&self, file: &str) -> Result<()> {
        let valid_package = !self.package.is_empty()
            && !self.package.starts_with(|c: char| c.is_ascii_digit())
            && self
                .package
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid_package {
            return Ok(());
        }
        Err(crate::Error::Backend {
            file: file.to_string(),
            backend: "python",
            message: format!(
                "`{}` is not a valid package name (lower-case letters, digits, `_`)",
                self.package
            ),
        })
    }

    /// The integrations of the version `view` was built from, when it has what they need.
    fn integrations(module: &ir::Module, view: &model::PackageView) -> Option<integrations::View> {
        view.kafka
            .then(|| integrations::view(module, &view.root))
            .flatten()
            .map(|mut i| {
                // Only frameworks with a module are shipped (and get an extra).
                i.frameworks
                    .retain(|f| FRAMEWORKS.iter().any(|(name, _, _)| *name == f.name));
                i
            })
    }

    /// `models.py`, `__init__.py`, `schema_utils.py`, the schema files (and `py.typed`) of one
    /// version, under `dir` (`workflow_events/` or `workflow_events/v1_0/`).
    fn version_files(
        files: &mut Files,
        dir: &str,
        view: &model::PackageView,
        source: &Loaded,
    ) -> Result<()> {
        let env = environment(TEMPLATES)?;
        let context = Context {
            view,
            integrations: None,
        };
        for (file, template) in [
            ("__init__.py", "__init__.py.j2"),
            ("models.py", "models.py.j2"),
            ("schema_utils.py", "schema_utils.py.j2"),
        ] {
            files.insert(
                format!("{dir}/{file}"),
                render_template(&env, template, &context)?,
            );
        }
        files.insert(
            format!("{dir}/{}", view.schema_file),
            crate::schema::published_text(&source.value),
        );
        files.insert(
            format!("{dir}/{}", view.serialization_file),
            crate::schema::serialization_text(&source.value),
        );
        Ok(())
    }

    /// `integrations/` of the package, for the version whose view is `view`.
    fn integration_files(
        &self,
        files: &mut Files,
        header: &str,
        integrations: &integrations::View,
    ) -> Result<()> {
        let package = &self.package;
        let env = environment(INTEGRATION_TEMPLATES)?;
        for module_name in ["__init__", "_core"] {
            let context = IntegrationContext {
                header,
                package,
                view: integrations,
            };
            files.insert(
                format!("{package}/integrations/{module_name}.py"),
                render_template(&env, &format!("integrations/{module_name}.py.j2"), &context)?,
            );
        }
        for framework in &integrations.frameworks {
            if let Some((_, source, text)) =
                FRAMEWORKS.iter().find(|(n, _, _)| *n == framework.name)
            {
                files.insert(format!("{package}/{source}"), runtime_copy(source, text));
            }
        }
        Ok(())
    }
}

/// The header of the files of an all-versions package that no one version owns.
fn package_header(versions: &[Version<'_>]) -> String {
    let dirs: Vec<String> = versions
        .iter()
        .map(|v| {
            v.module
                .schema_path
                .rsplit_once('/')
                .map(|(dir, _)| dir.to_string())
                .unwrap_or_else(|| v.module.schema_path.clone())
        })
        .collect();
    format!(
        "# @generated by codegen from {}. Do not edit.",
        dirs.join(", ")
    )
}

impl Backend for Python {
    fn name(&self) -> &'static str {
        "python"
    }

    fn render(&self, module: &ir::Module, source: &Loaded) -> Result<Files> {
        self.check_package_name(&module.schema_path)?;
        let view = model::build(
            module,
            &self.package,
            &header_text(module),
            model::Placement::Root,
        )?;
        let env = environment(TEMPLATES)?;
        let integrations = Self::integrations(module, &view);
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
        Self::version_files(&mut files, package, &view, source)?;
        for (path, source, text) in RUNTIME {
            files.insert(format!("{package}/{path}"), runtime_copy(source, text));
        }
        files.insert(format!("{package}/py.typed"), "");
        if view.kafka {
            let versions = [super::kafka::PythonVersion {
                module,
                import: "models".into(),
                class: view.root.clone(),
            }];
            files.insert(
                format!("{package}/_versions.py"),
                package::versions_module(&view.header, &[(&view, None)])?,
            );
            files.insert(
                format!("{package}/kafka.py"),
                super::kafka::python_helper(&versions, &view.header)?,
            );
        }
        if let Some(integrations) = &integrations {
            self.integration_files(&mut files, &view.header, integrations)?;
        }
        Ok(files)
    }

    fn render_versions(&self, versions: &[Version<'_>]) -> Option<Result<Files>> {
        Some(self.render_package(versions))
    }
}

impl Python {
    /// The package of every version: each version a subpackage (`<package>/v1_0/`), the newest
    /// re-exported at the root with `parse_any`, one `_runtime`, `kafka` and `integrations`.
    fn render_package(&self, versions: &[Version<'_>]) -> Result<Files> {
        let newest = versions.last().ok_or_else(|| crate::Error::Backend {
            file: "schema/".into(),
            backend: "python",
            message: "an all-versions package needs at least one version".into(),
        })?;
        self.check_package_name(&newest.module.schema_path)?;
        let package = &self.package;
        let header = package_header(versions);
        let mut files = Files::default();
        let mut views = Vec::new();
        for version in versions {
            let view = model::build(
                version.module,
                &format!("{package}.{}", version.ident()),
                &header_text(version.module),
                model::Placement::Subpackage,
            )?;
            Self::version_files(
                &mut files,
                &format!("{package}/{}", version.ident()),
                &view,
                version.source,
            )?;
            views.push(view);
        }
        let newest_view = views.last().expect("at least one version");
        let integrations = Self::integrations(newest.module, newest_view);
        // Every version an envelope: `parse_any`, `kafka.decode` and the integrations.
        let envelopes = views.iter().all(|v| v.kafka);
        let root = package::root_view(
            package,
            &header,
            versions,
            &views,
            envelopes,
            integrations.as_ref(),
        )?;
        let env = environment(PACKAGE_TEMPLATES)?;
        for (path, template) in PACKAGE_FILES {
            if *template == "_versions.py.j2" {
                continue;
            }
            files.insert(
                path.replace("{package}", package),
                render_template(&env, template, &root)?,
            );
        }
        for (path, source, text) in RUNTIME {
            files.insert(format!("{package}/{path}"), runtime_copy(source, text));
        }
        files.insert(format!("{package}/py.typed"), "");
        if envelopes {
            let entries: Vec<(&model::PackageView, Option<String>)> = views
                .iter()
                .zip(versions)
                .map(|(view, version)| (view, Some(version.ident())))
                .collect();
            files.insert(
                format!("{package}/_versions.py"),
                package::versions_module(&header, &entries)?,
            );
            let kafka_versions: Vec<super::kafka::PythonVersion<'_>> = versions
                .iter()
                .zip(&views)
                .map(|(version, view)| super::kafka::PythonVersion {
                    module: version.module,
                    import: version.ident(),
                    class: view.root.clone(),
                })
                .collect();
            files.insert(
                format!("{package}/kafka.py"),
                super::kafka::python_helper(&kafka_versions, &header)?,
            );
            if let Some(integrations) = &integrations {
                self.integration_files(&mut files, &header, integrations)?;
            }
        }
        Ok(files)
    }
}
