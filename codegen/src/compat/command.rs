//! The `compat`, `check` and `freeze` subcommands of the command line.
//!
//! - `codegen compat OLD NEW`: the compatibility report of two versions (exit 0 when the
//!   `--mode` verdict holds, 1 when it does not, 2 on error).
//! - `codegen check`: CI's gate: released versions unchanged (`schema/versions.lock`) and every
//!   version compatible with the earlier ones as `schema/compat-policy.json` requires.
//! - `codegen freeze`: records new version directories in `schema/versions.lock`, after the
//!   same checks.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::policy::{self, LockProblem};
use super::{ContentModel, Mode, Options, Report};
use crate::cli::Outcome;
use crate::error::{Error, Result};
use crate::schema;

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
    Compat(CompatArgs),
    /// Check schema/ against its rules: released versions unchanged (schema/versions.lock), and
    /// each version compatible with the earlier ones as schema/compat-policy.json requires.
    ///
    /// Exit status: 0 ok, 1 a rule is broken, 2 error.
    Check(DirArgs),
    /// Record the version directories that are not in schema/versions.lock yet (their
    /// release), after the same checks as `check`. Released entries never change.
    Freeze(DirArgs),
}

/// Arguments of `compat`.
#[derive(Debug, clap::Args)]
pub struct CompatArgs {
    /// The old version: a version directory (schema/v1.0) or a schema file.
    pub old: PathBuf,
    /// The new version: a version directory (schema/v1.1) or a schema file.
    pub new: PathBuf,
    /// The verdict that decides the exit status.
    #[arg(long, value_enum, default_value = "backward")]
    pub mode: Mode,
    /// Compare NEW with every version directory from OLD up to NEW (exclusive), not only OLD.
    #[arg(long)]
    pub transitive: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Which sets are compared. Default: the `content_model` of the schema directory's
    /// compat-policy.json (this project's: writers-closed: writers emit declared properties
    /// only, readers ignore unknown ones), or strict when there is none. strict: the literal
    /// instance sets of the schemas as written, what schema registries (Confluent, Karapace)
    /// check. The report's first line names the one used.
    #[arg(long, value_enum)]
    pub content_model: Option<ContentModel>,
}

/// Arguments of `check` and `freeze`.
#[derive(Debug, clap::Args)]
pub struct DirArgs {
    /// The schema directory. Default: `schema/` of the project root.
    #[arg(long, value_name = "DIR")]
    pub schema: Option<PathBuf>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable report.
    Text,
    /// One JSON object.
    Json,
}

/// Runs a subcommand from the project root.
pub fn run(command: &Command, root: &Path) -> Result<Outcome> {
    match command {
        Command::Compat(args) => compat(args, root),
        Command::Check(args) => check(args, root),
        Command::Freeze(args) => freeze(args, root),
    }
}

fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Error::io("<stdout>", e))
}

fn outcome(ok: bool) -> Outcome {
    if ok {
        Outcome::Done
    } else {
        Outcome::Drift
    }
}

/// The content model a `compat` run uses and where it comes from: the flag, else the policy
/// of the schema directory holding NEW (or the project's `schema/`), else strict.
fn reading(args: &CompatArgs, root: &Path) -> Result<(ContentModel, String)> {
    if let Some(m) = args.content_model {
        return Ok((m, "--content-model".into()));
    }
    let new_dir = if args.new.is_file() {
        args.new.parent().and_then(Path::parent)
    } else {
        args.new.parent()
    };
    let dirs = new_dir
        .into_iter()
        .map(Path::to_path_buf)
        .chain([root.join("schema")]);
    for dir in dirs {
        if dir.join(policy::POLICY_FILE).is_file() {
            let p = policy::load_policy(&dir)?;
            let shown = schema::display_path(&dir.join(policy::POLICY_FILE), root);
            return Ok((p.content_model, format!("the project's policy, {shown}")));
        }
    }
    Ok((
        ContentModel::default(),
        format!("the default: no {} found", policy::POLICY_FILE),
    ))
}

fn compat(args: &CompatArgs, root: &Path) -> Result<Outcome> {
    let (content_model, origin) = reading(args, root)?;
    let options = Options { content_model };
    let olds = if args.transitive {
        transitive_olds(&args.old, &args.new)?
    } else {
        vec![args.old.clone()]
    };
    let reports: Vec<Report> = olds
        .iter()
        .map(|old| super::check_paths(old, &args.new, root, options))
        .collect::<Result<_>>()?;
    let ok = reports.iter().all(|r| args.mode.satisfied_by(r));
    match (args.format, reports.as_slice()) {
        (Format::Json, [one]) => print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&super::render_json(one)).expect("JSON")
        ))?,
        (Format::Json, many) => {
            let all = |f: fn(&Report) -> bool| many.iter().all(f);
            let changes: Vec<Value> = many
                .iter()
                .flat_map(|r| {
                    r.changes.iter().map(move |c| {
                        let mut v = serde_json::to_value(c).expect("JSON");
                        v["old"] = Value::String(r.old.clone());
                        v
                    })
                })
                .collect();
            let comparisons: Vec<Value> = many
                .iter()
                .map(|r| {
                    json!({"old": r.old, "new": r.new, "backward": r.backward,
                           "forward": r.forward, "full": r.full})
                })
                .collect();
            let doc = json!({
                "backward": all(|r| r.backward),
                "forward": all(|r| r.forward),
                "full": all(|r| r.full),
                "changes": changes,
                "comparisons": comparisons,
                "content_model": content_model,
            });
            print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).expect("JSON")
            ))?
        }
        (Format::Text, reports) => {
            let texts: Vec<String> = reports
                .iter()
                .map(|r| super::render_text(r, args.mode, Some(&origin)))
                .collect();
            let mut text = texts.join("\n");
            if reports.len() > 1 {
                text.push_str(&format!(
                    "\n{} (transitive, {} versions): {}\n",
                    args.mode.label(),
                    reports.len(),
                    if ok { "compatible" } else { "INCOMPATIBLE" }
                ));
            }
            print(&text)?
        }
    }
    Ok(outcome(ok))
}

/// `--transitive`: every version directory beside NEW from OLD up to NEW (exclusive).
fn transitive_olds(old: &Path, new: &Path) -> Result<Vec<PathBuf>> {
    let version_of = |p: &Path| {
        let dir = if p.is_file() { p.parent() } else { Some(p) };
        dir.and_then(|d| d.file_name())
            .and_then(|n| schema::version_from_dir_name(&n.to_string_lossy()))
    };
    let key = |v: &str| {
        let (a, b) = v.split_once('.').unwrap_or((v, "0"));
        (a.parse::<u64>().unwrap_or(0), b.parse::<u64>().unwrap_or(0))
    };
    let (Some(ov), Some(nv)) = (version_of(old), version_of(new)) else {
        return Err(Error::Layout {
            path: new.to_path_buf(),
            message: "--transitive needs version directories (schema/v1.0 schema/v1.2)".into(),
        });
    };
    let new_dir = if new.is_file() {
        new.parent().unwrap_or(new)
    } else {
        new
    };
    let parent = new_dir.parent().ok_or_else(|| Error::Layout {
        path: new.to_path_buf(),
        message: "no parent directory".into(),
    })?;
    let (lo, hi) = (key(&ov), key(&nv));
    let mut olds: Vec<PathBuf> = policy::versions(parent)?
        .into_iter()
        .filter(|d| d.key >= lo && d.key < hi)
        .map(|d| d.schema)
        .collect();
    olds.reverse();
    if olds.is_empty() {
        return Err(Error::Layout {
            path: old.to_path_buf(),
            message: format!("no version from {ov} up to {nv} beside {}", new.display()),
        });
    }
    Ok(olds)
}

fn schema_dir(args: &DirArgs, root: &Path) -> PathBuf {
    args.schema.clone().unwrap_or_else(|| root.join("schema"))
}

fn check(args: &DirArgs, root: &Path) -> Result<Outcome> {
    let report = policy::check(root, &schema_dir(args, root))?;
    print(&report.render_text())?;
    Ok(outcome(report.ok()))
}

fn freeze(args: &DirArgs, root: &Path) -> Result<Outcome> {
    let dir = schema_dir(args, root);
    let report = policy::check(root, &dir)?;
    let blocking = report
        .lock
        .iter()
        .any(|p| !matches!(p, LockProblem::NotFrozen { .. }))
        || report.required.iter().any(|r| !r.ok());
    if blocking {
        print(&report.render_text())?;
        eprintln!("codegen: nothing frozen: fix the problems above first");
        return Ok(Outcome::Drift);
    }
    let added = policy::freeze(&dir)?;
    if added.is_empty() {
        eprintln!("codegen: every version is already frozen");
    } else {
        let shown = schema::display_path(&dir.join(policy::LOCK_FILE), root);
        eprintln!("codegen: froze v{} in {shown}", added.join(", v"));
    }
    Ok(Outcome::Done)
}
