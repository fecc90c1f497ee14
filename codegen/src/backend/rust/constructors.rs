//! build.rs, for the Rust API: the constructors and setters of every generated struct, derived
//! from the schema (the codegen IR) and from the field types typify chose.
//!
//! For each struct with named fields:
//! - `new(..)` takes every property that is required and has no default, in schema order,
//!   typed: enums and nested structs as themselves, `String` as `impl Into<String>`, a string
//!   newtype (a string with `pattern`/`minLength`/…) as `impl Into<String>`, free-form JSON
//!   (`crate::JsonObject`) as a `serde_json::Value`, anything else as its field type.
//!   Defaults (`default`, `x-default-factory`) are filled and optional properties left unset.
//! - `new` returns `Self` when every argument's Rust type already guarantees a valid value
//!   (enums, structs, UUIDs, timestamps, booleans, unconstrained strings); otherwise it returns
//!   `Result<Self, crate::ValidationErrors>`, checked against the object's schema with the
//!   same errors (type and loc) as reading.
//! - `with_<field>(value)` sets an optional property (for a nullable one, `Some(None)` is an
//!   explicit `null`).
//!
//! A schema edit that changes the required properties changes `new`'s signature, so a stale
//! call is a compile error, never a run-time failure.

use std::collections::BTreeSet;

use quote::{format_ident, quote};

/// What build.rs knows about one struct typify generated, from the schema.
pub struct StructSchema<'a> {
    /// The struct.
    pub item: &'a syn::ItemStruct,
    /// JSON pointer of the object schema (`/$defs/WorkflowEventMetadata`).
    pub pointer: String,
    /// The object's properties in the IR, by wire name.
    pub fields: Vec<&'a crate::ir::Field>,
}

/// How a field is set by `new`.
enum Slot {
    /// A parameter of `new`.
    Param {
        infallible: bool,
        ty: syn::Type,
        into_string: bool,
    },
    /// Filled by the field's serde default (`default = "path"`, or `Default::default()`).
    Default(Option<syn::Path>),
    /// An optional property: unset.
    Unset { inner: syn::Type },
}

/// The `impl` blocks with `new` and the setters of every struct in `structs`.
/// `names` holds the generated types by kind.
pub fn items(structs: &[StructSchema<'_>], names: &TypeNames) -> Result<Vec<syn::Item>, String> {
    let mut out = Vec::new();
    for s in structs {
        out.extend(struct_items(s, names)?);
    }
    Ok(out)
}

/// The generated types of a file, by kind.
#[derive(Default)]
pub struct TypeNames {
    /// Enums (all typify enums here are closed sets of strings).
    pub enums: BTreeSet<String>,
    /// Structs with named fields.
    pub structs: BTreeSet<String>,
    /// Tuple structs around a `String` (constrained strings), checked by `TryFrom`.
    pub string_newtypes: BTreeSet<String>,
}

impl TypeNames {
    /// Sorts the file's items into the three kinds.
    pub fn of(file: &syn::File) -> Self {
        let mut names = TypeNames::default();
        for item in &file.items {
            match item {
                syn::Item::Enum(e) => {
                    names.enums.insert(e.ident.to_string());
                }
                syn::Item::Struct(s) => match &s.fields {
                    syn::Fields::Named(_) => {
                        names.structs.insert(s.ident.to_string());
                    }
                    syn::Fields::Unnamed(f)
                        if f.unnamed.len() == 1 && is_string(&f.unnamed[0].ty) =>
                    {
                        names.string_newtypes.insert(s.ident.to_string());
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        names
    }
}

fn struct_items(s: &StructSchema<'_>, names: &TypeNames) -> Result<Vec<syn::Item>, String> {
    let syn::Fields::Named(fields) = &s.item.fields else {
        return Ok(Vec::new());
    };
    let ident = &s.item.ident;
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut puts = Vec::new();
    let mut setters = Vec::new();
    let mut docs = Vec::new();
    let mut all_infallible = true;
    for field in &fields.named {
        let name = field.ident.as_ref().ok_or("a named field without a name")?;
        let wire = super::json_name(field)?;
        let ir = s
            .fields
            .iter()
            .find(|f| f.wire_name == wire)
            .ok_or_else(|| {
                format!(
                    "#{}: struct {ident} has a field {wire:?} the schema does not declare",
                    s.pointer
                )
            })?;
        let here = format!("#{}", ir.pointer);
        match slot(field, names).map_err(|e| format!("{here}: {e}"))? {
            Slot::Param {
                infallible,
                ty,
                into_string,
            } => {
                if !ir.required || ir.default.is_some() || ir.default_factory.is_some() {
                    return Err(format!(
                        "{here}: typify made a plain field of a property that is optional or has a default"
                    ));
                }
                all_infallible &= infallible;
                let arg: syn::Type = if into_string {
                    syn::parse_quote!(impl ::std::convert::Into<::std::string::String>)
                } else {
                    ty
                };
                params.push(quote!(#name: #arg));
                let value = if into_string {
                    quote!(#name.into())
                } else {
                    quote!(#name)
                };
                inits.push(if into_string {
                    quote!(#name: #value)
                } else {
                    quote!(#name)
                });
                puts.push(quote!(parts.put(#wire, &#value)?;));
                let shown = name.to_string();
                let shown = shown.trim_start_matches("r#");
                let doc = match shown == wire {
                    true => format!("- `{wire}`{}", describe(ir)),
                    false => format!("- `{shown}`: `{wire}`{}", describe(ir)),
                };
                docs.push(quote!(#[doc = #doc]));
            }
            Slot::Default(path) => {
                let value = match path {
                    Some(path) => quote!(#path()),
                    None => quote!(::std::default::Default::default()),
                };
                inits.push(quote!(#name: #value));
            }
            Slot::Unset { inner } => {
                if ir.required {
                    return Err(format!(
                        "{here}: typify made an Option of a required property"
                    ));
                }
                inits.push(quote!(#name: ::std::option::Option::None));
                let setter = format_ident!("with_{}", name.to_string().trim_start_matches("r#"));
                let doc = format!("Sets `{wire}`{}.", describe(ir));
                let (arg, value) = if is_string(&inner) {
                    (
                        quote!(impl ::std::convert::Into<::std::string::String>),
                        quote!(value.into()),
                    )
                } else {
                    (quote!(#inner), quote!(value))
                };
                setters.push(quote! {
                    #[doc = #doc]
                    #[must_use]
                    pub fn #setter(mut self, value: #arg) -> Self {
                        self.#name = ::std::option::Option::Some(#value);
                        self
                    }
                });
            }
        }
    }
    let summary = format!("A new `{ident}`: the properties that are required and have no default, in schema order; defaults filled, optional properties unset.");
    let pointer = &s.pointer;
    // One argument per required property: as many as the schema has.
    let allow = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let constructor = if all_infallible {
        quote! {
            #[doc = #summary]
            #(#docs)*
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    } else {
        let static_ident = format_ident!("{}_SCHEMA", screaming(&ident.to_string()));
        let errors = format!(
            "An error lists every property that breaks the schema (`#{pointer}`), as reading would."
        );
        quote! {
            #[doc = #summary]
            #[doc = #errors]
            #(#docs)*
            #allow
            pub fn new(#(#params),*) -> ::std::result::Result<Self, crate::ValidationErrors> {
                static #static_ident: ::std::sync::LazyLock<crate::api::PartSchema> =
                    ::std::sync::LazyLock::new(|| crate::api::PartSchema::load(SCHEMA_FILE, SCHEMA_JSON, #pointer, __UNION_TABLE));
                let mut parts = crate::api::Parts::new(&#static_ident);
                #(#puts)*
                parts.finish()
            }
        }
    };
    Ok(vec![syn::parse_quote! {
        impl #ident {
            #constructor
            #(#setters)*
        }
    }])
}

/// How `new` sets a field, from its type and serde attributes.
fn slot(field: &syn::Field, names: &TypeNames) -> Result<Slot, String> {
    let metas = super::serde_metas(field)?;
    let skips_none = metas
        .iter()
        .any(|m| m.path().is_ident("skip_serializing_if"));
    if let (true, Some(inner)) = (skips_none, super::option_inner(&field.ty)) {
        return Ok(Slot::Unset { inner });
    }
    for meta in &metas {
        match meta {
            syn::Meta::Path(p) if p.is_ident("default") => return Ok(Slot::Default(None)),
            syn::Meta::NameValue(nv) if nv.path.is_ident("default") => {
                let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(path),
                    ..
                }) = &nv.value
                else {
                    return Err("a serde default that is not a path".into());
                };
                let path: syn::Path = path
                    .parse()
                    .map_err(|e| format!("serde default path: {e}"))?;
                return Ok(Slot::Default(Some(path)));
            }
            _ => {}
        }
    }
    let ty = field.ty.clone();
    let last = match &ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    };
    let Some(last) = last else {
        return Ok(Slot::Param {
            infallible: false,
            ty,
            into_string: false,
        });
    };
    if last == "String" {
        return Ok(Slot::Param {
            infallible: true,
            ty,
            into_string: true,
        });
    }
    if names.string_newtypes.contains(&last) {
        return Ok(Slot::Param {
            infallible: false,
            ty,
            into_string: true,
        });
    }
    if last == "JsonObject" {
        return Ok(Slot::Param {
            infallible: false,
            ty: syn::parse_quote!(::serde_json::Value),
            into_string: false,
        });
    }
    let infallible = names.enums.contains(&last)
        || names.structs.contains(&last)
        || matches!(last.as_str(), "Uuid" | "Timestamp" | "bool");
    Ok(Slot::Param {
        infallible,
        ty,
        into_string: false,
    })
}

fn is_string(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "String" && s.arguments.is_none()))
}

/// `: description` of a property, for docs.
fn describe(field: &crate::ir::Field) -> String {
    match &field.description {
        Some(d) => format!(": {}", d.replace(['\n', '\r'], " ")),
        None => String::new(),
    }
}

/// `WorkflowEventMetadata` → `WORKFLOW_EVENT_METADATA`.
fn screaming(ident: &str) -> String {
    let mut out = String::new();
    for (i, c) in ident.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}
