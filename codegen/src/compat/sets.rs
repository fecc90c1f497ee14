//! Set operations on the model ([`super::model`]): union and intersection of nodes (`anyOf`,
//! `allOf`, `$ref` with siblings), disjointness (a discriminated union's branches, a `oneOf`
//! that may overlap) and membership of a JSON value. Each is exact or says it cannot be done
//! (`None`), never approximates.

use serde_json::{Map, Value};

use super::model::{Arr, BoolSet, Cond, Node, Obj, Prop, Str};
use super::numbers::{self, Bound, NumConstraint, NumSet, Range, Rat};
use super::strings::{self, FormatCheck};
use crate::ir::{Format, StringType};

/// Removes what conditions add that the object already has, and decides the conditions that
/// always or never hold.
pub fn normalise_conds(o: &mut Obj) {
    let mut conds = std::mem::take(&mut o.conds);
    let mut changed = true;
    while changed {
        changed = false;
        let mut keep = Vec::new();
        for mut c in conds {
            c.then_req.retain(|r| !o.required.contains(r));
            c.else_req.retain(|r| !o.required.contains(r));
            let never = c.when_required.iter().any(|n| !o.may_have(n))
                || c.when_props.iter().any(|(n, s)| {
                    (o.required.contains(n) || c.when_required.contains(n))
                        && o.applicable(n).iter().all(|a| {
                            a.opaque.is_none() && !a.any && !a.is_nothing() && {
                                let x = intersect(a, s, &NoFormats);
                                x.is_some_and(|x| x.is_nothing())
                            }
                        })
                });
            let always =
                c.when_props.is_empty() && c.when_required.iter().all(|n| o.required.contains(n));
            // A condition decided either way adds its requirements to the object; a schema it
            // demands stays a condition (still decided by the same test).
            if never {
                if !c.else_req.is_empty() {
                    o.required.extend(std::mem::take(&mut c.else_req));
                    changed = true;
                }
                if c.else_node.is_some() {
                    c.then_req.clear();
                    c.then_node = None;
                    keep.push(c);
                }
                continue;
            }
            if always {
                if !c.then_req.is_empty() {
                    o.required.extend(std::mem::take(&mut c.then_req));
                    changed = true;
                }
                if c.then_node.is_some() {
                    c.else_req.clear();
                    c.else_node = None;
                    keep.push(c);
                }
                continue;
            }
            if c.then_req.is_empty()
                && c.else_req.is_empty()
                && c.then_node.is_none()
                && c.else_node.is_none()
            {
                continue;
            }
            keep.push(c);
        }
        conds = keep;
    }
    o.conds = conds;
}

/// Format checks that accept everything (used where only emptiness of finite sets matters).
pub struct NoFormats;

impl FormatCheck for NoFormats {
    fn is_valid(&self, _: Format, _: &str) -> bool {
        true
    }
}

// ----- set operations ------------------------------------------------------------------------

/// The union of two nodes (`None` when it cannot be represented).
pub fn union(a: &Node, b: &Node) -> Option<Node> {
    if a.any || b.any {
        return Some(Node::any(&a.ptr));
    }
    if a.opaque.is_some() || b.opaque.is_some() {
        return None;
    }
    let mut out = a.clone();
    out.overlap = None;
    if a.is_nothing() {
        out.ptr = b.ptr.clone();
        out.notes = b.notes.clone();
    }
    out.listed = a.listed.clone().or_else(|| b.listed.clone());
    out.numeric = match (a.numbers.is_empty(), b.numbers.is_empty()) {
        (false, true) => a.numeric.clone(),
        (true, false) => b.numeric.clone(),
        _ => None,
    };
    out.null |= b.null;
    out.boolean = match (a.boolean, b.boolean) {
        (None, x) | (x, None) => x,
        (Some(x), Some(y)) => Some(BoolSet {
            t: x.t || y.t,
            f: x.f || y.f,
        }),
    };
    out.numbers.extend(b.numbers.iter().cloned());
    out.strings.extend(b.strings.iter().cloned());
    out.arrays.extend(b.arrays.iter().cloned());
    out.objects.extend(b.objects.iter().cloned());
    // Finite alternatives merge into one.
    let mut finite: Vec<String> = Vec::new();
    let mut rest = Vec::new();
    for s in out.strings.drain(..) {
        match s.finite {
            Some(v) => {
                for x in v {
                    if !finite_has(&finite, &x) {
                        finite.push(x);
                    }
                }
            }
            None => rest.push(s),
        }
    }
    if !finite.is_empty() {
        rest.insert(
            0,
            Str {
                finite: Some(finite),
                ..Str::plain()
            },
        );
    }
    out.strings = rest;
    let mut nums: Vec<Rat> = Vec::new();
    let mut ranges = Vec::new();
    for n in out.numbers.drain(..) {
        match n {
            NumSet::Finite(v) => {
                for x in v {
                    if !nums.contains(&x) {
                        nums.push(x);
                    }
                }
            }
            r => ranges.push(r),
        }
    }
    if !nums.is_empty() {
        ranges.insert(0, NumSet::Finite(nums));
    }
    out.numbers = ranges;
    Some(out)
}

fn finite_has(v: &[String], x: &str) -> bool {
    v.iter().any(|y| y == x)
}

/// The intersection of two nodes (`None` when it cannot be represented).
pub fn intersect(a: &Node, b: &Node, formats: &dyn FormatCheck) -> Option<Node> {
    if a.opaque.is_some() || b.opaque.is_some() {
        return None;
    }
    if b.any {
        return Some(a.clone());
    }
    if a.any {
        let mut n = b.clone();
        n.ptr = a.ptr.clone();
        n.notes = a.notes.clone();
        return Some(n);
    }
    let mut out = Node::nothing(&a.ptr);
    out.notes = a.notes.clone();
    out.listed = a.listed.clone().or_else(|| b.listed.clone());
    out.null = a.null && b.null;
    out.boolean = match (a.boolean, b.boolean) {
        (Some(x), Some(y)) if (x.t && y.t) || (x.f && y.f) => Some(BoolSet {
            t: x.t && y.t,
            f: x.f && y.f,
        }),
        _ => None,
    };
    for x in &a.numbers {
        for y in &b.numbers {
            if let Some(n) = intersect_num(x, y)? {
                out.numbers.push(n);
            }
        }
    }
    for x in &a.strings {
        for y in &b.strings {
            if let Some(s) = intersect_str(x, y, formats)? {
                out.strings.push(s);
            }
        }
    }
    for x in &a.arrays {
        for y in &b.arrays {
            if let Some(arr) = intersect_arr(x, y, formats)? {
                out.arrays.push(arr);
            }
        }
    }
    for x in &a.objects {
        for y in &b.objects {
            let o = intersect_obj(x, y, formats)?;
            if !o.impossible() {
                out.objects.push(o);
            }
        }
    }
    Some(out)
}

/// The arrays in both (`Some(None)`: none).
fn intersect_arr(x: &Arr, y: &Arr, formats: &dyn FormatCheck) -> Option<Option<Arr>> {
    // Every field is merged below; a keyword the model learns must be too.
    let Arr {
        prefix: _,
        items: _,
        min: _,
        max: _,
        unique: _,
        contains: _,
    } = x;
    let n = x.prefix.len().max(y.prefix.len());
    let prefix = (0..n)
        .map(|i| intersect(x.item(i), y.item(i), formats))
        .collect::<Option<Vec<Node>>>()?;
    let mut arr = Arr {
        prefix,
        items: Box::new(intersect(&x.items, &y.items, formats)?),
        min: x.min.max(y.min),
        max: match (x.max, y.max) {
            (Some(p), Some(q)) => Some(p.min(q)),
            (p, q) => p.or(q),
        },
        unique: x.unique || y.unique,
        contains: x.contains.iter().chain(&y.contains).cloned().collect(),
    };
    arr.normalise();
    Some((!arr.impossible()).then_some(arr))
}

fn intersect_num(x: &NumSet, y: &NumSet) -> Option<Option<NumSet>> {
    Some(match (x, y) {
        (NumSet::Finite(v), o) | (o, NumSet::Finite(v)) => {
            let kept: Vec<Rat> = v.iter().copied().filter(|r| o.contains(*r)).collect();
            (!kept.is_empty()).then_some(NumSet::Finite(kept))
        }
        (NumSet::Range(p), NumSet::Range(q)) => {
            let lower = tighter(p.lower, q.lower, true);
            let upper = tighter(p.upper, q.upper, false);
            let multiple_of = match (p.multiple_of, q.multiple_of) {
                (Some(m), Some(n)) if m != n => return None,
                (m, n) => m.or(n),
            };
            let r = Range {
                integer: p.integer || q.integer,
                lower,
                upper,
                multiple_of,
            };
            // Normalised (integer bounds on the grid), and left out when empty.
            let r = r.within(None, None)?;
            (!r.is_empty()?).then_some(NumSet::Range(r))
        }
    })
}

fn tighter(a: Option<Bound>, b: Option<Bound>, lower: bool) -> Option<Bound> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(match a.at.cmp(&b.at) {
            std::cmp::Ordering::Equal => Bound {
                at: a.at,
                inclusive: a.inclusive && b.inclusive,
            },
            std::cmp::Ordering::Greater => {
                if lower {
                    a
                } else {
                    b
                }
            }
            std::cmp::Ordering::Less => {
                if lower {
                    b
                } else {
                    a
                }
            }
        }),
    }
}

fn intersect_str(x: &Str, y: &Str, formats: &dyn FormatCheck) -> Option<Option<Str>> {
    Some(match (&x.finite, &y.finite) {
        (Some(v), _) | (_, Some(v)) => {
            let other = if x.finite.as_ref() == Some(v) { y } else { x };
            let kept: Vec<String> = v
                .iter()
                .filter(|s| strings::set_contains(&other.set(), s, formats).unwrap_or(false))
                .cloned()
                .collect();
            let kept: Vec<String> = kept
                .into_iter()
                .filter(|s| other.contains(s, formats))
                .collect();
            (!kept.is_empty()).then_some(Str {
                finite: Some(kept),
                ..Str::plain()
            })
        }
        (None, None) => {
            let (p, q) = (&x.st, &y.st);
            let pattern = match (&p.pattern, &q.pattern) {
                (Some(a), Some(b)) if a != b => return None,
                (a, b) => a.clone().or(b.clone()),
            };
            // An annotation-only format (`email`) gives way to an asserted one.
            let asserted = |f: Option<Format>| f.filter(|f| strings::is_asserted(*f));
            let format = match (asserted(p.format), asserted(q.format)) {
                (Some(a), Some(b)) if a != b => return None,
                (Some(a), _) | (_, Some(a)) => Some(a),
                (None, None) => p.format.or(q.format),
            };
            let min_length = p.min_length.max(q.min_length);
            let max_length = match (p.max_length, q.max_length) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if max_length.is_some_and(|m| m < min_length.unwrap_or(0)) {
                return Some(None);
            }
            Some(Str {
                finite: None,
                st: StringType {
                    format,
                    min_length,
                    max_length,
                    pattern,
                },
                excluded: {
                    let mut e = x.excluded.clone();
                    e.extend(
                        y.excluded
                            .iter()
                            .filter(|v| !x.excluded.contains(v))
                            .cloned(),
                    );
                    e
                },
            })
        }
    })
}

fn plain_open(o: &Obj) -> bool {
    o.patterns.is_empty() && o.additional.any
}

fn intersect_obj(x: &Obj, y: &Obj, formats: &dyn FormatCheck) -> Option<Obj> {
    // Every field is merged below; a keyword the model learns must be too.
    let Obj {
        ptr: _,
        props: _,
        patterns: _,
        additional: _,
        writers_close: _,
        required: _,
        conds: _,
        names: _,
        min_props: _,
        max_props: _,
    } = x;
    // Exact when one side constrains only declared names (patterns and additional open).
    let (p, q) = if plain_open(y) {
        (x, y)
    } else if plain_open(x) {
        (y, x)
    } else {
        return None;
    };
    let mut out = p.clone();
    // Generated writers emit the merged object's declared properties only.
    out.writers_close = p.writers_close || q.writers_close;
    for Prop { name, ptr, node } in &q.props {
        match out.props.iter_mut().find(|m| &m.name == name) {
            Some(t) => t.node = intersect(&t.node, node, formats)?,
            None => {
                let mut t = node.clone();
                for a in p.applicable(name) {
                    t = intersect(&t, a, formats)?;
                }
                out.props.push(Prop {
                    name: name.clone(),
                    ptr: ptr.clone(),
                    node: t,
                });
            }
        }
    }
    out.required.extend(q.required.iter().cloned());
    out.conds.extend(q.conds.iter().cloned());
    out.names = match (&p.names, &q.names) {
        (Some(a), Some(b)) => Some(Box::new(intersect(a, b, formats)?)),
        (a, b) => a.clone().or(b.clone()),
    };
    out.min_props = p.min_props.max(q.min_props);
    out.max_props = match (p.max_props, q.max_props) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    normalise_conds(&mut out);
    Some(out)
}

/// Whether two nodes are known to share no value.
pub fn disjoint(a: &Node, b: &Node, formats: &dyn FormatCheck) -> bool {
    if a.any || b.any || a.opaque.is_some() || b.opaque.is_some() {
        return a.is_nothing() || b.is_nothing();
    }
    if a.null && b.null {
        return false;
    }
    if let (Some(x), Some(y)) = (a.boolean, b.boolean) {
        if (x.t && y.t) || (x.f && y.f) {
            return false;
        }
    }
    let objects = a
        .objects
        .iter()
        .all(|x| b.objects.iter().all(|y| objects_disjoint(x, y, formats)));
    let without_objects = |n: &Node| Node {
        objects: Vec::new(),
        ..n.clone()
    };
    objects
        && match intersect(&without_objects(a), &without_objects(b), formats) {
            Some(i) => i.numbers.is_empty() && i.strings.is_empty() && i.arrays.is_empty(),
            None => false,
        }
}

/// Whether two object alternatives share no instance: a property one of them requires whose
/// value sets do not meet (distinct constants of a tag, open or closed), or that the other
/// forbids; or an intersection that no object satisfies.
fn objects_disjoint(x: &Obj, y: &Obj, formats: &dyn FormatCheck) -> bool {
    let apart = |n: &String| {
        let ys = y.applicable(n);
        x.applicable(n)
            .iter()
            .any(|s| ys.iter().any(|t| disjoint(s, t, formats)))
    };
    x.required.iter().chain(&y.required).any(apart)
        || intersect_obj(x, y, formats).is_some_and(|o| discriminated(&o, formats))
}

/// An object alternative that no object satisfies: a required property whose value sets do
/// not meet.
fn discriminated(o: &Obj, formats: &dyn FormatCheck) -> bool {
    o.required.iter().any(|n| {
        let apps = o.applicable(n);
        apps.iter().any(|s| s.is_nothing())
            || apps
                .iter()
                .zip(apps.iter().skip(1))
                .any(|(x, y)| intersect(x, y, formats).is_some_and(|i| i.is_nothing()))
    })
}

// ----- membership ------------------------------------------------------------------------------

/// Whether `v` is in the set (opaque schemas accept nothing here).
pub fn accepts(n: &Node, v: &Value, formats: &dyn FormatCheck) -> bool {
    if n.any {
        return true;
    }
    if n.opaque.is_some() {
        return false;
    }
    match v {
        Value::Null => n.null,
        Value::Bool(b) => n.boolean.is_some_and(|s| if *b { s.t } else { s.f }),
        Value::Number(x) => {
            Rat::from_number(x).is_some_and(|r| n.numbers.iter().any(|s| s.contains(r)))
        }
        Value::String(s) => n.strings.iter().any(|a| a.contains(s, formats)),
        Value::Array(items) => n.arrays.iter().any(|a| accepts_arr(a, items, formats)),
        Value::Object(m) => n.objects.iter().any(|o| accepts_obj(o, m, formats)),
    }
}

fn accepts_arr(a: &Arr, items: &[Value], formats: &dyn FormatCheck) -> bool {
    // Every field that constrains instances is checked below.
    let Arr {
        prefix: _,
        items: _,
        min: _,
        max: _,
        unique: _,
        contains: _,
    } = a;
    (items.len() as u64) >= a.min
        && a.max.is_none_or(|m| items.len() as u64 <= m)
        && items
            .iter()
            .enumerate()
            .all(|(i, v)| accepts(a.item(i), v, formats))
        && (!a.unique
            || items
                .iter()
                .enumerate()
                .all(|(i, x)| items[..i].iter().all(|y| !json_eq(x, y))))
        && a.contains.iter().all(|c| {
            let k = items
                .iter()
                .filter(|v| accepts(&c.node, v, formats))
                .count() as u64;
            k >= c.min && c.max.is_none_or(|m| k <= m)
        })
}

/// JSON equality (numbers by value).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Rat::from_number(x) == Rat::from_number(y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Whether a condition holds for an object.
pub fn cond_holds(c: &Cond, m: &Map<String, Value>, formats: &dyn FormatCheck) -> bool {
    c.when_required.iter().all(|n| m.contains_key(n))
        && c.when_props
            .iter()
            .all(|(n, s)| m.get(n).is_none_or(|v| accepts(s, v, formats)))
}

fn accepts_obj(o: &Obj, m: &Map<String, Value>, formats: &dyn FormatCheck) -> bool {
    // Every field that constrains instances is checked below.
    let Obj {
        ptr: _,
        props: _,
        patterns: _,
        additional: _,
        writers_close: _,
        required: _,
        conds: _,
        names: _,
        min_props: _,
        max_props: _,
    } = o;
    let count = m.len() as u64;
    o.required.iter().all(|r| m.contains_key(r))
        && count >= o.min_props
        && o.max_props.is_none_or(|x| count <= x)
        && m.keys().all(|k| o.name_allowed(k))
        && m.iter()
            .all(|(k, v)| o.applicable(k).iter().all(|s| accepts(s, v, formats)))
        && o.conds.iter().all(|c| cond_satisfied(c, m, formats))
}

/// Whether an object meets what a condition demands of it.
pub fn cond_satisfied(c: &Cond, m: &Map<String, Value>, formats: &dyn FormatCheck) -> bool {
    let holds = cond_holds(c, m, formats);
    let (need, node) = if holds {
        (&c.then_req, &c.then_node)
    } else {
        (&c.else_req, &c.else_node)
    };
    let whole = Value::Object(m.clone());
    need.iter().all(|r| m.contains_key(r))
        && node.as_ref().is_none_or(|n| accepts(n, &whole, formats))
}

// ----- difference (`not`, overlapping `oneOf` branches) -----------------------------------------

/// The values of `a` that are not in `b` (`None` when that cannot be represented exactly).
pub fn subtract(a: &Node, b: &Node, formats: &dyn FormatCheck) -> Option<Node> {
    if a.opaque.is_some() || b.opaque.is_some() {
        return None;
    }
    if b.any {
        let mut n = Node::nothing(&a.ptr);
        n.notes = a.notes.clone();
        return Some(n);
    }
    if a.is_nothing() || b.is_nothing() {
        return Some(a.clone());
    }
    let a = a.expand();
    let mut out = a.clone();
    out.overlap = None;
    out.null = a.null && !b.null;
    out.boolean = match (a.boolean, b.boolean) {
        (Some(x), Some(y)) => {
            let (t, f) = (x.t && !y.t, x.f && !y.f);
            (t || f).then_some(BoolSet { t, f })
        }
        (x, None) => x,
        (None, Some(_)) => None,
    };
    let mut nums = a.numbers.clone();
    for y in &b.numbers {
        let mut next = Vec::new();
        for x in &nums {
            next.extend(subtract_num(x, y)?);
        }
        nums = next;
    }
    if nums != a.numbers {
        out.numeric = None;
    }
    out.numbers = nums;
    let mut strs = a.strings.clone();
    for y in &b.strings {
        let mut next = Vec::new();
        for x in &strs {
            next.extend(subtract_str(x, y, formats)?);
        }
        strs = next;
    }
    out.strings = strs;
    let mut arrs = a.arrays.clone();
    for y in &b.arrays {
        let mut next = Vec::new();
        for x in &arrs {
            next.extend(subtract_arr(x, y, formats)?);
        }
        arrs = next;
    }
    out.arrays = arrs;
    let mut objs = a.objects.clone();
    for y in &b.objects {
        let mut next = Vec::new();
        for x in &objs {
            next.extend(subtract_obj(x, y, formats)?);
        }
        objs = next;
    }
    objs.retain(|o| !o.impossible());
    out.arrays.retain(|a| !a.impossible());
    out.objects = objs;
    Some(out)
}

fn subtract_num(x: &NumSet, y: &NumSet) -> Option<Vec<NumSet>> {
    let r = match x {
        NumSet::Finite(v) => {
            let kept: Vec<Rat> = v.iter().copied().filter(|p| !y.contains(*p)).collect();
            return Some(if kept.is_empty() {
                Vec::new()
            } else {
                vec![NumSet::Finite(kept)]
            });
        }
        NumSet::Range(r) => r,
    };
    let flip = |b: Bound| Bound {
        at: b.at,
        inclusive: !b.inclusive,
    };
    let pieces: Vec<Range> = match y {
        NumSet::Finite(points) => {
            let mut pieces = vec![r.clone()];
            for p in points {
                let mut next = Vec::new();
                for q in pieces {
                    if !q.contains(*p) {
                        next.push(q);
                        continue;
                    }
                    let open = Bound {
                        at: *p,
                        inclusive: false,
                    };
                    next.push(q.within(None, Some(open))?);
                    next.push(q.within(Some(open), None)?);
                }
                pieces = next;
            }
            pieces
        }
        NumSet::Range(s) => {
            let overlap = match intersect_num(x, y)? {
                Some(NumSet::Range(i)) => !i.is_empty()?,
                Some(NumSet::Finite(v)) => !v.is_empty(),
                None => false,
            };
            if !overlap {
                vec![r.clone()]
            } else if s.multiple_of.is_none() && (!s.integer || r.integers_only()) {
                // `s` holds every member of `r` between its bounds: what is left is below
                // and above them.
                let mut out = Vec::new();
                if let Some(l) = s.lower {
                    out.push(r.within(None, Some(flip(l)))?);
                }
                if let Some(u) = s.upper {
                    out.push(r.within(Some(flip(u)), None)?);
                }
                out
            } else {
                let whole = [
                    s.integer.then_some(NumConstraint::Integer),
                    s.lower.map(NumConstraint::Lower),
                    s.upper.map(NumConstraint::Upper),
                    s.multiple_of.map(NumConstraint::MultipleOf),
                ];
                let inside = whole
                    .iter()
                    .flatten()
                    .all(|c| numbers::subset(x, c) == numbers::NumAnswer::Yes);
                if !inside {
                    return None;
                }
                Vec::new()
            }
        }
    };
    let mut out = Vec::new();
    for p in pieces {
        if !p.is_empty()? {
            out.push(NumSet::Range(p));
        }
    }
    Some(out)
}

/// Whether a string set constrains only lengths (or nothing).
pub fn lengths_only(s: &Str) -> bool {
    s.finite.is_none()
        && s.st.pattern.is_none()
        && s.st.format.is_none_or(|f| !strings::is_asserted(f))
}

fn subtract_str(x: &Str, y: &Str, formats: &dyn FormatCheck) -> Option<Vec<Str>> {
    if let Some(v) = &x.finite {
        let kept: Vec<String> = v
            .iter()
            .filter(|s| !y.contains(s, formats))
            .cloned()
            .collect();
        return Some(if kept.is_empty() {
            Vec::new()
        } else {
            vec![Str {
                finite: Some(kept),
                ..Str::plain()
            }]
        });
    }
    if let Some(v) = &y.finite {
        let mut z = x.clone();
        for s in v {
            if x.contains(s, formats) && !z.excluded.contains(s) {
                z.excluded.push(s.clone());
            }
        }
        return Some(vec![z]);
    }
    // `y` is `Y \ E`: what is left of `x` is `x \ Y` and the values of `E` in `x`.
    let back: Vec<String> = y
        .excluded
        .iter()
        .filter(|v| x.contains(v, formats))
        .cloned()
        .collect();
    let mut pieces = Vec::new();
    if lengths_only(y) {
        let lo = y.st.min_length.unwrap_or(0);
        if lo > 0 {
            let mut z = x.clone();
            z.st.max_length = Some(z.st.max_length.map_or(lo - 1, |m| m.min(lo - 1)));
            pieces.push(z);
        }
        if let Some(hi) = y.st.max_length {
            let mut z = x.clone();
            z.st.min_length = Some(z.st.min_length.map_or(hi + 1, |m| m.max(hi + 1)));
            pieces.push(z);
        }
        pieces.retain(|z| {
            z.st.max_length
                .is_none_or(|m| m >= z.st.min_length.unwrap_or(0))
        });
    } else {
        let inside = strings::constraints_of(&y.st)
            .iter()
            .all(|c| strings::subset(&x.set(), c, formats) == strings::StrAnswer::Yes);
        if !inside {
            return None;
        }
    }
    if !back.is_empty() {
        pieces.push(Str {
            finite: Some(back),
            ..Str::plain()
        });
    }
    Some(pieces)
}

/// Whether an array set constrains only its length (or nothing).
fn length_only(a: &Arr) -> bool {
    a.prefix.is_empty() && a.items.any && !a.unique && a.contains.is_empty()
}

fn subtract_arr(x: &Arr, y: &Arr, formats: &dyn FormatCheck) -> Option<Vec<Arr>> {
    if intersect_arr(x, y, formats).is_some_and(|i| i.is_none()) {
        return Some(vec![x.clone()]);
    }
    if !length_only(y) {
        return None;
    }
    let mut pieces = Vec::new();
    if y.min > 0 {
        let mut z = x.clone();
        z.max = Some(z.max.map_or(y.min - 1, |m| m.min(y.min - 1)));
        pieces.push(z);
    }
    if let Some(hi) = y.max {
        let mut z = x.clone();
        z.min = z.min.max(hi + 1);
        pieces.push(z);
    }
    for z in &mut pieces {
        z.normalise();
    }
    pieces.retain(|z| z.max.is_none_or(|m| m >= z.min));
    Some(pieces)
}

fn subtract_obj(x: &Obj, y: &Obj, formats: &dyn FormatCheck) -> Option<Vec<Obj>> {
    // Every field of `y` is looked at below; a keyword the model learns must be too.
    let Obj {
        ptr: _,
        props: _,
        patterns: _,
        additional: _,
        writers_close: _,
        required: _,
        conds: _,
        names: _,
        min_props: _,
        max_props: _,
    } = y;
    if objects_disjoint(x, y, formats) {
        return Some(vec![x.clone()]);
    }
    let counts_only = y.props.is_empty()
        && y.patterns.is_empty()
        && y.additional.any
        && y.conds.is_empty()
        && y.names.is_none();
    if !counts_only {
        return None;
    }
    match (y.required.len(), y.min_props, y.max_props) {
        // `not: {}` on objects, or only counts.
        (0, lo, hi) => {
            let mut pieces = Vec::new();
            if lo > 0 {
                let mut z = x.clone();
                z.max_props = Some(z.max_props.map_or(lo - 1, |m| m.min(lo - 1)));
                pieces.push(z);
            }
            if let Some(hi) = hi {
                let mut z = x.clone();
                z.min_props = z.min_props.max(hi + 1);
                pieces.push(z);
            }
            pieces.retain(|z| z.max_props.is_none_or(|m| m >= z.min_props));
            Some(pieces)
        }
        // `not: {required: [r]}`: `r` may not appear.
        (1, 0, None) => {
            let r = y.required.iter().next()?;
            if x.required.contains(r) {
                return Some(Vec::new());
            }
            let mut z = x.clone();
            let gone = Node::nothing(&format!("{}/required", y.ptr));
            match z.props.iter_mut().find(|p| &p.name == r) {
                Some(p) => p.node = gone,
                None => z.props.push(Prop {
                    name: r.clone(),
                    ptr: gone.ptr.clone(),
                    node: gone,
                }),
            }
            normalise_conds(&mut z);
            Some(vec![z])
        }
        _ => None,
    }
}
