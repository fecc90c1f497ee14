//! Fixes applied to typify's structs, each driven by the IR object the struct was generated
//! from: schema field order (typify sorts alphabetically; the wire order is the schema's), field
//! names settled by [`super::names::field_names`] (typify's can collide: `fooBar`, `foo_bar`),
//! `x-default-factory` fields as plain fields filled by a runtime factory, and optional
//! nullable fields that keep an explicit `null` (`Option<Option<T>>`).

use syn::punctuated::Punctuated;

use super::names;
use crate::ir::{self, DefaultFactory, Module, Object, TypeDef, TypeKind};

/// The runtime function serde calls for a missing `x-default-factory` property
/// (`src/factory.rs` of the crate).
fn factory_function(factory: DefaultFactory) -> &'static str {
    match factory {
        DefaultFactory::Uuid4 => "crate::factory::uuid4",
        DefaultFactory::Now => "crate::factory::now",
    }
}

/// A struct typify generated, with the IR object it was generated from.
pub struct Matched<'m> {
    /// The struct's name.
    pub ident: String,
    /// The IR type (always an object).
    pub def: &'m TypeDef,
    /// Its fields.
    pub object: &'m Object,
}

/// Applies every fix to every struct of `file`; returns the structs with their IR objects.
pub fn structs<'m>(file: &mut syn::File, module: &'m Module) -> Result<Vec<Matched<'m>>, String> {
    let objects: Vec<(&TypeDef, &Object)> = module
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Object(o) => Some((def, o)),
            _ => None,
        })
        .collect();
    let mut matched = Vec::new();
    for item in &mut file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        let syn::Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        // typify's flattened map of kept undeclared properties (`ir::Additional::Keep`) is no
        // property: it stays last, after the declared ones.
        let (flattened, declared): (Vec<syn::Field>, Vec<syn::Field>) =
            std::mem::take(&mut fields.named)
                .into_iter()
                .partition(is_flattened);
        fields.named = declared.into_iter().collect();
        let wire: Vec<String> = fields
            .named
            .iter()
            .map(json_name)
            .collect::<Result<_, _>>()
            .map_err(|e| format!(": {e}"))?;
        let (def, object) = find_object(&item.ident, &wire, &objects)?;
        let here = format!("#{}", def.pointer);
        let idents = names::field_names(&object.fields);
        let mut ordered = Vec::with_capacity(object.fields.len());
        let mut taken: Vec<syn::Field> = std::mem::take(&mut fields.named).into_iter().collect();
        for (ir_field, ident) in object.fields.iter().zip(&idents) {
            let position = taken
                .iter()
                .position(|f| json_name(f).is_ok_and(|n| n == ir_field.wire_name))
                .ok_or_else(|| {
                    format!(
                        "{here}: typify generated no field for `{}`",
                        ir_field.wire_name
                    )
                })?;
            let mut field = taken.remove(position);
            rename(&mut field, ident, &ir_field.wire_name)?;
            if !ir_field.required && ir_field.default.is_none() {
                keep_empty_collections(&mut field)?;
            }
            if let Some(factory) = ir_field.default_factory {
                apply_factory(&mut field, factory_function(factory))
                    .map_err(|e| format!("#{}: {e}", ir_field.pointer))?;
            }
            if keeps_explicit_null(module, ir_field) {
                apply_explicit_null(&mut field)
                    .map_err(|e| format!("#{}: {e}", ir_field.pointer))?;
            }
            ordered.push(field);
        }
        ordered.extend(flattened);
        fields.named = ordered.into_iter().collect();
        matched.push(Matched {
            ident: item.ident.to_string(),
            def,
            object,
        });
    }
    fill_factories_in_defaults(file, &matched);
    import_types_into_defaults(file);
    if let Some((def, _)) = objects
        .iter()
        .find(|(def, _)| !matched.iter().any(|m| m.def.pointer == def.pointer) && needs_struct(def))
    {
        return Err(format!(
            "#{}: typify generated no struct for this object",
            def.pointer
        ));
    }
    Ok(matched)
}

/// typify's `impl Default` of a struct fills every field that was optional with
/// `Default::default()`; a factory field is a plain field now, filled by its factory.
fn fill_factories_in_defaults(file: &mut syn::File, matched: &[Matched<'_>]) {
    for item in &mut file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let is_default = block
            .trait_
            .as_ref()
            .is_some_and(|(path, _)| path.segments.last().is_some_and(|s| s.ident == "Default"));
        let syn::Type::Path(self_ty) = &*block.self_ty else {
            continue;
        };
        let Some(m) = matched
            .iter()
            .find(|m| self_ty.path.is_ident(&m.ident))
            .filter(|_| is_default)
        else {
            continue;
        };
        let idents = names::field_names(&m.object.fields);
        let factories: Vec<(String, &'static str)> = m
            .object
            .fields
            .iter()
            .zip(idents)
            .filter_map(|(f, ident)| f.default_factory.map(|x| (ident, factory_function(x))))
            .collect();
        syn::visit_mut::VisitMut::visit_item_impl_mut(&mut FactoryInits(&factories), block);
    }
}

/// Replaces `field: Default::default()` in a struct literal by `field: <factory>()`.
struct FactoryInits<'a>(&'a [(String, &'static str)]);

impl syn::visit_mut::VisitMut for FactoryInits<'_> {
    fn visit_field_value_mut(&mut self, init: &mut syn::FieldValue) {
        if let syn::Member::Named(ident) = &init.member {
            if let Some((_, function)) = self.0.iter().find(|(name, _)| ident == name) {
                let function: syn::Path = syn::parse_str(function).expect("a factory path");
                init.expr = syn::parse_quote!(#function());
            }
        }
    }
}

/// typify's `mod defaults` names its own types as `super::X` but the types we write (enums,
/// unions, `crate::Integer`) by their bare name: they are imported from the parent module. Its
/// generic helpers (`default_i64`, …) are written whether a field uses them or not.
fn import_types_into_defaults(file: &mut syn::File) {
    for item in &mut file.items {
        if let syn::Item::Mod(m) = item {
            if m.ident == "defaults" {
                // (A fixture named `defaults` holds typify's `defaults`: module_inception.)
                m.attrs
                    .push(syn::parse_quote!(#[allow(dead_code, clippy::module_inception)]));
                if let Some((_, items)) = &mut m.content {
                    items.insert(
                        0,
                        syn::parse_quote!(
                            #[allow(unused_imports)]
                            use super::*;
                        ),
                    );
                }
            }
        }
    }
}

/// An object whose fields need our fixes (factories): typify must have generated it.
fn needs_struct(def: &TypeDef) -> bool {
    matches!(&def.kind, TypeKind::Object(o) if o.fields.iter().any(|f| f.default_factory.is_some()))
}

/// The IR object a struct was generated from: the one with the same property names. Several
/// objects with the same names are fine only if they agree on order, factories and explicit
/// nulls (typify may have generated one struct for both).
fn find_object<'m>(
    ident: &syn::Ident,
    wire: &[String],
    objects: &[(&'m TypeDef, &'m Object)],
) -> Result<(&'m TypeDef, &'m Object), String> {
    let mut wanted = wire.to_vec();
    wanted.sort();
    let same_names = |o: &Object| {
        let mut have: Vec<&str> = o.fields.iter().map(|f| f.wire_name.as_str()).collect();
        have.sort();
        have == wanted
    };
    let mut candidates = objects.iter().filter(|(_, o)| same_names(o));
    let &(first_def, first) = candidates.next().ok_or_else(|| {
        format!(": struct {ident} (fields {wire:?}) matches no object of the schema")
    })?;
    let shape = |o: &Object| -> Vec<(String, Option<DefaultFactory>, bool)> {
        o.fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.default_factory, f.required))
            .collect()
    };
    if let Some((other, _)) = candidates.find(|(_, o)| shape(o) != shape(first)) {
        return Err(format!(
            "#{}, #{}: objects with the same property names but a different order, factories or required properties (struct {ident})",
            first_def.pointer, other.pointer
        ));
    }
    Ok((first_def, first))
}

/// typify makes an optional array or map a plain `Vec`/`IndexMap` that is empty when absent and
/// not written when empty: a given `[]` or `{}` would be dropped on writing. It becomes an
/// `Option` (absent → `None`), so what was given is written back (schema/CONTRACT.md,
/// "Writing").
fn keep_empty_collections(field: &mut syn::Field) -> Result<(), String> {
    let metas = serde_metas(field)?;
    let skips_empty = metas.iter().any(|m| match m {
        syn::Meta::NameValue(nv) if nv.path.is_ident("skip_serializing_if") => {
            matches!(&nv.value, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value().ends_with("::is_empty"))
        }
        _ => false,
    });
    if !skips_empty || option_inner(&field.ty).is_some() {
        return Ok(());
    }
    let inner = field.ty.clone();
    field.ty = syn::parse_quote!(::std::option::Option<#inner>);
    let metas: Vec<syn::Meta> = metas
        .into_iter()
        .filter(|m| !m.path().is_ident("skip_serializing_if") && !m.path().is_ident("default"))
        .chain([syn::parse_quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        )])
        .collect();
    field.attrs.retain(|a| !a.path().is_ident("serde"));
    field.attrs.push(syn::parse_quote!(#[serde(#(#metas),*)]));
    Ok(())
}

/// Names the field `ident`, with `#[serde(rename = "<wire>")]` when the two differ.
fn rename(field: &mut syn::Field, ident: &str, wire: &str) -> Result<(), String> {
    if field.ident.as_ref().is_some_and(|i| i == ident) {
        return Ok(());
    }
    let mut metas: Vec<syn::Meta> = serde_metas(field)?
        .into_iter()
        .filter(|m| !m.path().is_ident("rename"))
        .collect();
    if ident != wire {
        metas.insert(0, syn::parse_quote!(rename = #wire));
    }
    field.ident = Some(quote::format_ident!("{}", ident));
    field.attrs.retain(|a| !a.path().is_ident("serde"));
    if !metas.is_empty() {
        field.attrs.push(syn::parse_quote!(#[serde(#(#metas),*)]));
    }
    Ok(())
}

/// An optional property without a default whose schema allows `null`: absent and `null` are
/// two different values (schema/CONTRACT.md, "Writing").
fn keeps_explicit_null(module: &ir::Module, field: &ir::Field) -> bool {
    fn nullable(module: &ir::Module, ty: &ir::Type, depth: usize) -> bool {
        match ty {
            ir::Type::Ref(name) if depth < 32 => match module.get(name).map(|t| &t.kind) {
                Some(ir::TypeKind::Alias(inner)) => nullable(module, inner, depth + 1),
                _ => false,
            },
            other => other.accepts_null(),
        }
    }
    !field.required
        && field.default.is_none()
        && field.default_factory.is_none()
        && nullable(module, &field.ty, 0)
}

/// `Option<T>` (absent → `None`) becomes `Option<Option<T>>` read by
/// `crate::explicit_null::deserialize`, so that a given `null` is `Some(None)` and is written
/// back; `Option<serde_json::Value>` keeps its type (`Some(Value::Null)` is the given `null`).
/// A property whose only value is `null` (typify: `()`) becomes `Option<()>`: `Some(())` is the
/// `null` that was given.
fn apply_explicit_null(field: &mut syn::Field) -> Result<(), String> {
    if matches!(&field.ty, syn::Type::Tuple(t) if t.elems.is_empty()) {
        field.ty = syn::parse_quote!(::std::option::Option<()>);
        let mut metas: Vec<syn::Meta> = serde_metas(field)?
            .into_iter()
            .filter(|m| !m.path().is_ident("default") && !m.path().is_ident("skip_serializing_if"))
            .collect();
        metas.push(syn::parse_quote!(default));
        metas.push(syn::parse_quote!(
            deserialize_with = "crate::explicit_null::deserialize"
        ));
        metas.push(syn::parse_quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        ));
        field.attrs.retain(|a| !a.path().is_ident("serde"));
        field.attrs.push(syn::parse_quote!(#[serde(#(#metas),*)]));
        return Ok(());
    }
    let inner = option_inner(&field.ty).ok_or_else(|| {
        let ty = &field.ty;
        format!(
            "typify generated `{}` for an optional nullable property, expected an Option",
            quote::quote!(#ty)
        )
    })?;
    let inner_is_value = fast_path_last_ident(&inner).is_some_and(|i| i == "Value");
    if option_inner(&inner).is_none() && !inner_is_value {
        let outer = field.ty.clone();
        field.ty = syn::parse_quote!(::std::option::Option<#outer>);
    }
    let mut metas: Vec<syn::Meta> = serde_metas(field)?
        .into_iter()
        .filter(|m| !m.path().is_ident("deserialize_with"))
        .collect();
    metas.push(syn::parse_quote!(
        deserialize_with = "crate::explicit_null::deserialize"
    ));
    if !metas.iter().any(|m| m.path().is_ident("default")) {
        metas.push(syn::parse_quote!(default));
    }
    field.attrs.retain(|a| !a.path().is_ident("serde"));
    field.attrs.push(syn::parse_quote!(#[serde(#(#metas),*)]));
    Ok(())
}

fn fast_path_last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    }
}

/// The JSON name of a field: its `#[serde(rename = "...")]`, else its identifier.
pub(super) fn json_name(field: &syn::Field) -> Result<String, String> {
    for meta in serde_metas(field)? {
        if let syn::Meta::NameValue(nv) = &meta {
            if nv.path.is_ident("rename") {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    return Ok(s.value());
                }
            }
        }
    }
    let ident = field.ident.as_ref().ok_or("a named field without a name")?;
    Ok(ident.to_string().trim_start_matches("r#").to_string())
}

/// `#[serde(flatten)]`: typify's map of undeclared properties.
pub(super) fn is_flattened(field: &syn::Field) -> bool {
    serde_metas(field)
        .unwrap_or_default()
        .iter()
        .any(|m| matches!(m, syn::Meta::Path(p) if p.is_ident("flatten")))
}

/// The items of every `#[serde(...)]` attribute of a field.
pub(super) fn serde_metas(field: &syn::Field) -> Result<Vec<syn::Meta>, String> {
    let mut metas = Vec::new();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let list = attr
            .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
            .map_err(|e| format!("cannot read a serde attribute typify wrote: {e}"))?;
        metas.extend(list);
    }
    Ok(metas)
}

/// `Option<T>` with `skip_serializing_if` becomes `T` with `#[serde(default = "<factory>")]`.
fn apply_factory(field: &mut syn::Field, function: &str) -> Result<(), String> {
    let inner = option_inner(&field.ty).ok_or_else(|| {
        let ty = &field.ty;
        format!(
            "typify generated `{}`, expected an Option for an optional property",
            quote::quote!(#ty)
        )
    })?;
    field.ty = inner;
    let mut metas: Vec<syn::Meta> = serde_metas(field)?
        .into_iter()
        .filter(|m| !m.path().is_ident("default") && !m.path().is_ident("skip_serializing_if"))
        .collect();
    metas.push(syn::parse_quote!(default = #function));
    field.attrs.retain(|a| !a.path().is_ident("serde"));
    field.attrs.push(syn::parse_quote!(#[serde(#(#metas),*)]));
    Ok(())
}

/// `T` if `ty` is `Option<T>` (any path ending in `Option`).
pub(super) fn option_inner(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner.clone()),
        _ => None,
    }
}

/// Schema descriptions in doc comments stay text: tabs become four spaces (clippy's
/// `tabs_in_doc_comments`), and a description rustdoc would read as code (an indented line, a
/// code fence) is fenced as `text`, so that it is never compiled as a doctest of the crate.
pub(super) struct DocText;

impl syn::visit_mut::VisitMut for DocText {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        let syn::Meta::NameValue(nv) = &mut attr.meta else {
            return;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = &mut nv.value
        else {
            return;
        };
        if !nv.path.is_ident("doc") {
            return;
        }
        // A bare carriage return (one not ending a line) or another control character is
        // not allowed in a doc comment: property names from the schema may hold any text.
        let raw = text.value().replace('\t', "    ");
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => value.push(c),
                '\n' => value.push(c),
                c if c.is_control() => value.extend(c.escape_unicode()),
                c => value.push(c),
            }
        }
        let code_like = value.contains("```")
            || value.contains("~~~")
            || value.lines().any(|l| l.starts_with("    "));
        let value = if code_like {
            format!("```text\n{}\n```", value.replace("```", "` ` `"))
        } else {
            value
        };
        if value != text.value() {
            *text = syn::LitStr::new(&value, text.span());
        }
    }
}

/// Points typify's `static PATTERN: LazyLock<::regress::Regex>` (in the `FromStr` of every
/// string type with a `pattern`) at `crate::pattern::Pattern`: the slow path's regex engine,
/// compiled once, so that the generated types agree with the validator (and do not check each
/// string a second, slower way).
#[derive(Default)]
pub(super) struct CratePatterns {
    pub(super) error: Option<String>,
}

impl syn::visit_mut::VisitMut for CratePatterns {
    fn visit_item_static_mut(&mut self, item: &mut syn::ItemStatic) {
        let ty = &item.ty;
        if !quote::quote!(#ty).to_string().contains("regress") {
            return;
        }
        let mut source = None;
        let mut find = FindRegexSource(&mut source);
        syn::visit_mut::VisitMut::visit_expr_mut(&mut find, &mut item.expr.clone());
        let Some(source) = source else {
            self.error = Some(format!(
                "typify wrote a regex static {} whose pattern was not found",
                item.ident
            ));
            return;
        };
        *item.ty = syn::parse_quote!(::std::sync::LazyLock<crate::pattern::Pattern>);
        *item.expr =
            syn::parse_quote!(::std::sync::LazyLock::new(|| crate::pattern::Pattern::new(#source)));
    }
}

/// The string literal inside typify's `::regress::Regex::new("…")`.
struct FindRegexSource<'a>(&'a mut Option<syn::LitStr>);

impl syn::visit_mut::VisitMut for FindRegexSource<'_> {
    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        self.0.get_or_insert_with(|| lit.clone());
    }
}
