//! A type as the union of disjoint JSON kinds (null, boolean, number, string, array, object),
//! each with its own constraints: the normal form the compatibility checker compares.
//!
//! Kinds never overlap, so `A ⊆ B` holds exactly when each kind of `A` is included in the same
//! kind of `B`. References are followed (`$ref` to an object, an enum or an alias), nullable
//! types add `null`, `{}` has every kind unconstrained, and constants become finite sets.

use serde_json::Value;

use super::numbers::{NumSet, Range, Rat};
use super::strings::StrSet;
use crate::ir::{Field, Module, Name, NumericType, StringType, Type, TypeDef, TypeKind};

/// Any JSON value.
pub static ANY: Type = Type::Any;
/// An unconstrained string.
pub static ANY_STRING: StringType = StringType {
    format: None,
    min_length: None,
    max_length: None,
    pattern: None,
};
static NO_BOUNDS: NumericType = NumericType {
    minimum: None,
    exclusive_minimum: None,
    maximum: None,
    exclusive_maximum: None,
    multiple_of: None,
};

/// The JSON kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Boolean,
    /// Numbers (integers included).
    Number,
    /// Strings.
    String,
    /// Arrays.
    Array,
    /// Objects.
    Object,
}

/// The non-null kinds, in the order samples prefer them.
pub const VALUE_KINDS: [Kind; 5] = [
    Kind::String,
    Kind::Number,
    Kind::Boolean,
    Kind::Object,
    Kind::Array,
];

/// Where a finite string set comes from (for naming the change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrOrigin {
    /// `type: string` with keywords.
    Plain,
    /// `enum`.
    Enum,
    /// `const`.
    Const,
}

/// The strings of a type.
#[derive(Debug, Clone)]
pub struct StrKind<'m> {
    /// The set.
    pub set: StrSet<'m>,
    /// Where it comes from.
    pub origin: StrOrigin,
}

/// The numbers of a type.
#[derive(Debug, Clone)]
pub struct NumKind<'m> {
    /// The set, or why it cannot be read exactly.
    pub set: Result<NumSet, String>,
    /// The IR keywords (`None` for a `const`), to tell rewrites from changes.
    pub source: Option<(&'m NumericType, bool)>,
}

/// The booleans of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoolSet {
    /// `true` allowed.
    pub t: bool,
    /// `false` allowed.
    pub f: bool,
}

/// The arrays of a type.
#[derive(Debug, Clone, Copy)]
pub struct ArrKind<'m> {
    /// `items`.
    pub items: &'m Type,
    /// `minItems` (0 when absent).
    pub min: u64,
    /// `maxItems`.
    pub max: Option<u64>,
    /// `uniqueItems`.
    pub unique: bool,
}

/// What an object does with properties it does not declare.
#[derive(Debug, Clone, Copy)]
pub enum Addl<'m> {
    /// `additionalProperties: false`.
    Forbid,
    /// Absent or `true` next to `properties`: accepted on read, never written.
    Ignore,
    /// A map's values (`additionalProperties` of an object without `properties`).
    Values(&'m Type),
}

/// The objects of a type.
#[derive(Debug, Clone, Copy)]
pub struct ObjKind<'m> {
    /// The named type, for a model.
    pub def: Option<&'m TypeDef>,
    /// Declared properties, in schema order.
    pub fields: &'m [Field],
    /// Undeclared properties.
    pub additional: Addl<'m>,
}

impl<'m> ObjKind<'m> {
    /// The declared property called `name`.
    pub fn field(&self, name: &str) -> Option<&'m Field> {
        self.fields.iter().find(|f| f.wire_name == name)
    }
}

/// A type as a union of kinds.
#[derive(Debug, Clone)]
pub struct Shape<'m> {
    /// `null` allowed.
    pub null: bool,
    /// Booleans.
    pub boolean: Option<BoolSet>,
    /// Numbers.
    pub number: Option<NumKind<'m>>,
    /// Strings.
    pub string: Option<StrKind<'m>>,
    /// Arrays.
    pub array: Option<ArrKind<'m>>,
    /// Objects.
    pub object: Option<ObjKind<'m>>,
}

impl<'m> Shape<'m> {
    /// Whether the shape has kind `k`.
    pub fn has(&self, k: Kind) -> bool {
        match k {
            Kind::Null => self.null,
            Kind::Boolean => self.boolean.is_some(),
            Kind::Number => self.number.is_some(),
            Kind::String => self.string.is_some(),
            Kind::Array => self.array.is_some(),
            Kind::Object => self.object.is_some(),
        }
    }

    /// `true` for `{}` (every value).
    pub fn is_any(&self, ty: &Type, module: &Module) -> bool {
        matches!(resolve_alias(ty, module), Type::Any)
    }

    /// A short description of the kinds (`string`, `integer or null`).
    pub fn kinds_text(&self) -> String {
        let mut parts = Vec::new();
        for k in VALUE_KINDS {
            if self.has(k) {
                parts.push(match k {
                    Kind::Number => match &self.number {
                        Some(NumKind {
                            source: Some((_, true)),
                            ..
                        }) => "integer",
                        _ => "number",
                    },
                    other => kind_name(other),
                });
            }
        }
        if self.null {
            parts.push("null");
        }
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(" or ")
        }
    }
}

/// The name of a kind.
pub fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Null => "null",
        Kind::Boolean => "boolean",
        Kind::Number => "number",
        Kind::String => "string",
        Kind::Array => "array",
        Kind::Object => "object",
    }
}

/// Follows aliases (`$defs` entries that are neither objects nor enums).
pub fn resolve_alias<'m>(ty: &'m Type, module: &'m Module) -> &'m Type {
    let mut ty = ty;
    for _ in 0..64 {
        match ty {
            Type::Ref(name) => match module.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// The named type a type refers to, if it is a reference.
pub fn named<'m>(ty: &'m Type, module: &'m Module) -> Option<&'m TypeDef> {
    match ty {
        Type::Ref(name) => module.get(name),
        _ => None,
    }
}

/// The shape of `ty` in `module`.
pub fn shape<'m>(ty: &'m Type, module: &'m Module) -> Shape<'m> {
    let mut s = Shape {
        null: false,
        boolean: None,
        number: None,
        string: None,
        array: None,
        object: None,
    };
    add(&mut s, ty, module, 0);
    s
}

fn numeric<'m>(n: &'m NumericType, integer: bool) -> NumKind<'m> {
    NumKind {
        set: Range::from_ir(n, integer)
            .map(NumSet::Range)
            .ok_or_else(|| "a numeric bound is too large to compare exactly".to_string()),
        source: Some((n, integer)),
    }
}

fn add<'m>(s: &mut Shape<'m>, ty: &'m Type, module: &'m Module, depth: usize) {
    match ty {
        Type::String(st) => {
            s.string = Some(StrKind {
                set: StrSet::Constrained(st),
                origin: StrOrigin::Plain,
            })
        }
        Type::Integer(n) => s.number = Some(numeric(n, true)),
        Type::Number(n) => s.number = Some(numeric(n, false)),
        Type::Boolean => s.boolean = Some(BoolSet { t: true, f: true }),
        Type::Null => s.null = true,
        Type::Nullable(inner) => {
            add(s, inner, module, depth);
            s.null = true;
        }
        Type::Array(a) => {
            s.array = Some(ArrKind {
                items: &a.items,
                min: a.min_items.unwrap_or(0),
                max: a.max_items,
                unique: a.unique_items,
            })
        }
        Type::Map(m) => {
            s.object = Some(ObjKind {
                def: None,
                fields: &[],
                additional: Addl::Values(&m.values),
            })
        }
        Type::Any => {
            s.null = true;
            s.boolean = Some(BoolSet { t: true, f: true });
            s.number = Some(numeric(&NO_BOUNDS, false));
            s.string = Some(StrKind {
                set: StrSet::Constrained(&ANY_STRING),
                origin: StrOrigin::Plain,
            });
            s.array = Some(ArrKind {
                items: &ANY,
                min: 0,
                max: None,
                unique: false,
            });
            s.object = Some(ObjKind {
                def: None,
                fields: &[],
                additional: Addl::Values(&ANY),
            });
        }
        Type::Const(v) => match v {
            Value::String(text) => {
                s.string = Some(StrKind {
                    set: StrSet::Finite(vec![text.clone()]),
                    origin: StrOrigin::Const,
                })
            }
            Value::Number(n) => {
                s.number = Some(NumKind {
                    set: Rat::from_number(n)
                        .map(|r| NumSet::Finite(vec![r]))
                        .ok_or_else(|| format!("the constant {n} is too large to compare")),
                    source: None,
                })
            }
            Value::Bool(b) => {
                s.boolean = Some(BoolSet { t: *b, f: !*b });
            }
            Value::Null => s.null = true,
            // Lowering only produces scalar constants.
            Value::Array(_) | Value::Object(_) => {}
        },
        // Unions are judged by the raw reader (`compat::check` routes a module holding one
        // there); this reading, one variant after the other, is only a fallback.
        Type::Union(u) => {
            for v in &u.variants {
                add(s, &v.ty, module, depth + 1);
            }
        }
        Type::Ref(name) => {
            let Some(def) = module.get(name) else { return };
            match &def.kind {
                TypeKind::Object(o) => {
                    s.object = Some(ObjKind {
                        def: Some(def),
                        fields: &o.fields,
                        additional: match o.additional {
                            crate::ir::Additional::Ignore => Addl::Ignore,
                            crate::ir::Additional::Forbid => Addl::Forbid,
                        },
                    })
                }
                TypeKind::Enum(e) => {
                    s.string = Some(StrKind {
                        set: StrSet::Finite(e.values.iter().map(|v| v.value.clone()).collect()),
                        origin: StrOrigin::Enum,
                    })
                }
                TypeKind::Alias(inner) => {
                    if depth < 64 {
                        add(s, inner, module, depth + 1)
                    }
                }
            }
        }
    }
}

/// A short description of a type for messages (`string (format uuid)`, `EventType`).
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
        Type::Union(u) => u
            .variants
            .iter()
            .map(|v| describe(&v.ty, module))
            .collect::<Vec<_>>()
            .join(" or "),
        Type::Ref(name) => match module.get(name).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => format!("enum {}", name_text(name)),
            Some(TypeKind::Object(_)) => format!("object {}", name_text(name)),
            _ => name_text(name),
        },
    }
}

/// A type name as written in generated code (`EventType`).
pub fn name_text(name: &Name) -> String {
    name.upper_camel()
}

/// A short description of a string type (`string, format uuid`).
pub fn describe_string(s: &StringType) -> String {
    let mut parts = Vec::new();
    if let Some(f) = s.format {
        parts.push(format!(
            "format {}",
            serde_json::to_value(f)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        ));
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
