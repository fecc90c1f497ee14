//! Samples of the model's sets, for witnesses: a value of a node, a minimal object (its
//! required properties, those generated writers always emit because they have a default, and
//! what its conditions then require), arrays of distinct items. Every witness starts here and
//! is then checked by the `jsonschema` crate ([`super::witness`]).

use serde_json::{Map, Value};

use super::model::{Arr, Cond, Node, Obj};
use super::numbers::{NumSet, Rat};
use super::sets::{self, accepts, cond_holds};
use super::strings::{self, FormatCheck};

/// How deep samples may nest.
const SAMPLE_DEPTH: usize = 24;

/// The values `x-default-factory` stands for in witnesses.
const FACTORY_SAMPLES: [(&str, &str); 2] = [
    ("uuid4", "3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
    ("now", "2025-01-27T10:00:00Z"),
];

/// Builds samples with the real format checks.
pub struct Sampler<'f> {
    formats: &'f dyn FormatCheck,
}

impl<'f> Sampler<'f> {
    /// A sampler.
    pub fn new(formats: &'f dyn FormatCheck) -> Sampler<'f> {
        Sampler { formats }
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
            match strings::sample_avoiding(&s.set(), &s.excluded, self.formats) {
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
            match self.object(o, &[], None, depth + 1) {
                Ok(v) => return Ok(v),
                Err(why) => last = why,
            }
        }
        for a in &n.arrays {
            match self.array(a, a.min, depth + 1) {
                Ok(v) => return Ok(v),
                Err(why) => last = why,
            }
        }
        if n.null {
            return Ok(Value::Null);
        }
        Err(last)
    }

    /// What generated writers put under a property they always emit: its `default`, or a
    /// value its `x-default-factory` makes (when the property's set holds it).
    fn default_of(&self, n: &Node) -> Option<Value> {
        let default = n.notes.default.as_ref().map(|d| d.value.clone());
        let factory = n.notes.factory.as_ref().and_then(|f| {
            FACTORY_SAMPLES
                .iter()
                .find(|(name, _)| *name == f.value)
                .map(|(_, v)| Value::String(v.to_string()))
        });
        default
            .into_iter()
            .chain(factory)
            .find(|v| accepts(n, v, self.formats))
    }

    /// A value for property `name` of `o` (in every schema that applies to it).
    fn property(&self, o: &Obj, name: &str, depth: usize) -> Result<Value, String> {
        let apps = o.applicable(name);
        let first = apps.first().ok_or("no schema")?;
        if let Some(v) = self.default_of(first) {
            if apps.iter().all(|a| accepts(a, &v, self.formats)) {
                return Ok(v);
            }
        }
        let mut node = (*first).clone();
        for a in &apps[1..] {
            node = sets::intersect(&node, a, self.formats).ok_or("overlapping property schemas")?;
        }
        self.sample(&node, depth + 1)
    }

    /// An instance of `o`: its declared properties that are required or always written (a
    /// default), in declaration order, with `set` in place (undeclared ones last), without
    /// `omit` (unless something requires it), and what its conditions then require.
    pub fn object(
        &self,
        o: &Obj,
        set: &[(String, Value)],
        omit: Option<&str>,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > SAMPLE_DEPTH {
            return Err("the type is recursive without a finite instance".into());
        }
        let given = |n: &str| set.iter().find(|(m, _)| m == n).map(|(_, v)| v.clone());
        let mut m = Map::new();
        for p in &o.props {
            if let Some(v) = given(&p.name) {
                m.insert(p.name.clone(), v);
                continue;
            }
            if Some(p.name.as_str()) == omit {
                continue;
            }
            if o.required.contains(&p.name) {
                m.insert(p.name.clone(), self.property(o, &p.name, depth)?);
            } else if let Some(v) = self.default_of(&p.node) {
                m.insert(p.name.clone(), v);
            }
        }
        for (n, v) in set {
            if !m.contains_key(n) {
                m.insert(n.clone(), v.clone());
            }
        }
        for r in &o.required {
            if !m.contains_key(r) && Some(r.as_str()) != omit {
                m.insert(r.clone(), self.property(o, r, depth)?);
            }
        }
        for _ in 0..4 {
            let mut more = Vec::new();
            for c in &o.conds {
                let (need, node) = if cond_holds(c, &m, self.formats) {
                    (&c.then_req, &c.then_node)
                } else {
                    (&c.else_req, &c.else_node)
                };
                more.extend(need.iter().filter(|r| !m.contains_key(*r)).cloned());
                // A conditional schema: the values it constrains, taken from it.
                if let Some(t) = node.as_ref().and_then(|n| n.objects.first()) {
                    let whole = Value::Object(m.clone());
                    if !node
                        .as_ref()
                        .is_some_and(|n| accepts(n, &whole, self.formats))
                    {
                        for p in &t.props {
                            if m.contains_key(&p.name) && given(&p.name).is_none() {
                                let mut n = p.node.clone();
                                for a in o.applicable(&p.name) {
                                    n = sets::intersect(&n, a, self.formats)
                                        .ok_or("overlapping property schemas")?;
                                }
                                m.insert(p.name.clone(), self.sample(&n, depth + 1)?);
                            }
                        }
                        more.extend(t.required.iter().filter(|r| !m.contains_key(*r)).cloned());
                    }
                }
            }
            if more.is_empty() {
                break;
            }
            for r in more {
                let v = self.property(o, &r, depth)?;
                m.insert(r, v);
            }
        }
        // `minProperties`: optional declared properties, then undeclared ones.
        let mut spare = o
            .props
            .iter()
            .map(|p| p.name.clone())
            .filter(|n| Some(n.as_str()) != omit)
            .chain((0..o.min_props).map(|i| format!("extra_{i}")))
            .collect::<Vec<_>>()
            .into_iter();
        while (m.len() as u64) < o.min_props {
            let Some(name) = spare.next() else {
                return Err("cannot reach `minProperties`".into());
            };
            if m.contains_key(&name) || !o.may_have(&name) {
                continue;
            }
            if let Ok(v) = self.property(o, &name, depth) {
                m.insert(name, v);
            }
        }
        Ok(Value::Object(m))
    }

    /// An array of `len` items of `a` (distinct when `uniqueItems`).
    pub fn array(&self, a: &Arr, len: u64, depth: usize) -> Result<Value, String> {
        self.array_at(a, len, None, depth)
    }

    /// An array of `a` with `value` at `index`.
    pub fn array_with(&self, a: &Arr, index: usize, value: Value) -> Result<Value, String> {
        self.array_at(a, 0, Some((index, value)), 1)
    }

    /// An array of `a` with at least `len` items (and `at` in place): items of each
    /// position's schema, distinct when `uniqueItems`, then items that `contains` asks for.
    pub fn array_at(
        &self,
        a: &Arr,
        len: u64,
        at: Option<(usize, Value)>,
        depth: usize,
    ) -> Result<Value, String> {
        let len = len
            .max(a.min)
            .max(at.as_ref().map_or(0, |(i, _)| *i as u64 + 1));
        if len > 10_000 {
            return Err(format!("an array of {len} items is too long for a witness"));
        }
        let mut items: Vec<Value> = Vec::new();
        for i in 0..len as usize {
            if let Some((j, v)) = &at {
                if *j == i {
                    items.push(v.clone());
                    continue;
                }
            }
            items.push(self.item(a, a.item(i), &items, depth)?);
        }
        for c in &a.contains {
            while self.count(&items, &c.node) < c.min {
                if a.max.is_some_and(|m| items.len() as u64 >= m) {
                    return Err("cannot fit the items `contains` asks for".into());
                }
                let node = sets::intersect(a.item(items.len()), &c.node, self.formats)
                    .ok_or("cannot sample an item for `contains`")?;
                items.push(self.item(a, &node, &items, depth)?);
            }
        }
        let within = a.contains.iter().all(|c| {
            let k = self.count(&items, &c.node);
            k >= c.min && c.max.is_none_or(|m| k <= m)
        });
        if !within {
            return Err("cannot meet the counts of `contains`".into());
        }
        Ok(Value::Array(items))
    }

    /// How many of `items` are in `n`.
    fn count(&self, items: &[Value], n: &Node) -> u64 {
        items.iter().filter(|v| accepts(n, v, self.formats)).count() as u64
    }

    /// An item of `n` for an array of `a` that already holds `have`: distinct when
    /// `uniqueItems`, and outside what a `maxContains` caps when possible.
    fn item(&self, a: &Arr, n: &Node, have: &[Value], depth: usize) -> Result<Value, String> {
        let mut cands = Vec::new();
        for c in a.contains.iter().filter(|c| c.max.is_some()) {
            if let Some(rest) = sets::subtract(n, &c.node, self.formats) {
                cands.push(rest);
            }
        }
        cands.push(n.clone());
        let mut last = "no item".to_string();
        for cand in &cands {
            let v = if a.unique {
                self.distinct(cand, have, depth)
            } else {
                self.sample(cand, depth + 1)
            };
            match v {
                Ok(v) => return Ok(v),
                Err(why) => last = why,
            }
        }
        Err(last)
    }

    /// A value of `n` equal to none of `have`.
    fn distinct(&self, n: &Node, have: &[Value], depth: usize) -> Result<Value, String> {
        let e = n.expand();
        let mut cands: Vec<Value> = Vec::new();
        for s in &e.strings {
            match &s.finite {
                Some(v) => cands.extend(v.iter().cloned().map(Value::String)),
                None => {
                    if let Ok(Some(base)) =
                        strings::sample_avoiding(&s.set(), &s.excluded, self.formats)
                    {
                        cands.push(Value::String(base.clone()));
                        for i in 0..have.len() + 2 {
                            let t = format!("{base}{i}");
                            if s.contains(&t, self.formats) {
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
        cands.extend(self.scalars(&e));
        if let Some(v) = cands
            .into_iter()
            .find(|c| have.iter().all(|h| !sets::json_eq(h, c)))
        {
            return Ok(v);
        }
        // Arrays and objects: one sample, if it differs.
        self.sample(n, depth + 1)
            .ok()
            .filter(|v| have.iter().all(|h| !sets::json_eq(h, v)))
            .ok_or_else(|| "cannot find enough distinct items".to_string())
    }

    /// The booleans and `null` of an expanded node.
    fn scalars(&self, e: &Node) -> Vec<Value> {
        let mut out = Vec::new();
        if let Some(b) = e.boolean {
            if b.t {
                out.push(Value::Bool(true));
            }
            if b.f {
                out.push(Value::Bool(false));
            }
        }
        if e.null {
            out.push(Value::Null);
        }
        out
    }

    /// A value of `s` that `x` allows for property `n`.
    fn value_in_both(&self, x: &Obj, n: &str, s: &Node) -> Option<Value> {
        let mut node = s.clone();
        for a in x.applicable(n) {
            node = sets::intersect(&node, a, self.formats)?;
        }
        self.sample(&node, 0).ok()
    }

    /// A value `x` allows for property `n` that `s` does not.
    fn value_outside(&self, x: &Obj, n: &str, s: &Node) -> Option<Value> {
        let apps = x.applicable(n);
        let first = apps.first()?;
        let e = first.expand();
        let mut cands = Vec::new();
        for st in &e.strings {
            if let Some(v) = &st.finite {
                cands.extend(v.iter().cloned().map(Value::String));
            } else if let Ok(Some(t)) =
                strings::sample_avoiding(&st.set(), &st.excluded, self.formats)
            {
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
        cands.extend(self.scalars(&e));
        cands.into_iter().find(|v| {
            !accepts(s, v, self.formats) && apps.iter().all(|a| accepts(a, v, self.formats))
        })
    }

    /// Candidate instances of `x` for which condition `c` holds (or not), without `r`.
    pub fn condition_candidates(&self, x: &Obj, c: &Cond, holds: bool, r: &str) -> Vec<Value> {
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
            if let Ok(v) = self.object(x, &set, Some(r), 0) {
                out.push(v);
            }
        } else {
            if let Ok(v) = self.object(x, &[], Some(r), 0) {
                out.push(v);
            }
            for (n, s) in &c.when_props {
                if let Some(v) = self.value_outside(x, n, s) {
                    if let Ok(w) = self.object(x, &[(n.clone(), v)], Some(r), 0) {
                        out.push(w);
                    }
                }
            }
        }
        out
    }
}

/// The one value a set holds, when it is a constant.
pub fn single_value(n: &Node) -> Option<Value> {
    if n.any || n.opaque.is_some() {
        return None;
    }
    let mut values = Vec::new();
    for o in &n.objects {
        values.push(object_value(o)?);
    }
    for a in &n.arrays {
        values.push(array_value(a)?);
    }
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

/// The one object an object alternative holds, when it is a constant (closed, every
/// property required and constant).
pub fn object_value(o: &Obj) -> Option<Value> {
    if !o.additional.is_nothing() || !o.patterns.is_empty() || !o.conds.is_empty() {
        return None;
    }
    let mut m = Map::new();
    for p in &o.props {
        if p.node.is_nothing() {
            continue;
        }
        if !o.required.contains(&p.name) {
            return None;
        }
        m.insert(p.name.clone(), single_value(&p.node)?);
    }
    let value = Value::Object(m);
    let mut n = Node::nothing(&o.ptr);
    n.objects.push(o.clone());
    accepts(&n, &value, &sets::NoFormats).then_some(value)
}

/// The one array an array alternative holds, when it is a constant (a closed tuple of
/// constants).
pub fn array_value(a: &Arr) -> Option<Value> {
    let len = a.prefix.len() as u64;
    if a.min != len || a.max != Some(len) {
        return None;
    }
    let items = a
        .prefix
        .iter()
        .map(single_value)
        .collect::<Option<Vec<Value>>>()?;
    let value = Value::Array(items);
    let mut n = Node::nothing("");
    n.arrays.push(a.clone());
    accepts(&n, &value, &sets::NoFormats).then_some(value)
}
