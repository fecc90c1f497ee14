//! `allOf`: the parts merged into one schema before lowering (properties and `required`
//! united, bounds intersected), because every backend models an object as one type; parts that
//! disagree where a merge would change the meaning are refused, naming the part.

use serde_json::{Map, Value};

use super::checks::CHECKED;
use super::keywords::{is_empty_schema, Kw};
use super::{escape, percent_decode, unescape, Lowerer};
use crate::error::Result;

impl Lowerer<'_> {
    /// `allOf` of object (or compatible) schemas merged into one schema, with the keywords next
    /// to it: properties and `required` united, bounds intersected, anything the branches
    /// disagree on an error naming the branch. Keywords no type expresses (and a part's schema
    /// for undeclared properties) are left out of the merge and returned by name: the caller
    /// checks them on the whole `allOf` node at run time, where each part applies on its own.
    pub(super) fn merge_all_of(&self, kw: &Kw) -> Result<(Map<String, Value>, Vec<String>)> {
        let pointer = kw.pointer;
        let branches = match kw.peek("allOf") {
            Some(Value::Array(items)) if !items.is_empty() => items,
            _ => return Err(self.err(pointer, "allOf", "must be a non-empty array of schemas")),
        };
        let mut base = Map::new();
        for (key, value) in kw.map {
            // A property's `default` was read by the property itself, and the root's `$schema`,
            // `$id` and `$defs` by `lower`: they are not part of the merged type.
            let read_elsewhere = matches!(
                key.as_str(),
                "default" | "x-default-factory" | "$schema" | "$id" | "$defs"
            );
            if key == "allOf" || (kw.was_read(key) && read_elsewhere) {
                continue;
            }
            base.insert(key.clone(), value.clone());
        }
        let mut left = Vec::new();
        let mut parts = vec![(pointer.to_string(), base)];
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = format!("{pointer}/allOf/{index}");
            let (at, part, inner_left) = self.all_of_branch(&branch_pointer, branch)?;
            add_all(&mut left, inner_left);
            parts.push((at, part));
        }
        for (part_pointer, part) in &mut parts {
            for keyword in strip_checked(part) {
                let value = kw.peek(&keyword);
                if let Some(value) = value.filter(|_| *part_pointer == pointer) {
                    self.portable_schema_keyword(pointer, &keyword, value)?;
                }
                add_all(&mut left, vec![keyword]);
            }
        }
        let mut merged = Map::new();
        for (index, (part_pointer, part)) in parts.iter().enumerate() {
            let mut part = part.clone();
            if index > 0 {
                // A branch's title would name the merged type after one of its parts.
                part.remove("title");
            }
            merge_schemas(&mut merged, &part, part_pointer)
                .map_err(|(at, keyword, why)| self.err(&at, &keyword, why))?;
        }
        let all_props: Vec<String> = merged
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        for (part_pointer, part) in &parts {
            if part.get("additionalProperties") == Some(&Value::Bool(false)) {
                let own = part.get("properties").and_then(Value::as_object);
                let missing: Vec<&str> = all_props
                    .iter()
                    .filter(|p| !own.is_some_and(|o| o.contains_key(p.as_str())))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    return Err(self.err(
                        part_pointer,
                        "additionalProperties",
                        format!(
                            "`false` here rejects {} that another `allOf` part declares (JSON Schema applies each part on its own); declare them here too, or drop `additionalProperties: false`",
                            missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
            }
        }
        kw.use_all();
        Ok((merged, left))
    }

    /// One `allOf` branch as a schema object: a `$ref` to a `$defs` entry is replaced by the
    /// entry, a nested `allOf` is merged first.
    pub(super) fn all_of_branch(
        &self,
        pointer: &str,
        branch: &Value,
    ) -> Result<(String, Map<String, Value>, Vec<String>)> {
        let map = match branch {
            // `true` adds nothing; `false` leaves no value at all.
            Value::Bool(true) => return Ok((pointer.to_string(), Map::new(), Vec::new())),
            Value::Bool(false) => {
                return Err(self.err(pointer, "allOf", "a `false` part: no value is valid"))
            }
            other => self.schema_object(pointer, other)?,
        };
        if let Some(target) = map.get("$ref") {
            let extra = map.keys().find(|k| {
                !matches!(k.as_str(), "$ref" | "title" | "description" | "$comment")
                    && !CHECKED.contains(&k.as_str())
            });
            if let Some(extra) = extra {
                return Err(self.err(
                    pointer,
                    extra,
                    "an `allOf` branch with `$ref` may only have annotations next to it",
                ));
            }
            let mut left: Vec<String> = map
                .keys()
                .filter(|k| CHECKED.contains(&k.as_str()))
                .cloned()
                .collect();
            for keyword in &left {
                self.portable_schema_keyword(pointer, keyword, &map[keyword])?;
            }
            let key = target
                .as_str()
                .and_then(|t| t.strip_prefix("#/$defs/"))
                .map(|k| unescape(&percent_decode(k)));
            let Some(def) = key.as_ref().and_then(|k| self.doc["$defs"].get(k)) else {
                return Err(self.err(
                    pointer,
                    "$ref",
                    "an `allOf` branch may only refer to a `$defs` entry (`#/$defs/<name>`)",
                ));
            };
            let def_pointer = format!("/$defs/{}", escape(key.as_deref().unwrap_or_default()));
            let (at, part, inner) = self.all_of_branch(&def_pointer, def)?;
            add_all(&mut left, inner);
            return Ok((at, part, left));
        }
        if map.contains_key("allOf") {
            let inner = Kw::new(pointer, map);
            let (merged, left) = self.merge_all_of(&inner)?;
            return Ok((pointer.to_string(), merged, left));
        }
        let mut part = map.clone();
        let mut left = Vec::new();
        for keyword in strip_checked(&mut part) {
            self.portable_schema_keyword(pointer, &keyword, &map[&keyword])?;
            left.push(keyword);
        }
        Ok((pointer.to_string(), part, left))
    }
}

/// Adds the names of `more` missing from `into`.
fn add_all(into: &mut Vec<String>, more: Vec<String>) {
    for keyword in more {
        if !into.contains(&keyword) {
            into.push(keyword);
        }
    }
}

/// Takes out of an `allOf` part what no type expresses (checked keywords; `additionalProperties`
/// where patterns, `unevaluatedProperties` or a schema describe undeclared properties, since
/// the part applies it to its own properties only), returning the keywords taken.
fn strip_checked(part: &mut Map<String, Value>) -> Vec<String> {
    let described = part.contains_key("patternProperties")
        || part.contains_key("unevaluatedProperties")
        || part
            .get("additionalProperties")
            .is_some_and(|a| matches!(a, Value::Object(m) if !is_empty_schema(m)));
    let mut taken: Vec<String> = part
        .keys()
        .filter(|k| CHECKED.contains(&k.as_str()) || (described && *k == "additionalProperties"))
        .cloned()
        .collect();
    taken.dedup();
    for keyword in &taken {
        part.shift_remove(keyword);
    }
    taken
}

/// Merges schema `part` (at `pointer`) into `into` for `allOf`; `Err((pointer, keyword, why))`.
pub(super) fn merge_schemas(
    into: &mut Map<String, Value>,
    part: &Map<String, Value>,
    pointer: &str,
) -> std::result::Result<(), (String, String, String)> {
    let contradiction = |key: &str, a: &Value, b: &Value| {
        Err((
            pointer.to_string(),
            key.to_string(),
            format!("the `allOf` parts disagree on `{key}` ({a} and {b}); they can only be merged where they agree"),
        ))
    };
    for (key, theirs) in part {
        let Some(ours) = into.get(key).cloned() else {
            into.insert(key.clone(), theirs.clone());
            continue;
        };
        if &ours == theirs {
            continue;
        }
        let merged = match key.as_str() {
            "title" | "description" | "examples" | "$comment" => ours,
            k if k.starts_with("x-") && k != "x-default-factory" => ours,
            "properties" => {
                let (Value::Object(a), Value::Object(b)) = (&ours, theirs) else {
                    return contradiction(key, &ours, theirs);
                };
                let mut out = a.clone();
                for (name, schema) in b {
                    let at = format!("{pointer}/properties/{}", escape(name));
                    match (out.get(name).cloned(), schema) {
                        (None, _) => {
                            out.insert(name.clone(), schema.clone());
                        }
                        (Some(Value::Object(mut mine)), Value::Object(other)) => {
                            merge_schemas(&mut mine, other, &at)?;
                            out.insert(name.clone(), Value::Object(mine));
                        }
                        (Some(Value::Bool(true)), other) => {
                            out.insert(name.clone(), other.clone());
                        }
                        (Some(_), Value::Bool(true)) => {}
                        (Some(mine), other) => {
                            return Err((
                                at,
                                "properties".into(),
                                format!("the `allOf` parts give `{name}` schemas that cannot be merged ({mine} and {other})"),
                            ))
                        }
                    }
                }
                Value::Object(out)
            }
            "required" => {
                let (Value::Array(a), Value::Array(b)) = (&ours, theirs) else {
                    return contradiction(key, &ours, theirs);
                };
                let mut out = a.clone();
                for item in b {
                    if !out.contains(item) {
                        out.push(item.clone());
                    }
                }
                Value::Array(out)
            }
            "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "maximum"
            | "exclusiveMaximum" | "maxLength" | "maxItems" => {
                let (Some(a), Some(b)) = (ours.as_f64(), theirs.as_f64()) else {
                    return contradiction(key, &ours, theirs);
                };
                let lower_bound = key.starts_with("min") || key == "exclusiveMinimum";
                if (a < b) == lower_bound {
                    theirs.clone()
                } else {
                    ours
                }
            }
            "uniqueItems" => Value::Bool(ours == Value::Bool(true) || theirs == &Value::Bool(true)),
            "additionalProperties" => {
                let open = |v: &Value| {
                    v == &Value::Bool(true) || v.as_object().is_some_and(is_empty_schema)
                };
                if ours == Value::Bool(false) || theirs == &Value::Bool(false) {
                    Value::Bool(false)
                } else if open(&ours) && open(theirs) {
                    Value::Bool(true)
                } else {
                    return contradiction(key, &ours, theirs);
                }
            }
            "items" => {
                let (Value::Object(mut a), Value::Object(b)) = (ours.clone(), theirs) else {
                    return contradiction(key, &ours, theirs);
                };
                merge_schemas(&mut a, b, &format!("{pointer}/items"))?;
                Value::Object(a)
            }
            "enum" => {
                let (Value::Array(a), Value::Array(b)) = (&ours, theirs) else {
                    return contradiction(key, &ours, theirs);
                };
                let both: Vec<Value> = a.iter().filter(|v| b.contains(v)).cloned().collect();
                if both.is_empty() {
                    return Err((
                        pointer.to_string(),
                        "enum".into(),
                        "the `allOf` parts have no `enum` value in common: no value is valid"
                            .into(),
                    ));
                }
                Value::Array(both)
            }
            _ => return contradiction(key, &ours, theirs),
        };
        into.insert(key.clone(), merged);
    }
    for (min, max) in [
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
        ("minimum", "maximum"),
    ] {
        if let (Some(a), Some(b)) = (
            into.get(min).and_then(Value::as_f64),
            into.get(max).and_then(Value::as_f64),
        ) {
            if a > b {
                return Err((
                    pointer.to_string(),
                    max.to_string(),
                    format!("merged with the other `allOf` parts, `{min}` {a} exceeds `{max}` {b}: no value is valid"),
                ));
            }
        }
    }
    Ok(())
}
