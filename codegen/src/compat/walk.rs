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

use std::collections::BTreeSet;

use serde_json::Value;

use super::kinds::{ChangeKind, Family};
use super::model::{token, Arr, BoolSet, Cond, Node, Obj, Str, Undeclared};
use super::numbers::{self, Bound, NumAnswer, NumConstraint, NumSet, Rat};
use super::sample::{single_value, Sampler};
use super::sets::{accepts, cond_holds, disjoint, intersect};
use super::strings::{self, FormatCheck, StrAnswer, StrConstraint, StrSet};
use super::{Change, Names, Witness, Witnesses};
use crate::ir::{Format, NumericType};

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
                Frame::Item { .. } => "/0".to_string(),
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

    /// Wraps a value at `ctx` into a whole instance of the writing side.
    fn wrap(&self, ctx: &Ctx, dir: Dir, local: Value) -> Result<Value, String> {
        let mut v = local;
        for frame in ctx.frames().iter().rev() {
            v = match *frame {
                Frame::Prop { name, old, new } => {
                    let o = if dir == Dir::Backward { old } else { new };
                    self.sampler.object(o, &[(name.to_string(), v)], None, 0)?
                }
                Frame::Item { old, new } => {
                    let a = if dir == Dir::Backward { old } else { new };
                    self.sampler.array_with(a, v)?
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
        let ctx = ctx.pair(&o.ptr, &n.ptr);
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

    fn booleans(&mut self, a: BoolSet, b: BoolSet, n: &Node, ctx: &Ctx) {
        if a == b {
            return;
        }
        let missing = |x: BoolSet, y: BoolSet| {
            if x.t && !y.t {
                Local::Value(Value::Bool(true))
            } else if x.f && !y.f {
                Local::Value(Value::Bool(false))
            } else {
                Local::Ok
            }
        };
        let (backward, forward) = (missing(a, b), missing(b, a));
        let kind = Family::Const
            .failure(!backward.ok(), !forward.ok())
            .unwrap_or(ChangeKind::ConstChanged);
        let text = |s: BoolSet| match (s.t, s.f) {
            (true, true) => "boolean",
            (true, false) => "true",
            (false, _) => "false",
        };
        let path = format!("{}/const", n.ptr);
        self.emit(
            ctx,
            path,
            kind,
            format!("{} → {}", text(a), text(b)),
            backward,
            forward,
        );
    }

    // ----- numbers -----------------------------------------------------------------------

    fn numbers(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
        match (o.numbers.as_slice(), n.numbers.as_slice()) {
            ([x], [y]) => self.number_sets(x, y, o, n, ctx),
            (xs, ys) => self.scalar_union(xs, ys, n, ctx, Walk::number_in),
        }
    }

    /// Scalar alternatives where either side has several: each writer's alternative against
    /// the readers' union, one direction at a time.
    fn scalar_union<T>(&mut self, xs: &[T], ys: &[T], n: &Node, ctx: &Ctx, fits: FitsIn<'a, T>) {
        for dir in [Dir::Backward, Dir::Forward] {
            if !ctx.dirs.has(dir) {
                continue;
            }
            let (ws, rs) = match dir {
                Dir::Backward => (xs, ys),
                Dir::Forward => (ys, xs),
            };
            let dctx = ctx.dirs(Dirs::only(dir));
            for w in ws {
                if let Some((family, keyword, detail, local)) = fits(self, w, rs) {
                    self.failure(&dctx, dir, n, family, keyword, detail, local);
                }
            }
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

    /// Whether number set `x` fits the union `bs`; the failure otherwise.
    fn number_in(
        &self,
        x: &NumSet,
        bs: &[NumSet],
    ) -> Option<(Family, &'static str, String, Local)> {
        if let NumSet::Finite(values) = x {
            let v = values
                .iter()
                .find(|v| !bs.iter().any(|b| b.contains(**v)))?;
            return Some((
                Family::Values,
                "enum",
                format!("value {}", v.to_value()),
                Local::Value(v.to_value()),
            ));
        }
        let mut first = None;
        for b in bs {
            match self.number_all(x, b) {
                (_, Local::Ok) => return None,
                failure => {
                    first.get_or_insert(failure);
                }
            }
        }
        if bs.len() > 1 {
            return Some((
                Family::Undecidable,
                "",
                "numbers".into(),
                Local::Unknown(
                    "inclusion of a number range in a union of ranges is not decided".into(),
                ),
            ));
        }
        let ((family, keyword), local) = first?;
        let detail = match &local {
            Local::Value(v) => format!("{keyword}: the number {v}"),
            Local::Ok | Local::Whole(_) | Local::NoWitness(_) | Local::Unknown(_) => {
                keyword.to_string()
            }
        };
        Some((family, keyword, detail, local))
    }

    /// `a ⊆ b` for whole numeric sets: the constraint that fails and its outcome.
    fn number_all(&self, a: &NumSet, b: &NumSet) -> (Named, Local) {
        let constraints: Vec<NumConstraint> = match b {
            NumSet::Finite(values) => vec![NumConstraint::Finite(values.clone())],
            NumSet::Range(r) => {
                let mut cs = Vec::new();
                if r.integer {
                    cs.push(NumConstraint::Integer);
                }
                cs.extend(r.lower.map(NumConstraint::Lower));
                cs.extend(r.upper.map(NumConstraint::Upper));
                cs.extend(r.multiple_of.map(NumConstraint::MultipleOf));
                cs
            }
        };
        for c in &constraints {
            let local = number_local(a, c);
            if !local.ok() {
                return (number_named(c), local);
            }
        }
        ((Family::Note, ""), Local::Ok)
    }

    fn number_sets(&mut self, x: &NumSet, y: &NumSet, o: &Node, n: &Node, ctx: &Ctx) {
        match (x, y) {
            (NumSet::Range(ra), NumSet::Range(rb)) => {
                if ra.integer != rb.integer {
                    let backward = if rb.integer {
                        number_local(x, &NumConstraint::Integer)
                    } else {
                        Local::Ok
                    };
                    let forward = if ra.integer {
                        number_local(y, &NumConstraint::Integer)
                    } else {
                        Local::Ok
                    };
                    let name = |i: bool| if i { "integer" } else { "number" };
                    let kind = if rb.integer {
                        ChangeKind::TypeNarrowed
                    } else {
                        ChangeKind::TypeWidened
                    };
                    self.emit(
                        ctx,
                        format!("{}/type", n.ptr),
                        kind,
                        format!("type {} → {}", name(ra.integer), name(rb.integer)),
                        backward,
                        forward,
                    );
                }
                for group in [Bounds::Minimum, Bounds::Maximum, Bounds::MultipleOf] {
                    let keyword = group.keyword();
                    let (ca, cb) = (group.of(ra), group.of(rb));
                    // Named after the keywords as written: a bound that only moved because the
                    // type became `integer` (normalised) is that type change, not this one.
                    let differs = match (&o.numeric, &n.numeric) {
                        (Some(a), Some(b)) => group.written(a) != group.written(b),
                        (None, _) | (_, None) => ca != cb,
                    };
                    if !differs {
                        continue;
                    }
                    let backward = cb.as_ref().map_or(Local::Ok, |c| number_local(x, c));
                    let forward = ca.as_ref().map_or(Local::Ok, |c| number_local(y, c));
                    let kind = Family::bound(backward.ok(), forward.ok());
                    let shown = match (&o.numeric, &n.numeric) {
                        (Some(a), Some(b)) => (group.show(a), group.show(b)),
                        (None, _) | (_, None) => (show_num(&ca), show_num(&cb)),
                    };
                    self.emit(
                        ctx,
                        format!("{}/{keyword}", n.ptr),
                        kind,
                        format!("{keyword}: {} → {}", shown.0, shown.1),
                        backward,
                        forward,
                    );
                }
            }
            (NumSet::Finite(va), NumSet::Finite(vb)) => {
                if constant(o) && constant(n) {
                    if va != vb {
                        self.emit(
                            ctx,
                            listed_at(n, "const"),
                            ChangeKind::ConstChanged,
                            format!("{} → {}", show_numset(x), show_numset(y)),
                            Local::Value(va[0].to_value()),
                            Local::Value(vb[0].to_value()),
                        );
                    }
                    return;
                }
                for v in va.iter().filter(|v| !vb.contains(v)) {
                    self.emit(
                        ctx,
                        listed_at(o, "enum"),
                        ChangeKind::EnumValueRemoved,
                        format!("value {} removed", v.to_value()),
                        Local::Value(v.to_value()),
                        Local::Ok,
                    );
                }
                for v in vb.iter().filter(|v| !va.contains(v)) {
                    self.emit(
                        ctx,
                        listed_at(n, "enum"),
                        ChangeKind::EnumValueAdded,
                        format!("value {} added", v.to_value()),
                        Local::Ok,
                        Local::Value(v.to_value()),
                    );
                }
            }
            (NumSet::Range(_), NumSet::Finite(_)) | (NumSet::Finite(_), NumSet::Range(_)) => {
                let backward = self.number_all(x, y).1;
                let forward = self.number_all(y, x).1;
                let (kind, at) = match (x, y) {
                    (NumSet::Range(_), _) if constant(n) => {
                        (ChangeKind::ConstAdded, listed_at(n, "const"))
                    }
                    (NumSet::Range(_), _) => (ChangeKind::EnumAdded, listed_at(n, "enum")),
                    _ if constant(o) => (ChangeKind::ConstRemoved, listed_at(o, "const")),
                    _ => (ChangeKind::EnumRemoved, listed_at(o, "enum")),
                };
                self.emit(
                    ctx,
                    at,
                    kind,
                    format!("{} → {}", show_numset(x), show_numset(y)),
                    backward,
                    forward,
                );
            }
        }
    }

    // ----- strings -----------------------------------------------------------------------

    fn strings(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
        match (o.strings.as_slice(), n.strings.as_slice()) {
            ([x], [y]) => self.string_sets(x, y, o, n, ctx),
            (xs, ys) => self.scalar_union(xs, ys, n, ctx, Walk::string_in),
        }
    }

    /// Whether string set `x` fits the union `bs`; the failure otherwise.
    fn string_in(&self, x: &Str, bs: &[Str]) -> Option<Failure> {
        if let Some(values) = &x.finite {
            let v = values.iter().find(|v| {
                !bs.iter()
                    .any(|b| strings::set_contains(&b.set(), v, self.formats).unwrap_or(false))
            })?;
            return Some((
                Family::Values,
                "enum",
                format!("value {}", show_str(v)),
                Local::Value(Value::String(v.clone())),
            ));
        }
        let mut first = None;
        for b in bs {
            match self.string_all(&x.set(), &b.set()) {
                (_, Local::Ok) => return None,
                failure => {
                    first.get_or_insert(failure);
                }
            }
        }
        if bs.len() > 1 {
            return Some((
                Family::Undecidable,
                "",
                "strings".into(),
                Local::Unknown(
                    "inclusion of a string set in a union of string sets is not decided".into(),
                ),
            ));
        }
        let ((family, keyword), local) = first?;
        let detail = match &local {
            Local::Value(v) => format!("{keyword}: the string {v}"),
            Local::Ok | Local::Whole(_) | Local::NoWitness(_) | Local::Unknown(_) => {
                keyword.to_string()
            }
        };
        Some((family, keyword, detail, local))
    }

    /// `a ⊆ b` for whole string sets: the constraint that fails and its outcome.
    fn string_all(&self, a: &StrSet, b: &StrSet) -> (Named, Local) {
        let constraints = match b {
            StrSet::Finite(values) => vec![StrConstraint::Finite(values.clone())],
            StrSet::Constrained(st) => strings::constraints_of(st),
        };
        for c in &constraints {
            let local = self.string_local(a, c);
            if !local.ok() {
                return (string_named(c), local);
            }
        }
        ((Family::Note, ""), Local::Ok)
    }

    fn string_local(&self, a: &StrSet, c: &StrConstraint) -> Local {
        match strings::subset(a, c, self.formats) {
            StrAnswer::Yes => Local::Ok,
            StrAnswer::No(s) => Local::Value(Value::String(s)),
            StrAnswer::Unknown(why) => Local::Unknown(why),
        }
    }

    fn string_sets(&mut self, x: &Str, y: &Str, o: &Node, n: &Node, ctx: &Ctx) {
        let (set_a, set_b) = (x.set(), y.set());
        match (&x.finite, &y.finite) {
            (Some(va), Some(vb)) => {
                if constant(o) && constant(n) {
                    if va != vb {
                        self.emit(
                            ctx,
                            listed_at(n, "const"),
                            ChangeKind::ConstChanged,
                            format!("constant {} → {}", show_str(&va[0]), show_str(&vb[0])),
                            Local::Value(Value::String(va[0].clone())),
                            Local::Value(Value::String(vb[0].clone())),
                        );
                    }
                    return;
                }
                for v in va.iter().filter(|v| !vb.contains(v)) {
                    self.emit(
                        ctx,
                        listed_at(o, "enum"),
                        ChangeKind::EnumValueRemoved,
                        format!("value {} removed", show_str(v)),
                        Local::Value(Value::String(v.clone())),
                        Local::Ok,
                    );
                }
                for v in vb.iter().filter(|v| !va.contains(v)) {
                    self.emit(
                        ctx,
                        listed_at(n, "enum"),
                        ChangeKind::EnumValueAdded,
                        format!("value {} added", show_str(v)),
                        Local::Ok,
                        Local::Value(Value::String(v.clone())),
                    );
                }
            }
            (None, None) => {
                let (sa, sb) = (&x.st, &y.st);
                if sa.format != sb.format {
                    let (ea, eb) = (
                        sa.format.filter(|f| strings::is_asserted(*f)),
                        sb.format.filter(|f| strings::is_asserted(*f)),
                    );
                    let detail = format!(
                        "format {} → {}",
                        show_format(sa.format),
                        show_format(sb.format)
                    );
                    let path = format!("{}/format", n.ptr);
                    if ea == eb {
                        self.note(ctx, path, ChangeKind::FormatAnnotationChanged, detail);
                    } else {
                        let kind = match (ea, eb) {
                            (None, Some(_)) => ChangeKind::FormatAdded,
                            (Some(_), None) => ChangeKind::FormatRemoved,
                            _ => ChangeKind::FormatChanged,
                        };
                        let backward = eb.map_or(Local::Ok, |f| {
                            self.string_local(&set_a, &StrConstraint::Format(f))
                        });
                        let forward = ea.map_or(Local::Ok, |f| {
                            self.string_local(&set_b, &StrConstraint::Format(f))
                        });
                        self.emit(ctx, path, kind, detail, backward, forward);
                    }
                }
                type Length = (
                    &'static str,
                    Option<u64>,
                    Option<u64>,
                    fn(u64) -> StrConstraint,
                );
                let lengths: [Length; 2] = [
                    (
                        "minLength",
                        sa.min_length.filter(|n| *n > 0),
                        sb.min_length.filter(|n| *n > 0),
                        StrConstraint::MinLength,
                    ),
                    (
                        "maxLength",
                        sa.max_length,
                        sb.max_length,
                        StrConstraint::MaxLength,
                    ),
                ];
                for (keyword, la, lb, make) in lengths {
                    if la == lb {
                        continue;
                    }
                    let backward = lb.map_or(Local::Ok, |v| self.string_local(&set_a, &make(v)));
                    let forward = la.map_or(Local::Ok, |v| self.string_local(&set_b, &make(v)));
                    let kind = Family::bound(backward.ok(), forward.ok());
                    self.emit(
                        ctx,
                        format!("{}/{keyword}", n.ptr),
                        kind,
                        format!("{keyword}: {} → {}", show_u64(la), show_u64(lb)),
                        backward,
                        forward,
                    );
                }
                if sa.pattern != sb.pattern {
                    let kind = match (&sa.pattern, &sb.pattern) {
                        (None, Some(_)) => ChangeKind::PatternAdded,
                        (Some(_), None) => ChangeKind::PatternRemoved,
                        _ => ChangeKind::PatternChanged,
                    };
                    let backward = sb.pattern.as_ref().map_or(Local::Ok, |p| {
                        self.string_local(&set_a, &StrConstraint::Pattern(p.clone()))
                    });
                    let forward = sa.pattern.as_ref().map_or(Local::Ok, |p| {
                        self.string_local(&set_b, &StrConstraint::Pattern(p.clone()))
                    });
                    let how = match (backward.ok(), forward.ok()) {
                        (true, true) => " (same language)",
                        (true, false) => " (accepts more)",
                        (false, true) => " (accepts less)",
                        (false, false) => "",
                    };
                    self.emit(
                        ctx,
                        format!("{}/pattern", n.ptr),
                        kind,
                        format!(
                            "pattern {} → {}{how}",
                            show_opt(&sa.pattern),
                            show_opt(&sb.pattern)
                        ),
                        backward,
                        forward,
                    );
                }
            }
            (Some(va), None) => {
                let backward = self.string_all(&set_a, &set_b).1;
                let forward = self.string_all(&set_b, &set_a).1;
                let (kind, keyword) = if constant(o) {
                    (ChangeKind::ConstRemoved, "const")
                } else {
                    (ChangeKind::EnumRemoved, "enum")
                };
                self.emit(
                    ctx,
                    listed_at(o, keyword),
                    kind,
                    format!("{keyword} {} → {}", show_values(va), describe_string(&y.st)),
                    backward,
                    forward,
                );
            }
            (None, Some(vb)) => {
                let backward = self.string_all(&set_a, &set_b).1;
                let forward = self.string_all(&set_b, &set_a).1;
                let (kind, keyword) = if constant(n) {
                    (ChangeKind::ConstAdded, "const")
                } else {
                    (ChangeKind::EnumAdded, "enum")
                };
                self.emit(
                    ctx,
                    listed_at(n, keyword),
                    kind,
                    format!("{} → {keyword} {}", describe_string(&x.st), show_values(vb)),
                    backward,
                    forward,
                );
            }
        }
    }

    // ----- alternatives (arrays, objects) ------------------------------------------------

    /// The arrays or objects of two nodes: single ones are compared; unions are paired first
    /// (see the module docs).
    fn alternatives(&mut self, o: &Node, n: &Node, ctx: &Ctx, kind: Alt) {
        let count = |x: &Node| match kind {
            Alt::Array => x.arrays.len(),
            Alt::Object => x.objects.len(),
        };
        let (xs, ys) = (count(o), count(n));
        if xs == 1 && ys == 1 {
            return self.pair(o, n, 0, 0, ctx, kind);
        }
        // Alternatives meet when one side's writers' set shares a value with the other
        // side's readers' set, in either direction.
        let closed = self.closed;
        let alone = |x: &Node, i: usize, writer: bool| match kind {
            Alt::Array => Node {
                arrays: vec![x.arrays[i].clone()],
                ..Node::nothing(&x.ptr)
            },
            Alt::Object => Node {
                objects: vec![if writer {
                    x.objects[i].for_writers(closed)
                } else {
                    x.objects[i].clone()
                }],
                ..Node::nothing(&x.ptr)
            },
        };
        let meets: Vec<Vec<bool>> = (0..xs)
            .map(|i| {
                (0..ys)
                    .map(|j| {
                        !disjoint(&alone(o, i, true), &alone(n, j, false), self.formats)
                            || !disjoint(&alone(o, i, false), &alone(n, j, true), self.formats)
                    })
                    .collect()
            })
            .collect();
        let partners_of_old = |i: usize| (0..ys).filter(|j| meets[i][*j]).collect::<Vec<_>>();
        let partners_of_new = |j: usize| (0..xs).filter(|i| meets[*i][j]).collect::<Vec<_>>();
        let one_to_one =
            |i: usize, j: usize| partners_of_old(i) == [j] && partners_of_new(j) == [i];
        for i in 0..xs {
            if let [j] = partners_of_old(i).as_slice() {
                if one_to_one(i, *j) {
                    self.pair(o, n, i, *j, ctx, kind);
                }
            }
        }
        for dir in [Dir::Backward, Dir::Forward] {
            if !ctx.dirs.has(dir) {
                continue;
            }
            let dctx = ctx.dirs(Dirs::only(dir));
            let (writers, partners): (usize, Box<dyn Fn(usize) -> Vec<usize>>) = match dir {
                Dir::Backward => (xs, Box::new(partners_of_old)),
                Dir::Forward => (ys, Box::new(partners_of_new)),
            };
            for w in 0..writers {
                let ps = partners(w);
                let pair_of = |p: usize| match dir {
                    Dir::Backward => (w, p),
                    Dir::Forward => (p, w),
                };
                match ps.as_slice() {
                    [] => {
                        let (side, i) = match dir {
                            Dir::Backward => (o, w),
                            Dir::Forward => (n, w),
                        };
                        let branch = alone(side, i, true);
                        let local = Local::sampled(self.sampler.sample(&branch, 0));
                        let detail = format!("the union branch {}", branch_label(&branch));
                        self.failure(&dctx, dir, n, Family::Branch, "", detail, local);
                    }
                    [p] => {
                        let (i, j) = pair_of(*p);
                        if !one_to_one(i, j) {
                            self.pair(o, n, i, j, &dctx, kind);
                        }
                    }
                    many => {
                        let fits = many.iter().any(|p| {
                            let (i, j) = pair_of(*p);
                            self.scratch(|w| w.pair(o, n, i, j, &dctx, kind)).is_empty()
                        });
                        if !fits {
                            let detail = "an alternative is covered by no single alternative of the other side".to_string();
                            let local = Local::Unknown(
                                "inclusion in a union of overlapping alternatives is not decided"
                                    .into(),
                            );
                            self.failure(&dctx, dir, n, Family::Undecidable, "", detail, local);
                        }
                    }
                }
            }
        }
    }

    fn pair(&mut self, o: &Node, n: &Node, i: usize, j: usize, ctx: &Ctx, kind: Alt) {
        match kind {
            Alt::Array => self.arrays(&o.arrays[i], &n.arrays[j], n, ctx),
            Alt::Object => self.objects(&o.objects[i], &n.objects[j], ctx),
        }
    }

    // ----- arrays ------------------------------------------------------------------------

    fn arrays(&mut self, x: &Arr, y: &Arr, n: &Node, ctx: &Ctx) {
        let items = Dirs {
            backward: x.max != Some(0),
            forward: y.max != Some(0),
        };
        let ictx = ctx.frame(Frame::Item { old: x, new: y });
        let ictx = ictx.dirs(items);
        self.compare(&x.items, &y.items, &ictx);
        let possible = |a: &Arr, len: u64| len >= a.min && a.max.is_none_or(|m| len <= m);
        if x.min != y.min {
            let short = |a: &Arr, b: &Arr| {
                if a.min < b.min && possible(a, a.min) {
                    Local::sampled(self.sampler.array(a, a.min, 0))
                } else {
                    Local::Ok
                }
            };
            let (backward, forward) = (short(x, y), short(y, x));
            self.emit(
                ctx,
                format!("{}/minItems", n.ptr),
                Family::bound(backward.ok(), forward.ok()),
                format!("minItems: {} → {}", x.min, y.min),
                backward,
                forward,
            );
        }
        if x.max != y.max {
            let long = |a: &Arr, b: &Arr| match (a.max, b.max) {
                (_, None) => Local::Ok,
                (Some(ma), Some(mb)) if ma <= mb => Local::Ok,
                (_, Some(mb)) => {
                    let len = (mb + 1).max(a.min);
                    if possible(a, len) {
                        Local::sampled(self.sampler.array(a, len, 0))
                    } else {
                        Local::Ok
                    }
                }
            };
            let (backward, forward) = (long(x, y), long(y, x));
            self.emit(
                ctx,
                format!("{}/maxItems", n.ptr),
                Family::bound(backward.ok(), forward.ok()),
                format!("maxItems: {} → {}", show_u64(x.max), show_u64(y.max)),
                backward,
                forward,
            );
        }
        if x.unique != y.unique {
            let repeated = |a: &Arr| {
                if !possible(a, a.min.max(2)) {
                    return Local::Ok;
                }
                match self.sampler.sample(&a.items, 0) {
                    Ok(item) => Local::Value(Value::Array(vec![item; a.min.max(2) as usize])),
                    Err(why) => Local::NoWitness(why),
                }
            };
            let (kind, backward, forward) = if y.unique {
                (ChangeKind::UniqueItemsAdded, repeated(x), Local::Ok)
            } else {
                (ChangeKind::UniqueItemsRemoved, Local::Ok, repeated(y))
            };
            self.emit(
                ctx,
                format!("{}/uniqueItems", n.ptr),
                kind,
                format!("uniqueItems: {} → {}", x.unique, y.unique),
                backward,
                forward,
            );
        }
    }

    // ----- objects -----------------------------------------------------------------------

    fn objects(&mut self, x: &Obj, y: &Obj, ctx: &Ctx) {
        let xw = x.for_writers(self.closed);
        let yw = y.for_writers(self.closed);
        let sides = Sides {
            x,
            y,
            xw: &xw,
            yw: &yw,
        };
        let mut names: Vec<&str> = y.props.iter().map(|p| p.name.as_str()).collect();
        names.extend(
            x.props
                .iter()
                .map(|p| p.name.as_str())
                .filter(|n| y.prop(n).is_none()),
        );
        for name in &names {
            self.property(name, &sides, ctx);
        }
        let required: BTreeSet<&String> = x
            .required
            .iter()
            .chain(&y.required)
            .filter(|r| x.prop(r).is_none() && y.prop(r).is_none())
            .collect();
        for r in required {
            self.requirement(r, &sides, ctx, &format!("{}/required", y.ptr));
        }
        if x.patterns.is_empty() && y.patterns.is_empty() {
            self.undeclared(&sides, ctx);
        } else {
            for dir in [Dir::Backward, Dir::Forward] {
                if ctx.dirs.has(dir) {
                    self.regions(&sides, dir, &names, ctx);
                }
            }
        }
        for (dir, conds) in [(Dir::Backward, &y.conds), (Dir::Forward, &x.conds)] {
            if !ctx.dirs.has(dir) {
                continue;
            }
            let dctx = ctx.dirs(Dirs::only(dir));
            for c in conds {
                self.condition(&sides, dir, c, &dctx);
            }
        }
        let order = |a: &Obj, b: &Obj| -> Vec<String> {
            a.props
                .iter()
                .filter(|p| b.prop(&p.name).is_some())
                .map(|p| p.name.clone())
                .collect()
        };
        let (oa, ob) = (order(x, y), order(y, x));
        if oa != ob {
            self.note(
                ctx,
                format!("{}/properties", y.ptr),
                ChangeKind::PropertyOrderChanged,
                format!(
                    "property order {} → {} (changes the bytes writers emit, not what readers accept)",
                    oa.join(", "),
                    ob.join(", ")
                ),
            );
        }
    }

    /// `required` changes for a name: RequiredAdded (old writers may leave it out) or
    /// RequiredRemoved (new writers may).
    fn requirement(&mut self, name: &str, s: &Sides, ctx: &Ctx, path: &str) {
        let (rx, ry) = (s.x.required.contains(name), s.y.required.contains(name));
        if ry && !rx {
            let backward = self.without(s.xw, name);
            self.emit(
                ctx,
                path.to_string(),
                ChangeKind::RequiredAdded,
                format!("`{name}` is now required"),
                backward,
                Local::Ok,
            );
        } else if rx && !ry {
            let forward = self.without(s.yw, name);
            self.emit(
                ctx,
                path.to_string(),
                ChangeKind::RequiredRemoved,
                format!("`{name}` is now optional"),
                Local::Ok,
                forward,
            );
        }
    }

    /// An instance of `w` without `name` (at the object's location), if `w` allows one.
    fn without(&self, w: &Obj, name: &str) -> Local {
        match self.sampler.object(w, &[], Some(name), 0) {
            Ok(Value::Object(m)) if !m.contains_key(name) => Local::Value(Value::Object(m)),
            Ok(_) => Local::Unknown(format!(
                "`{name}` may be implied by a condition of the other side"
            )),
            Err(why) => Local::NoWitness(why),
        }
    }

    /// One property name of two objects.
    fn property(&mut self, name: &str, s: &Sides, ctx: &Ctx) {
        let (x, y) = (s.x, s.y);
        fn declared<'o>(o: &'o Obj, name: &str) -> Option<&'o super::model::Prop> {
            o.prop(name).filter(|p| !p.node.is_nothing())
        }
        let (dx, dy) = (declared(x, name), declared(y, name));
        let pctx = ctx.prop(name, x, y);
        match (dx, dy) {
            (Some(px), Some(py)) => {
                self.requirement(name, s, ctx, &py.ptr);
                self.compare(&px.node, &py.node, &pctx);
                // Patterns that also apply to the name, one direction at a time.
                if !x.patterns.is_empty() || !y.patterns.is_empty() {
                    let b = pctx.dirs(Dirs::only(Dir::Backward));
                    for r in y.applicable(name).into_iter().skip(1) {
                        self.compare(&px.node, r, &b);
                    }
                    let f = pctx.dirs(Dirs::only(Dir::Forward));
                    for r in x.applicable(name).into_iter().skip(1) {
                        self.compare(r, &py.node, &f);
                    }
                }
            }
            _ if !x.may_have(name) && !y.may_have(name) => {}
            (_, None) if x.may_have(name) => self.declared_on_one_side(name, s, ctx, &pctx, true),
            _ => self.declared_on_one_side(name, s, ctx, &pctx, false),
        }
    }

    /// A name one side declares (or allows and the other declares `false`) and the other does
    /// not: `property_removed` when the old side is that one, else `property_added`. Where
    /// the other side covers the name with a real schema (a map's values, a pattern), that
    /// schema is compared with the declaration on its own.
    fn declared_on_one_side(
        &mut self,
        name: &str,
        s: &Sides,
        ctx: &Ctx,
        pctx: &Ctx,
        removed: bool,
    ) {
        // `own` declares the name and writes in `own_dir`; `other` writes in the other one.
        let (own, own_w, other, other_w, own_dir, other_dir) = if removed {
            (s.x, s.xw, s.y, s.yw, Dir::Backward, Dir::Forward)
        } else {
            (s.y, s.yw, s.x, s.xw, Dir::Forward, Dir::Backward)
        };
        let decl = own.prop(name).filter(|p| !p.node.is_nothing());
        let values = decl.map_or_else(|| own.applicable(name)[0].clone(), |p| p.node.clone());
        // The declaring side's writers against what the other side's readers accept: only a
        // name they forbid breaks (an open remainder takes any value, a real schema is
        // compared below).
        let own_local = if pctx.dirs.has(own_dir) && own_w.may_have(name) && !other.may_have(name) {
            Local::sampled(self.sampler.sample(&values, 0))
        } else {
            Local::Ok
        };
        // The other side's writers (the name undeclared) against the declaration, then its
        // requirement.
        let mut other_local = if pctx.dirs.has(other_dir) && other_w.may_have(name) {
            self.uncovered(other_w, name, &values, other_dir, pctx)
        } else {
            Local::Ok
        };
        if other_local.ok() && pctx.dirs.has(other_dir) && own.required.contains(name) {
            other_local = match self.without(other_w, name) {
                Local::Value(v) => self.whole(ctx, other_dir, v),
                other => other,
            };
        }
        if let (Some(d), true) = (
            decl.and_then(|p| p.node.notes.default.as_ref()),
            pctx.dirs.both(),
        ) {
            let (kind, detail) = if removed {
                (
                    ChangeKind::DefaultRemoved,
                    format!("default of `{name}` ({}) removed", d.value),
                )
            } else {
                (
                    ChangeKind::DefaultAdded,
                    format!("default of `{name}`: {}", d.value),
                )
            };
            self.note(pctx, d.ptr.clone(), kind, detail);
        }
        let required = if own.required.contains(name) {
            "required"
        } else {
            "optional"
        };
        let what = describe(&values, self.names);
        let (kind, path, detail) = if removed {
            let how = if other.prop(name).is_some() {
                " (now declared `false`: it may never appear)"
            } else if !other.may_have(name) {
                " (undeclared properties are now rejected)"
            } else if !std::ptr::eq(other.applicable(name)[0], &*other.additional) {
                " (now covered by patternProperties)"
            } else if let Undeclared::Ignore = other.undeclared() {
                " (now ignored as an unknown property)"
            } else {
                " (now covered by additionalProperties)"
            };
            (
                ChangeKind::PropertyRemoved,
                decl.or(other.prop(name))
                    .map_or(String::new(), |p| p.ptr.clone()),
                format!("{required} property `{name}` ({what}) removed{how}"),
            )
        } else {
            (
                ChangeKind::PropertyAdded,
                decl.map_or_else(
                    || format!("{}/properties/{}", own.ptr, token(name)),
                    |p| p.ptr.clone(),
                ),
                format!("{required} property `{name}` ({what}) added"),
            )
        };
        let (backward, forward) = if removed {
            (own_local, other_local)
        } else {
            (other_local, own_local)
        };
        self.emit(pctx, path, kind, detail, backward, forward);
        if decl.is_some() {
            for r in other.applicable(name) {
                if real(other, r) {
                    match removed {
                        true => self.compare(&values, r, pctx),
                        false => self.compare(r, &values, pctx),
                    }
                }
            }
        }
    }

    /// The writing side's undeclared values for `name` against a declaration of the reading
    /// side (`values`): an object that declares properties may carry any other name in the
    /// literal reading, and that is folded into the property's change; a map's values or a
    /// pattern's are compared on their own.
    fn uncovered(
        &mut self,
        writer: &Obj,
        name: &str,
        values: &Node,
        dir: Dir,
        pctx: &Ctx,
    ) -> Local {
        let apps = writer.applicable(name);
        if apps.iter().any(|a| real(writer, a)) {
            return Local::Ok;
        }
        let Some(open) = apps.first() else {
            return Local::Ok;
        };
        let dctx = pctx.dirs(Dirs::only(dir));
        let found = self.scratch(|w| match dir {
            Dir::Backward => w.compare(open, values, &dctx),
            Dir::Forward => w.compare(values, open, &dctx),
        });
        Walk::first_failure(&found, dir)
    }

    /// A whole instance for a value built at `ctx`.
    fn whole(&self, ctx: &Ctx, dir: Dir, v: Value) -> Local {
        match self.wrap(ctx, dir, v) {
            Ok(w) => Local::Whole(w),
            Err(why) => Local::NoWitness(format!("could not build a whole instance: {why}")),
        }
    }

    /// Undeclared properties of objects without `patternProperties`.
    fn undeclared(&mut self, s: &Sides, ctx: &Ctx) {
        let (x, y) = (s.x, s.y);
        let key = extra_key(x, y);
        let kctx = ctx.prop(&key, x, y);
        let (cx, cy) = (x.undeclared(), y.undeclared());
        let kind = match (cx, cy) {
            (Undeclared::Values(a), Undeclared::Values(b)) => {
                return self.compare(a, b, &kctx);
            }
            (Undeclared::Forbid, Undeclared::Forbid) | (Undeclared::Ignore, Undeclared::Ignore) => {
                return
            }
            (_, Undeclared::Forbid) | (Undeclared::Ignore, Undeclared::Values(_)) => {
                ChangeKind::AdditionalPropertiesClosed
            }
            (Undeclared::Forbid, _) | (Undeclared::Values(_), Undeclared::Ignore) => {
                ChangeKind::AdditionalPropertiesOpened
            }
        };
        let mut locals = [Local::Ok, Local::Ok];
        for (slot, dir, w, r) in [(0, Dir::Backward, s.xw, y), (1, Dir::Forward, s.yw, x)] {
            if !ctx.dirs.has(dir) || w.additional.is_nothing() {
                continue;
            }
            locals[slot] = if r.additional.is_nothing() {
                match self.sampler.sample(&w.additional, 0) {
                    Ok(v) => self.whole(&kctx, dir, v),
                    Err(why) => Local::NoWitness(why),
                }
            } else {
                let dctx = kctx.dirs(Dirs::only(dir));
                let found = self.scratch(|walk| match dir {
                    Dir::Backward => walk.compare(&w.additional, &r.additional, &dctx),
                    Dir::Forward => walk.compare(&r.additional, &w.additional, &dctx),
                });
                Walk::first_failure(&found, dir)
            };
        }
        let [backward, forward] = locals;
        let text = |u: Undeclared| match u {
            Undeclared::Forbid => "false".to_string(),
            Undeclared::Ignore => "ignored".to_string(),
            Undeclared::Values(v) => describe(v, self.names),
        };
        let detail = format!("undeclared properties: {} → {}", text(cx), text(cy));
        self.emit(
            ctx,
            format!("{}/additionalProperties", y.ptr),
            kind,
            detail,
            backward,
            forward,
        );
    }

    /// Undeclared names region by region (`patternProperties` languages and the
    /// `additionalProperties` remainder), one direction.
    fn regions(&mut self, s: &Sides, dir: Dir, declared: &[&str], ctx: &Ctx) {
        let (w, r) = match dir {
            Dir::Backward => (s.xw, s.y),
            Dir::Forward => (s.yw, s.x),
        };
        let dctx = ctx.dirs(Dirs::only(dir));
        let declared: Vec<String> = declared.iter().map(|d| d.to_string()).collect();
        let regions = |o: &Obj| -> Vec<(Vec<String>, Vec<String>, Node, &'static str)> {
            let mut out: Vec<_> = o
                .patterns
                .iter()
                .map(|(p, s)| (vec![p.clone()], Vec::new(), s.clone(), "patternProperties"))
                .collect();
            let all = o.patterns.iter().map(|(p, _)| p.clone()).collect();
            out.push((
                Vec::new(),
                all,
                (*o.additional).clone(),
                "additionalProperties",
            ));
            out
        };
        for (wpos, wneg, wnode, _) in regions(w) {
            if wnode.is_nothing() {
                continue;
            }
            for (rpos, rneg, rnode, rkw) in regions(r) {
                if rnode.any {
                    continue;
                }
                let pos: Vec<String> = wpos.iter().chain(&rpos).cloned().collect();
                let neg: Vec<String> = wneg.iter().chain(&rneg).cloned().collect();
                let name = match strings::find_matching(&pos, &neg, &declared, self.formats) {
                    Ok(Some(n)) => n,
                    Ok(None) => continue,
                    Err(why) => {
                        let path = format!("{}/patternProperties", s.y.ptr);
                        self.emit_dir(
                            &dctx,
                            dir,
                            path,
                            ChangeKind::Undecidable,
                            "property names".into(),
                            Local::Unknown(why),
                        );
                        continue;
                    }
                };
                let nctx = dctx.prop(&name, s.x, s.y);
                if rnode.is_nothing() {
                    let local = Local::sampled(self.sampler.sample(&wnode, 0));
                    let kind = Family::Additional
                        .failure(dir == Dir::Backward, dir == Dir::Forward)
                        .unwrap_or(ChangeKind::Undecidable);
                    let detail = format!("undeclared properties such as `{name}`");
                    let path = format!("{}/{rkw}", s.y.ptr);
                    self.emit_dir(&nctx, dir, path, kind, detail, local);
                } else {
                    match dir {
                        Dir::Backward => self.compare(&wnode, &rnode, &nctx),
                        Dir::Forward => self.compare(&rnode, &wnode, &nctx),
                    }
                }
            }
        }
    }

    /// A one-direction change.
    fn emit_dir(
        &mut self,
        ctx: &Ctx,
        dir: Dir,
        path: String,
        kind: ChangeKind,
        detail: String,
        local: Local,
    ) {
        let (b, f) = match dir {
            Dir::Backward => (local, Local::Ok),
            Dir::Forward => (Local::Ok, local),
        };
        self.emit(ctx, path, kind, detail, b, f);
    }

    /// A conditional requirement of the reading side against the writing side's objects.
    fn condition(&mut self, s: &Sides, dir: Dir, c: &Cond, ctx: &Ctx) {
        let w = match dir {
            Dir::Backward => s.xw,
            Dir::Forward => s.yw,
        };
        let path = match dir {
            Dir::Backward => c.ptr.clone(),
            Dir::Forward => format!("{}/required", s.y.ptr),
        };
        for (holds, need) in [(true, &c.then_req), (false, &c.else_req)] {
            for req in need.iter().filter(|q| !w.required.contains(*q)) {
                if holds && implied(w, c, req) {
                    continue;
                }
                let mut found = None;
                for cand in self.sampler.condition_candidates(w, c, holds, req) {
                    if let Value::Object(m) = &cand {
                        let mut wn = Node::nothing("");
                        wn.objects.push(w.clone());
                        if !m.contains_key(req)
                            && cond_holds(c, m, self.formats) == holds
                            && accepts(&wn, &cand, self.formats)
                        {
                            found = Some(cand);
                            break;
                        }
                    }
                }
                let local = match found {
                    Some(v) => Local::Value(v),
                    None if !holds || !cannot_hold(w, c, self.formats) => Local::Unknown(format!(
                        "cannot decide whether the condition of `{}` can leave out `{req}`",
                        c.ptr
                    )),
                    None => continue,
                };
                let when = if holds {
                    "when the condition holds"
                } else {
                    "when the condition does not hold"
                };
                let kind = Family::Conditional
                    .failure(dir == Dir::Backward, dir == Dir::Forward)
                    .unwrap_or(ChangeKind::Undecidable);
                let detail = format!("an object without `{req}` {when}");
                self.emit_dir(ctx, dir, path.clone(), kind, detail, local);
            }
        }
    }
}

/// The two objects compared and their writers' views.
struct Sides<'s> {
    x: &'s Obj,
    y: &'s Obj,
    xw: &'s Obj,
    yw: &'s Obj,
}

/// Whether `s`, a schema that applies to a name of `o`, is a real schema (a pattern's, or
/// the `additionalProperties` of a map or a partly open object) rather than the open
/// remainder of an object that declares properties.
fn real(o: &Obj, s: &Node) -> bool {
    if s.is_nothing() {
        return false;
    }
    let remainder = std::ptr::eq(s, &*o.additional);
    !(remainder && matches!(o.undeclared(), Undeclared::Ignore))
}

/// The kinds whose alternatives are paired (unions of arrays or of objects).
#[derive(Debug, Clone, Copy)]
enum Alt {
    Array,
    Object,
}

/// The JSON kinds other than `null`, in the order samples prefer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Boolean,
    Object,
    Array,
}

impl Kind {
    const VALUES: [Kind; 5] = [
        Kind::String,
        Kind::Number,
        Kind::Boolean,
        Kind::Object,
        Kind::Array,
    ];

    fn in_node(self, n: &Node) -> bool {
        match self {
            Kind::String => !n.strings.is_empty(),
            Kind::Number => !n.numbers.is_empty(),
            Kind::Boolean => n.boolean.is_some(),
            Kind::Object => !n.objects.is_empty(),
            Kind::Array => !n.arrays.is_empty(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Object => "object",
            Kind::Array => "array",
        }
    }
}

/// The numeric keyword groups a change is named after.
#[derive(Debug, Clone, Copy)]
enum Bounds {
    /// `minimum`, `exclusiveMinimum`.
    Minimum,
    /// `maximum`, `exclusiveMaximum`.
    Maximum,
    /// `multipleOf`.
    MultipleOf,
}

impl Bounds {
    fn keyword(self) -> &'static str {
        match self {
            Bounds::Minimum => "minimum",
            Bounds::Maximum => "maximum",
            Bounds::MultipleOf => "multipleOf",
        }
    }

    /// The group's constraint in a (normalised) set.
    fn of(self, r: &numbers::Range) -> Option<NumConstraint> {
        match self {
            Bounds::Minimum => r.lower.map(NumConstraint::Lower),
            Bounds::Maximum => r.upper.map(NumConstraint::Upper),
            Bounds::MultipleOf => r.multiple_of.map(NumConstraint::MultipleOf),
        }
    }

    /// The group's keywords as written, with the symbol each reads as.
    fn keywords(self, n: &NumericType) -> Vec<(&'static str, &Option<serde_json::Number>)> {
        match self {
            Bounds::Minimum => vec![("≥", &n.minimum), (">", &n.exclusive_minimum)],
            Bounds::Maximum => vec![("≤", &n.maximum), ("<", &n.exclusive_maximum)],
            Bounds::MultipleOf => vec![("", &n.multiple_of)],
        }
    }

    /// The keywords as values (`1` and `1.0` are equal).
    fn written(self, n: &NumericType) -> Vec<Option<Rat>> {
        let keywords = self.keywords(n);
        keywords
            .iter()
            .map(|(_, v)| v.as_ref().and_then(Rat::from_number))
            .collect()
    }

    /// The keywords as written (`≥ 1`, `> 0`, `≥ 1 and > 0`).
    fn show(self, n: &NumericType) -> String {
        let parts: Vec<String> = self
            .keywords(n)
            .into_iter()
            .filter_map(|(op, v)| {
                v.as_ref().map(|v| match op {
                    "" => v.to_string(),
                    op => format!("{op} {v}"),
                })
            })
            .collect();
        if parts.is_empty() {
            "none".into()
        } else {
            parts.join(" and ")
        }
    }
}

fn number_named(c: &NumConstraint) -> Named {
    match c {
        NumConstraint::Integer => (Family::Type, "type"),
        NumConstraint::Lower(_) => (Family::Bound, "minimum"),
        NumConstraint::Upper(_) => (Family::Bound, "maximum"),
        NumConstraint::MultipleOf(_) => (Family::Bound, "multipleOf"),
        NumConstraint::Finite(_) => (Family::Values, "enum"),
    }
}

fn string_named(c: &StrConstraint) -> Named {
    match c {
        StrConstraint::Format(_) => (Family::Format, "format"),
        StrConstraint::MinLength(_) => (Family::Bound, "minLength"),
        StrConstraint::MaxLength(_) => (Family::Bound, "maxLength"),
        StrConstraint::Pattern(_) => (Family::Pattern, "pattern"),
        StrConstraint::Finite(_) => (Family::Values, "enum"),
    }
}

fn number_local(a: &NumSet, c: &NumConstraint) -> Local {
    match numbers::subset(a, c) {
        NumAnswer::Yes => Local::Ok,
        NumAnswer::No(w) => Local::Value(w.to_value()),
        NumAnswer::Unknown(why) => Local::Unknown(why),
    }
}

/// Whether a node's finite values were listed by a single `const`.
fn constant(n: &Node) -> bool {
    n.listed.as_ref().is_some_and(|l| l.constant)
}

/// The pointer of the keyword that lists a node's values, or `{ptr}/{keyword}`.
fn listed_at(n: &Node, keyword: &str) -> String {
    n.listed
        .as_ref()
        .map_or_else(|| format!("{}/{keyword}", n.ptr), |l| l.ptr.clone())
}

/// A short description of the kinds (`string`, `integer or null`).
fn kinds_text(n: &Node) -> String {
    let mut parts = Vec::new();
    for k in Kind::VALUES {
        if k.in_node(n) {
            let integer = n
                .numbers
                .iter()
                .all(|x| matches!(x, NumSet::Range(r) if r.integer));
            parts.push(match k {
                Kind::Number if integer => "integer",
                other => other.name(),
            });
        }
    }
    if n.null {
        parts.push("null");
    }
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(" or ")
    }
}

/// A property name declared on neither side, for "undeclared property" witnesses.
fn extra_key(a: &Obj, b: &Obj) -> String {
    let mut key = "extra_property".to_string();
    while a.prop(&key).is_some() || b.prop(&key).is_some() {
        key.push('_');
    }
    key
}

/// How a report names a union branch: by its tag (a required property with one constant
/// value, in declaration order) and its schema's pointer.
fn branch_label(alone: &Node) -> String {
    let Some(o) = alone.objects.first() else {
        return "of arrays".into();
    };
    let tag = o
        .props
        .iter()
        .filter(|p| o.required.contains(&p.name))
        .find_map(|p| single_value(&p.node).map(|v| format!("`{}: {v}` ", p.name)));
    format!("{}(#{})", tag.unwrap_or_default(), o.ptr)
}

/// Whether `x` itself requires `r` whenever `c` holds (a condition of its own with a weaker
/// or equal trigger).
fn implied(x: &Obj, c: &Cond, r: &str) -> bool {
    x.conds.iter().any(|d| {
        d.then_req.contains(r)
            && d.when_required.is_subset(&c.when_required)
            && d.when_props.iter().all(|(n, s)| {
                c.when_props.iter().any(|(m, t)| {
                    m == n
                        && format!("{s:?}").replace(&s.ptr, "")
                            == format!("{t:?}").replace(&t.ptr, "")
                })
            })
    })
}

/// Whether `c` never holds for instances of `x`.
fn cannot_hold(x: &Obj, c: &Cond, formats: &dyn FormatCheck) -> bool {
    c.when_required.iter().any(|n| !x.may_have(n))
        || c.when_props.iter().any(|(n, s)| {
            (x.required.contains(n) || c.when_required.contains(n))
                && x.applicable(n)
                    .iter()
                    .any(|a| intersect(a, s, formats).is_some_and(|i| i.is_nothing()))
        })
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

// ----- descriptions --------------------------------------------------------------------------

/// A short description of a set for messages (`string, format uuid`, `enum EventType`).
pub fn describe(n: &Node, names: &Names) -> String {
    if n.any {
        return "any value".into();
    }
    if let Some(op) = &n.opaque {
        return format!("a schema with `{}`", op.keyword);
    }
    if let Some(name) = names.new.get(&n.ptr) {
        if !n.objects.is_empty() {
            return format!("object {name}");
        }
        if n.strings.iter().any(|s| s.finite.is_some()) {
            return format!("enum {name}");
        }
    }
    let mut parts = Vec::new();
    for s in &n.strings {
        parts.push(match &s.finite {
            Some(v) if v.len() == 1 => format!("constant {}", show_str(&v[0])),
            Some(v) => format!("one of {}", show_values(v)),
            None => describe_string(&s.st),
        });
    }
    for x in &n.numbers {
        parts.push(show_numset(x));
    }
    if let Some(b) = n.boolean {
        parts.push(
            match (b.t, b.f) {
                (true, true) => "boolean",
                (true, false) => "constant true",
                (false, _) => "constant false",
            }
            .into(),
        );
    }
    for o in &n.objects {
        parts.push(match (o.props.is_empty(), o.undeclared()) {
            (true, Undeclared::Values(v)) if v.any => "object (free-form)".into(),
            (true, Undeclared::Values(v)) => format!("map of {}", describe(v, names)),
            (true, Undeclared::Forbid | Undeclared::Ignore) | (false, _) => "object".into(),
        });
    }
    for a in &n.arrays {
        parts.push(format!("array of {}", describe(&a.items, names)));
    }
    if n.null {
        parts.push("null".into());
    }
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(" or ")
    }
}

/// A short description of a string type (`string, format uuid`).
pub fn describe_string(s: &crate::ir::StringType) -> String {
    let mut parts = Vec::new();
    if let Some(f) = s.format {
        parts.push(format!("format {}", show_format(Some(f))));
    }
    if let Some(p) = &s.pattern {
        parts.push(format!("pattern {p}"));
    }
    if let Some(n) = s.min_length {
        parts.push(format!("minLength {n}"));
    }
    if let Some(n) = s.max_length {
        parts.push(format!("maxLength {n}"));
    }
    if parts.is_empty() {
        "string".into()
    } else {
        format!("string, {}", parts.join(", "))
    }
}

fn show_opt(s: &Option<String>) -> String {
    s.as_deref().map_or("none".into(), show_str)
}

fn show_str(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

fn show_u64(n: Option<u64>) -> String {
    n.map_or("none".into(), |n| n.to_string())
}

fn show_values(values: &[String]) -> String {
    let shown: Vec<String> = values.iter().map(|v| show_str(v)).collect();
    format!("[{}]", shown.join(", "))
}

fn show_format(f: Option<Format>) -> String {
    match f {
        None => "none".into(),
        Some(Format::Uuid) => "uuid".into(),
        Some(Format::Date) => "date".into(),
        Some(Format::DateTime) => "date-time".into(),
        Some(Format::Email) => "email".into(),
        Some(Format::Uri) => "uri".into(),
    }
}

fn show_num(c: &Option<NumConstraint>) -> String {
    match c {
        None => "none".into(),
        Some(NumConstraint::Lower(Bound { at, inclusive })) => {
            format!("{} {}", if *inclusive { "≥" } else { ">" }, at.to_value())
        }
        Some(NumConstraint::Upper(Bound { at, inclusive })) => {
            format!("{} {}", if *inclusive { "≤" } else { "<" }, at.to_value())
        }
        Some(NumConstraint::MultipleOf(m)) => m.to_value().to_string(),
        Some(NumConstraint::Integer) => "integer".into(),
        Some(NumConstraint::Finite(values)) => show_rats(values),
    }
}

fn show_rats(values: &[Rat]) -> String {
    let shown: Vec<String> = values.iter().map(|r| r.to_value().to_string()).collect();
    shown.join(", ")
}

fn show_numset(s: &NumSet) -> String {
    match s {
        NumSet::Finite(values) => format!("constant {}", show_rats(values)),
        NumSet::Range(r) => if r.integer { "integer" } else { "number" }.into(),
    }
}
