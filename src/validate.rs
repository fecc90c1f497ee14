//! Validation of a JSON value against a schema, reporting every error in pydantic's terms.
//!
//! The `jsonschema` crate finds the errors (with the contract's `uuid` and `date-time`
//! grammars as format checks); this module names them. The name comes from the kind of the
//! error and the schema node that holds the failing keyword (a `type` error on a node with
//! `properties` is `model_type`, on a `format: uuid` node `uuid_type`, …), never from property
//! names. Then one error is kept per location (schema/CONTRACT.md priority) and the errors are
//! ordered as pydantic orders them: schema property order, depth first.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::errors::{ErrorDetails, LocItem};
use crate::numbers;
use crate::Timestamp;

/// One union of a schema, from the codegen IR (build.rs writes the table, `__UNIONS`).
pub(crate) struct UnionSite {
    /// JSON pointer of the union's node (`oneOf` / `anyOf` / `type` array).
    pub(crate) pointer: &'static str,
    /// The tag property of a discriminated union; `None`: told apart by JSON type.
    pub(crate) discriminator: Option<&'static str>,
    /// `null` is valid (a `null` branch).
    pub(crate) nullable: bool,
    /// Tag (discriminator value or JSON type name) → what validates that branch.
    pub(crate) variants: &'static [(&'static str, UnionTarget)],
    /// The union's node has keywords checked at run time next to the union (`ir::Check`):
    /// the whole node is validated as well, not only the chosen branch.
    pub(crate) checked: bool,
}

/// One run-time check of a schema (codegen's `ir::Check`; build.rs writes the table,
/// `__CHECKS`): the node it evaluates and the keywords that are the check's own there. Its
/// errors are reported only where the checked value's type holds (nothing else fails inside the
/// value), as Python and TypeScript evaluate a check once the type has held.
pub(crate) struct CheckSite {
    /// JSON pointer of the node.
    pub(crate) pointer: &'static str,
    /// The keywords of the node that the check evaluates and no type does (`"false"`: the node
    /// is the schema `false`).
    pub(crate) keywords: &'static [&'static str],
}

/// What validates one branch of a union. (Built only by the union tables build.rs writes for
/// schemas with unions; no released version has one, so a plain `cargo build` sees none.)
#[allow(dead_code)]
pub(crate) enum UnionTarget {
    /// The subschema at this pointer.
    Schema(&'static str),
    /// The `type`-array node at this pointer, restricted to this one type.
    TypeOf(&'static str, &'static str),
    /// Another union of the table (a discriminated union inside a union by JSON type).
    Union(usize),
}

/// The compiled branches of every union of a schema, and its checks.
struct Unions {
    sites: &'static [UnionSite],
    targets: Vec<Vec<Target>>,
    checks: &'static [CheckSite],
}

enum Target {
    Schema(Plain),
    Union(usize),
}

/// A compiled schema document, unions included: each union node is replaced by a marker
/// (`{"x-union": <index>}`, which the validator ignores) and validated as pydantic validates a
/// discriminated union: by picking one branch, its errors located under the tag.
pub(crate) struct CompiledSchema {
    plain: Plain,
    unions: std::sync::Arc<Unions>,
}

impl CompiledSchema {
    /// Compiles a schema document with the unions `sites` and the `checks` (pointers into
    /// `document`).
    pub(crate) fn new(
        document: Value,
        sites: &'static [UnionSite],
        checks: &'static [CheckSite],
    ) -> Result<Self, String> {
        Self::for_pointer(&document, "", sites, checks)
    }

    /// The subschema of `root` at the JSON pointer `pointer` as a document of its own: the
    /// node plus the root's `$schema` and definitions, so its local `$ref`s still resolve.
    pub(crate) fn for_pointer(
        root: &Value,
        pointer: &str,
        sites: &'static [UnionSite],
        checks: &'static [CheckSite],
    ) -> Result<Self, String> {
        let document = if pointer.is_empty() {
            root.clone()
        } else {
            sub_document(root, pointer)?
        };
        let plain = Plain::new(mark(document, pointer, sites, None), pointer)?;
        let mut targets = Vec::new();
        for (index, site) in sites.iter().enumerate() {
            let mut row = Vec::new();
            for (_, target) in site.variants {
                row.push(match target {
                    UnionTarget::Union(i) => Target::Union(*i),
                    UnionTarget::Schema(at) => Target::Schema(Plain::new(
                        mark(sub_document(root, at)?, at, sites, None),
                        at,
                    )?),
                    UnionTarget::TypeOf(at, ty) => {
                        let mut doc = sub_document(root, at)?;
                        doc["type"] = Value::String((*ty).to_string());
                        Target::Schema(Plain::new(mark(doc, at, sites, Some(index)), at)?)
                    }
                });
            }
            targets.push(row);
        }
        Ok(Self {
            plain,
            unions: std::sync::Arc::new(Unions {
                sites,
                targets,
                checks,
            }),
        })
    }

    /// The schema's title: the model name.
    pub(crate) fn title(&self) -> &str {
        &self.plain.title
    }

    /// Every error in `instance`, one per location, in pydantic's order (empty when valid).
    pub(crate) fn check(&self, instance: &Value) -> Vec<ErrorDetails> {
        self.plain.check(instance, &self.unions)
    }

    /// Writes every integral number at an `integer` node of a valid `instance` as an integer
    /// (`1.0` → `1`, as pydantic reads it), so that the Rust integer types take it.
    pub(crate) fn integers(&self, instance: &mut Value) {
        self.plain.integers(
            resolve_refs(&self.plain.document, &self.plain.document),
            instance,
            &self.unions,
        );
    }
}

impl Unions {
    fn integers(&self, index: usize, value: &mut Value) {
        let site = &self.sites[index];
        let position = match site.discriminator {
            Some(d) => value
                .get(d)
                .and_then(Value::as_str)
                .and_then(|t| site.variants.iter().position(|(v, _)| *v == t)),
            None => {
                let has = |t: &str| site.variants.iter().position(|(v, _)| *v == t);
                match value {
                    Value::String(_) => has("string"),
                    Value::Number(_) => has("integer").or_else(|| has("number")),
                    Value::Bool(_) => has("boolean"),
                    Value::Array(_) => has("array"),
                    Value::Object(_) => has("object"),
                    Value::Null => None,
                }
            }
        };
        match position.map(|p| &self.targets[index][p]) {
            Some(Target::Schema(plain)) => {
                plain.integers(resolve_refs(&plain.document, &plain.document), value, self)
            }
            Some(Target::Union(other)) => self.integers(*other, value),
            None => {}
        }
    }
}

/// The node at `pointer` plus the root's `$schema` and definitions, so its `$ref`s resolve.
fn sub_document(root: &Value, pointer: &str) -> Result<Value, String> {
    let node = root
        .pointer(pointer)
        .and_then(Value::as_object)
        .ok_or_else(|| format!("the schema has no object schema at #{pointer}"))?;
    let mut document = node.clone();
    for key in ["$schema", "$defs", "definitions"] {
        if let Some(value) = root.get(key) {
            document.entry(key).or_insert_with(|| value.clone());
        }
    }
    Ok(Value::Object(document))
}

/// `document` (the node at `base` of the full schema, or the full schema when `base` is
/// empty) with every union node under it or in `$defs` replaced by its marker; `skip` is the
/// union whose own node the document is.
fn mark(mut document: Value, base: &str, sites: &[UnionSite], skip: Option<usize>) -> Value {
    let mut edits: Vec<(String, usize)> = Vec::new();
    for (index, site) in sites.iter().enumerate() {
        if Some(index) == skip {
            continue;
        }
        let relative = if base.is_empty() || site.pointer.starts_with("/$defs/") {
            site.pointer.to_string()
        } else if let Some(rest) = site.pointer.strip_prefix(base) {
            if !rest.starts_with('/') {
                continue;
            }
            rest.to_string()
        } else {
            continue;
        };
        if relative.is_empty() || edits.iter().any(|(p, _)| *p == relative) {
            continue;
        }
        edits.push((relative, index));
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0.len()));
    for (pointer, index) in edits {
        if let Some(slot) = document.pointer_mut(&pointer) {
            match slot {
                // Keywords next to the union may read what its branches evaluate
                // (`unevaluatedProperties`): the node stays, marked.
                Value::Object(node) if sites[index].checked => {
                    node.insert(UNION_MARKER.to_string(), Value::from(index));
                }
                _ => *slot = serde_json::json!({ UNION_MARKER: index }),
            }
        }
    }
    document
}

/// `multipleOf` with the literal of the schema: exact on decimals (`numbers::is_multiple_of`),
/// where the `jsonschema` crate divides doubles (`19.99` would be no multiple of `0.01`).
struct MultipleOf(String);

impl<'i> jsonschema::Keyword<'i> for MultipleOf {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(jsonschema::ValidationError::custom(format!(
                "Input should be a multiple of {}",
                self.0
            )))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match instance {
            Value::Number(number) => numbers::is_multiple_of(number.as_str(), &self.0),
            _ => true,
        }
    }
}

/// The keyword of a union's marker node.
const UNION_MARKER: &str = "x-union";

impl Unions {
    /// The errors of `value` read by the union `index`, located relative to the value.
    fn check_site(&self, index: usize, value: &Value) -> Vec<ErrorDetails> {
        let site = &self.sites[index];
        if value.is_null() && site.nullable {
            return Vec::new();
        }
        let tags: Vec<String> = site
            .variants
            .iter()
            .map(|(t, _)| format!("'{t}'"))
            .collect();
        let tags = tags.join(", ");
        let single = |error_type: &str, msg: String| {
            vec![ErrorDetails {
                error_type: error_type.to_string(),
                loc: Vec::new(),
                msg,
            }]
        };
        let chosen = match site.discriminator {
            Some(d) => {
                let Value::Object(map) = value else {
                    return single("dict_type", "Input should be an object".to_string());
                };
                match map.get(d) {
                    None => {
                        return single(
                            "union_tag_not_found",
                            format!("Unable to extract tag using discriminator '{d}'"),
                        )
                    }
                    Some(tag) => {
                        let found = tag
                            .as_str()
                            .and_then(|t| site.variants.iter().position(|(v, _)| *v == t));
                        match found {
                            Some(position) => position,
                            None => return single(
                                "union_tag_invalid",
                                format!("Input tag {} found using '{d}' does not match any of the expected tags: {tags}", literal(tag)),
                            ),
                        }
                    }
                }
            }
            None => {
                let has = |t: &str| site.variants.iter().position(|(v, _)| *v == t);
                let kind = match value {
                    Value::String(_) => has("string"),
                    Value::Number(_) => has("integer").or_else(|| has("number")),
                    Value::Bool(_) => has("boolean"),
                    Value::Array(_) => has("array"),
                    Value::Object(_) => has("object"),
                    Value::Null => None,
                };
                match kind {
                    Some(position) => position,
                    None => {
                        return single(
                            "union_tag_invalid",
                            format!("Input tag '{}' found using the JSON type does not match any of the expected tags: {tags}", json_type(value)),
                        )
                    }
                }
            }
        };
        let tag = site.variants[chosen].0;
        let inner = match &self.targets[index][chosen] {
            Target::Schema(plain) => plain.check(value, self),
            Target::Union(other) => self.check_site(*other, value),
        };
        inner
            .into_iter()
            .map(|mut e| {
                e.loc.insert(0, LocItem::Key(tag.to_string()));
                e
            })
            .collect()
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// One compiled document whose unions are markers.
struct Plain {
    /// The model name used in messages (the schema's `title`).
    title: String,
    document: Value,
    /// Where `document` is in the schema file (`""`: the whole file; else a node, with the
    /// file's `$defs` beside it).
    base: String,
    validator: jsonschema::Validator,
}

/// Priority of an error at its location (lower wins): type, format, length, pattern, bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Type,
    Format,
    Length,
    Pattern,
    Bounds,
    /// `multipleOf` is checked once the bounds hold (as pydantic checks a validator after
    /// the field's own constraints).
    Multiple,
    Other,
    Number,
}

struct Found {
    loc: Vec<LocItem>,
    rank: Rank,
    error_type: String,
    msg: String,
    /// The run-time check whose own keyword failed (`None`: a type's keyword).
    owner: Option<Owner>,
}

/// One evaluation of a check: the check (index into the table), the location of the value it
/// evaluates, and how deep in the evaluation path its node is (a check reached through another
/// one's node at the same value, such as an object's own check under a field's, is deeper).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Owner {
    site: usize,
    loc: Vec<LocItem>,
    depth: usize,
}

impl Owner {
    /// Whether `self` is evaluated as part of the type that `outer` waits for: at a value
    /// inside `outer`'s, or at the same value through `outer`'s node.
    fn is_inside(&self, outer: &Owner) -> bool {
        self.loc.starts_with(&outer.loc)
            && (self.loc.len() > outer.loc.len()
                || (self.loc == outer.loc && self.depth > outer.depth))
    }
}

impl Plain {
    /// Compiles a schema document (draft from its `$schema`; formats asserted); `base` is where
    /// it is in the schema file.
    fn new(document: Value, base: &str) -> Result<Self, String> {
        let validator = Self::validator(&document)?;
        let title = resolve_refs(&document, &document)
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("Model");
        Ok(Self {
            title: title.to_string(),
            document,
            base: base.to_string(),
            validator,
        })
    }

    /// The validator of a schema document, with the project's formats and `multipleOf`.
    fn validator(document: &Value) -> Result<jsonschema::Validator, String> {
        jsonschema::options()
            .should_validate_formats(true)
            .with_format("uuid", is_uuid)
            .with_format("date-time", |text: &str| Timestamp::parse(text).is_ok())
            // Annotations in every language (codegen's `ir::Format`): never asserted.
            .with_format("email", |_: &str| true)
            .with_format("uri", |_: &str| true)
            // multipleOf on decimal values, as every language checks it (numbers.rs).
            .with_keyword("multipleOf", |_, value, _| {
                let Value::Number(step) = value else {
                    return Err(jsonschema::ValidationError::schema(
                        "multipleOf must be a number",
                    ));
                };
                Ok(Box::new(MultipleOf(step.to_string())))
            })
            .build(document)
            .map_err(|e| e.to_string())
    }

    /// How many items of `items` the `contains` subschema of `node` holds for.
    fn contains_matches(&self, node: &Value, items: &Value) -> usize {
        let items = items.as_array().map(Vec::as_slice).unwrap_or_default();
        match node.get("contains") {
            Some(Value::Bool(true)) => items.len(),
            Some(Value::Object(schema)) => {
                let mut document = schema.clone();
                for key in ["$schema", "$defs", "definitions"] {
                    if let Some(value) = self.document.get(key) {
                        document.entry(key).or_insert_with(|| value.clone());
                    }
                }
                match Self::validator(&Value::Object(document)) {
                    Ok(validator) => items.iter().filter(|i| validator.is_valid(i)).count(),
                    Err(_) => 0,
                }
            }
            _ => 0,
        }
    }

    /// Every error in `instance`, one per location, in pydantic's order (empty when valid).
    fn check(&self, instance: &Value, unions: &Unions) -> Vec<ErrorDetails> {
        let mut found = Vec::new();
        for error in self.validator.iter_errors(instance) {
            let owner = self.owner(&error, instance, unions.checks);
            let at = found.len();
            self.name_error(instance, &error, &mut found);
            for f in &mut found[at..] {
                f.owner = owner.clone();
            }
        }
        let mut in_unions = Vec::new();
        self.unions_in(
            resolve_refs(&self.document, &self.document),
            instance,
            &mut Vec::new(),
            unions,
            &mut in_unions,
        );
        let mut non_finite = Vec::new();
        self.non_finite(
            resolve_refs(&self.document, &self.document),
            instance,
            &mut Vec::new(),
            &mut non_finite,
        );
        // Inside a value that already has an error (a type error, say) nothing is validated,
        // as in pydantic: a number there is not reported.
        let failed: Vec<&[LocItem]> = found.iter().map(|f| f.loc.as_slice()).collect();
        non_finite.retain(|loc| {
            !failed
                .iter()
                .any(|outer| outer.len() < loc.len() && loc.starts_with(outer))
        });
        found.extend(non_finite.into_iter().map(|loc| Found {
            loc,
            rank: Rank::Number,
            error_type: "finite_number".to_string(),
            msg: "Input should be a finite number".to_string(),
            owner: None,
        }));

        let mut keyed: Vec<_> = found
            .into_iter()
            .map(|f| (self.sort_key(instance, &f.loc), f.rank, f))
            .collect();
        for (at, errors) in in_unions {
            let key = self.sort_key(instance, &at);
            for (i, error) in errors.into_iter().enumerate() {
                let mut key = key.clone();
                key.push((2, i));
                let mut loc = at.clone();
                loc.extend(error.loc);
                keyed.push((
                    key,
                    Rank::Type,
                    Found {
                        loc,
                        rank: Rank::Type,
                        error_type: error.error_type,
                        msg: error.msg,
                        owner: None,
                    },
                ));
            }
        }
        // A check is evaluated once the value's type holds: its errors go when anything else
        // fails inside the value (a type's keyword, or a check evaluated as part of the type).
        let gated: Vec<(usize, Vec<LocItem>)> = {
            let founds: Vec<&Found> = keyed.iter().map(|(_, _, f)| f).collect();
            let mut gated = Vec::new();
            for owner in founds.iter().filter_map(|f| f.owner.as_ref()) {
                let key = (owner.site, owner.loc.clone());
                if gated.contains(&key) {
                    continue;
                }
                let held = founds.iter().all(|other| match &other.owner {
                    _ if !other.loc.starts_with(&owner.loc) => true,
                    None => false,
                    Some(o) => (o.site, &o.loc) == (owner.site, &owner.loc) || !o.is_inside(owner),
                });
                if !held {
                    gated.push(key);
                }
            }
            gated
        };
        keyed.retain(|(_, _, f)| {
            f.owner
                .as_ref()
                .is_none_or(|o| !gated.contains(&(o.site, o.loc.clone())))
        });
        // One error per location: the first by location, then kind, then type name.
        keyed.sort_by(|a, b| (&a.0, a.1, &a.2.error_type).cmp(&(&b.0, b.1, &b.2.error_type)));
        keyed.dedup_by(|later, earlier| later.2.loc == earlier.2.loc);
        keyed
            .into_iter()
            .map(|(_, _, f)| ErrorDetails {
                error_type: f.error_type,
                loc: f.loc,
                msg: f.msg,
            })
            .collect()
    }

    /// Names one `jsonschema` error, pushing zero or more errors onto `out`.
    fn name_error(
        &self,
        instance: &Value,
        error: &jsonschema::ValidationError<'_>,
        out: &mut Vec<Found>,
    ) {
        let loc = instance_loc(instance, error.instance_path().as_str());
        let keyword_path = error.schema_path().as_str();
        let node_path = keyword_path
            .rsplit_once('/')
            .map_or("", |(node, _keyword)| node);
        let node = self.node_at(node_path);
        let value = error.instance();
        let mut push = |loc: Vec<LocItem>, rank, error_type: &str, msg| {
            out.push(Found {
                loc,
                rank,
                error_type: error_type.to_string(),
                msg,
                owner: None,
            })
        };
        match error.kind() {
            ValidationErrorKind::Type { kind } => {
                let (error_type, msg) = type_error(node, kind, value);
                push(loc, Rank::Type, error_type, msg);
            }
            ValidationErrorKind::Enum { options } => {
                push(loc, Rank::Type, "enum", enum_message(options))
            }
            ValidationErrorKind::Constant { expected_value } => push(
                loc,
                Rank::Type,
                "literal_error",
                format!("Input should be {}", literal(expected_value)),
            ),
            ValidationErrorKind::Required { property } => {
                let mut loc = loc;
                loc.push(LocItem::Key(
                    property.as_str().unwrap_or_default().to_string(),
                ));
                push(loc, Rank::Type, "missing", "Field required".to_string());
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    let mut loc = loc.clone();
                    loc.push(LocItem::Key(key.clone()));
                    push(
                        loc,
                        Rank::Type,
                        "extra_forbidden",
                        "Extra inputs are not permitted".to_string(),
                    );
                }
            }
            ValidationErrorKind::Format { format } => {
                let text = value.as_str().unwrap_or_default();
                let (error_type, msg) = match format.as_str() {
                    "uuid" => (
                        "uuid_parsing",
                        "Input should be a valid UUID, expected the hyphenated 8-4-4-4-12 form"
                            .to_string(),
                    ),
                    "date-time" => {
                        let reason = Timestamp::parse(text).err().map(|e| e.to_string());
                        let reason = reason.unwrap_or_default();
                        (
                            "datetime_parsing",
                            format!("Input should be a valid datetime, {reason}"),
                        )
                    }
                    "date" => (
                        "date_parsing",
                        "Input should be a valid date in the format YYYY-MM-DD".to_string(),
                    ),
                    _ => ("value_error", format!("Value error, not a valid {format}")),
                };
                push(loc, Rank::Format, error_type, msg);
            }
            ValidationErrorKind::MinLength { limit } => push(
                loc,
                Rank::Length,
                "string_too_short",
                format!(
                    "String should have at least {limit} character{}",
                    plural(*limit)
                ),
            ),
            ValidationErrorKind::MaxLength { limit } => push(
                loc,
                Rank::Length,
                "string_too_long",
                format!(
                    "String should have at most {limit} character{}",
                    plural(*limit)
                ),
            ),
            ValidationErrorKind::MinItems { limit } => push(
                loc,
                Rank::Length,
                "too_short",
                format!("List should have at least {limit} item{}", plural(*limit)),
            ),
            ValidationErrorKind::MaxItems { limit } => push(
                loc,
                Rank::Length,
                "too_long",
                format!("List should have at most {limit} item{}", plural(*limit)),
            ),
            ValidationErrorKind::Pattern { pattern } => push(
                loc,
                Rank::Pattern,
                "string_pattern_mismatch",
                format!("String should match pattern '{pattern}'"),
            ),
            ValidationErrorKind::Minimum { limit } => push(
                loc,
                Rank::Bounds,
                "greater_than_equal",
                format!("Input should be greater than or equal to {limit}"),
            ),
            ValidationErrorKind::ExclusiveMinimum { limit } => push(
                loc,
                Rank::Bounds,
                "greater_than",
                format!("Input should be greater than {limit}"),
            ),
            ValidationErrorKind::Maximum { limit } => push(
                loc,
                Rank::Bounds,
                "less_than_equal",
                format!("Input should be less than or equal to {limit}"),
            ),
            ValidationErrorKind::ExclusiveMaximum { limit } => push(
                loc,
                Rank::Bounds,
                "less_than",
                format!("Input should be less than {limit}"),
            ),
            ValidationErrorKind::UniqueItems => push(
                loc,
                Rank::Other,
                "unique_items",
                "List should have unique items".to_string(),
            ),
            ValidationErrorKind::Custom { message, .. }
                if keyword_path.ends_with("/multipleOf") =>
            {
                push(loc, Rank::Multiple, "multiple_of", message.clone())
            }
            // The keywords of run-time checks (schema/CONTRACT.md, "Checks").
            ValidationErrorKind::Not { .. } => push(
                loc,
                Rank::Other,
                "not_allowed",
                "Input should not match the schema in `not`".to_string(),
            ),
            ValidationErrorKind::FalseSchema => {
                let keyword = keyword_path.rsplit('/').next().unwrap_or_default();
                let under = node_path.rsplit('/').next().unwrap_or_default();
                let named = [
                    "properties",
                    "patternProperties",
                    "$defs",
                    "dependentSchemas",
                ];
                match (keyword, value.as_ref()) {
                    // `items: false` refuses the array for having items (one error at it).
                    ("items", _) if !named.contains(&under) => {
                        let mut at = loc;
                        if matches!(at.last(), Some(LocItem::Index(_))) {
                            at.pop();
                        }
                        push(
                            at,
                            Rank::Length,
                            "too_long",
                            "List should have no items past its prefix".to_string(),
                        );
                    }
                    // `propertyNames: false` refuses every name.
                    ("propertyNames", Value::Object(map)) if !named.contains(&under) => {
                        for key in map.keys() {
                            let mut at = loc.clone();
                            at.push(LocItem::Key(key.clone()));
                            at.push(LocItem::Key("[key]".to_string()));
                            push(
                                at,
                                Rank::Other,
                                "not_allowed",
                                "No value is allowed here (the schema is `false`)".to_string(),
                            );
                        }
                    }
                    _ => push(
                        loc,
                        Rank::Other,
                        "not_allowed",
                        "No value is allowed here (the schema is `false`)".to_string(),
                    ),
                }
            }
            ValidationErrorKind::AnyOf { .. } => push(
                loc,
                Rank::Other,
                "union_no_match",
                "Input should match a schema of `anyOf`".to_string(),
            ),
            ValidationErrorKind::OneOfNotValid { .. } => push(
                loc,
                Rank::Other,
                "union_no_match",
                "Input should match exactly one schema of `oneOf`".to_string(),
            ),
            ValidationErrorKind::OneOfMultipleValid { .. } => push(
                loc,
                Rank::Other,
                "union_several_match",
                "Input should match exactly one schema of `oneOf`, not several".to_string(),
            ),
            // `maxContains` without `minContains` reports both ways at `maxContains`.
            ValidationErrorKind::Contains
                if keyword_path.ends_with("/maxContains")
                    && node
                        .get("maxContains")
                        .and_then(Value::as_u64)
                        .is_some_and(|max| self.contains_matches(node, value) as u64 > max) =>
            {
                push(
                    loc,
                    Rank::Other,
                    "contains_too_many",
                    "List should contain fewer items matching `contains`".to_string(),
                )
            }
            ValidationErrorKind::Contains => push(
                loc,
                Rank::Other,
                "contains_too_few",
                "List should contain enough items matching `contains`".to_string(),
            ),
            ValidationErrorKind::MinProperties { limit } => push(
                loc,
                Rank::Length,
                "too_short",
                format!(
                    "Object should have at least {limit} propert{}",
                    if *limit == 1 { "y" } else { "ies" }
                ),
            ),
            ValidationErrorKind::MaxProperties { limit } => push(
                loc,
                Rank::Length,
                "too_long",
                format!(
                    "Object should have at most {limit} propert{}",
                    if *limit == 1 { "y" } else { "ies" }
                ),
            ),
            ValidationErrorKind::AdditionalItems { .. }
            | ValidationErrorKind::UnevaluatedItems { .. } => push(
                loc,
                Rank::Length,
                "too_long",
                "List should have no items past those its schema evaluates".to_string(),
            ),
            ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                // `false`: each property it finds is refused; a schema: the object is.
                if node.get("unevaluatedProperties") == Some(&Value::Bool(false)) {
                    for key in unexpected {
                        let mut at = loc.clone();
                        at.push(LocItem::Key(key.clone()));
                        push(
                            at,
                            Rank::Type,
                            "extra_forbidden",
                            "Extra inputs are not permitted".to_string(),
                        );
                    }
                } else {
                    push(
                        loc,
                        Rank::Type,
                        "extra_forbidden",
                        "Extra inputs are not permitted".to_string(),
                    );
                }
            }
            ValidationErrorKind::PropertyNames { error: inner } => {
                // What a name fails is reported at the name: `[…, name, "[key]"]`.
                let name = inner.instance().as_str().unwrap_or_default().to_string();
                let mut named = Vec::new();
                self.name_error(instance, inner, &mut named);
                for mut f in named {
                    let mut at = loc.clone();
                    at.push(LocItem::Key(name.clone()));
                    at.push(LocItem::Key("[key]".to_string()));
                    f.loc = at;
                    out.push(f);
                }
            }
            // Keywords schema/CONTRACT.md gives no pydantic name (anyOf, not, uniqueItems, …):
            // reported as pydantic's generic `value_error` so that no error is lost.
            other => push(
                loc,
                Rank::Other,
                "value_error",
                format!("Value error, {other:?}"),
            ),
        }
    }

    /// The check whose own keyword `error` is (the first check keyword on the error's
    /// evaluation path, from the root), with the location of the value it evaluates; `None`
    /// for a keyword of a type.
    fn owner(
        &self,
        error: &jsonschema::ValidationError<'_>,
        instance: &Value,
        checks: &[CheckSite],
    ) -> Option<Owner> {
        if checks.is_empty() {
            return None;
        }
        let tokens: Vec<String> = error
            .evaluation_path()
            .as_str()
            .split('/')
            .skip(1)
            .map(unescape)
            .collect();
        let loc = instance_loc(instance, error.instance_path().as_str());
        // Where the walk is: the node (a pointer into `self.document`, and the same node's
        // pointer in the schema file), and how many items of `loc` its value is at.
        let mut here = String::new();
        let mut absolute = self.base.clone();
        let mut depth = 0;
        let mut i = 0;
        loop {
            if let Some(site) = checks.iter().position(|c| c.pointer == absolute) {
                let keywords = checks[site].keywords;
                let own = match tokens.get(i) {
                    Some(keyword) => keywords.contains(&keyword.as_str()),
                    // The node is the schema `false`.
                    None => keywords.contains(&"false"),
                };
                if own {
                    return Some(Owner {
                        site,
                        loc: loc.get(..depth)?.to_vec(),
                        depth: i,
                    });
                }
            }
            let keyword = tokens.get(i)?.as_str();
            i += 1;
            let step = |token: &str, here: &mut String, absolute: &mut String| {
                let token = token.replace('~', "~0").replace('/', "~1");
                here.push('/');
                here.push_str(&token);
                absolute.push('/');
                absolute.push_str(&token);
            };
            match keyword {
                "properties" | "patternProperties" | "prefixItems" => {
                    let name = tokens.get(i)?.clone();
                    i += 1;
                    step(keyword, &mut here, &mut absolute);
                    step(&name, &mut here, &mut absolute);
                    depth += 1;
                }
                "allOf" | "anyOf" | "oneOf" | "dependentSchemas" => {
                    let name = tokens.get(i)?.clone();
                    i += 1;
                    step(keyword, &mut here, &mut absolute);
                    step(&name, &mut here, &mut absolute);
                }
                "additionalProperties"
                | "items"
                | "contains"
                | "unevaluatedProperties"
                | "unevaluatedItems" => {
                    step(keyword, &mut here, &mut absolute);
                    depth += 1;
                }
                "not" | "if" | "then" | "else" | "propertyNames" => {
                    step(keyword, &mut here, &mut absolute);
                }
                "$ref" => {
                    let target = self
                        .document
                        .pointer(&here)?
                        .get("$ref")?
                        .as_str()?
                        .strip_prefix('#')?
                        .to_string();
                    let target = percent_decode(&target);
                    absolute = if self.base.is_empty()
                        || target.starts_with("/$defs/")
                        || target.starts_with("/definitions/")
                    {
                        target.clone()
                    } else {
                        format!("{}{target}", self.base)
                    };
                    here = target;
                }
                _ => return None,
            }
        }
    }

    /// The schema node at a keyword location's parent, following `$ref` segments.
    fn node_at(&self, pointer: &str) -> &Value {
        let mut node = &self.document;
        for segment in pointer.split('/').skip(1) {
            let segment = unescape(segment);
            node = if segment == "$ref" {
                follow_ref(&self.document, node)
            } else {
                match node {
                    Value::Object(map) => map.get(segment.as_str()).unwrap_or(&Value::Null),
                    Value::Array(items) => segment
                        .parse()
                        .ok()
                        .and_then(|i: usize| items.get(i))
                        .unwrap_or(&Value::Null),
                    _ => &Value::Null,
                }
            };
        }
        node
    }

    /// See [`CompiledSchema::integers`].
    fn integers(&self, node: &Value, value: &mut Value, unions: &Unions) {
        if let Some(index) = node.get(UNION_MARKER).and_then(Value::as_u64) {
            unions.integers(index as usize, value);
            return;
        }
        let integer = match node.get("type") {
            Some(Value::String(t)) => t == "integer",
            Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
            _ => false,
        };
        match value {
            Value::Number(number) if integer => {
                if let Some(whole) = number
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                {
                    *value = Value::Number(serde_json::Number::from(whole as i64));
                }
            }
            Value::Array(items) => {
                let child = resolve_refs(&self.document, node.get("items").unwrap_or(&Value::Null));
                for item in items {
                    self.integers(child, item, unions);
                }
            }
            Value::Object(map) => {
                let properties = node.get("properties").and_then(Value::as_object);
                let additional = node.get("additionalProperties");
                for (key, item) in map.iter_mut() {
                    if let Some(child) = properties.and_then(|p| p.get(key)).or(additional) {
                        let child = resolve_refs(&self.document, child);
                        self.integers(child, item, unions);
                    }
                }
            }
            _ => {}
        }
    }

    /// The errors of every union value in `value` (a value at a union marker of the schema),
    /// by the union's location.
    fn unions_in(
        &self,
        node: &Value,
        value: &Value,
        loc: &mut Vec<LocItem>,
        unions: &Unions,
        out: &mut Vec<(Vec<LocItem>, Vec<ErrorDetails>)>,
    ) {
        if let Some(index) = node.get(UNION_MARKER).and_then(Value::as_u64) {
            let errors = unions.check_site(index as usize, value);
            if !errors.is_empty() {
                out.push((loc.clone(), errors));
            }
            return;
        }
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let child =
                        resolve_refs(&self.document, node.get("items").unwrap_or(&Value::Null));
                    loc.push(LocItem::Index(i));
                    self.unions_in(child, item, loc, unions, out);
                    loc.pop();
                }
            }
            Value::Object(map) => {
                let properties = node.get("properties").and_then(Value::as_object);
                let additional = node.get("additionalProperties");
                for (key, item) in map {
                    let child = properties.and_then(|p| p.get(key)).or(additional);
                    if let Some(child) = child {
                        let child = resolve_refs(&self.document, child);
                        loc.push(LocItem::Key(key.clone()));
                        self.unions_in(child, item, loc, unions, out);
                        loc.pop();
                    }
                }
            }
            _ => {}
        }
    }

    /// The location of every float literal beyond the double range that reading would keep
    /// (values of unknown properties of a model are dropped, so they do not count).
    fn non_finite(
        &self,
        node: &Value,
        value: &Value,
        loc: &mut Vec<LocItem>,
        out: &mut Vec<Vec<LocItem>>,
    ) {
        if node.get(UNION_MARKER).is_some() {
            // A union's branch reports its own numbers.
            return;
        }
        match value {
            Value::Number(number) if numbers::canonical_number(number).is_none() => {
                out.push(loc.clone())
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let prefix = node.get("prefixItems").and_then(|p| p.get(i));
                    let child = resolve_refs(
                        &self.document,
                        prefix.or_else(|| node.get("items")).unwrap_or(&Value::Null),
                    );
                    loc.push(LocItem::Index(i));
                    self.non_finite(child, item, loc, out);
                    loc.pop();
                }
            }
            Value::Object(map) => {
                let properties = node.get("properties").and_then(Value::as_object);
                let additional = node.get("additionalProperties");
                // An object whose schema describes its undeclared properties keeps them all
                // (codegen's `Additional::Keep`; its check decides which are allowed).
                let keeps = node.get("patternProperties").is_some()
                    || node.get("unevaluatedProperties").is_some();
                for (key, item) in map {
                    let declared = properties.and_then(|p| p.get(key));
                    let kept = declared.is_some()
                        || properties.is_none()
                        || keeps
                        || additional.is_some_and(|a| *a != Value::Bool(false));
                    if kept {
                        let child = resolve_refs(
                            &self.document,
                            declared.or(additional).unwrap_or(&Value::Null),
                        );
                        loc.push(LocItem::Key(key.clone()));
                        self.non_finite(child, item, loc, out);
                        loc.pop();
                    }
                }
            }
            _ => {}
        }
    }

    /// pydantic's order: at each level, declared properties in schema order first, then other
    /// keys in input order; array elements by index.
    fn sort_key(&self, instance: &Value, loc: &[LocItem]) -> Vec<(u8, usize)> {
        let mut node = resolve_refs(&self.document, &self.document);
        let mut value = instance;
        let mut key = Vec::with_capacity(loc.len());
        for item in loc {
            match item {
                LocItem::Key(name) => {
                    let properties = node.get("properties").and_then(Value::as_object);
                    let declared = properties.and_then(|p| p.keys().position(|k| k == name));
                    let input = value
                        .as_object()
                        .and_then(|m| m.keys().position(|k| k == name));
                    key.push(match declared {
                        Some(i) => (0, i),
                        None => (1, input.unwrap_or(usize::MAX)),
                    });
                    let child = properties.and_then(|p| p.get(name));
                    node = child
                        .or_else(|| node.get("additionalProperties"))
                        .unwrap_or(&Value::Null);
                    value = value.get(name).unwrap_or(&Value::Null);
                }
                LocItem::Index(i) => {
                    key.push((0, *i));
                    let prefix = node.get("prefixItems").and_then(|p| p.get(*i));
                    node = prefix.or_else(|| node.get("items")).unwrap_or(&Value::Null);
                    value = value.get(*i).unwrap_or(&Value::Null);
                }
            }
            node = resolve_refs(&self.document, node);
        }
        key
    }
}

/// `true` for the hyphenated 8-4-4-4-12 form, hex digits of either case.
pub(crate) fn is_uuid(text: &str) -> bool {
    let Ok(bytes) = <&[u8; 36]>::try_from(text.as_bytes()) else {
        return false;
    };
    // Without early exits or short-circuits: random hex digits would mispredict every branch
    // between digits and letters (this check is on the fast path of every read).
    let mut bad = false;
    for (i, &b) in bytes.iter().enumerate() {
        let hex = (b.wrapping_sub(b'0') < 10) | ((b | 0x20).wrapping_sub(b'a') < 6);
        bad |= match i {
            8 | 13 | 18 | 23 => b != b'-',
            _ => !hex,
        };
    }
    !bad
}

/// The type error's pydantic name, from what the node expects.
fn type_error(node: &Value, kind: &TypeKind, value: &Value) -> (&'static str, String) {
    if let Some(Value::Array(options)) = node.get("enum") {
        return ("enum", enum_message(&Value::Array(options.clone())));
    }
    if let Some(expected) = node.get("const") {
        return (
            "literal_error",
            format!("Input should be {}", literal(expected)),
        );
    }
    let expected = match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| t.to_string())
            .find(|t| t != "null")
            .unwrap_or_default(),
    };
    let format = node.get("format").and_then(Value::as_str);
    let (error_type, msg) = match (expected.as_str(), format) {
        ("object", _) if node.get("properties").is_some() => {
            ("model_type", "Input should be an object")
        }
        ("object", _) => ("dict_type", "Input should be an object"),
        ("array", _) => ("list_type", "Input should be a valid list"),
        ("string", Some("uuid")) => ("uuid_type", "UUID input should be a string"),
        ("string", Some("date-time")) => {
            ("datetime_type", "Input should be a valid datetime string")
        }
        ("string", Some("date")) => ("date_type", "Input should be a valid date"),
        ("string", _) => ("string_type", "Input should be a valid string"),
        ("integer", _) if value.is_number() => (
            "int_from_float",
            "Input should be a valid integer, got a number with a fractional part",
        ),
        ("integer", _) => ("int_type", "Input should be a valid integer"),
        ("number", _) => ("float_type", "Input should be a valid number"),
        ("boolean", _) => ("bool_type", "Input should be a valid boolean"),
        ("null", _) => ("none_required", "Input should be None"),
        _ => ("value_error", "Value error, wrong type"),
    };
    (error_type, msg.to_string())
}

/// `Input should be 'a', 'b' or 'c'`.
fn enum_message(options: &Value) -> String {
    let options: Vec<String> = options
        .as_array()
        .into_iter()
        .flatten()
        .map(literal)
        .collect();
    match options.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("Input should be {} or {last}", rest.join(", "))
        }
        Some((last, _)) => format!("Input should be {last}"),
        None => "Input should be one of no values".to_string(),
    }
}

/// A value as pydantic quotes it in messages: strings in single quotes, others as JSON.
fn literal(value: &Value) -> String {
    match value {
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A JSON pointer into `instance` as a `loc`: a segment is an index where the value there is
/// an array, a key otherwise.
fn instance_loc(instance: &Value, pointer: &str) -> Vec<LocItem> {
    let mut loc = Vec::new();
    if pointer.is_empty() {
        return loc;
    }
    let mut value = instance;
    for segment in pointer.split('/').skip(1) {
        let segment = unescape(segment);
        match (value, segment.parse::<usize>()) {
            (Value::Array(items), Ok(index)) => {
                value = items.get(index).unwrap_or(&Value::Null);
                loc.push(LocItem::Index(index));
            }
            _ => {
                value = value.get(segment.as_str()).unwrap_or(&Value::Null);
                loc.push(LocItem::Key(segment));
            }
        }
    }
    loc
}

/// `%XX` escapes of a URI fragment decoded (a `$ref`'s JSON pointer).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The target of `node`'s local `$ref` (`#/...`), or `Null` if it has none that resolves.
fn follow_ref<'a>(document: &'a Value, node: &Value) -> &'a Value {
    let fragment = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'));
    fragment
        .and_then(|pointer| document.pointer(pointer))
        .unwrap_or(&Value::Null)
}

/// `node`, or what its `$ref` chain points to (at most a few hops; cycles end in `Null`).
fn resolve_refs<'a>(document: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        if node.get("$ref").is_none()
            || node.get("properties").is_some()
            || node.get("type").is_some()
        {
            return node;
        }
        node = follow_ref(document, node);
    }
    &Value::Null
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_grammar() {
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(is_uuid("E4F5A6B7-C8D9-4E0F-9A1B-2C3D4E5F6A7B"));
        for text in [
            "123e4567e89b12d3a456426614174000",
            "{123e4567-e89b-12d3-a456-426614174000}",
            "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
            "123e4567-e89b-12d3-a456-42661417400g",
            "123e4567-e89b-12d3-a456_426614174000",
            "",
        ] {
            assert!(!is_uuid(text), "{text}");
        }
    }

    /// Every byte at every place of a UUID answers as the plain definition does.
    #[test]
    fn uuid_check_is_the_plain_definition() {
        let reference = |bytes: &[u8]| {
            bytes.len() == 36
                && bytes.iter().enumerate().all(|(i, b)| match i {
                    8 | 13 | 18 | 23 => *b == b'-',
                    _ => b.is_ascii_hexdigit(),
                })
        };
        let valid = b"123e4567-e89b-12d3-a456-426614174000";
        for at in 0..valid.len() {
            for byte in 0..=127u8 {
                let mut bytes = *valid;
                bytes[at] = byte;
                let text = std::str::from_utf8(&bytes).unwrap();
                assert_eq!(is_uuid(text), reference(&bytes), "{text:?}");
            }
        }
        assert!(!is_uuid("123e4567-e89b-12d3-a456-42661417400é"));
    }
}
