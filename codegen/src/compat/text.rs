//! How reports describe sets and keywords in words (`string, format uuid`, `enum
//! EventType`): the model's sets for the checker's messages, and IR types ([`describe`]) for
//! the documentation backend's type cells, in the same words.

use serde_json::Value;

use super::model::{Kind, Node, Undeclared};
use super::numbers::{Bound, NumConstraint, NumSet, Rat};
use super::Names;
use crate::ir::{Format, Module, StringType, Type, TypeKind};

/// A short description of the kinds (`string`, `integer or null`).
pub(super) fn kinds_text(n: &Node) -> String {
    let mut parts = Vec::new();
    for k in Kind::VALUES {
        if k.in_node(n) {
            let integer = n
                .numbers
                .iter()
                .all(|x| matches!(x, NumSet::Range(r) if r.integer));
            parts.push(match k {
                Kind::Number if integer => "integer",
                other => other.name(),
            });
        }
    }
    if n.null {
        parts.push("null");
    }
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(" or ")
    }
}

/// A short description of a set for messages (`string, format uuid`, `enum EventType`).
pub fn describe_set(n: &Node, names: &Names) -> String {
    if n.any {
        return "any value".into();
    }
    if let Some(op) = &n.opaque {
        return format!("a schema with `{}`", op.keyword);
    }
    if let Some(name) = names.new.get(&n.ptr) {
        if !n.objects.is_empty() {
            return format!("object {name}");
        }
        if n.strings.iter().any(|s| s.finite.is_some()) {
            return format!("enum {name}");
        }
    }
    let mut parts = Vec::new();
    for s in &n.strings {
        parts.push(match &s.finite {
            Some(v) if v.len() == 1 => format!("constant {}", show_str(&v[0])),
            Some(v) => format!("one of {}", show_values(v)),
            None => describe_string(&s.st),
        });
    }
    for x in &n.numbers {
        parts.push(show_numset(x));
    }
    if let Some(b) = n.boolean {
        parts.push(
            match (b.t, b.f) {
                (true, true) => "boolean",
                (true, false) => "constant true",
                (false, _) => "constant false",
            }
            .into(),
        );
    }
    for o in &n.objects {
        parts.push(match (o.props.is_empty(), o.undeclared()) {
            (true, Undeclared::Values(v)) if v.any => "object (free-form)".into(),
            (true, Undeclared::Values(v)) => format!("map of {}", describe_set(v, names)),
            (true, Undeclared::Forbid | Undeclared::Ignore) | (false, _) => "object".into(),
        });
    }
    for a in &n.arrays {
        parts.push(format!("array of {}", describe_set(&a.items, names)));
    }
    if n.null {
        parts.push("null".into());
    }
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(" or ")
    }
}

/// A short description of a string type (`string, format uuid`).
pub fn describe_string(s: &StringType) -> String {
    let mut parts = Vec::new();
    if let Some(f) = s.format {
        parts.push(format!("format {}", show_format(Some(f))));
    }
    if let Some(p) = &s.pattern {
        parts.push(format!("pattern {p}"));
    }
    if let Some(n) = s.min_length {
        parts.push(format!("minLength {n}"));
    }
    if let Some(n) = s.max_length {
        parts.push(format!("maxLength {n}"));
    }
    if parts.is_empty() {
        "string".into()
    } else {
        format!("string, {}", parts.join(", "))
    }
}

pub(super) fn show_opt(s: &Option<String>) -> String {
    s.as_deref().map_or("none".into(), show_str)
}

pub(super) fn show_str(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

pub(super) fn show_u64(n: Option<u64>) -> String {
    n.map_or("none".into(), |n| n.to_string())
}

pub(super) fn show_values(values: &[String]) -> String {
    let shown: Vec<String> = values.iter().map(|v| show_str(v)).collect();
    format!("[{}]", shown.join(", "))
}

pub(super) fn show_format(f: Option<Format>) -> String {
    match f {
        None => "none".into(),
        Some(Format::Uuid) => "uuid".into(),
        Some(Format::Date) => "date".into(),
        Some(Format::DateTime) => "date-time".into(),
        Some(Format::Email) => "email".into(),
        Some(Format::Uri) => "uri".into(),
    }
}

pub(super) fn show_num(c: &Option<NumConstraint>) -> String {
    match c {
        None => "none".into(),
        Some(NumConstraint::Lower(Bound { at, inclusive })) => {
            format!("{} {}", if *inclusive { "≥" } else { ">" }, at.to_value())
        }
        Some(NumConstraint::Upper(Bound { at, inclusive })) => {
            format!("{} {}", if *inclusive { "≤" } else { "<" }, at.to_value())
        }
        Some(NumConstraint::MultipleOf(m)) => m.to_value().to_string(),
        Some(NumConstraint::Integer) => "integer".into(),
        Some(NumConstraint::Finite(values)) => show_rats(values),
    }
}

pub(super) fn show_rats(values: &[Rat]) -> String {
    let shown: Vec<String> = values.iter().map(|r| r.to_value().to_string()).collect();
    shown.join(", ")
}

pub(super) fn show_numset(s: &NumSet) -> String {
    match s {
        NumSet::Finite(values) => format!("constant {}", show_rats(values)),
        NumSet::Range(r) => if r.integer { "integer" } else { "number" }.into(),
    }
}

/// A short description of a type (`string, format uuid`, `array of EventType`).
pub fn describe(ty: &Type, module: &Module) -> String {
    match ty {
        Type::String(s) => describe_string(s),
        Type::Integer(_) => "integer".into(),
        Type::Number(_) => "number".into(),
        Type::Boolean => "boolean".into(),
        Type::Null => "null".into(),
        Type::Nullable(inner) => format!("{} or null", describe(inner, module)),
        Type::Array(a) => format!("array of {}", describe(&a.items, module)),
        Type::Map(m) => match m.values.as_ref() {
            Type::Any => "object (free-form)".into(),
            v => format!("map of {}", describe(v, module)),
        },
        Type::Any => "any value".into(),
        Type::Const(v) => format!("constant {v}"),
        Type::Checked(c) => format!(
            "{}, checked with {}",
            describe(&c.ty, module),
            c.check
                .keywords
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Type::Union(u) => u
            .variants
            .iter()
            .map(|v| describe(&v.ty, module))
            .collect::<Vec<_>>()
            .join(" or "),
        Type::Ref(name) => match module.get(name).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => format!("enum {}", name.upper_camel()),
            Some(TypeKind::Object(_)) => format!("object {}", name.upper_camel()),
            Some(TypeKind::Alias(_)) | None => name.upper_camel(),
        },
    }
}
