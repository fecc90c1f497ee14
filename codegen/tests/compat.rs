//! The compatibility checker against the fixture corpus (`tests/fixtures/compat/<keyword>/*.json`):
//! each fixture is an old/new schema pair with the expected verdicts (writers-closed content
//! model, and the strict one where given) and the expected change kinds.
//!
//! Every verdict is cross-checked by sampling: random instances are generated from the raw
//! schemas of both sides (not from the checker's IR), validated by the `jsonschema` crate
//! under the writing side (closed for writers) and then under the reading side. A
//! "compatible" verdict fails if any sample proves otherwise; an "incompatible" one must be
//! confirmed by a sampled counterexample as well as by the checker's own witness.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::compat::{self, Change, ContentModel, Options, Report};
use codegen::schema::Loaded;
use jsonschema::{Draft, Validator};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{json, Map, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Fixture {
    name: String,
    description: String,
    old: Value,
    new: Value,
    expected: (bool, bool),
    kinds: Vec<String>,
    strict: Option<(bool, bool)>,
}

fn fixtures() -> Vec<Fixture> {
    let dir = root().join("tests/fixtures/compat");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/compat exists")
        .flat_map(|group| {
            let group = group.unwrap().path();
            assert!(
                group.is_dir(),
                "fixtures live in keyword folders: {group:?}"
            );
            std::fs::read_dir(group).unwrap().map(|e| e.unwrap().path())
        })
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let pair = |v: &Value| {
                (
                    v["backward"].as_bool().expect("backward"),
                    v["forward"].as_bool().expect("forward"),
                )
            };
            Fixture {
                name: p
                    .strip_prefix(&dir)
                    .unwrap()
                    .with_extension("")
                    .to_string_lossy()
                    .into_owned(),
                description: v["description"].as_str().unwrap_or_default().to_string(),
                old: v["old"].clone(),
                new: v["new"].clone(),
                expected: pair(&v["expected"]),
                kinds: v["expected"]["kinds"]
                    .as_array()
                    .expect("kinds")
                    .iter()
                    .map(|k| k.as_str().unwrap().to_string())
                    .collect(),
                strict: v.get("strict").map(pair),
            }
        })
        .collect()
}

fn loaded(name: &str, side: &str, value: &Value) -> Loaded {
    Loaded {
        path: PathBuf::from(format!("{name}/{side}.json")),
        display: format!("{name}:{side}"),
        version: None,
        value: value.clone(),
        text: serde_json::to_string_pretty(value).unwrap(),
    }
}

fn run(f: &Fixture, model: ContentModel) -> Report {
    compat::check(
        &loaded(&f.name, "old", &f.old),
        &loaded(&f.name, "new", &f.new),
        Options {
            content_model: model,
        },
    )
}

/// Every incompatible direction of a change has a witness that `jsonschema` confirmed, unless
/// the change is undecidable.
fn check_witnesses(f: &Fixture, report: &Report) -> Vec<String> {
    let mut problems = Vec::new();
    for c in &report.changes {
        for (ok, w, dir) in [
            (c.backward, &c.witness.backward, "backward"),
            (c.forward, &c.witness.forward, "forward"),
        ] {
            if ok {
                if w.is_some() {
                    problems.push(format!(
                        "{}: {} has a {dir} witness but is compatible",
                        f.name, c.path
                    ));
                }
                continue;
            }
            // An undecidable change may lack a witness, but one it shows must hold.
            if c.undecidable.is_some() && w.is_none() {
                continue;
            }
            match w {
                None => problems.push(format!(
                    "{}: {} {:?} breaks {dir} without a witness",
                    f.name, c.path, c.kind
                )),
                Some(w) if w.error.is_some() || w.instance.is_null() => problems.push(format!(
                    "{}: {} {dir} witness rejected: {:?} {}",
                    f.name, c.path, w.error, w.instance
                )),
                Some(_) => {}
            }
        }
    }
    problems
}

fn kinds(changes: &[Change]) -> Vec<String> {
    let mut k: Vec<String> = changes.iter().map(|c| c.kind.as_str()).collect();
    k.sort();
    k
}

#[test]
fn corpus_has_at_least_forty_pairs() {
    let n = fixtures().len();
    assert!(n >= 40, "only {n} fixtures");
}

#[test]
fn corpus_verdicts_kinds_and_witnesses() {
    let mut failures = Vec::new();
    for f in fixtures() {
        let report = run(&f, ContentModel::WritersClosed);
        let got = (report.backward, report.forward);
        if got != f.expected {
            failures.push(format!(
                "{} ({}): expected backward/forward {:?}, got {:?}\n{}",
                f.name,
                f.description,
                f.expected,
                got,
                compat::render_text(&report, compat::Mode::Backward, None)
            ));
        }
        if report.full != (report.backward && report.forward) {
            failures.push(format!("{}: full is not backward && forward", f.name));
        }
        if kinds(&report.changes) != f.kinds {
            failures.push(format!(
                "{}: expected kinds {:?}, got {:?}",
                f.name,
                f.kinds,
                kinds(&report.changes)
            ));
        }
        failures.extend(check_witnesses(&f, &report));
        if let Some(expected) = f.strict {
            let strict = run(&f, ContentModel::Strict);
            if (strict.backward, strict.forward) != expected {
                failures.push(format!(
                    "{} (strict): expected {:?}, got {:?}\n{}",
                    f.name,
                    expected,
                    (strict.backward, strict.forward),
                    compat::render_text(&strict, compat::Mode::Backward, None)
                ));
            }
            failures.extend(check_witnesses(&f, &strict));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ----- sampling cross-check ---------------------------------------------------------------

/// The schema as a validator should see it (written independently of the checker): formats
/// the IR treats as annotations removed; for writers, objects with `properties` closed.
fn prepare(schema: &Value, close: bool) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                if k == "format" && matches!(v.as_str(), Some("email" | "uri")) {
                    continue;
                }
                // What a condition demands (`then`, `else`, `dependentSchemas`) is no object a
                // writer emits on its own: left open.
                let demand = matches!(k.as_str(), "then" | "else" | "dependentSchemas");
                let close = close && !demand;
                let v = match k.as_str() {
                    "properties" | "$defs" | "patternProperties" | "dependentSchemas" => {
                        Value::Object(
                            v.as_object()
                                .unwrap()
                                .iter()
                                .map(|(n, s)| (n.clone(), prepare(s, close)))
                                .collect(),
                        )
                    }
                    "items" | "additionalProperties" | "then" | "else" => prepare(v, close),
                    "anyOf" | "oneOf" | "allOf" | "prefixItems" => Value::Array(
                        v.as_array()
                            .unwrap()
                            .iter()
                            .map(|s| prepare(s, close))
                            .collect(),
                    ),
                    _ => v.clone(),
                };
                out.insert(k.clone(), v);
            }
            // Only object schemas that declare properties are closed (an `if` that tests
            // property values is a condition, not a writer's object).
            if close && out.contains_key("properties") && out.get("type") == Some(&json!("object"))
            {
                match out.get("additionalProperties") {
                    None | Some(Value::Bool(true)) => {
                        out.insert("additionalProperties".into(), Value::Bool(false));
                    }
                    _ => {}
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

fn validator(schema: &Value) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .expect("fixture schemas compile")
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'v, T>(&mut self, items: &'v [T]) -> &'v T {
        &items[self.below(items.len())]
    }
}

/// Random instances from raw schemas, mixing in values seen anywhere in either schema.
struct Sampler<'a> {
    rng: Rng,
    docs: [&'a Value; 2],
    strings: Vec<String>,
    numbers: Vec<f64>,
    /// Property names matching the `patternProperties` of either side.
    names: Vec<String>,
}

fn wild() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(1),
        json!(2),
        json!(1.5),
        json!(0.5),
        json!(""),
        json!("a"),
        json!("abc"),
        json!([]),
        json!({}),
        json!(["a"]),
        json!({"a": 1}),
    ]
}

impl<'a> Sampler<'a> {
    fn new(old: &'a Value, new: &'a Value, seed: u64) -> Sampler<'a> {
        let mut s = Sampler {
            rng: Rng(seed | 1),
            docs: [old, new],
            strings: vec![
                "".into(),
                "a".into(),
                "abc".into(),
                "Dev".into(),
                "3f2504e0-4f89-41d3-9a0c-0305e82c3301".into(),
                "3F2504E0-4F89-41D3-9A0C-0305E82C3301".into(),
                "2025-01-27".into(),
                "2025-02-30".into(),
                "2025-01-27T10:00:00Z".into(),
                "2025-01-27T10:00:00".into(),
                "2025-01-27T10:00:00.5+02:00".into(),
                "user@example.com".into(),
            ],
            numbers: vec![0.0, 1.0, -1.0, 0.5, 1.5, 2.0, 3.0, 4.0, 6.0, 1e6],
            names: Vec::new(),
        };
        for doc in [old, new] {
            s.collect(doc);
        }
        s
    }

    fn collect(&mut self, v: &Value) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    match (k.as_str(), x) {
                        ("enum", Value::Array(items)) => {
                            for i in items {
                                if let Some(s) = i.as_str() {
                                    self.strings.push(s.to_string());
                                }
                            }
                        }
                        ("const" | "default", Value::String(s)) => self.strings.push(s.clone()),
                        (
                            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum"
                            | "multipleOf" | "const",
                            Value::Number(n),
                        ) => {
                            let f = n.as_f64().unwrap();
                            for d in [0.0, 1.0, -1.0, 0.5, -0.5, 0.01, -0.01] {
                                self.numbers.push(f + d);
                            }
                            for k in 2..6 {
                                self.numbers.push(f * k as f64);
                            }
                        }
                        ("patternProperties", Value::Object(pp)) => {
                            for (p, sub) in pp {
                                let hir = regex_syntax::parse(p).expect("fixture patterns parse");
                                for _ in 0..10 {
                                    let s = self.string_matching(&hir);
                                    self.names.push(s);
                                }
                                self.collect(sub);
                            }
                        }
                        ("pattern", Value::String(p)) => {
                            let hir = regex_syntax::parse(p).expect("fixture patterns parse");
                            for _ in 0..20 {
                                let s = self.string_matching(&hir);
                                self.strings.push(s);
                            }
                        }
                        _ => self.collect(x),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| self.collect(i)),
            _ => {}
        }
    }

    fn string_matching(&mut self, hir: &Hir) -> String {
        let mut out = String::new();
        self.emit(hir, &mut out);
        out
    }

    fn emit(&mut self, hir: &Hir, out: &mut String) {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
            HirKind::Class(Class::Unicode(c)) => {
                let ranges = c.ranges();
                if !ranges.is_empty() {
                    let r = self.rng.pick(ranges);
                    let (lo, hi) = (r.start() as u32, r.end() as u32);
                    let span = (hi - lo).min(200);
                    let ch = char::from_u32(lo + self.rng.below(span as usize + 1) as u32)
                        .unwrap_or('a');
                    out.push(ch);
                }
            }
            HirKind::Class(Class::Bytes(_)) => out.push('a'),
            HirKind::Repetition(rep) => {
                let max = rep.max.unwrap_or(rep.min + 3).min(rep.min + 3);
                let n = rep.min + self.rng.below((max - rep.min + 1) as usize) as u32;
                for _ in 0..n {
                    self.emit(&rep.sub, out);
                }
            }
            HirKind::Capture(c) => self.emit(&c.sub, out),
            HirKind::Concat(items) => items.iter().for_each(|i| self.emit(i, out)),
            HirKind::Alternation(items) => {
                let i = self.rng.below(items.len());
                self.emit(&items[i], out)
            }
        }
    }

    fn resolve(&self, schema: &'a Value, doc: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with("#/") || r == "#" => doc
                .pointer(&r[1..])
                .unwrap_or_else(|| panic!("fixture reference {r} resolves")),
            Some(r) => {
                let anchor = r.trim_start_matches('#');
                find_anchor(doc, anchor).unwrap_or_else(|| panic!("fixture anchor {r} resolves"))
            }
            None => schema,
        }
    }

    fn instance(&mut self) -> Value {
        let side = self.rng.below(2);
        let doc = self.docs[side];
        self.gen(doc, doc, 0)
    }

    fn gen(&mut self, schema: &'a Value, doc: &'a Value, depth: usize) -> Value {
        let schema = self.resolve(schema, doc);
        if depth > 5 || self.rng.chance(6) {
            return self.rng.pick(&wild()).clone();
        }
        if let Some(c) = schema.get("const") {
            if self.rng.chance(90) {
                return c.clone();
            }
        }
        if let Some(Value::Array(values)) = schema.get("enum") {
            if self.rng.chance(85) {
                return self.rng.pick(values).clone();
            }
        }
        if let Some(Value::Array(branches)) = schema.get("anyOf").or(schema.get("oneOf")) {
            let b = self.rng.pick(branches);
            return self.gen(b, doc, depth + 1);
        }
        let ty = match schema.get("type") {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Array(ts)) => self.rng.pick(ts).as_str().unwrap().to_string(),
            _ => {
                return match self.rng.below(3) {
                    0 => Value::String(self.rng.pick(&self.strings).clone()),
                    1 => json!(*self.rng.pick(&self.numbers)),
                    _ => self.rng.pick(&wild()).clone(),
                }
            }
        };
        match ty.as_str() {
            "null" => Value::Null,
            "boolean" => Value::Bool(self.rng.chance(50)),
            "string" => self.string(schema),
            "integer" | "number" => {
                let f = *self.rng.pick(&self.numbers);
                if ty == "integer" && self.rng.chance(80) {
                    json!(f.round() as i64)
                } else if f.fract() == 0.0 && f.abs() < 1e15 {
                    json!(f as i64)
                } else {
                    json!(f)
                }
            }
            "array" => {
                let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
                let max = schema
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .map_or(min + 3, |m| m as usize + 1);
                let len = min.saturating_sub(1) + self.rng.below(max + 2 - min.saturating_sub(1));
                let items_schema = schema.get("items").unwrap_or(&Value::Bool(true));
                let prefix = schema.get("prefixItems").and_then(Value::as_array);
                let mut items: Vec<Value> = Vec::new();
                for i in 0..len {
                    if !items.is_empty() && self.rng.chance(25) {
                        items.push(items[0].clone());
                    } else if let Some(p) = prefix.and_then(|p| p.get(i)) {
                        items.push(self.gen(p, doc, depth + 1));
                    } else {
                        items.push(self.gen(items_schema, doc, depth + 1));
                    }
                }
                // Items `contains` asks for, now and then.
                if let Some(c) = schema.get("contains") {
                    if self.rng.chance(50) {
                        items.push(self.gen(c, doc, depth + 1));
                    }
                }
                Value::Array(items)
            }
            "object" => {
                let mut out = Map::new();
                let required: Vec<&str> = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if let Some(Value::Object(props)) = schema.get("properties") {
                    for (name, s) in props {
                        let keep = if required.contains(&name.as_str()) {
                            95
                        } else {
                            55
                        };
                        if self.rng.chance(keep) {
                            let v = self.gen(s, doc, depth + 1);
                            out.insert(name.clone(), v);
                        }
                    }
                    // Properties the other side declares, and unknown ones.
                    if self.rng.chance(25) {
                        let other = self.docs[self.rng.below(2)];
                        if let Some(Value::Object(p)) = other.get("properties") {
                            if let Some((n, s)) = p.iter().nth(self.rng.below(p.len())) {
                                let v = self.gen(s, other, depth + 1);
                                out.insert(n.clone(), v);
                            }
                        }
                    }
                    if self.rng.chance(10) {
                        out.insert("zz_unknown".into(), self.rng.pick(&wild()).clone());
                    }
                    // Names of either side's patternProperties, and additional values.
                    let own = schema.get("patternProperties").and_then(Value::as_object);
                    if let Some(pp) = own.filter(|pp| !pp.is_empty()) {
                        if self.rng.chance(50) {
                            let (p, s) = pp.iter().nth(self.rng.below(pp.len())).unwrap();
                            let name = self.string_matching(&regex_syntax::parse(p).unwrap());
                            let v = self.gen(s, doc, depth + 1);
                            out.insert(name, v);
                        }
                    }
                    if !self.names.is_empty() && self.rng.chance(25) {
                        let name = self.rng.pick(&self.names).clone();
                        let v = match self.rng.below(3) {
                            0 => self.rng.pick(&wild()).clone(),
                            _ => Value::String(self.rng.pick(&self.strings).clone()),
                        };
                        out.insert(name, v);
                    }
                    if let Some(extra @ Value::Object(_)) = schema.get("additionalProperties") {
                        if self.rng.chance(30) {
                            let v = self.gen(extra, doc, depth + 1);
                            out.insert("zz_extra".into(), v);
                        }
                    }
                } else {
                    let values = schema
                        .get("additionalProperties")
                        .unwrap_or(&Value::Bool(true));
                    let names = schema.get("propertyNames").filter(|n| n.is_object());
                    for i in 0..self.rng.below(3) {
                        let v = match values {
                            Value::Object(_) => self.gen(values, doc, depth + 1),
                            _ => self.rng.pick(&wild()).clone(),
                        };
                        // Keys as `propertyNames` describes them, now and then.
                        let key = match names {
                            Some(n) if self.rng.chance(50) => match self.string(n) {
                                Value::String(k) => k,
                                _ => format!("k{i}"),
                            },
                            _ => format!("k{i}"),
                        };
                        out.insert(key, v);
                    }
                    if self.rng.chance(30) {
                        out.insert(
                            "a".into(),
                            Value::String(self.rng.pick(&self.strings).clone()),
                        );
                    }
                }
                Value::Object(out)
            }
            _ => Value::Null,
        }
    }

    fn string(&mut self, schema: &Value) -> Value {
        if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
            if self.rng.chance(60) {
                let hir = regex_syntax::parse(p).unwrap();
                let mut s = self.string_matching(&hir);
                if self.rng.chance(15) {
                    s.insert(0, 'q');
                }
                return Value::String(s);
            }
        }
        if self.rng.chance(60) {
            return Value::String(self.rng.pick(&self.strings).clone());
        }
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .map_or(min + 6, |m| m as usize + 1);
        let len = min.saturating_sub(1) + self.rng.below(max + 2 - min.saturating_sub(1));
        let alphabet = ['a', 'b', 'z', 'A', '0', '9', '-', 'é'];
        Value::String((0..len).map(|_| *self.rng.pick(&alphabet)).collect())
    }
}

/// The schema of `doc` with `"$anchor": anchor`.
fn find_anchor<'v>(doc: &'v Value, anchor: &str) -> Option<&'v Value> {
    match doc {
        Value::Object(m) => {
            if m.get("$anchor").and_then(Value::as_str) == Some(anchor) {
                return Some(doc);
            }
            m.values().find_map(|v| find_anchor(v, anchor))
        }
        Value::Array(items) => items.iter().find_map(|v| find_anchor(v, anchor)),
        _ => None,
    }
}

/// Samples instances and returns (first backward counterexample, first forward one). More
/// random streams are tried while a direction in `wanted` (the checker says it breaks) has no
/// counterexample yet.
fn sample(
    f: &Fixture,
    strict: bool,
    n: usize,
    wanted: (bool, bool),
) -> (Option<Value>, Option<Value>) {
    let close = !strict;
    let (old_w, old_r) = (
        validator(&prepare(&f.old, close)),
        validator(&prepare(&f.old, false)),
    );
    let (new_w, new_r) = (
        validator(&prepare(&f.new, close)),
        validator(&prepare(&f.new, false)),
    );
    let seed = f.name.bytes().fold(0x9E37_79B9_7F4A_7C15u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x1000_0000_01B3)
    });
    let (mut backward, mut forward) = (None, None);
    // A few seeds, so that a counterexample rare in one random stream is still found.
    for round in 0..4u64 {
        let mut sampler = Sampler::new(
            &f.old,
            &f.new,
            seed ^ round.wrapping_mul(0xA24B_AED4_963E_E407),
        );
        for _ in 0..n {
            let v = sampler.instance();
            if backward.is_none() && old_w.is_valid(&v) && !new_r.is_valid(&v) {
                backward = Some(v.clone());
            }
            if forward.is_none() && new_w.is_valid(&v) && !old_r.is_valid(&v) {
                forward = Some(v);
            }
            if backward.is_some() && forward.is_some() {
                return (backward, forward);
            }
        }
        if (!wanted.0 || backward.is_some()) && (!wanted.1 || forward.is_some()) {
            break;
        }
    }
    (backward, forward)
}

#[test]
fn corpus_verdicts_agree_with_sampling() {
    let mut failures = Vec::new();
    let mut confirmed = BTreeMap::new();
    for f in fixtures() {
        // The checker's own verdicts (not the fixture's expectations) are what sampling checks.
        let mut runs = vec![false];
        if f.strict.is_some() {
            runs.push(true);
        }
        for strict in runs {
            let model = if strict {
                ContentModel::Strict
            } else {
                ContentModel::WritersClosed
            };
            let report = run(&f, model);
            let (b, fw) = (report.backward, report.forward);
            let undecidable = report.changes.iter().any(|c| c.undecidable.is_some());
            let (cb, cf) = sample(&f, strict, 3000, (!b, !fw));
            let label = if strict { "strict" } else { "writers-closed" };
            for (expected, counter, dir) in [(b, &cb, "backward"), (fw, &cf, "forward")] {
                match (expected, counter) {
                    (true, Some(v)) => failures.push(format!(
                        "{} ({label}): expected {dir} compatible, but sampling found {v}",
                        f.name
                    )),
                    (false, None) if !undecidable => failures.push(format!(
                        "{} ({label}): expected {dir} incompatible, but 4 × 3000 samples found no counterexample",
                        f.name
                    )),
                    (false, Some(_)) => *confirmed.entry(label).or_insert(0) += 1,
                    _ => {}
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(confirmed.values().sum::<i32>() > 40, "{confirmed:?}");
}

#[test]
fn v1_0_to_v1_1_is_backward_but_not_forward_compatible() {
    let r = root();
    let report = compat::check_paths(
        &r.join("schema/v1.0"),
        &r.join("schema/v1.1"),
        &r,
        Options {
            content_model: ContentModel::WritersClosed,
        },
    )
    .unwrap();
    assert!(report.backward && !report.forward && !report.full);
    let witness = report
        .changes
        .iter()
        .find_map(|c| c.witness.forward.as_ref())
        .expect("a forward witness");
    assert_eq!(witness.instance["event_type"], "workflow.cancelled");
    assert!(witness.error.is_none());
    insta::assert_snapshot!(
        "v1_0_to_v1_1_text",
        compat::render_text(&report, compat::Mode::Backward, None)
    );
    insta::assert_json_snapshot!("v1_0_to_v1_1_json", compat::render_json(&report));
}

#[test]
fn the_default_is_the_literal_reading() {
    // Under the schemas as written, adding optional properties to the open v1.0 envelope is
    // BACKWARD-breaking: an old producer may have sent `correlation_id` with any value.
    assert_eq!(Options::default().content_model, ContentModel::Strict);
    let r = root();
    let report = compat::check_paths(
        &r.join("schema/v1.0"),
        &r.join("schema/v1.1"),
        &r,
        Options::default(),
    )
    .unwrap();
    assert_eq!(report.content_model, ContentModel::Strict);
    assert!(!report.backward && !report.forward);
    let witness = report
        .changes
        .iter()
        .find(|c| c.path == "/properties/correlation_id")
        .and_then(|c| c.witness.backward.as_ref())
        .expect("a backward witness for correlation_id");
    assert!(witness.error.is_none(), "{witness:?}");
    assert!(witness.instance.get("correlation_id").is_some());
}

#[test]
fn a_schema_the_generators_reject_is_judged_and_named() {
    let f = fixtures()
        .into_iter()
        .find(|f| f.name == "union/outside_ir_oneof")
        .expect("union/outside_ir_oneof");
    let report = run(&f, ContentModel::Strict);
    let note = report
        .changes
        .iter()
        .find(|c| c.kind == compat::ChangeKind::NotGenerated)
        .expect("a not_generated change");
    assert_eq!(note.path, "/properties/x/anyOf/0");
    assert!(note.backward && note.forward);
    for part in [
        "union/outside_ir_oneof:new",
        "#/properties/x/anyOf/0",
        "`default`",
    ] {
        assert!(
            note.detail.contains(part),
            "{part} missing from {}",
            note.detail
        );
    }
    assert!(report.changes.iter().all(|c| c.undecidable.is_none()));
    assert!(report.backward && !report.forward);
}

#[test]
fn keywords_outside_the_raw_reading_are_undecidable_unless_identical() {
    // `unevaluatedProperties` next to an applicator depends on what the applicator
    // evaluated: not modelled.
    let base = |rest: Value| {
        json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Event",
               "type": "object", "properties": {"x": {"type": "object",
                   "allOf": [{"properties": {"a": {"type": "string"}}}],
                   "unevaluatedProperties": rest}}})
    };
    let make = |old: Value, new: Value| Fixture {
        name: "unevaluated".into(),
        description: String::new(),
        old,
        new,
        expected: (true, true),
        kinds: Vec::new(),
        strict: None,
    };
    let same = run(
        &make(base(json!({"const": "a"})), base(json!({"const": "a"}))),
        ContentModel::Strict,
    );
    assert!(same.backward && same.forward, "{:?}", same.changes);
    let differ = run(
        &make(base(json!({"const": "a"})), base(json!({"const": "b"}))),
        ContentModel::Strict,
    );
    assert!(!differ.backward && !differ.forward);
    let c = differ
        .changes
        .iter()
        .find(|c| c.kind == compat::ChangeKind::Undecidable)
        .expect("an undecidable change");
    assert!(
        c.undecidable
            .as_deref()
            .unwrap_or_default()
            .contains("`unevaluatedProperties`"),
        "{c:?}"
    );
}

#[test]
fn union_branches_are_named_by_tag_at_the_union() {
    let fixture = |name: &str| {
        fixtures()
            .into_iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("fixture {name}"))
    };
    // A branch added to the typed payload: one change at the union, naming tag and schema.
    let report = run(
        &fixture("union/union_payload_branch_added"),
        ContentModel::WritersClosed,
    );
    let [added] = report.changes.as_slice() else {
        panic!("one change expected: {:?}", report.changes);
    };
    assert_eq!(added.kind, compat::ChangeKind::UnionBranchAdded);
    assert_eq!(added.path, "/properties/payload");
    assert!(added.backward && !added.forward);
    for part in [
        "`event_type: \"workflow.cancelled\"`",
        "#/$defs/WorkflowCancelled",
    ] {
        assert!(
            added.detail.contains(part),
            "{part} missing: {}",
            added.detail
        );
    }
    let witness = added.witness.forward.as_ref().expect("a forward witness");
    assert_eq!(
        witness.instance["payload"]["event_type"],
        "workflow.cancelled"
    );
    // A changed branch is compared with its tag's counterpart: the change is under it.
    let report = run(
        &fixture("union/union_branch_property_narrowed"),
        ContentModel::WritersClosed,
    );
    let [narrowed] = report.changes.as_slice() else {
        panic!("one change expected: {:?}", report.changes);
    };
    assert_eq!(
        narrowed.path,
        "/properties/shape/oneOf/0/properties/radius/type"
    );
    assert_eq!(narrowed.instance_path, "/shape/radius");
    // Reordered branches: the same sets, named as a reorder at the list.
    let report = run(
        &fixture("union/union_branches_reordered"),
        ContentModel::Strict,
    );
    let [reordered] = report.changes.as_slice() else {
        panic!("one change expected: {:?}", report.changes);
    };
    assert_eq!(reordered.kind, compat::ChangeKind::UnionBranchesReordered);
    assert_eq!(reordered.path, "/properties/shape/oneOf");
    assert!(reordered.detail.contains("2, 0, 1"), "{}", reordered.detail);
}

#[test]
fn every_change_keeps_the_directions_its_name_promises() {
    // The policy table (`ChangeKind::effects`): an `enum_value_added` never breaks BACKWARD,
    // a `bound_tightened` never breaks FORWARD, a note never breaks anything.
    let mut failures = Vec::new();
    for f in fixtures() {
        for model in [ContentModel::WritersClosed, ContentModel::Strict] {
            for c in run(&f, model).changes {
                if !c.kind.allows(c.backward, c.forward) {
                    failures.push(format!("{} ({model:?}): {c:?}", f.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `(path, kind, backward, forward)` of every change but `not_generated` (and, when the IR
/// cannot name types, the changes only its names give).
fn names(report: &Report, ir_names: bool) -> Vec<(String, String, bool, bool)> {
    use compat::ChangeKind as K;
    let mut out: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.kind != K::NotGenerated)
        .filter(|c| {
            ir_names
                || !matches!(
                    c.kind,
                    K::TypeRenamed | K::RefRestructured | K::SpellingChanged
                )
        })
        .map(|c| (c.path.clone(), c.kind.as_str(), c.backward, c.forward))
        .collect();
    out.sort();
    out
}

#[test]
fn an_unrelated_union_renames_no_other_change() {
    // The same union added to both sides of every pair, once as one the generators accept
    // (branches of different JSON types) and once as one they reject (object branches without
    // a tag): every other change keeps its path, name and verdicts, and its witnesses hold.
    // Only `type_renamed` and `ref_restructured` name generated types, so they need both
    // sides to lower (with the rejected union, such a pair is `spelling_changed` instead).
    let unions = [
        (
            true,
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
        ),
        (
            false,
            json!({"anyOf": [
                {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
                {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}}
            ]}),
        ),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for f in fixtures() {
        let has_props = |v: &Value| v.get("properties").is_some_and(Value::is_object);
        if !has_props(&f.old) || !has_props(&f.new) {
            continue;
        }
        for (accepted, union) in &unions {
            let with = |v: &Value| {
                let mut v = v.clone();
                v["properties"]["zz_union"] = union.clone();
                v
            };
            let g = Fixture {
                name: format!("{}+union", f.name),
                description: f.description.clone(),
                old: with(&f.old),
                new: with(&f.new),
                expected: f.expected,
                kinds: f.kinds.clone(),
                strict: f.strict,
            };
            for model in [ContentModel::WritersClosed, ContentModel::Strict] {
                let (before, after) = (run(&f, model), run(&g, model));
                if names(&before, *accepted) != names(&after, *accepted) {
                    failures.push(format!(
                        "{} ({model:?}, {} union): {:?}\n  became {:?}",
                        f.name,
                        if *accepted { "accepted" } else { "rejected" },
                        names(&before, *accepted),
                        names(&after, *accepted)
                    ));
                }
                failures.extend(check_witnesses(&g, &after));
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 400, "only {checked} reports compared");
}
