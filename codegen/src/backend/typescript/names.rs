//! All of TypeScript's naming: reserved words, identifier checks, inflection of IR names into
//! type, function and member names, property keys, and a namespace that settles collisions.

use std::collections::BTreeSet;

use crate::ir::Name;

/// Words that cannot name a binding (a type, a `const`, a function) in a TypeScript module.
///
/// Copied from ECMA-262 (2024) §13.1 `ReservedWord`, plus the words reserved in strict mode
/// (§13.1.1: `implements interface let package private protected public static yield`, and
/// `arguments`/`eval`, which strict code cannot bind), plus the TypeScript handbook's predefined
/// type names that a type alias or interface cannot take (`any`, `unknown`, `never`, …).
/// Generated names are camel-cased and prefixed or capitalised, so they rarely come near these
/// words; the list is the last check before a name is used.
pub const RESERVED_WORDS: &[&str] = &[
    // ECMA-262 ReservedWord
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    // strict mode
    "implements",
    "interface",
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "arguments",
    "eval",
    // TypeScript predefined type names
    "any",
    "unknown",
    "never",
    "number",
    "bigint",
    "boolean",
    "string",
    "symbol",
    "object",
    "undefined",
    "type",
    "as",
    "is",
    "keyof",
    "infer",
    "readonly",
    "unique",
    "asserts",
    "satisfies",
    "declare",
    "namespace",
    "module",
    "abstract",
    "accessor",
    "override",
    "out",
];

/// Names a generated module must not bind at the top level: the globals its code uses or that
/// readers expect to mean the global (ECMA-262 §19 "The Global Object": value, function and
/// constructor properties), the utility types of TypeScript's `lib.es5.d.ts`, and everything
/// the package itself exports besides the schema's types (`runtime.ts`, `index.ts`,
/// `schema.ts`) and its import alias `rt`.
pub const RESERVED_GLOBALS: &[&str] = &[
    // ECMA-262 §19: global value, function and constructor properties
    "globalThis",
    "Infinity",
    "NaN",
    "undefined",
    "eval",
    "isFinite",
    "isNaN",
    "parseFloat",
    "parseInt",
    "decodeURI",
    "decodeURIComponent",
    "encodeURI",
    "encodeURIComponent",
    "AggregateError",
    "Array",
    "ArrayBuffer",
    "BigInt",
    "BigInt64Array",
    "BigUint64Array",
    "Boolean",
    "DataView",
    "Date",
    "Error",
    "EvalError",
    "FinalizationRegistry",
    "Float32Array",
    "Float64Array",
    "Function",
    "Int8Array",
    "Int16Array",
    "Int32Array",
    "Map",
    "Number",
    "Object",
    "Promise",
    "Proxy",
    "RangeError",
    "ReferenceError",
    "RegExp",
    "Set",
    "SharedArrayBuffer",
    "String",
    "Symbol",
    "SyntaxError",
    "TypeError",
    "Uint8Array",
    "Uint8ClampedArray",
    "Uint16Array",
    "Uint32Array",
    "URIError",
    "WeakMap",
    "WeakRef",
    "WeakSet",
    "Atomics",
    "JSON",
    "Math",
    "Reflect",
    // lib.es5.d.ts utility types
    "Awaited",
    "Partial",
    "Required",
    "Readonly",
    "Pick",
    "Record",
    "Exclude",
    "Extract",
    "Omit",
    "NonNullable",
    "Parameters",
    "ConstructorParameters",
    "ReturnType",
    "InstanceType",
    "ThisType",
    "Uppercase",
    "Lowercase",
    "Capitalize",
    "Uncapitalize",
    "NoInfer",
    // the package's own exports and import alias
    "rt",
    "JsonFloat",
    "JsonValue",
    "JsonObject",
    "JsonPrimitive",
    "ValidationError",
    "ErrorItem",
    "ErrorType",
    "Loc",
    "ParseResult",
    "JsonSchemaMode",
    "SCHEMA_VERSION",
];

/// `true` if `text` is an ECMAScript `IdentifierName` made of ASCII letters, digits, `_` and
/// `$` that does not start with a digit. Non-ASCII names are quoted rather than trusted.
pub fn is_ascii_identifier_name(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// The key of a property in an interface or object literal: the wire name itself when it is an
/// identifier name (reserved words are fine as property names), a JSON string literal
/// otherwise. `__proto__` is always quoted, so it never reads as the prototype.
pub fn property_key(wire_name: &str) -> String {
    if is_ascii_identifier_name(wire_name) && wire_name != "__proto__" {
        wire_name.to_string()
    } else {
        string_literal(wire_name)
    }
}

/// A TypeScript string literal: JSON's string syntax is a subset of ECMAScript's (since ES2019
/// also for U+2028 and U+2029).
pub fn string_literal(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serializes")
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `UpperCamelCase` from ASCII words; `_` before a leading digit; `fallback` when no word is left.
pub fn upper_camel(name: &Name, fallback: &str) -> String {
    let camel: String = name.ascii_words().iter().map(|w| capitalize(w)).collect();
    if camel.is_empty() {
        fallback.to_string()
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{camel}")
    } else {
        camel
    }
}

/// `SCREAMING_SNAKE_CASE` from ASCII words, for enum members; `_` before a leading digit;
/// `fallback` when no word is left (`""`, `"-"`, `"é"`).
pub fn screaming_snake(name: &Name, fallback: &str) -> String {
    let snake = name
        .ascii_words()
        .iter()
        .map(|w| w.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_");
    if snake.is_empty() {
        fallback.to_string()
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    }
}

/// `lowerCamelCase` of an `UpperCamelCase` identifier (`WorkflowEvent` → `workflowEvent`).
pub fn lower_first(upper: &str) -> String {
    let mut chars = upper.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The set of names already bound in one scope; [`Namespace::claim`] settles collisions by
/// appending `2`, `3`, … in claim order, so the first claimant keeps its name.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where reserved words and the module's reserved globals are already taken.
    pub fn module_scope() -> Namespace {
        let mut ns = Namespace::default();
        for word in RESERVED_WORDS.iter().chain(RESERVED_GLOBALS) {
            ns.taken.insert((*word).to_string());
        }
        ns
    }

    /// Binds `preferred`, or `preferred` followed by the smallest free number from 2.
    pub fn claim(&mut self, preferred: &str) -> String {
        let mut candidate = preferred.to_string();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{preferred}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Like [`Namespace::claim`], separating the number with `_` (for `SCREAMING_SNAKE` names).
    pub fn claim_snake(&mut self, preferred: &str) -> String {
        let mut candidate = preferred.to_string();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{preferred}_{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_keys_are_quoted_only_when_needed() {
        assert_eq!(property_key("event_id"), "event_id");
        assert_eq!(property_key("delete"), "delete");
        assert_eq!(property_key("constructor"), "constructor");
        assert_eq!(property_key("__proto__"), "\"__proto__\"");
        assert_eq!(property_key("first-name"), "\"first-name\"");
        assert_eq!(property_key("1st"), "\"1st\"");
        assert_eq!(property_key("é"), "\"é\"");
        assert_eq!(property_key(""), "\"\"");
    }

    #[test]
    fn inflects_with_fallbacks() {
        assert_eq!(
            upper_camel(&Name::split("workflow_event"), "Model"),
            "WorkflowEvent"
        );
        assert_eq!(upper_camel(&Name::split("1st place"), "Model"), "_1stPlace");
        assert_eq!(upper_camel(&Name::split("événement"), "Model"), "Vnement");
        assert_eq!(upper_camel(&Name::split("-"), "Model"), "Model");
        assert_eq!(
            screaming_snake(&Name::split("workflow.completed"), "EMPTY"),
            "WORKFLOW_COMPLETED"
        );
        assert_eq!(screaming_snake(&Name::split("1.0"), "EMPTY"), "_1_0");
        assert_eq!(screaming_snake(&Name::split(""), "EMPTY"), "EMPTY");
        assert_eq!(lower_first("WorkflowEvent"), "workflowEvent");
        assert_eq!(lower_first("_1st"), "_1st");
    }

    #[test]
    fn namespace_settles_collisions_in_claim_order() {
        let mut ns = Namespace::module_scope();
        assert_eq!(ns.claim("Object"), "Object2");
        assert_eq!(ns.claim("Event"), "Event");
        assert_eq!(ns.claim("Event"), "Event2");
        assert_eq!(ns.claim("delete"), "delete2");
        let mut members = Namespace::default();
        assert_eq!(members.claim_snake("DEV"), "DEV");
        assert_eq!(members.claim_snake("DEV"), "DEV_2");
    }

    #[test]
    fn reserved_lists_have_no_duplicates_within_themselves() {
        let words: BTreeSet<_> = RESERVED_WORDS.iter().collect();
        assert_eq!(words.len(), RESERVED_WORDS.len());
        let globals: BTreeSet<_> = RESERVED_GLOBALS.iter().collect();
        assert_eq!(globals.len(), RESERVED_GLOBALS.len());
    }
}
