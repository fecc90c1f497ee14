//! The fast path's view of a schema: each subschema compiled once into a [`Node`] that says
//! what a value there must be, or [`Node::Unsupported`] where the fast path does not decide
//! (the slow path then reads the input).
//!
//! A node is only ever stricter than the schema or equal to it: every keyword of a subschema
//! is either enforced here, a pure annotation, or makes the node `Unsupported`.

use serde_json::{Map, Value};

use crate::pattern::Pattern;
use crate::validate::is_uuid;

/// What a value at one place in the document must be.
pub(crate) enum Node {
    /// Any JSON value (`{}` or `true`).
    Any,
    /// An object with unconstrained content (`type: object`, no `properties`).
    FreeObject,
    /// An array with unconstrained items (`type: array`, no `items`).
    FreeArray,
    /// An object with declared properties.
    Model(Model),
    /// A string, with every check its schema asks for.
    Str(Box<StrNode>),
    /// A boolean.
    Bool,
    /// A schema the fast path does not handle: a value here makes it decline.
    Unsupported,
}

/// An object with declared properties.
pub(crate) struct Model {
    /// Declared properties in schema order: name, node, required.
    pub(crate) properties: Vec<(String, Node, bool)>,
    /// `additionalProperties: false`.
    pub(crate) closed: bool,
}

/// The checks of a string subschema.
pub(crate) struct StrNode {
    /// `enum` / `const`: the allowed values.
    pub(crate) allowed: Option<Vec<String>>,
    pub(crate) format: Option<Format>,
    /// `pattern`, checked by the slow path's regex engine.
    pub(crate) pattern: Option<Pattern>,
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
}

/// A `format` with a defined meaning (schema/CONTRACT.md).
pub(crate) enum Format {
    Uuid,
    DateTime,
}

impl StrNode {
    /// Whether `text` passes every check, using the slow path's own format and regex checks.
    pub(crate) fn accepts(&self, text: &str) -> bool {
        if let Some(allowed) = &self.allowed {
            if !allowed.iter().any(|a| a == text) {
                return false;
            }
        }
        let format_ok = match self.format {
            None => true,
            Some(Format::Uuid) => is_uuid(text),
            // The generated type is `crate::Timestamp` (build.rs maps every `format:
            // date-time` to it and refuses other keywords beside it), whose `Deserialize` is
            // this same `Timestamp::parse`: checked there, once, when the value is built.
            Some(Format::DateTime) => true,
        };
        if !format_ok {
            return false;
        }
        if self.min_length.is_some() || self.max_length.is_some() {
            let length = text.chars().count() as u64;
            if self.min_length.is_some_and(|m| length < m)
                || self.max_length.is_some_and(|m| length > m)
            {
                return false;
            }
        }
        self.pattern.as_ref().is_none_or(|p| p.is_match(text))
    }
}

/// Keywords that never affect validation.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "definitions",
    "$comment",
    "$anchor",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Compiles the subschema `node` of `document` (whose local `$ref`s it follows).
pub(crate) fn compile(document: &Value, node: &Value) -> Node {
    compile_at(document, node, 0)
}

fn compile_at(document: &Value, node: &Value, depth: usize) -> Node {
    if depth > 32 {
        return Node::Unsupported;
    }
    let map = match node {
        Value::Bool(true) => return Node::Any,
        Value::Object(map) => map,
        _ => return Node::Unsupported,
    };
    let keywords: Vec<&str> = map
        .keys()
        .map(String::as_str)
        .filter(|k| !ANNOTATIONS.contains(k) && !k.starts_with("x-"))
        .collect();
    if keywords.is_empty() {
        return Node::Any;
    }
    if let Some(reference) = map.get("$ref") {
        // A `$ref` with siblings applies both; only a bare reference is followed.
        let target = reference
            .as_str()
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| document.pointer(pointer));
        return match (keywords.as_slice(), target) {
            (["$ref"], Some(target)) => compile_at(document, target, depth + 1),
            _ => Node::Unsupported,
        };
    }
    let only = |allowed: &[&str]| keywords.iter().all(|k| allowed.contains(k));
    let is_string = map.get("type").and_then(Value::as_str) == Some("string");
    let string_values = |key: &str| -> Option<Vec<String>> {
        match map.get(key)? {
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect(),
            Value::String(s) if key == "const" => Some(vec![s.clone()]),
            _ => None,
        }
    };
    match map.get("type").and_then(Value::as_str) {
        Some("object") if map.contains_key("properties") => {
            if !only(&["type", "properties", "required", "additionalProperties"]) {
                return Node::Unsupported;
            }
            compile_model(document, map, depth)
        }
        Some("object") => match map.get("additionalProperties") {
            None | Some(Value::Bool(true)) if only(&["type", "additionalProperties"]) => {
                Node::FreeObject
            }
            _ => Node::Unsupported,
        },
        Some("array") if only(&["type"]) => Node::FreeArray,
        Some("boolean") if only(&["type"]) => Node::Bool,
        _ if is_string || (!map.contains_key("type") && (only(&["enum"]) || only(&["const"]))) => {
            if !only(&[
                "type",
                "enum",
                "const",
                "format",
                "pattern",
                "minLength",
                "maxLength",
            ]) {
                return Node::Unsupported;
            }
            compile_string(map, string_values("enum"), string_values("const"))
        }
        _ => Node::Unsupported,
    }
}

fn compile_model(document: &Value, map: &Map<String, Value>, depth: usize) -> Node {
    let Some(Value::Object(properties)) = map.get("properties") else {
        return Node::Unsupported;
    };
    let mut required = Vec::new();
    match map.get("required") {
        None => {}
        Some(Value::Array(names)) => {
            for name in names {
                match name.as_str() {
                    // A required name that is not declared: the fast path does not decide.
                    Some(name) if properties.contains_key(name) => required.push(name),
                    _ => return Node::Unsupported,
                }
            }
        }
        Some(_) => return Node::Unsupported,
    }
    let closed = match map.get("additionalProperties") {
        None | Some(Value::Bool(true)) => false,
        Some(Value::Bool(false)) => true,
        // A schema for unknown properties: not handled.
        Some(_) => return Node::Unsupported,
    };
    Node::Model(Model {
        properties: properties
            .iter()
            .map(|(name, child)| {
                (
                    name.clone(),
                    compile_at(document, child, depth + 1),
                    required.contains(&name.as_str()),
                )
            })
            .collect(),
        closed,
    })
}

fn compile_string(
    map: &Map<String, Value>,
    enum_values: Option<Vec<String>>,
    const_value: Option<Vec<String>>,
) -> Node {
    // An `enum` or `const` with a non-string value, or both at once: not handled.
    let allowed = match (map.get("enum"), map.get("const"), enum_values, const_value) {
        (None, None, _, _) => None,
        (Some(_), None, Some(values), _) | (None, Some(_), _, Some(values)) => Some(values),
        _ => return Node::Unsupported,
    };
    let format = match map.get("format").map(|f| f.as_str()) {
        None => None,
        Some(Some("uuid")) => Some(Format::Uuid),
        Some(Some("date-time")) => Some(Format::DateTime),
        Some(_) => return Node::Unsupported,
    };
    let length = |key: &str| -> Result<Option<u64>, ()> {
        match map.get(key) {
            None => Ok(None),
            Some(value) => value.as_u64().map(Some).ok_or(()),
        }
    };
    let (Ok(min_length), Ok(max_length)) = (length("minLength"), length("maxLength")) else {
        return Node::Unsupported;
    };
    let pattern = match map.get("pattern") {
        None => None,
        Some(pattern) => match pattern.as_str().and_then(Pattern::compile) {
            Some(pattern) => Some(pattern),
            None => return Node::Unsupported,
        },
    };
    Node::Str(Box::new(StrNode {
        allowed,
        format,
        pattern,
        min_length,
        max_length,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kind(schema: Value) -> &'static str {
        match compile(&schema, &schema) {
            Node::Any => "any",
            Node::FreeObject => "free-object",
            Node::FreeArray => "free-array",
            Node::Model(_) => "model",
            Node::Str(_) => "str",
            Node::Bool => "bool",
            Node::Unsupported => "unsupported",
        }
    }

    #[test]
    fn every_keyword_is_enforced_or_makes_the_node_unsupported() {
        assert_eq!(kind(json!({})), "any");
        assert_eq!(kind(json!({"description": "x", "x-note": 1})), "any");
        assert_eq!(kind(json!({"type": "string", "pattern": "^a$"})), "str");
        assert_eq!(kind(json!({"enum": ["a", "b"]})), "str");
        assert_eq!(kind(json!({"enum": ["a", 1]})), "unsupported");
        assert_eq!(
            kind(json!({"type": "string", "format": "email"})),
            "unsupported"
        );
        assert_eq!(
            kind(json!({"type": "string", "minLength": -1})),
            "unsupported"
        );
        assert_eq!(kind(json!({"type": "integer"})), "unsupported");
        assert_eq!(kind(json!({"type": ["string", "null"]})), "unsupported");
        assert_eq!(kind(json!({"anyOf": [{"type": "string"}]})), "unsupported");
        assert_eq!(kind(json!({"type": "object"})), "free-object");
        assert_eq!(
            kind(json!({"type": "object", "additionalProperties": {"type": "string"}})),
            "unsupported"
        );
        assert_eq!(
            kind(json!({"type": "object", "minProperties": 1})),
            "unsupported"
        );
        assert_eq!(
            kind(json!({"type": "object", "properties": {}, "required": ["a"]})),
            "unsupported"
        );
        assert_eq!(
            kind(json!({"type": "object", "properties": {"a": {}}, "required": ["a"]})),
            "model"
        );
        assert_eq!(
            kind(json!({"$ref": "#/$defs/A", "$defs": {"A": {"type": "boolean"}}})),
            "bool"
        );
        assert_eq!(
            kind(json!({"$ref": "#/$defs/A", "$defs": {"A": {"$ref": "#/$defs/A"}}})),
            "unsupported"
        );
    }

    #[test]
    fn string_checks_use_the_contract_grammars() {
        let Node::Str(node) = compile(
            &json!(null),
            &json!({"type": "string", "format": "uuid", "maxLength": 36}),
        ) else {
            panic!("not a string node")
        };
        assert!(node.accepts("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!node.accepts("123e4567e89b12d3a456426614174000"));
        let Node::Str(node) = compile(
            &json!(null),
            &json!({"type": "string", "pattern": "^(a|b)$"}),
        ) else {
            panic!("not a string node")
        };
        assert!(node.accepts("a") && !node.accepts("a\n") && !node.accepts("c"));
    }
}
