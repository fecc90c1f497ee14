//! The compatibility checker's one reading of a draft 2020-12 schema: every verdict is decided
//! on it, for the schemas the code generators accept and for those they reject alike
//! (`$anchor` references, `patternProperties`, partly open `additionalProperties`, `false`
//! subschemas, `not`, `if`/`then`/`else` and `dependent*`, `prefixItems`, `contains`,
//! `propertyNames`, property counts, `enum`/`const` of any JSON value, `allOf`, unions of any
//! shape).
//!
//! A schema becomes a [`Node`]: a union of disjoint JSON kinds, where each kind is a list of
//! alternatives (from `anyOf`/`oneOf`/type arrays), every alternative an intersection of
//! constraints that [`super::walk`] compares exactly. `not` and overlapping `oneOf` branches are
//! differences of sets ([`super::sets::subtract`]), kept where the model can hold them exactly.
//! Annotations change no instance set; the ones a report names (`title`, `description`,
//! `examples`, `default`, `x-default-factory`) are kept in [`Notes`]. A keyword this reading
//! does not model ([`Role::Opaque`] in [`super::keywords`], an unknown `format`, a non-portable
//! pattern, a difference it cannot hold, …) makes its schema *opaque*: opaque schemas are only
//! known equal to an identical schema (references inlined, annotations removed), and anything
//! else about them is "cannot decide".

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::keywords::{role_of, subschemas_of, Keyword, Role, Subschemas};
use super::numbers::{NumSet, Range, Rat};
use super::sets::{accepts, disjoint, intersect, json_eq, normalise_conds, subtract, union};
use super::strings::{Dfa, FormatCheck, StrSet};
use crate::ir::{Format, NumericType, StringType};

/// How many references deep a schema is read before it counts as recursive (opaque).
const MAX_DEPTH: usize = 32;
/// How many schema objects a canonical spelling may visit (references inlined) before the
/// schema counts as equal to nothing else.
const CANONICAL_BUDGET: usize = 5_000;
/// How many references deep a condition or `contains` is spelled out for identity.
const SHALLOW_DEPTH: usize = 6;

/// A set of JSON values, split by kind.
#[derive(Debug, Clone)]
pub struct Node {
    /// JSON pointer of the schema in its document (after references: a `$ref`-only schema is
    /// its target's node).
    pub ptr: String,
    /// Every value (`true`, `{}`); the kind fields below are then unused.
    pub any: bool,
    /// `null` allowed.
    pub null: bool,
    /// Booleans.
    pub boolean: Option<BoolSet>,
    /// Number alternatives (their union).
    pub numbers: Vec<NumSet>,
    /// The numeric keywords as written, when one schema wrote them all (the sets normalise
    /// bounds: an integer's `exclusiveMinimum: 0` is `minimum: 1`); a change is named after
    /// the keywords that differ.
    pub numeric: Option<NumericType>,
    /// String alternatives.
    pub strings: Vec<Str>,
    /// Array alternatives.
    pub arrays: Vec<Arr>,
    /// Object alternatives.
    pub objects: Vec<Obj>,
    /// A keyword this reading does not model, and the schema with references inlined.
    pub opaque: Option<Opaque>,
    /// Where the finite values of this node were listed (`enum`, `const`, a union of them).
    pub listed: Option<Listed>,
    /// The annotations a report names: the schema's own, then its reference target's.
    pub notes: Notes,
    /// Set when the node is exactly a `oneOf` whose branches overlap (its values are those
    /// of exactly one branch): the branches' union and their pairwise intersections.
    pub overlap: Option<Box<Overlap>>,
}

/// A `oneOf` whose branches share values: `union` minus every one of `pairs`.
#[derive(Debug, Clone)]
pub struct Overlap {
    /// JSON pointer of the `oneOf`.
    pub ptr: String,
    /// The union of the branches.
    pub union: Node,
    /// The values of each two branches that meet.
    pub pairs: Vec<Node>,
}

/// The booleans of a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoolSet {
    /// `true` allowed.
    pub t: bool,
    /// `false` allowed.
    pub f: bool,
}

/// Why a schema is opaque.
#[derive(Debug, Clone)]
pub struct Opaque {
    /// The keyword this reading does not model.
    pub keyword: String,
    /// JSON pointer of that keyword.
    pub ptr: String,
    /// The schema with references inlined and annotations removed (what opaque schemas are
    /// compared by).
    pub canonical: Value,
}

/// Where finite values were listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// JSON pointer of the keyword listing them (`…/enum`, `…/const`, `…/oneOf`).
    pub ptr: String,
    /// A single `const` (rather than an `enum` or a union of constants).
    pub constant: bool,
}

/// One annotation and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Note<T> {
    /// JSON pointer of the keyword.
    pub ptr: String,
    /// Its value.
    pub value: T,
}

/// The annotations a report names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    /// `title`.
    pub title: Option<Note<String>>,
    /// `description`.
    pub description: Option<Note<String>>,
    /// `examples`.
    pub examples: Option<Note<Value>>,
    /// `default` (an annotation: a validator never fills it in).
    pub default: Option<Note<Value>>,
    /// `x-default-factory` (`uuid4`, `now`).
    pub factory: Option<Note<String>>,
}

impl Notes {
    fn read(m: &Map<String, Value>, ptr: &str) -> Notes {
        let note = |k: &str| m.get(k).map(|v| (format!("{ptr}/{}", token(k)), v));
        let text = |k: &str| {
            note(k).and_then(|(ptr, v)| {
                v.as_str().map(|s| Note {
                    ptr,
                    value: s.to_string(),
                })
            })
        };
        let value = |k: &str| {
            note(k).map(|(ptr, v)| Note {
                ptr,
                value: v.clone(),
            })
        };
        Notes {
            title: text("title"),
            description: text("description"),
            examples: value("examples"),
            default: value("default"),
            factory: text("x-default-factory"),
        }
    }

    /// These notes, completed by `other`'s where these have none.
    fn or(self, other: &Notes) -> Notes {
        Notes {
            title: self.title.or_else(|| other.title.clone()),
            description: self.description.or_else(|| other.description.clone()),
            examples: self.examples.or_else(|| other.examples.clone()),
            default: self.default.or_else(|| other.default.clone()),
            factory: self.factory.or_else(|| other.factory.clone()),
        }
    }
}

/// A string alternative.
#[derive(Debug, Clone)]
pub struct Str {
    /// `enum`/`const` values, when finite.
    pub finite: Option<Vec<String>>,
    /// The keywords otherwise (as written: `format` may be an annotation-only one).
    pub st: StringType,
    /// Values a `not` takes out of a constrained set (empty for a finite one).
    pub excluded: Vec<String>,
}

impl Str {
    /// As the string module's set.
    pub fn set(&self) -> StrSet<'_> {
        match &self.finite {
            Some(v) => StrSet::Finite(v.clone()),
            None => StrSet::Constrained(&self.st),
        }
    }

    /// An unconstrained string.
    pub fn plain() -> Str {
        Str {
            finite: None,
            st: StringType {
                format: None,
                min_length: None,
                max_length: None,
                pattern: None,
            },
            excluded: Vec::new(),
        }
    }

    /// Whether `s` is in the set (with the real format checks).
    pub fn contains(&self, s: &str, formats: &dyn FormatCheck) -> bool {
        !self.excluded.iter().any(|e| e == s)
            && super::strings::set_contains(&self.set(), s, formats).unwrap_or(false)
    }
}

/// An array alternative.
#[derive(Debug, Clone)]
pub struct Arr {
    /// `prefixItems`: the items at the first positions.
    pub prefix: Vec<Node>,
    /// `items`: the items after the prefix.
    pub items: Box<Node>,
    /// `minItems`.
    pub min: u64,
    /// `maxItems` (with what `items: false` and `false` prefix items imply).
    pub max: Option<u64>,
    /// `uniqueItems`.
    pub unique: bool,
    /// `contains` with its counts (one per `contains` met through `allOf`); a `contains`
    /// with `minContains: 0` and no `maxContains` constrains nothing and is left out.
    pub contains: Vec<Contains>,
}

/// "Between `min` and `max` items are in `node`."
#[derive(Debug, Clone)]
pub struct Contains {
    /// JSON pointer of the `contains` keyword.
    pub ptr: String,
    /// The schema the counted items match.
    pub node: Box<Node>,
    /// The schema with references inlined and annotations removed (two `contains` with the
    /// same canonical schema count the same items).
    pub canonical: Value,
    /// `minContains` (1 when absent).
    pub min: u64,
    /// `maxContains`.
    pub max: Option<u64>,
}

impl Arr {
    /// The schema of the item at `index`.
    pub fn item(&self, index: usize) -> &Node {
        self.prefix.get(index).unwrap_or(&self.items)
    }

    /// An array of anything.
    pub fn open(ptr: &str) -> Arr {
        Arr {
            prefix: Vec::new(),
            items: Box::new(Node::any(ptr)),
            min: 0,
            max: None,
            unique: false,
            contains: Vec::new(),
        }
    }

    /// Whether arrays of more than `index` items are allowed.
    pub fn reaches(&self, index: usize) -> bool {
        self.max.is_none_or(|m| m > index as u64)
    }

    /// Whether no array meets these constraints (as far as they tell by themselves).
    pub fn impossible(&self) -> bool {
        self.max.is_some_and(|m| m < self.min)
            || self.contains.iter().any(|c| {
                c.max.is_some_and(|x| x < c.min)
                    || (c.min > 0 && (c.node.is_nothing() || self.max.is_some_and(|m| m < c.min)))
            })
    }

    /// `maxItems` lowered to what `false` items imply.
    pub(super) fn normalise(&mut self) {
        if let Some(i) = self.prefix.iter().position(Node::is_nothing) {
            self.max = Some(self.max.map_or(i as u64, |m| m.min(i as u64)));
        } else if self.items.is_nothing() {
            let n = self.prefix.len() as u64;
            self.max = Some(self.max.map_or(n, |m| m.min(n)));
        }
        if let Some(m) = self.max {
            self.prefix.truncate(m as usize);
        }
    }
}

/// An object alternative.
#[derive(Debug, Clone)]
pub struct Obj {
    /// JSON pointer of the object schema in its document (a union's branch: the branch's own
    /// schema, after references).
    pub ptr: String,
    /// `properties`, in document order.
    pub props: Vec<Prop>,
    /// `patternProperties`.
    pub patterns: Vec<(String, Node)>,
    /// `additionalProperties` (absent: any value).
    pub additional: Box<Node>,
    /// Generated writers emit declared properties only: the object declares `properties` and
    /// leaves the others open (`additionalProperties` absent, `true` or `{}`). Under the
    /// writers-closed content model its writers' set has no undeclared property.
    pub writers_close: bool,
    /// `required`, with what conditions that always hold add.
    pub required: BTreeSet<String>,
    /// Conditional requirements (`dependentRequired`, `dependentSchemas`, `if`/`then`/`else`).
    pub conds: Vec<Cond>,
    /// `propertyNames` (the strings a name must be; absent: any).
    pub names: Option<Box<Node>>,
    /// `minProperties`.
    pub min_props: u64,
    /// `maxProperties`.
    pub max_props: Option<u64>,
}

/// One declared property.
#[derive(Debug, Clone)]
pub struct Prop {
    /// The property name.
    pub name: String,
    /// JSON pointer of its declaration (`…/properties/name`, before references).
    pub ptr: String,
    /// Its values.
    pub node: Node,
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
    /// The schema the object must also match when the condition holds (beyond `then_req`).
    pub then_node: Option<Box<Node>>,
    /// The schema it must match when the condition does not hold.
    pub else_node: Option<Box<Node>>,
    /// The condition and both schemas with references inlined (conditions written alike
    /// compare equal).
    pub canonical: Value,
}

/// The test of a condition: names that must be present, values they must have where
/// present.
#[derive(Debug, Clone)]
pub struct When {
    /// Names the condition needs present.
    pub required: BTreeSet<String>,
    /// Values the condition needs, where present.
    pub props: Vec<(String, Node)>,
    /// The condition says `type: object` (it fails for every other kind).
    pub objects_only: bool,
    /// The test with references inlined.
    pub canonical: Value,
}

/// What a condition demands: names, and a schema when it demands more.
#[derive(Debug, Clone, Default)]
pub struct Then {
    /// Required names.
    pub required: BTreeSet<String>,
    /// The schema, when it says more than `required`.
    pub node: Option<Box<Node>>,
    /// The schema with references inlined (`null` when absent).
    pub canonical: Value,
}

impl When {
    /// "The object has `name`" (`dependentRequired`, `dependentSchemas`).
    pub fn present(name: &str) -> When {
        let required: BTreeSet<String> = [name.to_string()].into();
        When {
            canonical: serde_json::json!({
                "required": required,
                "properties": {},
                "objects_only": false,
            }),
            required,
            props: Vec::new(),
            objects_only: false,
        }
    }
}

impl Cond {
    /// The condition at `ptr`.
    pub fn new(ptr: String, when: When, then: Then, otherwise: Then) -> Cond {
        let canonical = serde_json::json!({
            "when": when.canonical,
            "then": then.canonical,
            "else": otherwise.canonical,
        });
        Cond {
            ptr,
            when_required: when.required,
            when_props: when.props,
            then_req: then.required,
            else_req: otherwise.required,
            then_node: then.node,
            else_node: otherwise.node,
            canonical,
        }
    }

    /// Whether two conditions test the same thing.
    pub fn same_test(&self, other: &Cond) -> bool {
        self.canonical.get("when") == other.canonical.get("when")
    }
}

/// The JSON kinds other than `null`, in the order samples prefer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Strings.
    String,
    /// Numbers (integers included).
    Number,
    /// Booleans.
    Boolean,
    /// Objects.
    Object,
    /// Arrays.
    Array,
}

impl Kind {
    /// Every kind, in the order samples prefer them.
    pub const VALUES: [Kind; 5] = [
        Kind::String,
        Kind::Number,
        Kind::Boolean,
        Kind::Object,
        Kind::Array,
    ];

    /// Whether `n` has this kind.
    pub fn in_node(self, n: &Node) -> bool {
        match self {
            Kind::String => !n.strings.is_empty(),
            Kind::Number => !n.numbers.is_empty(),
            Kind::Boolean => n.boolean.is_some(),
            Kind::Object => !n.objects.is_empty(),
            Kind::Array => !n.arrays.is_empty(),
        }
    }

    /// The kind's name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Object => "object",
            Kind::Array => "array",
        }
    }
}

/// What an object does with the properties it does not declare, as the reports name it.
#[derive(Debug, Clone, Copy)]
pub enum Undeclared<'n> {
    /// `additionalProperties: false`.
    Forbid,
    /// Declared properties and an open remainder: accepted on read, never written.
    Ignore,
    /// A map's values, or a partly open object's `additionalProperties` schema.
    Values(&'n Node),
}

impl Node {
    pub(super) fn empty(ptr: &str) -> Node {
        Node {
            ptr: ptr.to_string(),
            any: false,
            null: false,
            boolean: None,
            numbers: Vec::new(),
            numeric: None,
            strings: Vec::new(),
            arrays: Vec::new(),
            objects: Vec::new(),
            opaque: None,
            listed: None,
            notes: Notes::default(),
            overlap: None,
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
            numeric: None,
            strings: vec![Str::plain()],
            arrays: vec![Arr::open(p)],
            objects: vec![Obj::open(p)],
            opaque: None,
            listed: self.listed.clone(),
            notes: self.notes.clone(),
            overlap: None,
        }
    }

    /// The set as generated writers emit it: under the writers-closed content model, objects
    /// that declare properties hold no undeclared one (at this level; nested objects are
    /// closed when the walk reaches them).
    pub fn for_writers(&self, closed: bool) -> Node {
        let mut n = self.clone();
        n.overlap = None;
        for o in &mut n.objects {
            *o = o.for_writers(closed);
        }
        n
    }
}

impl Obj {
    /// A free-form object.
    pub fn open(ptr: &str) -> Obj {
        Obj {
            ptr: ptr.to_string(),
            props: Vec::new(),
            patterns: Vec::new(),
            additional: Box::new(Node::any(ptr)),
            writers_close: false,
            required: BTreeSet::new(),
            conds: Vec::new(),
            names: None,
            min_props: 0,
            max_props: None,
        }
    }

    /// Whether no object meets these constraints (as far as they tell by themselves): a
    /// required name that may not appear, counts that cannot be met.
    pub fn impossible(&self) -> bool {
        let closed =
            self.additional.is_nothing() && self.patterns.iter().all(|(_, s)| s.is_nothing());
        self.required.iter().any(|r| !self.may_have(r))
            || self
                .max_props
                .is_some_and(|m| m < self.min_props || (self.required.len() as u64) > m)
            || (closed
                && (self.props.iter().filter(|p| self.may_have(&p.name)).count() as u64)
                    < self.min_props)
    }

    /// Whether `propertyNames` allows `name`.
    pub fn name_allowed(&self, name: &str) -> bool {
        self.names.as_ref().is_none_or(|n| {
            n.any
                || (n.opaque.is_none()
                    && n.strings
                        .iter()
                        .any(|s| s.contains(name, super::witness::Oracle::shared())))
        })
    }

    /// The declaration of `name`.
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    /// Every schema that applies to a property `name` (its declaration and the matching
    /// patterns, or else `additionalProperties`); the value must be in all of them.
    pub fn applicable(&self, name: &str) -> Vec<&Node> {
        let mut out: Vec<&Node> = self.prop(name).map(|p| &p.node).into_iter().collect();
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

    /// Whether `name` may appear at all.
    pub fn may_have(&self, name: &str) -> bool {
        // No room left by `maxProperties` once the required names are there.
        let full = self
            .max_props
            .is_some_and(|m| m <= self.required.len() as u64)
            && !self.required.contains(name);
        !full && self.name_allowed(name) && self.applicable(name).iter().all(|s| !s.is_nothing())
    }

    /// What the object does with undeclared properties.
    pub fn undeclared(&self) -> Undeclared<'_> {
        // `maxProperties` may leave no room beside the required names.
        let full = self
            .max_props
            .is_some_and(|m| m <= self.required.len() as u64);
        if self.additional.is_nothing() || full {
            Undeclared::Forbid
        } else if self.writers_close {
            Undeclared::Ignore
        } else {
            Undeclared::Values(&self.additional)
        }
    }

    /// The object as generated writers emit it (see [`Node::for_writers`]).
    pub fn for_writers(&self, closed: bool) -> Obj {
        let mut o = self.clone();
        if closed && self.writers_close {
            o.additional = Box::new(Node::nothing(&self.additional.ptr));
        }
        o
    }
}

/// `unevaluatedProperties` / `unevaluatedItems` where nothing else in the schema evaluates
/// properties or items (no in-place applicator, no `contains`): they are then
/// `additionalProperties` / `items` (or nothing, next to those). `None` when the schema has
/// neither, or they depend on what an applicator evaluated (left opaque).
fn without_unevaluated(m: &Map<String, Value>) -> Option<Map<String, Value>> {
    const APPLICATORS: [&str; 11] = [
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
    ];
    let props = m.get("unevaluatedProperties");
    let items = m.get("unevaluatedItems");
    if (props.is_none() && items.is_none()) || APPLICATORS.iter().any(|k| m.contains_key(*k)) {
        return None;
    }
    if items.is_some() && m.contains_key("contains") {
        return None;
    }
    let mut out = m.clone();
    for (kw, plain) in [
        ("unevaluatedProperties", "additionalProperties"),
        ("unevaluatedItems", "items"),
    ] {
        if let Some(x) = out.remove(kw) {
            out.entry(plain.to_string()).or_insert(x);
        }
    }
    Some(out)
}

/// Whether generated writers close an object schema: it declares `properties` and leaves
/// undeclared ones open. The one rule for the model and for the witness check's copy of the
/// schema ([`super::witness::prepare`]).
pub fn writers_close(m: &Map<String, Value>) -> bool {
    let rest = m
        .get("additionalProperties")
        .or_else(|| m.get("unevaluatedProperties"));
    let open = match rest {
        None | Some(Value::Bool(true)) => true,
        Some(Value::Object(a)) => a.is_empty(),
        Some(_) => false,
    };
    open && m.contains_key("properties") && m.get("type") == Some(&Value::from("object"))
}

/// One JSON pointer token, escaped.
pub fn token(t: &str) -> String {
    crate::schema::pointer::escape(t)
}

fn unescape(t: &str) -> String {
    crate::schema::pointer::unescape(t)
}

/// Reads the schemas of one document.
pub struct Reader<'a> {
    root: &'a Value,
    anchors: HashMap<String, String>,
    formats: &'a dyn FormatCheck,
}

fn collect_anchors(v: &Value, ptr: &str, out: &mut HashMap<String, String>) {
    let Value::Object(m) = v else { return };
    if let Some(Value::String(a)) = m.get("$anchor") {
        out.entry(a.clone()).or_insert_with(|| ptr.to_string());
    }
    for (k, x) in m {
        let p = format!("{ptr}/{}", token(k));
        match (subschemas_of(k), x) {
            (Subschemas::One, _) => collect_anchors(x, &p, out),
            (Subschemas::List, Value::Array(items)) => {
                for (i, s) in items.iter().enumerate() {
                    collect_anchors(s, &format!("{p}/{i}"), out);
                }
            }
            (Subschemas::Map, Value::Object(members)) => {
                for (name, s) in members {
                    collect_anchors(s, &format!("{p}/{}", token(name)), out);
                }
            }
            (Subschemas::None | Subschemas::List | Subschemas::Map, _) => {}
        }
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
            Ast::Empty(_) | Ast::Literal(_) | Ast::Dot(_) => None,
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
            ast::ClassSetItem::Empty(_)
            | ast::ClassSetItem::Literal(_)
            | ast::ClassSetItem::Range(_) => None,
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
        self.canonical_upto(v, depth, MAX_DEPTH)
    }

    /// [`Reader::canonical`] following references `max_depth` deep at most (where a schema is
    /// compared for identity while being read: recursion stays shallow).
    fn shallow(&self, v: &Value) -> Value {
        self.canonical_upto(v, 0, SHALLOW_DEPTH)
    }

    fn canonical_upto(&self, v: &Value, depth: usize, max_depth: usize) -> Value {
        let budget = std::cell::Cell::new(CANONICAL_BUDGET);
        self.canonical_in(v, depth, max_depth, &budget)
            .unwrap_or_else(|| {
                // Too big or too deep to spell out: equal to nothing else.
                static NEXT: std::sync::atomic::AtomicUsize =
                    std::sync::atomic::AtomicUsize::new(0);
                let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                serde_json::json!({ "$incomparable": n })
            })
    }

    fn canonical_in(
        &self,
        v: &Value,
        depth: usize,
        max_depth: usize,
        budget: &std::cell::Cell<usize>,
    ) -> Option<Value> {
        let Value::Object(m) = v else {
            return Some(v.clone());
        };
        budget.set(budget.get().checked_sub(1)?);
        if let Some(Value::String(r)) = m.get("$ref") {
            if depth >= max_depth {
                return None;
            }
            if let Some((t, _)) = self.resolve(r) {
                let mut rest = m.clone();
                rest.remove("$ref");
                let inner = self.canonical_in(t, depth + 1, max_depth, budget)?;
                let rest = self.canonical_in(&Value::Object(rest), depth, max_depth, budget)?;
                return Some(if rest.as_object().is_some_and(|r| r.is_empty()) {
                    inner
                } else {
                    serde_json::json!({"allOf": [inner, rest]})
                });
            }
        }
        let mut out = Map::new();
        for (k, x) in m {
            // Definitions and anchors only matter through the references inlined above.
            let skip = match Keyword::parse(k) {
                Some(Keyword::Defs | Keyword::Definitions | Keyword::Anchor) => true,
                Some(kw) => kw.role() == Role::Annotation,
                None => true,
            };
            if skip {
                continue;
            }
            let x = match (subschemas_of(k), x) {
                (Subschemas::One, _) => self.canonical_in(x, depth, max_depth, budget)?,
                (Subschemas::List, Value::Array(items)) => Value::Array(
                    items
                        .iter()
                        .map(|s| self.canonical_in(s, depth, max_depth, budget))
                        .collect::<Option<_>>()?,
                ),
                (Subschemas::Map, Value::Object(p)) => Value::Object(
                    p.iter()
                        .map(|(n, s)| {
                            Some((n.clone(), self.canonical_in(s, depth, max_depth, budget)?))
                        })
                        .collect::<Option<_>>()?,
                ),
                (Subschemas::None | Subschemas::List | Subschemas::Map, _) => x.clone(),
            };
            out.insert(k.clone(), x);
        }
        Some(Value::Object(out))
    }

    /// An opaque node for the schema `v` at `ptr`; `at` points at the keyword.
    fn opaque(&self, v: &Value, ptr: &str, keyword: &str, at: String) -> Node {
        Node {
            opaque: Some(Opaque {
                keyword: keyword.to_string(),
                ptr: at,
                canonical: self.canonical(v, 0),
            }),
            ..Node::empty(ptr)
        }
    }

    /// The node of the schema `v` found at `ptr`.
    pub fn node(&self, v: &Value, ptr: &str, depth: usize) -> Node {
        let m = match v {
            Value::Bool(true) => return Node::any(ptr),
            Value::Bool(false) => return Node::nothing(ptr),
            Value::Object(m) => m,
            Value::Null | Value::Number(_) | Value::String(_) | Value::Array(_) => {
                return self.opaque(v, ptr, "(not a schema)", ptr.to_string())
            }
        };
        if depth > MAX_DEPTH {
            return self.opaque(v, ptr, "$ref (recursive)", ptr.to_string());
        }
        let plain;
        let m = match without_unevaluated(m) {
            Some(rewritten) => {
                plain = rewritten;
                &plain
            }
            None => m,
        };
        if let Some(k) = m.keys().find(|k| role_of(k) == Role::Opaque) {
            return self.opaque(v, ptr, k, format!("{ptr}/{}", token(k)));
        }
        let mut node = match self.node_inner(m, ptr, depth) {
            Ok(n) => n,
            Err(keyword) => {
                // The reason starts with the keyword's name (`oneOf (branches that may …)`).
                let name = keyword.split([' ', '/']).next().unwrap_or_default();
                let at = if m.contains_key(name) {
                    format!("{ptr}/{}", token(name))
                } else {
                    ptr.to_string()
                };
                return self.opaque(v, ptr, &keyword, at);
            }
        };
        node.notes = Notes::read(m, ptr).or(&node.notes);
        node
    }

    fn node_inner(&self, m: &Map<String, Value>, ptr: &str, depth: usize) -> Result<Node, String> {
        let mut node = self.base(m, ptr, depth)?;
        if let Some(r) = m.get("$ref") {
            let r = r.as_str().ok_or("$ref")?;
            let (target, tptr) = self.resolve(r).ok_or("$ref")?;
            let t = self.node(target, &tptr, depth + 1);
            let only_ref = m
                .keys()
                .all(|k| k == "$ref" || role_of(k) == Role::Annotation);
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
        let mut conds = Vec::new();
        // Conditions for the kinds other than objects: `Some(true)` the `then` schema applies
        // to them, `Some(false)` the `else` schema.
        let mut scalar_side: Vec<(Cond, bool)> = Vec::new();
        for key in ["anyOf", "oneOf"] {
            let Some(list) = m.get(key) else { continue };
            let list = list.as_array().ok_or(key)?;
            if key == "anyOf" {
                if let Some((c, side)) = self.implication(list, ptr, depth) {
                    scalar_side.push((c.clone(), side));
                    conds.push(c);
                    continue;
                }
            }
            let branches: Vec<Node> = list
                .iter()
                .enumerate()
                .map(|(i, s)| self.node(s, &format!("{ptr}/{key}/{i}"), depth + 1))
                .collect();
            let mut overlaps = false;
            if key == "oneOf" {
                for (i, x) in branches.iter().enumerate() {
                    for y in &branches[i + 1..] {
                        overlaps |= !disjoint(x, y, self.formats);
                    }
                }
            }
            let mut u = Node::nothing(ptr);
            let mut overlap = None;
            if overlaps {
                // Named only where every meeting of two branches is known.
                let mut whole = Some(Node::nothing(ptr));
                let mut pairs = Some(Vec::new());
                for (i, x) in branches.iter().enumerate() {
                    whole = whole.and_then(|w| union(&w, x));
                    for y in &branches[i + 1..] {
                        match (intersect(x, y, self.formats), pairs.as_mut()) {
                            (Some(p), Some(list)) if !p.is_nothing() => list.push(p),
                            (Some(_), _) => {}
                            (None, _) => pairs = None,
                        }
                    }
                }
                if let (Some(mut whole), Some(pairs)) = (whole, pairs) {
                    whole.ptr = ptr.to_string();
                    overlap = Some(Box::new(Overlap {
                        ptr: format!("{ptr}/oneOf"),
                        union: whole,
                        pairs,
                    }));
                }
                // Exactly one branch: each branch without the others.
                for (i, b) in branches.iter().enumerate() {
                    let mut only = b.clone();
                    for (j, other) in branches.iter().enumerate() {
                        if i != j {
                            only = subtract(&only, other, self.formats)
                                .ok_or("oneOf (branches that may overlap)")?;
                        }
                    }
                    u = union(&u, &only).ok_or(key)?;
                }
            } else {
                for b in &branches {
                    u = union(&u, b).ok_or(key)?;
                }
            }
            // A union of listed values is listed at the union (one branch: at that branch).
            if branches.len() > 1 && branches.iter().any(|b| b.listed.is_some()) {
                u.listed = Some(Listed {
                    ptr: format!("{ptr}/{key}"),
                    constant: false,
                });
            }
            if overlaps {
                u.numeric = None;
            }
            u.ptr = ptr.to_string();
            node = intersect(&node, &u, self.formats).ok_or(key)?;
            // The overlap is named where the schema is nothing but this `oneOf`.
            let alone = m
                .keys()
                .all(|k| k == "oneOf" || matches!(role_of(k), Role::Annotation) || k == "$defs");
            if alone {
                node.overlap = overlap;
            }
        }
        if let Some(not) = m.get("not") {
            let b = self.node(not, &format!("{ptr}/not"), depth + 1);
            node = subtract(&node, &b, self.formats).ok_or("not")?;
        }
        if let Some(dep) = m.get("dependentRequired") {
            for (name, needs) in dep.as_object().ok_or("dependentRequired")? {
                let needs: BTreeSet<String> = needs
                    .as_array()
                    .ok_or("dependentRequired")?
                    .iter()
                    .map(|n| n.as_str().map(str::to_string).ok_or("dependentRequired"))
                    .collect::<Result<_, _>>()?;
                let then = Then {
                    canonical: serde_json::json!({ "required": needs }),
                    required: needs,
                    node: None,
                };
                conds.push(Cond::new(
                    format!("{ptr}/dependentRequired/{}", token(name)),
                    When::present(name),
                    then,
                    Then::default(),
                ));
            }
        }
        if let Some(dep) = m.get("dependentSchemas") {
            for (name, schema) in dep.as_object().ok_or("dependentSchemas")? {
                let at = format!("{ptr}/dependentSchemas/{}", token(name));
                let then = self.consequence(Some(schema), &at, depth)?;
                conds.push(Cond::new(at, When::present(name), then, Then::default()));
            }
        }
        // `then`/`else` without `if` are ignored by validators.
        if let Some(cond) = m.get("if") {
            let when = self.condition_of(cond, &format!("{ptr}/if"), depth)?;
            let objects_only = when.objects_only;
            let then = self.consequence(m.get("then"), &format!("{ptr}/then"), depth)?;
            let otherwise = self.consequence(m.get("else"), &format!("{ptr}/else"), depth)?;
            let c = Cond::new(format!("{ptr}/if"), when, then, otherwise);
            scalar_side.push((c.clone(), !objects_only));
            conds.push(c);
        }
        if !conds.is_empty() {
            node = node.expand();
            // Kinds other than objects meet the `if` (or not) whatever their value.
            for (c, then) in &scalar_side {
                let applies = if *then { &c.then_node } else { &c.else_node };
                if let Some(b) = applies {
                    let objects = std::mem::take(&mut node.objects);
                    node = intersect(&node, b, self.formats).ok_or("if")?;
                    node.objects = objects;
                }
            }
            for o in &mut node.objects {
                o.conds.extend(conds.iter().cloned());
                normalise_conds(o);
            }
        }
        node.objects.retain(|o| !o.impossible());
        Ok(node)
    }

    /// `anyOf: [{"not": C}, T]` is `if C then T`, and `anyOf: [C, E]` is `if C else E`, when C
    /// is a condition on property presence and values; with whether the kinds other than
    /// objects take the `then` schema (`true`) or the `else` one.
    fn implication(&self, list: &[Value], ptr: &str, depth: usize) -> Option<(Cond, bool)> {
        let [a, b] = list else { return None };
        fn negated(v: &Value) -> Option<&Value> {
            let m = v.as_object()?;
            let only = m
                .keys()
                .all(|k| k == "not" || role_of(k) == Role::Annotation);
            only.then(|| m.get("not")).flatten()
        }
        for (i, x, y) in [(0, a, b), (1, b, a)] {
            let j = 1 - i;
            let Some(c) = negated(x) else { continue };
            let Ok(when) = self.condition_of(c, &format!("{ptr}/anyOf/{i}/not"), depth) else {
                continue;
            };
            let objects_only = when.objects_only;
            // A branch the model cannot hold: read as a plain union (opaque as such).
            let Ok(then) = self.consequence(Some(y), &format!("{ptr}/anyOf/{j}"), depth) else {
                return None;
            };
            let c = Cond::new(format!("{ptr}/anyOf"), when, then, Then::default());
            return Some((c, !objects_only));
        }
        for (i, x, y) in [(0, a, b), (1, b, a)] {
            let j = 1 - i;
            let typed = x.as_object().is_some_and(|m| m.contains_key("type"));
            if typed || negated(y).is_some() {
                continue;
            }
            let Ok(when) = self.condition_of(x, &format!("{ptr}/anyOf/{i}"), depth) else {
                continue;
            };
            let objects_only = when.objects_only;
            let Ok(otherwise) = self.consequence(Some(y), &format!("{ptr}/anyOf/{j}"), depth)
            else {
                return None;
            };
            let c = Cond::new(format!("{ptr}/anyOf"), when, Then::default(), otherwise);
            return Some((c, !objects_only));
        }
        None
    }

    /// What a condition demands (`then`, `else`, a dependent schema): the names it requires,
    /// and the schema itself when it demands more than that.
    fn consequence(&self, v: Option<&Value>, ptr: &str, depth: usize) -> Result<Then, String> {
        let Some(v) = v else {
            return Ok(Then::default());
        };
        let canonical = self.shallow(v);
        let required = v
            .as_object()
            .map(|mm| names(mm.get("required")))
            .unwrap_or_default();
        if let Value::Object(mm) = v {
            if mm
                .keys()
                .all(|k| k == "required" || role_of(k) == Role::Annotation)
            {
                return Ok(Then {
                    required,
                    node: None,
                    canonical,
                });
            }
        }
        let node = self.node(v, ptr, depth + 1);
        if node.opaque.is_some() {
            return Err("then/else".into());
        }
        Ok(Then {
            required,
            node: (!node.any).then(|| Box::new(node)),
            canonical,
        })
    }

    /// An `if` on property presence and values: the names it requires, the values it tests,
    /// and whether it only holds for objects (`type: object`).
    fn condition_of(&self, cond: &Value, ptr: &str, depth: usize) -> Result<When, String> {
        let cm = cond.as_object().ok_or("if")?;
        if cm.keys().any(|k| {
            !matches!(k.as_str(), "required" | "properties" | "type")
                && role_of(k) != Role::Annotation
        }) || cm.get("type").is_some_and(|t| t != "object")
        {
            return Err("if (other than `properties`/`required`)".into());
        }
        let mut when_props = Vec::new();
        if let Some(Value::Object(p)) = cm.get("properties") {
            for (n, s) in p {
                let np = format!("{ptr}/properties/{}", token(n));
                let node = self.node(s, &np, depth + 1);
                if node.opaque.is_some() {
                    return Err("if".into());
                }
                when_props.push((n.clone(), node));
            }
        }
        let required = names(cm.get("required"));
        let props: Map<String, Value> = match cm.get("properties") {
            Some(Value::Object(p)) => p
                .iter()
                .map(|(n, s)| (n.clone(), self.shallow(s)))
                .collect(),
            _ => Map::new(),
        };
        Ok(When {
            canonical: serde_json::json!({
                "required": required,
                "properties": props,
                "objects_only": cm.contains_key("type"),
            }),
            required,
            props: when_props,
            objects_only: cm.contains_key("type"),
        })
    }

    /// The kinds of `type`, with the keywords of each kind.
    fn base(&self, m: &Map<String, Value>, ptr: &str, depth: usize) -> Result<Node, String> {
        if !m.keys().any(|k| role_of(k) == Role::Constraint) {
            return Ok(Node::any(ptr));
        }
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
            node.numeric = Some(nt);
        }
        if has("string") {
            let format = match m.get("format").and_then(Value::as_str) {
                None => None,
                Some("uuid") => Some(Format::Uuid),
                Some("date") => Some(Format::Date),
                Some("date-time") => Some(Format::DateTime),
                // Annotations for the IR and the generated readers (not validated).
                Some("email") => Some(Format::Email),
                Some("uri") => Some(Format::Uri),
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
                excluded: Vec::new(),
            });
        }
        if has("array") {
            let items = match m.get("items") {
                None => Node::any(&format!("{ptr}/items")),
                Some(Value::Array(_)) => return Err("items (an array: draft-07 tuples)".into()),
                Some(s) => self.node(s, &format!("{ptr}/items"), depth + 1),
            };
            let prefix = match m.get("prefixItems") {
                None => Vec::new(),
                Some(Value::Array(list)) => list
                    .iter()
                    .enumerate()
                    .map(|(i, s)| self.node(s, &format!("{ptr}/prefixItems/{i}"), depth + 1))
                    .collect(),
                Some(_) => return Err("prefixItems".into()),
            };
            let mut contains = Vec::new();
            if let Some(c) = m.get("contains") {
                let min = match m.get("minContains") {
                    None => 1,
                    Some(_) => uint(m, "minContains").ok_or("minContains")?,
                };
                let max = match m.get("maxContains") {
                    None => None,
                    Some(_) => Some(uint(m, "maxContains").ok_or("maxContains")?),
                };
                // `minContains: 0` without `maxContains` counts nothing that matters.
                if min > 0 || max.is_some() {
                    let cp = format!("{ptr}/contains");
                    contains.push(Contains {
                        node: Box::new(self.node(c, &cp, depth + 1)),
                        canonical: self.shallow(c),
                        ptr: cp,
                        min,
                        max,
                    });
                }
            }
            let mut a = Arr {
                prefix,
                items: Box::new(items),
                min: uint(m, "minItems").unwrap_or(0),
                max: uint(m, "maxItems"),
                unique: m.get("uniqueItems") == Some(&Value::Bool(true)),
                contains,
            };
            a.normalise();
            if !a.impossible() {
                node.arrays.push(a);
            }
        }
        if has("object") {
            let mut o = Obj::open(&format!("{ptr}/additionalProperties"));
            o.ptr = ptr.to_string();
            o.writers_close = writers_close(m);
            if let Some(p) = m.get("properties") {
                for (n, s) in p.as_object().ok_or("properties")? {
                    let np = format!("{ptr}/properties/{}", token(n));
                    let node = self.node(s, &np, depth + 1);
                    o.props.push(Prop {
                        name: n.clone(),
                        ptr: np,
                        node,
                    });
                }
            }
            if let Some(p) = m.get("patternProperties") {
                for (pat, s) in p.as_object().ok_or("patternProperties")? {
                    portable_pattern(pat).map_err(|_| "patternProperties".to_string())?;
                    let np = format!("{ptr}/patternProperties/{}", token(pat));
                    o.patterns.push((pat.clone(), self.node(s, &np, depth + 1)));
                }
            }
            if let Some(a) = m.get("additionalProperties") {
                o.additional =
                    Box::new(self.node(a, &format!("{ptr}/additionalProperties"), depth + 1));
            }
            o.required = names(m.get("required"));
            if let Some(p) = m.get("propertyNames") {
                let names = self.node(p, &format!("{ptr}/propertyNames"), depth + 1);
                if names.opaque.is_some() {
                    return Err("propertyNames".into());
                }
                o.names = Some(Box::new(names));
            }
            o.min_props = match m.get("minProperties") {
                None => 0,
                Some(_) => uint(m, "minProperties").ok_or("minProperties")?,
            };
            o.max_props = match m.get("maxProperties") {
                None => None,
                Some(_) => Some(uint(m, "maxProperties").ok_or("maxProperties")?),
            };
            if !o.impossible() {
                node.objects.push(o);
            }
        }
        let mut values: Option<(Vec<Value>, Listed)> = match m.get("enum") {
            Some(Value::Array(v)) => Some((
                v.clone(),
                Listed {
                    ptr: format!("{ptr}/enum"),
                    constant: false,
                },
            )),
            Some(_) => return Err("enum".into()),
            None => None,
        };
        if let Some(c) = m.get("const") {
            let listed = Listed {
                ptr: format!("{ptr}/const"),
                constant: true,
            };
            values = Some(match values {
                Some((v, _)) => (v.into_iter().filter(|x| x == c).collect(), listed),
                None => (vec![c.clone()], listed),
            });
        }
        if let Some((values, listed)) = values {
            node = self.finite(&node, &values, &listed)?;
            node.listed = Some(listed);
        }
        Ok(node)
    }

    /// The values of an `enum`/`const` that the rest of the schema allows.
    fn finite(&self, node: &Node, values: &[Value], listed: &Listed) -> Result<Node, String> {
        let mut out = Node::nothing(&node.ptr);
        let mut strs = Vec::new();
        let mut nums = Vec::new();
        let mut seen: Vec<&Value> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            if !accepts(node, v, self.formats) || seen.iter().any(|s| json_eq(s, v)) {
                continue;
            }
            seen.push(v);
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
                Value::Array(_) | Value::Object(_) => {
                    let at = if listed.constant {
                        listed.ptr.clone()
                    } else {
                        format!("{}/{i}", listed.ptr)
                    };
                    let c = constant(v, &at).ok_or("enum")?;
                    out = union(&out, &c).ok_or("enum")?;
                    out.ptr = node.ptr.clone();
                }
            }
        }
        if !strs.is_empty() {
            out.strings.push(Str {
                finite: Some(strs),
                ..Str::plain()
            });
        }
        if !nums.is_empty() {
            out.numbers.push(NumSet::Finite(nums));
        }
        Ok(out)
    }
}

/// The set holding exactly `v`: arrays and objects spelled out as closed tuples and closed
/// objects of constants, so that they compare as JSON values (key order aside); `at` is the
/// value's pointer in the document.
pub fn constant(v: &Value, at: &str) -> Option<Node> {
    let mut n = Node::nothing(at);
    match v {
        Value::Null => n.null = true,
        Value::Bool(b) => n.boolean = Some(BoolSet { t: *b, f: !*b }),
        Value::Number(x) => n.numbers.push(NumSet::Finite(vec![Rat::from_number(x)?])),
        Value::String(s) => n.strings.push(Str {
            finite: Some(vec![s.clone()]),
            ..Str::plain()
        }),
        Value::Array(items) => {
            let prefix = items
                .iter()
                .enumerate()
                .map(|(i, x)| constant(x, &format!("{at}/{i}")))
                .collect::<Option<Vec<Node>>>()?;
            let len = items.len() as u64;
            n.arrays.push(Arr {
                prefix,
                items: Box::new(Node::nothing(at)),
                min: len,
                max: Some(len),
                unique: false,
                contains: Vec::new(),
            });
        }
        Value::Object(m) => {
            let mut o = Obj::open(at);
            o.additional = Box::new(Node::nothing(at));
            for (k, x) in m {
                let p = format!("{at}/{}", token(k));
                o.props.push(Prop {
                    name: k.clone(),
                    node: constant(x, &p)?,
                    ptr: p,
                });
            }
            o.required = m.keys().cloned().collect();
            n.objects.push(o);
        }
    }
    Some(n)
}
