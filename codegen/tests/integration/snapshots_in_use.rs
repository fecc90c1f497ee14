//! Every checked-in snapshot belongs to a test that still exists and, for a fixture snapshot,
//! to a fixture that still exists: an orphaned snapshot is a guard that no longer guards.

use std::path::Path;

use crate::repo_root;

/// The `key: value` lines of a snapshot's front matter.
fn header(text: &str) -> Vec<(&str, &str)> {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(head, _)| head.lines().filter_map(|l| l.split_once(": ")).collect())
        .unwrap_or_default()
}

#[test]
fn no_snapshot_is_orphaned() {
    let root = repo_root();
    let dirs = [
        "codegen/tests/snapshots",
        "codegen/tests/integration/snapshots",
        "tests/snapshots",
    ];
    let mut orphans = Vec::new();
    let mut seen = 0;
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "snap") {
                continue;
            }
            seen += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let fields = header(&text);
            let source = fields.iter().find(|(k, _)| *k == "source").map(|(_, v)| *v);
            let test = path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .split('@')
                .next()
                .and_then(|stem| stem.trim_end_matches(".snap").rsplit("__").next())
                .unwrap_or_default()
                .to_string();
            let source_ok = source.is_some_and(|s| {
                std::fs::read_to_string(root.join(s)).is_ok_and(|code| {
                    code.contains(&format!("fn {test}(")) || code.contains(&format!("\"{test}"))
                })
            });
            let input_ok = fields
                .iter()
                .filter(|(k, _)| *k == "input_file")
                .all(|(_, v)| Path::new(&root).join(v).is_file());
            if !source_ok || !input_ok {
                orphans.push(path.strip_prefix(&root).unwrap().display().to_string());
            }
        }
    }
    assert!(seen > 0, "no snapshots found: the directories moved?");
    assert!(
        orphans.is_empty(),
        "snapshots whose test or fixture is gone (delete them):\n{}",
        orphans.join("\n")
    );
}
