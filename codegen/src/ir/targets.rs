//! What a target language cannot take, declared once and checked on the IR for every language
//! at once: [`super::lower`] runs [`check`] last, so `codegen --lang python`, `codegen --lang
//! typescript` and the crate's build.rs refuse the same schemas, each naming the file, the JSON
//! pointer, the keyword and the language that cannot take it. A schema is generated for all
//! three languages or for none.
//!
//! | target | cannot take | why |
//! |---|---|---|
//! | Python | `minLength`, `maxLength` or `pattern` next to `format: uuid`, `date-time` or `date` | the value is a `UUID` / `datetime` / `date`, not a `str` pydantic can measure |
//! | Rust | a union inside `allOf` | build.rs merges `allOf` for typify before unions are rewritten |
//! | Rust | a union branch that holds a `null`-only value (`{"type": "array", "items": {"type": "null"}}`) | the union enum has no Rust type for it yet |
//!
//! A backend may rely on these: the Python backend never sees a constrained `uuid`, the Rust
//! backend never sees a union branch it cannot type.

use super::{Format, Module, StringType, Type, TypeDef, TypeKind, UnionType};
use crate::error::{Error, Result};

/// A target language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The pydantic package.
    Python,
    /// The crate's types (build.rs).
    Rust,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Python => "Python",
            Target::Rust => "Rust",
        }
    }
}

/// One thing a target cannot take, found in a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The language.
    pub target: Target,
    /// JSON pointer of the schema at fault.
    pub pointer: String,
    /// The keyword at fault.
    pub keyword: &'static str,
    /// What it cannot take and what to do instead.
    pub message: String,
}

/// The first thing any target cannot take, as an [`Error::Schema`] naming the target.
pub fn check(module: &Module) -> Result<()> {
    match refusals(module).into_iter().next() {
        None => Ok(()),
        Some(r) => Err(Error::Schema {
            file: module.schema_path.clone(),
            pointer: r.pointer,
            keyword: r.keyword.to_string(),
            message: format!("{} cannot take this: {}", r.target.name(), r.message),
        }),
    }
}

/// Everything every target cannot take, in module order.
pub fn refusals(module: &Module) -> Vec<Refusal> {
    let mut out = Vec::new();
    for def in &module.types {
        match &def.kind {
            TypeKind::Object(object) => {
                for field in &object.fields {
                    visit(&field.ty, &field.pointer, &mut out);
                }
            }
            TypeKind::Alias(ty) => {
                rust_named_union(module, def, ty, &mut out);
                visit(ty, &def.pointer, &mut out)
            }
            TypeKind::Enum(_) => {}
        }
    }
    out
}

/// Rust: a named type without `type` that may be an object (a union by JSON type whose object
/// branch is a model at the named type's own pointer): typify names the union after the
/// `$defs` entry and has no name for the branch.
fn rust_named_union(module: &Module, def: &TypeDef, ty: &Type, out: &mut Vec<Refusal>) {
    let union = match ty {
        Type::Union(union) => union,
        Type::Checked(checked) => return rust_named_union(module, def, &checked.ty, out),
        Type::Nullable(inner) => return rust_named_union(module, def, inner, out),
        _ => return,
    };
    let object_here = union.variants.iter().any(|variant| match &variant.ty {
        Type::Ref(name) => module.get(name).is_some_and(|d| d.pointer == def.pointer),
        _ => false,
    });
    if object_here {
        out.push(Refusal {
            target: Target::Rust,
            pointer: def.pointer.clone(),
            keyword: "type",
            message: "a named type without `type` that may be an object (its object branch needs a name of its own); give it a `type`, or move the object into a `$defs` entry of its own".into(),
        });
    }
}

/// Checks `ty` (at `pointer`) and the types inside it that are not named types of their own.
fn visit(ty: &Type, pointer: &str, out: &mut Vec<Refusal>) {
    match ty {
        Type::String(s) => python_formats(s, pointer, out),
        Type::Nullable(inner) => visit(inner, pointer, out),
        Type::Checked(checked) => visit(&checked.ty, pointer, out),
        Type::Array(array) => visit(&array.items, &format!("{pointer}/items"), out),
        Type::Map(map) => visit(&map.values, &format!("{pointer}/additionalProperties"), out),
        Type::Union(union) => {
            rust_union(union, out);
            for variant in &union.variants {
                visit(&variant.ty, &variant.pointer, out);
            }
        }
        Type::Integer(_)
        | Type::Number(_)
        | Type::Boolean
        | Type::Null
        | Type::Any
        | Type::Const(_)
        | Type::Ref(_) => {}
    }
}

/// Python: a `UUID`, `datetime` or `date` has no length or pattern.
fn python_formats(s: &StringType, pointer: &str, out: &mut Vec<Refusal>) {
    let StringType {
        format,
        min_length,
        max_length,
        pattern,
    } = s;
    let typed = matches!(format, Some(Format::Uuid | Format::DateTime | Format::Date));
    let keyword = if min_length.is_some() {
        "minLength"
    } else if max_length.is_some() {
        "maxLength"
    } else if pattern.is_some() {
        "pattern"
    } else {
        return;
    };
    if typed {
        out.push(Refusal {
            target: Target::Python,
            pointer: pointer.to_string(),
            keyword,
            message: "`minLength`, `maxLength` and `pattern` are not supported together with `format: uuid`, `date-time` or `date`".into(),
        });
    }
}

/// Rust: unions outside `allOf`, with branches the union enum can hold.
fn rust_union(union: &UnionType, out: &mut Vec<Refusal>) {
    let keyword = if union.discriminator.is_some() {
        "discriminator"
    } else {
        "type"
    };
    if union.pointer.split('/').any(|s| s == "allOf") {
        out.push(Refusal {
            target: Target::Rust,
            pointer: union.pointer.clone(),
            keyword: "allOf",
            message: "a union inside `allOf` (move the union out of the `allOf` part)".into(),
        });
    }
    for variant in &union.variants {
        if !rust_branch(&variant.ty) {
            out.push(Refusal {
                target: Target::Rust,
                pointer: variant.pointer.clone(),
                keyword,
                message: format!(
                    "the union branch `{}` holds a value that can only be `null`; give it another type",
                    variant.tag
                ),
            });
        }
    }
}

/// Whether the Rust union enum can hold a branch of this type (`backend::rust::unions` types
/// exactly these).
pub fn rust_branch(ty: &Type) -> bool {
    match ty {
        Type::Ref(_) | Type::Union(_) | Type::String(_) | Type::Any | Type::Const(_) => true,
        Type::Integer(_) | Type::Number(_) | Type::Boolean => true,
        Type::Map(map) => rust_branch(&map.values),
        Type::Array(array) => rust_branch(&array.items),
        Type::Nullable(inner) => rust_branch(inner),
        Type::Checked(checked) => rust_branch(&checked.ty),
        Type::Null => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn check(schema: serde_json::Value) -> Result<(), String> {
        let loaded = crate::schema::Loaded {
            path: "t.json".into(),
            display: "t.json".into(),
            version: None,
            text: schema.to_string(),
            value: schema,
        };
        crate::ir::lower(&loaded)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn python_refuses_a_measured_uuid_for_every_language() {
        let err = check(json!({"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid", "maxLength": 36}}}))
        .unwrap_err();
        assert!(
            err.starts_with("t.json#/properties/id: `maxLength`: Python cannot take this"),
            "{err}"
        );
    }

    #[test]
    fn rust_refuses_a_union_branch_of_nulls() {
        let err = check(json!({"type": "object", "properties": {
            "v": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "null"}}]}}}))
        .unwrap_err();
        assert!(err.starts_with("t.json#/properties/v"), "{err}");
        assert!(
            err.contains("Rust cannot take this: the union branch `array`"),
            "{err}"
        );
    }

    #[test]
    fn a_date_is_taken_by_every_language() {
        check(json!({"type": "object", "properties": {
            "day": {"type": "string", "format": "date"}}}))
        .unwrap();
    }
}
