//! Which keywords a schema object may hold, and the bookkeeping that makes every keyword
//! accounted for: each one is read by the lowering, knowingly ignored, or an error naming it.

use std::cell::RefCell;
use std::collections::HashSet;

use serde_json::{Map, Value};

use super::Lowerer;
use crate::error::Result;
/// Keywords that only mean something for one type: without `type`, they make the schema a
/// union over [`EVERY_KIND`] (`default` and `x-default-factory` are not among them: they
/// constrain no value).
pub(super) const TYPE_SPECIFIC: [&str; 16] = [
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Every JSON type, as a schema without `type` reads it: `number` stands for integers too
/// (`1` and `1.0` are the same number there).
pub(super) const EVERY_KIND: [&str; 6] = ["null", "boolean", "number", "string", "array", "object"];

/// Every keyword the IR reads somewhere: an unread one of these is misplaced, not unknown.
pub(super) const KNOWN: [&str; 30] = [
    "oneOf",
    "allOf",
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "$comment",
    "title",
    "description",
    "examples",
    "type",
    "enum",
    "const",
    "anyOf",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords read only at the root of the schema file (by `lower`).
pub(super) const ROOT_ONLY: [&str; 3] = ["$schema", "$id", "$defs"];

/// Keywords of JSON Schema that the IR deliberately does not support.
pub(super) const UNSUPPORTED: [&str; 9] = [
    "dependencies",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "definitions",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// The keywords of one schema object, recording which were read, so that [`Kw::finish`] can
/// reject the rest.
pub(super) struct Kw<'m> {
    pub(super) pointer: &'m str,
    pub(super) map: &'m Map<String, Value>,
    used: RefCell<HashSet<String>>,
}

impl<'m> Kw<'m> {
    pub(super) fn new(pointer: &'m str, map: &'m Map<String, Value>) -> Kw<'m> {
        Kw {
            pointer,
            map,
            used: RefCell::new(HashSet::new()),
        }
    }

    /// Reads a keyword, marking it as handled.
    pub(super) fn get(&self, key: &str) -> Option<&'m Value> {
        self.used.borrow_mut().insert(key.to_string());
        self.map.get(key)
    }

    /// Looks at a keyword without marking it.
    pub(super) fn peek(&self, key: &str) -> Option<&'m Value> {
        self.map.get(key)
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Whether a keyword was already read.
    pub(super) fn was_read(&self, key: &str) -> bool {
        self.used.borrow().contains(key)
    }

    /// Marks every keyword as read (its content was taken over by a merged schema).
    pub(super) fn use_all(&self) {
        self.used.borrow_mut().extend(self.map.keys().cloned());
    }

    /// Errors on the first keyword nobody read (in document order).
    pub(super) fn finish(&self, cx: &Lowerer) -> Result<()> {
        let used = self.used.borrow();
        for key in self.map.keys() {
            if used.contains(key) || key == "$comment" {
                continue;
            }
            if key.starts_with("x-") && key != "x-default-factory" {
                continue;
            }
            let message = if ROOT_ONLY.contains(&key.as_str()) {
                "only allowed at the root of the schema (no nested `$schema`, `$id` or `$defs`)"
                    .to_string()
            } else if UNSUPPORTED.contains(&key.as_str()) {
                "is not supported by the code generators".to_string()
            } else if KNOWN.contains(&key.as_str())
                || super::checks::CHECKED.contains(&key.as_str())
                || key == "default"
                || key == "x-default-factory"
            {
                let ty = match self.map.get("type") {
                    Some(t) => format!("a schema with `\"type\": {t}`"),
                    None => "this schema".into(),
                };
                format!("does not apply to {ty} here")
            } else {
                "is not a keyword the code generators know (a typo? extensions start with `x-`)"
                    .to_string()
            };
            return Err(cx.err(self.pointer, key, message));
        }
        Ok(())
    }
}

/// The JSON Schema type names.
pub(super) const TYPE_NAMES: [&str; 7] = [
    "string", "integer", "number", "boolean", "null", "array", "object",
];

pub(super) fn is_empty_schema(map: &Map<String, Value>) -> bool {
    map.keys()
        .all(|k| matches!(k.as_str(), "description" | "title" | "$comment"))
}
