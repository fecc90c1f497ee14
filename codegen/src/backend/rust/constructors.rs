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
//! - `with_<field>(value)` sets an optional property and takes what `new` would take for it: it
//!   returns `Self` when the argument's type guarantees a valid value, else
//!   `Result<Self, crate::ValidationErrors>`, checked as `new` checks (for a nullable property,
//!   `Some(None)` is an explicit `null`).
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
    /// The object has a run-time check or keeps undeclared properties: `new` and every setter
    /// go through the schema (`crate::api::Parts`), as reading does.
    pub checked: bool,
}

/// How a field is set by `new`.
enum Slot {
    /// A parameter of `new`.
    Param(Param),
    /// Filled by the field's serde default (`default = "path"`, or `Default::default()`).
    Default(Option<syn::Path>),
    /// An optional property: unset by `new`, set by its setter.
    Unset(Param),
}

/// What `new` (or a setter) takes for a value of one field type.
struct Param {
    /// The argument's type guarantees a valid value: no check needed.
    infallible: bool,
    /// The argument's type (`impl Into<String>` for a string, the field type otherwise).
    arg: syn::Type,
    /// The argument is converted with `.into()`.
    into: bool,
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
    let mut all_infallible = !s.checked;
    let mut any_checked_setter = false;
    for field in &fields.named {
        let name = field.ident.as_ref().ok_or("a named field without a name")?;
        if super::postprocess::is_flattened(field) {
            // Kept undeclared properties: none on a new object.
            inits.push(quote!(#name: ::std::default::Default::default()));
            continue;
        }
        let wire = super::postprocess::json_name(field)?;
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
        let mut slot = slot(field, names).map_err(|e| format!("{here}: {e}"))?;
        if s.checked {
            match &mut slot {
                Slot::Param(param) | Slot::Unset(param) => param.infallible = false,
                Slot::Default(_) => {}
            }
        }
        match slot {
            Slot::Param(param) => {
                if !ir.required || ir.default.is_some() || ir.default_factory.is_some() {
                    return Err(format!(
                        "{here}: typify made a plain field of a property that is optional or has a default"
                    ));
                }
                all_infallible &= param.infallible;
                let arg = &param.arg;
                params.push(quote!(#name: #arg));
                let value = if param.into {
                    quote!(#name.into())
                } else {
                    quote!(#name)
                };
                inits.push(if param.into {
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
            Slot::Unset(param) => {
                if ir.required {
                    return Err(format!(
                        "{here}: typify made an Option of a required property"
                    ));
                }
                inits.push(quote!(#name: ::std::option::Option::None));
                let setter = format_ident!("with_{}", name.to_string().trim_start_matches("r#"));
                let doc = format!("Sets `{wire}`{}.", describe(ir));
                let arg = &param.arg;
                let value = if param.into {
                    quote!(value.into())
                } else {
                    quote!(value)
                };
                setters.push(if param.infallible {
                    quote! {
                        #[doc = #doc]
                        #[must_use]
                        pub fn #setter(mut self, value: #arg) -> Self {
                            self.#name = ::std::option::Option::Some(#value);
                            self
                        }
                    }
                } else {
                    let checked = format!("An error lists what breaks the schema (`#{}`), as reading would.", ir.pointer);
                    quote! {
                        #[doc = #doc]
                        #[doc = #checked]
                        pub fn #setter(self, value: #arg) -> ::std::result::Result<Self, crate::ValidationErrors> {
                            let mut parts = crate::api::Parts::of(Self::__schema(), &self)?;
                            parts.put(#wire, &#value)?;
                            parts.finish()
                        }
                    }
                });
                any_checked_setter |= !param.infallible;
            }
        }
    }
    let summary = format!("A new `{ident}`: the properties that are required and have no default, in schema order; defaults filled, optional properties unset.");
    let pointer = &s.pointer;
    // One argument per required property: as many as the schema has, named as the schema
    // names them (`foo` is a name clippy flags by default).
    let allow = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let placeholder_names = fields.named.iter().any(|f| {
        f.ident
            .as_ref()
            .is_some_and(|i| ["foo", "baz", "quux"].contains(&i.to_string().as_str()))
    });
    let allow_names = placeholder_names.then(|| quote!(#[allow(clippy::disallowed_names)]));
    let constructor = if all_infallible {
        quote! {
            #[doc = #summary]
            #(#docs)*
            #allow
            #allow_names
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    } else {
        let errors = format!(
            "An error lists every property that breaks the schema (`#{pointer}`), as reading would."
        );
        let binding = if puts.is_empty() {
            quote!(let parts = crate::api::Parts::new(Self::__schema());)
        } else {
            quote!(let mut parts = crate::api::Parts::new(Self::__schema());)
        };
        quote! {
            #[doc = #summary]
            #[doc = #errors]
            #(#docs)*
            #allow
            #allow_names
            pub fn new(#(#params),*) -> ::std::result::Result<Self, crate::ValidationErrors> {
                #binding
                #(#puts)*
                parts.finish()
            }
        }
    };
    let schema = (!all_infallible || any_checked_setter).then(|| {
        let static_ident = format_ident!("{}_SCHEMA", screaming(&ident.to_string()));
        quote! {
            /// This object's schema, compiled once, for `new` and the checked setters.
            fn __schema() -> &'static crate::api::PartSchema {
                static #static_ident: ::std::sync::LazyLock<crate::api::PartSchema> =
                    ::std::sync::LazyLock::new(|| crate::api::PartSchema::load(SCHEMA_FILE, SCHEMA_JSON, #pointer, __UNION_TABLE, __CHECK_TABLE));
                &#static_ident
            }
        }
    });
    Ok(vec![syn::parse_quote! {
        impl #ident {
            #constructor
            #(#setters)*
            #schema
        }
    }])
}

/// How `new` sets a field, from its type and serde attributes.
fn slot(field: &syn::Field, names: &TypeNames) -> Result<Slot, String> {
    let metas = super::postprocess::serde_metas(field)?;
    let skips_none = metas
        .iter()
        .any(|m| m.path().is_ident("skip_serializing_if"));
    if let (true, Some(inner)) = (skips_none, super::postprocess::option_inner(&field.ty)) {
        return Ok(Slot::Unset(param(inner, names)));
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
    Ok(Slot::Param(param(field.ty.clone(), names)))
}

/// What `new` or a setter takes for a value of type `ty`: strings and string newtypes as
/// `impl Into<String>`, exact integers as `impl Into<crate::Integer>`, free-form JSON as a
/// `serde_json::Value`, anything else as itself; infallible when the type alone guarantees a
/// valid value (enums, structs, UUIDs, timestamps, booleans, unconstrained strings).
fn param(ty: syn::Type, names: &TypeNames) -> Param {
    let last = match &ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    };
    let into = |arg: syn::Type, infallible: bool| Param {
        infallible,
        arg,
        into: true,
    };
    let string: syn::Type = syn::parse_quote!(impl ::std::convert::Into<::std::string::String>);
    match last.as_deref() {
        // A nullable value: `Some(v)` checked as `v` would be, `None` the explicit `null`.
        Some("Option") => Param {
            infallible: super::postprocess::option_inner(&ty)
                .is_some_and(|inner| param(inner, names).infallible),
            arg: ty,
            into: false,
        },
        Some("String") => into(string, true),
        Some(newtype) if names.string_newtypes.contains(newtype) => into(string, false),
        Some("Integer") => into(
            syn::parse_quote!(impl ::std::convert::Into<crate::Integer>),
            false,
        ),
        Some("JsonObject") => Param {
            infallible: false,
            arg: syn::parse_quote!(::serde_json::Value),
            into: false,
        },
        other => Param {
            infallible: other.is_some_and(|last| {
                names.enums.contains(last)
                    || names.structs.contains(last)
                    || matches!(last, "Uuid" | "Timestamp" | "bool")
            }),
            arg: ty,
            into: false,
        },
    }
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
