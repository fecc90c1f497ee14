//! `codegen [--lang L] [--check]`: lower every schema and render it for each language, then
//! write the files (only those whose bytes change; stale ones removed) or, with `--check`,
//! print the diff and report drift.

use std::io::Write;
use std::path::Path;

use super::{Args, Outcome};
use crate::backend::{Lang, Options};
use crate::error::{Error, Result};
use crate::{ir, output, schema};

/// Generates (or checks) every language named by `--lang` (default: all).
pub fn run(args: &Args, root: &Path) -> Result<Outcome> {
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
        if run_lang(args, lang, root)? == Outcome::Drift {
            outcome = Outcome::Drift;
        }
    }
    Ok(outcome)
}

/// Generates (or checks) one language for every schema named by `--schema`.
fn run_lang(args: &Args, lang: Lang, root: &Path) -> Result<Outcome> {
    let root = root.to_path_buf();
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
        // The markdown backend's changelog compares with the previous version.
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
