//! Printing a [`Report`]: a readable text report for a pull request, or one JSON object.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{ContentModel, Mode, Report};

/// The report as one JSON object: `backward`, `forward`, `full`, `changes`, then `old`, `new`
/// and `content_model`.
pub fn render_json(report: &Report) -> Value {
    json!({
        "backward": report.backward,
        "forward": report.forward,
        "full": report.full,
        "changes": report.changes,
        "old": report.old,
        "new": report.new,
        "content_model": report.content_model,
    })
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "compatible"
    } else {
        "INCOMPATIBLE"
    }
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

/// The report as text; `mode` is the verdict the command gates on, `origin` says where the
/// content model came from (`schema/compat-policy.json`, `--content-model`). The first line
/// names the reading.
pub fn render_text(report: &Report, mode: Mode, origin: Option<&str>) -> String {
    let mut out = String::new();
    let meaning = match report.content_model {
        ContentModel::WritersClosed => {
            "writers emit declared properties only; readers ignore unknown ones \
             (--content-model strict: a schema registry's literal reading)"
        }
        ContentModel::Strict => {
            "the schemas' instance sets as written, as a schema registry reads them"
        }
    };
    let origin = origin.map(|o| format!(" ({o})")).unwrap_or_default();
    let _ = writeln!(
        out,
        "content model: {}{origin}",
        report.content_model.label()
    );
    let _ = writeln!(out, "  {meaning}");
    let _ = writeln!(out, "{} → {}", report.old, report.new);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  BACKWARD  {:<13} new readers accept everything old writers emit (consumers upgrade first)",
        verdict(report.backward)
    );
    let _ = writeln!(
        out,
        "  FORWARD   {:<13} old readers accept everything new writers emit (producers upgrade first)",
        verdict(report.forward)
    );
    let _ = writeln!(out, "  FULL      {}", verdict(report.full));
    let _ = writeln!(out);
    if report.changes.is_empty() {
        let _ = writeln!(out, "No changes.");
    } else {
        let n = report.changes.len();
        let _ = writeln!(
            out,
            "{n} change{} (B = backward, F = forward):",
            if n == 1 { "" } else { "s" }
        );
        let width = report
            .changes
            .iter()
            .map(|c| c.kind.as_str().len())
            .max()
            .unwrap_or(0);
        for c in &report.changes {
            let _ = writeln!(
                out,
                "  {} {}  {:<width$}  {}",
                mark(c.backward),
                mark(c.forward),
                c.kind.as_str(),
                if c.path.is_empty() { "(root)" } else { &c.path },
            );
            let _ = writeln!(out, "        {}", c.detail);
            if let Some(why) = &c.undecidable {
                let _ = writeln!(out, "        cannot decide: {why} (counted as breaking)");
            }
            let witnesses = [
                (
                    &c.witness.backward,
                    "BACKWARD witness (valid for old writers, rejected by new readers)",
                ),
                (
                    &c.witness.forward,
                    "FORWARD witness (valid for new writers, rejected by old readers)",
                ),
            ];
            for (w, title) in witnesses {
                if let Some(w) = w {
                    let _ = writeln!(out, "        {title}:");
                    if !w.instance.is_null() {
                        let _ = writeln!(out, "          {}", w.instance);
                    }
                    if let Some(e) = &w.error {
                        let _ = writeln!(out, "          note: {e}");
                    }
                }
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}: {}",
        mode.label(),
        if mode.satisfied_by(report) {
            "compatible"
        } else {
            "INCOMPATIBLE"
        }
    );
    out
}
