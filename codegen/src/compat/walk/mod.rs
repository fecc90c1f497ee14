//! The one decision engine: two models ([`super::model`]) walked side by side. Every
//! constraint that differs between them becomes a [`Change`] named after its keyword, with
//! its BACKWARD verdict (the old side's writers' set satisfies the new side's constraint) and
//! its FORWARD verdict (the reverse), each decided exactly ([`super::numbers`],
//! [`super::strings`]) and, where it breaks, a witness wrapped into a whole instance.
//!
//! Sets are intersections of constraints, so `A ⊆ B` holds exactly when `A` satisfies each
//! constraint of `B`: the conjunction of the changes' verdicts is the inclusion. Where either
//! side is a union (several alternatives of one kind), alternatives are paired first: two
//! alternatives that share values (in either direction's reading) and share them with no
//! other are compared like single ones; one that shares values with none is a whole branch
//! added or removed; anything else is decided per direction (an alternative that fits one of
//! the other side's, or "cannot decide"). A comparison made for one direction only reports
//! that direction's failures; [`Walk::finish`] joins the failures of both directions of one
//! constraint into one change where the [`Family`] has a name for that.
//!
//! The content model enters in one place: a writer's object that declares properties holds no
//! undeclared one under writers-closed ([`Obj::for_writers`]).
//!
//! This file holds the walk itself (locations, emission, merging, kinds and annotations);
//! `scalars.rs` compares booleans, numbers and strings, `unions.rs` pairs alternatives and
//! compares arrays, `objects.rs` compares objects.

mod objects;
mod scalars;
mod unions;

use unions::Alt;

use serde_json::Value;

use super::kinds::{ChangeKind, Family};
use super::model::{token, Arr, Kind, Node, Obj, Overlap};
use super::numbers::NumSet;
use super::sample::{array_value, object_value, Sampler};
use super::sets::{accepts, intersect, json_eq};
use super::strings::FormatCheck;
use super::text::{kinds_text, show_str};
use super::{Change, Names, Witness, Witnesses};

/// A direction of a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// Old writes, new reads.
    Backward,
    /// New writes, old reads.
    Forward,
}

/// The directions a comparison decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dirs {
    backward: bool,
    forward: bool,
}

impl Dirs {
    const BOTH: Dirs = Dirs {
        backward: true,
        forward: true,
    };

    fn only(dir: Dir) -> Dirs {
        Dirs {
            backward: dir == Dir::Backward,
            forward: dir == Dir::Forward,
        }
    }

    fn has(self, dir: Dir) -> bool {
        match dir {
            Dir::Backward => self.backward,
            Dir::Forward => self.forward,
        }
    }

    fn both(self) -> bool {
        self.backward && self.forward
    }

    fn and(self, other: Dirs) -> Dirs {
        Dirs {
            backward: self.backward && other.backward,
            forward: self.forward && other.forward,
        }
    }
}

/// The outcome of one direction of one constraint, before wrapping.
enum Local {
    /// Compatible.
    Ok,
    /// Incompatible: a value at the change's location (wrapped into a whole instance).
    Value(Value),
    /// Incompatible: a whole instance already.
    Whole(Value),
    /// Incompatible, but no witness could be built (why).
    NoWitness(String),
    /// Cannot decide (why); counts as incompatible.
    Unknown(String),
}

impl Local {
    fn ok(&self) -> bool {
        matches!(self, Local::Ok)
    }

    fn sampled(r: Result<Value, String>) -> Local {
        match r {
            Ok(v) => Local::Value(v),
            Err(why) => Local::NoWitness(why),
        }
    }
}

/// One step from the root to the current location: enough to rebuild the enclosing instance
/// on either side.
#[derive(Clone, Copy)]
enum Frame<'p> {
    Prop {
        name: &'p str,
        old: &'p Obj,
        new: &'p Obj,
    },
    Item {
        old: &'p Arr,
        new: &'p Arr,
        index: usize,
    },
}

/// Where the walk is: a chain of frames and compared pairs up to the root.
#[derive(Clone, Copy)]
struct Ctx<'p> {
    parent: Option<&'p Ctx<'p>>,
    frame: Option<Frame<'p>>,
    /// The schema locations compared at this level (old, new).
    pair: Option<(&'p str, &'p str)>,
    dirs: Dirs,
}

impl<'p> Ctx<'p> {
    fn root() -> Ctx<'static> {
        Ctx {
            parent: None,
            frame: None,
            pair: None,
            dirs: Dirs::BOTH,
        }
    }

    fn child(&'p self) -> Ctx<'p> {
        Ctx {
            parent: Some(self),
            frame: None,
            pair: None,
            dirs: self.dirs,
        }
    }

    fn frame(&'p self, frame: Frame<'p>) -> Ctx<'p> {
        Ctx {
            frame: Some(frame),
            ..self.child()
        }
    }

    fn prop(&'p self, name: &'p str, old: &'p Obj, new: &'p Obj) -> Ctx<'p> {
        self.frame(Frame::Prop { name, old, new })
    }

    fn pair(&'p self, old: &'p str, new: &'p str) -> Ctx<'p> {
        Ctx {
            pair: Some((old, new)),
            ..self.child()
        }
    }

    fn dirs(&'p self, dirs: Dirs) -> Ctx<'p> {
        Ctx {
            dirs: self.dirs.and(dirs),
            ..self.child()
        }
    }

    fn levels(&self) -> impl Iterator<Item = &Ctx<'p>> {
        std::iter::successors(Some(self), |c| c.parent)
    }

    /// Whether the same two locations are compared further out: that comparison decides (a
    /// recursive schema is read to a depth, then opaque).
    fn on_stack(&self, old: &str, new: &str) -> bool {
        self.levels().any(|c| c.pair == Some((old, new)))
    }

    fn frames(&self) -> Vec<Frame<'p>> {
        let mut out: Vec<Frame<'p>> = self.levels().filter_map(|c| c.frame).collect();
        out.reverse();
        out
    }

    fn instance_path(&self) -> String {
        self.frames()
            .iter()
            .map(|f| match f {
                Frame::Prop { name, .. } => format!("/{}", token(name)),
                Frame::Item { index, .. } => format!("/{index}"),
            })
            .collect()
    }

    /// The innermost property name.
    fn property(&self) -> Option<&'p str> {
        self.levels().find_map(|c| match c.frame {
            Some(Frame::Prop { name, .. }) => Some(name),
            Some(Frame::Item { .. }) | None => None,
        })
    }
}

/// A constraint's family and keyword.
type Named = (Family, &'static str);
/// How one alternative fails a union of the other side's: family, keyword, detail, outcome.
type Failure = (Family, &'static str, String, Local);
/// Whether an alternative fits a union of alternatives; the failure otherwise.
type FitsIn<'a, T> = fn(&Walk<'a>, &T, &[T]) -> Option<Failure>;

/// A change and whether it was found by a one-direction comparison (joined in
/// [`Walk::finish`]).
struct Found {
    change: Change,
    directional: bool,
}

/// The walk over two models.
pub struct Walk<'a> {
    formats: &'a dyn FormatCheck,
    sampler: Sampler<'a>,
    /// Writers-closed content model.
    closed: bool,
    names: &'a Names,
    found: Vec<Found>,
}

impl<'a> Walk<'a> {
    /// A walk under a content model (`closed`: writers-closed); `names` are the generated
    /// type names by schema pointer, where the IR has them.
    pub fn new(formats: &'a dyn FormatCheck, closed: bool, names: &'a Names) -> Walk<'a> {
        Walk {
            formats,
            sampler: Sampler::new(formats),
            closed,
            names,
            found: Vec::new(),
        }
    }

    /// Every change between the roots `old` and `new`.
    pub fn run(mut self, old: &Node, new: &Node) -> Vec<Change> {
        self.compare(old, new, &Ctx::root());
        self.finish()
    }

    // ----- emission ----------------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        ctx: &Ctx,
        path: String,
        kind: ChangeKind,
        detail: String,
        backward: Local,
        forward: Local,
    ) {
        let backward = if ctx.dirs.backward {
            backward
        } else {
            Local::Ok
        };
        let forward = if ctx.dirs.forward { forward } else { Local::Ok };
        let directional = !ctx.dirs.both();
        if directional && backward.ok() && forward.ok() {
            return;
        }
        let mut undecidable = Vec::new();
        let mut witness = Witnesses::default();
        let mut finish = |local: Local, dir: Dir, this: &Walk| -> bool {
            let w = match local {
                Local::Ok => return true,
                Local::Value(v) => match this.wrap(ctx, dir, v) {
                    Ok(instance) => Witness {
                        instance,
                        error: None,
                    },
                    Err(why) => Witness {
                        instance: Value::Null,
                        error: Some(format!("could not build a whole instance: {why}")),
                    },
                },
                Local::Whole(instance) => Witness {
                    instance,
                    error: None,
                },
                Local::NoWitness(why) => Witness {
                    instance: Value::Null,
                    error: Some(format!("no witness: {why}")),
                },
                Local::Unknown(why) => {
                    undecidable.push(why);
                    return false;
                }
            };
            match dir {
                Dir::Backward => witness.backward = Some(w),
                Dir::Forward => witness.forward = Some(w),
            }
            false
        };
        let backward = finish(backward, Dir::Backward, self);
        let forward = finish(forward, Dir::Forward, self);
        undecidable.dedup();
        self.found.push(Found {
            change: Change {
                path,
                kind,
                backward,
                forward,
                instance_path: ctx.instance_path(),
                detail,
                witness,
                undecidable: (!undecidable.is_empty()).then(|| undecidable.join("; ")),
            },
            directional,
        });
    }

    /// A change that names no instance set change.
    fn note(&mut self, ctx: &Ctx, path: String, kind: ChangeKind, detail: String) {
        if ctx.dirs.both() {
            self.emit(ctx, path, kind, detail, Local::Ok, Local::Ok);
        }
    }

    /// A one-direction failure of a constraint, named by its family.
    #[allow(clippy::too_many_arguments)]
    fn failure(
        &mut self,
        ctx: &Ctx,
        dir: Dir,
        n: &Node,
        family: Family,
        keyword: &str,
        detail: String,
        local: Local,
    ) {
        let kind = family
            .failure(dir == Dir::Backward, dir == Dir::Forward)
            .unwrap_or(ChangeKind::Undecidable);
        let path = if keyword.is_empty() {
            n.ptr.clone()
        } else {
            format!("{}/{keyword}", n.ptr)
        };
        let (b, f) = match dir {
            Dir::Backward => (local, Local::Ok),
            Dir::Forward => (Local::Ok, local),
        };
        self.emit(ctx, path, kind, detail, b, f);
    }

    /// Wraps a value at `ctx` into a whole instance of the writing side.
    fn wrap(&self, ctx: &Ctx, dir: Dir, local: Value) -> Result<Value, String> {
        let mut v = local;
        for frame in ctx.frames().iter().rev() {
            v = match *frame {
                Frame::Prop { name, old, new } => {
                    let o = if dir == Dir::Backward { old } else { new };
                    self.sampler.object(o, &[(name.to_string(), v)], None, 0)?
                }
                Frame::Item { old, new, index } => {
                    let a = if dir == Dir::Backward { old } else { new };
                    self.sampler.array_with(a, index, v)?
                }
            };
        }
        Ok(v)
    }

    /// Runs `f` on an empty list of changes and returns what it found.
    fn scratch(&mut self, f: impl FnOnce(&mut Walk<'a>)) -> Vec<Found> {
        let kept = std::mem::take(&mut self.found);
        f(self);
        std::mem::replace(&mut self.found, kept)
    }

    /// Whether every value of `a` is in `b` (as writers write `a` under this walk's content
    /// model, or literally with `literal`): `Ok` when proved, else the first failure, with a
    /// witness that is a value of `a` (not wrapped).
    fn within(&self, a: &Node, b: &Node, literal: bool) -> Local {
        let mut walk = Walk::new(self.formats, self.closed && !literal, self.names);
        let root = Ctx::root();
        let ctx = root.dirs(Dirs::only(Dir::Backward));
        walk.compare(a, b, &ctx);
        Walk::first_failure(&walk.found, Dir::Backward)
    }

    /// The first failure of `found` for `dir`, as an outcome (a whole witness), or `Ok`.
    fn first_failure(found: &[Found], dir: Dir) -> Local {
        for f in found {
            let c = &f.change;
            let (ok, w) = match dir {
                Dir::Backward => (c.backward, &c.witness.backward),
                Dir::Forward => (c.forward, &c.witness.forward),
            };
            if ok {
                continue;
            }
            if let Some(why) = &c.undecidable {
                return Local::Unknown(why.clone());
            }
            return match w {
                Some(Witness {
                    instance,
                    error: None,
                }) => Local::Whole(instance.clone()),
                Some(Witness { error: Some(e), .. }) => Local::NoWitness(e.clone()),
                None => Local::NoWitness(c.detail.clone()),
            };
        }
        Local::Ok
    }

    /// Merges what was found: one change per path, kind and detail (the same constraint met
    /// again through a second reference or deeper in a recursive schema keeps its shallowest
    /// witness), then one-direction failures of one constraint joined under their family's
    /// name for both directions.
    fn finish(self) -> Vec<Change> {
        let mut merged: Vec<Found> = Vec::new();
        for f in self.found {
            let same = merged.iter_mut().find(|m| {
                m.change.path == f.change.path
                    && m.change.kind == f.change.kind
                    && m.change.detail == f.change.detail
            });
            match same {
                Some(m) => {
                    merge_into(&mut m.change, f.change);
                    m.directional &= f.directional;
                }
                None => merged.push(f),
            }
        }
        let mut out: Vec<Change> = Vec::new();
        let mut joinable: Vec<Change> = Vec::new();
        for f in merged {
            if f.directional {
                joinable.push(f.change);
            } else {
                out.push(f.change);
            }
        }
        for c in joinable {
            let family = c.kind.family();
            let partner = out.iter_mut().find(|m| {
                m.path == c.path
                    && m.kind.family() == family
                    && m.backward != m.forward
                    && c.backward != c.forward
                    && m.backward != c.backward
                    && family.failure(true, true).is_some()
            });
            match partner {
                Some(m) => {
                    if let Some(k) = family.failure(true, true) {
                        m.kind = k;
                    }
                    if m.detail != c.detail {
                        m.detail = format!("{}; {}", m.detail, c.detail);
                    }
                    merge_into(m, c);
                }
                None => out.push(c),
            }
        }
        out
    }

    // ----- nodes -------------------------------------------------------------------------

    fn compare(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
        if ctx.on_stack(&o.ptr, &n.ptr) {
            return;
        }
        if (n.overlap.is_some() && ctx.dirs.backward) || (o.overlap.is_some() && ctx.dirs.forward) {
            return self.overlapping(o, n, ctx);
        }
        let ctx = ctx.pair(&o.ptr, &n.ptr);
        // Every field is compared below; a kind or keyword the model learns must be too.
        let Node {
            ptr: _,
            any: _,
            null: _,
            boolean: _,
            numbers: _,
            numeric: _,
            strings: _,
            arrays: _,
            objects: _,
            opaque: _,
            listed: _,
            notes: _,
            overlap: _,
        } = o;
        self.annotations(o, n, &ctx);
        self.places(o, n, &ctx);
        if o.opaque.is_some() || n.opaque.is_some() {
            self.opaque(o, n, &ctx);
            return;
        }
        if (o.any && n.any) || (o.is_nothing() && n.is_nothing()) {
            return;
        }
        let (o, n) = (&o.expand(), &n.expand());
        // Finite sets with arrays or objects among their values compare as JSON values.
        if let (Some(a), Some(b)) = (finite_values(o), finite_values(n)) {
            if a.iter().chain(&b).any(|v| v.is_array() || v.is_object()) {
                self.values(o, n, &a, &b, &ctx);
                return;
            }
        }
        self.kinds(o, n, &ctx);
        if let (Some(a), Some(b)) = (o.boolean, n.boolean) {
            self.booleans(a, b, n, &ctx);
        }
        if !o.numbers.is_empty() && !n.numbers.is_empty() {
            self.numbers(o, n, &ctx);
        }
        if !o.strings.is_empty() && !n.strings.is_empty() {
            self.strings(o, n, &ctx);
        }
        if !o.arrays.is_empty() && !n.arrays.is_empty() {
            self.alternatives(o, n, &ctx, Alt::Array);
        }
        if !o.objects.is_empty() && !n.objects.is_empty() {
            self.alternatives(o, n, &ctx, Alt::Object);
        }
    }

    /// How a report names the schema at `n` (its generated type, else its property).
    fn label(&self, n: &Node, ctx: &Ctx) -> String {
        match (self.names.new.get(&n.ptr), ctx.property()) {
            (Some(name), _) => name.clone(),
            (None, Some(p)) => format!("`{p}`"),
            (None, None) => format!("`#{}`", n.ptr),
        }
    }

    fn annotations(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
        if !ctx.dirs.both() {
            return;
        }
        let what = self.label(n, ctx);
        let at = |own: Option<&String>, keyword: &str| {
            own.cloned()
                .unwrap_or_else(|| format!("{}/{keyword}", n.ptr))
        };
        let (a, b) = (&o.notes, &n.notes);
        let text = |v: Option<&String>| v.map_or("none".into(), |s| show_str(s));
        let (ta, tb) = (
            a.title.as_ref().map(|t| &t.value),
            b.title.as_ref().map(|t| &t.value),
        );
        if ta != tb {
            let path = at(b.title.as_ref().map(|t| &t.ptr), "title");
            let detail = format!("title of {what}: {} → {}", text(ta), text(tb));
            self.note(ctx, path, ChangeKind::TitleChanged, detail);
        }
        let (da, db) = (
            a.description.as_ref().map(|t| &t.value),
            b.description.as_ref().map(|t| &t.value),
        );
        if da != db {
            let path = at(b.description.as_ref().map(|t| &t.ptr), "description");
            let detail = format!("description of {what}: {} → {}", text(da), text(db));
            self.note(ctx, path, ChangeKind::DescriptionChanged, detail);
        }
        if a.examples.as_ref().map(|e| &e.value) != b.examples.as_ref().map(|e| &e.value) {
            let path = at(b.examples.as_ref().map(|t| &t.ptr), "examples");
            self.note(
                ctx,
                path,
                ChangeKind::ExamplesChanged,
                format!("examples of {what} changed"),
            );
        }
        let path = at(b.default.as_ref().map(|t| &t.ptr), "default");
        match (&a.default, &b.default) {
            (None, Some(d)) => self.note(
                ctx,
                path,
                ChangeKind::DefaultAdded,
                format!("default of {what}: {}", d.value),
            ),
            (Some(d), None) => self.note(
                ctx,
                path,
                ChangeKind::DefaultRemoved,
                format!("default of {what} ({}) removed", d.value),
            ),
            (Some(x), Some(y)) if x.value != y.value => self.note(
                ctx,
                path,
                ChangeKind::DefaultChanged,
                format!("default of {what}: {} → {}", x.value, y.value),
            ),
            _ => {}
        }
        let (fa, fb) = (
            a.factory.as_ref().map(|f| &f.value),
            b.factory.as_ref().map(|f| &f.value),
        );
        if fa != fb {
            let show = |f: Option<&String>| f.map_or("none".to_string(), |s| s.clone());
            self.note(
                ctx,
                format!("{}/x-default-factory", n.ptr),
                ChangeKind::DefaultFactoryChanged,
                format!("x-default-factory of {what}: {} → {}", show(fa), show(fb)),
            );
        }
    }

    /// A generated type renamed, or moved between `$defs` and inline: both name generated
    /// code, so both need the IR's names of the two schemas compared here.
    fn places(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
        if !ctx.dirs.both() {
            return;
        }
        let (Some(a), Some(b)) = (self.names.old.get(&o.ptr), self.names.new.get(&n.ptr)) else {
            return;
        };
        if a != b {
            self.note(
                ctx,
                n.ptr.clone(),
                ChangeKind::TypeRenamed,
                format!("the type `{a}` is now called `{b}` (code that names it must change)"),
            );
        }
        let place = |p: &str| p.starts_with("/$defs/") || p.starts_with("/definitions/");
        if place(&o.ptr) != place(&n.ptr) && !o.ptr.is_empty() {
            self.note(
                ctx,
                n.ptr.clone(),
                ChangeKind::RefRestructured,
                format!(
                    "`{b}` moved from `#{}` to `#{}` (same values)",
                    o.ptr, n.ptr
                ),
            );
        }
    }

    fn opaque(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
        if let (Some(a), Some(b)) = (&o.opaque, &n.opaque) {
            if a.canonical == b.canonical {
                return;
            }
        }
        let Some(op) = n.opaque.as_ref().or(o.opaque.as_ref()) else {
            return;
        };
        let why = format!(
            "`{}` at #{} is outside what the compatibility checker models",
            op.keyword, op.ptr
        );
        self.emit(
            ctx,
            n.ptr.clone(),
            ChangeKind::Undecidable,
            format!("`{}` differs between the versions", op.keyword),
            Local::Unknown(why.clone()),
            Local::Unknown(why),
        );
    }

    /// A reading side that is a `oneOf` with overlapping branches accepts what is in their
    /// union and in no two of them: the writers' values are compared with the union, and
    /// those in two branches at once are one `one_of_branches_overlap`.
    fn overlapping(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
        if ctx.dirs.both() {
            let pctx = ctx.pair(&o.ptr, &n.ptr);
            self.annotations(o, n, &pctx);
            self.places(o, n, &pctx);
        }
        for dir in [Dir::Backward, Dir::Forward] {
            if !ctx.dirs.has(dir) {
                continue;
            }
            let dctx = ctx.dirs(Dirs::only(dir));
            let (writer, reader) = match dir {
                Dir::Backward => (o, n),
                Dir::Forward => (n, o),
            };
            let Some(ov) = &reader.overlap else {
                self.compare(o, n, &dctx);
                continue;
            };
            self.overlap_check(writer, ov, dir, &dctx);
            let mut union = ov.union.clone();
            union.ptr = reader.ptr.clone();
            match dir {
                Dir::Backward => self.compare(o, &union, &dctx),
                Dir::Forward => self.compare(&union, n, &dctx),
            }
        }
    }

    /// Whether the writers' values meet two branches of the overlapping `oneOf` `ov`.
    fn overlap_check(&mut self, w: &Node, ov: &Overlap, dir: Dir, ctx: &Ctx) {
        let ww = w.for_writers(self.closed);
        for p in &ov.pairs {
            let local = match intersect(&ww, p, self.formats) {
                Some(i) if i.is_nothing() => continue,
                Some(i) => match self.sampler.sample(&i, 0) {
                    Ok(v) if accepts(&ww, &v, self.formats) && accepts(p, &v, self.formats) => {
                        Local::Value(v)
                    }
                    _ => Local::Unknown(format!(
                        "cannot decide whether written values meet two branches of #{}",
                        ov.ptr
                    )),
                },
                None => Local::Unknown(format!(
                    "cannot decide whether written values meet two branches of #{}",
                    ov.ptr
                )),
            };
            let detail = "a value valid under two branches of `oneOf`, which refuses it".into();
            let (b, f) = match dir {
                Dir::Backward => (local, Local::Ok),
                Dir::Forward => (Local::Ok, local),
            };
            self.emit(
                ctx,
                ov.ptr.clone(),
                ChangeKind::OneOfBranchesOverlap,
                detail,
                b,
                f,
            );
            return;
        }
    }

    /// Two finite sets of JSON values (`enum`/`const` with arrays or objects among them).
    fn values(&mut self, o: &Node, n: &Node, a: &[Value], b: &[Value], ctx: &Ctx) {
        let constant = |x: &Node| x.listed.as_ref().is_some_and(|l| l.constant);
        let at = |x: &Node, keyword: &str| {
            x.listed
                .as_ref()
                .map_or_else(|| format!("{}/{keyword}", x.ptr), |l| l.ptr.clone())
        };
        let has = |set: &[Value], v: &Value| set.iter().any(|w| json_eq(v, w));
        if let ([x], [y], true, true) = (a, b, constant(o), constant(n)) {
            if !json_eq(x, y) {
                self.emit(
                    ctx,
                    at(n, "const"),
                    ChangeKind::ConstChanged,
                    format!("constant {x} → {y}"),
                    Local::Value(x.clone()),
                    Local::Value(y.clone()),
                );
            }
            return;
        }
        for v in a.iter().filter(|v| !has(b, v)) {
            self.emit(
                ctx,
                at(o, "enum"),
                ChangeKind::EnumValueRemoved,
                format!("value {v} removed"),
                Local::Value(v.clone()),
                Local::Ok,
            );
        }
        for v in b.iter().filter(|v| !has(a, v)) {
            self.emit(
                ctx,
                at(n, "enum"),
                ChangeKind::EnumValueAdded,
                format!("value {v} added"),
                Local::Ok,
                Local::Value(v.clone()),
            );
        }
    }

    // ----- kinds -------------------------------------------------------------------------

    fn kinds(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
        let path = format!("{}/type", n.ptr);
        match (o.null, n.null) {
            (true, false) => self.emit(
                ctx,
                path.clone(),
                ChangeKind::NullableRemoved,
                format!(
                    "null is no longer allowed ({} → {})",
                    kinds_text(o),
                    kinds_text(n)
                ),
                Local::Value(Value::Null),
                Local::Ok,
            ),
            (false, true) => self.emit(
                ctx,
                path.clone(),
                ChangeKind::NullableAdded,
                format!(
                    "null is now allowed ({} → {})",
                    kinds_text(o),
                    kinds_text(n)
                ),
                Local::Ok,
                Local::Value(Value::Null),
            ),
            _ => {}
        }
        let removed: Vec<Kind> = Kind::VALUES
            .into_iter()
            .filter(|k| k.in_node(o) && !k.in_node(n))
            .collect();
        let added: Vec<Kind> = Kind::VALUES
            .into_iter()
            .filter(|k| !k.in_node(o) && k.in_node(n))
            .collect();
        if removed.is_empty() && added.is_empty() {
            return;
        }
        let kind = Family::Type
            .failure(!removed.is_empty(), !added.is_empty())
            .unwrap_or(ChangeKind::TypeChanged);
        let backward = match removed.first() {
            Some(k) if ctx.dirs.backward => Local::sampled(self.sample_kind(o, *k)),
            _ => Local::Ok,
        };
        let forward = match added.first() {
            Some(k) if ctx.dirs.forward => Local::sampled(self.sample_kind(n, *k)),
            _ => Local::Ok,
        };
        let detail = format!("type {} → {}", kinds_text(o), kinds_text(n));
        self.emit(ctx, path, kind, detail, backward, forward);
    }

    fn sample_kind(&self, n: &Node, k: Kind) -> Result<Value, String> {
        let only = match k {
            Kind::String => Node {
                strings: n.strings.clone(),
                ..Node::nothing(&n.ptr)
            },
            Kind::Number => Node {
                numbers: n.numbers.clone(),
                ..Node::nothing(&n.ptr)
            },
            Kind::Boolean => Node {
                boolean: n.boolean,
                ..Node::nothing(&n.ptr)
            },
            Kind::Object => Node {
                objects: n.objects.clone(),
                ..Node::nothing(&n.ptr)
            },
            Kind::Array => Node {
                arrays: n.arrays.clone(),
                ..Node::nothing(&n.ptr)
            },
        };
        self.sampler.sample(&only, 0)
    }
}

/// Every value of a finite set (`null`, booleans, listed numbers and strings, constant arrays
/// and objects), or `None` when the set is not finite.
fn finite_values(n: &Node) -> Option<Vec<Value>> {
    if n.any || n.opaque.is_some() {
        return None;
    }
    let mut out = Vec::new();
    if n.null {
        out.push(Value::Null);
    }
    if let Some(b) = n.boolean {
        if b.t {
            out.push(Value::Bool(true));
        }
        if b.f {
            out.push(Value::Bool(false));
        }
    }
    for x in &n.numbers {
        match x {
            NumSet::Finite(v) => out.extend(v.iter().map(|r| r.to_value())),
            NumSet::Range(_) => return None,
        }
    }
    for s in &n.strings {
        out.extend(s.finite.clone()?.into_iter().map(Value::String));
    }
    for a in &n.arrays {
        out.push(array_value(a)?);
    }
    for o in &n.objects {
        out.push(object_value(o)?);
    }
    Some(out)
}

/// Merges a second finding of the same change into the first: both verdicts must hold, the
/// shallower witness of each direction is kept.
fn merge_into(m: &mut Change, c: Change) {
    let depth = |c: &Change| c.instance_path.matches('/').count();
    let shallower = depth(&c) < depth(m);
    let usable = |w: &Option<Witness>| w.as_ref().is_some_and(|w| w.error.is_none());
    for (slot, other) in [
        (&mut m.witness.backward, c.witness.backward),
        (&mut m.witness.forward, c.witness.forward),
    ] {
        let better = slot.is_none() || (!usable(slot) && usable(&other)) || shallower;
        if other.is_some() && better && (usable(&other) || slot.is_none()) {
            *slot = other;
        }
    }
    m.backward &= c.backward;
    m.forward &= c.forward;
    if shallower {
        m.instance_path = c.instance_path;
    }
    if let Some(u) = c.undecidable {
        m.undecidable = Some(match m.undecidable.take() {
            Some(mine) if mine != u => format!("{mine}; {u}"),
            _ => u,
        });
    }
}
