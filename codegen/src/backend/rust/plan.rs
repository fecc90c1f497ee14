//! build.rs, for the fast read path: the plan of a version (`crate::plan::Node`) written as Rust
//! from the codegen IR, so that the fast path reads the schema the way every backend does.
//!
//! A node is only ever stricter than the schema or equal to it: every IR type is either
//! enforced by a node or becomes `Node::Unsupported` (the fast path declines and the slow path,
//! the schema validator, decides). `tests/fast_path.rs` checks both paths agree.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Additional, Format, Module, Type, TypeDef, TypeKind};

/// Nesting of named types beyond which a plan stops (recursive schemas): `Unsupported`.
const MAX_DEPTH: usize = 32;

/// `pub(crate) fn __fast_path_plan() -> crate::plan::Node { … }` for the module's root.
pub fn plan_fn(module: &Module) -> syn::Item {
    let body = typedef(module, module.root_type(), 0);
    syn::parse_quote! {
        /// The fast path's plan of this version's root type, written by build.rs from the IR.
        pub(crate) fn __fast_path_plan() -> crate::plan::Node {
            #body
        }
    }
}

fn typedef(module: &Module, def: &TypeDef, depth: usize) -> TokenStream {
    if depth > MAX_DEPTH {
        return quote!(crate::plan::Node::Unsupported);
    }
    match &def.kind {
        // A run-time check (or kept undeclared properties) is the slow path's to evaluate.
        TypeKind::Object(object)
            if object.check.is_some() || object.additional == Additional::Keep =>
        {
            quote!(crate::plan::Node::Unsupported)
        }
        TypeKind::Object(object) => {
            let properties = object.fields.iter().map(|field| {
                let name = &field.wire_name;
                let node = ty(module, &field.ty, depth + 1);
                let required = field.required;
                quote!((::std::string::String::from(#name), #node, #required))
            });
            let closed = object.additional == Additional::Forbid;
            quote!(crate::plan::Node::Model(crate::plan::Model {
                properties: ::std::vec::Vec::from([#(#properties),*]),
                closed: #closed,
            }))
        }
        TypeKind::Enum(e) => {
            let values = e.values.iter().map(|v| &v.value);
            string(
                quote!(::std::option::Option::Some(
                    ::std::vec![#(::std::string::String::from(#values)),*]
                )),
                None,
                None,
                None,
                None,
            )
        }
        TypeKind::Alias(inner) => ty(module, inner, depth + 1),
    }
}

fn ty(module: &Module, ty_: &Type, depth: usize) -> TokenStream {
    if depth > MAX_DEPTH {
        return quote!(crate::plan::Node::Unsupported);
    }
    match ty_ {
        Type::Any => quote!(crate::plan::Node::Any),
        Type::Boolean => quote!(crate::plan::Node::Bool),
        Type::Map(map) if *map.values == Type::Any => quote!(crate::plan::Node::FreeObject),
        Type::Array(array)
            if *array.items == Type::Any
                && array.min_items.is_none()
                && array.max_items.is_none()
                && !array.unique_items =>
        {
            quote!(crate::plan::Node::FreeArray)
        }
        Type::String(s) => {
            let format = match s.format {
                None => None,
                Some(Format::Uuid) => Some(quote!(crate::plan::Format::Uuid)),
                Some(Format::DateTime) => Some(quote!(crate::plan::Format::DateTime)),
                // Not checked by the fast path: let the slow path decide.
                Some(Format::Date | Format::Email | Format::Uri) => {
                    return quote!(crate::plan::Node::Unsupported)
                }
            };
            string(
                quote!(::std::option::Option::None),
                format,
                s.pattern.as_deref(),
                s.min_length,
                s.max_length,
            )
        }
        Type::Const(serde_json::Value::String(value)) => string(
            quote!(::std::option::Option::Some(
                ::std::vec![::std::string::String::from(#value)]
            )),
            None,
            None,
            None,
            None,
        ),
        Type::Ref(name) => match module.get(name) {
            Some(def) => typedef(module, def, depth + 1),
            None => quote!(crate::plan::Node::Unsupported),
        },
        // Numbers, null, nullable values, constrained arrays and maps, non-string constants:
        // the slow path decides.
        _ => quote!(crate::plan::Node::Unsupported),
    }
}

fn string(
    allowed: TokenStream,
    format: Option<TokenStream>,
    pattern: Option<&str>,
    min_length: Option<u64>,
    max_length: Option<u64>,
) -> TokenStream {
    let option = |t: Option<TokenStream>| match t {
        Some(t) => quote!(::std::option::Option::Some(#t)),
        None => quote!(::std::option::Option::None),
    };
    let format = option(format);
    let pattern = option(pattern.map(|p| quote!(#p)));
    let min_length = option(min_length.map(|n| quote!(#n)));
    let max_length = option(max_length.map(|n| quote!(#n)));
    quote!(crate::plan::Node::string(#allowed, #format, #pattern, #min_length, #max_length))
}
