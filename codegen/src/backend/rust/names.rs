//! Rust identifiers: IR words inflected into field, variant and type names that are valid
//! ASCII identifiers and no keyword; collisions are settled by [`crate::ir::Namespace`], as in
//! every backend.
//!
//! The keyword list is the Rust Reference's (<https://doc.rust-lang.org/reference/keywords.html>:
//! strict, reserved and the 2018+ edition keywords). Field names that are keywords get `_`
//! appended (`type` → `type_`), as typify writes them; `r#` raw identifiers are not used
//! because `self`, `Self`, `super` and `crate` cannot be raw.

use crate::ir::{Name, Namespace};

/// Strict and reserved keywords of Rust 2021 (and `gen`, reserved in 2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Type names a generated module must not define: the prelude and std names that the module
/// and `crate::api::version_api!` use unqualified, and the modules typify writes next to the
/// types.
pub const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Display",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "FromStr",
    "Iterator",
    "ToString",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "Deref",
    "Value",
    "Map",
];

/// A field (or parameter, or setter suffix) name: `snake_case`; no words → `field`; a leading
/// digit gets `field_` in front; a keyword gets `_` appended.
pub fn field_name(name: &Name) -> String {
    let mut out = name.ascii_words().join("_");
    if out.is_empty() {
        out = "field".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("field_{out}");
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A type or enum variant name: `UpperCamel`; no words → `Empty`; a leading digit gets
/// `Value` in front (`1st` → `Value1st`); `Self` → `Self_`.
pub fn upper_camel(name: &Name) -> String {
    let mut out = Name::from_words(name.ascii_words()).upper_camel();
    if out.is_empty() {
        out = "Empty".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("Value{out}");
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// The field names of an object's properties, in schema order (a wire name that is already the
/// Rust name keeps it; the others are numbered on collision).
pub fn field_names<'f>(fields: impl IntoIterator<Item = &'f crate::ir::Field>) -> Vec<String> {
    let items: Vec<(String, &str)> = fields
        .into_iter()
        .map(|f| (field_name(&f.name), f.wire_name.as_str()))
        .collect();
    Namespace::new("_").claim_all(&items)
}

/// The variant names of an enum's values, in schema order (`Dev`, `dev` → `Dev`, `Dev2`).
pub fn variant_names<'v>(values: impl IntoIterator<Item = &'v Name>) -> Vec<String> {
    let mut ns = Namespace::new("");
    values
        .into_iter()
        .map(|v| ns.claim(&upper_camel(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> String {
        field_name(&Name::split(text))
    }

    #[test]
    fn fields_are_snake_case_and_never_keywords() {
        assert_eq!(field("workflowRunId"), "workflow_run_id");
        assert_eq!(field("type"), "type_");
        assert_eq!(field("self"), "self_");
        assert_eq!(field("1st"), "field_1st");
        assert_eq!(field("-"), "field");
        assert_eq!(field("métriques"), "mtriques");
    }

    #[test]
    fn variants_settle_case_collisions() {
        let values: Vec<Name> = ["Dev", "dev", "DEV", "a-b", "a_b", "", "1st", "self"]
            .iter()
            .map(|v| Name::split(v))
            .collect();
        assert_eq!(
            variant_names(&values),
            ["Dev", "Dev2", "Dev3", "AB", "AB2", "Empty", "Value1st", "Self_"]
        );
    }
}
