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
//! One reading decides every verdict, whether or not the code generators accept the schemas:
//! each schema becomes a [`model::Node`] (references followed, annotations set aside, unions
//! split by JSON kind), and [`walk`] compares the two side by side. Every constraint that
//! differs is one named [`Change`] with its verdict in both directions, decided exactly:
//! numbers with rationals ([`numbers`]), strings on automata ([`strings`]: pattern inclusion
//! is regular-language inclusion), objects over the whole property-name space (declared
//! names, `patternProperties` languages, the `additionalProperties` remainder, conditional
//! requirements). The overall verdict is the conjunction of the changes'. [`kinds`] holds the
//! names and the policy table every change obeys.
//!
//! Every incompatible verdict carries a witness: a whole instance valid under one side and
//! invalid under the other, built from samples ([`sample`]) and then checked with the
//! `jsonschema` crate against the schema files themselves (closed as `W` requires).
//!
//! The IR only enriches names: where both schemas lower to it, changes name generated types
//! (`type_renamed`, `enum EventType`). A schema the IR rejects (the code generators cannot
//! generate it) is named in a `not_generated` change (file, pointer, keyword) and judged all
//! the same. When a question cannot be settled (a keyword the model does not hold, a pattern
//! the automata cannot compare, a search over its budget, a break no instance could be built
//! to show), the change says so, with the keyword's pointer, and counts as breaking.
//!
//! # Unions
//!
//! A union (`oneOf`/`anyOf`, a `type` array) is split by JSON kind first: a kind one side
//! allows and the other does not is `type_widened` (BACKWARD compatible) or `type_narrowed`.
//! Object branches are then paired: branches told apart by a required property whose value
//! sets do not meet (a tag: distinct `const`s) are disjoint whether objects are open or closed,
//! so a branch is compared with the one branch of the other side that shares values with it
//! (its tag's counterpart), and the changes found are named at that branch's own pointers. A
//! branch that shares values with no branch of the other side is one change at the union's
//! pointer naming its tag and schema: `union_branch_added` (BACKWARD compatible, FORWARD not)
//! or `union_branch_removed` (the reverse); a re-tagged branch is both. Branches that only
//! change order are `union_branches_reordered` (no instance set changes). A recursive union is
//! read to a depth; where the comparison comes back to a pair of locations it is already
//! comparing, that outer comparison decides. A branch that shares values with several branches
//! of the other side is split by the tag those share (objects), or covered by a sweep (number
//! ranges, string lengths); a `oneOf` whose branches overlap takes the values of exactly one,
//! and writers' values two of its branches share are `one_of_branches_overlap`. Not decided
//! (counted as breaking): object branches no shared tag tells apart, and string sets with a
//! pattern or format (or ranges with `multipleOf`) against a union of several.

#[cfg(feature = "cli")]
pub mod keywords;
pub mod kinds;
pub mod model;
pub mod numbers;
pub mod policy;
mod render;
pub mod sample;
pub mod sets;
pub mod strings;
mod text;
pub mod walk;
mod witness;

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ir;
use crate::schema::{self, Loaded};
use keywords::{Keyword, Role, Subschemas};

pub use kinds::{ChangeKind, Effect, Family};
pub use render::{render_json, render_text};
pub use text::describe;

/// Which sets the verdicts compare (see the module docs). Without a project policy
/// (`schema/compat-policy.json`), the literal reading a schema registry applies (Confluent,
/// Karapace).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum ContentModel {
    /// The literal set inclusion over the schemas as written (`R ⊆ R`).
    #[default]
    Strict,
    /// Writers emit declared properties only; readers ignore unknown ones (`W ⊆ R`).
    WritersClosed,
}

impl ContentModel {
    /// The reading's name, as the flag spells it.
    pub fn label(self) -> &'static str {
        match self {
            ContentModel::Strict => "strict",
            ContentModel::WritersClosed => "writers-closed",
        }
    }
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

/// An instance that proves an incompatibility.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Witness {
    /// The instance: valid under the writing side, invalid under the reading side.
    pub instance: Value,
    /// Set when no instance could be built, or the `jsonschema` crate disagrees with the
    /// checker about this one (the change then says it cannot decide; still breaking).
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

/// The generated type names of both schemas by the pointer of the schema they come from
/// (what the IR adds to a report; empty unless both sides lower).
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// The old schema's.
    pub old: HashMap<String, String>,
    /// The new schema's.
    pub new: HashMap<String, String>,
}

impl Names {
    fn of(old: &ir::Module, new: &ir::Module) -> Names {
        let names = |m: &ir::Module| {
            m.types
                .iter()
                .map(|t| (t.pointer.clone(), t.name.upper_camel()))
                .collect()
        };
        Names {
            old: names(old),
            new: names(new),
        }
    }
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

/// Stack for one comparison: schemas are read and walked recursively (references up to 32
/// deep, each through several nested keywords).
const STACK_BYTES: usize = 256 << 20;

/// Compares two loaded schemas.
pub fn check(old: &Loaded, new: &Loaded, options: Options) -> Report {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("compat".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(s, || check_here(old, new, options))
            .expect("a thread for the comparison")
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

fn check_here(old: &Loaded, new: &Loaded, options: Options) -> Report {
    let closed = options.content_model == ContentModel::WritersClosed;
    let oracle = witness::Oracle::new();
    let (old_ir, new_ir) = (ir::lower(old), ir::lower(new));
    let names = match (&old_ir, &new_ir) {
        (Ok(a), Ok(b)) => Names::of(a, b),
        _ => Names::default(),
    };
    let mut changes = not_generated([("old", old_ir.err()), ("new", new_ir.err())]);
    let read = |l: &Loaded| model::Reader::new(&l.value, &oracle).root();
    let (old_node, new_node) = (read(old), read(new));
    let walked = walk::Walk::new(&oracle, closed, &names).run(&old_node, &new_node);
    changes.extend(if closed {
        // What breaks only the literal reading is named too, compatible under this model.
        let literal = walk::Walk::new(&oracle, false, &names).run(&old_node, &new_node);
        with_literal(walked, literal)
    } else {
        walked
    });
    if !changes.iter().any(|c| explains(c.kind)) {
        changes.extend(spelling(&old.value, &new.value));
    }
    witness::verify(&mut changes, old, new, !closed);
    changes.sort_by(|a, b| a.path.cmp(&b.path).then(a.kind.cmp(&b.kind)));
    debug_assert!(
        changes.iter().all(|c| c.kind.allows(c.backward, c.forward)),
        "a change breaks a direction its name promises to keep: {changes:?}"
    );
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

/// One `not_generated` note per side the IR rejects, naming the file, pointer and keyword.
fn not_generated(errors: [(&str, Option<Error>); 2]) -> Vec<Change> {
    errors
        .into_iter()
        .filter_map(|(side, err)| {
            let err = err?;
            let path = match &err {
                Error::Schema { pointer, .. } => pointer.clone(),
                _ => String::new(),
            };
            Some(note(
                &path,
                ChangeKind::NotGenerated,
                format!("the {side} schema cannot be generated: {err} (judged as written)"),
            ))
        })
        .collect()
}

/// The writers-closed changes, with what breaks only in the literal reading said where it is
/// named, and added (compatible) where it is not.
fn with_literal(mut model: Vec<Change>, literal: Vec<Change>) -> Vec<Change> {
    for c in literal {
        let dirs = match (c.backward, c.forward) {
            (true, true) => continue,
            (false, true) => "BACKWARD",
            (true, false) => "FORWARD",
            (false, false) => "BACKWARD and FORWARD",
        };
        let reading = if c.kind == ChangeKind::Undecidable {
            format!("{dirs} not decided in the literal reading only")
        } else {
            format!("breaks {dirs} only in the literal reading")
        };
        let suffix = format!(" ({reading}, --content-model strict)");
        match model
            .iter_mut()
            .find(|m| m.path == c.path && m.kind == c.kind)
        {
            Some(m) => {
                let literal_only = (!c.backward && m.backward) || (!c.forward && m.forward);
                if literal_only && !m.detail.ends_with(&suffix) {
                    m.detail.push_str(&suffix);
                }
            }
            None => model.push(Change {
                backward: true,
                forward: true,
                witness: Witnesses::default(),
                undecidable: None,
                detail: format!("{}{suffix}", c.detail),
                ..c
            }),
        }
    }
    model
}

/// Whether a change accounts for a difference in how the schemas are written (annotations and
/// `not_generated` notes do not).
fn explains(kind: ChangeKind) -> bool {
    !matches!(
        kind,
        ChangeKind::DescriptionChanged
            | ChangeKind::TitleChanged
            | ChangeKind::ExamplesChanged
            | ChangeKind::DefaultAdded
            | ChangeKind::DefaultRemoved
            | ChangeKind::DefaultChanged
            | ChangeKind::DefaultFactoryChanged
            | ChangeKind::NotGenerated
    )
}

/// When nothing else differs but the schemas are written differently: the union lists that
/// only changed order, or one `spelling_changed`.
fn spelling(old: &Value, new: &Value) -> Vec<Change> {
    let (old, new) = (strip_annotations(old), strip_annotations(new));
    let mut reordered = Vec::new();
    if same_up_to_union_order(&old, &new, "", &mut reordered) {
        return reordered
            .into_iter()
            .map(|(p, order)| {
                let order: Vec<String> = order.iter().map(usize::to_string).collect();
                let detail = format!(
                    "the same branches in a new order (old positions {}); no instance set changes",
                    order.join(", ")
                );
                note(&p, ChangeKind::UnionBranchesReordered, detail)
            })
            .collect();
    }
    vec![note(
        "",
        ChangeKind::SpellingChanged,
        "the schemas are spelled differently but allow the same instances".into(),
    )]
}

/// Whether two schemas differ only in the order of `anyOf`/`oneOf` branches (and of the
/// `required`, `enum` and `type` lists, which are sets); each reordered union is recorded with
/// its pointer and, for each new position, the old one.
fn same_up_to_union_order(
    old: &Value,
    new: &Value,
    ptr: &str,
    out: &mut Vec<(String, Vec<usize>)>,
) -> bool {
    let (Value::Object(a), Value::Object(b)) = (old, new) else {
        return old == new;
    };
    a.len() == b.len()
        && a.iter().all(|(k, x)| {
            let Some(y) = b.get(k) else { return false };
            let p = format!("{ptr}/{}", model::token(k));
            match (Keyword::parse(k), x, y) {
                (
                    Some(Keyword::Required | Keyword::Enum | Keyword::Type),
                    Value::Array(xs),
                    Value::Array(ys),
                ) => {
                    xs.len() == ys.len()
                        && xs.iter().all(|v| ys.iter().any(|w| sets::json_eq(v, w)))
                }
                (Some(Keyword::AnyOf | Keyword::OneOf), Value::Array(xs), Value::Array(ys))
                    if xs.len() == ys.len() =>
                {
                    same_branches(xs, ys, &p, out)
                }
                (Some(kw), _, _) => match (kw.subschemas(), x, y) {
                    (Subschemas::One, _, _) => same_up_to_union_order(x, y, &p, out),
                    (Subschemas::List, Value::Array(xs), Value::Array(ys)) => {
                        xs.len() == ys.len()
                            && xs.iter().zip(ys).enumerate().all(|(i, (x, y))| {
                                same_up_to_union_order(x, y, &format!("{p}/{i}"), out)
                            })
                    }
                    (Subschemas::Map, Value::Object(xs), Value::Object(ys)) => {
                        xs.len() == ys.len()
                            && xs.iter().all(|(n, s)| {
                                ys.get(n).is_some_and(|t| {
                                    let q = format!("{p}/{}", model::token(n));
                                    same_up_to_union_order(s, t, &q, out)
                                })
                            })
                    }
                    (Subschemas::None | Subschemas::List | Subschemas::Map, _, _) => x == y,
                },
                (None, _, _) => x == y,
            }
        })
}

/// Each new branch matched with a distinct old one (the same up to union order).
fn same_branches(
    xs: &[Value],
    ys: &[Value],
    ptr: &str,
    out: &mut Vec<(String, Vec<usize>)>,
) -> bool {
    let mut order = Vec::new();
    for (j, y) in ys.iter().enumerate() {
        let q = format!("{ptr}/{j}");
        let found = (0..xs.len()).find(|i| {
            let mut inner = Vec::new();
            let ok = !order.contains(i) && same_up_to_union_order(&xs[*i], y, &q, &mut inner);
            if ok {
                out.append(&mut inner);
            }
            ok
        });
        match found {
            Some(i) => order.push(i),
            None => return false,
        }
    }
    if order.iter().enumerate().any(|(j, i)| i != &j) {
        out.push((ptr.to_string(), order));
    }
    true
}

/// A change with no effect on the instance sets.
fn note(path: &str, kind: ChangeKind, detail: String) -> Change {
    Change {
        path: path.to_string(),
        kind,
        backward: true,
        forward: true,
        instance_path: String::new(),
        detail,
        witness: Witnesses::default(),
        undecidable: None,
    }
}

/// A schema without its annotations ([`Role::Annotation`] keywords), keeping the names of
/// properties and `$defs` (which may themselves be called `title` or `description`) and
/// every value that is data (`enum`, `const`).
fn strip_annotations(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    map.iter()
        .filter(|(k, _)| keywords::role_of(k) != Role::Annotation)
        .map(|(k, v)| {
            let v = match (keywords::subschemas_of(k), v) {
                (Subschemas::One, _) => strip_annotations(v),
                (Subschemas::List, Value::Array(items)) => {
                    Value::Array(items.iter().map(strip_annotations).collect())
                }
                (Subschemas::Map, Value::Object(m)) => Value::Object(
                    m.iter()
                        .map(|(name, s)| (name.clone(), strip_annotations(s)))
                        .collect(),
                ),
                (Subschemas::None | Subschemas::List | Subschemas::Map, _) => v.clone(),
            };
            (k.clone(), v)
        })
        .collect::<serde_json::Map<String, Value>>()
        .into()
}
