//! Arrays and objects where either side is a union of several: alternatives are paired by
//! the values they share (see the walk's module docs), and arrays compared keyword by keyword.

use serde_json::Value;

use super::{Ctx, Dir, Dirs, Family, Frame, Local, Walk};
use crate::compat::kinds::ChangeKind;
use crate::compat::model::{Arr, Contains, Node, Obj};
use crate::compat::sample::single_value;
use crate::compat::sets::{accepts, disjoint, intersect, subtract};
use crate::compat::text::{describe_set, show_u64};

impl Walk<'_> {
    // ----- alternatives (arrays, objects) ------------------------------------------------

    /// The arrays or objects of two nodes: single ones are compared; unions are paired first
    /// (see the module docs).
    pub(super) fn alternatives(&mut self, o: &Node, n: &Node, ctx: &Ctx, kind: Alt) {
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
                        let split = !fits
                            && matches!(kind, Alt::Object)
                            && self.split_by_tag(o, n, w, many, dir, &dctx);
                        if !fits && !split {
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

    /// A writer's object alternative `w` against several reading ones told apart by a tag (a
    /// property they all require, with value sets that do not meet): `w` is split by the tag
    /// and each part compared with its reader; tag values no reader takes are a removed (or
    /// added) branch. `false` when there is no such tag.
    fn split_by_tag(
        &mut self,
        o: &Node,
        n: &Node,
        w: usize,
        partners: &[usize],
        dir: Dir,
        ctx: &Ctx,
    ) -> bool {
        let (ws, rs) = match dir {
            Dir::Backward => (o, n),
            Dir::Forward => (n, o),
        };
        let wo = &ws.objects[w];
        let readers: Vec<&Obj> = partners.iter().map(|p| &rs.objects[*p]).collect();
        fn tag_of<'r>(r: &'r Obj, t: &str) -> Option<&'r Node> {
            r.patterns
                .is_empty()
                .then(|| r.prop(t).map(|p| &p.node))
                .flatten()
        }
        let Some(tag) = readers[0].required.iter().find(|t| {
            readers
                .iter()
                .all(|r| r.required.contains(*t) && tag_of(r, t).is_some())
                && readers.iter().enumerate().all(|(i, a)| {
                    readers[i + 1..]
                        .iter()
                        .all(|b| match (tag_of(a, t), tag_of(b, t)) {
                            (Some(x), Some(y)) => disjoint(x, y, self.formats),
                            _ => false,
                        })
                })
        }) else {
            return false;
        };
        if !wo.required.contains(tag) || !wo.patterns.is_empty() {
            return false;
        }
        let mut values = Node::any("");
        for a in wo.applicable(tag) {
            match intersect(&values, a, self.formats) {
                Some(v) => values = v,
                None => return false,
            }
        }
        let mut rest = values.clone();
        let mut parts = Vec::new();
        for r in &readers {
            let Some(t) = tag_of(r, tag) else {
                return false;
            };
            let Some(part) = intersect(&values, t, self.formats) else {
                return false;
            };
            match subtract(&rest, t, self.formats) {
                Some(x) => rest = x,
                None => return false,
            }
            if part.is_nothing() {
                continue;
            }
            let mut wr = wo.clone();
            match wr.props.iter_mut().find(|p| &p.name == tag) {
                Some(p) => p.node = part,
                None => return false,
            }
            parts.push((wr, *r));
        }
        for (wr, r) in &parts {
            match dir {
                Dir::Backward => self.objects(wr, r, ctx),
                Dir::Forward => self.objects(r, wr, ctx),
            }
        }
        if !rest.is_nothing() {
            let local = match self.sampler.sample(&rest, 0) {
                Ok(v) => Local::sampled(self.sampler.object(wo, &[(tag.clone(), v)], None, 0)),
                Err(why) => Local::NoWitness(why),
            };
            let detail = format!("objects with other values of `{tag}`");
            self.failure(ctx, dir, n, Family::Branch, "", detail, local);
        }
        true
    }

    fn pair(&mut self, o: &Node, n: &Node, i: usize, j: usize, ctx: &Ctx, kind: Alt) {
        match kind {
            Alt::Array => self.arrays(&o.arrays[i], &n.arrays[j], n, ctx),
            Alt::Object => self.objects(&o.objects[i], &n.objects[j], ctx),
        }
    }

    // ----- arrays ------------------------------------------------------------------------

    fn arrays(&mut self, x: &Arr, y: &Arr, n: &Node, ctx: &Ctx) {
        // Every field is compared below; a keyword the model learns must be too.
        let Arr {
            prefix: _,
            items: _,
            min: _,
            max: _,
            unique: _,
            contains: _,
        } = x;
        // Position by position (`prefixItems`), then the rest (`items`), where arrays of both
        // sides reach the position (an array one side cannot make that long is `maxItems`'s).
        for index in 0..=x.prefix.len().max(y.prefix.len()) {
            if !x.reaches(index) || !y.reaches(index) {
                continue;
            }
            let ictx = ctx.frame(Frame::Item {
                old: x,
                new: y,
                index,
            });
            self.compare(x.item(index), y.item(index), &ictx);
        }
        self.contains(x, y, n, ctx);
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
}

impl Walk<'_> {
    /// The `contains` of each side against the other side's arrays.
    fn contains(&mut self, x: &Arr, y: &Arr, n: &Node, ctx: &Ctx) {
        for dir in [Dir::Backward, Dir::Forward] {
            if !ctx.dirs.has(dir) {
                continue;
            }
            let (w, r) = match dir {
                Dir::Backward => (x, y),
                Dir::Forward => (y, x),
            };
            let dctx = ctx.dirs(Dirs::only(dir));
            for c in &r.contains {
                let local = self.contains_local(w, c);
                if local.ok() {
                    continue;
                }
                // The same `contains` counted differently is a bound; else the schema changed.
                let same = w.contains.iter().find(|d| d.canonical == c.canonical);
                let (family, keyword) = match same {
                    Some(d) if d.min < c.min => (Family::Bound, "minContains"),
                    Some(_) => (Family::Bound, "maxContains"),
                    None => (Family::Contains, "contains"),
                };
                let count = match (c.min, c.max) {
                    (lo, None) => format!("at least {lo}"),
                    (0, Some(hi)) => format!("at most {hi}"),
                    (lo, Some(hi)) => format!("{lo} to {hi}"),
                };
                let detail = format!(
                    "arrays must hold {count} items of {}",
                    describe_set(&c.node, self.names)
                );
                self.failure(&dctx, dir, n, family, keyword, detail, local);
            }
        }
    }

    /// Whether every array of `w` has between `c.min` and `c.max` items in `c.node`; the
    /// counterexample otherwise.
    fn contains_local(&self, w: &Arr, c: &Contains) -> Local {
        let positions: Vec<usize> = (0..=w.prefix.len()).filter(|i| w.reaches(*i)).collect();
        if c.min > 0 {
            let counted = w
                .contains
                .iter()
                .any(|d| d.min >= c.min && self.within(&d.node, &c.node, true).ok());
            let all = w.min >= c.min
                && positions
                    .iter()
                    .all(|i| self.within(w.item(*i), &c.node, false).ok());
            if !counted && !all {
                // An array of `w` whose items avoid `c.node` where they can.
                let avoiding = Arr {
                    contains: w
                        .contains
                        .iter()
                        .cloned()
                        .chain([Contains {
                            max: Some(c.min - 1),
                            min: 0,
                            ..c.clone()
                        }])
                        .collect(),
                    ..w.clone()
                };
                return match self.sampler.array(&avoiding, w.min, 0) {
                    Ok(v) if self.in_arr(w, &v) => Local::Value(v),
                    _ => Local::Unknown(format!(
                        "cannot decide whether every array holds {} items of `contains` at #{}",
                        c.min, c.ptr
                    )),
                };
            }
        }
        if let Some(max) = c.max {
            let capped = w.max.is_some_and(|m| m <= max)
                || positions
                    .iter()
                    .all(|i| disjoint(w.item(*i), &c.node, self.formats))
                || w.contains.iter().any(|d| {
                    d.max.is_some_and(|dm| dm <= max) && self.within(&c.node, &d.node, true).ok()
                });
            if !capped {
                // An array of `w` with one item of `c.node` too many.
                let crowded = Arr {
                    contains: w
                        .contains
                        .iter()
                        .cloned()
                        .chain([Contains {
                            min: max + 1,
                            max: None,
                            ..c.clone()
                        }])
                        .collect(),
                    ..w.clone()
                };
                return match self.sampler.array(&crowded, w.min, 0) {
                    Ok(v) if self.in_arr(w, &v) => Local::Value(v),
                    _ => Local::Unknown(format!(
                        "cannot decide whether arrays hold at most {max} items of `contains` at #{}",
                        c.ptr
                    )),
                };
            }
        }
        Local::Ok
    }

    /// Whether `v` is an array of `a`.
    fn in_arr(&self, a: &Arr, v: &Value) -> bool {
        let mut n = Node::nothing("");
        n.arrays.push(a.clone());
        accepts(&n, v, self.formats)
    }
}

/// The kinds whose alternatives are paired (unions of arrays or of objects).
#[derive(Debug, Clone, Copy)]
pub(super) enum Alt {
    /// Arrays.
    Array,
    /// Objects.
    Object,
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
