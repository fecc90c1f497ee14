//! `codegen [--lang L] [--check]`: lower every schema and render it for each language, then
//! write the files (only those whose bytes change; stale ones removed) or, with `--check`,
//! print the diff and report drift. Python and TypeScript are one package of every version
//! (`generated/python/`, `generated/typescript/`, versioned by `backend::package_version`);
//! the other languages one directory per version (`generated/<version>/<lang>/`).

use std::io::Write;
use std::path::Path;

use super::{Args, Outcome};
use crate::backend::{package_version, Lang, Options, Version};
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
    let options = Options {
        python_package: args.python_package.clone(),
        // The markdown backend's changelog compares with the previous version.
        history: crate::backend::markdown::history(&root)?,
    };
    let backend = lang.backend(&options);
    let mut lowered = Vec::new();
    for path in &paths {
        let loaded = schema::load(path, &root)?;
        let module = ir::lower(&loaded)?;
        lowered.push((path.clone(), module, loaded));
    }
    let versioned = lowered.iter().all(|(_, m, _)| m.version.is_some());
    if lang.is_package() && versioned {
        // One package holds every version: generated/<lang>/.
        if args.out.is_none() && args.schema.is_some() {
            let every = schema::resolve(&root.join("schema"))?;
            if every != paths {
                return Err(Error::Layout {
                    path: schema_arg,
                    message: format!(
                        "generated/{} holds every version of schema/; to render only these, pass --out",
                        lang.dir_name()
                    ),
                });
            }
        }
        let versions: Vec<Version<'_>> = lowered
            .iter()
            .map(|(_, module, source)| Version { module, source })
            .collect();
        let mut files = backend
            .render_versions(&versions)
            .expect("package languages render every version")?;
        let out_dir = args
            .out
            .clone()
            .unwrap_or_else(|| root.join("generated").join(lang.dir_name()));
        let newest = versions.last().expect("resolve finds a version").version();
        package_version::complete(&mut files, &out_dir, newest)?;
        let mut outcome = emit(args, lang, backend.name(), &root, files, &out_dir)?;
        if args.out.is_none() && retire_per_version_dirs(args, lang, &root)? == Outcome::Drift {
            outcome = Outcome::Drift;
        }
        return Ok(outcome);
    }
    if args.out.is_some() && lowered.len() != 1 {
        return Err(Error::Layout {
            path: schema_arg,
            message: format!(
                "--out needs a single schema, but this names {}; pass --schema <version dir>",
                lowered.len()
            ),
        });
    }
    let mut outcome = Outcome::Done;
    for (path, module, loaded) in &lowered {
        let files = backend.render(module, loaded)?;
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
        if emit(args, lang, backend.name(), &root, files, &out_dir)? == Outcome::Drift {
            outcome = Outcome::Drift;
        }
    }
    Ok(outcome)
}

/// Completes `files` (a TypeScript package's `dist/`) and writes them to `out_dir`, or with
/// `--check` compares them with it.
fn emit(
    args: &Args,
    lang: Lang,
    name: &str,
    root: &Path,
    mut files: crate::backend::Files,
    out_dir: &Path,
) -> Result<Outcome> {
    let shown = schema::display_path(out_dir, root);
    if lang == Lang::Typescript {
        // The package's compiled dist/: built now, or (--check) verified by its stamp.
        use crate::backend::typescript::build;
        let mode = if args.check {
            build::Mode::Check
        } else {
            build::Mode::Write
        };
        build::complete(&mut files, out_dir, root, mode)?;
    }
    if args.check {
        let drift = output::check(&files, out_dir, &shown)?;
        if drift.is_empty() {
            eprintln!("codegen: {shown} is up to date ({} files)", files.0.len());
            return Ok(Outcome::Done);
        }
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        out.write_all(drift.diff.as_bytes())
            .map_err(|e| Error::io("<stdout>", e))?;
        eprintln!(
            "codegen: {shown} is out of date: {} changed, {} missing, {} stale; run `cargo run -p codegen -- --lang {name}`",
            drift.changed.len(),
            drift.missing.len(),
            drift.stale.len(),
        );
        return Ok(Outcome::Drift);
    }
    let report = output::write(&files, out_dir)?;
    if report.written.is_empty() && report.removed.is_empty() {
        eprintln!("codegen: {shown} is up to date ({} files)", files.0.len());
    } else {
        eprintln!(
            "codegen: {shown}: {} written, {} removed",
            report.written.len(),
            report.removed.len()
        );
    }
    Ok(Outcome::Done)
}

/// `generated/v<X.Y>/<lang>/` of a language that is one package now (the layout before
/// `generated/<lang>/`): stale, so removed (what a tool left there, `node_modules` and the
/// like, stays), or with `--check` reported.
fn retire_per_version_dirs(args: &Args, lang: Lang, root: &Path) -> Result<Outcome> {
    let generated = root.join("generated");
    let Ok(entries) = std::fs::read_dir(&generated) else {
        return Ok(Outcome::Done);
    };
    let mut outcome = Outcome::Done;
    let mut dirs: Vec<_> = entries
        .flatten()
        .filter(|e| schema::version_from_dir_name(&e.file_name().to_string_lossy()).is_some())
        .map(|e| e.path().join(lang.dir_name()))
        .filter(|dir| dir.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let shown = schema::display_path(&dir, root);
        let empty = crate::backend::Files::default();
        if args.check {
            let drift = output::check(&empty, &dir, &shown)?;
            if !drift.is_empty() {
                eprintln!(
                    "codegen: {shown} is stale ({} files): generated/{} holds every version; run `cargo run -p codegen -- --lang {}`",
                    drift.stale.len(),
                    lang.dir_name(),
                    lang.dir_name()
                );
                outcome = Outcome::Drift;
            }
        } else {
            let report = output::write(&empty, &dir)?;
            let _ = std::fs::remove_dir(&dir); // only when nothing is left
            if !report.removed.is_empty() {
                eprintln!(
                    "codegen: {shown}: {} removed (generated/{} holds every version)",
                    report.removed.len(),
                    lang.dir_name()
                );
            }
        }
    }
    Ok(outcome)
}
