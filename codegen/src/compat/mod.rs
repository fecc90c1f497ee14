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
//! When both schemas lower to the IR and neither holds a union, they are compared on it (so
//! `$ref` versus inline, key
//! order, `$defs` names and annotations cannot matter), each type is split into disjoint JSON kinds
//! ([`shape`]), and every constraint of one side is checked against the whole set of the
//! other: numbers exactly with rationals ([`numbers`]), strings on automata
//! ([`strings`]: pattern inclusion is regular-language inclusion). Sets are intersections of
//! constraints, so `A ⊆ B` holds exactly when `A` satisfies each constraint of `B`; each
//! constraint that differs between the versions is one named [`Change`] with its verdict in
//! both directions, and the overall verdict is the conjunction.
//!
//! Every incompatible verdict carries a witness: a whole instance valid under one side and
//! invalid under the other, built from samples and then checked with the `jsonschema` crate
//! against the schema files themselves (closed as `W` requires).
//!
//! Schemas with unions, and schemas the IR rejects (the code generators cannot generate them:
//! unions other than the accepted ones, `$anchor`, `patternProperties`, `if`/`then`/`else`,
//! `dependentRequired`, `false` subschemas, required with a default, …), are judged on the
//! checker's own reading of the raw schema ([`raw`], [`judge`]); a rejected one is named in a
//! `not_generated` change (file, pointer, keyword). When a question cannot be settled (a
//! keyword [`raw`] does not model, a pattern the automata cannot compare, a search over its
//! budget), the change says so and counts as breaking.
//!
//! # Unions
//!
//! A union (`oneOf`/`anyOf`, a `type` array) is split by JSON kind first: a kind one side
//! allows and the other does not is `type_widened` (BACKWARD compatible) or `type_narrowed`.
//! Object branches are then compared branch by branch: each branch of the writing side must
//! fit one branch of the reading side. Branches told apart by a required property whose value
//! sets do not meet (a tag: distinct `const`s) are disjoint whether objects are open or closed,
//! so under either content model a branch is compared with the one branch of the other side
//! that shares values with it (its tag's counterpart), and the changes found are named at that
//! branch's own pointers. A branch that shares values with no branch of the other side is one
//! change at the union's pointer naming its tag and schema: `union_branch_added` (BACKWARD
//! compatible, FORWARD not) or `union_branch_removed` (the reverse); a re-tagged branch is
//! both. Branches that only change order are `union_branches_reordered` (no instance set
//! changes). A recursive union is read to a depth; where the comparison comes back to a pair
//! of locations it is already comparing, that outer comparison decides (the change is named
//! once, with the shallowest witness). Not decided (counted as breaking): a branch that shares
//! values with several branches of the other side (object branches without a tag), and a
//! string or number range against a union of several ranges of the same kind.

#[cfg(feature = "cli")]
pub mod command;
pub mod judge;
pub mod numbers;
pub mod policy;
pub mod raw;
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

/// Which sets the verdicts compare (see the module docs). The default is the literal
/// reading a schema registry applies (Confluent, Karapace).
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
    /// A branch was added to a union (`oneOf`/`anyOf`): no old branch shares a value with it
    /// (a discriminated union's new tag value). The pointer is the union's; the detail names
    /// the tag and the branch's schema.
    UnionBranchAdded,
    /// A branch of a union was removed: no new branch shares a value with it.
    UnionBranchRemoved,
    /// A union's branches changed order only (the order generated types list them in).
    UnionBranchesReordered,
    /// A property is now required when a condition holds (`dependentRequired`, `if`/`then`).
    ConditionalRequiredAdded,
    /// A conditional requirement was dropped or weakened.
    ConditionalRequiredRemoved,
    /// The schemas are spelled differently (combinators, references, conditions) with the
    /// same instance sets.
    SpellingChanged,
    /// A schema the code generators reject (named with file, pointer and keyword); the
    /// checker judges it as written.
    NotGenerated,
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
        // Unions are judged as written: the IR walk compares one shape per JSON type.
        (Ok(old_ir), Ok(new_ir)) if has_union(&old_ir) || has_union(&new_ir) => {
            let oracle = witness::Oracle::new();
            let mut changes = outside_ir(old, new, None, None, strict, &oracle);
            witness::verify(&mut changes, old, new, strict, &oracle);
            changes
        }
        (Ok(old_ir), Ok(new_ir)) => {
            let oracle = witness::Oracle::new();
            let mut changes = walk::walk(&old_ir, &new_ir, strict, &oracle);
            witness::verify(&mut changes, old, new, strict, &oracle);
            changes
        }
        (a, b) => {
            let oracle = witness::Oracle::new();
            let mut changes = outside_ir(old, new, a.err(), b.err(), strict, &oracle);
            witness::verify(&mut changes, old, new, strict, &oracle);
            changes
        }
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

/// Whether a module holds a [`ir::Type::Union`] anywhere.
fn has_union(module: &ir::Module) -> bool {
    fn walk(ty: &ir::Type) -> bool {
        match ty {
            ir::Type::Union(_) => true,
            ir::Type::Nullable(inner) => walk(inner),
            ir::Type::Array(a) => walk(&a.items),
            ir::Type::Map(m) => walk(&m.values),
            _ => false,
        }
    }
    module.types.iter().any(|def| match &def.kind {
        ir::TypeKind::Object(o) => o.fields.iter().any(|f| walk(&f.ty)),
        ir::TypeKind::Alias(ty) => walk(ty),
        ir::TypeKind::Enum(_) => false,
    })
}

/// When a schema cannot be lowered to the IR (the code generators reject it), the checker
/// judges the schemas as written ([`raw`], [`judge`]): one `not_generated` note per rejected
/// side, naming the file, pointer and keyword, then the changes of both directions.
fn outside_ir(
    old: &Loaded,
    new: &Loaded,
    old_err: Option<Error>,
    new_err: Option<Error>,
    strict: bool,
    oracle: &witness::Oracle,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for (side, err) in [("old", old_err), ("new", new_err)] {
        let Some(err) = err else { continue };
        let path = match &err {
            Error::Schema { pointer, .. } => pointer.clone(),
            _ => String::new(),
        };
        changes.push(Change {
            path,
            kind: ChangeKind::NotGenerated,
            backward: true,
            forward: true,
            instance_path: String::new(),
            detail: format!("the {side} schema cannot be generated: {err} (judged as written)"),
            witness: Witnesses::default(),
            undecidable: None,
        });
    }
    let read = |v: &Value, close: bool| {
        let doc = witness::prepare(v, close);
        raw::Reader::new(&doc, oracle).root()
    };
    let (old_r, new_r) = (read(&old.value, false), read(&new.value, false));
    let judge = |a: &raw::Node, b: &raw::Node, a_is_old: bool| {
        judge::Judge::new(oracle, a_is_old).subset(a, b)
    };
    // The literal reading, and (writers-closed) the writers' sets against the readers'.
    let literal = (judge(&old_r, &new_r, true), judge(&new_r, &old_r, false));
    let model = if strict {
        literal.clone()
    } else {
        let (old_w, new_w) = (read(&old.value, true), read(&new.value, true));
        (judge(&old_w, &new_r, true), judge(&new_w, &old_r, false))
    };
    let literal_same = literal.0.is_empty() && literal.1.is_empty();
    changes.extend(merge_fails(model.0.clone(), model.1.clone()));
    if !strict {
        // What breaks only the literal reading is named, compatible under this model.
        let only = |l: Vec<judge::Fail>, m: &[judge::Fail]| -> Vec<judge::Fail> {
            l.into_iter()
                .filter(|f| !m.iter().any(|x| x.cat == f.cat && x.path == f.path))
                .collect()
        };
        for mut c in merge_fails(only(literal.0, &model.0), only(literal.1, &model.1)) {
            c.backward = true;
            c.forward = true;
            c.witness = Witnesses::default();
            c.undecidable = None;
            let reading = if c.kind == ChangeKind::Undecidable {
                "not decided in the literal reading only"
            } else {
                "breaks only the literal reading"
            };
            c.detail = format!(
                "{} ({reading}: writers emit declared properties only)",
                c.detail
            );
            changes.push(c);
        }
    }
    let mut defaults = (Vec::new(), Vec::new());
    collect_defaults(&old.value, "", &mut defaults.0);
    collect_defaults(&new.value, "", &mut defaults.1);
    for (p, d) in &defaults.1 {
        match defaults.0.iter().find(|(q, _)| q == p) {
            None => changes.push(note(
                p,
                ChangeKind::DefaultAdded,
                format!("default {d} added"),
            )),
            Some((_, e)) if e != d => changes.push(note(
                p,
                ChangeKind::DefaultChanged,
                format!("default {e} → {d}"),
            )),
            _ => {}
        }
    }
    for (p, e) in &defaults.0 {
        if !defaults.1.iter().any(|(q, _)| q == p) {
            changes.push(note(
                p,
                ChangeKind::DefaultRemoved,
                format!("default {e} removed"),
            ));
        }
    }
    let same = |v: &Value| strip_annotations(&without_defaults(v));
    let (old_s, new_s) = (same(&old.value), same(&new.value));
    if literal_same && old_s != new_s {
        let mut reordered = Vec::new();
        if same_up_to_union_order(&old_s, &new_s, "", &mut reordered) && !reordered.is_empty() {
            for (p, order) in reordered {
                let order: Vec<String> = order.iter().map(usize::to_string).collect();
                let detail = format!(
                    "the same branches in a new order (old positions {}); no instance set changes",
                    order.join(", ")
                );
                changes.push(note(&p, ChangeKind::UnionBranchesReordered, detail));
            }
        } else {
            changes.push(note(
                "",
                ChangeKind::SpellingChanged,
                "the schemas are spelled differently but allow the same instances".into(),
            ));
        }
    }
    changes
}

/// Whether two schemas differ only in the order of `anyOf`/`oneOf` branches; each reordered
/// list is recorded with its pointer and, for each new position, the old one.
fn same_up_to_union_order(
    old: &Value,
    new: &Value,
    ptr: &str,
    out: &mut Vec<(String, Vec<usize>)>,
) -> bool {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(k, x)| {
                    let Some(y) = b.get(k) else { return false };
                    let p = format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
                    match (k.as_str(), x, y) {
                        ("enum" | "const" | "default" | "examples", _, _) => x == y,
                        ("anyOf" | "oneOf", Value::Array(xs), Value::Array(ys))
                            if xs.len() == ys.len() =>
                        {
                            same_branches(xs, ys, &p, out)
                        }
                        _ => same_up_to_union_order(x, y, &p, out),
                    }
                })
        }
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .zip(ys)
                    .enumerate()
                    .all(|(i, (x, y))| same_up_to_union_order(x, y, &format!("{ptr}/{i}"), out))
        }
        _ => old == new,
    }
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

/// One change per failed constraint (path and category), with both directions' verdicts.
fn merge_fails(backward: Vec<judge::Fail>, forward: Vec<judge::Fail>) -> Vec<Change> {
    let mut out = Vec::new();
    let mut merged: Vec<(judge::Cat, String, Option<judge::Fail>, Option<judge::Fail>)> =
        Vec::new();
    for (dir, fails) in [(true, backward), (false, forward)] {
        for f in fails {
            let same = |c: &judge::Cat, p: &String| *c == f.cat && *p == f.path;
            // A second failure of the same constraint in the same direction adds nothing but
            // perhaps a smaller witness (a recursive schema's shallower instance).
            let earlier = merged.iter_mut().find_map(|(c, p, b, fw)| {
                let slot = if dir { b } else { fw };
                (same(c, p) && slot.is_some()).then_some(slot)
            });
            if let Some(slot) = earlier {
                let depth = |f: &judge::Fail| f.instance_path.matches('/').count();
                let witness = |f: &judge::Fail| matches!(f.outcome, judge::Outcome::Witness(_));
                if slot
                    .as_ref()
                    .is_some_and(|e| witness(&f) && (!witness(e) || depth(&f) < depth(e)))
                {
                    *slot = Some(f);
                }
                continue;
            }
            // Both directions of one constraint are one change, when the kind has a name
            // for that (`type_changed`); otherwise two (`enum_value_removed`, `_added`).
            let joins = f.cat.kinds().2.is_some();
            let slot = merged.iter_mut().find(|(c, p, _, _)| joins && same(c, p));
            match slot {
                Some((_, _, b, fw)) => {
                    if dir {
                        *b = Some(f)
                    } else {
                        *fw = Some(f)
                    }
                }
                None => {
                    let (cat, path) = (f.cat, f.path.clone());
                    if dir {
                        merged.push((cat, path, Some(f), None))
                    } else {
                        merged.push((cat, path, None, Some(f)))
                    }
                }
            }
        }
    }
    for (cat, path, b, f) in merged {
        let (kb, kf, kboth) = cat.kinds();
        let kind = match (&b, &f) {
            (Some(_), Some(_)) => kboth.unwrap_or(kb),
            (Some(_), None) => kb,
            _ => kf,
        };
        let mut undecidable = Vec::new();
        let mut w = Witnesses::default();
        let mut detail = Vec::new();
        let mut instance_path = String::new();
        for (fail, slot) in [(&b, &mut w.backward), (&f, &mut w.forward)] {
            let Some(fail) = fail else { continue };
            detail.push(fail.detail.clone());
            if instance_path.is_empty() {
                instance_path = fail.instance_path.clone();
            }
            match &fail.outcome {
                judge::Outcome::Witness(v) => {
                    *slot = Some(Witness {
                        instance: v.clone(),
                        error: None,
                    })
                }
                judge::Outcome::NoWitness(why) => {
                    *slot = Some(Witness {
                        instance: Value::Null,
                        error: Some(format!("no witness: {why}")),
                    })
                }
                judge::Outcome::Unknown(why) => undecidable.push(why.clone()),
            }
        }
        detail.dedup();
        undecidable.dedup();
        out.push(Change {
            path,
            kind,
            backward: b.is_none(),
            forward: f.is_none(),
            instance_path,
            detail: detail.join("; "),
            witness: w,
            undecidable: (!undecidable.is_empty()).then(|| undecidable.join("; ")),
        });
    }
    out
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

/// Every `default` keyword of a schema (by the pointer of its schema), skipping data values.
fn collect_defaults(v: &Value, ptr: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
                match (k.as_str(), x) {
                    ("default", _) => out.push((p, x.clone())),
                    ("enum" | "const" | "examples", _) => {}
                    (
                        "properties" | "$defs" | "definitions" | "patternProperties"
                        | "dependentSchemas",
                        Value::Object(members),
                    ) => {
                        for (name, s) in members {
                            let q = format!("{p}/{}", name.replace('~', "~0").replace('/', "~1"));
                            collect_defaults(s, &q, out);
                        }
                    }
                    _ => collect_defaults(x, &p, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                collect_defaults(x, &format!("{ptr}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The schema without `default` keywords (an annotation: it changes no instance set).
fn without_defaults(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "default")
                .map(|(k, x)| {
                    let x = match (k.as_str(), x) {
                        ("enum" | "const" | "examples", _) => x.clone(),
                        (
                            "properties" | "$defs" | "definitions" | "patternProperties"
                            | "dependentSchemas",
                            Value::Object(members),
                        ) => Value::Object(
                            members
                                .iter()
                                .map(|(n, s)| (n.clone(), without_defaults(s)))
                                .collect(),
                        ),
                        _ => without_defaults(x),
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_defaults).collect()),
        other => other.clone(),
    }
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
