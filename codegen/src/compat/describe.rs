//! Short descriptions of IR types (`string, format uuid`, `enum EventType`), for the
//! documentation backend's type cells. The checker's own messages describe its model instead
//! ([`super::walk::describe`]), in the same words.

use crate::ir::{Module, Type, TypeKind};

/// A short description of a type (`string, format uuid`, `array of EventType`).
pub fn describe(ty: &Type, module: &Module) -> String {
    match ty {
        Type::String(s) => super::walk::describe_string(s),
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
