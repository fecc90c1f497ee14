//! The checker's own reading of a raw draft 2020-12 schema, for unions (`oneOf`/`anyOf`, type
//! arrays: the IR holds some but does not compare them) and for the schemas the IR (and so the
//! code generators) rejects: `$anchor` references, `patternProperties`, partly open
//! `additionalProperties`, `false` subschemas, `if`/`then`/`else` and `dependentRequired` that
//! only add requirements, `allOf`. Object alternatives with distinct values of a required
//! property (a union's tag) are known disjoint, open or closed ([`disjoint`]).
//!
//! A schema becomes a [`Node`]: a union of disjoint JSON kinds, where each kind is a list of
//! alternatives (from `anyOf`/`oneOf`/type arrays), every alternative an intersection of
//! constraints the inclusion test of [`super::judge`] compares exactly. Annotations
//! (`title`, `description`, `default`, `examples`, `$comment`, `deprecated`, …) are not read:
//! they change no instance set. A keyword this reading does not model (`not`,
//! `dependentSchemas`, `unevaluatedProperties`, `propertyNames`, `contains`, `prefixItems`,
//! `minProperties`, an unknown `format`, a non-portable pattern, …) makes its schema
//! *opaque*: opaque schemas are only known equal to an identical schema (references inlined,
//! annotations removed), and anything else about them is "cannot decide".

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::numbers::{Bound, NumSet, Range, Rat};
use super::shape::BoolSet;
use super::strings::{self, Dfa, FormatCheck, StrSet};
use crate::ir::{Format, NumericType, StringType};

/// How many references deep a schema is read before it counts as recursive (opaque).
const MAX_DEPTH: usize = 32;

/// Keywords that only annotate (they change no instance set).
const ANNOTATIONS: [&str; 15] = [
    "title",
    "description",
    "default",
    "examples",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$id",
    "$schema",
    "$anchor",
    "$defs",
    "definitions",
    "contentMediaType",
    "contentEncoding",
];

/// Keywords whose sets this reading does not model.
const OPAQUE: [&str; 14] = [
    "not",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "prefixItems",
    "additionalItems",
    "minProperties",
    "maxProperties",
    "$dynamicRef",
    "$recursiveRef",
];

/// A set of JSON values, split by kind.
#[derive(Debug, Clone)]
pub struct Node {
    /// JSON pointer of the schema in its document.
    pub ptr: String,
    /// Every value (`true`, `{}`); the fields below are then unused.
    pub any: bool,
    /// `null` allowed.
    pub null: bool,
    /// Booleans.
    pub boolean: Option<BoolSet>,
    /// Number alternatives (their union).
    pub numbers: Vec<NumSet>,
    /// String alternatives.
    pub strings: Vec<Str>,
    /// Array alternatives.
    pub arrays: Vec<Arr>,
    /// Object alternatives.
    pub objects: Vec<Obj>,
    /// A keyword this reading does not model, and the schema with references inlined.
    pub opaque: Option<(String, Value)>,
}

/// A string alternative.
#[derive(Debug, Clone)]
pub struct Str {
    /// `enum`/`const` values, when finite.
    pub finite: Option<Vec<String>>,
    /// The constraints otherwise.
    pub st: StringType,
}

impl Str {
    /// As the string module's set.
    pub fn set(&self) -> StrSet<'_> {
        match &self.finite {
            Some(v) => StrSet::Finite(v.clone()),
            None => StrSet::Constrained(&self.st),
        }
    }
}

/// An array alternative.
#[derive(Debug, Clone)]
pub struct Arr {
    /// `items`.
    pub items: Box<Node>,
    /// `minItems`.
    pub min: u64,
    /// `maxItems`.
    pub max: Option<u64>,
    /// `uniqueItems`.
    pub unique: bool,
}

/// An object alternative.
#[derive(Debug, Clone)]
pub struct Obj {
    /// JSON pointer of the object schema in its document (a union's branch: the branch's own
    /// schema, after references).
    pub ptr: String,
    /// `properties`.
    pub props: Vec<(String, Node)>,
    /// `patternProperties`.
    pub patterns: Vec<(String, Node)>,
    /// `additionalProperties` (absent: any value).
    pub additional: Box<Node>,
    /// `required`.
    pub required: BTreeSet<String>,
    /// Conditional requirements (`dependentRequired`, `if`/`then`/`else`).
    pub conds: Vec<Cond>,
}

/// "When the object has `when_required` and its `when_props` values match, it must have
/// `then_req`; otherwise `else_req`."
#[derive(Debug, Clone)]
pub struct Cond {
    /// Pointer of the keyword.
    pub ptr: String,
    /// Names the condition needs present.
    pub when_required: BTreeSet<String>,
    /// Values the condition needs, where present.
    pub when_props: Vec<(String, Node)>,
    /// Required when the condition holds.
    pub then_req: BTreeSet<String>,
    /// Required when it does not.
    pub else_req: BTreeSet<String>,
}

impl Node {
    fn empty(ptr: &str) -> Node {
        Node {
            ptr: ptr.to_string(),
            any: false,
            null: false,
            boolean: None,
            numbers: Vec::new(),
            strings: Vec::new(),
            arrays: Vec::new(),
            objects: Vec::new(),
            opaque: None,
        }
    }

    /// Every value.
    pub fn any(ptr: &str) -> Node {
        Node {
            any: true,
            ..Node::empty(ptr)
        }
    }

    /// No value (`false`).
    pub fn nothing(ptr: &str) -> Node {
        Node::empty(ptr)
    }

    fn opaque(ptr: &str, keyword: &str, canonical: Value) -> Node {
        Node {
            opaque: Some((keyword.to_string(), canonical)),
            ..Node::empty(ptr)
        }
    }

    /// Whether the set is empty (known to be).
    pub fn is_nothing(&self) -> bool {
        !self.any
            && self.opaque.is_none()
            && !self.null
            && self.boolean.is_none()
            && self.numbers.is_empty()
            && self.strings.is_empty()
            && self.arrays.is_empty()
            && self.objects.is_empty()
    }

    /// `any` spelled out one level deep (children are `any` again).
    pub fn expand(&self) -> Node {
        if !self.any {
            return self.clone();
        }
        let p = &self.ptr;
        Node {
            ptr: p.clone(),
            any: false,
            null: true,
            boolean: Some(BoolSet { t: true, f: true }),
            numbers: vec![NumSet::Range(Range::default())],
            strings: vec![plain_string()],
            arrays: vec![Arr {
                items: Box::new(Node::any(p)),
                min: 0,
                max: None,
                unique: false,
            }],
            objects: vec![Obj::open(p)],
            opaque: None,
        }
    }
}

fn plain_string() -> Str {
    Str {
        finite: None,
        st: StringType {
            format: None,
            min_length: None,
            max_length: None,
            pattern: None,
        },
    }
}

impl Obj {
    fn open(ptr: &str) -> Obj {
        Obj {
            ptr: ptr.to_string(),
            props: Vec::new(),
            patterns: Vec::new(),
            additional: Box::new(Node::any(ptr)),
            required: BTreeSet::new(),
            conds: Vec::new(),
        }
    }

    /// The declared schema of `name`.
    pub fn prop(&self, name: &str) -> Option<&Node> {
        self.props.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    /// Every schema that applies to a property `name` (its declaration and the matching
    /// patterns, or else `additionalProperties`); the value must be in all of them.
    pub fn applicable(&self, name: &str) -> Vec<&Node> {
        let mut out: Vec<&Node> = self.prop(name).into_iter().collect();
        let declared = !out.is_empty();
        let mut matched = false;
        for (p, s) in &self.patterns {
            if Dfa::new(p).is_ok_and(|d| d.is_match(name)) {
                out.push(s);
                matched = true;
            }
        }
        if !declared && !matched {
            out.push(&self.additional);
        }
        out
    }

    /// Whether `name` may appear at all (as far as the first applicable schema says).
    pub fn may_have(&self, name: &str) -> bool {
        self.applicable(name).iter().all(|s| !s.is_nothing())
    }
}

/// Reads the schemas of one document.
pub struct Reader<'a> {
    root: &'a Value,
    anchors: HashMap<String, String>,
    formats: &'a dyn FormatCheck,
}

/// Unescapes one JSON pointer token.
fn unescape(t: &str) -> String {
    t.replace("~1", "/").replace("~0", "~")
}

fn escape(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
}

fn collect_anchors(v: &Value, ptr: &str, out: &mut HashMap<String, String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(a)) = m.get("$anchor") {
                out.entry(a.clone()).or_insert_with(|| ptr.to_string());
            }
            for (k, x) in m {
                if matches!(k.as_str(), "enum" | "const" | "default" | "examples") {
                    continue;
                }
                collect_anchors(x, &format!("{ptr}/{}", escape(k)), out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                collect_anchors(x, &format!("{ptr}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Whether `pattern` reads the same in ECMA-262 and in the automata (`regex-automata`):
/// Perl and Unicode classes, flags and assertions other than `^`/`$` differ between them.
pub fn portable_pattern(pattern: &str) -> Result<(), String> {
    use regex_syntax::ast::{self, Ast};
    let parsed = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("pattern `{pattern}` is not a portable regular expression: {e}"))?;
    fn bad(node: &Ast) -> Option<&'static str> {
        match node {
            Ast::Flags(_) => Some("inline flags"),
            Ast::ClassPerl(_) => Some("`\\d`/`\\w`/`\\s` (ASCII in ECMA-262, Unicode here)"),
            Ast::ClassUnicode(_) => Some("Unicode classes"),
            Ast::Assertion(a) => match a.kind {
                ast::AssertionKind::StartLine | ast::AssertionKind::EndLine => None,
                _ => Some("assertions other than `^` and `$`"),
            },
            Ast::ClassBracketed(c) => class_bad(&c.kind),
            Ast::Repetition(r) => bad(&r.ast),
            Ast::Group(g) => match &g.kind {
                ast::GroupKind::NonCapturing(f) if !f.items.is_empty() => Some("inline flags"),
                _ => bad(&g.ast),
            },
            Ast::Alternation(a) => a.asts.iter().find_map(bad),
            Ast::Concat(c) => c.asts.iter().find_map(bad),
            _ => None,
        }
    }
    fn class_bad(set: &ast::ClassSet) -> Option<&'static str> {
        match set {
            ast::ClassSet::Item(item) => item_bad(item),
            ast::ClassSet::BinaryOp(_) => Some("class set operations"),
        }
    }
    fn item_bad(item: &ast::ClassSetItem) -> Option<&'static str> {
        match item {
            ast::ClassSetItem::Perl(_) => {
                Some("`\\d`/`\\w`/`\\s` (ASCII in ECMA-262, Unicode here)")
            }
            ast::ClassSetItem::Unicode(_) | ast::ClassSetItem::Ascii(_) => Some("named classes"),
            ast::ClassSetItem::Bracketed(b) => class_bad(&b.kind),
            ast::ClassSetItem::Union(u) => u.items.iter().find_map(item_bad),
            _ => None,
        }
    }
    match bad(&parsed) {
        Some(what) => Err(format!(
            "pattern `{pattern}` uses {what}, whose meaning differs from ECMA-262"
        )),
        None => Dfa::new(pattern).map(|_| ()),
    }
}

fn num(m: &Map<String, Value>, k: &str) -> Option<serde_json::Number> {
    m.get(k).and_then(|v| v.as_number()).cloned()
}

fn uint(m: &Map<String, Value>, k: &str) -> Option<u64> {
    m.get(k).and_then(|v| {
        v.as_u64().or_else(|| {
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        })
    })
}

impl<'a> Reader<'a> {
    /// A reader of the document `root`.
    pub fn new(root: &'a Value, formats: &'a dyn FormatCheck) -> Reader<'a> {
        let mut anchors = HashMap::new();
        collect_anchors(root, "", &mut anchors);
        Reader {
            root,
            anchors,
            formats,
        }
    }

    /// The root schema.
    pub fn root(&self) -> Node {
        self.node(self.root, "", 0)
    }

    /// Resolves a same-document reference (`#`, `#/json/pointer`, `#anchor`).
    fn resolve(&self, r: &str) -> Option<(&'a Value, String)> {
        let frag = r.strip_prefix('#')?;
        let ptr = if frag.is_empty() || frag.starts_with('/') {
            frag.to_string()
        } else {
            self.anchors.get(frag)?.clone()
        };
        let mut v = self.root;
        for t in ptr.split('/').skip(1) {
            let t = unescape(t);
            v = match v {
                Value::Object(m) => m.get(&t)?,
                Value::Array(a) => a.get(t.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some((v, ptr))
    }

    /// The schema with references inlined and annotations removed: what opaque schemas are
    /// compared by.
    pub fn canonical(&self, v: &Value, depth: usize) -> Value {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    if depth < MAX_DEPTH {
                        if let Some((t, _)) = self.resolve(r) {
                            let mut rest = m.clone();
                            rest.remove("$ref");
                            let inner = self.canonical(t, depth + 1);
                            let rest = self.canonical(&Value::Object(rest), depth);
                            return if rest.as_object().is_some_and(|r| r.is_empty()) {
                                inner
                            } else {
                                serde_json::json!({"allOf": [inner, rest]})
                            };
                        }
                    }
                }
                let mut out = Map::new();
                for (k, x) in m {
                    if ANNOTATIONS.contains(&k.as_str()) {
                        continue;
                    }
                    let x = match k.as_str() {
                        "enum" | "const" | "required" | "type" | "pattern" | "format" => x.clone(),
                        "properties" | "patternProperties" | "dependentSchemas" => match x {
                            Value::Object(p) => Value::Object(
                                p.iter()
                                    .map(|(n, s)| (n.clone(), self.canonical(s, depth)))
                                    .collect(),
                            ),
                            other => other.clone(),
                        },
                        _ => match x {
                            Value::Array(items) => Value::Array(
                                items.iter().map(|s| self.canonical(s, depth)).collect(),
                            ),
                            Value::Object(_) => self.canonical(x, depth),
                            other => other.clone(),
                        },
                    };
                    out.insert(k.clone(), x);
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    fn opaque(&self, v: &Value, ptr: &str, keyword: &str) -> Node {
        Node::opaque(ptr, keyword, self.canonical(v, 0))
    }

    /// The node of the schema `v` found at `ptr`.
    pub fn node(&self, v: &Value, ptr: &str, depth: usize) -> Node {
        let m = match v {
            Value::Bool(true) => return Node::any(ptr),
            Value::Bool(false) => return Node::nothing(ptr),
            Value::Object(m) => m,
            _ => return self.opaque(v, ptr, "(not a schema)"),
        };
        if depth > MAX_DEPTH {
            return self.opaque(v, ptr, "$ref (recursive)");
        }
        if let Some(k) = m.keys().find(|k| OPAQUE.contains(&k.as_str())) {
            return self.opaque(v, ptr, k);
        }
        match self.node_inner(m, ptr, depth) {
            Ok(n) => n,
            Err(keyword) => self.opaque(v, ptr, &keyword),
        }
    }

    fn node_inner(&self, m: &Map<String, Value>, ptr: &str, depth: usize) -> Result<Node, String> {
        let mut node = self.base(m, ptr, depth)?;
        if let Some(r) = m.get("$ref") {
            let r = r.as_str().ok_or("$ref")?;
            let (target, tptr) = self.resolve(r).ok_or("$ref")?;
            let t = self.node(target, &tptr, depth + 1);
            let only_ref = m
                .keys()
                .all(|k| k == "$ref" || ANNOTATIONS.contains(&k.as_str()));
            node = if only_ref {
                t
            } else {
                intersect(&node, &t, self.formats).ok_or("$ref")?
            };
        }
        if let Some(all) = m.get("allOf") {
            for (i, s) in all.as_array().ok_or("allOf")?.iter().enumerate() {
                let b = self.node(s, &format!("{ptr}/allOf/{i}"), depth + 1);
                node = intersect(&node, &b, self.formats).ok_or("allOf")?;
            }
        }
        for key in ["anyOf", "oneOf"] {
            let Some(list) = m.get(key) else { continue };
            let branches: Vec<Node> = list
                .as_array()
                .ok_or(key)?
                .iter()
                .enumerate()
                .map(|(i, s)| self.node(s, &format!("{ptr}/{key}/{i}"), depth + 1))
                .collect();
            if key == "oneOf" {
                for (i, x) in branches.iter().enumerate() {
                    for y in &branches[i + 1..] {
                        if !disjoint(x, y, self.formats) {
                            return Err("oneOf (branches that may overlap)".into());
                        }
                    }
                }
            }
            let mut u = Node::nothing(ptr);
            for b in &branches {
                u = union(&u, b).ok_or(key)?;
            }
            node = intersect(&node, &u, self.formats).ok_or(key)?;
        }
        let mut conds = Vec::new();
        if let Some(dep) = m.get("dependentRequired") {
            for (name, needs) in dep.as_object().ok_or("dependentRequired")? {
                let needs: BTreeSet<String> = needs
                    .as_array()
                    .ok_or("dependentRequired")?
                    .iter()
                    .map(|n| n.as_str().map(str::to_string).ok_or("dependentRequired"))
                    .collect::<Result<_, _>>()?;
                conds.push(Cond {
                    ptr: format!("{ptr}/dependentRequired/{}", escape(name)),
                    when_required: [name.clone()].into(),
                    when_props: Vec::new(),
                    then_req: needs,
                    else_req: BTreeSet::new(),
                });
            }
        }
        if let Some(cond) = m.get("if") {
            conds.push(self.conditional(m, cond, ptr, depth)?);
        } else if m.contains_key("then") || m.contains_key("else") {
            // `then`/`else` without `if` are ignored by validators.
        }
        if !conds.is_empty() {
            for o in &mut node.objects {
                o.conds.extend(conds.iter().cloned());
                normalise_conds(o);
            }
        }
        Ok(node)
    }

    /// `if`/`then`/`else` that only add requirements, with an `if` on property values and
    /// presence.
    fn conditional(
        &self,
        m: &Map<String, Value>,
        cond: &Value,
        ptr: &str,
        depth: usize,
    ) -> Result<Cond, String> {
        let req_only = |v: Option<&Value>| -> Result<BTreeSet<String>, String> {
            let Some(v) = v else {
                return Ok(BTreeSet::new());
            };
            let mm = v.as_object().ok_or("then/else")?;
            if mm
                .keys()
                .any(|k| k != "required" && !ANNOTATIONS.contains(&k.as_str()))
            {
                return Err("then/else (other than `required`)".into());
            }
            Ok(names(mm.get("required")))
        };
        let then_req = req_only(m.get("then"))?;
        let else_req = req_only(m.get("else"))?;
        let cm = cond.as_object().ok_or("if")?;
        if cm.keys().any(|k| {
            !matches!(k.as_str(), "required" | "properties" | "type")
                && !ANNOTATIONS.contains(&k.as_str())
        }) || cm.get("type").is_some_and(|t| t != "object")
        {
            return Err("if (other than `properties`/`required`)".into());
        }
        let mut when_props = Vec::new();
        if let Some(Value::Object(p)) = cm.get("properties") {
            for (n, s) in p {
                let np = format!("{ptr}/if/properties/{}", escape(n));
                let node = self.node(s, &np, depth + 1);
                if node.opaque.is_some() {
                    return Err("if".into());
                }
                when_props.push((n.clone(), node));
            }
        }
        Ok(Cond {
            ptr: format!("{ptr}/if"),
            when_required: names(cm.get("required")),
            when_props,
            then_req,
            else_req,
        })
    }

    /// The kinds of `type`, with the keywords of each kind.
    fn base(&self, m: &Map<String, Value>, ptr: &str, depth: usize) -> Result<Node, String> {
        let kinds: Vec<&str> = match m.get("type") {
            None => vec![
                "null", "boolean", "number", "string", "array", "object", "integer",
            ],
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            Some(_) => return Err("type".into()),
        };
        let has = |k: &str| kinds.contains(&k);
        let mut node = Node::nothing(ptr);
        let constrained = m.keys().any(|k| {
            !ANNOTATIONS.contains(&k.as_str())
                && !matches!(
                    k.as_str(),
                    "$ref"
                        | "allOf"
                        | "anyOf"
                        | "oneOf"
                        | "if"
                        | "then"
                        | "else"
                        | "dependentRequired"
                )
        });
        if !constrained {
            return Ok(Node::any(ptr));
        }
        node.null = has("null");
        if has("boolean") {
            node.boolean = Some(BoolSet { t: true, f: true });
        }
        if has("number") || has("integer") {
            let nt = NumericType {
                minimum: num(m, "minimum"),
                exclusive_minimum: num(m, "exclusiveMinimum"),
                maximum: num(m, "maximum"),
                exclusive_maximum: num(m, "exclusiveMaximum"),
                multiple_of: num(m, "multipleOf"),
            };
            let range = Range::from_ir(&nt, !has("number")).ok_or("minimum")?;
            node.numbers.push(NumSet::Range(range));
        }
        if has("string") {
            let format = match m.get("format").and_then(Value::as_str) {
                None => None,
                Some("uuid") => Some(Format::Uuid),
                Some("date") => Some(Format::Date),
                Some("date-time") => Some(Format::DateTime),
                Some(_) => return Err("format".into()),
            };
            let pattern = match m.get("pattern") {
                None => None,
                Some(Value::String(p)) => {
                    portable_pattern(p).map_err(|_| "pattern".to_string())?;
                    Some(p.clone())
                }
                Some(_) => return Err("pattern".into()),
            };
            node.strings.push(Str {
                finite: None,
                st: StringType {
                    format,
                    min_length: uint(m, "minLength"),
                    max_length: uint(m, "maxLength"),
                    pattern,
                },
            });
        }
        if has("array") {
            let items = match m.get("items") {
                None => Node::any(&format!("{ptr}/items")),
                Some(Value::Array(_)) => return Err("items (an array: draft-07 tuples)".into()),
                Some(s) => self.node(s, &format!("{ptr}/items"), depth + 1),
            };
            node.arrays.push(Arr {
                items: Box::new(items),
                min: uint(m, "minItems").unwrap_or(0),
                max: uint(m, "maxItems"),
                unique: m.get("uniqueItems") == Some(&Value::Bool(true)),
            });
        }
        if has("object") {
            let mut o = Obj::open(&format!("{ptr}/additionalProperties"));
            o.ptr = ptr.to_string();
            if let Some(p) = m.get("properties") {
                for (n, s) in p.as_object().ok_or("properties")? {
                    let np = format!("{ptr}/properties/{}", escape(n));
                    o.props.push((n.clone(), self.node(s, &np, depth + 1)));
                }
            }
            if let Some(p) = m.get("patternProperties") {
                for (pat, s) in p.as_object().ok_or("patternProperties")? {
                    portable_pattern(pat).map_err(|_| "patternProperties".to_string())?;
                    let np = format!("{ptr}/patternProperties/{}", escape(pat));
                    o.patterns.push((pat.clone(), self.node(s, &np, depth + 1)));
                }
            }
            if let Some(a) = m.get("additionalProperties") {
                o.additional =
                    Box::new(self.node(a, &format!("{ptr}/additionalProperties"), depth + 1));
            }
            o.required = names(m.get("required"));
            node.objects.push(o);
        }
        let mut values: Option<Vec<Value>> = match m.get("enum") {
            Some(Value::Array(v)) => Some(v.clone()),
            Some(_) => return Err("enum".into()),
            None => None,
        };
        if let Some(c) = m.get("const") {
            values = Some(match values {
                Some(v) => v.into_iter().filter(|x| x == c).collect(),
                None => vec![c.clone()],
            });
        }
        if let Some(values) = values {
            node = self.finite(&node, &values, ptr)?;
        }
        Ok(node)
    }

    /// The values of an `enum`/`const` that the rest of the schema allows.
    fn finite(&self, node: &Node, values: &[Value], ptr: &str) -> Result<Node, String> {
        let mut out = Node::nothing(ptr);
        let mut strs = Vec::new();
        let mut nums = Vec::new();
        for v in values {
            if !accepts(node, v, self.formats) {
                continue;
            }
            match v {
                Value::Null => out.null = true,
                Value::Bool(b) => {
                    let s = out.boolean.get_or_insert(BoolSet { t: false, f: false });
                    if *b {
                        s.t = true
                    } else {
                        s.f = true
                    }
                }
                Value::Number(n) => nums.push(Rat::from_number(n).ok_or("enum")?),
                Value::String(s) => strs.push(s.clone()),
                _ => return Err("enum (arrays or objects as values)".into()),
            }
        }
        if !strs.is_empty() {
            out.strings.push(Str {
                finite: Some(strs),
                st: plain_string().st,
            });
        }
        if !nums.is_empty() {
            out.numbers.push(NumSet::Finite(nums));
        }
        Ok(out)
    }
}

fn names(v: Option<&Value>) -> BTreeSet<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

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
            if never {
                if !c.else_req.is_empty() {
                    o.required.extend(c.else_req.iter().cloned());
                    changed = true;
                }
                continue;
            }
            if always {
                if !c.then_req.is_empty() {
                    o.required.extend(c.then_req.iter().cloned());
                    changed = true;
                }
                continue;
            }
            if c.then_req.is_empty() && c.else_req.is_empty() {
                continue;
            }
            keep.push(c);
        }
        conds = keep;
    }
    o.conds = conds;
}

/// Format checks that accept everything (used where only emptiness of finite sets matters).
struct NoFormats;

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
    if a.is_nothing() {
        out.ptr = b.ptr.clone();
    }
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
                st: plain_string().st,
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
        return Some(n);
    }
    let mut out = Node::nothing(&a.ptr);
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
            out.arrays.push(Arr {
                items: Box::new(intersect(&x.items, &y.items, formats)?),
                min: x.min.max(y.min),
                max: match (x.max, y.max) {
                    (Some(p), Some(q)) => Some(p.min(q)),
                    (p, q) => p.or(q),
                },
                unique: x.unique || y.unique,
            });
        }
    }
    for x in &a.objects {
        for y in &b.objects {
            out.objects.push(intersect_obj(x, y, formats)?);
        }
    }
    Some(out)
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
            Some(NumSet::Range(Range {
                integer: p.integer || q.integer,
                lower,
                upper,
                multiple_of,
            }))
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
            (!kept.is_empty()).then_some(Str {
                finite: Some(kept),
                st: plain_string().st,
            })
        }
        (None, None) => {
            let (p, q) = (&x.st, &y.st);
            let pattern = match (&p.pattern, &q.pattern) {
                (Some(a), Some(b)) if a != b => return None,
                (a, b) => a.clone().or(b.clone()),
            };
            let format = match (p.format, q.format) {
                (Some(a), Some(b)) if a != b => return None,
                (a, b) => a.or(b),
            };
            Some(Str {
                finite: None,
                st: StringType {
                    format,
                    min_length: p.min_length.max(q.min_length),
                    max_length: match (p.max_length, q.max_length) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    },
                    pattern,
                },
            })
        }
    })
}

fn plain_open(o: &Obj) -> bool {
    o.patterns.is_empty() && o.additional.any
}

fn intersect_obj(x: &Obj, y: &Obj, formats: &dyn FormatCheck) -> Option<Obj> {
    // Exact when one side constrains only declared names (patterns and additional open).
    let (p, q) = if plain_open(y) {
        (x, y)
    } else if plain_open(x) {
        (y, x)
    } else {
        return None;
    };
    let mut out = p.clone();
    for (n, s) in &q.props {
        match out.props.iter_mut().find(|(m, _)| m == n) {
            Some((_, t)) => *t = intersect(t, s, formats)?,
            None => {
                let applicable = p.applicable(n);
                let mut t = s.clone();
                for a in applicable {
                    t = intersect(&t, a, formats)?;
                }
                out.props.push((n.clone(), t));
            }
        }
    }
    out.required.extend(q.required.iter().cloned());
    out.conds.extend(q.conds.iter().cloned());
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
        Value::String(s) => n
            .strings
            .iter()
            .any(|a| strings::set_contains(&a.set(), s, formats).unwrap_or(false)),
        Value::Array(items) => n.arrays.iter().any(|a| {
            (items.len() as u64) >= a.min
                && a.max.is_none_or(|m| items.len() as u64 <= m)
                && items.iter().all(|i| accepts(&a.items, i, formats))
                && (!a.unique
                    || items
                        .iter()
                        .enumerate()
                        .all(|(i, x)| items[..i].iter().all(|y| !json_eq(x, y))))
        }),
        Value::Object(m) => n.objects.iter().any(|o| accepts_obj(o, m, formats)),
    }
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
    o.required.iter().all(|r| m.contains_key(r))
        && m.iter()
            .all(|(k, v)| o.applicable(k).iter().all(|s| accepts(s, v, formats)))
        && o.conds.iter().all(|c| {
            let need = if cond_holds(c, m, formats) {
                &c.then_req
            } else {
                &c.else_req
            };
            need.iter().all(|r| m.contains_key(r))
        })
}
