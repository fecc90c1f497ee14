//! Set inclusion over the raw reading ([`super::raw`]): `A ⊆ B` for unions and for the schemas
//! the IR does not hold, with a whole-instance witness for every "no".
//!
//! Each kind of `A` is compared with the same kind of `B` (kinds are disjoint). Within a kind,
//! `B`'s alternatives are a union: `A`'s alternative must fit one of them, and when only one
//! of them can share values with it (a discriminated `oneOf`, distinct constants), the
//! comparison with that one is exact; when none can and either side is a union, the whole
//! branch is what differs (`union_branch_added` / `_removed`). Objects are compared over the
//! whole property-name space: every declared name of either side, and every region of
//! undeclared names (`patternProperties` languages and the `additionalProperties` remainder,
//! intersected with the automata of [`super::strings`]); required names and conditional
//! requirements (`dependentRequired`, `if`/`then`/`else`) of `B` must hold for every instance
//! of `A`.

use serde_json::{Map, Value};

use super::numbers::{self, NumAnswer, NumConstraint, NumSet, Rat};
use super::raw::{self, accepts, cond_holds, disjoint, Arr, Node, Obj, Str};
use super::strings::{self, FormatCheck, StrAnswer, StrConstraint};
use super::ChangeKind;

/// How deep samples may nest.
const SAMPLE_DEPTH: usize = 24;

/// What kind of constraint failed (named per direction when turned into a change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cat {
    /// `null`.
    Null,
    /// A JSON kind (or integer versus number).
    Kind,
    /// A boolean constant.
    Bool,
    /// A finite set of values.
    Values,
    /// A length, count or numeric bound.
    Bound,
    /// A `pattern`.
    Pattern,
    /// A `format`.
    Format,
    /// `uniqueItems`.
    Unique,
    /// `required`.
    Required,
    /// A property A declares that B forbids, or leaves to undeclared values narrower than A's.
    Property,
    /// Undeclared properties (`patternProperties`, `additionalProperties`).
    Additional,
    /// A conditional requirement.
    Conditional,
    /// A name declared by B only, whose values A (leaving it undeclared) allows more of.
    Declared,
    /// A whole branch of a union (no branch of the other side shares a value with it).
    Branch,
    /// Cannot decide.
    Unknown,
}

impl Cat {
    /// The change's name when only BACKWARD breaks, only FORWARD breaks, or both.
    pub fn kinds(self) -> (ChangeKind, ChangeKind, Option<ChangeKind>) {
        use ChangeKind as K;
        match self {
            Cat::Null => (K::NullableRemoved, K::NullableAdded, None),
            Cat::Kind => (K::TypeNarrowed, K::TypeWidened, Some(K::TypeChanged)),
            Cat::Bool => (K::ConstChanged, K::ConstChanged, Some(K::ConstChanged)),
            Cat::Values => (K::EnumValueRemoved, K::EnumValueAdded, None),
            Cat::Bound => (K::BoundTightened, K::BoundRelaxed, Some(K::BoundChanged)),
            Cat::Pattern => (
                K::PatternChanged,
                K::PatternChanged,
                Some(K::PatternChanged),
            ),
            Cat::Format => (K::FormatChanged, K::FormatChanged, Some(K::FormatChanged)),
            Cat::Unique => (K::UniqueItemsAdded, K::UniqueItemsRemoved, None),
            Cat::Required => (K::RequiredAdded, K::RequiredRemoved, None),
            Cat::Property => (K::PropertyRemoved, K::PropertyAdded, None),
            Cat::Additional => (
                K::AdditionalPropertiesClosed,
                K::AdditionalPropertiesOpened,
                None,
            ),
            Cat::Conditional => (
                K::ConditionalRequiredAdded,
                K::ConditionalRequiredRemoved,
                None,
            ),
            Cat::Declared => (K::PropertyAdded, K::PropertyRemoved, None),
            Cat::Branch => (K::UnionBranchRemoved, K::UnionBranchAdded, None),
            Cat::Unknown => (K::Undecidable, K::Undecidable, Some(K::Undecidable)),
        }
    }
}

/// The outcome of one failed constraint.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A whole instance of A outside B.
    Witness(Value),
    /// A is not included, but no whole instance could be built (why).
    NoWitness(String),
    /// Cannot decide (why).
    Unknown(String),
}

/// One constraint of B that some instance of A violates (or may).
#[derive(Debug, Clone)]
pub struct Fail {
    /// JSON pointer in the new schema.
    pub path: String,
    /// What failed.
    pub cat: Cat,
    /// For people.
    pub detail: String,
    /// Where in the instance.
    pub instance_path: String,
    /// The proof.
    pub outcome: Outcome,
}

#[derive(Clone)]
enum Frame<'n> {
    Prop(String, &'n Obj),
    Item(&'n Arr),
}

#[derive(Clone, Default)]
struct Ctx<'n> {
    frames: Vec<Frame<'n>>,
    /// The pairs of schema locations being compared, outermost first.
    pairs: Vec<(String, String)>,
}

impl<'n> Ctx<'n> {
    fn prop(&self, name: &str, o: &'n Obj) -> Ctx<'n> {
        let mut c = self.clone();
        c.frames.push(Frame::Prop(name.to_string(), o));
        c
    }
    fn item(&self, a: &'n Arr) -> Ctx<'n> {
        let mut c = self.clone();
        c.frames.push(Frame::Item(a));
        c
    }
    fn instance_path(&self) -> String {
        self.frames
            .iter()
            .map(|f| match f {
                Frame::Prop(n, _) => format!("/{}", n.replace('~', "~0").replace('/', "~1")),
                Frame::Item(_) => "/0".to_string(),
            })
            .collect()
    }
}

/// The inclusion test of one direction.
pub struct Judge<'f> {
    formats: &'f dyn FormatCheck,
    /// `true` when A is the old schema (BACKWARD): paths are then B's.
    pub a_is_old: bool,
}

enum Local {
    Ok,
    Fail(Cat, String, String, Outcome),
}

impl<'f> Judge<'f> {
    /// A judge; `a_is_old` says which side's pointers name the changes.
    pub fn new(formats: &'f dyn FormatCheck, a_is_old: bool) -> Judge<'f> {
        Judge { formats, a_is_old }
    }

    fn path(&self, a: &Node, b: &Node, keyword: &str) -> String {
        let p = if self.a_is_old { &b.ptr } else { &a.ptr };
        if keyword.is_empty() {
            p.clone()
        } else {
            format!("{p}/{keyword}")
        }
    }

    /// Every constraint of `b` that some instance of `a` violates.
    pub fn subset(&self, a: &Node, b: &Node) -> Vec<Fail> {
        let mut out = Vec::new();
        self.sub(a, b, &Ctx::default(), &mut out);
        out
    }

    fn fail(
        &self,
        out: &mut Vec<Fail>,
        ctx: &Ctx,
        path: String,
        cat: Cat,
        detail: String,
        local: Outcome,
    ) {
        let outcome = match local {
            Outcome::Witness(v) => match self.wrap(ctx, v) {
                Ok(w) => Outcome::Witness(w),
                Err(why) => Outcome::NoWitness(format!("could not build a whole instance: {why}")),
            },
            other => other,
        };
        let detail = if cat == Cat::Unknown {
            detail
        } else {
            let (x, y) = if self.a_is_old {
                ("old", "new")
            } else {
                ("new", "old")
            };
            format!("{detail}: allowed by the {x} schema, rejected by the {y} one")
        };
        out.push(Fail {
            path,
            cat,
            detail,
            instance_path: ctx.instance_path(),
            outcome,
        });
    }

    fn sample_or(&self, n: &Node) -> Outcome {
        match self.sample(n, 0) {
            Ok(v) => Outcome::Witness(v),
            Err(why) => Outcome::NoWitness(why),
        }
    }

    fn sub<'n>(&self, a: &'n Node, b: &'n Node, ctx: &Ctx<'n>, out: &mut Vec<Fail>) {
        if b.any || a.is_nothing() {
            return;
        }
        let pair = (a.ptr.clone(), b.ptr.clone());
        if a.opaque.is_some() || b.opaque.is_some() {
            // A recursive schema is read to a depth, then opaque: where the comparison repeats
            // a pair of locations it is already comparing further out, that comparison (on the
            // sets read in full) decides, and the cut adds nothing.
            if ctx.pairs.contains(&pair) {
                return;
            }
            let same = match (&a.opaque, &b.opaque) {
                (Some((_, x)), Some((_, y))) => x == y,
                _ => false,
            };
            if !same {
                let kw = a
                    .opaque
                    .as_ref()
                    .or(b.opaque.as_ref())
                    .map(|(k, _)| k.clone())
                    .unwrap_or_default();
                let p = self.path(a, b, "");
                self.fail(
                    out,
                    ctx,
                    p,
                    Cat::Unknown,
                    format!("`{kw}` differs between the versions"),
                    Outcome::Unknown(format!(
                        "`{kw}` is outside what the compatibility checker models"
                    )),
                );
            }
            return;
        }
        let ax = a.expand();
        let a = &ax;
        let mut ctx = ctx.clone();
        ctx.pairs.push(pair);
        // SAFETY of lifetimes: `ax` lives for this call only, so frames into it are built
        // here and not kept.
        self.sub_expanded(a, b, &ctx, out);
    }

    fn sub_expanded(&self, a: &Node, b: &Node, ctx: &Ctx, out: &mut Vec<Fail>) {
        let kind_path = self.path(a, b, "type");
        if a.null && !b.null {
            self.fail(
                out,
                ctx,
                kind_path.clone(),
                Cat::Null,
                "null".into(),
                Outcome::Witness(Value::Null),
            );
        }
        if let Some(x) = a.boolean {
            match b.boolean {
                None => self.fail(
                    out,
                    ctx,
                    kind_path.clone(),
                    Cat::Kind,
                    "type boolean".into(),
                    Outcome::Witness(Value::Bool(x.t)),
                ),
                Some(y) => {
                    let missing = if x.t && !y.t {
                        Some(true)
                    } else if x.f && !y.f {
                        Some(false)
                    } else {
                        None
                    };
                    if let Some(v) = missing {
                        let p = self.path(a, b, "const");
                        self.fail(
                            out,
                            ctx,
                            p,
                            Cat::Bool,
                            format!("the value {v}"),
                            Outcome::Witness(Value::Bool(v)),
                        );
                    }
                }
            }
        }
        for x in &a.numbers {
            if b.numbers.is_empty() {
                let w = x.sample().map(|r| r.to_value());
                let name = match x {
                    NumSet::Range(r) if r.integer => "type integer",
                    _ => "type number",
                };
                self.fail(
                    out,
                    ctx,
                    kind_path.clone(),
                    Cat::Kind,
                    name.into(),
                    w.map_or(Outcome::NoWitness("no number".into()), Outcome::Witness),
                );
                continue;
            }
            if let Local::Fail(cat, kw, detail, o) = self.num_in(x, &b.numbers) {
                let p = self.path(a, b, &kw);
                self.fail(out, ctx, p, cat, detail, o);
            }
        }
        for x in &a.strings {
            if b.strings.is_empty() {
                let o = match strings::sample(&x.set(), self.formats) {
                    Ok(Some(s)) => Outcome::Witness(Value::String(s)),
                    Ok(None) => continue,
                    Err(why) => Outcome::NoWitness(why),
                };
                self.fail(
                    out,
                    ctx,
                    kind_path.clone(),
                    Cat::Kind,
                    "type string".into(),
                    o,
                );
                continue;
            }
            if let Local::Fail(cat, kw, detail, o) = self.str_in(x, &b.strings) {
                let p = self.path(a, b, &kw);
                self.fail(out, ctx, p, cat, detail, o);
            }
        }
        let alone_arr = |x: &Arr| Node {
            arrays: vec![x.clone()],
            ..Node::nothing(&a.ptr)
        };
        let alone_obj = |x: &Obj| Node {
            objects: vec![x.clone()],
            ..Node::nothing(&a.ptr)
        };
        self.alternatives_in(
            (a, b, ctx, out),
            (&a.arrays, &b.arrays),
            "array",
            alone_arr,
            |x, y, out| self.arr_in(a, b, x, y, ctx, out),
        );
        self.alternatives_in(
            (a, b, ctx, out),
            (&a.objects, &b.objects),
            "object",
            alone_obj,
            |x, y, out| self.obj_in(x, y, ctx, out),
        );
    }

    /// A's alternatives of one kind (arrays or objects) against B's: with none in B, the kind
    /// is missing; otherwise each of A's alternatives must fit one of B's. It fits one (ok); or
    /// exactly one of B's can share values with it (a discriminated union: the branch with the
    /// same tag), and the failures against that one are exact; or none can, and in a union (either
    /// side has several alternatives) the whole branch is added or removed; or several can, and
    /// that is not decided.
    fn alternatives_in<'n, T>(
        &self,
        (a, b, ctx, out): (&Node, &Node, &Ctx<'n>, &mut Vec<Fail>),
        (xs, ys): (&'n [T], &'n [T]),
        kind: &str,
        alone: impl Fn(&T) -> Node,
        compare: impl Fn(&'n T, &'n T, &mut Vec<Fail>),
    ) {
        let union = xs.len() > 1 || ys.len() > 1;
        for x in xs {
            let ax = alone(x);
            if ys.is_empty() {
                let o = self.sample_or(&ax);
                let p = self.path(a, b, "type");
                self.fail(out, ctx, p, Cat::Kind, format!("type {kind}"), o);
                continue;
            }
            let mut tried = Vec::new();
            for y in ys {
                let mut fails = Vec::new();
                compare(x, y, &mut fails);
                if fails.is_empty() {
                    break;
                }
                tried.push(fails);
            }
            if tried.len() < ys.len() {
                continue;
            }
            let meeting: Vec<usize> = (0..ys.len())
                .filter(|i| !disjoint(&ax, &alone(&ys[*i]), self.formats))
                .collect();
            match meeting.as_slice() {
                [one] => out.append(&mut tried[*one]),
                [] if union => {
                    let o = self.sample_or(&ax);
                    let p = self.path(a, b, "");
                    let detail = format!("the union branch {}", branch_label(&ax));
                    self.fail(out, ctx, p, Cat::Branch, detail, o);
                }
                // Disjoint from the only alternative: any instance of A is a witness.
                [] => out.append(&mut tried[0]),
                _ => {
                    let p = self.path(a, b, "");
                    self.fail(
                        out,
                        ctx,
                        p,
                        Cat::Unknown,
                        "an alternative is covered by no single alternative of the other side"
                            .into(),
                        Outcome::Unknown(
                            "inclusion in a union of overlapping alternatives is not decided"
                                .into(),
                        ),
                    );
                }
            }
        }
    }

    // ----- numbers and strings --------------------------------------------------------------

    fn num_in(&self, x: &NumSet, bs: &[NumSet]) -> Local {
        if bs.len() > 1 {
            if let NumSet::Finite(values) = x {
                return match values.iter().find(|v| !bs.iter().any(|b| b.contains(**v))) {
                    Some(v) => Local::Fail(
                        Cat::Values,
                        "enum".into(),
                        format!("value {}", v.to_value()),
                        Outcome::Witness(v.to_value()),
                    ),
                    None => Local::Ok,
                };
            }
            for b in bs {
                if matches!(self.num_in(x, std::slice::from_ref(b)), Local::Ok) {
                    return Local::Ok;
                }
            }
            return Local::Fail(
                Cat::Unknown,
                String::new(),
                "numbers".into(),
                Outcome::Unknown(
                    "inclusion of a number range in a union of ranges is not decided".into(),
                ),
            );
        }
        let b = &bs[0];
        let cs: Vec<(NumConstraint, Cat, &str)> = match b {
            NumSet::Finite(v) => vec![(NumConstraint::Finite(v.clone()), Cat::Values, "enum")],
            NumSet::Range(r) => {
                let mut cs = Vec::new();
                if r.integer {
                    cs.push((NumConstraint::Integer, Cat::Kind, "type"));
                }
                if let Some(l) = r.lower {
                    cs.push((NumConstraint::Lower(l), Cat::Bound, "minimum"));
                }
                if let Some(u) = r.upper {
                    cs.push((NumConstraint::Upper(u), Cat::Bound, "maximum"));
                }
                if let Some(m) = r.multiple_of {
                    cs.push((NumConstraint::MultipleOf(m), Cat::Bound, "multipleOf"));
                }
                cs
            }
        };
        for (c, cat, kw) in cs {
            match numbers::subset(x, &c) {
                NumAnswer::Yes => {}
                NumAnswer::No(w) => {
                    return Local::Fail(
                        cat,
                        kw.into(),
                        format!("{kw}: the number {}", w.to_value()),
                        Outcome::Witness(w.to_value()),
                    )
                }
                NumAnswer::Unknown(why) => {
                    return Local::Fail(Cat::Unknown, kw.into(), kw.into(), Outcome::Unknown(why))
                }
            }
        }
        Local::Ok
    }

    fn str_in(&self, x: &Str, bs: &[Str]) -> Local {
        let set = x.set();
        if bs.len() > 1 {
            if let Some(values) = &x.finite {
                for v in values {
                    let inside = bs
                        .iter()
                        .any(|b| strings::set_contains(&b.set(), v, self.formats).unwrap_or(false));
                    if !inside {
                        return Local::Fail(
                            Cat::Values,
                            "enum".into(),
                            format!("value {}", Value::String(v.clone())),
                            Outcome::Witness(Value::String(v.clone())),
                        );
                    }
                }
                return Local::Ok;
            }
            for b in bs {
                if matches!(self.str_in(x, std::slice::from_ref(b)), Local::Ok) {
                    return Local::Ok;
                }
            }
            return Local::Fail(
                Cat::Unknown,
                String::new(),
                "strings".into(),
                Outcome::Unknown(
                    "inclusion of a string set in a union of string sets is not decided".into(),
                ),
            );
        }
        let b = &bs[0];
        let cs: Vec<(StrConstraint, Cat, &str)> = match &b.finite {
            Some(v) => vec![(StrConstraint::Finite(v.clone()), Cat::Values, "enum")],
            None => strings::constraints_of(&b.st)
                .into_iter()
                .map(|c| {
                    let (cat, kw) = match &c {
                        StrConstraint::Format(_) => (Cat::Format, "format"),
                        StrConstraint::MinLength(_) => (Cat::Bound, "minLength"),
                        StrConstraint::MaxLength(_) => (Cat::Bound, "maxLength"),
                        StrConstraint::Pattern(_) => (Cat::Pattern, "pattern"),
                        StrConstraint::Finite(_) => (Cat::Values, "enum"),
                    };
                    (c, cat, kw)
                })
                .collect(),
        };
        for (c, cat, kw) in cs {
            match strings::subset(&set, &c, self.formats) {
                StrAnswer::Yes => {}
                StrAnswer::No(s) => {
                    let detail = if cat == Cat::Values {
                        format!("value {}", Value::String(s.clone()))
                    } else {
                        format!("{kw}: the string {}", Value::String(s.clone()))
                    };
                    return Local::Fail(cat, kw.into(), detail, Outcome::Witness(Value::String(s)));
                }
                StrAnswer::Unknown(why) => {
                    return Local::Fail(Cat::Unknown, kw.into(), kw.into(), Outcome::Unknown(why))
                }
            }
        }
        Local::Ok
    }

    // ----- arrays ---------------------------------------------------------------------------

    fn arr_in<'n>(
        &self,
        an: &Node,
        bn: &Node,
        x: &'n Arr,
        y: &'n Arr,
        ctx: &Ctx<'n>,
        out: &mut Vec<Fail>,
    ) {
        if x.max != Some(0) {
            self.sub(&x.items, &y.items, &ctx.item(x), out);
        }
        let possible = |len: u64| len >= x.min && x.max.is_none_or(|m| len <= m);
        if x.min < y.min && possible(x.min) {
            let o = self
                .sample_arr(x, x.min, 0)
                .map_or_else(Outcome::NoWitness, Outcome::Witness);
            let p = self.path(an, bn, "minItems");
            self.fail(
                out,
                ctx,
                p,
                Cat::Bound,
                format!("minItems: an array of {} items", x.min),
                o,
            );
        }
        if let Some(m) = y.max {
            let len = (m + 1).max(x.min);
            if possible(len) {
                let o = self
                    .sample_arr(x, len, 0)
                    .map_or_else(Outcome::NoWitness, Outcome::Witness);
                let p = self.path(an, bn, "maxItems");
                self.fail(
                    out,
                    ctx,
                    p,
                    Cat::Bound,
                    format!("maxItems: an array of {len} items"),
                    o,
                );
            }
        }
        if y.unique && !x.unique && possible(x.min.max(2)) {
            let o = match self.sample(&x.items, 0) {
                Ok(item) => Outcome::Witness(Value::Array(vec![item; x.min.max(2) as usize])),
                Err(why) => Outcome::NoWitness(why),
            };
            let p = self.path(an, bn, "uniqueItems");
            self.fail(
                out,
                ctx,
                p,
                Cat::Unique,
                "uniqueItems: an array with a repeated item".into(),
                o,
            );
        }
    }

    // ----- objects --------------------------------------------------------------------------

    fn obj_in<'n>(&self, x: &'n Obj, y: &'n Obj, ctx: &Ctx<'n>, out: &mut Vec<Fail>) {
        // Required names.
        for r in y.required.iter().filter(|r| !x.required.contains(*r)) {
            let o = match self.min_obj(x, None, Some(r), 0) {
                Ok(Value::Object(m)) if !m.contains_key(r) => Outcome::Witness(Value::Object(m)),
                Ok(_) => Outcome::Unknown(format!(
                    "`{r}` may be implied by a condition of the other side"
                )),
                Err(why) => Outcome::NoWitness(why),
            };
            let p = format!("{}/required", self.obj_ptr(x, y));
            self.fail(
                out,
                ctx,
                p,
                Cat::Required,
                format!("an object without `{r}`"),
                o,
            );
        }
        // Declared names.
        let mut names: Vec<&str> = x.props.iter().map(|(n, _)| n.as_str()).collect();
        for (n, _) in &y.props {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
        for name in &names {
            let va = x.applicable(name);
            let Some(first) = va.first().copied() else {
                continue;
            };
            if va.iter().any(|s| s.is_nothing()) {
                continue;
            }
            let pctx = ctx.prop(name, x);
            for vb in y.applicable(name) {
                if vb.is_nothing() {
                    let o = self.sample_or(first);
                    let declared = x.prop(name).is_some() && y.prop(name).is_none();
                    let cat = if declared || y.prop(name).is_some() {
                        Cat::Property
                    } else {
                        Cat::Additional
                    };
                    let p = self.prop_path(x, y, name);
                    self.fail(out, &pctx, p, cat, format!("property `{name}`"), o);
                } else {
                    self.declared_in(x, y, name, first, vb, &pctx, out);
                }
            }
        }
        // Undeclared names, region by region.
        let declared: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let xp: Vec<String> = x.patterns.iter().map(|(p, _)| p.clone()).collect();
        let yp: Vec<String> = y.patterns.iter().map(|(p, _)| p.clone()).collect();
        let mut a_regions: Vec<(Vec<String>, Vec<String>, &Node, String)> = x
            .patterns
            .iter()
            .map(|(p, s)| {
                (
                    vec![p.clone()],
                    Vec::new(),
                    s,
                    format!("patternProperties/{p}"),
                )
            })
            .collect();
        a_regions.push((
            Vec::new(),
            xp.clone(),
            &x.additional,
            "additionalProperties".into(),
        ));
        let mut b_regions: Vec<(Vec<String>, Vec<String>, &Node, &str)> = y
            .patterns
            .iter()
            .map(|(p, s)| (vec![p.clone()], Vec::new(), s, "patternProperties"))
            .collect();
        b_regions.push((
            Vec::new(),
            yp.clone(),
            &y.additional,
            "additionalProperties",
        ));
        for (apos, aneg, anode, _) in &a_regions {
            if anode.is_nothing() {
                continue;
            }
            for (bpos, bneg, bnode, bkw) in &b_regions {
                if bnode.any {
                    continue;
                }
                let pos: Vec<String> = apos.iter().chain(bpos.iter()).cloned().collect();
                let neg: Vec<String> = aneg.iter().chain(bneg.iter()).cloned().collect();
                let name = match strings::find_matching(&pos, &neg, &declared, self.formats) {
                    Ok(Some(n)) => n,
                    Ok(None) => continue,
                    Err(why) => {
                        let p = format!("{}/patternProperties", self.obj_ptr(x, y));
                        self.fail(
                            out,
                            ctx,
                            p,
                            Cat::Unknown,
                            "property names".into(),
                            Outcome::Unknown(why),
                        );
                        continue;
                    }
                };
                let pctx = ctx.prop(&name, x);
                if bnode.is_nothing() {
                    let o = self.sample_or(anode);
                    let p = format!("{}/{}", self.obj_ptr(x, y), bkw);
                    self.fail(
                        out,
                        &pctx,
                        p,
                        Cat::Additional,
                        format!("undeclared properties such as `{name}`"),
                        o,
                    );
                } else {
                    self.sub(anode, bnode, &pctx, out);
                }
            }
        }
        // Conditional requirements of B.
        for c in &y.conds {
            self.cond_in(x, c, ctx, out);
        }
    }

    /// The values of a declared name. When one side declares it and the other leaves it to
    /// `additionalProperties`, what breaks is the declaration: one `property_added` /
    /// `property_removed` at the declaration, whichever value constraints fail.
    #[allow(clippy::too_many_arguments)]
    fn declared_in<'n>(
        &self,
        x: &'n Obj,
        y: &'n Obj,
        name: &str,
        va: &Node,
        vb: &Node,
        ctx: &Ctx<'n>,
        out: &mut Vec<Fail>,
    ) {
        let undeclared = |o: &Obj| {
            o.prop(name).is_none()
                && o.applicable(name)
                    .iter()
                    .all(|s| std::ptr::eq(*s, &*o.additional))
        };
        let (side_a, side_b) = if self.a_is_old {
            ("old", "new")
        } else {
            ("new", "old")
        };
        let (cat, side) = match (undeclared(x), undeclared(y)) {
            (true, false) => (Cat::Declared, side_b),
            (false, true) => (Cat::Property, side_a),
            _ => return self.sub(va, vb, ctx, out),
        };
        let mut fails = Vec::new();
        self.sub(va, vb, ctx, &mut fails);
        if fails
            .iter()
            .any(|f| matches!(f.outcome, Outcome::Unknown(_)))
        {
            out.append(&mut fails);
        } else if let Some(f) = fails.into_iter().next() {
            out.push(Fail {
                path: self.prop_path(x, y, name),
                cat,
                detail: format!(
                    "property `{name}`, declared by the {side} schema only: {}",
                    f.detail
                ),
                instance_path: ctx.instance_path(),
                outcome: f.outcome,
            });
        }
    }

    /// The pointer of the object schema that names a change (the new side's).
    fn obj_ptr<'o>(&self, x: &'o Obj, y: &'o Obj) -> &'o str {
        if self.a_is_old {
            &y.ptr
        } else {
            &x.ptr
        }
    }

    /// The pointer of a property's declaration (the new side's, else the old side's, else
    /// where the new object would declare it).
    fn prop_path(&self, x: &Obj, y: &Obj, name: &str) -> String {
        let (new, old) = if self.a_is_old { (y, x) } else { (x, y) };
        new.prop(name)
            .or_else(|| old.prop(name))
            .map(|s| s.ptr.clone())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| format!("{}/properties/{}", new.ptr, esc(name)))
    }

    fn cond_in<'n>(&self, x: &'n Obj, c: &raw::Cond, ctx: &Ctx<'n>, out: &mut Vec<Fail>) {
        let path = if self.a_is_old {
            c.ptr.clone()
        } else {
            format!("{}/required", x.ptr)
        };
        for (holds, need) in [(true, &c.then_req), (false, &c.else_req)] {
            for r in need.iter().filter(|r| !x.required.contains(*r)) {
                if holds && implied(x, c, r) {
                    continue;
                }
                // Search an instance of A for which the condition is as wanted and `r` absent.
                let mut found = None;
                for cand in self.cond_candidates(x, c, holds, r) {
                    if let Value::Object(m) = &cand {
                        let mut xn = Node::nothing("");
                        xn.objects.push(x.clone());
                        if !m.contains_key(r)
                            && cond_holds(c, m, self.formats) == holds
                            && accepts(&xn, &cand, self.formats)
                        {
                            found = Some(cand);
                            break;
                        }
                    }
                }
                let o = match found {
                    Some(v) => Outcome::Witness(v),
                    None if !holds || !cannot_hold(x, c, self.formats) => {
                        Outcome::Unknown(format!(
                            "cannot decide whether the condition of `{}` can leave out `{r}`",
                            c.ptr
                        ))
                    }
                    None => continue,
                };
                let when = if holds {
                    "when the condition holds"
                } else {
                    "when the condition does not hold"
                };
                self.fail(
                    out,
                    ctx,
                    path.clone(),
                    Cat::Conditional,
                    format!("an object without `{r}` {when}"),
                    o,
                );
            }
        }
    }

    /// Candidate instances of `x` for a condition wanted true (or false), without `r`.
    fn cond_candidates(&self, x: &Obj, c: &raw::Cond, holds: bool, r: &str) -> Vec<Value> {
        let mut out = Vec::new();
        if holds {
            let mut set: Vec<(String, Value)> = Vec::new();
            for n in &c.when_required {
                let v = c
                    .when_props
                    .iter()
                    .find(|(m, _)| m == n)
                    .and_then(|(_, s)| self.value_in_both(x, n, s))
                    .or_else(|| x.applicable(n).first().and_then(|s| self.sample(s, 0).ok()));
                match v {
                    Some(v) => set.push((n.clone(), v)),
                    None => return out,
                }
            }
            for (n, s) in &c.when_props {
                if x.required.contains(n) && !set.iter().any(|(m, _)| m == n) {
                    if let Some(v) = self.value_in_both(x, n, s) {
                        set.push((n.clone(), v));
                    }
                }
            }
            if let Ok(v) = self.min_obj_with(x, &set, Some(r), 0) {
                out.push(v);
            }
        } else {
            if let Ok(v) = self.min_obj(x, None, Some(r), 0) {
                out.push(v);
            }
            for (n, s) in &c.when_props {
                if let Some(v) = self.value_outside(x, n, s) {
                    if let Ok(w) = self.min_obj_with(x, &[(n.clone(), v)], Some(r), 0) {
                        out.push(w);
                    }
                }
            }
        }
        out
    }

    fn value_in_both(&self, x: &Obj, n: &str, s: &Node) -> Option<Value> {
        let mut node = s.clone();
        for a in x.applicable(n) {
            node = raw::intersect(&node, a, self.formats)?;
        }
        self.sample(&node, 0).ok()
    }

    fn value_outside(&self, x: &Obj, n: &str, s: &Node) -> Option<Value> {
        let apps = x.applicable(n);
        let first = apps.first()?;
        let mut cands = Vec::new();
        let e = first.expand();
        for st in &e.strings {
            if let Some(v) = &st.finite {
                cands.extend(v.iter().cloned().map(Value::String));
            } else if let Ok(Some(t)) = strings::sample(&st.set(), self.formats) {
                cands.push(Value::String(t));
            }
        }
        for num in &e.numbers {
            if let NumSet::Finite(v) = num {
                cands.extend(v.iter().map(|r| r.to_value()));
            } else if let Some(r) = num.sample() {
                cands.push(r.to_value());
            }
        }
        if let Some(b) = e.boolean {
            if b.t {
                cands.push(Value::Bool(true));
            }
            if b.f {
                cands.push(Value::Bool(false));
            }
        }
        if e.null {
            cands.push(Value::Null);
        }
        cands.into_iter().find(|v| {
            !accepts(s, v, self.formats) && apps.iter().all(|a| accepts(a, v, self.formats))
        })
    }

    // ----- samples and witnesses ------------------------------------------------------------

    fn wrap(&self, ctx: &Ctx, local: Value) -> Result<Value, String> {
        let mut v = local;
        for f in ctx.frames.iter().rev() {
            v = match f {
                Frame::Prop(name, o) => self.min_obj_with(o, &[(name.clone(), v)], None, 0)?,
                Frame::Item(a) => {
                    let mut items = vec![v];
                    while (items.len() as u64) < a.min {
                        let next = self.sample_distinct(&a.items, &items)?;
                        items.push(next);
                    }
                    Value::Array(items)
                }
            };
        }
        Ok(v)
    }

    fn min_obj(
        &self,
        o: &Obj,
        set: Option<(&str, Value)>,
        omit: Option<&str>,
        depth: usize,
    ) -> Result<Value, String> {
        let set: Vec<(String, Value)> = set.into_iter().map(|(n, v)| (n.to_string(), v)).collect();
        self.min_obj_with(o, &set, omit, depth)
    }

    /// An instance of `o` with its required properties, `set`, and what its conditions then
    /// require, without `omit` (unless something requires it).
    fn min_obj_with(
        &self,
        o: &Obj,
        set: &[(String, Value)],
        omit: Option<&str>,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > SAMPLE_DEPTH {
            return Err("the type is recursive without a finite instance".into());
        }
        let mut m = Map::new();
        for (n, v) in set {
            m.insert(n.clone(), v.clone());
        }
        let add = |m: &mut Map<String, Value>, n: &str| -> Result<(), String> {
            if m.contains_key(n) {
                return Ok(());
            }
            let apps = o.applicable(n);
            let first = apps.first().ok_or("no schema")?;
            let mut node = (*first).clone();
            for a in &apps[1..] {
                node =
                    raw::intersect(&node, a, self.formats).ok_or("overlapping property schemas")?;
            }
            let v = self.sample(&node, depth + 1)?;
            m.insert(n.to_string(), v);
            Ok(())
        };
        for r in &o.required {
            if Some(r.as_str()) != omit {
                add(&mut m, r)?;
            }
        }
        for _ in 0..4 {
            let mut more = Vec::new();
            for c in &o.conds {
                let need = if cond_holds(c, &m, self.formats) {
                    &c.then_req
                } else {
                    &c.else_req
                };
                more.extend(need.iter().filter(|r| !m.contains_key(*r)).cloned());
            }
            if more.is_empty() {
                break;
            }
            for r in more {
                add(&mut m, &r)?;
            }
        }
        Ok(Value::Object(m))
    }

    /// A value of the set (strings first, then numbers, booleans, objects, arrays, null).
    pub fn sample(&self, n: &Node, depth: usize) -> Result<Value, String> {
        if depth > SAMPLE_DEPTH {
            return Err("the type is recursive without a finite instance".into());
        }
        if n.opaque.is_some() {
            return Err("no sample of a schema the checker does not model".into());
        }
        let n = n.expand();
        let mut last = "the schema allows no value".to_string();
        for s in &n.strings {
            match strings::sample(&s.set(), self.formats) {
                Ok(Some(t)) => return Ok(Value::String(t)),
                Ok(None) => {}
                Err(why) => last = why,
            }
        }
        for x in &n.numbers {
            if let Some(r) = x.sample() {
                return Ok(r.to_value());
            }
        }
        if let Some(b) = n.boolean {
            return Ok(Value::Bool(b.t));
        }
        for o in &n.objects {
            match self.min_obj(o, None, None, depth + 1) {
                Ok(v) => return Ok(v),
                Err(why) => last = why,
            }
        }
        for a in &n.arrays {
            match self.sample_arr(a, a.min, depth + 1) {
                Ok(v) => return Ok(v),
                Err(why) => last = why,
            }
        }
        if n.null {
            return Ok(Value::Null);
        }
        Err(last)
    }

    fn sample_arr(&self, a: &Arr, len: u64, depth: usize) -> Result<Value, String> {
        if len > 10_000 {
            return Err(format!("an array of {len} items is too long for a witness"));
        }
        let mut items = Vec::new();
        while (items.len() as u64) < len {
            let v = if a.unique {
                self.sample_distinct(&a.items, &items)?
            } else {
                self.sample(&a.items, depth + 1)?
            };
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn sample_distinct(&self, n: &Node, have: &[Value]) -> Result<Value, String> {
        let e = n.expand();
        let mut cands: Vec<Value> = Vec::new();
        for s in &e.strings {
            match &s.finite {
                Some(v) => cands.extend(v.iter().cloned().map(Value::String)),
                None => {
                    if let Ok(Some(base)) = strings::sample(&s.set(), self.formats) {
                        cands.push(Value::String(base.clone()));
                        for i in 0..have.len() + 2 {
                            let t = format!("{base}{i}");
                            if strings::set_contains(&s.set(), &t, self.formats) == Ok(true) {
                                cands.push(Value::String(t));
                            }
                        }
                    }
                }
            }
        }
        for x in &e.numbers {
            match x {
                NumSet::Finite(v) => cands.extend(v.iter().map(|r| r.to_value())),
                NumSet::Range(r) => {
                    cands.extend(r.members(&[Rat::int(0)]).iter().map(|r| r.to_value()))
                }
            }
        }
        if let Some(b) = e.boolean {
            if b.t {
                cands.push(Value::Bool(true));
            }
            if b.f {
                cands.push(Value::Bool(false));
            }
        }
        if e.null {
            cands.push(Value::Null);
        }
        cands
            .into_iter()
            .find(|c| have.iter().all(|h| !raw::json_eq(h, c)))
            .ok_or_else(|| "cannot find enough distinct items".to_string())
    }
}

fn esc(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
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
        .filter(|(n, _)| o.required.contains(n))
        .find_map(|(n, s)| single_value(s).map(|v| format!("`{n}: {v}` ")));
    format!("{}(#{})", tag.unwrap_or_default(), o.ptr)
}

/// The one value a set holds, when it is a constant.
fn single_value(n: &Node) -> Option<Value> {
    if n.any || n.opaque.is_some() || !n.arrays.is_empty() || !n.objects.is_empty() {
        return None;
    }
    let mut values = Vec::new();
    if n.null {
        values.push(Value::Null);
    }
    if let Some(b) = n.boolean {
        if b.t {
            values.push(Value::Bool(true));
        }
        if b.f {
            values.push(Value::Bool(false));
        }
    }
    for x in &n.numbers {
        match x {
            NumSet::Finite(v) => values.extend(v.iter().map(|r| r.to_value())),
            NumSet::Range(_) => return None,
        }
    }
    for x in &n.strings {
        match &x.finite {
            Some(v) => values.extend(v.iter().cloned().map(Value::String)),
            None => return None,
        }
    }
    match values.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Whether `x` itself requires `r` whenever `c` holds (a condition of its own with a weaker
/// or equal trigger).
fn implied(x: &Obj, c: &raw::Cond, r: &str) -> bool {
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
fn cannot_hold(x: &Obj, c: &raw::Cond, formats: &dyn FormatCheck) -> bool {
    c.when_required.iter().any(|n| !x.may_have(n))
        || c.when_props.iter().any(|(n, s)| {
            (x.required.contains(n) || c.when_required.contains(n))
                && x.applicable(n)
                    .iter()
                    .any(|a| raw::intersect(a, s, formats).is_some_and(|i| i.is_nothing()))
        })
}
