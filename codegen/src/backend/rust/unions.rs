//! build.rs, for unions (`ir::Type::Union`, issue 13): typify's own rendering of `oneOf` /
//! `anyOf` is not used (its enums read unions with other errors than pydantic's, and it panics
//! on tags that make the same identifier). Instead:
//! - the copy of the schema typify reads has every union node replaced by a `$ref` to a
//!   placeholder `$defs` entry named after the union, which typify is told to leave to us
//!   (`with_replacement`); inline object / enum branches are moved to `$defs` under their IR
//!   name, so typify still generates them, named as the IR names them;
//! - each union becomes a Rust enum with one tuple variant per branch, written by serde
//!   `untagged` (the branch writes itself, tag in its own schema position) and read by a
//!   `Deserialize` that picks the branch by the tag property or by the JSON type, as every
//!   language does (the slow path has validated the value before);
//! - `__UNIONS`, a table of every union (pointer, discriminator, tag → branch), for the
//!   validator (`src/validate.rs`), which reports union errors in pydantic's terms.

use std::collections::BTreeSet;

use super::Idents;
use crate::ir::{Module, Type, TypeKind, UnionType};
use quote::{format_ident, quote};
use serde_json::Value;

/// One union of the module, found by walking the IR.
pub struct Site<'m> {
    /// The Rust name of the enum.
    pub name: String,
    pub union: &'m UnionType,
    /// `null` is valid (a `null` branch).
    pub nullable: bool,
    /// The union's node has a run-time check next to the union (`ir::Type::Checked` around it).
    pub checked: bool,
}

/// Every union of the module, outermost first, each once (by pointer and discriminator: a
/// discriminated union nested in a union by JSON type may share its pointer).
pub fn sites(module: &Module) -> Vec<Site<'_>> {
    let mut out: Vec<Site<'_>> = Vec::new();
    sites_into(module, &mut out);
    // A union named like a type of the module that is not the union itself (a `type` array's
    // object branch is named after the property too) takes a `Union` suffix.
    for site in &mut out {
        let clash = module.types.iter().any(|t| {
            t.name.upper_camel() == site.name
                && !matches!(&t.kind, TypeKind::Alias(Type::Union(u)) if u.pointer == site.union.pointer)
        });
        if clash {
            site.name.push_str("Union");
        }
    }
    out
}

fn sites_into<'m>(module: &'m Module, out: &mut Vec<Site<'m>>) {
    for def in &module.types {
        let owner = def.name.upper_camel();
        match &def.kind {
            TypeKind::Object(object) => {
                for field in &object.fields {
                    let name = format!("{owner}{}", field.name.upper_camel());
                    walk(&field.ty, name, false, out);
                }
            }
            TypeKind::Alias(ty) => walk(ty, owner, false, out),
            TypeKind::Enum(_) => {}
        }
    }
}

fn walk<'m>(ty: &'m Type, name: String, nullable: bool, out: &mut Vec<Site<'m>>) {
    walk_checked(ty, name, nullable, None, out)
}

/// [`walk`], knowing the pointer of a check around `ty` (`checked`).
fn walk_checked<'m>(
    ty: &'m Type,
    name: String,
    nullable: bool,
    checked: Option<&str>,
    out: &mut Vec<Site<'m>>,
) {
    match ty {
        Type::Union(union) => {
            let known = out.iter().any(|s| {
                s.union.pointer == union.pointer && s.union.discriminator == union.discriminator
            });
            if known {
                return;
            }
            out.push(Site {
                name: name.clone(),
                union,
                nullable,
                checked: checked == Some(union.pointer.as_str()),
            });
            for variant in &union.variants {
                match &variant.ty {
                    Type::Union(_) => walk(&variant.ty, format!("{name}Object"), false, out),
                    // A union inside a branch (the items of an `array` branch): named after it.
                    other => {
                        let tag = crate::ir::Name::split(&variant.tag).upper_camel();
                        walk(other, format!("{name}{tag}"), false, out)
                    }
                }
            }
        }
        Type::Nullable(inner) => walk_checked(inner, name, true, checked, out),
        Type::Checked(c) => walk_checked(&c.ty, name, nullable, Some(&c.check.pointer), out),
        Type::Array(array) => walk(&array.items, format!("{name}Item"), false, out),
        Type::Map(map) => walk(&map.values, format!("{name}Value"), false, out),
        _ => {}
    }
}

/// `/$defs/<name>`: a named type typify generates under its own name.
pub(super) fn is_top_def(pointer: &str) -> bool {
    pointer.starts_with("/$defs/") && pointer.matches('/').count() == 2
}

/// The index in `sites` of the union `union`.
fn index_of(sites: &[Site<'_>], union: &UnionType) -> usize {
    sites
        .iter()
        .position(|s| {
            s.union.pointer == union.pointer && s.union.discriminator == union.discriminator
        })
        .expect("every union was collected")
}

/// The Rust type of a branch (`None`: a branch `ir::targets::rust_branch` refuses, or a name
/// typify did not generate), with the names typify gave (`idents`: the generated items) when known;
/// objects and unions are boxed (a union may hold itself through a branch).
fn rust_type_in(
    module: &Module,
    sites: &[Site<'_>],
    ty: &Type,
    idents: Option<&BTreeSet<String>>,
    names: &Idents,
) -> Option<syn::Type> {
    Some(match ty {
        Type::Ref(name) => {
            let def = module.get(name)?;
            let wanted = match &def.kind {
                TypeKind::Alias(Type::Union(u)) => sites[index_of(sites, u)].name.clone(),
                TypeKind::Enum(_) => names.enum_ident(name).ok()?.to_string(),
                _ => def.name.upper_camel(),
            };
            let found = match idents {
                Some(idents) if !idents.contains(&wanted) => {
                    let mut same = idents.iter().filter(|i| i.eq_ignore_ascii_case(&wanted));
                    match (same.next(), same.next()) {
                        (Some(one), None) => one.clone(),
                        _ => return None,
                    }
                }
                _ => wanted,
            };
            let ident = format_ident!("{}", found);
            match &def.kind {
                TypeKind::Enum(_) => syn::parse_quote!(#ident),
                _ => syn::parse_quote!(::std::boxed::Box<#ident>),
            }
        }
        Type::Union(union) => {
            let ident = format_ident!("{}", sites[index_of(sites, union)].name);
            syn::parse_quote!(::std::boxed::Box<#ident>)
        }
        Type::String(s) => match s.format {
            Some(crate::ir::Format::Uuid) => syn::parse_quote!(::uuid::Uuid),
            Some(crate::ir::Format::DateTime) => syn::parse_quote!(crate::Timestamp),
            // Checked by the validator; a `String` in Rust, as in typify's structs here.
            None
            | Some(crate::ir::Format::Date | crate::ir::Format::Email | crate::ir::Format::Uri) => {
                syn::parse_quote!(::std::string::String)
            }
        },
        Type::Integer(n) if super::fits_in_64_bits(n) => syn::parse_quote!(i64),
        Type::Integer(_) => syn::parse_quote!(crate::Integer),
        Type::Number(_) => syn::parse_quote!(f64),
        Type::Boolean => syn::parse_quote!(bool),
        Type::Map(map) if *map.values == Type::Any => syn::parse_quote!(crate::JsonObject),
        Type::Map(map) => {
            let value = rust_type_in(module, sites, &map.values, idents, names)?;
            syn::parse_quote!(::indexmap::IndexMap<::std::string::String, #value>)
        }
        Type::Array(array) => {
            let item = rust_type_in(module, sites, &array.items, idents, names)?;
            syn::parse_quote!(::std::vec::Vec<#item>)
        }
        Type::Nullable(inner) => {
            let inner = rust_type_in(module, sites, inner, idents, names)?;
            syn::parse_quote!(::std::option::Option<#inner>)
        }
        // The validator has checked the value; it is kept as the JSON it is.
        Type::Any | Type::Const(_) => syn::parse_quote!(::serde_json::Value),
        // The validator evaluates the check; the Rust type is the inner one.
        Type::Checked(checked) => return rust_type_in(module, sites, &checked.ty, idents, names),
        Type::Null => return None,
    })
}

/// The enum of every union, with its `Deserialize`, and the `__UNIONS` table.
pub fn items(
    module: &Module,
    sites: &[Site<'_>],
    schema: &Value,
    file: &syn::File,
    type_idents: &Idents,
) -> Result<Vec<syn::Item>, String> {
    let idents: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .chain(sites.iter().map(|s| s.name.clone()))
        .collect();
    let mut out = Vec::new();
    for site in sites {
        let ident = format_ident!("{}", site.name);
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        let mut names = Vec::new();
        for (i, variant) in site.union.variants.iter().enumerate() {
            let ty = rust_type_in(module, sites, &variant.ty, Some(&idents), type_idents)
                .ok_or_else(|| {
                    format!(
                    "#{}: typify generated no type for this branch (or several of the same name)",
                    variant.pointer
                )
                })?;
            let vname = match &variant.ty {
                Type::Ref(name) if site.union.discriminator.is_some() => {
                    let full = module.get(name).map(|d| d.name.upper_camel());
                    full.unwrap_or_default()
                }
                _ => crate::ir::Name::split(&variant.tag).upper_camel(),
            };
            let vname = if vname.is_empty() || names.contains(&vname) {
                format!("Variant{}", i + 1)
            } else {
                vname
            };
            names.push(vname.clone());
            let vident = format_ident!("{}", vname);
            let doc = format!("The branch `{}` (`#{}`).", variant.tag, variant.pointer);
            variants.push(quote!(#[doc = #doc] #vident(#ty)));
            let tag = &variant.tag;
            let read = quote!(::serde_json::from_value(value).map(Self::#vident).map_err(::serde::de::Error::custom));
            arms.push(match site.union.discriminator {
                Some(_) => quote!(::std::option::Option::Some(#tag) => #read,),
                None => {
                    let pattern = match tag.as_str() {
                        "string" => quote!(::serde_json::Value::String(_)),
                        "integer" | "number" => quote!(::serde_json::Value::Number(_)),
                        "boolean" => quote!(::serde_json::Value::Bool(_)),
                        "array" => quote!(::serde_json::Value::Array(_)),
                        "object" => quote!(::serde_json::Value::Object(_)),
                        other => {
                            return Err(format!(
                                "#{}: unknown JSON type tag {other:?}",
                                site.union.pointer
                            ))
                        }
                    };
                    quote!(#pattern => #read,)
                }
            });
        }
        let doc = format!(
            "The union at `#{}` ({}).",
            site.union.pointer,
            match &site.union.discriminator {
                Some(d) => format!("told apart by `{d}`"),
                None => "told apart by JSON type".to_string(),
            }
        );
        let selector = match &site.union.discriminator {
            Some(d) => quote!(value.get(#d).and_then(::serde_json::Value::as_str)),
            None => quote!(&value),
        };
        let what = format!("a value of the union at #{}", site.union.pointer);
        out.push(syn::parse_quote! {
            #[doc = #doc]
            #[derive(::serde::Serialize, Clone, Debug, PartialEq)]
            #[serde(untagged)]
            pub enum #ident { #(#variants),* }
        });
        out.push(syn::parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    #[allow(unreachable_patterns)]
                    match #selector {
                        #(#arms)*
                        _ => ::std::result::Result::Err(::serde::de::Error::custom(concat!("no branch of ", #what, " takes this value"))),
                    }
                }
            }
        });
    }
    // The table for the validator.
    let mut entries = Vec::new();
    for site in sites {
        let pointer = &site.union.pointer;
        let nullable = site.nullable;
        let checked = site.checked;
        let discriminator = match &site.union.discriminator {
            Some(d) => quote!(::std::option::Option::Some(#d)),
            None => quote!(::std::option::Option::None),
        };
        let mut variants = Vec::new();
        for v in &site.union.variants {
            let tag = &v.tag;
            let target = match &v.ty {
                Type::Union(inner) => {
                    let i = index_of(sites, inner);
                    quote!(crate::validate::UnionTarget::Union(#i))
                }
                _ if site.union.discriminator.is_some() => {
                    let p = &v.pointer;
                    quote!(crate::validate::UnionTarget::Schema(#p))
                }
                _ => match branch_of_kind(schema, pointer, tag)? {
                    Branch::Schema(p) => quote!(crate::validate::UnionTarget::Schema(#p)),
                    Branch::TypeOf(p) => quote!(crate::validate::UnionTarget::TypeOf(#p, #tag)),
                },
            };
            variants.push(quote!((#tag, #target)));
        }
        entries.push(quote!(crate::validate::UnionSite {
            pointer: #pointer,
            discriminator: #discriminator,
            nullable: #nullable,
            variants: &[#(#variants),*],
            checked: #checked,
        }));
    }
    out.push(syn::parse_quote! {
        /// Every union of the schema, for the validator (written by build.rs from the IR).
        pub(crate) static __UNIONS: &[crate::validate::UnionSite] = &[#(#entries),*];
    });
    Ok(out)
}

/// What validates the branch of one JSON type of a union by JSON type.
enum Branch {
    /// The subschema at this pointer.
    Schema(String),
    /// The node at this pointer restricted to the branch's type: a `type` array, or a schema
    /// without `type` (read as one over every kind by `ir::lower`).
    TypeOf(String),
}

/// What validates the branch of JSON type `tag` of the union by JSON type at `pointer`.
fn branch_of_kind(schema: &Value, pointer: &str, tag: &str) -> Result<Branch, String> {
    let node = schema
        .pointer(pointer)
        .ok_or_else(|| format!("#{pointer}: union not found"))?;
    if node.get("type").is_some_and(Value::is_array)
        || (node.get("oneOf").is_none() && node.get("anyOf").is_none())
    {
        return Ok(Branch::TypeOf(pointer.to_string()));
    }
    let keyword = if node.get("oneOf").is_some() {
        "oneOf"
    } else {
        "anyOf"
    };
    let branches = node
        .get(keyword)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("#{pointer}: no {keyword}"))?;
    for (i, branch) in branches.iter().enumerate() {
        let mut target = branch;
        for _ in 0..16 {
            match target
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            {
                Some(p) => target = schema.pointer(p).unwrap_or(&Value::Null),
                None => break,
            }
        }
        let kind = match (target.get("type"), target.get("enum"), target.get("const")) {
            (Some(Value::String(t)), _, _) => Some(t.as_str()),
            (None, Some(_), _) => Some("string"),
            (None, None, Some(Value::String(_))) => Some("string"),
            (None, None, Some(Value::Bool(_))) => Some("boolean"),
            (None, None, Some(Value::Number(_))) => Some("integer"),
            _ => None,
        };
        if kind == Some(tag) {
            return Ok(Branch::Schema(format!("{pointer}/{keyword}/{i}")));
        }
    }
    // A branch without `type` (nor a union of its own) covers every kind: it is the branch.
    let typeless: Vec<usize> = branches
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            b.as_object().is_some_and(|m| {
                !["type", "$ref", "oneOf", "anyOf", "enum", "const"]
                    .iter()
                    .any(|k| m.contains_key(*k))
            })
        })
        .map(|(i, _)| i)
        .collect();
    if let [i] = typeless.as_slice() {
        return Ok(Branch::TypeOf(format!("{pointer}/{keyword}/{i}")));
    }
    Err(format!(
        "#{pointer}: the branch of JSON type `{tag}` of this union is not one schema of `{keyword}` (a nested union by JSON type, say); not yet supported in Rust"
    ))
}
