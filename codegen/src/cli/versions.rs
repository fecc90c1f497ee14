//! The version commands: `check` (CI's gate: released versions unchanged in
//! `schema/versions.lock`, every version compatible with the earlier ones as
//! `schema/compat-policy.json` requires), `freeze` (records new version directories in the lock,
//! after the same checks) and `new-version` (a new version directory to edit).

use std::path::{Path, PathBuf};

use super::{outcome, print, Outcome};
use crate::compat::policy::{self, LockProblem};
use crate::error::Result;
use crate::{new_version as plan, schema};

/// Arguments of `check` and `freeze`.
#[derive(Debug, clap::Args)]
pub struct DirArgs {
    /// The schema directory. Default: `schema/` of the project root.
    #[arg(long, value_name = "DIR")]
    pub schema: Option<PathBuf>,
}

/// Arguments of `new-version`.
#[derive(Debug, clap::Args)]
pub struct NewVersionArgs {
    /// The new version, `<major>.<minor>` (`1.2`); it must come after every existing version.
    pub version: String,
    /// The version to copy (`1.1`). Default: the newest.
    #[arg(long, value_name = "VERSION")]
    pub from: Option<String>,
    /// The schema directory. Default: `schema/` of the project root.
    #[arg(long, value_name = "DIR")]
    pub schema: Option<PathBuf>,
}

fn schema_dir(args: &DirArgs, root: &Path) -> PathBuf {
    args.schema.clone().unwrap_or_else(|| root.join("schema"))
}

/// Runs `codegen check`.
pub fn check(args: &DirArgs, root: &Path) -> Result<Outcome> {
    let report = policy::check(root, &schema_dir(args, root))?;
    print(&report.render_text())?;
    Ok(outcome(report.ok()))
}

/// Runs `codegen freeze`.
pub fn freeze(args: &DirArgs, root: &Path) -> Result<Outcome> {
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

/// Runs `codegen new-version`.
pub fn new_version(args: &NewVersionArgs, root: &Path) -> Result<Outcome> {
    let dir = args.schema.clone().unwrap_or_else(|| root.join("schema"));
    let plan = plan::plan(&dir, root, &args.version, args.from.as_deref())?;
    plan::write(&plan)?;
    let shown = schema::display_path(&plan.dir, root);
    eprintln!(
        "codegen: {shown}: copied from v{} ({} files); version {} set in the schema ($id and default: {} values) and in {} example and counterexample files",
        plan.from,
        plan.files.len(),
        plan.to,
        plan.schema_edits,
        plan.instance_files
    );
    eprintln!("next: edit {shown}/*.schema.json, then `codegen compat schema/v{} {shown}`, `codegen`, `scripts/test`", plan.from);
    Ok(Outcome::Done)
}
