//! Writing generated files to disk only when their bytes change, and checking a directory
//! against a fresh render (file set included) without writing anything.
//!
//! Only files a generator could have produced are considered: caches and build artifacts
//! that tools leave next to generated code (`__pycache__`, `.mypy_cache`, `*.egg-info`,
//! `node_modules`, …) are neither reported as stale nor removed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::backend::Files;
use crate::error::{Error, Result};

/// What [`write`] changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or rewritten (relative paths).
    pub written: Vec<String>,
    /// Stale files removed.
    pub removed: Vec<String>,
}

/// How a directory differs from the files that should be in it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose content differs.
    pub changed: Vec<String>,
    /// Files that should exist and do not.
    pub missing: Vec<String>,
    /// Files that exist and should not.
    pub stale: Vec<String>,
    /// A unified diff (`a/` = on disk, `b/` = generated) of all of the above.
    pub diff: String,
}

impl Drift {
    /// `true` when the directory is exactly the generated file set.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.stale.is_empty()
    }
}

fn is_artifact(relative: &str) -> bool {
    relative.split('/').any(|part| {
        matches!(
            part,
            "__pycache__"
                | ".mypy_cache"
                | ".ruff_cache"
                | ".pytest_cache"
                | ".venv"
                | "node_modules"
                | "build"
                | ".DS_Store"
        ) || part.ends_with(".egg-info")
            || part.ends_with(".pyc")
            || part.ends_with(".tsbuildinfo")
            // What `npm install` leaves in a generated TypeScript package; its `.npmrc` says
            // `package-lock=false`, but an older npm or another client may not read it.
            || part == "package-lock.json"
    })
}

/// Files under `dir` (relative, `/`-separated), artifacts excluded; empty if `dir` is absent.
fn existing(dir: &Path) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).map_err(|e| Error::io(&current, e))? {
            let entry = entry.map_err(|e| Error::io(&current, e))?;
            let path = entry.path();
            let relative = relative(dir, &path);
            if is_artifact(&relative) {
                continue;
            }
            let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if kind.is_dir() {
                stack.push(path);
            } else {
                out.insert(relative);
            }
        }
    }
    Ok(out)
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Compares `dir` with `files` without writing; `shown` is how `dir` is named in the diff.
pub fn check(files: &Files, dir: &Path, shown: &str) -> Result<Drift> {
    let mut drift = Drift::default();
    let on_disk = existing(dir)?;
    let mut paths: BTreeSet<&String> = files.0.keys().collect();
    paths.extend(on_disk.iter());
    for path in paths {
        let generated = files.0.get(path);
        let current = if on_disk.contains(path) {
            read_if_exists(&dir.join(path))?
        } else {
            None
        };
        let (old, new) = match (&current, generated) {
            (Some(old), Some(new)) if old == new.as_bytes() => continue,
            (Some(_), Some(_)) => {
                drift.changed.push(path.clone());
                (current.as_deref(), Some(new_bytes(generated)))
            }
            (None, Some(_)) => {
                drift.missing.push(path.clone());
                (None, Some(new_bytes(generated)))
            }
            (Some(_), None) => {
                drift.stale.push(path.clone());
                (current.as_deref(), None)
            }
            (None, None) => continue,
        };
        drift
            .diff
            .push_str(&unified_diff(&format!("{shown}/{path}"), old, new));
    }
    Ok(drift)
}

fn new_bytes(generated: Option<&String>) -> &[u8] {
    generated.map(|s| s.as_bytes()).unwrap_or_default()
}

fn unified_diff(path: &str, old: Option<&[u8]>, new: Option<&[u8]>) -> String {
    let old_text = String::from_utf8_lossy(old.unwrap_or_default());
    let new_text = String::from_utf8_lossy(new.unwrap_or_default());
    let old_name = if old.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".to_string()
    };
    let new_name = if new.is_some() {
        format!("b/{path}")
    } else {
        "/dev/null".to_string()
    };
    let diff = similar::TextDiff::from_lines(old_text.as_ref(), new_text.as_ref());
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&hunk.to_string());
    }
    if old.is_some() && new.is_some() && out.lines().count() == 2 {
        out.push_str("(bytes differ, e.g. line endings or a final newline)\n");
    }
    out
}

/// Makes `dir` hold exactly `files`: writes each file whose bytes differ (temp file +
/// rename), removes stale files (artifacts excepted) and then-empty directories.
pub fn write(files: &Files, dir: &Path) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    for (path, content) in &files.0 {
        let target = dir.join(path);
        if write_if_changed(&target, content.as_bytes())? {
            report.written.push(path.clone());
        }
    }
    for stale in existing(dir)? {
        if !files.0.contains_key(&stale) {
            let path = dir.join(&stale);
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            report.removed.push(stale.clone());
            remove_empty_parents(dir, path.parent());
        }
    }
    Ok(report)
}

fn remove_empty_parents(root: &Path, mut dir: Option<&Path>) {
    while let Some(current) = dir {
        if current == root || !current.starts_with(root) {
            break;
        }
        if std::fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

/// Writes `bytes` to `path` unless it already holds exactly them; returns whether it wrote.
/// The write goes to a temporary file in the same directory that is then renamed over
/// `path`, so readers never see a half-written file.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if read_if_exists(path)?.as_deref() == Some(bytes) {
        return Ok(false);
    }
    let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp: PathBuf = parent.join(format!(".{file_name}.codegen-{}.tmp", std::process::id()));
    std::fs::write(&temp, bytes).map_err(|e| Error::io(&temp, e))?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::io(path, e)
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> Files {
        let mut f = Files::default();
        for (p, c) in entries {
            f.insert(*p, *c);
        }
        f
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let first = files(&[("a.py", "a\n"), ("pkg/b.py", "b\n"), ("pkg/old.py", "x\n")]);
        let report = write(&first, dir.path()).unwrap();
        assert_eq!(report.written, ["a.py", "pkg/b.py", "pkg/old.py"]);
        std::fs::create_dir_all(dir.path().join("pkg/__pycache__")).unwrap();
        std::fs::write(dir.path().join("pkg/__pycache__/b.pyc"), "cache").unwrap();

        let second = files(&[("a.py", "a\n"), ("pkg/b.py", "B\n")]);
        assert!(!check(&second, dir.path(), "out").unwrap().is_empty());
        let report = write(&second, dir.path()).unwrap();
        assert_eq!(report.written, ["pkg/b.py"]);
        assert_eq!(report.removed, ["pkg/old.py"]);
        assert!(dir.path().join("pkg/__pycache__/b.pyc").exists());
        assert!(check(&second, dir.path(), "out").unwrap().is_empty());
        assert_eq!(write(&second, dir.path()).unwrap(), WriteReport::default());
    }

    #[test]
    fn check_reports_every_kind_of_drift_with_a_diff() {
        let dir = tempfile::tempdir().unwrap();
        write(
            &files(&[("same", "1\n"), ("changed", "old\n"), ("stale", "s\n")]),
            dir.path(),
        )
        .unwrap();
        let drift = check(
            &files(&[("same", "1\n"), ("changed", "new\n"), ("missing", "m\n")]),
            dir.path(),
            "out",
        )
        .unwrap();
        assert_eq!(drift.changed, ["changed"]);
        assert_eq!(drift.missing, ["missing"]);
        assert_eq!(drift.stale, ["stale"]);
        assert!(drift
            .diff
            .contains("--- a/out/changed\n+++ b/out/changed\n"));
        assert!(drift.diff.contains("-old\n+new\n"));
        assert!(drift.diff.contains("--- /dev/null\n+++ b/out/missing\n"));
        assert!(drift.diff.contains("--- a/out/stale\n+++ /dev/null\n"));
    }
}
