//! The version of a package that holds every schema version (Python, TypeScript): the newest
//! schema version's `<major>.<minor>`, then a number that grows whenever the package's content
//! changes, so that an index accepts the upload of what a fixed generator makes (a published
//! version is never reused for other bytes) and the newest upload is the highest version.
//!
//! The number is recorded with a hash of the content in [`STAMP`] at the package root: the
//! hash covers every rendered file but the stamp, with the version left out (backends render
//! [`PLACEHOLDER`] where the version goes) and before `dist/` is built (it is made from the
//! sources). Content equal to the recorded hash keeps the recorded version; other content gets
//! the next number (0 under a new `<major>.<minor>`). No clock and no counter outside the
//! repository: the same checked-in package always gives the same version, and `--check`
//! reports a content change as drift of the version too.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::Files;
use crate::error::{Error, Result};

/// The stamp file, at the package root.
pub const STAMP: &str = "content.sha256";

/// What backends render where the package version goes (a valid semver and PEP 440 version,
/// so a file rendered with it still parses).
pub const PLACEHOLDER: &str = "0.0.0-codegen.version";

/// The version recorded in `dir`'s stamp, with the content hash it names.
struct Recorded {
    version: String,
    hash: String,
}

fn read(dir: &Path) -> Result<Option<Recorded>> {
    let path = dir.join(STAMP);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let line = text
        .lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .unwrap_or_default();
    let parsed = line.split_once(" sha256:").and_then(|(version, hash)| {
        let numbers: Vec<&str> = version.split('.').collect();
        let valid = numbers.len() == 3
            && numbers
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            && hash.len() == 64
            && hash.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| Recorded {
            version: version.to_string(),
            hash: hash.to_string(),
        })
    });
    parsed.map(Some).ok_or_else(|| Error::Layout {
        path: path.clone(),
        message: "expected a line `<major>.<minor>.<n> sha256:<64 hex digits>` (after a merge \
                  conflict: keep the higher version, then run codegen again)"
            .into(),
    })
}

/// The hash of `files` (path, then content, each followed by a NUL byte, in path order).
fn content_hash(files: &Files) -> String {
    let mut hash = Sha256::new();
    for (path, text) in &files.0 {
        if path == STAMP {
            continue;
        }
        hash.update(path.as_bytes());
        hash.update([0]);
        hash.update(text.as_bytes());
        hash.update([0]);
    }
    format!("{:x}", hash.finalize())
}

/// Sets the version of the package rendered into `files`, whose newest schema version is
/// `base` (`"1.1"`), from the stamp in `dir` (where the package is, or goes): replaces
/// [`PLACEHOLDER`] in every file and adds the stamp. Returns the version.
pub fn complete(files: &mut Files, dir: &Path, base: &str) -> Result<String> {
    let hash = content_hash(files);
    let recorded = read(dir)?;
    let same_base = |version: &str| {
        version
            .rsplit_once('.')
            .is_some_and(|(major_minor, _)| major_minor == base)
    };
    let version = match recorded {
        Some(r) if r.hash == hash && same_base(&r.version) => r.version,
        Some(r) if same_base(&r.version) => {
            let n: u64 = r
                .version
                .rsplit_once('.')
                .and_then(|(_, n)| n.parse().ok())
                .unwrap_or(0);
            format!("{base}.{}", n + 1)
        }
        _ => format!("{base}.0"),
    };
    for text in files.0.values_mut() {
        if text.contains(PLACEHOLDER) {
            *text = text.replace(PLACEHOLDER, &version);
        }
    }
    files.insert(
        STAMP,
        format!(
            "# Written by codegen; do not edit. The package version, then the SHA-256 of the package's\n\
             # content (every generated file but this one and dist/, the version left out): content\n\
             # that differs from this hash gets the next number, so no version is reused.\n\
             {version} sha256:{hash}\n"
        ),
    );
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Files {
        let mut f = Files::default();
        f.insert(
            "package.json",
            format!("{{\"version\": \"{PLACEHOLDER}\"}}"),
        );
        f.insert("src/a.ts", text);
        f
    }

    #[test]
    fn a_content_change_is_the_next_number_and_same_content_keeps_its_version() {
        let dir = tempfile::tempdir().unwrap();
        let write = |f: &Files| crate::output::write(f, dir.path()).unwrap();
        let mut first = files("a");
        assert_eq!(complete(&mut first, dir.path(), "1.1").unwrap(), "1.1.0");
        assert_eq!(first.0["package.json"], "{\"version\": \"1.1.0\"}");
        write(&first);
        let mut again = files("a");
        assert_eq!(complete(&mut again, dir.path(), "1.1").unwrap(), "1.1.0");
        assert_eq!(again, first);
        let mut changed = files("b");
        assert_eq!(complete(&mut changed, dir.path(), "1.1").unwrap(), "1.1.1");
        write(&changed);
        let mut newer = files("b");
        assert_eq!(complete(&mut newer, dir.path(), "1.2").unwrap(), "1.2.0");
    }

    #[test]
    fn a_stamp_that_cannot_be_read_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STAMP), "<<<<<<< HEAD\n").unwrap();
        let err = complete(&mut files("a"), dir.path(), "1.1").unwrap_err();
        assert!(err.to_string().contains(STAMP), "{err}");
    }
}
