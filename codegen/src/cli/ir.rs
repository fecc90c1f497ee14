//! `codegen ir SCHEMA`: the IR a schema lowers to, as pretty JSON: what every backend reads
//! (types with their names as words, pointers, constraints, and the envelope's roles).

use std::path::{Path, PathBuf};

use super::{print, Outcome};
use crate::error::Result;
use crate::schema;

/// Arguments of `ir`.
#[derive(Debug, clap::Args)]
pub struct IrArgs {
    /// A version directory (`schema/v1.1`) or a schema file.
    pub schema: PathBuf,
}

/// Runs `codegen ir`.
pub fn run(args: &IrArgs, root: &Path) -> Result<Outcome> {
    for path in schema::resolve(&args.schema)? {
        let loaded = schema::load(&path, root)?;
        let module = crate::ir::lower(&loaded)?;
        let mut text = serde_json::to_string_pretty(&module).expect("the IR serializes");
        text.push('\n');
        print(&text)?;
    }
    Ok(Outcome::Done)
}
