//! The copy of the schema typify reads, driven by the IR: `allOf` replaced by the object the IR
//! merges, unions and enums replaced by `$ref`s to placeholders (written from the IR by
//! `unions.rs` and `enums.rs`, typify is told to leave them alone), the formats typify would
//! map to chrono left as plain strings (the validator checks them), and our `x-` annotations
//! removed.

use schemars08::schema::RootSchema;
use serde_json::Value;

use super::unions::{is_top_def, Site};
use super::Idents;
use crate::ir::{Check, Module, Type, TypeDef, TypeKind};
use crate::schema::keywords::{for_each_subschema, for_each_subschema_mut};
use crate::schema::pointer::{self, Pointer};

/// The schema typify reads, and the placeholder names it must leave to us.
pub struct Input {
    /// The rewritten schema.
    pub root: RootSchema,
    /// `$defs` names typify is told to leave alone (`with_replacement`): unions and enums.
    pub placeholders: Vec<String>,
    /// Some integer is not bounded within 64 bits: [`EXACT_INTEGER`] stands for
    /// `crate::Integer`.
    pub exact_integers: bool,
}

/// The `$defs` entry typify reads as `crate::Integer` (`with_replacement`).
pub const EXACT_INTEGER: &str = "RustExactInteger";

/// Builds typify's copy of `schema` (the file `module` was lowered from).
pub fn build(
    file: &str,
    schema: &Value,
    module: &Module,
    sites: &[Site<'_>],
    idents: &Idents,
) -> Result<Input, String> {
    // typify reads `allOf` as a struct per part; it is given the object the IR merged instead.
    let mut copy = schema.clone();
    merge_all_of_for_typify(file, &mut copy)?;
    // typify's `with_conversion` matching would treat our `x-` annotations as keywords.
    copy = crate::schema::published_schema(&copy);
    plain_formats(&mut copy);
    strip_checks(&mut copy, module);
    let placeholders = rewrite(&mut copy, module, sites, idents)?;
    plain_def_keys(&mut copy);
    let exact_integers = exact_integers(&mut copy);
    if exact_integers {
        if let Some(Value::Object(defs)) = copy.as_object_mut().map(|root| {
            root.entry("$defs")
                .or_insert_with(|| Value::Object(Default::default()))
        }) {
            defs.insert(EXACT_INTEGER.into(), serde_json::json!({}));
        }
    }
    let root =
        serde_json::from_value(copy).map_err(|e| format!(": not a schema typify can read: {e}"))?;
    Ok(Input {
        root,
        placeholders,
        exact_integers,
    })
}

/// Replaces every `integer` schema that is not bounded within 64 bits by a `$ref` to
/// [`EXACT_INTEGER`] (typify would make it an `i64` or `u64`, which cannot hold every value
/// Python and TypeScript accept). Returns whether it replaced any.
fn exact_integers(node: &mut Value) -> bool {
    let mut replaced = false;
    let unbounded = node.get("type").and_then(Value::as_str) == Some("integer") && {
        let bound = |keys: [&str; 2]| {
            keys.iter().any(|k| {
                node.get(*k).and_then(Value::as_f64).is_some_and(|b| {
                    b.is_finite() && (i64::MIN as f64) < b && b < (i64::MAX as f64)
                })
            })
        };
        !(bound(["minimum", "exclusiveMinimum"]) && bound(["maximum", "exclusiveMaximum"]))
    };
    if unbounded {
        *node = serde_json::json!({"$ref": format!("#/$defs/{EXACT_INTEGER}")});
        return true;
    }
    for_each_subschema_mut(node, |child| replaced |= exact_integers(child));
    replaced
}

/// `null` is valid for this enum node (`null` among its values or in its `type` array).
fn accepts_null(node: &Value) -> bool {
    let in_enum = node
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.contains(&Value::Null));
    let in_type = node
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().any(|t| t == "null"));
    in_enum || in_type
}

/// What the IR leaves to run-time checks (`ir::Check`) is left out of typify's copy: the
/// validator evaluates the schema as written, the types need only hold every valid value. At
/// each check's node its keywords are removed (a `false` schema becomes `{}`; where undeclared
/// properties are kept, `additionalProperties` becomes `{}`, for which typify adds a flattened
/// map of JSON values), and every object gets the required properties its `properties` does
/// not declare (as `{}`), as the IR declares them.
fn strip_checks(copy: &mut Value, module: &Module) {
    fn checks<'m>(ty: &'m Type, out: &mut Vec<&'m Check>) {
        if let Type::Checked(c) = ty {
            out.push(&c.check);
        }
        ty.inner().into_iter().for_each(|inner| checks(inner, out));
    }
    let mut found = Vec::new();
    let mut kept = Vec::new();
    for def in &module.types {
        match &def.kind {
            TypeKind::Object(object) => {
                found.extend(object.check.iter());
                object.fields.iter().for_each(|f| checks(&f.ty, &mut found));
                if object.additional == crate::ir::Additional::Keep {
                    kept.push(def.pointer.as_str());
                }
                if let Some(Value::Object(node)) = copy.pointer_mut(&def.pointer) {
                    let properties = node
                        .entry("properties")
                        .or_insert_with(|| Value::Object(Default::default()));
                    if let Value::Object(properties) = properties {
                        for field in &object.fields {
                            if !properties.contains_key(&field.wire_name) {
                                properties.insert(field.wire_name.clone(), serde_json::json!({}));
                            }
                        }
                    }
                }
            }
            TypeKind::Alias(ty) => checks(ty, &mut found),
            TypeKind::Enum(_) => {}
        }
    }
    for check in found {
        let Some(node) = copy.pointer_mut(&check.pointer) else {
            continue;
        };
        if node.is_boolean() {
            *node = serde_json::json!({});
            continue;
        }
        if let Value::Object(map) = node {
            for keyword in &check.keywords {
                map.shift_remove(keyword);
            }
        }
    }
    for pointer in kept {
        if let Some(Value::Object(node)) = copy.pointer_mut(pointer) {
            node.insert("additionalProperties".into(), serde_json::json!({}));
        }
    }
}

/// Renames every `$defs` key that is not plain (`[A-Za-z0-9_]`) to the name the IR gives its
/// type, and every `$ref` to it: typify resolves `$ref`s without JSON-pointer or percent
/// decoding (it panics on `#/$defs/a~1b`). Runs after `rewrite`, which finds nodes by the IR's
/// (escaped) pointers.
fn plain_def_keys(copy: &mut Value) {
    let Some(Value::Object(defs)) = copy.get("$defs") else {
        return;
    };
    let plain = |key: &str| key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let renames: Vec<(String, String)> = defs
        .keys()
        .filter(|key| !plain(key))
        .map(|key| (key.clone(), crate::ir::Name::split(key).upper_camel()))
        .filter(|(_, to)| !to.is_empty() && !defs.contains_key(to))
        .collect();
    if renames.is_empty() {
        return;
    }
    fn refs(node: &mut Value, renames: &[(String, String)]) {
        match node {
            Value::Object(map) => {
                let target = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .map(|key| pointer::unescape(&pointer::fragment_decode(key)));
                if let Some(key) = target {
                    if let Some((_, to)) = renames.iter().find(|(from, _)| *from == key) {
                        map.insert("$ref".into(), Value::String(format!("#/$defs/{to}")));
                    }
                }
                map.values_mut().for_each(|v| refs(v, renames));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| refs(v, renames)),
            _ => {}
        }
    }
    refs(copy, &renames);
    if let Some(Value::Object(defs)) = copy.get_mut("$defs") {
        for (from, to) in &renames {
            if let Some(node) = defs.shift_remove(from) {
                defs.insert(to.clone(), node);
            }
        }
    }
}

/// Renames `$defs/<key>` to `$defs/<ident>` and every `$ref` to it.
fn rename_def(copy: &mut Value, key: &str, ident: &str) {
    let from = format!("#{}", Pointer::root().push("$defs").push(key));
    let to = format!("#/$defs/{ident}");
    fn refs(node: &mut Value, from: &str, to: &str) {
        match node {
            Value::Object(map) => {
                if map.get("$ref").and_then(Value::as_str) == Some(from) {
                    map.insert("$ref".into(), Value::String(to.to_string()));
                }
                map.values_mut().for_each(|v| refs(v, from, to));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| refs(v, from, to)),
            _ => {}
        }
    }
    refs(copy, &from, &to);
    if let Some(Value::Object(defs)) = copy.get_mut("$defs") {
        if let Some(node) = defs.shift_remove(key) {
            defs.insert(ident.to_string(), node);
        }
    }
}

/// Removes `format` where it is neither `uuid` (typify: `uuid::Uuid`) nor `date-time` (our
/// `crate::Timestamp`): typify would make `date` a chrono type, and `email`/`uri` are
/// annotations. The value stays a `String`, which the validator checks as every language does.
fn plain_formats(node: &mut Value) {
    if let Value::Object(map) = node {
        let plain = map
            .get("format")
            .and_then(Value::as_str)
            .is_some_and(|f| f != "uuid" && f != "date-time");
        if plain {
            map.shift_remove("format");
        }
    }
    for_each_subschema_mut(node, plain_formats);
}

/// Replaces every `allOf` node of `copy` by the schema the codegen IR merges it into
/// (`crate::ir::merged_all_of`), innermost first, so an `allOf` inside a part is merged before
/// the part is.
fn merge_all_of_for_typify(file: &str, copy: &mut Value) -> Result<(), String> {
    fn find(node: &Value, pointer: Pointer, out: &mut Vec<String>) {
        if node.get("allOf").is_some() {
            out.push(pointer.to_string());
        }
        for_each_subschema(node, &pointer, |child_pointer, child| {
            find(child, child_pointer, out)
        });
    }
    let mut pointers = Vec::new();
    find(copy, Pointer::root(), &mut pointers);
    pointers.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    for pointer in pointers {
        let merged = crate::ir::merged_all_of(file, copy, &pointer).map_err(|e| e.to_string())?;
        let slot = copy
            .pointer_mut(&pointer)
            .ok_or_else(|| format!("{file}#{pointer}: allOf not found"))?;
        *slot = Value::Object(merged);
    }
    Ok(())
}

/// The schema typify reads: union nodes replaced by `$ref`s to placeholders, inline branches
/// moved to `$defs`. Returns the placeholder names (for `with_replacement`).
fn rewrite(
    copy: &mut Value,
    module: &Module,
    sites: &[Site<'_>],
    idents: &Idents,
) -> Result<Vec<String>, String> {
    // (pointer, edit): longest pointer first, so a node is moved before what holds it changes.
    enum Edit<'a> {
        MoveBranch(&'a TypeDef),
        Replace(&'a Site<'a>),
        Enum(&'a str),
    }
    let mut edits: Vec<(String, u8, Edit<'_>)> = Vec::new();
    for def in &module.types {
        if let TypeKind::Enum(_) = def.kind {
            edits.push((
                def.pointer.clone(),
                2,
                Edit::Enum(idents.enum_ident(&def.name)?),
            ));
        }
    }
    for site in sites {
        edits.push((site.union.pointer.clone(), 1, Edit::Replace(site)));
        for variant in &site.union.variants {
            if let Type::Ref(name) = &variant.ty {
                let def = module.get(name).ok_or("a branch names an unknown type")?;
                let is_enum = matches!(def.kind, TypeKind::Enum(_));
                if !is_enum && !is_top_def(&def.pointer) && !def.pointer.is_empty() {
                    edits.push((def.pointer.clone(), 0, Edit::MoveBranch(def)));
                }
            }
        }
    }
    edits.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
    edits.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut defs: Vec<(String, Value)> = Vec::new();
    let mut renamed_defs: Vec<(String, String)> = Vec::new();
    let mut placeholders = Vec::new();
    for (pointer, _, edit) in &edits {
        match edit {
            Edit::MoveBranch(def) => {
                let node = copy
                    .pointer(pointer)
                    .ok_or_else(|| format!("#{pointer}: branch not found"))?
                    .clone();
                let branch = match (&def.kind, node.get("type")) {
                    // A branch of a `type` array (or of a schema without `type`, read as one
                    // over every kind): the node's keywords for that type.
                    (TypeKind::Object(_), Some(Value::Array(_)) | None) => {
                        let mut m = serde_json::Map::new();
                        m.insert("type".into(), "object".into());
                        for key in ["properties", "required", "additionalProperties"] {
                            if let Some(v) = node.get(key) {
                                m.insert(key.into(), v.clone());
                            }
                        }
                        Value::Object(m)
                    }
                    (_, Some(Value::Array(_))) => {
                        return Err(format!(
                            "#{pointer}: a named non-object branch of a `type` array is not supported in Rust"
                        ))
                    }
                    _ => node,
                };
                defs.push((def.name.upper_camel(), branch));
            }
            Edit::Replace(site) => {
                let placeholder = site.name.clone();
                let slot = copy
                    .pointer_mut(pointer)
                    .ok_or_else(|| format!("#{pointer}: union not found"))?;
                let reference = serde_json::json!({"$ref": format!("#/$defs/{placeholder}")});
                let is_def = is_top_def(pointer);
                *slot = if is_def {
                    serde_json::json!({})
                } else if site.nullable {
                    serde_json::json!({"anyOf": [reference, {"type": "null"}]})
                } else {
                    reference
                };
                if !is_def {
                    defs.push((placeholder.clone(), serde_json::json!({})));
                }
                placeholders.push(placeholder);
            }
            Edit::Enum(ident) => {
                let slot = copy
                    .pointer_mut(pointer)
                    .ok_or_else(|| format!("#{pointer}: enum not found"))?;
                let nullable = accepts_null(slot);
                let reference = serde_json::json!({"$ref": format!("#/$defs/{ident}")});
                let is_def = is_top_def(pointer);
                *slot = if is_def {
                    serde_json::json!({})
                } else if nullable {
                    serde_json::json!({"anyOf": [reference, {"type": "null"}]})
                } else {
                    reference
                };
                if is_def {
                    // The `$defs` key must be the enum's Rust name for the `$ref`s to reach it.
                    let key = pointer.rsplit('/').next().unwrap_or_default();
                    let key = pointer::unescape(key);
                    if key != *ident {
                        renamed_defs.push((key, (*ident).to_string()));
                    }
                } else {
                    defs.push(((*ident).to_string(), serde_json::json!({})));
                }
                placeholders.push((*ident).to_string());
            }
        }
    }
    for (key, ident) in &renamed_defs {
        rename_def(copy, key, ident);
    }
    let map = copy
        .as_object_mut()
        .ok_or("the schema is not an object")?
        .entry("$defs")
        .or_insert_with(|| Value::Object(Default::default()));
    let map = map.as_object_mut().ok_or("$defs is not an object")?;
    for (name, node) in defs {
        if map.contains_key(&name) && !placeholders.contains(&name) {
            return Err(format!(
                "#/$defs/{name}: a union or union branch of this name would collide with a $defs entry"
            ));
        }
        map.entry(name).or_insert(node);
    }
    Ok(placeholders)
}
