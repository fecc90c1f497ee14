//! The compatibility checker: is a new schema version BACKWARD / FORWARD / FULL compatible
//! with an old one, and which named changes make it so or not.
//!
//! # What the verdicts mean
//!
//! The sets are defined as a registry of *our* producers and consumers sees them
//! (`schema/compat-policy.json` records the decision):
//!
//! - `R(S)`: the instances valid under `S` as written: what generated readers accept
//!   (unknown properties are ignored: an object with `properties` and no
//!   `additionalProperties: false` is open).
//! - `W(S)`: what generated writers can emit: the same, except that every object with declared
//!   properties is closed (writers emit declared properties only). Free-form maps
//!   (`type: object` without `properties`) stay open.
//!
//! BACKWARD (consumers upgrade first) holds when `W(old) ⊆ R(new)`; FORWARD (producers upgrade
//! first) when `W(new) ⊆ R(old)`; FULL when both. With [`ContentModel::Strict`], `W = R` and
//! the verdicts are the literal set inclusions over the open schemas.
//!
//! # How it decides
//!
//! Both schemas are lowered to the IR (so `$ref` versus inline, key order, `$defs` names and
//! annotations cannot matter), each type is split into disjoint JSON kinds
//! ([`shape`]), and every constraint of one side is checked against the whole set of the
//! other: numbers exactly with rationals ([`numbers`]), strings on automata
//! ([`strings`]: pattern inclusion is regular-language inclusion). Sets are intersections of
//! constraints, so `A ⊆ B` holds exactly when `A` satisfies each constraint of `B`; each
//! constraint that differs between the versions is one named [`Change`] with its verdict in
//! both directions, and the overall verdict is the conjunction.
//!
//! Every incompatible verdict carries a witness: a whole instance valid under one side and
//! invalid under the other, built from samples and then checked with the `jsonschema` crate
//! against the schema files themselves (closed as `W` requires). When a question cannot be
//! settled (a schema outside the IR, a pattern the automata cannot compare, a search over its
//! budget), the change says so and counts as breaking.

#[cfg(feature = "cli")]
pub mod command;
pub mod numbers;
pub mod policy;
mod render;
pub mod shape;
pub mod strings;
mod walk;
mod witness;

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ir;
use crate::schema::{self, Loaded};

pub use render::{render_json, render_text};

/// Which sets the verdicts compare (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum ContentModel {
    /// Writers emit declared properties only; readers ignore unknown ones (`W ⊆ R`).
    #[default]
    WritersClosed,
    /// The literal set inclusion over the schemas as written (`R ⊆ R`).
    Strict,
}

/// The verdict a command asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Consumers on the new schema read everything written with the old one.
    #[default]
    Backward,
    /// Consumers on the old schema read everything written with the new one.
    Forward,
    /// Both.
    Full,
    /// No requirement (across a major version).
    None,
}

impl Mode {
    /// Whether a report satisfies this mode.
    pub fn satisfied_by(self, report: &Report) -> bool {
        match self {
            Mode::Backward => report.backward,
            Mode::Forward => report.forward,
            Mode::Full => report.full,
            Mode::None => true,
        }
    }

    /// The mode's name in upper case, as the reports print it.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Backward => "BACKWARD",
            Mode::Forward => "FORWARD",
            Mode::Full => "FULL",
            Mode::None => "NONE",
        }
    }
}

/// Options of a comparison.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Which sets are compared.
    pub content_model: ContentModel,
}

/// The named kinds of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A property was declared.
    PropertyAdded,
    /// A property is no longer declared.
    PropertyRemoved,
    /// An existing property became required.
    RequiredAdded,
    /// An existing property became optional.
    RequiredRemoved,
    /// A value was added to an enum.
    EnumValueAdded,
    /// A value was removed from an enum.
    EnumValueRemoved,
    /// A plain string became an enum.
    EnumAdded,
    /// An enum became a plain string.
    EnumRemoved,
    /// A constant replaced a wider set.
    ConstAdded,
    /// A constant was replaced by a wider set.
    ConstRemoved,
    /// A constant changed value.
    ConstChanged,
    /// More JSON kinds are allowed (`integer` → `number`, `string` → `string | integer`).
    TypeWidened,
    /// Fewer JSON kinds are allowed.
    TypeNarrowed,
    /// Kinds were both added and removed (`string` → `integer`).
    TypeChanged,
    /// `null` is now allowed.
    NullableAdded,
    /// `null` is no longer allowed.
    NullableRemoved,
    /// A bound (`minimum`, `maxLength`, `minItems`, `multipleOf`…) allows fewer values.
    BoundTightened,
    /// A bound allows more values.
    BoundRelaxed,
    /// A bound allows some values fewer and some more.
    BoundChanged,
    /// A bound was spelled differently with the same meaning.
    BoundRewritten,
    /// A `pattern` was added.
    PatternAdded,
    /// A `pattern` was removed.
    PatternRemoved,
    /// A `pattern` changed (the verdicts say whether its language grew, shrank or both).
    PatternChanged,
    /// An asserted `format` (uuid, date, date-time) was added.
    FormatAdded,
    /// An asserted `format` was removed.
    FormatRemoved,
    /// An asserted `format` changed.
    FormatChanged,
    /// A `format` that readers do not validate (email, uri) changed.
    FormatAnnotationChanged,
    /// `uniqueItems: true` was added.
    UniqueItemsAdded,
    /// `uniqueItems: true` was removed.
    UniqueItemsRemoved,
    /// Undeclared properties are accepted now (or accepted with a wider schema).
    AdditionalPropertiesOpened,
    /// Undeclared properties are rejected now (or accepted with a narrower schema).
    AdditionalPropertiesClosed,
    /// A `default` was added.
    DefaultAdded,
    /// A `default` was removed.
    DefaultRemoved,
    /// A `default` changed.
    DefaultChanged,
    /// An `x-default-factory` was added, removed or changed.
    DefaultFactoryChanged,
    /// A `description` changed.
    DescriptionChanged,
    /// A `title` changed.
    TitleChanged,
    /// `examples` changed.
    ExamplesChanged,
    /// Declared properties changed order (the wire order of written events).
    PropertyOrderChanged,
    /// A named type got another name (generated code that names it must change).
    TypeRenamed,
    /// A type moved between `$defs` and inline (no effect on data).
    RefRestructured,
    /// The checker cannot decide (counted as breaking).
    Undecidable,
}

impl ChangeKind {
    /// The kind as printed (`enum_value_added`).
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// An instance that proves an incompatibility.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Witness {
    /// The instance: valid under the writing side, invalid under the reading side.
    pub instance: Value,
    /// Set when the `jsonschema` crate disagrees with the checker about this instance (a bug
    /// in the checker; the verdict stays "incompatible").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The witnesses of one change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Witnesses {
    /// For a BACKWARD break: written under the old schema, rejected by the new one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backward: Option<Witness>,
    /// For a FORWARD break: written under the new schema, rejected by the old one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward: Option<Witness>,
}

impl Witnesses {
    fn is_empty(&self) -> bool {
        self.backward.is_none() && self.forward.is_none()
    }
}

/// One named change between two schemas, with its verdict in each direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// JSON pointer of the keyword in the new schema (in the old one for what was removed).
    pub path: String,
    /// The change's name.
    pub kind: ChangeKind,
    /// Compatible for consumers on the new schema reading old data.
    pub backward: bool,
    /// Compatible for consumers on the old schema reading new data.
    pub forward: bool,
    /// Where in an event the change applies (JSON pointer; `""` is the event itself).
    pub instance_path: String,
    /// What changed, for people.
    pub detail: String,
    /// Witnesses of the incompatible directions.
    #[serde(skip_serializing_if = "Witnesses::is_empty")]
    pub witness: Witnesses,
    /// Why a direction could not be decided (it then counts as incompatible).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undecidable: Option<String>,
}

/// The comparison of two schema files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The old schema, as displayed.
    pub old: String,
    /// The new schema, as displayed.
    pub new: String,
    /// Which sets were compared.
    pub content_model: ContentModel,
    /// `W(old) ⊆ R(new)`.
    pub backward: bool,
    /// `W(new) ⊆ R(old)`.
    pub forward: bool,
    /// Both.
    pub full: bool,
    /// Every change found, in schema order.
    pub changes: Vec<Change>,
}

/// Compares two schema files or version directories (`schema/v1.0`, a `*.schema.json`).
pub fn check_paths(old: &Path, new: &Path, root: &Path, options: Options) -> Result<Report> {
    let load = |p: &Path| -> Result<Loaded> {
        let files = schema::resolve(p)?;
        match files.as_slice() {
            [one] => schema::load(one, root),
            _ => Err(Error::Layout {
                path: p.to_path_buf(),
                message: "expected one schema file or one version directory".into(),
            }),
        }
    };
    let (old, new) = (load(old)?, load(new)?);
    Ok(check(&old, &new, options))
}

/// Compares two loaded schemas.
pub fn check(old: &Loaded, new: &Loaded, options: Options) -> Report {
    let strict = options.content_model == ContentModel::Strict;
    let mut changes = match (ir::lower(old), ir::lower(new)) {
        (Ok(old_ir), Ok(new_ir)) => {
            let oracle = witness::Oracle::new();
            let mut changes = walk::walk(&old_ir, &new_ir, strict, &oracle);
            witness::verify(&mut changes, old, new, strict, &oracle);
            changes
        }
        (a, b) => outside_ir(old, new, a.err(), b.err()),
    };
    changes.sort_by(|a, b| a.path.cmp(&b.path).then(a.kind.cmp(&b.kind)));
    let backward = changes.iter().all(|c| c.backward);
    let forward = changes.iter().all(|c| c.forward);
    Report {
        old: old.display.clone(),
        new: new.display.clone(),
        content_model: options.content_model,
        backward,
        forward,
        full: backward && forward,
        changes,
    }
}

/// When a schema cannot be lowered the checker cannot reason about it: identical schemas
/// (annotations aside) are compatible, anything else is undecidable.
fn outside_ir(
    old: &Loaded,
    new: &Loaded,
    old_err: Option<Error>,
    new_err: Option<Error>,
) -> Vec<Change> {
    if strip_annotations(&old.value) == strip_annotations(&new.value) {
        return Vec::new();
    }
    let (side, err) = match (old_err, new_err) {
        (_, Some(e)) => ("new", e),
        (Some(e), None) => ("old", e),
        (None, None) => unreachable!("called only when lowering failed"),
    };
    let path = match &err {
        Error::Schema { pointer, .. } => pointer.clone(),
        _ => String::new(),
    };
    vec![Change {
        path,
        kind: ChangeKind::Undecidable,
        backward: false,
        forward: false,
        instance_path: String::new(),
        detail: format!("the {side} schema is outside what the checker understands"),
        witness: Witnesses::default(),
        undecidable: Some(err.to_string()),
    }]
}

/// A schema without its annotations, keeping the names of properties and `$defs` (which may
/// themselves be called `title` or `description`) and every value that is data (`enum`,
/// `const`, `default`).
fn strip_annotations(schema: &Value) -> Value {
    const SCHEMA_MAPS: [&str; 5] = [
        "properties",
        "$defs",
        "definitions",
        "patternProperties",
        "dependentSchemas",
    ];
    const SUBSCHEMAS: [&str; 15] = [
        "items",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "anyOf",
        "oneOf",
        "allOf",
        "prefixItems",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "additionalItems",
    ];
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    map.iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "title" | "description" | "examples" | "$comment" | "$id"
            )
        })
        .map(|(k, v)| {
            let v = if SCHEMA_MAPS.contains(&k.as_str()) {
                match v {
                    Value::Object(m) => Value::Object(
                        m.iter()
                            .map(|(name, s)| (name.clone(), strip_annotations(s)))
                            .collect(),
                    ),
                    other => other.clone(),
                }
            } else if SUBSCHEMAS.contains(&k.as_str()) {
                match v {
                    Value::Array(items) => {
                        Value::Array(items.iter().map(strip_annotations).collect())
                    }
                    other => strip_annotations(other),
                }
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect::<serde_json::Map<String, Value>>()
        .into()
}
