//! build.rs, for the fast read path: adds to each version's generated types
//! - `<Name>Ref<'a>` for every struct: the same fields, borrowed where the input allows
//!   (strings as `Cow<'a, str>`, free-form JSON as `Cow<'a, RawValue>`), with `from_owned`
//!   (from the owned type) and `into_static` (nothing borrowed);
//! - `impl crate::canonical::Canonical` for every struct and enum, owned and borrowed.

use std::collections::BTreeMap;

use quote::{format_ident, quote};

/// Adds the borrowed types and the `Canonical` impls to the generated file.
pub fn add_items(file: &mut syn::File) -> Result<(), String> {
    let structs: BTreeMap<String, &syn::ItemStruct> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some((s.ident.to_string(), s)),
            _ => None,
        })
        .collect();
    let mut added: Vec<syn::Item> = Vec::new();
    for item in structs.values() {
        if let syn::Fields::Named(fields) = &item.fields {
            let name = format!("{}Ref", item.ident);
            if structs.contains_key(&name) {
                return Err(format!(
                    "the generated type {name} collides with the borrowed form of {}",
                    item.ident
                ));
            }
            added.extend(borrowed_struct(item, fields, &structs)?);
        }
    }
    file.items.extend(added);
    let canonical: Vec<syn::Item> = file.items.iter().filter_map(canonical_impl).collect();
    file.items.extend(canonical);
    Ok(())
}

/// How a field type is borrowed.
enum Kind {
    /// Unchanged (owned: UUIDs, timestamps, enums, numbers, booleans, …).
    Same,
    /// `String` or a string newtype → `Cow<'a, str>`.
    Str {
        newtype: bool,
    },
    /// `crate::JsonObject` or `serde_json::Map` → `Cow<'a, RawValue>` holding a JSON object.
    RawObject,
    /// `serde_json::Value` → `Cow<'a, RawValue>`.
    RawAny,
    /// A generated struct `S` → `SRef<'a>` (the ident is `SRef`).
    Struct(syn::Ident),
    Option(Box<Kind>),
    Vec(Box<Kind>),
}

impl Kind {
    /// The borrowed type is the owned type: no conversion.
    fn is_same(&self) -> bool {
        match self {
            Kind::Same => true,
            Kind::Option(inner) | Kind::Vec(inner) => inner.is_same(),
            _ => false,
        }
    }

    fn borrows(&self) -> bool {
        match self {
            Kind::Same => false,
            Kind::Option(inner) | Kind::Vec(inner) => inner.borrows(),
            _ => true,
        }
    }

    /// The `deserialize_with` function of a raw field.
    fn raw_reader(&self) -> Option<&'static str> {
        match self {
            Kind::RawObject => Some("crate::raw::object"),
            Kind::RawAny => Some("crate::raw::any"),
            Kind::Option(inner) => match **inner {
                Kind::RawObject => Some("crate::raw::option_object"),
                Kind::RawAny => Some("crate::raw::option_any"),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The last path segment of a type and its generic arguments.
fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        _ => None,
    }
}

fn single_argument(segment: &syn::PathSegment) -> Option<&syn::Type> {
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) if args.args.len() == 1 => {
            match args.args.first()? {
                syn::GenericArgument::Type(ty) => Some(ty),
                _ => None,
            }
        }
        _ => None,
    }
}

fn is_string_newtype(item: &syn::ItemStruct) -> bool {
    match &item.fields {
        syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
            let ty = &fields.unnamed[0].ty;
            last_segment(ty).is_some_and(|s| s.ident == "String")
        }
        _ => false,
    }
}

/// The borrowed form of a field type.
fn borrow_type(ty: &syn::Type, structs: &BTreeMap<String, &syn::ItemStruct>) -> (syn::Type, Kind) {
    let Some(segment) = last_segment(ty) else {
        return (ty.clone(), Kind::Same);
    };
    let name = segment.ident.to_string();
    match (name.as_str(), single_argument(segment)) {
        ("String", None) => (
            syn::parse_quote!(::std::borrow::Cow<'a, str>),
            Kind::Str { newtype: false },
        ),
        ("JsonObject", None) => (
            syn::parse_quote!(::std::borrow::Cow<'a, ::serde_json::value::RawValue>),
            Kind::RawObject,
        ),
        ("Map", _) if quote!(#ty).to_string().contains("serde_json") => (
            syn::parse_quote!(::std::borrow::Cow<'a, ::serde_json::value::RawValue>),
            Kind::RawObject,
        ),
        ("Value", None) if quote!(#ty).to_string().contains("serde_json") => (
            syn::parse_quote!(::std::borrow::Cow<'a, ::serde_json::value::RawValue>),
            Kind::RawAny,
        ),
        ("Option", Some(inner)) => {
            let (inner, kind) = borrow_type(inner, structs);
            (
                syn::parse_quote!(::std::option::Option<#inner>),
                Kind::Option(Box::new(kind)),
            )
        }
        ("Vec", Some(inner)) => {
            let (inner, kind) = borrow_type(inner, structs);
            (
                syn::parse_quote!(::std::vec::Vec<#inner>),
                Kind::Vec(Box::new(kind)),
            )
        }
        (_, None) => match structs.get(&name) {
            Some(item) if is_string_newtype(item) => (
                syn::parse_quote!(::std::borrow::Cow<'a, str>),
                Kind::Str { newtype: true },
            ),
            Some(item) if matches!(item.fields, syn::Fields::Named(_)) => {
                let ident = format_ident!("{name}Ref");
                (syn::parse_quote!(#ident<'a>), Kind::Struct(ident))
            }
            _ => (ty.clone(), Kind::Same),
        },
        _ => (ty.clone(), Kind::Same),
    }
}

/// The expression converting an owned `value` of a field into its borrowed type.
fn from_owned(kind: &Kind, value: syn::Expr) -> syn::Expr {
    if kind.is_same() {
        return value;
    }
    match kind {
        Kind::Same => value,
        Kind::Str { newtype: false } => syn::parse_quote!(::std::borrow::Cow::Owned(#value)),
        Kind::Str { newtype: true } => {
            syn::parse_quote!(::std::borrow::Cow::Owned(::std::string::String::from(#value)))
        }
        Kind::RawObject | Kind::RawAny => {
            syn::parse_quote!(::std::borrow::Cow::Owned(crate::raw::to_raw(&#value)))
        }
        Kind::Struct(ident) => syn::parse_quote!(#ident::from_owned(#value)),
        Kind::Option(inner) => {
            let convert = from_owned_fn(inner);
            syn::parse_quote!(#value.map(#convert))
        }
        Kind::Vec(inner) => {
            let convert = from_owned_fn(inner);
            syn::parse_quote!(#value.into_iter().map(#convert).collect())
        }
    }
}

/// The function `map` applies to convert an owned item: a path where one does it
/// (`map(Cow::Owned)`, `map(XRef::from_owned)`: clippy's redundant_closure), else a closure.
fn from_owned_fn(kind: &Kind) -> syn::Expr {
    match kind {
        Kind::Str { newtype: false } => syn::parse_quote!(::std::borrow::Cow::Owned),
        Kind::Struct(ident) => syn::parse_quote!(#ident::from_owned),
        _ => {
            let convert = from_owned(kind, syn::parse_quote!(item));
            syn::parse_quote!(|item| #convert)
        }
    }
}

/// The expression making a borrowed `value` own everything.
fn into_static(kind: &Kind, value: syn::Expr) -> syn::Expr {
    if kind.is_same() {
        return value;
    }
    match kind {
        Kind::Same => value,
        Kind::Str { .. } | Kind::RawObject | Kind::RawAny => {
            syn::parse_quote!(::std::borrow::Cow::Owned(#value.into_owned()))
        }
        Kind::Struct(_) => syn::parse_quote!(#value.into_static()),
        Kind::Option(inner) => {
            let convert = into_static(inner, syn::parse_quote!(item));
            syn::parse_quote!(#value.map(|item| #convert))
        }
        Kind::Vec(inner) => {
            let convert = into_static(inner, syn::parse_quote!(item));
            syn::parse_quote!(#value.into_iter().map(|item| #convert).collect())
        }
    }
}

/// `<Name>Ref<'a>`, its `from_owned` / `into_static`, and default adapters for its fields.
fn borrowed_struct(
    item: &syn::ItemStruct,
    fields: &syn::FieldsNamed,
    structs: &BTreeMap<String, &syn::ItemStruct>,
) -> Result<Vec<syn::Item>, String> {
    let owned = &item.ident;
    let ident = format_ident!("{}Ref", item.ident);
    let mut out: Vec<syn::Item> = Vec::new();
    let mut new_fields = Vec::new();
    let mut any_borrows = false;
    let mut owned_conversions = Vec::new();
    let mut static_conversions = Vec::new();
    for field in &fields.named {
        let name = field.ident.as_ref().ok_or("a named field without a name")?;
        let (ty, kind) = borrow_type(&field.ty, structs);
        let mut metas: Vec<syn::Meta> = Vec::new();
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            let list = attr
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                )
                .map_err(|e| format!("cannot read a serde attribute typify wrote: {e}"))?;
            for meta in list {
                match &meta {
                    // A default of the owned type, adapted to the borrowed one.
                    syn::Meta::NameValue(nv) if nv.path.is_ident("default") && kind.borrows() => {
                        let syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(path),
                            ..
                        }) = &nv.value
                        else {
                            return Err(format!("{owned}.{name}: a default that is not a path"));
                        };
                        let function: syn::Path = path
                            .parse()
                            .map_err(|e| format!("{owned}.{name}: default path: {e}"))?;
                        let adapter = format_ident!("{}_{}_default", ident, name);
                        let convert = from_owned(&kind, syn::parse_quote!(#function()));
                        out.push(syn::parse_quote! {
                            #[allow(non_snake_case)]
                            fn #adapter<'a>() -> #ty {
                                #convert
                            }
                        });
                        let adapter = adapter.to_string();
                        metas.push(syn::parse_quote!(default = #adapter));
                    }
                    // A raw field's reader (below) keeps a given `null` as its text already.
                    syn::Meta::NameValue(nv)
                        if nv.path.is_ident("deserialize_with") && kind.raw_reader().is_some() => {}
                    _ => metas.push(meta),
                }
            }
        }
        if kind.borrows() {
            any_borrows = true;
            metas.push(syn::parse_quote!(borrow));
        }
        if let Some(reader) = kind.raw_reader() {
            metas.push(syn::parse_quote!(deserialize_with = #reader));
        }
        let docs = field.attrs.iter().filter(|a| a.path().is_ident("doc"));
        let serde = (!metas.is_empty()).then(|| quote!(#[serde(#(#metas),*)]));
        let vis = &field.vis;
        new_fields.push(quote! {
            #(#docs)*
            #serde
            #vis #name: #ty
        });
        owned_conversions.push(from_owned(&kind, syn::parse_quote!(owned.#name)));
        static_conversions.push(into_static(&kind, syn::parse_quote!(self.#name)));
    }
    let mut names: Vec<syn::Ident> = fields
        .named
        .iter()
        .filter_map(|f| f.ident.clone())
        .collect();
    // A struct with nothing to borrow (numbers, enums, UUIDs only) still takes the lifetime,
    // so that every borrowed form is `<Name>Ref<'a>`.
    if !any_borrows {
        new_fields.push(quote! {
            #[serde(skip)]
            #[doc(hidden)]
            pub __borrows_nothing: ::std::marker::PhantomData<&'a ()>
        });
        names.push(format_ident!("__borrows_nothing"));
        owned_conversions.push(syn::parse_quote!(::std::marker::PhantomData));
        static_conversions.push(syn::parse_quote!(::std::marker::PhantomData));
    }
    let doc = format!(
        " [`{owned}`] as the borrowed reader gives it: strings borrowed from the input where they \
         have no escapes, free-form JSON as the input's raw text."
    );
    out.push(syn::parse_quote! {
        #[doc = #doc]
        #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
        pub struct #ident<'a> {
            #(#new_fields,)*
        }
    });
    // An object without properties (`additionalProperties: false` alone) reads nothing of it.
    let allow_unused = fields
        .named
        .is_empty()
        .then(|| quote!(#[allow(unused_variables)]));
    out.push(syn::parse_quote! {
        impl<'a> #ident<'a> {
            /// The borrowed form of an owned value (everything owned; free-form JSON as
            /// canonical JSON text).
            #allow_unused
            pub fn from_owned(owned: #owned) -> Self {
                Self { #(#names: #owned_conversions,)* }
            }

            /// The same value, borrowing nothing from the input.
            pub fn into_static(self) -> #ident<'static> {
                #ident { #(#names: #static_conversions,)* }
            }
        }
    });
    Ok(out)
}

/// `a && b && …`, or `true` for none.
fn all(terms: Vec<syn::Expr>) -> syn::Expr {
    match terms.split_first() {
        None => syn::parse_quote!(true),
        Some((first, rest)) => syn::parse_quote!(#first #(&& #rest)*),
    }
}

/// `impl crate::canonical::Canonical` for a struct or enum, visiting each field.
fn canonical_impl(item: &syn::Item) -> Option<syn::Item> {
    let (ident, generics, body) = match item {
        syn::Item::Struct(item) => {
            let visits = item.fields.iter().enumerate().map(|(i, field)| {
                let member = match &field.ident {
                    Some(ident) => syn::Member::Named(ident.clone()),
                    None => syn::Member::Unnamed(i.into()),
                };
                syn::parse_quote!(crate::canonical::Canonical::canonicalize(&mut self.#member))
            });
            let body = all(visits.collect());
            (&item.ident, &item.generics, quote!(#body))
        }
        syn::Item::Enum(item) => {
            let arms = item.variants.iter().map(|variant| {
                let name = &variant.ident;
                let bindings: Vec<syn::Ident> = (0..variant.fields.len())
                    .map(|i| format_ident!("field{i}"))
                    .collect();
                let pattern = match &variant.fields {
                    syn::Fields::Named(fields) => {
                        let names = fields.named.iter().map(|f| &f.ident);
                        quote!(Self::#name { #(#names: #bindings),* })
                    }
                    syn::Fields::Unnamed(_) => quote!(Self::#name(#(#bindings),*)),
                    syn::Fields::Unit => quote!(Self::#name),
                };
                let visits = bindings
                    .iter()
                    .map(|b| syn::parse_quote!(crate::canonical::Canonical::canonicalize(#b)))
                    .collect();
                let body = all(visits);
                quote!(#pattern => #body)
            });
            (
                &item.ident,
                &item.generics,
                quote!(match self { #(#arms,)* }),
            )
        }
        _ => return None,
    };
    let (impl_generics, type_generics, where_clause) = generics.split_for_impl();
    Some(syn::parse_quote! {
        impl #impl_generics crate::canonical::Canonical for #ident #type_generics #where_clause {
            fn canonicalize(&mut self) -> bool {
                #body
            }
        }
    })
}
