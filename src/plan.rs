//! The fast path's view of a schema: a tree of [`Node`]s that says what a value at each place
//! must be, or [`Node::Unsupported`] where the fast path does not decide (the slow path then
//! reads the input). build.rs writes each version's plan from the codegen IR
//! (`build/plan.rs`: `__fast_path_plan()`), so the fast path reads the schema as every
//! backend does; a node is only ever stricter than the schema or equal to it.

use crate::pattern::Pattern;
use crate::validate::is_uuid;

/// What a value at one place in the document must be. (A variant no version's schema needs,
/// such as `Bool` today, is still built by the plan of a schema that has one.)
#[allow(dead_code)]
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
    /// Every allowed value is written in JSON as it is (no `"`, backslash or control
    /// character, which JSON escapes): the scanner may match them against the input's bytes.
    pub(crate) allowed_plain: bool,
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

impl Node {
    /// A string node; `Unsupported` if the pattern is one the slow path's engine refuses
    /// (build.rs compiled the schema with it, so this does not happen for a generated plan).
    pub(crate) fn string(
        allowed: Option<Vec<String>>,
        format: Option<Format>,
        pattern: Option<&str>,
        min_length: Option<u64>,
        max_length: Option<u64>,
    ) -> Node {
        let pattern = match pattern {
            None => None,
            Some(source) => match Pattern::compile(source) {
                Some(pattern) => Some(pattern),
                None => return Node::Unsupported,
            },
        };
        let allowed_plain = allowed.as_ref().is_some_and(|values| {
            values
                .iter()
                .all(|v| v.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\'))
        });
        Node::Str(Box::new(StrNode {
            allowed,
            allowed_plain,
            format,
            pattern,
            min_length,
            max_length,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_checks_use_the_contract_grammars() {
        let Node::Str(node) = Node::string(None, Some(Format::Uuid), None, None, Some(36)) else {
            panic!("not a string node")
        };
        assert!(node.accepts("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!node.accepts("123e4567e89b12d3a456426614174000"));
        let Node::Str(node) = Node::string(None, None, Some("^(a|b)$"), None, None) else {
            panic!("not a string node")
        };
        assert!(node.accepts("a") && !node.accepts("a\n") && !node.accepts("c"));
    }

    #[test]
    fn allowed_values_are_plain_when_json_writes_them_as_they_are() {
        for (values, plain) in [
            (vec!["workflow.failed", "caf\u{e9}", ""], true),
            (vec!["a", "say \"hi\""], false),
            (vec!["a\\b"], false),
            (vec!["tab\there"], false),
        ] {
            let allowed = Some(values.iter().map(|v| v.to_string()).collect());
            let Node::Str(node) = Node::string(allowed, None, None, None, None) else {
                panic!("not a string node")
            };
            assert_eq!(node.allowed_plain, plain, "{values:?}");
        }
        let Node::Str(node) = Node::string(None, Some(Format::Uuid), None, None, None) else {
            panic!("not a string node")
        };
        assert!(!node.allowed_plain);
    }
}
