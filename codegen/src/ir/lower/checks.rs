//! Keywords no type of the IR expresses (`not`, `if`/`then`/`else`, `contains`,
//! `propertyNames`, `dependentRequired`, `unevaluatedProperties`, …) become an [`ir::Check`]:
//! every language evaluates the schema node at run time as JSON Schema does, once the node's
//! type holds. Lowering only makes sure every language's evaluator reads the node alike: the
//! subschemas under a checked keyword use nothing but draft 2020-12 keywords with the
//! project's meaning (known formats, portable patterns, local `$ref`s), or the schema is
//! refused naming the keyword, as anywhere else.
//!
//! [`ir::Check`]: crate::ir::Check

use serde_json::Value;

use super::keywords::Kw;
use super::{escape, Lowerer};
use crate::error::Result;
use crate::ir::{Check, CheckedType, Type};

/// Keywords that no IR type expresses, wherever they appear: always checked at run time.
pub(super) const CHECKED: [&str; 16] = [
    "not",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "prefixItems",
];

/// Keywords that hold one subschema.
const ONE_SCHEMA: [&str; 10] = [
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalProperties",
    "items",
];
/// Keywords that hold a map of subschemas.
const SCHEMA_MAPS: [&str; 3] = ["properties", "patternProperties", "dependentSchemas"];
/// Keywords that hold an array of subschemas.
const SCHEMA_ARRAYS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords that hold a non-negative integer.
const COUNTS: [&str; 8] = [
    "minContains",
    "maxContains",
    "minProperties",
    "maxProperties",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
];
/// Keywords that hold a number.
const NUMBERS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
/// Annotations: no evaluator asserts them.
const ANNOTATIONS: [&str; 8] = [
    "title",
    "description",
    "examples",
    "$comment",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// `ty` with `check` (none: `ty` itself); a check at the same node as one `ty` already has is
/// merged into it.
pub(super) fn with_check(ty: Type, check: Option<Check>) -> Type {
    let Some(check) = check else {
        return ty;
    };
    match ty {
        Type::Checked(mut inner) if inner.check.pointer == check.pointer => {
            for keyword in check.keywords {
                if !inner.check.keywords.contains(&keyword) {
                    inner.check.keywords.push(keyword);
                }
            }
            Type::Checked(inner)
        }
        ty => Type::Checked(CheckedType {
            ty: Box::new(ty),
            check,
        }),
    }
}

/// Any JSON value, on which `keyword` of the node at `pointer` is checked at run time.
pub(super) fn checked_any(pointer: &str, keyword: &str) -> Type {
    Type::Checked(CheckedType {
        ty: Box::new(Type::Any),
        check: Check {
            pointer: pointer.to_string(),
            keywords: vec![keyword.to_string()],
        },
    })
}

/// The type of a `false` schema at `pointer`: any value, and a check no value passes.
pub(super) fn false_schema(pointer: &str) -> Type {
    Type::Checked(CheckedType {
        ty: Box::new(Type::Any),
        check: Check {
            pointer: pointer.to_string(),
            keywords: vec!["false".to_string()],
        },
    })
}

impl Lowerer<'_> {
    /// The check of the node `kw`: the keywords of [`CHECKED`] it holds, plus those of `also`
    /// (keywords that a type can say elsewhere but not here, such as `items` after
    /// `prefixItems`), read and checked for portability. `None` when there are none.
    pub(super) fn checks(&self, kw: &Kw, also: &[&str]) -> Result<Option<Check>> {
        let mut keywords = Vec::new();
        for key in kw.map.keys() {
            let key = key.as_str();
            let wanted = CHECKED.contains(&key) || also.contains(&key);
            if wanted && !kw.was_read(key) && !keywords.iter().any(|k| k == key) {
                let value = kw.get(key).expect("a key of the map");
                self.portable_keyword(kw.pointer, key, value)?;
                keywords.push(key.to_string());
            }
        }
        Ok((!keywords.is_empty()).then(|| Check {
            pointer: kw.pointer.to_string(),
            keywords,
        }))
    }

    /// Every keyword of `kw` not read yet (but annotations and extensions) as a check: what sits
    /// next to a `$ref` or a union, which the type there (the target's, the union's) does not
    /// include.
    pub(super) fn checks_of_rest(&self, kw: &Kw) -> Result<Option<Check>> {
        let rest: Vec<&str> = kw
            .map
            .keys()
            .map(String::as_str)
            .filter(|k| !kw.was_read(k) && !ANNOTATIONS.contains(k) && !k.starts_with("x-"))
            .collect();
        self.checks(kw, &rest)
    }

    /// A subschema under a checked keyword: every keyword in it must mean the same to every
    /// language's evaluator.
    pub(super) fn portable_schema(&self, pointer: &str, schema: &Value) -> Result<()> {
        match schema {
            Value::Bool(_) => Ok(()),
            Value::Object(map) => {
                for (key, value) in map {
                    self.portable_keyword(pointer, key, value)?;
                }
                Ok(())
            }
            _ => Err(self.err(
                pointer,
                "schema",
                "expected a schema (an object or a boolean)",
            )),
        }
    }

    /// One keyword (with its value) of a schema at `pointer` that is checked at run time.
    pub(super) fn portable_schema_keyword(
        &self,
        pointer: &str,
        key: &str,
        value: &Value,
    ) -> Result<()> {
        self.portable_keyword(pointer, key, value)
    }

    /// What `unevaluatedProperties` / `unevaluatedItems` at `pointer` reads must be read alike
    /// by every language's evaluator: the annotations of the subschemas applied in place there
    /// (through `allOf`, `anyOf`, `oneOf`, `if`/`then`/`else`, `dependentSchemas`, `$ref`).
    /// Ajv (TypeScript's evaluator) reads two of them otherwise than JSON Schema (and
    /// python-jsonschema and the jsonschema crate): an `if` without `then` (its annotations
    /// kept when it fails, lost when it holds), a `true` subschema (read as evaluating
    /// everything) and, for `unevaluatedItems`, `contains` (its annotations never seen); all
    /// are refused there.
    fn unevaluated_reads_alike(&self, pointer: &str, items: bool) -> Result<()> {
        let mut pending = vec![pointer.to_string()];
        let mut seen = std::collections::HashSet::new();
        while let Some(at) = pending.pop() {
            if !seen.insert(at.clone()) {
                continue;
            }
            let why = "is not read alike by every language's evaluator next to `unevaluatedProperties` or `unevaluatedItems` (Ajv, the TypeScript one, reads its annotations otherwise than JSON Schema)";
            let node = match self.doc.pointer(&at) {
                Some(Value::Object(node)) => node,
                // Ajv counts a `true` subschema as evaluating every item and property.
                Some(Value::Bool(true)) if at != pointer => {
                    let mut tokens = at.rsplit('/');
                    let last = tokens.next().unwrap_or_default();
                    let keyword = if last.bytes().all(|b| b.is_ascii_digit()) {
                        tokens.next().unwrap_or_default()
                    } else {
                        last
                    };
                    return Err(self.err(&at, keyword, format!("a `true` subschema {why}")));
                }
                _ => continue,
            };
            if node.contains_key("if") && !node.contains_key("then") {
                return Err(self.err(&at, "if", format!("without `then` {why}")));
            }
            if items && node.contains_key("contains") {
                return Err(self.err(&at, "contains", why.to_string()));
            }
            for key in ["if", "then", "else"] {
                if node.contains_key(key) {
                    pending.push(format!("{at}/{key}"));
                }
            }
            for key in ["allOf", "anyOf", "oneOf"] {
                if let Some(Value::Array(items)) = node.get(key) {
                    pending.extend((0..items.len()).map(|i| format!("{at}/{key}/{i}")));
                }
            }
            if let Some(Value::Object(map)) = node.get("dependentSchemas") {
                pending.extend(
                    map.keys()
                        .map(|k| format!("{at}/dependentSchemas/{}", escape(k))),
                );
            }
            if let Some(Value::String(target)) = node.get("$ref") {
                if let Some(fragment) = target.strip_prefix('#') {
                    pending.push(super::percent_decode(fragment));
                }
            }
        }
        Ok(())
    }

    /// An `unevaluatedProperties` / `unevaluatedItems` subschema (at `pointer`) must not reach
    /// other schemas by `$ref`: what it refuses is one error at the object or array in every
    /// language, which Ajv (the TypeScript evaluator) reports from inside the referenced schema,
    /// where it cannot be told from the errors of other keywords.
    fn unevaluated_without_ref(&self, pointer: &str, schema: &Value) -> Result<()> {
        match schema {
            Value::Object(map) => {
                if map.contains_key("$ref") {
                    return Err(self.err(
                        pointer,
                        "$ref",
                        "is not supported inside `unevaluatedProperties` or `unevaluatedItems` (its errors would be located differently by the TypeScript evaluator, Ajv); write the schema there",
                    ));
                }
                for (key, value) in map {
                    self.unevaluated_without_ref(&format!("{pointer}/{}", escape(key)), value)?;
                }
                Ok(())
            }
            Value::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    self.unevaluated_without_ref(&format!("{pointer}/{i}"), value)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// One keyword of a checked node (at `pointer`), and the subschemas under it.
    fn portable_keyword(&self, pointer: &str, key: &str, value: &Value) -> Result<()> {
        let at = |suffix: &str| format!("{pointer}/{}{suffix}", escape(key));
        let bad = |why: &str| Err(self.err(pointer, key, why.to_string()));
        if ANNOTATIONS.contains(&key) || key.starts_with("x-") {
            return Ok(());
        }
        if key == "unevaluatedProperties" || key == "unevaluatedItems" {
            self.unevaluated_reads_alike(pointer, key == "unevaluatedItems")?;
            self.unevaluated_without_ref(&at(""), value)?;
        }
        if ONE_SCHEMA.contains(&key) {
            return self.portable_schema(&at(""), value);
        }
        if SCHEMA_MAPS.contains(&key) {
            let Value::Object(map) = value else {
                return bad("must be an object of schemas");
            };
            for (name, schema) in map {
                if key == "patternProperties" {
                    super::check_pattern(name).map_err(|why| self.err(pointer, key, why))?;
                }
                self.portable_schema(&at(&format!("/{}", escape(name))), schema)?;
            }
            return Ok(());
        }
        if SCHEMA_ARRAYS.contains(&key) {
            let Value::Array(items) = value else {
                return bad("must be an array of schemas");
            };
            for (i, schema) in items.iter().enumerate() {
                self.portable_schema(&at(&format!("/{i}")), schema)?;
            }
            return Ok(());
        }
        if COUNTS.contains(&key) {
            return match value.as_u64() {
                Some(_) => Ok(()),
                None if value.as_f64().is_some_and(|f| f >= 0.0 && f.fract() == 0.0) => Ok(()),
                None => bad("must be a non-negative integer"),
            };
        }
        if NUMBERS.contains(&key) {
            return match value.as_f64() {
                Some(f) if key == "multipleOf" && f <= 0.0 => bad("must be greater than 0"),
                Some(_) => Ok(()),
                None => bad("must be a number"),
            };
        }
        match key {
            "type" => {
                const TYPES: [&str; 7] = [
                    "string", "integer", "number", "boolean", "null", "array", "object",
                ];
                let ok = match value {
                    Value::String(t) => TYPES.contains(&t.as_str()),
                    Value::Array(ts) => ts
                        .iter()
                        .all(|t| t.as_str().is_some_and(|t| TYPES.contains(&t))),
                    _ => false,
                };
                if ok {
                    Ok(())
                } else {
                    bad("must be a JSON type name or an array of them")
                }
            }
            "enum" if value.is_array() => Ok(()),
            "enum" => bad("must be an array"),
            "const" => Ok(()),
            "uniqueItems" if value.is_boolean() => Ok(()),
            "uniqueItems" => bad("must be a boolean"),
            "required" => match value {
                Value::Array(items) if items.iter().all(Value::is_string) => Ok(()),
                _ => bad("must be an array of strings"),
            },
            "dependentRequired" => match value {
                Value::Object(map)
                    if map.values().all(|v| {
                        v.as_array()
                            .is_some_and(|items| items.iter().all(Value::is_string))
                    }) =>
                {
                    Ok(())
                }
                _ => bad("must be an object of arrays of property names"),
            },
            "pattern" => match value {
                Value::String(p) => {
                    super::check_pattern(p).map_err(|why| self.err(pointer, key, why))
                }
                _ => bad("must be a string"),
            },
            "format" => match value.as_str() {
                Some("uuid" | "date-time" | "date" | "email" | "uri") => Ok(()),
                Some(other) => Err(self.err(
                    pointer,
                    key,
                    format!("`{other}` is not supported: uuid, date-time, date, email, uri"),
                )),
                None => bad("must be a string"),
            },
            "$ref" => match value.as_str() {
                Some(target) if target == "#" || target.starts_with("#/") => {
                    let resolved = target == "#"
                        || self
                            .doc
                            .pointer(&super::percent_decode(&target[1..]))
                            .is_some();
                    if resolved {
                        Ok(())
                    } else {
                        bad("does not resolve in this schema")
                    }
                }
                Some(_) => bad("only references inside this schema (`#`, `#/…`) are supported"),
                None => bad("must be a string"),
            },
            "$schema" | "$id" | "$defs" | "definitions" => Err(self.err(
                pointer,
                key,
                "only allowed at the root of the schema (no nested `$schema`, `$id` or `$defs`)",
            )),
            "$anchor" | "$dynamicRef" | "$dynamicAnchor" | "$vocabulary" | "dependencies"
            | "contentMediaType" | "contentEncoding" | "contentSchema" => {
                bad("is not supported by the code generators")
            }
            _ => bad(
                "is not a keyword the code generators know (a typo? extensions start with `x-`)",
            ),
        }
    }
}
