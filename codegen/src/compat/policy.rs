//! The schema directory's rules, as data: which versions are released (and so frozen), and
//! which compatibility each new version owes the earlier ones.
//!
//! - `schema/versions.lock` lists every released version with the SHA-256 of its schema file.
//!   A released file that no longer matches is an error telling the user to make a new version
//!   directory instead; a version directory missing from the lock is not released yet, which
//!   is also an error until `codegen freeze` records it (so nothing reaches CI unfrozen).
//! - `schema/compat-policy.json` says what a new version must be compatible with: by default
//!   BACKWARD with every earlier version of the same major (BACKWARD_TRANSITIVE, the schema
//!   registry default), nothing across a major version, under the writers-closed content model.
//!
//! [`check`] applies both to a schema directory; [`freeze`] adds the missing lock entries.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{ContentModel, Mode, Options, Report};
use crate::error::{Error, Result};
use crate::schema;

/// The policy file's name, inside the schema directory.
pub const POLICY_FILE: &str = "compat-policy.json";
/// The lock file's name, inside the schema directory.
pub const LOCK_FILE: &str = "versions.lock";

/// What `schema/compat-policy.json` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Free text: why the policy is what it is (ignored by the checker).
    #[serde(default, rename = "$comment")]
    pub comment: Option<String>,
    /// The verdict a new version owes earlier versions of the same major.
    pub within_major: Mode,
    /// Check against every earlier version of the major (`true`), or only the previous one.
    pub transitive: bool,
    /// The verdict a new major owes the previous major (usually `none`).
    pub across_major: Mode,
    /// Which sets the verdicts compare.
    pub content_model: ContentModel,
    /// The content-model decision, recorded with the policy (free text).
    #[serde(default)]
    pub content_model_decision: Option<String>,
}

impl Policy {
    /// The policy's name as a schema registry spells it (`BACKWARD_TRANSITIVE`).
    pub fn within_major_label(&self) -> String {
        match (self.within_major, self.transitive) {
            (Mode::None, _) => "NONE".into(),
            (m, true) => format!("{}_TRANSITIVE", m.label()),
            (m, false) => m.label().into(),
        }
    }
}

/// One `v<major>.<minor>` directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionDir {
    /// `1.0`.
    pub version: String,
    /// `(1, 0)`.
    pub key: (u64, u64),
    /// The schema file in it.
    pub schema: PathBuf,
}

/// The version directories of a schema directory, in version order.
pub fn versions(schema_dir: &Path) -> Result<Vec<VersionDir>> {
    schema::resolve(schema_dir)?
        .into_iter()
        .map(|file| {
            let version = file
                .parent()
                .and_then(|d| d.file_name())
                .and_then(|n| schema::version_from_dir_name(&n.to_string_lossy()))
                .expect("resolve returns version directories");
            let (major, minor) = version.split_once('.').expect("checked by the name");
            Ok(VersionDir {
                key: (
                    major.parse().unwrap_or(u64::MAX),
                    minor.parse().unwrap_or(u64::MAX),
                ),
                version,
                schema: file,
            })
        })
        .collect()
}

/// Reads the policy file.
pub fn load_policy(schema_dir: &Path) -> Result<Policy> {
    let path = schema_dir.join(POLICY_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Layout {
        path,
        message: format!("not a valid compatibility policy: {e}"),
    })
}

/// The lock: version → SHA-256 (hex) of its schema file, and the file name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    /// Entries by version key.
    pub entries: BTreeMap<(u64, u64), LockEntry>,
}

/// One released version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockEntry {
    /// `1.0`.
    pub version: String,
    /// The SHA-256 of the schema file, lower-case hex.
    pub sha256: String,
    /// The schema file's name inside the version directory.
    pub file: String,
}

const LOCK_HEADER: &str = "\
# Released schema versions: the SHA-256 of each version's schema file.
# A released version is immutable: `codegen check` (and CI) fail when its file changes.
# To evolve the schema, copy the newest version directory to a new one (schema/v1.2/),
# edit it there, check it with `codegen compat schema/v1.1 schema/v1.2`, then record it
# with `codegen freeze`. Lines: v<major>.<minor> sha256:<hex> <file>
";

/// The SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Reads the lock file (a missing file is an empty lock).
pub fn read_lock(schema_dir: &Path) -> Result<Lock> {
    let path = schema_dir.join(LOCK_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Lock::default()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let mut lock = Lock::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| Error::Layout {
            path: path.clone(),
            message: format!("line {}: {why}: `{line}`", n + 1),
        };
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [dir, hash, file] = parts.as_slice() else {
            return Err(bad("expected `v<major>.<minor> sha256:<hex> <file>`"));
        };
        let version = schema::version_from_dir_name(dir).ok_or_else(|| bad("not a version"))?;
        let sha256 = hash
            .strip_prefix("sha256:")
            .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| bad("expected sha256:<64 hex digits>"))?;
        let (major, minor) = version.split_once('.').expect("a version");
        let key = (
            major.parse().unwrap_or(u64::MAX),
            minor.parse().unwrap_or(u64::MAX),
        );
        let entry = LockEntry {
            version,
            sha256: sha256.to_ascii_lowercase(),
            file: (*file).to_string(),
        };
        if lock.entries.insert(key, entry).is_some() {
            return Err(bad("this version is listed twice"));
        }
    }
    Ok(lock)
}

/// The lock file's text.
pub fn render_lock(lock: &Lock) -> String {
    let mut out = LOCK_HEADER.to_string();
    for e in lock.entries.values() {
        let _ = writeln!(out, "v{} sha256:{} {}", e.version, e.sha256, e.file);
    }
    out
}

/// A problem with the released versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockProblem {
    /// A released schema file changed.
    Changed {
        /// The version.
        version: String,
        /// The file, as displayed.
        file: String,
        /// The recorded hash.
        locked: String,
        /// The file's hash now.
        actual: String,
    },
    /// A released version's directory or file is gone.
    Missing {
        /// The version.
        version: String,
        /// The file that should exist, as displayed.
        file: String,
    },
    /// A version directory that is not in the lock.
    NotFrozen {
        /// The version.
        version: String,
        /// Its schema file, as displayed.
        file: String,
    },
}

impl std::fmt::Display for LockProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockProblem::Changed {
                version,
                file,
                locked,
                actual,
            } => write!(
                f,
                "{file}: schema v{version} was released and must not change (sha256 {actual}, \
                 schema/{LOCK_FILE} records {locked}). Undo the edit and make the change in a \
                 new version directory instead: copy schema/v{version}/ to the next version, \
                 edit it there, check it with `codegen compat`, then `codegen freeze`."
            ),
            LockProblem::Missing { version, file } => write!(
                f,
                "{file}: released schema v{version} is missing (schema/{LOCK_FILE} lists it); \
                 released versions must stay"
            ),
            LockProblem::NotFrozen { version, file } => write!(
                f,
                "{file}: schema v{version} is not frozen: review `codegen compat` against the \
                 previous version, then run `codegen freeze` to record it in schema/{LOCK_FILE}"
            ),
        }
    }
}

/// Compares the lock with the version directories.
pub fn check_lock(root: &Path, schema_dir: &Path) -> Result<Vec<LockProblem>> {
    let lock = read_lock(schema_dir)?;
    let dirs = versions(schema_dir)?;
    let mut problems = Vec::new();
    for (key, entry) in &lock.entries {
        let file = schema_dir
            .join(format!("v{}", entry.version))
            .join(&entry.file);
        let shown = schema::display_path(&file, root);
        match std::fs::read(&file) {
            Ok(bytes) => {
                let actual = sha256_hex(&bytes);
                if actual != entry.sha256 {
                    problems.push(LockProblem::Changed {
                        version: entry.version.clone(),
                        file: shown,
                        locked: entry.sha256.clone(),
                        actual,
                    });
                }
            }
            Err(_) => problems.push(LockProblem::Missing {
                version: entry.version.clone(),
                file: shown,
            }),
        }
        let _ = key;
    }
    for d in &dirs {
        if !lock.entries.contains_key(&d.key) {
            problems.push(LockProblem::NotFrozen {
                version: d.version.clone(),
                file: schema::display_path(&d.schema, root),
            });
        }
    }
    Ok(problems)
}

/// Records every version directory that is not in the lock yet; released entries are never
/// changed. Returns the versions added.
pub fn freeze(schema_dir: &Path) -> Result<Vec<String>> {
    let mut lock = read_lock(schema_dir)?;
    let mut added = Vec::new();
    for d in versions(schema_dir)? {
        if lock.entries.contains_key(&d.key) {
            continue;
        }
        let bytes = std::fs::read(&d.schema).map_err(|e| Error::io(&d.schema, e))?;
        lock.entries.insert(
            d.key,
            LockEntry {
                version: d.version.clone(),
                sha256: sha256_hex(&bytes),
                file: d
                    .schema
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            },
        );
        added.push(d.version);
    }
    if !added.is_empty() {
        let path = schema_dir.join(LOCK_FILE);
        std::fs::write(&path, render_lock(&lock)).map_err(|e| Error::io(&path, e))?;
    }
    Ok(added)
}

/// One comparison the policy requires.
#[derive(Debug, Clone)]
pub struct Required {
    /// The verdict required.
    pub mode: Mode,
    /// The comparison.
    pub report: Report,
}

impl Required {
    /// Whether the required verdict holds.
    pub fn ok(&self) -> bool {
        self.mode.satisfied_by(&self.report)
    }
}

/// The result of [`check`].
#[derive(Debug, Clone)]
pub struct PolicyReport {
    /// The policy applied.
    pub policy: Policy,
    /// Released versions that changed, vanished, or are not frozen.
    pub lock: Vec<LockProblem>,
    /// Every comparison the policy requires, newest version first, then its earlier versions
    /// newest first.
    pub required: Vec<Required>,
}

impl PolicyReport {
    /// `true` when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.lock.is_empty() && self.required.iter().all(Required::ok)
    }

    /// A readable summary; the full compatibility report of every failing comparison follows.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let p = &self.policy;
        let _ = writeln!(
            out,
            "policy (schema/{POLICY_FILE}): within a major version {}; across major versions {}",
            p.within_major_label(),
            p.across_major.label()
        );
        if self.lock.is_empty() {
            let _ = writeln!(out, "released versions (schema/{LOCK_FILE}): all unchanged");
        } else {
            for problem in &self.lock {
                let _ = writeln!(out, "error: {problem}");
            }
        }
        for r in &self.required {
            let _ = writeln!(
                out,
                "{} {} → {}: {} {} (backward {}, forward {}, full {})",
                if r.ok() { "ok  " } else { "FAIL" },
                r.report.old,
                r.report.new,
                r.mode.label(),
                if r.ok() { "holds" } else { "does not hold" },
                yes(r.report.backward),
                yes(r.report.forward),
                yes(r.report.full)
            );
        }
        for r in self.required.iter().filter(|r| !r.ok()) {
            let _ = writeln!(out);
            out.push_str(&super::render_text(
                &r.report,
                r.mode,
                Some(&format!("the policy, schema/{POLICY_FILE}")),
            ));
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", if self.ok() { "ok" } else { "FAILED" });
        out
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Applies the lock and the policy to a schema directory.
pub fn check(root: &Path, schema_dir: &Path) -> Result<PolicyReport> {
    let policy = load_policy(schema_dir)?;
    let lock = check_lock(root, schema_dir)?;
    let dirs = versions(schema_dir)?;
    let options = Options {
        content_model: policy.content_model,
    };
    let loaded: Vec<schema::Loaded> = dirs
        .iter()
        .map(|d| schema::load(&d.schema, root))
        .collect::<Result<_>>()?;
    let mut required = Vec::new();
    for (i, new) in dirs.iter().enumerate().rev() {
        // Earlier versions of the same major, newest first.
        let same: Vec<usize> = (0..i)
            .rev()
            .filter(|&j| dirs[j].key.0 == new.key.0)
            .collect();
        let mut pairs: Vec<(usize, Mode)> = Vec::new();
        let take = if policy.transitive {
            same.len()
        } else {
            same.len().min(1)
        };
        pairs.extend(same.iter().take(take).map(|&j| (j, policy.within_major)));
        // The first version of a major owes `across_major` to the newest of the previous one.
        if same.is_empty() && i > 0 {
            pairs.push((i - 1, policy.across_major));
        }
        for (j, mode) in pairs {
            if mode == Mode::None {
                continue;
            }
            let report = super::check(&loaded[j], &loaded[i], options);
            required.push(Required { mode, report });
        }
    }
    Ok(PolicyReport {
        policy,
        lock,
        required,
    })
}
