//! What a backend does not take yet, refused before it runs, naming the file, the JSON
//! pointer and the keyword: the TypeScript backend does not evaluate run-time checks
//! (`ir::Check`: `not`, `if`/`then`/`else`, `contains`, `patternProperties`, …) nor keep
//! undeclared properties (`ir::Additional::Keep`) yet (issue 23: Python and Rust do; the
//! TypeScript runtime follows once its rewrite has landed). Until then `codegen --lang
//! typescript` refuses such a schema while Python and Rust generate it; this file is removed
//! when the TypeScript backend takes them.

use super::{Backend, Files, Version};
use crate::error::{Error, Result};
use crate::ir::{Additional, Module, Type, TypeKind};
use crate::schema::Loaded;

/// A backend that refuses modules with run-time checks before `0` renders them.
pub struct Pending<B>(pub B);

impl<B: Backend> Backend for Pending<B> {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn render(&self, module: &Module, source: &Loaded) -> Result<Files> {
        refuse_checks(self.0.name(), module)?;
        self.0.render(module, source)
    }

    fn render_versions(&self, versions: &[Version<'_>]) -> Option<Result<Files>> {
        for version in versions {
            if let Err(error) = refuse_checks(self.0.name(), version.module) {
                return Some(Err(error));
            }
        }
        self.0.render_versions(versions)
    }
}

fn refuse_checks(backend: &str, module: &Module) -> Result<()> {
    match first_check(module) {
        Some((pointer, keyword)) => Err(Error::Schema {
            file: module.schema_path.clone(),
            pointer,
            keyword,
            message: format!(
                "the {backend} backend does not take keywords checked at run time yet (Python and Rust do; issue 23)"
            ),
        }),
        None => Ok(()),
    }
}

/// The pointer and keyword of the first run-time check (or kept undeclared properties).
fn first_check(module: &Module) -> Option<(String, String)> {
    fn walk(ty: &Type) -> Option<(String, String)> {
        match ty {
            Type::Checked(c) => Some((
                c.check.pointer.clone(),
                c.check.keywords.first().cloned().unwrap_or_default(),
            )),
            Type::Nullable(inner) => walk(inner),
            Type::Array(a) => walk(&a.items),
            Type::Map(m) => walk(&m.values),
            Type::Union(u) => u.variants.iter().find_map(|v| walk(&v.ty)),
            Type::String(_)
            | Type::Integer(_)
            | Type::Number(_)
            | Type::Boolean
            | Type::Null
            | Type::Any
            | Type::Const(_)
            | Type::Ref(_) => None,
        }
    }
    module.types.iter().find_map(|def| match &def.kind {
        TypeKind::Object(o) => {
            if let Some(c) = &o.check {
                return Some((
                    c.pointer.clone(),
                    c.keywords.first().cloned().unwrap_or_default(),
                ));
            }
            if o.additional == Additional::Keep {
                return Some((def.pointer.clone(), "additionalProperties".to_string()));
            }
            o.fields.iter().find_map(|f| walk(&f.ty))
        }
        TypeKind::Alias(ty) => walk(ty),
        TypeKind::Enum(_) => None,
    })
}
