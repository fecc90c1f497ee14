//! Lowering: a parsed JSON Schema (draft 2020-12) → [`Module`], rejecting what the IR cannot
//! represent.
//!
//! Every keyword of every schema object is accounted for: it is either read here, an
//! annotation we keep or knowingly ignore (`$comment`, `x-*` except `x-default-factory`), or an
//! error naming the file, the JSON pointer and the keyword. A new keyword therefore cannot be
//! silently ignored.
//!
//! # The accepted subset
//!
//! - root only: `$schema` (must be draft 2020-12), `$id`, `$defs` (one level; each entry is a
//!   named type, named after its key). The root must be `type: object` with `properties`; it is
//!   named after its `title`, or the file name when there is none.
//! - any schema: `title`, `description`, `examples`, `$comment`, `x-*` (ignored).
//! - `$ref`: `#` or `#/$defs/<name>`, with annotation siblings only. Recursion is allowed.
//! - `type`: one of `string`, `integer`, `number`, `boolean`, `null`, `array`, `object`, or a
//!   pair `[T, "null"]`. `anyOf: [S, {"type": "null"}]` (either order) is also nullable.
//! - `string`: `format` (`uuid`, `date-time`, `date`, `email`, `uri`), `minLength`,
//!   `maxLength`, `pattern` (portable subset, see [`check_pattern`]).
//! - `integer` / `number`: `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
//!   `multipleOf`.
//! - `array`: `items` (one schema), `minItems`, `maxItems`, `uniqueItems`.
//! - `object`: `properties` + `required` + `additionalProperties` (`true`/`{}` open, `false`
//!   closed) → a named object type; without `properties`, `additionalProperties` (absent,
//!   `true`, `{}` or a schema) → a map.
//! - `enum` of strings (plus `null` for a nullable enum) → a named enum type; `const` of a
//!   string, integer, boolean or `null`.
//! - on properties only: `default` (checked against the type), `x-default-factory`
//!   (`uuid4` on `format: uuid`, `now` on `format: date-time`).
//!
//! Everything else is rejected, among them: `oneOf`, `anyOf` beyond nullable, `allOf`, `not`,
//! `if`/`then`/`else`, `patternProperties`, `propertyNames`, `minProperties`,
//! `maxProperties`, `dependentRequired`, `dependentSchemas`, `prefixItems`, `contains`,
//! `unevaluatedProperties`, `unevaluatedItems`, `$anchor`, `$dynamicRef`, remote `$ref`,
//! `definitions`, nested `$defs`, other formats, enums of non-strings, `readOnly`,
//! `writeOnly`, `deprecated`, and any keyword that does not apply to the schema's type
//! (`minLength` on an integer).
//!
//! # Where each concern lives
//!
//! - this file: the entry points ([`lower`], [`merged_all_of`]), the [`Lowerer`] state (named
//!   types reserved by pointer and name, `$defs` lowered on first use) and named types;
//! - `keywords.rs`: which keywords a schema object may hold, and the check that every one was
//!   read ([`Kw::finish`]);
//! - `types.rs`: the type of one schema (objects, fields, enums, scalars, arrays, maps, `$ref`);
//! - `unions.rs`: `oneOf` / `anyOf` / `type` arrays, settled once every named type is known;
//! - `all_of.rs`: `allOf` merged into one schema;
//! - `checks.rs`: keywords no type expresses, checked at run time (`ir::Check`);
//! - `defaults.rs`: a `default` checked against the type it must fit;
//! - `cycles.rs`: aliases that never reach a value;
//! - `pattern.rs`: the portable subset of regular expressions.

mod all_of;
mod checks;
mod cycles;
mod defaults;
mod keywords;
mod pattern;
#[cfg(test)]
mod tests;
mod types;
mod unions;

use std::collections::{HashMap, VecDeque};

use serde_json::{Map, Number, Value};

use self::cycles::check_alias_cycles;
use self::defaults::check_value;
use self::keywords::Kw;
use self::unions::Settle;
use super::{Check, Enum, Module, Name, Type, TypeDef, TypeKind};
use crate::error::{Error, Result};
use crate::schema::pointer::{escape, fragment_decode as percent_decode, unescape};
use crate::schema::Loaded;

pub use self::pattern::check_pattern;

/// The draft the IR reads.
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Lowers a loaded schema into the IR, or explains (file, pointer, keyword) why it cannot.
pub fn lower(loaded: &Loaded) -> Result<Module> {
    let mut cx = Lowerer {
        file: &loaded.display,
        doc: &loaded.value,
        slots: Vec::new(),
        by_pointer: HashMap::new(),
        by_name: HashMap::new(),
        slot_names: Vec::new(),
        pending: VecDeque::new(),
        defaults: Vec::new(),
        union_keywords: HashMap::new(),
    };
    let root_map = cx.schema_object("", &loaded.value)?;
    let root_kw = Kw::new("", root_map);
    if let Some(schema) = root_kw.get("$schema") {
        if schema.as_str() != Some(DRAFT_2020_12) {
            return Err(cx.err(
                "",
                "$schema",
                format!("only draft 2020-12 (`{DRAFT_2020_12}`) is supported"),
            ));
        }
    }
    let id = match root_kw.get("$id") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(cx.err("", "$id", "must be a string")),
    };
    let defs = match root_kw.get("$defs") {
        None => Map::new(),
        Some(Value::Object(defs)) => defs.clone(),
        Some(_) => return Err(cx.err("", "$defs", "must be an object of schemas")),
    };

    let root_name = root_kw
        .get("title")
        .and_then(Value::as_str)
        .map(Name::split)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| Name::split(&file_stem(&loaded.display)));
    if !cx.is_object_with_properties(&root_kw) {
        return Err(cx.err(
            "",
            "type",
            "the root schema must be `\"type\": \"object\"` with `properties`",
        ));
    }
    let root_slot = cx.reserve(root_name.clone(), String::new())?;
    let root_def = cx.lower_named(&root_kw, root_name.clone())?;
    root_kw.finish(&cx)?;
    cx.slots[root_slot] = Some(root_def);
    cx.drain()?;
    for key in defs.keys() {
        let pointer = format!("/$defs/{}", escape(key));
        if !cx.by_pointer.contains_key(&pointer) {
            cx.reserve_def(key, &pointer)?;
            cx.drain()?;
        }
    }

    let types: Vec<TypeDef> = cx
        .slots
        .into_iter()
        .map(|slot| slot.expect("every reserved type is lowered by drain()"))
        .collect();
    let mut module = Module {
        version: loaded.version.clone(),
        schema_path: loaded.display.clone(),
        id,
        root: root_name,
        types,
        envelope: None,
    };
    let settle = Settle {
        file: cx.file,
        raw: module.clone(),
        keywords: &cx.union_keywords,
    };
    for def in &mut module.types {
        match &mut def.kind {
            TypeKind::Object(o) => {
                for field in &mut o.fields {
                    settle.resolve(&mut field.ty)?;
                }
            }
            TypeKind::Alias(ty) => settle.resolve(ty)?,
            TypeKind::Enum(_) => {}
        }
    }
    for (_, ty, _) in &mut cx.defaults {
        settle.resolve(ty)?;
    }
    drop_unreachable(&mut module);
    check_alias_cycles(&module, cx.file)?;
    for (pointer, ty, value) in &cx.defaults {
        check_value(&module, ty, value).map_err(|why| Error::Schema {
            file: cx.file.to_string(),
            pointer: pointer.clone(),
            keyword: "default".into(),
            message: format!("the default does not match the property's type: {why}"),
        })?;
    }
    // Last: what a target language cannot take refuses the schema for every language, and an
    // envelope lacking what the Kafka record layout reads is refused, naming it.
    super::targets::check(&module)?;
    if super::Envelope::applies(&module) {
        module.envelope = Some(super::Envelope::of(&module)?);
    }
    Ok(module)
}

/// Drops the inline types nothing refers to any more: the branches of a union settled as a
/// run-time check (the validator reads them from the schema). The root and every `$defs`
/// entry stay, referenced or not.
fn drop_unreachable(module: &mut Module) {
    fn refs<'t>(ty: &'t Type, out: &mut Vec<&'t Name>) {
        if let Type::Ref(name) = ty {
            out.push(name);
        }
        ty.inner().into_iter().for_each(|inner| refs(inner, out));
    }
    let is_def_entry = |pointer: &str| {
        pointer
            .strip_prefix("/$defs/")
            .is_some_and(|key| !key.contains('/'))
    };
    let mut reached: std::collections::HashSet<Name> = module
        .types
        .iter()
        .filter(|def| def.name == module.root || is_def_entry(&def.pointer))
        .map(|def| def.name.clone())
        .collect();
    let mut queue: Vec<Name> = reached.iter().cloned().collect();
    while let Some(name) = queue.pop() {
        let Some(def) = module.get(&name) else {
            continue;
        };
        let mut found = Vec::new();
        match &def.kind {
            TypeKind::Object(object) => object.fields.iter().for_each(|f| refs(&f.ty, &mut found)),
            TypeKind::Alias(ty) => refs(ty, &mut found),
            TypeKind::Enum(_) => {}
        }
        for name in found {
            if reached.insert(name.clone()) {
                queue.push(name.clone());
            }
        }
    }
    module.types.retain(|def| reached.contains(&def.name));
}

/// The schema the IR reads in place of the `allOf` node at `pointer` of `doc` (the parts
/// merged as [`lower`] merges them: properties and `required` united, bounds intersected,
/// `$ref` parts replaced by their `$defs` entry), for backends that hand the schema to another
/// tool (build.rs gives it to typify instead of the `allOf`).
pub fn merged_all_of(file: &str, doc: &Value, pointer: &str) -> Result<Map<String, Value>> {
    let cx = Lowerer {
        file,
        doc,
        slots: Vec::new(),
        by_pointer: HashMap::new(),
        by_name: HashMap::new(),
        slot_names: Vec::new(),
        pending: VecDeque::new(),
        defaults: Vec::new(),
        union_keywords: HashMap::new(),
    };
    let node = doc
        .pointer(pointer)
        .ok_or_else(|| cx.err(pointer, "allOf", "no schema at this pointer"))?;
    let map = cx.schema_object(pointer, node)?;
    if !map.contains_key("allOf") {
        return Err(cx.err(pointer, "allOf", "this schema has no `allOf`"));
    }
    cx.merge_all_of(&Kw::new(pointer, map))
        .map(|(merged, _checked)| merged)
}

struct Lowerer<'a> {
    file: &'a str,
    doc: &'a Value,
    /// Reserved named types, filled once lowered (reservation order = module order).
    slots: Vec<Option<TypeDef>>,
    /// Pointer of a `$ref` target → its slot.
    by_pointer: HashMap<String, usize>,
    /// `UpperCamel` name → pointer that claimed it.
    by_name: HashMap<String, String>,
    /// The name of each slot.
    slot_names: Vec<Name>,
    /// `$defs` reserved but not yet lowered: (slot, key, pointer).
    pending: VecDeque<(usize, String, String)>,
    /// Defaults to check once every type is known: (pointer, type, value).
    defaults: Vec<(String, Type, Value)>,
    /// Pointer of each tentative union → the keyword it came from (`oneOf`, `anyOf`, `type`).
    union_keywords: HashMap<String, &'static str>,
}

impl<'a> Lowerer<'a> {
    fn err(&self, pointer: &str, keyword: &str, message: impl Into<String>) -> Error {
        Error::Schema {
            file: self.file.to_string(),
            pointer: pointer.to_string(),
            keyword: keyword.to_string(),
            message: message.into(),
        }
    }

    fn schema_object<'v>(&self, pointer: &str, value: &'v Value) -> Result<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Ok(map),
            _ => Err(self.err(
                pointer,
                "schema",
                "expected a schema object (boolean schemas are only supported as `true` for properties, items and map values)",
            )),
        }
    }

    /// Claims `name` for the type at `pointer`; two types may not share an `UpperCamel` name.
    fn reserve(&mut self, name: Name, pointer: String) -> Result<usize> {
        if name.is_empty() {
            return Err(self.err(
                &pointer,
                "title",
                "cannot derive a type name (no letters or digits); add a `title`",
            ));
        }
        let camel = name.upper_camel();
        if let Some(other) = self.by_name.get(&camel) {
            return Err(self.err(
                &pointer,
                "title",
                format!(
                    "type name `{camel}` is already taken by the type at `#{other}`; give one of them a different `title` or `$defs` key"
                ),
            ));
        }
        self.by_name.insert(camel, pointer.clone());
        self.slots.push(None);
        self.slot_names.push(name);
        let slot = self.slots.len() - 1;
        // `$ref`s resolve to the first type reserved at a pointer: a `$defs` entry without
        // `type` is a union by JSON type whose object branch is a model at the same pointer.
        self.by_pointer.entry(pointer).or_insert(slot);
        Ok(slot)
    }

    fn reserve_def(&mut self, key: &str, pointer: &str) -> Result<usize> {
        let slot = self.reserve(Name::split(key), pointer.to_string())?;
        self.pending
            .push_back((slot, key.to_string(), pointer.to_string()));
        Ok(slot)
    }

    /// Lowers every reserved `$defs` entry (which may reserve more).
    fn drain(&mut self) -> Result<()> {
        while let Some((slot, key, pointer)) = self.pending.pop_front() {
            let schema = &self.doc["$defs"][&key];
            let map = self.schema_object(&pointer, schema)?;
            let kw = Kw::new(&pointer, map);
            for nested in ["$defs", "$id", "$schema", "definitions"] {
                if kw.has(nested) {
                    return Err(self.err(
                        &pointer,
                        nested,
                        "only allowed at the root of the schema (no nested `$defs` / `$id`)",
                    ));
                }
            }
            let def = self.lower_named(&kw, Name::split(&key))?;
            kw.finish(self)?;
            self.slots[slot] = Some(def);
        }
        Ok(())
    }

    fn is_object_with_properties(&self, kw: &Kw) -> bool {
        kw.peek("type").and_then(Value::as_str) == Some("object") && self.has_model_shape(kw)
    }

    /// `properties`, `required` (a model of fields of any value) or `additionalProperties:
    /// false`: a model rather than a map.
    fn has_model_shape(&self, kw: &Kw) -> bool {
        kw.peek("properties").is_some()
            || kw.peek("required").is_some()
            || kw.peek("additionalProperties") == Some(&Value::Bool(false))
    }

    /// An `enum` of strings (and `null`) on a string: a named enum type. Any other `enum` is
    /// checked at run time (`types::deferred`).
    fn is_string_enum(&self, kw: &Kw) -> bool {
        kw.peek("enum").is_some() && !self.deferred(kw).contains(&"enum")
    }

    /// A named type (root or `$defs` entry): an object, an enum, or an alias of any other type.
    fn lower_named(&mut self, kw: &Kw, name: Name) -> Result<TypeDef> {
        if kw.has("allOf") && !kw.has("$ref") {
            let (merged, left) = self.merge_all_of(kw)?;
            let inner = Kw::new(kw.pointer, &merged);
            let mut def = self.lower_named(&inner, name)?;
            inner.finish(self)?;
            if !left.is_empty() {
                // What the merge left out is checked on the whole `allOf` node.
                let check = Check {
                    pointer: kw.pointer.to_string(),
                    keywords: left,
                };
                def.kind = match def.kind {
                    TypeKind::Object(mut object) => {
                        object.check = Some(match object.check {
                            Some(mut own) if own.pointer == check.pointer => {
                                for k in check.keywords {
                                    if !own.keywords.contains(&k) {
                                        own.keywords.push(k);
                                    }
                                }
                                own
                            }
                            _ => check,
                        });
                        TypeKind::Object(object)
                    }
                    TypeKind::Alias(ty) => TypeKind::Alias(checks::with_check(ty, Some(check))),
                    TypeKind::Enum(_) => {
                        return Err(self.err(
                            kw.pointer,
                            &check.keywords[0],
                            "is not supported in an `allOf` that makes a named enum",
                        ))
                    }
                };
            }
            return Ok(def);
        }
        let (title, description, examples) = self.annotations(kw)?;
        let kind = if self.is_object_with_properties(kw) {
            TypeKind::Object(self.lower_object(kw, &name)?)
        } else if self.is_string_enum(kw) {
            let (values, nullable) = self.lower_enum(kw)?;
            if nullable {
                return Err(self.err(
                    kw.pointer,
                    "enum",
                    "a named enum cannot include `null`; use `anyOf: [{\"$ref\": …}, {\"type\": \"null\"}]` where it is used",
                ));
            }
            TypeKind::Enum(Enum { values })
        } else {
            let ty = self.lower_type(kw, &name)?;
            if let Type::Nullable(inner) = &ty {
                if let Type::Ref(lifted) = inner.as_ref() {
                    return Err(self.err(
                        kw.pointer,
                        "type",
                        format!(
                            "a named object or enum cannot be nullable (it would need a second name, `{lifted}`); make it non-null and use `anyOf: [{{\"$ref\": …}}, {{\"type\": \"null\"}}]` where it is used"
                        ),
                    ));
                }
            }
            TypeKind::Alias(ty)
        };
        for keyword in ["default", "x-default-factory"] {
            if kw.has(keyword) {
                return Err(self.err(
                    kw.pointer,
                    keyword,
                    "only supported on properties (put it next to the `$ref` in the property)",
                ));
            }
        }
        Ok(TypeDef {
            name,
            pointer: kw.pointer.to_string(),
            title,
            description,
            examples,
            kind,
        })
    }

    fn annotations(&self, kw: &Kw) -> Result<(Option<String>, Option<String>, Vec<Value>)> {
        let text = |key: &str| -> Result<Option<String>> {
            match kw.get(key) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(self.err(kw.pointer, key, "must be a string")),
            }
        };
        let examples = match kw.get("examples") {
            None => Vec::new(),
            Some(Value::Array(items)) => items.iter().map(normalize_numbers).collect(),
            Some(_) => return Err(self.err(kw.pointer, "examples", "must be an array")),
        };
        Ok((text("title")?, text("description")?, examples))
    }
}

/// Numbers rebuilt from `i64`/`u64`/`f64`, so the IR does not depend on how `serde_json`
/// stored them (`arbitrary_precision` keeps the source text).
fn normalize_number(n: &Number) -> Number {
    if let Some(i) = n.as_i64() {
        Number::from(i)
    } else if let Some(u) = n.as_u64() {
        Number::from(u)
    } else {
        n.as_f64()
            .and_then(Number::from_f64)
            .unwrap_or_else(|| n.clone())
    }
}

fn normalize_numbers(value: &Value) -> Value {
    match value {
        Value::Number(n) => Value::Number(normalize_number(n)),
        Value::Array(items) => Value::Array(items.iter().map(normalize_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalize_numbers(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `schema/v1.0/workflow_event.schema.json` → `workflow_event`.
fn file_stem(display: &str) -> String {
    let file = display.rsplit('/').next().unwrap_or(display);
    file.trim_end_matches(".json")
        .trim_end_matches(".schema")
        .to_string()
}
