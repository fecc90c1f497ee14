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

use crate::ir::{Module, Type, TypeDef, TypeKind, UnionType};
use quote::{format_ident, quote};
use serde_json::Value;

/// One union of the module, found by walking the IR.
pub struct Site<'m> {
    /// The Rust name of the enum.
    pub name: String,
    pub union: &'m UnionType,
    /// `null` is valid (a `null` branch).
    pub nullable: bool,
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
            });
            for variant in &union.variants {
                if let Type::Union(_) = &variant.ty {
                    walk(&variant.ty, format!("{name}Object"), false, out);
                }
            }
        }
        Type::Nullable(inner) => walk(inner, name, true, out),
        Type::Array(array) => walk(&array.items, format!("{name}Item"), false, out),
        Type::Map(map) => walk(&map.values, format!("{name}Value"), false, out),
        _ => {}
    }
}

/// `/$defs/<name>`: a named type typify generates under its own name.
fn is_top_def(pointer: &str) -> bool {
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

/// What Rust does not support yet, refused with the pointer.
pub fn check(module: &Module, sites: &[Site<'_>]) -> Result<(), String> {
    for site in sites {
        let pointer = &site.union.pointer;
        if pointer.split('/').any(|s| s == "allOf") {
            return Err(format!("#{pointer}: a union inside `allOf` is generated for Python and TypeScript but not yet for Rust"));
        }
        for variant in &site.union.variants {
            let unsupported = match &variant.ty {
                Type::Ref(name) => module.get(name).is_none(),
                other => rust_type(module, sites, other).is_none(),
            };
            if unsupported {
                return Err(format!(
                    "#{}: this branch of the union at #{pointer} ({}) has no Rust type yet (supported: objects, enums, strings, integers, numbers, booleans, arrays of those, unions); build.rs cannot take this schema",
                    variant.pointer, variant.tag
                ));
            }
        }
    }
    Ok(())
}

/// The Rust type of a branch (`None`: not supported).
fn rust_type(module: &Module, sites: &[Site<'_>], ty: &Type) -> Option<syn::Type> {
    rust_type_in(module, sites, ty, None)
}

/// [`rust_type`], with the names typify gave (`idents`: the generated items) when known;
/// objects and unions are boxed (a union may hold itself through a branch).
fn rust_type_in(
    module: &Module,
    sites: &[Site<'_>],
    ty: &Type,
    idents: Option<&BTreeSet<String>>,
) -> Option<syn::Type> {
    Some(match ty {
        Type::Ref(name) => {
            let def = module.get(name)?;
            let wanted = match &def.kind {
                TypeKind::Alias(Type::Union(u)) => sites[index_of(sites, u)].name.clone(),
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
            None => syn::parse_quote!(::std::string::String),
            Some(_) => return None,
        },
        Type::Integer(_) => syn::parse_quote!(i64),
        Type::Number(_) => syn::parse_quote!(f64),
        Type::Boolean => syn::parse_quote!(bool),
        Type::Map(map) if *map.values == Type::Any => syn::parse_quote!(crate::JsonObject),
        Type::Array(array) => {
            let item = rust_type_in(module, sites, &array.items, idents)?;
            syn::parse_quote!(::std::vec::Vec<#item>)
        }
        _ => return None,
    })
}

/// The schema typify reads: union nodes replaced by `$ref`s to placeholders, inline branches
/// moved to `$defs`. Returns the placeholder names (for `with_replacement`).
pub fn rewrite_for_typify(
    copy: &mut Value,
    module: &Module,
    sites: &[Site<'_>],
) -> Result<Vec<String>, String> {
    // (pointer, edit): longest pointer first, so a node is moved before what holds it changes.
    enum Edit<'a> {
        MoveBranch(&'a TypeDef),
        Replace(&'a Site<'a>),
    }
    let mut edits: Vec<(String, u8, Edit<'_>)> = Vec::new();
    for site in sites {
        edits.push((site.union.pointer.clone(), 1, Edit::Replace(site)));
        for variant in &site.union.variants {
            if let Type::Ref(name) = &variant.ty {
                let def = module.get(name).ok_or("a branch names an unknown type")?;
                if !is_top_def(&def.pointer) && !def.pointer.is_empty() {
                    edits.push((def.pointer.clone(), 0, Edit::MoveBranch(def)));
                }
            }
        }
    }
    edits.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
    edits.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut defs: Vec<(String, Value)> = Vec::new();
    let mut placeholders = Vec::new();
    for (pointer, _, edit) in &edits {
        match edit {
            Edit::MoveBranch(def) => {
                let node = copy
                    .pointer(pointer)
                    .ok_or_else(|| format!("#{pointer}: branch not found"))?
                    .clone();
                let branch = match (&def.kind, node.get("type")) {
                    // A branch of a `type` array: the node's keywords for that type.
                    (TypeKind::Object(_), Some(Value::Array(_))) => {
                        let mut m = serde_json::Map::new();
                        m.insert("type".into(), "object".into());
                        for key in ["properties", "required", "additionalProperties"] {
                            if let Some(v) = node.get(key) {
                                m.insert(key.into(), v.clone());
                            }
                        }
                        Value::Object(m)
                    }
                    (_, Some(Value::Array(_))) => {
                        return Err(format!(
                            "#{pointer}: a named non-object branch of a `type` array is not supported in Rust"
                        ))
                    }
                    _ => node,
                };
                defs.push((def.name.upper_camel(), branch));
            }
            Edit::Replace(site) => {
                let placeholder = site.name.clone();
                let slot = copy
                    .pointer_mut(pointer)
                    .ok_or_else(|| format!("#{pointer}: union not found"))?;
                let reference = serde_json::json!({"$ref": format!("#/$defs/{placeholder}")});
                let is_def = is_top_def(pointer);
                *slot = if is_def {
                    serde_json::json!({})
                } else if site.nullable {
                    serde_json::json!({"anyOf": [reference, {"type": "null"}]})
                } else {
                    reference
                };
                if !is_def {
                    defs.push((placeholder.clone(), serde_json::json!({})));
                }
                placeholders.push(placeholder);
            }
        }
    }
    let map = copy
        .as_object_mut()
        .ok_or("the schema is not an object")?
        .entry("$defs")
        .or_insert_with(|| Value::Object(Default::default()));
    let map = map.as_object_mut().ok_or("$defs is not an object")?;
    for (name, node) in defs {
        if map.contains_key(&name) && !placeholders.contains(&name) {
            return Err(format!(
                "#/$defs/{name}: a union or union branch of this name would collide with a $defs entry"
            ));
        }
        map.entry(name).or_insert(node);
    }
    Ok(placeholders)
}

/// The enum of every union, with its `Deserialize`, and the `__UNIONS` table.
pub fn items(
    module: &Module,
    sites: &[Site<'_>],
    schema: &Value,
    file: &syn::File,
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
            let ty = rust_type_in(module, sites, &variant.ty, Some(&idents)).ok_or_else(|| {
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
                    Some(p) => quote!(crate::validate::UnionTarget::Schema(#p)),
                    None => quote!(crate::validate::UnionTarget::TypeOf(#pointer, #tag)),
                },
            };
            variants.push(quote!((#tag, #target)));
        }
        entries.push(quote!(crate::validate::UnionSite {
            pointer: #pointer,
            discriminator: #discriminator,
            nullable: #nullable,
            variants: &[#(#variants),*],
        }));
    }
    out.push(syn::parse_quote! {
        /// Every union of the schema, for the validator (written by build.rs from the IR).
        pub(crate) static __UNIONS: &[crate::validate::UnionSite] = &[#(#entries),*];
    });
    Ok(out)
}

/// The pointer of the branch of JSON type `tag` of the `oneOf` / `anyOf` union by JSON type at
/// `pointer` (a `type` array has no branch schemas: `None`).
fn branch_of_kind(schema: &Value, pointer: &str, tag: &str) -> Result<Option<String>, String> {
    let node = schema
        .pointer(pointer)
        .ok_or_else(|| format!("#{pointer}: union not found"))?;
    if node.get("type").is_some_and(Value::is_array) {
        return Ok(None);
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
            return Ok(Some(format!("{pointer}/{keyword}/{i}")));
        }
    }
    Err(format!(
        "#{pointer}: the branch of JSON type `{tag}` of this union is not one schema of `{keyword}` (a nested union by JSON type, say); not yet supported in Rust"
    ))
}
