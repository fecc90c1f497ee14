//! `codegen compat OLD NEW`: the compatibility report of two versions (exit 0 when the
//! `--mode` verdict holds, 1 when it does not, 2 on error).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::{outcome, print, Outcome};
use crate::compat::{policy, ContentModel, Mode, Options, Report};
use crate::error::{Error, Result};
use crate::schema;

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

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable report.
    Text,
    /// One JSON object.
    Json,
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

/// Runs `codegen compat`.
pub fn run(args: &CompatArgs, root: &Path) -> Result<Outcome> {
    let (content_model, origin) = reading(args, root)?;
    let options = Options { content_model };
    let olds = if args.transitive {
        transitive_olds(&args.old, &args.new)?
    } else {
        vec![args.old.clone()]
    };
    let reports: Vec<Report> = olds
        .iter()
        .map(|old| crate::compat::check_paths(old, &args.new, root, options))
        .collect::<Result<_>>()?;
    let ok = reports.iter().all(|r| args.mode.satisfied_by(r));
    match (args.format, reports.as_slice()) {
        (Format::Json, [one]) => print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&crate::compat::render_json(one)).expect("JSON")
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
                .map(|r| crate::compat::render_text(r, args.mode, Some(&origin)))
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
