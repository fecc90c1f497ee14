//! Finding and loading schema files: version directories under `schema/`, the one
//! `*.schema.json` in each, the version taken from the directory name (`v1.0` → `1.0`).
//!
//! Loading only parses JSON (keeping property order); what the schema means is `ir::lower`'s job.
//! [`keywords`] is the one table of where a keyword's subschemas are, [`pointer`] the one JSON
//! pointer type, for every walk over a raw schema document.

pub mod keywords;
pub mod pointer;
mod serialization;

pub use pointer::Pointer;
pub use serialization::{
    published_schema, published_text, serialization_file_name, serialization_schema,
    serialization_text,
};

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// A parsed schema file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where the file is on disk.
    pub path: PathBuf,
    /// How the file is named in messages and generated headers: relative to the project root,
    /// `/`-separated (`schema/v1.0/workflow_event.schema.json`).
    pub display: String,
    /// The version from the parent directory name, if it is `v<major>.<minor>`.
    pub version: Option<String>,
    /// The parsed document, property order preserved.
    pub value: Value,
    /// The file's text, as read (backends may ship it verbatim).
    pub text: String,
}

/// Reads and parses the schema at `path`; `root` is the project root used for [`Loaded::display`].
pub fn load(path: &Path, root: &Path) -> Result<Loaded> {
    let display = display_path(path, root);
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let value = serde_json::from_str(&text).map_err(|source| Error::Json {
        file: display.clone(),
        source,
    })?;
    Ok(Loaded {
        path: path.to_path_buf(),
        display,
        version: path
            .parent()
            .and_then(|dir| dir.file_name())
            .and_then(|name| version_from_dir_name(&name.to_string_lossy())),
        value,
        text,
    })
}

/// Parses a version directory name: `v1.0` → `Some("1.0")`, anything else → `None`.
pub fn version_from_dir_name(name: &str) -> Option<String> {
    let rest = name.strip_prefix('v')?;
    let (major, minor) = rest.split_once('.')?;
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (numeric(major) && numeric(minor)).then(|| rest.to_string())
}

/// The schema file of a version directory: its one `*.schema.json`.
pub fn schema_file_in(dir: &Path) -> Result<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let is_schema = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with(".schema.json"));
        if is_schema && path.is_file() {
            found.push(path);
        }
    }
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::Layout {
            path: dir.to_path_buf(),
            message: "no `*.schema.json` file in this version directory".into(),
        }),
        _ => Err(Error::Layout {
            path: dir.to_path_buf(),
            message: "more than one `*.schema.json` file in this version directory".into(),
        }),
    }
}

/// The schema files named by `--schema`: a file is itself; a version directory gives its schema
/// file; any other directory gives the schema file of every `v<major>.<minor>` directory in it,
/// in version order.
pub fn resolve(arg: &Path) -> Result<Vec<PathBuf>> {
    if arg.is_file() {
        return Ok(vec![arg.to_path_buf()]);
    }
    if !arg.is_dir() {
        return Err(Error::Layout {
            path: arg.to_path_buf(),
            message: "no such file or directory".into(),
        });
    }
    let is_version_dir = arg
        .file_name()
        .and_then(|n| version_from_dir_name(&n.to_string_lossy()))
        .is_some();
    if is_version_dir {
        return Ok(vec![schema_file_in(arg)?]);
    }
    let mut versions = Vec::new();
    for entry in std::fs::read_dir(arg).map_err(|e| Error::io(arg, e))? {
        let path = entry.map_err(|e| Error::io(arg, e))?.path();
        let version = path
            .file_name()
            .and_then(|n| version_from_dir_name(&n.to_string_lossy()));
        if let (Some(version), true) = (version, path.is_dir()) {
            versions.push((version_key(&version), path));
        }
    }
    if versions.is_empty() {
        return Err(Error::Layout {
            path: arg.to_path_buf(),
            message: "no version directories (`v<major>.<minor>`) here".into(),
        });
    }
    versions.sort();
    versions
        .into_iter()
        .map(|(_, dir)| schema_file_in(&dir))
        .collect()
}

fn version_key(version: &str) -> (u64, u64) {
    let (major, minor) = version.split_once('.').unwrap_or((version, "0"));
    (major.parse().unwrap_or(0), minor.parse().unwrap_or(0))
}

/// `path` relative to `root` when it is inside it, `/`-separated; otherwise `path` as given.
pub fn display_path(path: &Path, root: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path_abs, root_abs) = (normalize(&absolute(path)), normalize(&absolute(root)));
    let Ok(shown) = path_abs.strip_prefix(&root_abs) else {
        return path.display().to_string();
    };
    shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Removes `.` and folds `..` lexically (no filesystem access, no symlink resolution).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_from_directory_names() {
        assert_eq!(version_from_dir_name("v1.0").as_deref(), Some("1.0"));
        assert_eq!(version_from_dir_name("v12.3").as_deref(), Some("12.3"));
        assert_eq!(version_from_dir_name("v1"), None);
        assert_eq!(version_from_dir_name("schemas"), None);
        assert_eq!(version_from_dir_name("v1.x"), None);
    }

    #[test]
    fn display_paths_are_relative_and_slashed() {
        let root = Path::new("/repo");
        assert_eq!(
            display_path(Path::new("/repo/schema/v1.0/a.schema.json"), root),
            "schema/v1.0/a.schema.json"
        );
        assert_eq!(
            display_path(Path::new("/repo/./schema/../schema/x.json"), root),
            "schema/x.json"
        );
    }

    #[test]
    fn version_order_is_numeric() {
        let mut versions = vec![version_key("1.10"), version_key("1.9"), version_key("2.0")];
        versions.sort();
        assert_eq!(versions, vec![(1, 9), (1, 10), (2, 0)]);
    }
}
