//! The files of the all-versions Python package that belong to no one version: the root
//! `__init__.py` (the newest version re-exported, `parse_any`), the root `schema_utils.py`,
//! `pyproject.toml`, `README.md`, and `_versions.py` (the version dispatch, also in a
//! one-schema package that has the Kafka helper).

use serde::Serialize;

use super::integrations;
use super::layout::{self, atom, Expr};
use super::model::PackageView;
use crate::backend::{environment, package_version, render_template, Version};
use crate::error::Result;

/// The root files: (path, `{package}` replaced, template name).
pub const PACKAGE_FILES: &[(&str, &str)] = &[
    ("pyproject.toml", "pyproject.toml.j2"),
    ("README.md", "README.md.j2"),
    ("{package}/__init__.py", "package_init.py.j2"),
    ("{package}/schema_utils.py", "package_schema_utils.py.j2"),
];

/// The templates of [`PACKAGE_FILES`] and `_versions.py`.
pub const PACKAGE_TEMPLATES: &[(&str, &str)] = &[
    (
        "pyproject.toml.j2",
        include_str!("../../../templates/python/pyproject.toml.j2"),
    ),
    (
        "README.md.j2",
        include_str!("../../../templates/python/README.md.j2"),
    ),
    (
        "package_init.py.j2",
        include_str!("../../../templates/python/package_init.py.j2"),
    ),
    (
        "package_schema_utils.py.j2",
        include_str!("../../../templates/python/package_schema_utils.py.j2"),
    ),
    (
        "_versions.py.j2",
        include_str!("../../../templates/python/_versions.py.j2"),
    ),
];

/// What the root templates print.
#[derive(Debug, Serialize)]
pub struct RootView<'a> {
    /// The header comment line.
    pub header: String,
    /// Import package (`workflow_events`).
    pub package: String,
    /// Distribution name (`workflow-events`).
    pub distribution: String,
    /// [`package_version::PLACEHOLDER`], set once the content is known.
    pub version: &'static str,
    /// `description = "…"` of pyproject.toml, as a TOML string.
    pub description_toml: String,
    /// The package has `kafka.py` (every version is a workflow-event envelope).
    pub kafka: bool,
    /// Some version has a run-time check (`ir::Check`): the package depends on jsonschema.
    pub checks: bool,
    /// The integrations (of the newest version), if it has what they need.
    pub integrations: Option<&'a integrations::View>,
    /// pyproject.toml names `README.md`.
    pub readme: bool,
    /// Every version, oldest first: `"1.0"`.
    pub versions: Vec<String>,
    /// Their subpackages: `v1_0`.
    pub idents: Vec<String>,
    /// The newest version (`"1.1"`) and its subpackage (`v1_1`).
    pub newest: String,
    /// `v1_1`.
    pub newest_ident: String,
    /// The root model's class name (`WorkflowEvent`).
    pub root: String,
    /// The version the README's example pins: the oldest of the newest major (`1.0`), so that
    /// `to_latest` of its event succeeds.
    pub example_version: String,
    /// Its subpackage (`v1_0`).
    pub example_ident: String,
    /// The root `__init__.py`'s docstring.
    pub init_doc: String,
    /// Its import statements.
    pub init_imports: Vec<String>,
    /// Its `__all__`.
    pub all_statement: String,
}

fn version_list(versions: &[String]) -> String {
    versions.join(", ")
}

/// The view of the root files of the package of `versions` (their views in `views`).
pub fn root_view<'a>(
    package: &str,
    header: &str,
    versions: &[Version<'_>],
    views: &[PackageView],
    kafka: bool,
    integrations: Option<&'a integrations::View>,
) -> Result<RootView<'a>> {
    let newest_view = views.last().expect("at least one version");
    let newest = versions.last().expect("at least one version");
    let names: Vec<String> = versions.iter().map(|v| v.version().to_string()).collect();
    let idents: Vec<String> = versions.iter().map(|v| v.ident()).collect();
    let root = newest_view.root.clone();
    let mut doc = format!(
        "Workflow events: {root} of every schema version ({}), generated from schema/.\n\n\
         The newest version, {}, is at the root: ``from {package} import {root}``.\n\
         Each version is a subpackage with the same names (``{package}.{}``, …), so a\n\
         producer pins the version it writes by importing it.",
        version_list(&names),
        newest.version(),
        idents[0],
    );
    let mut imports = Vec::new();
    let mut all: Vec<String> = vec!["SCHEMA_VERSION".into()];
    if kafka {
        doc.push_str(
            " :func:`parse_any` reads an event of any version by its\n\
             ``metadata.version``; :func:`to_latest` moves an event of an older minor to the \
             newest\nmodel.",
        );
        let mut names: Vec<String> = [
            "SCHEMA_VERSIONS",
            "AnyWorkflowEvent",
            "choose_version",
            "parse_any",
            "to_latest",
            "version_of",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        layout::sort_imported_names(&mut names);
        imports.push(layout::from_import("._versions", &names));
        all.extend(names);
    }
    let mut newest_names = vec!["SCHEMA_VERSION".to_string()];
    newest_names.extend(newest_view.exported.iter().cloned());
    layout::sort_imported_names(&mut newest_names);
    imports.push(layout::from_import(
        &format!(".{}", newest.ident()),
        &newest_names,
    ));
    all.extend(newest_view.exported.iter().cloned());
    layout::sort_imported_names(&mut all);
    let all_statement = layout::assignment(
        0,
        "__all__",
        &Expr::List(
            all.iter()
                .map(|n| atom(layout::string_literal(n)))
                .collect(),
        ),
    );
    let newest_major = newest.version().split('.').next().unwrap_or_default();
    let example = versions
        .iter()
        .find(|v| v.version().split('.').next() == Some(newest_major))
        .unwrap_or(newest);
    Ok(RootView {
        example_version: example.version().to_string(),
        example_ident: example.ident(),
        header: header.to_string(),
        package: package.to_string(),
        distribution: package.replace('_', "-"),
        version: package_version::PLACEHOLDER,
        description_toml: super::model::toml_string(&format!(
            "Pydantic models for {root} of every schema version ({}), generated from JSON Schema",
            version_list(&names)
        )),
        kafka,
        checks: views.iter().any(|v| v.checks),
        integrations,
        readme: true,
        versions: names,
        idents,
        newest: newest.version().to_string(),
        newest_ident: newest.ident(),
        root,
        init_doc: layout::docstring(0, &doc).expect("not blank"),
        init_imports: imports,
        all_statement,
    })
}

#[derive(Serialize)]
struct VersionsView {
    header: String,
    versions_text: String,
    import_line: String,
    any_statement: String,
    versions_tuple: String,
    models_statement: String,
    newest: String,
    models_text: String,
}

/// `_versions.py` of a package whose versions are `entries`: each version's view and its
/// subpackage (`None`: the one version sits at the package root, in `models.py`).
pub fn versions_module(header: &str, entries: &[(&PackageView, Option<String>)]) -> Result<String> {
    let module = |sub: &Option<String>| sub.clone().unwrap_or_else(|| "models".to_string());
    let version = |view: &PackageView| {
        view.schema_version
            .clone()
            .or_else(|| view.kafka_version.as_deref().map(layout::string_literal))
            .unwrap_or_else(|| "\"\"".to_string())
    };
    let mut imported: Vec<String> = vec!["_runtime".into()];
    imported.extend(entries.iter().map(|(_, sub)| module(sub)));
    layout::sort_imported_names(&mut imported);
    let classes: Vec<String> = entries
        .iter()
        .map(|(view, sub)| format!("{}.{}", module(sub), view.root))
        .collect();
    let any = if classes.len() == 1 {
        atom(classes[0].clone())
    } else {
        Expr::Union(classes.iter().map(|c| atom(c.clone())).collect())
    };
    let versions: Vec<String> = entries.iter().map(|(view, _)| version(view)).collect();
    let tuple = if versions.len() == 1 {
        format!("({},)", versions[0])
    } else {
        format!("({})", versions.join(", "))
    };
    let models = Expr::Dict(
        entries
            .iter()
            .zip(&classes)
            .map(|((view, _), class)| (atom(version(view)), atom(class.clone())))
            .collect(),
    );
    let env = environment(PACKAGE_TEMPLATES)?;
    let view = VersionsView {
        header: header.to_string(),
        versions_text: versions
            .iter()
            .map(|v| v.trim_matches('"').to_string())
            .collect::<Vec<_>>()
            .join(", "),
        import_line: layout::from_import(".", &imported),
        any_statement: layout::annotated(0, "AnyWorkflowEvent", &atom("TypeAlias"), Some(&any)),
        versions_tuple: tuple,
        models_statement: layout::annotated(
            0,
            "_MODELS",
            &atom("dict[str, type[AnyWorkflowEvent]]"),
            Some(&models),
        ),
        newest: classes.last().expect("at least one version").clone(),
        models_text: classes
            .iter()
            .map(|c| format!("``{c}``"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    render_template(&env, "_versions.py.j2", &view)
}
