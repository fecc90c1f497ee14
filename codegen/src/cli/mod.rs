//! The command line: [`Args`] parsed by clap, [`run`] dispatching to one module per command:
//! [`generate`] (the default: write or check `generated/`), [`compat`], [`versions`] (`check`,
//! `freeze`, `new-version`) and [`ir`] (print what the backends read).

pub mod compat;
pub mod generate;
pub mod ir;
pub mod versions;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;

use crate::backend::Lang;
use crate::error::{Error, Result};

/// Generates code for workflow events from the versioned JSON Schemas.
///
/// Each schema is loaded and lowered once into an intermediate representation; anything it
/// cannot represent is an error naming the file, the JSON pointer and the keyword. The chosen
/// backend renders the files, which are written only when their bytes change (stale files in
/// the output directory are removed), or, with --check, compared with what is on disk.
///
/// Exit status: 0 done (or up to date), 1 --check found differences, 2 error.
#[derive(Debug, Parser)]
#[command(
    name = "codegen",
    version,
    about,
    long_about,
    after_help = "Examples:\n  \
    codegen --lang python                  regenerate generated/python (one package, every version)\n  \
    codegen --lang python --check          exit 1 with a diff if generated/ is out of date\n  \
    codegen --lang python --schema schema/v1.0 --out /tmp/py   a package of v1.0 only\n  \
    codegen --check                        every language, every version (CI)\n  \
    codegen compat schema/v1.0 schema/v1.1 the compatibility report of two versions\n  \
    codegen check                          released versions unchanged, policy holds (CI)\n  \
    codegen new-version 1.2                schema/v1.2 from the newest version, version bumped\n  \
    codegen ir schema/v1.1                 the IR every backend reads, as JSON\n\n\
    Through cargo: cargo run -p codegen -- --lang python"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// A subcommand; without one, codegen generates code.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The language to generate. Default: every language.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// A version directory (`schema/v1.0`), a schema file, or a directory of version
    /// directories. Default: every version under `schema/` of the project root (the nearest
    /// directory, from the current one upwards, that has a `schema/` directory).
    #[arg(long, value_name = "PATH")]
    pub schema: Option<PathBuf>,

    /// Output directory. Default, under the project root: `generated/python/` and
    /// `generated/typescript/` (one package holding every version), `generated/<version>/<lang>/`
    /// for the other languages. Only allowed with a single schema, or for Python and
    /// TypeScript with version directories (a package of those versions).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Write nothing: print a unified diff of what would change (file set included) and exit
    /// with 1 if anything would.
    #[arg(long)]
    pub check: bool,

    /// Python only: the import package name.
    #[arg(long, value_name = "NAME", default_value = crate::backend::python::DEFAULT_PACKAGE)]
    pub python_package: String,
}

/// A subcommand.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Compare two schema versions: named changes with BACKWARD / FORWARD verdicts and witnesses.
    ///
    /// BACKWARD: readers using NEW accept everything writers using OLD can emit (consumers
    /// upgrade first). FORWARD: readers using OLD accept everything writers using NEW can emit
    /// (producers upgrade first). FULL: both. Exit status: 0 compatible under --mode, 1 not,
    /// 2 error.
    #[command(after_help = "Examples:\n  \
        codegen compat schema/v1.0 schema/v1.1\n  \
        codegen compat schema/v1.0 schema/v1.1 --format json\n  \
        codegen compat schema/v1.0 schema/v1.1 --content-model strict   (a schema registry's reading)\n  \
        codegen compat schema/v1.0 schema/v1.2 --transitive --mode full")]
    Compat(compat::CompatArgs),
    /// Check schema/ against its rules: released versions unchanged (schema/versions.lock), and
    /// each version compatible with the earlier ones as schema/compat-policy.json requires.
    ///
    /// Exit status: 0 ok, 1 a rule is broken, 2 error.
    Check(versions::DirArgs),
    /// Record the version directories that are not in schema/versions.lock yet (their
    /// release), after the same checks as `check`. Released entries never change.
    Freeze(versions::DirArgs),
    /// Start a new schema version: copy the newest version directory (or --from) to
    /// schema/vX.Y, with the version bumped in its `$id`, its version default, and every
    /// example and counterexample; then edit the schema.
    ///
    /// Exit status: 0 written, 2 error (nothing written).
    #[command(name = "new-version")]
    NewVersion(versions::NewVersionArgs),
    /// Print the IR of a schema (what every backend reads) as JSON: its types, names, pointers
    /// and envelope. A schema the generators refuse prints the error instead.
    Ir(ir::IrArgs),
}

/// What a successful run found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Files written, or everything already up to date.
    Done,
    /// `--check` found differences (or a compatibility rule is broken).
    Drift,
}

/// The project root: the nearest directory from `start` upwards whose `schema/` directory holds a
/// version directory (`schema/v1.0/`), or `start` itself. (A `schema/` without versions, such
/// as a source folder of that name, is not a project's.)
pub fn project_root(start: &Path) -> PathBuf {
    let has_versions = |dir: &Path| {
        std::fs::read_dir(dir.join("schema")).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.path().is_dir()
                    && crate::schema::version_from_dir_name(&e.file_name().to_string_lossy())
                        .is_some()
            })
        })
    };
    let mut dir = Some(start);
    while let Some(current) = dir {
        if has_versions(current) {
            return current.to_path_buf();
        }
        dir = current.parent();
    }
    start.to_path_buf()
}

/// Runs the command from the project root; progress goes to stderr, output to stdout.
pub fn run(args: &Args) -> Result<Outcome> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let root = project_root(&cwd);
    match &args.command {
        None => generate::run(args, &root),
        Some(Command::Compat(a)) => compat::run(a, &root),
        Some(Command::Check(a)) => versions::check(a, &root),
        Some(Command::Freeze(a)) => versions::freeze(a, &root),
        Some(Command::NewVersion(a)) => versions::new_version(a, &root),
        Some(Command::Ir(a)) => ir::run(a, &root),
    }
}

/// Writes `text` to stdout.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Error::io("<stdout>", e))
}

/// `Done` when a rule holds, `Drift` when not.
fn outcome(ok: bool) -> Outcome {
    if ok {
        Outcome::Done
    } else {
        Outcome::Drift
    }
}
