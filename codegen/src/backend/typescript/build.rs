//! The step after rendering a TypeScript package: its `dist/` (ES modules in `dist/esm/`,
//! CommonJS in `dist/cjs/`, each with `.d.ts` declarations), compiled from the rendered
//! `src/` with the pinned TypeScript compiler, so that the package installs with no build step.
//!
//! `dist.sha256` records what was built: a first line with the compiler version and a hash of
//! every compile input (`src/**`, `tsconfig.json`), then one `sha256sum` line per built file.
//! `codegen --check` reads it instead of running the compiler: the stamp must name the hash of
//! the sources rendered now, and every file it lists must be on disk with that hash (anything
//! else in `dist/` is stale, as for any generated file). `tests/typescript/run.sh` rebuilds
//! `dist/` with the same compiler and compares the bytes, so the stamp cannot lie for long.
//!
//! Unlike rendering this touches the disk and runs a program: the compiler is
//! `$CODEGEN_TSC`, else `codegen/runtime/typescript/node_modules/.bin/tsc` of the project (or of
//! this crate's checkout), installed by `npm ci` there. It is needed only when the sources
//! changed since the last build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use super::model::TYPESCRIPT_VERSION;
use crate::backend::Files;
use crate::error::{Error, Result};

/// The stamp, at the package root.
pub const STAMP: &str = "dist.sha256";

/// Whether [`complete`] may build, or only read what is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Build `dist/` when the stamp does not match the sources (or a built file was changed).
    Write,
    /// Never build: take `dist/` from disk; a stale stamp shows as a one-line diff.
    Check,
}

/// Adds `dist/**` and [`STAMP`] to `files`, the rendered package that belongs in `dir`.
/// `root` is the project root (where the compiler is looked for).
pub fn complete(files: &mut Files, dir: &Path, root: &Path, mode: Mode) -> Result<()> {
    let header = header(files);
    if let Some(built) = on_disk(dir, &header)? {
        insert(files, &header, built);
        return Ok(());
    }
    match mode {
        Mode::Check => {
            // Keep what is on disk so that the diff shows only the stamp's first line.
            let mut kept = BTreeMap::new();
            for path in listed(dir)? {
                if let Ok(bytes) = std::fs::read(dir.join(&path)) {
                    kept.insert(path, String::from_utf8_lossy(&bytes).into_owned());
                }
            }
            insert(files, &header, kept);
        }
        Mode::Write => {
            let built = compile(files, dir, root)?;
            insert(files, &header, built);
        }
    }
    Ok(())
}

/// The stamp's first line: compiler and a hash of every compile input.
fn header(files: &Files) -> String {
    let mut hash = Sha256::new();
    for (path, text) in &files.0 {
        if path.starts_with("src/") || path == "tsconfig.json" {
            hash.update(path.as_bytes());
            hash.update([0]);
            hash.update(text.as_bytes());
            hash.update([0]);
        }
    }
    format!(
        "# dist/ built by codegen with typescript {TYPESCRIPT_VERSION} from sources sha256:{:x}; verify with `sha256sum -c {STAMP}`",
        hash.finalize()
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

fn insert(files: &mut Files, header: &str, built: BTreeMap<String, String>) {
    let mut stamp = format!("{header}\n");
    for (path, text) in &built {
        stamp.push_str(&format!("{}  {path}\n", sha256_hex(text.as_bytes())));
    }
    for (path, text) in built {
        files.insert(path, text);
    }
    files.insert(STAMP, stamp);
}

/// The files the stamp on disk lists (none when there is no stamp).
fn listed(dir: &Path) -> Result<Vec<String>> {
    let path = dir.join(STAMP);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once("  ").map(|(_, file)| file.to_string()))
        .filter(|file| file.starts_with("dist/"))
        .collect())
}

/// The built files on disk when the stamp there has `header` and every file it lists has the
/// hash it records; `None` when `dist/` must be built again.
fn on_disk(dir: &Path, header: &str) -> Result<Option<BTreeMap<String, String>>> {
    let path = dir.join(STAMP);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let mut lines = text.lines();
    if lines.next() != Some(header) {
        return Ok(None);
    }
    let mut built = BTreeMap::new();
    for line in lines {
        let Some((hash, file)) = line.split_once("  ") else {
            return Ok(None);
        };
        if !file.starts_with("dist/") || file.contains("..") {
            return Ok(None);
        }
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            return Ok(None);
        };
        if sha256_hex(&bytes) != hash {
            return Ok(None);
        }
        let Ok(text) = String::from_utf8(bytes) else {
            return Ok(None);
        };
        built.insert(file.to_string(), text);
    }
    Ok(Some(built))
}

/// The compiler: `$CODEGEN_TSC`, else the pinned one installed under
/// `codegen/runtime/typescript` of the project, else of this crate's own checkout.
fn compiler(root: &Path) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CODEGEN_TSC") {
        return Some(PathBuf::from(path));
    }
    let relative = "runtime/typescript/node_modules/.bin/tsc";
    [
        root.join("codegen").join(relative),
        Path::new(env!("CARGO_MANIFEST_DIR")).join(relative),
    ]
    .into_iter()
    .find(|path| path.is_file())
}

/// Compiles the rendered sources twice in a scratch directory: as ES modules, and as CommonJS
/// (the same sources under a `"type": "commonjs"` scope, where `NodeNext` emits `require`).
fn compile(files: &Files, dir: &Path, root: &Path) -> Result<BTreeMap<String, String>> {
    let shown = crate::schema::display_path(dir, root);
    let tsc = compiler(root).ok_or_else(|| Error::Backend {
        file: shown.clone(),
        backend: super::NAME,
        message: "dist/ must be built from the new sources with the pinned TypeScript compiler, which is not installed: run `npm ci --prefix codegen/runtime/typescript` (or set CODEGEN_TSC)".into(),
    })?;
    let version = Command::new(&tsc)
        .arg("--version")
        .output()
        .map_err(|e| Error::io(&tsc, e))?;
    let version = String::from_utf8_lossy(&version.stdout);
    if version.trim() != format!("Version {TYPESCRIPT_VERSION}") {
        return Err(Error::Backend {
            file: shown,
            backend: super::NAME,
            message: format!(
                "dist/ is built with typescript {TYPESCRIPT_VERSION} (codegen/runtime/typescript/package-lock.json), but {} is {}",
                tsc.display(),
                version.trim()
            ),
        });
    }
    let scratch = std::env::temp_dir().join(format!(
        "codegen-typescript-{}-{}",
        std::process::id(),
        sha256_hex(shown.as_bytes())
    ));
    let result = compile_in(files, &scratch, &tsc, &shown);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn compile_in(
    files: &Files,
    scratch: &Path,
    tsc: &Path,
    shown: &str,
) -> Result<BTreeMap<String, String>> {
    let mut built = BTreeMap::new();
    for (format, scope, extra) in [
        ("esm", "module", &[][..]),
        // `import`/`export` become `require`/`exports`, which verbatimModuleSyntax forbids.
        ("cjs", "commonjs", &["--verbatimModuleSyntax", "false"][..]),
    ] {
        let work = scratch.join(format);
        let _ = std::fs::remove_dir_all(&work);
        for (path, text) in &files.0 {
            if path.starts_with("src/") || path == "tsconfig.json" {
                write(&work.join(path), text.as_bytes())?;
            }
        }
        write(
            &work.join("package.json"),
            format!("{{ \"type\": \"{scope}\" }}\n").as_bytes(),
        )?;
        // `src/check.ts` imports Ajv: its declarations come from beside the compiler
        // (`codegen/runtime/typescript/node_modules`, where `npm ci` installs both).
        if let Some(modules) = tsc.parent().and_then(Path::parent) {
            if files.0.keys().any(|p| p == super::CHECK.0) && modules.join("ajv").is_dir() {
                link_dir(modules, &work.join("node_modules"))?;
            }
        }
        let out = work.join("out");
        let output = Command::new(tsc)
            .arg("-p")
            .arg(work.join("tsconfig.json"))
            .arg("--outDir")
            .arg(&out)
            .args(extra)
            .output()
            .map_err(|e| Error::io(tsc, e))?;
        if !output.status.success() {
            return Err(Error::Backend {
                file: shown.to_string(),
                backend: super::NAME,
                message: format!(
                    "{} failed to compile the {format} build:\n{}{}",
                    tsc.display(),
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ),
            });
        }
        for (relative, text) in read_tree(&out)? {
            built.insert(format!("dist/{format}/{relative}"), text);
        }
    }
    Ok(built)
}

#[cfg(unix)]
fn link_dir(target: &Path, link: &Path) -> Result<()> {
    std::os::unix::fs::symlink(target, link).map_err(|e| Error::io(link, e))
}

#[cfg(windows)]
fn link_dir(target: &Path, link: &Path) -> Result<()> {
    std::os::windows::fs::symlink_dir(target, link).map_err(|e| Error::io(link, e))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// Every file under `dir`, relative and `/`-separated.
fn read_tree(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).map_err(|e| Error::io(&current, e))? {
            let path = entry.map_err(|e| Error::io(&current, e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                let relative = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(relative, text);
            }
        }
    }
    Ok(out)
}
