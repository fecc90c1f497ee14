//! String enums (`ir::TypeKind::Enum`), written from the IR rather than by typify: typify
//! panics when two values make the same variant name (`"Dev"`, `"dev"`), and names variants
//! by rules of its own. Here variants are named by [`super::names::variant_names`] and keep the
//! API typify gave them (serde by wire value, `Display`, `FromStr`, `TryFrom<&str>`,
//! `TryFrom<String>` with typify's `ConversionError`).

use quote::{format_ident, quote};

use super::names;
use crate::ir::{Enum, TypeDef};

/// The items of the enum `ident` lowered from `def`.
pub fn items(ident: &str, def: &TypeDef, e: &Enum) -> Vec<syn::Item> {
    let ident = format_ident!("{}", ident);
    let variants: Vec<syn::Ident> = names::variant_names(e.values.iter().map(|v| &v.name))
        .iter()
        .map(|v| format_ident!("{}", v))
        .collect();
    let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
    let doc = def.description.as_deref().or(def.title.as_deref());
    let doc = doc.map(|d| quote!(#[doc = #d]));
    let declaration: syn::Item = syn::parse_quote! {
        #doc
        #[derive(
            ::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord,
            PartialEq, PartialOrd
        )]
        pub enum #ident {
            #(#[serde(rename = #values)] #variants,)*
        }
    };
    let display: syn::Item = syn::parse_quote! {
        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match *self {
                    #(Self::#variants => f.write_str(#values),)*
                }
            }
        }
    };
    let from_str: syn::Item = syn::parse_quote! {
        impl ::std::str::FromStr for #ident {
            type Err = self::error::ConversionError;
            fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                match value {
                    #(#values => Ok(Self::#variants),)*
                    _ => Err("invalid value".into()),
                }
            }
        }
    };
    let try_from_str: syn::Item = syn::parse_quote! {
        impl ::std::convert::TryFrom<&str> for #ident {
            type Error = self::error::ConversionError;
            fn try_from(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                value.parse()
            }
        }
    };
    let try_from_string: syn::Item = syn::parse_quote! {
        impl ::std::convert::TryFrom<::std::string::String> for #ident {
            type Error = self::error::ConversionError;
            fn try_from(
                value: ::std::string::String,
            ) -> ::std::result::Result<Self, self::error::ConversionError> {
                value.parse()
            }
        }
    };
    vec![
        declaration,
        display,
        from_str,
        try_from_str,
        try_from_string,
    ]
}
