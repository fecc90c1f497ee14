//! `codegen new-version X.Y`: a new version directory under `schema/`, copied from the newest
//! version (or `--from`), with the version bumped everywhere it is written: the schema's `$id`
//! (its `vOLD` path segment), the default of the envelope's version property
//! (`metadata.version`, found by [`crate::ir::Envelope`]), and that property's value in every
//! example, counterexample and canonical file, including JSON text held in strings. The schema
//! keeps its author's formatting: only those values change. The directory is written under a
//! temporary name and renamed into place, so a failure leaves nothing half-written.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::{ir, schema};

/// What `new-version` will write.
#[derive(Debug)]
pub struct Plan {
    /// The version copied (`1.1`).
    pub from: String,
    /// The new version (`1.2`).
    pub to: String,
    /// The new version directory (`schema/v1.2`).
    pub dir: PathBuf,
    /// Every file of the new directory: path relative to it, and content.
    pub files: Vec<(PathBuf, String)>,
    /// How many values were rewritten, by where: the schema (`$id`, default) and the instances.
    pub schema_edits: usize,
    /// Instance files in which the version was rewritten.
    pub instance_files: usize,
}

/// Plans version `to` in `schema_dir` (the project root `root` names files in messages),
/// copied from version `from`, else from the newest version.
pub fn plan(schema_dir: &Path, root: &Path, to: &str, from: Option<&str>) -> Result<Plan> {
    let layout = |path: &Path, message: String| Error::Layout {
        path: path.to_path_buf(),
        message,
    };
    let to_key = version_key(to).ok_or_else(|| {
        layout(
            schema_dir,
            format!("`{to}` is not a version: write <major>.<minor>, as `1.2`"),
        )
    })?;
    let dir = schema_dir.join(format!("v{to}"));
    if dir.exists() {
        return Err(layout(&dir, "already exists".into()));
    }
    let files = schema::resolve(schema_dir)?;
    let versions: Vec<(String, PathBuf)> = files
        .iter()
        .filter_map(|file| {
            let name = file.parent()?.file_name()?.to_string_lossy().into_owned();
            Some((schema::version_from_dir_name(&name)?, file.clone()))
        })
        .collect();
    let newest = versions.last().map(|(v, _)| v.clone()).unwrap_or_default();
    if version_key(&newest).is_some_and(|newest| to_key <= newest) {
        return Err(layout(
            &dir,
            format!("a new version must come after the newest, v{newest}"),
        ));
    }
    let (from, source_file) = match from {
        None => versions.last().cloned(),
        Some(from) => versions.iter().find(|(v, _)| v == from).cloned(),
    }
    .ok_or_else(|| {
        layout(
            schema_dir,
            format!("no version v{} to copy", from.unwrap_or("<any>")),
        )
    })?;
    let source_dir = source_file.parent().unwrap_or(schema_dir).to_path_buf();
    let loaded = schema::load(&source_file, root)?;
    let module = ir::lower(&loaded)?;
    let envelope = module.envelope.as_ref().ok_or_else(|| {
        layout(
            &source_file,
            "not an envelope: there is no version property to bump".into(),
        )
    })?;
    let key = envelope.version.path.last().cloned().unwrap_or_default();

    let mut out = Vec::new();
    let mut schema_edits = 0;
    let mut instance_files = 0;
    for path in walk(&source_dir)? {
        let relative = path
            .strip_prefix(&source_dir)
            .unwrap_or(&path)
            .to_path_buf();
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let text = if path == source_file {
            let (edited, edits) = edit_schema(&loaded, &envelope.version.pointer, &from, to)?;
            schema_edits = edits;
            edited
        } else if path.extension().is_some_and(|e| e == "json") {
            let (edited, n) = replace_version_values(&text, &key, &from, to);
            instance_files += usize::from(n > 0);
            edited
        } else {
            text
        };
        out.push((relative, text));
    }
    Ok(Plan {
        from,
        to: to.to_string(),
        dir,
        files: out,
        schema_edits,
        instance_files,
    })
}

/// Writes the planned directory: every file into a temporary sibling directory, then one rename.
pub fn write(plan: &Plan) -> Result<()> {
    let parent = plan.dir.parent().unwrap_or(Path::new("."));
    let name = plan.dir.file_name().unwrap_or_default().to_string_lossy();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        for (relative, text) in &plan.files {
            let path = tmp.join(relative);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        }
        std::fs::rename(&tmp, &plan.dir).map_err(|e| Error::io(&plan.dir, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// `1.2` → `(1, 2)`; one spelling per version (no `01.2`).
fn version_key(text: &str) -> Option<(u64, u64)> {
    let (major, minor) = text.split_once('.')?;
    let key = (major.parse().ok()?, minor.parse().ok()?);
    (format!("{}.{}", key.0, key.1) == text).then_some(key)
}

/// Every file under `dir`, sorted.
fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_dir() {
            out.extend(walk(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// The schema text with `$id`'s `vFROM` segment and the version default at `pointer` set to
/// `to`, everything else as written; and how many values changed.
fn edit_schema(
    loaded: &schema::Loaded,
    version_pointer: &str,
    from: &str,
    to: &str,
) -> Result<(String, usize)> {
    let text = &loaded.text;
    let fail = |message: String| Error::Schema {
        file: loaded.display.clone(),
        pointer: version_pointer.to_string(),
        keyword: "default".into(),
        message,
    };
    let ast = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default())
        .map_err(|e| fail(format!("cannot read the schema's text: {e}")))?
        .value
        .ok_or_else(|| fail("the schema is empty".into()))?;
    let mut edits: Vec<(jsonc_parser::common::Range, String)> = Vec::new();
    if let Some(id) = find(&ast, "/$id").and_then(|v| v.as_string_lit()) {
        let old = format!("/v{from}/");
        if id.value.contains(&old) {
            let new = id.value.replace(&old, &format!("/v{to}/"));
            edits.push((id.range, serde_json::Value::from(new).to_string()));
        }
    }
    let default = find(&ast, &format!("{version_pointer}/default"))
        .and_then(|v| v.as_string_lit())
        .filter(|lit| lit.value == from)
        .ok_or_else(|| {
            fail(format!(
                "the version property has no `\"default\": \"{from}\"` to bump; set it by hand"
            ))
        })?;
    edits.push((default.range, serde_json::Value::from(to).to_string()));
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.clone();
    for (range, replacement) in &edits {
        out.replace_range(range.start..range.end, replacement);
    }
    Ok((out, edits.len()))
}

/// The value at a JSON pointer of a parsed document.
fn find<'a, 'v>(
    value: &'v jsonc_parser::ast::Value<'a>,
    pointer: &str,
) -> Option<&'v jsonc_parser::ast::Value<'a>> {
    let mut here = value;
    for token in schema::Pointer::parse(pointer)?.tokens() {
        here = match here {
            jsonc_parser::ast::Value::Object(object) => object
                .properties
                .iter()
                .find(|p| p.name.as_str() == token)
                .map(|p| &p.value)?,
            jsonc_parser::ast::Value::Array(array) => {
                array.elements.get(token.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(here)
}

/// `text` with every `"<key>": "<from>"` (any spacing) set to `to`, also where the JSON is
/// itself inside a JSON string (`\"<key>\":\"<from>\"`); and how many were set.
fn replace_version_values(text: &str, key: &str, from: &str, to: &str) -> (String, usize) {
    let (plain, a) = replace_quoted(text, "\"", key, from, to);
    let (escaped, b) = replace_quoted(&plain, "\\\"", key, from, to);
    (escaped, a + b)
}

/// One spelling of quotes (`"` or `\"`): `<q>key<q> : <q>from<q>` → `<q>key<q> : <q>to<q>`.
fn replace_quoted(text: &str, quote: &str, key: &str, from: &str, to: &str) -> (String, usize) {
    let needle = format!("{quote}{key}{quote}");
    let old = format!("{quote}{from}{quote}");
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let (before, after) = rest.split_at(at + needle.len());
        out.push_str(before);
        rest = after;
        let Some(value) = after.trim_start().strip_prefix(':') else {
            continue;
        };
        let value = value.trim_start();
        if let Some(tail) = value.strip_prefix(&old) {
            out.push_str(&after[..after.len() - value.len()]);
            out.push_str(&format!("{quote}{to}{quote}"));
            rest = tail;
            count += 1;
        }
    }
    out.push_str(rest);
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_rewritten_plain_and_inside_strings() {
        let text = r#"{"metadata": {"version" :  "1.1"}, "raw": "{\"metadata\":{\"version\":\"1.1\"}}", "other": "1.1", "version": "1.10"}"#;
        let (out, n) = replace_version_values(text, "version", "1.1", "1.2");
        assert_eq!(n, 2);
        assert_eq!(
            out,
            r#"{"metadata": {"version" :  "1.2"}, "raw": "{\"metadata\":{\"version\":\"1.2\"}}", "other": "1.1", "version": "1.10"}"#
        );
    }

    #[test]
    fn versions_are_ordered_and_spelled_once() {
        assert_eq!(version_key("1.10"), Some((1, 10)));
        assert_eq!(version_key("01.2"), None);
        assert_eq!(version_key("2"), None);
    }
}
