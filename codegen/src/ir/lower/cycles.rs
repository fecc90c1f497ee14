//! Aliases that refer to themselves only through other aliases and nullables describe no
//! value; every backend would loop on them, so they are refused once.

use crate::error::{Error, Result};
use crate::ir::{Module, Type, TypeKind};

/// An alias may not refer to itself through other aliases and nullables only.
pub(super) fn check_alias_cycles(module: &Module, file: &str) -> Result<()> {
    for def in &module.types {
        let TypeKind::Alias(start) = &def.kind else {
            continue;
        };
        let mut seen = vec![&def.name];
        let mut ty = start;
        loop {
            match ty {
                Type::Nullable(inner) => ty = inner,
                Type::Ref(name) => {
                    if seen.contains(&name) {
                        return Err(Error::Schema {
                            file: file.to_string(),
                            pointer: def.pointer.clone(),
                            keyword: "$ref".into(),
                            message: "references form a cycle that never reaches a value".into(),
                        });
                    }
                    seen.push(name);
                    match &module.get(name).expect("resolved").kind {
                        TypeKind::Alias(next) => ty = next,
                        _ => break,
                    }
                }
                _ => break,
            }
        }
    }
    Ok(())
}
