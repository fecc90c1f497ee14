//! build.rs, for the fast read path: the plan of a version (`crate::plan::Node`) written as Rust
//! from the codegen IR, so that the fast path reads the schema the way every backend does.
//!
//! A node is only ever stricter than the schema or equal to it: every IR type is either
//! enforced by a node or becomes `Node::Unsupported` (the fast path declines and the slow path,
//! the schema validator, decides). `tests/fast_path.rs` checks both paths agree.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{
    Additional, ArrayType, Format, MapType, Module, Object, StringType, Type, TypeDef, TypeKind,
};

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
        TypeKind::Object(Object {
            additional, check, ..
        }) if check.is_some() || *additional == Additional::Keep => {
            quote!(crate::plan::Node::Unsupported)
        }
        TypeKind::Object(Object {
            fields,
            additional,
            check: _,
        }) => {
            let properties = fields.iter().map(|field| {
                let name = &field.wire_name;
                let node = ty(module, &field.ty, depth + 1);
                let required = field.required;
                quote!((::std::string::String::from(#name), #node, #required))
            });
            let closed = *additional == Additional::Forbid;
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
    // Every IR type and every constraint is named here: a node enforces all of them or the type
    // is `Unsupported` (the slow path decides), so a new IR field is a compile error here.
    let unsupported = quote!(crate::plan::Node::Unsupported);
    match ty_ {
        Type::Any => quote!(crate::plan::Node::Any),
        Type::Boolean => quote!(crate::plan::Node::Bool),
        Type::Map(MapType { values }) => match values.as_ref() {
            Type::Any => quote!(crate::plan::Node::FreeObject),
            _ => unsupported,
        },
        Type::Array(ArrayType {
            items,
            min_items,
            max_items,
            unique_items,
        }) => match (items.as_ref(), min_items, max_items, unique_items) {
            (Type::Any, None, None, false) => quote!(crate::plan::Node::FreeArray),
            _ => unsupported,
        },
        Type::String(StringType {
            format,
            min_length,
            max_length,
            pattern,
        }) => {
            let format = match format {
                None => None,
                Some(Format::Uuid) => Some(quote!(crate::plan::Format::Uuid)),
                Some(Format::DateTime) => Some(quote!(crate::plan::Format::DateTime)),
                // Not checked by the fast path: let the slow path decide.
                Some(Format::Date | Format::Email | Format::Uri) => return unsupported,
            };
            string(
                quote!(::std::option::Option::None),
                format,
                pattern.as_deref(),
                *min_length,
                *max_length,
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
            None => unsupported,
        },
        // Numbers, null, nullable values, non-string constants, unions and run-time checks:
        // the slow path decides.
        Type::Integer(_)
        | Type::Number(_)
        | Type::Null
        | Type::Nullable(_)
        | Type::Const(_)
        | Type::Union(_)
        | Type::Checked(_) => unsupported,
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
