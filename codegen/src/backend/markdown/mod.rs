//! The Markdown backend: one reference page per schema version, `<schema name>.md`
//! (`generated/v1.1/docs/workflow_event.md`).
//!
//! The page has, from the IR: the fields table of every object type (field, type, required,
//! description, as in the seed guide), every enum with its wire values, and, from the
//! compatibility checker, a changelog against the previous version (the BACKWARD / FORWARD /
//! FULL verdicts and every named change). The previous version comes from
//! [`Options::history`](super::Options::history), so rendering stays pure.

use serde::Serialize;

use super::{environment, header_text, render_template, Backend, Files};
use crate::compat::{self, describe};
use crate::error::{Error, Result};
use crate::ir::{self, DefaultFactory, Type, TypeKind};
use crate::schema::{self, Loaded};

/// The directory name under `generated/<version>/`.
pub const NAME: &str = "docs";

const TEMPLATES: &[(&str, &str)] = &[(
    "workflow_event.md.j2",
    include_str!("../../../templates/markdown/workflow_event.md.j2"),
)];

/// Every version under `<root>/schema/`, loaded, oldest first (empty when there is no such
/// directory): the history the changelog is computed from.
pub fn history(root: &std::path::Path) -> Result<Vec<Loaded>> {
    let dir = root.join("schema");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    match schema::resolve(&dir) {
        Ok(paths) => paths.iter().map(|p| schema::load(p, root)).collect(),
        Err(Error::Layout { .. }) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// The Markdown backend.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    history: Vec<Loaded>,
}

impl Markdown {
    /// A backend whose changelogs compare with the versions in `history` (oldest first).
    pub fn new(history: &[Loaded]) -> Markdown {
        Markdown {
            history: history.to_vec(),
        }
    }

    /// The version just before `version` in the history, if any.
    fn previous(&self, version: &str) -> Option<&Loaded> {
        let key = |v: &str| {
            let (a, b) = v.split_once('.').unwrap_or((v, "0"));
            (a.parse::<u64>().unwrap_or(0), b.parse::<u64>().unwrap_or(0))
        };
        let me = key(version);
        self.history
            .iter()
            .filter(|l| l.version.as_deref().is_some_and(|v| key(v) < me))
            .max_by_key(|l| key(l.version.as_deref().unwrap_or("0.0")))
    }
}

#[derive(Serialize)]
struct Page {
    header: String,
    title: String,
    version: Option<String>,
    schema_path: String,
    id: Option<String>,
    description: String,
    objects: Vec<ObjectView>,
    enums: Vec<EnumView>,
    aliases: Vec<AliasView>,
    changelog: Option<Changelog>,
}

#[derive(Serialize)]
struct ObjectView {
    name: String,
    description: String,
    unknown_properties: &'static str,
    fields: Vec<FieldView>,
}

#[derive(Serialize)]
struct FieldView {
    name: String,
    ty: String,
    required: String,
    description: String,
}

#[derive(Serialize)]
struct EnumView {
    name: String,
    description: String,
    values: Vec<EnumValueView>,
}

#[derive(Serialize)]
struct EnumValueView {
    member: String,
    value: String,
}

#[derive(Serialize)]
struct AliasView {
    name: String,
    ty: String,
    description: String,
}

#[derive(Serialize)]
struct Changelog {
    previous: String,
    previous_path: String,
    backward: bool,
    forward: bool,
    full: bool,
    changes: Vec<ChangeView>,
}

#[derive(Serialize)]
struct ChangeView {
    kind: String,
    path: String,
    backward: bool,
    forward: bool,
    detail: String,
}

/// Text for a table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// Inline code that survives backticks in the text.
fn code(text: &str) -> String {
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    cell(&format!("{fence}{pad}{text}{pad}{fence}"))
}

fn type_text(ty: &Type, module: &ir::Module) -> String {
    match ty {
        Type::Ref(name) => format!(
            "[{0}](#{1})",
            name.upper_camel(),
            anchor(&name.upper_camel())
        ),
        Type::Nullable(inner) => format!("{} or null", type_text(inner, module)),
        Type::Union(u) => {
            let branches: Vec<String> = u
                .variants
                .iter()
                .map(|v| match &u.discriminator {
                    Some(property) => format!(
                        "{} (`{}` = {})",
                        type_text(&v.ty, module),
                        cell(property),
                        code(&format!("{:?}", v.tag))
                    ),
                    None => type_text(&v.ty, module),
                })
                .collect();
            format!("one of: {}", branches.join("; "))
        }
        Type::Array(a) => format!("array of {}", type_text(&a.items, module)),
        Type::Map(m) if matches!(m.values.as_ref(), Type::Any) => "object (free-form)".into(),
        Type::Map(m) => format!("map of {}", type_text(&m.values, module)),
        Type::String(s) => {
            let mut parts = vec!["string".to_string()];
            if let Some(f) = s.format {
                parts.push(format!(
                    "format {}",
                    serde_json::to_value(f)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ));
            }
            if let Some(p) = &s.pattern {
                parts.push(format!("pattern {}", code(p)));
            }
            if let Some(n) = s.min_length {
                parts.push(format!("minLength {n}"));
            }
            if let Some(n) = s.max_length {
                parts.push(format!("maxLength {n}"));
            }
            parts.join(", ")
        }
        other => cell(&describe(other, module)),
    }
}

fn anchor(name: &str) -> String {
    name.to_lowercase()
}

fn required_text(f: &ir::Field) -> String {
    if f.required {
        return "Yes".into();
    }
    match (&f.default, f.default_factory) {
        (Some(d), _) => format!("No (default {})", code(&d.to_string())),
        (None, Some(DefaultFactory::Uuid4)) => "No (auto-generated: a random UUID)".into(),
        (None, Some(DefaultFactory::Now)) => "No (auto-generated: the current time)".into(),
        (None, None) => "No".into(),
    }
}

impl Backend for Markdown {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn render(&self, module: &ir::Module, source: &Loaded) -> Result<Files> {
        let env = environment(TEMPLATES)?;
        let mut objects = Vec::new();
        let mut enums = Vec::new();
        let mut aliases = Vec::new();
        for def in &module.types {
            let name = def.name.upper_camel();
            let description = cell(def.description.as_deref().unwrap_or(""));
            match &def.kind {
                TypeKind::Object(o) => objects.push(ObjectView {
                    name,
                    description,
                    unknown_properties: match o.additional {
                        ir::Additional::Ignore => "ignored when read, never written",
                        ir::Additional::Forbid => "rejected (`extra_forbidden`)",
                        ir::Additional::Keep => {
                            "kept and written back, as the schema describes them"
                        }
                    },
                    fields: o
                        .fields
                        .iter()
                        .map(|f| FieldView {
                            name: code(&f.wire_name),
                            ty: type_text(&f.ty, module),
                            required: required_text(f),
                            description: cell(f.description.as_deref().unwrap_or("")),
                        })
                        .collect(),
                }),
                TypeKind::Enum(e) => enums.push(EnumView {
                    name,
                    description,
                    values: e
                        .values
                        .iter()
                        .map(|v| EnumValueView {
                            member: code(&v.name.screaming_snake()),
                            value: code(&serde_json::Value::String(v.value.clone()).to_string()),
                        })
                        .collect(),
                }),
                TypeKind::Alias(ty) => aliases.push(AliasView {
                    name,
                    ty: type_text(ty, module),
                    description,
                }),
            }
        }
        let changelog = module
            .version
            .as_deref()
            .and_then(|v| self.previous(v))
            .map(|prev| {
                // The docs state the project's reading (their header says so): generated writers
                // emit declared properties only, readers ignore unknown ones.
                let options = compat::Options {
                    content_model: compat::ContentModel::WritersClosed,
                };
                let report = compat::check(prev, source, options);
                Changelog {
                    previous: prev.version.clone().unwrap_or_default(),
                    previous_path: prev.display.clone(),
                    backward: report.backward,
                    forward: report.forward,
                    full: report.full,
                    changes: report
                        .changes
                        .iter()
                        .map(|c| ChangeView {
                            kind: c.kind.as_str(),
                            path: code(if c.path.is_empty() { "/" } else { &c.path }),
                            backward: c.backward,
                            forward: c.forward,
                            detail: cell(&c.detail),
                        })
                        .collect(),
                }
            });
        let root = module.root_type();
        let page = Page {
            header: header_text(module),
            title: root
                .title
                .clone()
                .unwrap_or_else(|| module.root.upper_camel()),
            version: module.version.clone(),
            schema_path: module.schema_path.clone(),
            id: module.id.clone(),
            description: root.description.clone().unwrap_or_default(),
            objects,
            enums,
            aliases,
            changelog,
        };
        let text = render_template(&env, "workflow_event.md.j2", &page)?;
        let stem = module
            .schema_path
            .rsplit('/')
            .next()
            .unwrap_or("schema")
            .trim_end_matches(".json")
            .trim_end_matches(".schema")
            .to_string();
        let mut files = Files::default();
        files.insert(format!("{stem}.md"), text);
        Ok(files)
    }
}
