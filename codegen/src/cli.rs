//! The command line: parse arguments, find the schemas, lower, render, then write or check.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;

use crate::backend::{Lang, Options};
use crate::error::{Error, Result};
use crate::{ir, output, schema};

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
    codegen --lang python                  regenerate generated/<version>/python for every version\n  \
    codegen --lang python --check          exit 1 with a diff if generated/ is out of date\n  \
    codegen --lang python --schema schema/v1.0 --out /tmp/py\n  \
    codegen --check                        every language, every version (CI)\n  \
    codegen compat schema/v1.0 schema/v1.1 the compatibility report of two versions\n  \
    codegen check                          released versions unchanged, policy holds (CI)\n\n\
    Through cargo: cargo run -p codegen -- --lang python"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    // ---- versions: subcommands (`compat`, `check`, `freeze`), see `compat::command` ----
    /// A subcommand; without one, codegen generates code.
    #[command(subcommand)]
    pub command: Option<crate::compat::command::Command>,
    // ---- end versions ----
    /// The language to generate. Default: every language.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// A version directory (`schema/v1.0`), a schema file, or a directory of version
    /// directories. Default: every version under `schema/` of the project root (the nearest
    /// directory, from the current one upwards, that has a `schema/` directory).
    #[arg(long, value_name = "PATH")]
    pub schema: Option<PathBuf>,

    /// Output directory. Default: `generated/<version>/<lang>/` under the project root.
    /// Only allowed with a single schema.
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

/// What a successful run found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Files written, or everything already up to date.
    Done,
    /// `--check` found differences.
    Drift,
}

/// The project root: the nearest directory from `start` upwards that has a `schema/`
/// directory, or `start` itself.
pub fn project_root(start: &Path) -> PathBuf {
    let mut dir = Some(start);
    while let Some(current) = dir {
        if current.join("schema").is_dir() {
            return current.to_path_buf();
        }
        dir = current.parent();
    }
    start.to_path_buf()
}

/// Runs the command; progress goes to stderr, diffs to stdout.
pub fn run(args: &Args) -> Result<Outcome> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let root = project_root(&cwd);
    // ---- versions: subcommands, and every language when --lang is absent ----
    if let Some(command) = &args.command {
        return crate::compat::command::run(command, &root);
    }
    let langs: Vec<Lang> = match args.lang {
        Some(lang) => vec![lang],
        None if args.out.is_some() => {
            return Err(Error::Layout {
                path: args.out.clone().unwrap_or_default(),
                message: "--out needs --lang".into(),
            })
        }
        None => <Lang as clap::ValueEnum>::value_variants().to_vec(),
    };
    let mut outcome = Outcome::Done;
    for lang in langs {
        if run_lang(args, lang, &root)? == Outcome::Drift {
            outcome = Outcome::Drift;
        }
    }
    Ok(outcome)
}

/// Generates (or checks) one language for every schema named by `--schema`.
fn run_lang(args: &Args, lang: Lang, root: &Path) -> Result<Outcome> {
    let root = root.to_path_buf();
    // ---- end versions ----
    let schema_arg = args.schema.clone().unwrap_or_else(|| root.join("schema"));
    let paths = schema::resolve(&schema_arg)?;
    if args.out.is_some() && paths.len() != 1 {
        return Err(Error::Layout {
            path: schema_arg,
            message: format!(
                "--out needs a single schema, but this names {}; pass --schema <version dir>",
                paths.len()
            ),
        });
    }
    let options = Options {
        python_package: args.python_package.clone(),
        // versions: the markdown backend's changelog compares with the previous version.
        history: crate::backend::markdown::history(&root)?,
    };
    let backend = lang.backend(&options);
    let mut outcome = Outcome::Done;
    let stdout = std::io::stdout();
    for path in paths {
        let loaded = schema::load(&path, &root)?;
        let module = ir::lower(&loaded)?;
        let mut files = backend.render(&module, &loaded)?;
        let out_dir = match (&args.out, &module.version) {
            (Some(out), _) => out.clone(),
            (None, Some(version)) => root
                .join("generated")
                .join(format!("v{version}"))
                .join(lang.dir_name()),
            (None, None) => {
                return Err(Error::Layout {
                    path: path.clone(),
                    message: "not in a version directory (`v<major>.<minor>`), so there is no default output directory; pass --out".into(),
                })
            }
        };
        let shown = schema::display_path(&out_dir, &root);
        if lang == Lang::Typescript {
            // The package's compiled dist/: built now, or (--check) verified by its stamp.
            use crate::backend::typescript::build;
            let mode = if args.check {
                build::Mode::Check
            } else {
                build::Mode::Write
            };
            build::complete(&mut files, &out_dir, &root, mode)?;
        }
        if args.check {
            let drift = output::check(&files, &out_dir, &shown)?;
            if drift.is_empty() {
                eprintln!("codegen: {shown} is up to date ({} files)", files.0.len());
            } else {
                let mut out = stdout.lock();
                out.write_all(drift.diff.as_bytes())
                    .map_err(|e| Error::io("<stdout>", e))?;
                eprintln!(
                    "codegen: {shown} is out of date: {} changed, {} missing, {} stale; run `cargo run -p codegen -- --lang {}`",
                    drift.changed.len(),
                    drift.missing.len(),
                    drift.stale.len(),
                    backend.name(),
                );
                outcome = Outcome::Drift;
            }
        } else {
            let report = output::write(&files, &out_dir)?;
            if report.written.is_empty() && report.removed.is_empty() {
                eprintln!("codegen: {shown} is up to date ({} files)", files.0.len());
            } else {
                eprintln!(
                    "codegen: {shown}: {} written, {} removed",
                    report.written.len(),
                    report.removed.len()
                );
            }
        }
    }
    Ok(outcome)
}
