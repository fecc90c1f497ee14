//! Booleans, numbers and strings: each keyword that differs is one change, decided on exact
//! arithmetic ([`crate::compat::numbers`]) and automata ([`crate::compat::strings`]); where
//! either side is a union of several sets of one kind, each alternative is checked against
//! the other side's union, one direction at a time.

use serde_json::Value;

use super::{Ctx, Dir, Dirs, Failure, FitsIn, Local, Named, Walk};
use crate::compat::kinds::{ChangeKind, Family};
use crate::compat::model::{BoolSet, Node, Str};
use crate::compat::numbers::{self, NumAnswer, NumConstraint, NumSet, Rat};
use crate::compat::sets::lengths_only;
use crate::compat::strings::{self, StrAnswer, StrConstraint, StrSet};
use crate::compat::text::{
    describe_string, show_format, show_num, show_numset, show_opt, show_str, show_u64, show_values,
};
use crate::ir::{NumericType, StringType};

impl<'a> Walk<'a> {
    pub(super) fn booleans(&mut self, a: BoolSet, b: BoolSet, n: &Node, ctx: &Ctx) {
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

    pub(super) fn numbers(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
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
            let NumSet::Range(r) = x else { return None };
            let local = match numbers::covered(r, bs) {
                NumAnswer::Yes => return None,
                NumAnswer::No(w) => Local::Value(w.to_value()),
                NumAnswer::Unknown(why) => Local::Unknown(why),
            };
            let detail = match &local {
                Local::Value(v) => format!("the number {v} is in no alternative"),
                _ => "numbers".into(),
            };
            let family = if local.ok() || matches!(local, Local::Value(_)) {
                Family::Bound
            } else {
                Family::Undecidable
            };
            return Some((family, "", detail, local));
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

    pub(super) fn strings(&mut self, o: &Node, n: &Node, ctx: &Ctx) {
        match (o.strings.as_slice(), n.strings.as_slice()) {
            ([x], [y]) => self.string_sets(x, y, o, n, ctx),
            (xs, ys) => self.scalar_union(xs, ys, n, ctx, Walk::string_in),
        }
    }

    /// Whether string set `x` fits the union `bs`; the failure otherwise.
    fn string_in(&self, x: &Str, bs: &[Str]) -> Option<Failure> {
        if let Some(values) = &x.finite {
            let v = values
                .iter()
                .find(|v| !bs.iter().any(|b| b.contains(v, self.formats)))?;
            return Some((
                Family::Values,
                "enum",
                format!("value {}", show_str(v)),
                Local::Value(Value::String(v.clone())),
            ));
        }
        let mut first = None;
        for b in bs {
            match self.string_all(x, b) {
                (_, Local::Ok) => return None,
                failure => {
                    first.get_or_insert(failure);
                }
            }
        }
        if bs.len() > 1 {
            return match self.strings_covered(x, bs) {
                Some(Local::Ok) => None,
                Some(local @ Local::Value(_)) => {
                    let detail = match &local {
                        Local::Value(v) => format!("the string {v} is in no alternative"),
                        _ => String::new(),
                    };
                    Some((Family::Bound, "", detail, local))
                }
                _ => Some((
                    Family::Undecidable,
                    "",
                    "strings".into(),
                    Local::Unknown(
                        "inclusion of a string set in a union of string sets is not decided".into(),
                    ),
                )),
            };
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

    /// Whether a string set constrained by lengths only is covered by a union of such sets
    /// and finite ones (a sweep over lengths, then the values the union takes out); `None`
    /// when a set has a pattern or a format.
    fn strings_covered(&self, x: &Str, bs: &[Str]) -> Option<Local> {
        if x.finite.is_some() || !lengths_only(x) {
            return None;
        }
        let mut spans = Vec::new();
        for b in bs {
            match &b.finite {
                Some(_) => {}
                None if lengths_only(b) => {
                    spans.push((b.st.min_length.unwrap_or(0), b.st.max_length));
                }
                None => return None,
            }
        }
        let covered = |s: &str| bs.iter().any(|b| b.contains(s, self.formats));
        let (lo, hi) = (x.st.min_length.unwrap_or(0), x.st.max_length);
        let mut len = lo;
        while hi.is_none_or(|h| len <= h) {
            let reach = spans
                .iter()
                .filter(|(l, u)| *l <= len && u.is_none_or(|u| len <= u))
                .map(|(_, u)| u.map_or(u64::MAX, |u| u))
                .max();
            match reach {
                Some(u64::MAX) => break,
                Some(u) => len = u + 1,
                None => {
                    // Every string of this length: one the union does not take, if any.
                    let width = usize::try_from(len).ok()?;
                    let gap = ('a'..='z')
                        .map(|c| c.to_string().repeat(width))
                        .find(|s| x.contains(s, self.formats) && !covered(s));
                    match gap {
                        Some(s) => return Some(Local::Value(Value::String(s))),
                        None if len == 0 => len = 1,
                        None => return None,
                    }
                }
            }
        }
        for s in bs.iter().flat_map(|b| &b.excluded) {
            if x.contains(s, self.formats) && !covered(s) {
                return Some(Local::Value(Value::String(s.clone())));
            }
        }
        Some(Local::Ok)
    }

    /// `a ⊆ b` for whole string sets: the constraint that fails and its outcome.
    fn string_all(&self, a: &Str, b: &Str) -> (Named, Local) {
        let constraints = match b.set() {
            StrSet::Finite(values) => vec![StrConstraint::Finite(values.clone())],
            StrSet::Constrained(st) => strings::constraints_of(st),
        };
        for c in &constraints {
            let local = self.string_local(a, c);
            if !local.ok() {
                return (string_named(c), local);
            }
        }
        if let Some(v) = self.excluded_in(a, b) {
            return ((Family::Excluded, "not"), Local::Value(Value::String(v)));
        }
        ((Family::Note, ""), Local::Ok)
    }

    /// A value `b` excludes that `a` holds.
    fn excluded_in(&self, a: &Str, b: &Str) -> Option<String> {
        b.excluded
            .iter()
            .find(|v| a.contains(v, self.formats))
            .cloned()
    }

    fn string_local(&self, a: &Str, c: &StrConstraint) -> Local {
        match strings::subset_avoiding(&a.set(), c, &a.excluded, self.formats) {
            StrAnswer::Yes => Local::Ok,
            StrAnswer::No(s) => Local::Value(Value::String(s)),
            StrAnswer::Unknown(why) => Local::Unknown(why),
        }
    }

    fn string_sets(&mut self, x: &Str, y: &Str, o: &Node, n: &Node, ctx: &Ctx) {
        let (set_a, set_b) = (x, y);
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
                // Every keyword is compared below; one the model learns must be too.
                let StringType {
                    format: _,
                    min_length: _,
                    max_length: _,
                    pattern: _,
                } = sa;
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
                            self.string_local(set_a, &StrConstraint::Format(f))
                        });
                        let forward = ea.map_or(Local::Ok, |f| {
                            self.string_local(set_b, &StrConstraint::Format(f))
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
                    let backward = lb.map_or(Local::Ok, |v| self.string_local(set_a, &make(v)));
                    let forward = la.map_or(Local::Ok, |v| self.string_local(set_b, &make(v)));
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
                        self.string_local(set_a, &StrConstraint::Pattern(p.clone()))
                    });
                    let forward = sa.pattern.as_ref().map_or(Local::Ok, |p| {
                        self.string_local(set_b, &StrConstraint::Pattern(p.clone()))
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
                // Values a `not` takes out.
                for (dir, w, r) in [(Dir::Backward, x, y), (Dir::Forward, y, x)] {
                    for v in r.excluded.iter().filter(|v| !w.excluded.contains(v)) {
                        if !w.contains(v, self.formats) {
                            continue;
                        }
                        let (kind, detail) = match dir {
                            Dir::Backward => (
                                ChangeKind::ExcludedValueAdded,
                                format!("{} is excluded (`not`)", show_str(v)),
                            ),
                            Dir::Forward => (
                                ChangeKind::ExcludedValueRemoved,
                                format!("{} is no longer excluded (`not`)", show_str(v)),
                            ),
                        };
                        let (b, f) = match dir {
                            Dir::Backward => (Local::Value(Value::String(v.clone())), Local::Ok),
                            Dir::Forward => (Local::Ok, Local::Value(Value::String(v.clone()))),
                        };
                        self.emit(ctx, format!("{}/not", n.ptr), kind, detail, b, f);
                    }
                }
            }
            (Some(va), None) => {
                let backward = self.string_all(set_a, set_b).1;
                let forward = self.string_all(set_b, set_a).1;
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
                let backward = self.string_all(set_a, set_b).1;
                let forward = self.string_all(set_b, set_a).1;
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
