//! `__CHECKS`: the table of a module's run-time checks (`ir::Check`), for the validator
//! (`src/validate.rs`): where each check's node is in the schema and which of its keywords are
//! the check's own. The crate validates a document in one pass; with this table it reports a
//! check's errors only where the checked value's type holds, as Python and TypeScript evaluate
//! a check (after the type), and names them in the shared vocabulary.

use quote::quote;

use crate::ir::{Check, Module, Type, TypeKind};

/// Every check of the module, each node once (keywords of checks at the same node merged), in
/// the IR's order.
pub fn sites(module: &Module) -> Vec<Check> {
    fn walk(ty: &Type, out: &mut Vec<Check>) {
        if let Type::Checked(c) = ty {
            add(&c.check, out);
        }
        ty.inner().into_iter().for_each(|inner| walk(inner, out));
    }
    fn add(check: &Check, out: &mut Vec<Check>) {
        match out.iter_mut().find(|c| c.pointer == check.pointer) {
            Some(known) => {
                for keyword in &check.keywords {
                    if !known.keywords.contains(keyword) {
                        known.keywords.push(keyword.clone());
                    }
                }
            }
            None => out.push(check.clone()),
        }
    }
    let mut out = Vec::new();
    for def in &module.types {
        match &def.kind {
            TypeKind::Object(object) => {
                if let Some(check) = &object.check {
                    add(check, &mut out);
                }
                object.fields.iter().for_each(|f| walk(&f.ty, &mut out));
            }
            TypeKind::Alias(ty) => walk(ty, &mut out),
            TypeKind::Enum(_) => {}
        }
    }
    out
}

/// `pub(crate) static __CHECKS: &[crate::validate::CheckSite]` of `sites` (not empty).
pub fn item(sites: &[Check]) -> syn::Item {
    let entries = sites.iter().map(|site| {
        let pointer = &site.pointer;
        let keywords = &site.keywords;
        quote!(crate::validate::CheckSite { pointer: #pointer, keywords: &[#(#keywords),*] })
    });
    syn::parse_quote! {
        /// The run-time checks of this schema (codegen's `ir::Check`), for the validator.
        pub(crate) static __CHECKS: &[crate::validate::CheckSite] = &[#(#entries),*];
    }
}
