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

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use serde_json::{Map, Number, Value};

use super::{
    Additional, ArrayType, DefaultFactory, Enum, EnumValue, Field, Format, MapType, Module, Name,
    NumericType, Object, StringType, Type, TypeDef, TypeKind, UnionType, Variant,
};
use crate::error::{Error, Result};
use crate::schema::Loaded;

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
        self.by_pointer.insert(pointer, slot);
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

    /// `properties`, or `additionalProperties: false`: a model rather than a map.
    fn has_model_shape(&self, kw: &Kw) -> bool {
        kw.peek("properties").is_some()
            || kw.peek("additionalProperties") == Some(&Value::Bool(false))
    }

    fn is_string_enum(&self, kw: &Kw) -> bool {
        kw.peek("enum").is_some() && kw.peek("$ref").is_none()
    }

    /// A named type (root or `$defs` entry): an object, an enum, or an alias of any other type.
    fn lower_named(&mut self, kw: &Kw, name: Name) -> Result<TypeDef> {
        if kw.has("allOf") && !kw.has("$ref") {
            let merged = self.merge_all_of(kw)?;
            let inner = Kw::new(kw.pointer, &merged);
            let def = self.lower_named(&inner, name)?;
            inner.finish(self)?;
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

    fn lower_object(&mut self, kw: &Kw, name: &Name) -> Result<Object> {
        let pointer = kw.pointer;
        kw.get("type");
        let properties = match kw.get("properties") {
            None => Map::new(),
            Some(Value::Object(props)) => props.clone(),
            Some(_) => return Err(self.err(pointer, "properties", "must be an object")),
        };
        let mut required = BTreeSet::new();
        match kw.get("required") {
            None => {}
            Some(Value::Array(items)) => {
                for item in items {
                    let Some(key) = item.as_str() else {
                        return Err(self.err(pointer, "required", "must be an array of strings"));
                    };
                    if !properties.contains_key(key) {
                        return Err(self.err(
                            pointer,
                            "required",
                            format!("lists `{key}`, which is not in `properties`"),
                        ));
                    }
                    if !required.insert(key.to_string()) {
                        return Err(self.err(pointer, "required", format!("lists `{key}` twice")));
                    }
                }
            }
            Some(_) => return Err(self.err(pointer, "required", "must be an array of strings")),
        }
        let additional = match kw.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Additional::Ignore,
            Some(Value::Bool(false)) => Additional::Forbid,
            Some(Value::Object(m)) if is_empty_schema(m) => Additional::Ignore,
            Some(_) => {
                return Err(self.err(
                    pointer,
                    "additionalProperties",
                    "a schema for additional properties next to `properties` is not supported (use `true`, `false`, or a map without `properties`)",
                ))
            }
        };
        let mut fields = Vec::new();
        for (wire_name, schema) in &properties {
            let field_pointer = format!("{pointer}/properties/{}", escape(wire_name));
            let field = self.lower_field(
                &field_pointer,
                wire_name,
                schema,
                required.contains(wire_name),
                name,
            )?;
            fields.push(field);
        }
        Ok(Object { fields, additional })
    }

    fn lower_field(
        &mut self,
        pointer: &str,
        wire_name: &str,
        schema: &Value,
        required: bool,
        parent: &Name,
    ) -> Result<Field> {
        let field_name = Name::split(wire_name);
        let hint = if field_name.is_empty() {
            parent.join(&Name::split("property"))
        } else {
            parent.join(&field_name)
        };
        let empty = Map::new();
        let map = match schema {
            Value::Bool(true) => &empty,
            other => self.schema_object(pointer, other)?,
        };
        let kw = Kw::new(pointer, map);
        let (title, description, examples) = self.annotations(&kw)?;
        let default = kw.get("default").map(normalize_numbers);
        let default_factory = match kw.get("x-default-factory") {
            None => None,
            Some(Value::String(s)) if s == "uuid4" => Some(DefaultFactory::Uuid4),
            Some(Value::String(s)) if s == "now" => Some(DefaultFactory::Now),
            Some(other) => {
                return Err(self.err(
                    pointer,
                    "x-default-factory",
                    format!("unknown factory {other}; supported: \"uuid4\", \"now\""),
                ))
            }
        };
        let ty = self.lower_type(&kw, &hint)?;
        kw.finish(self)?;

        if required && (default.is_some() || default_factory.is_some()) {
            let keyword = if default.is_some() {
                "default"
            } else {
                "x-default-factory"
            };
            return Err(self.err(
                pointer,
                keyword,
                format!("`{wire_name}` is required, so its default would never be used; remove it from `required` or drop the default"),
            ));
        }
        if default.is_some() && default_factory.is_some() {
            return Err(self.err(
                pointer,
                "x-default-factory",
                "cannot be combined with `default`",
            ));
        }
        if let Some(factory) = default_factory {
            let wanted = match factory {
                DefaultFactory::Uuid4 => Format::Uuid,
                DefaultFactory::Now => Format::DateTime,
            };
            let fits = matches!(&ty, Type::String(s) if s.format == Some(wanted));
            if !fits {
                return Err(self.err(
                    pointer,
                    "x-default-factory",
                    format!(
                        "`{}` needs `\"type\": \"string\", \"format\": \"{}\"`",
                        match factory {
                            DefaultFactory::Uuid4 => "uuid4",
                            DefaultFactory::Now => "now",
                        },
                        match wanted {
                            Format::Uuid => "uuid",
                            _ => "date-time",
                        }
                    ),
                ));
            }
        }
        if let Some(value) = &default {
            self.defaults
                .push((pointer.to_string(), ty.clone(), value.clone()));
        }
        Ok(Field {
            wire_name: wire_name.to_string(),
            name: field_name,
            pointer: pointer.to_string(),
            title,
            description,
            examples,
            required,
            default,
            default_factory,
            ty,
        })
    }

    /// The `enum` keyword: string values (and `null`, reported as nullable).
    fn lower_enum(&self, kw: &Kw) -> Result<(Vec<EnumValue>, bool)> {
        let pointer = kw.pointer;
        let (base, type_nullable) = self.parse_type(kw)?;
        if !matches!(base, None | Some("string")) {
            return Err(self.err(
                pointer,
                "enum",
                "only enums of strings are supported (use `\"type\": \"string\"` or no `type`)",
            ));
        }
        let Some(Value::Array(items)) = kw.get("enum") else {
            return Err(self.err(pointer, "enum", "must be an array"));
        };
        let mut values = Vec::new();
        let mut seen = HashSet::new();
        let mut has_null = false;
        for item in items {
            match item {
                Value::String(s) => {
                    if !seen.insert(s.clone()) {
                        return Err(self.err(pointer, "enum", format!("lists {s:?} twice")));
                    }
                    values.push(EnumValue {
                        value: s.clone(),
                        name: Name::split(s),
                    });
                }
                Value::Null => has_null = true,
                other => {
                    return Err(self.err(
                        pointer,
                        "enum",
                        format!("only string values are supported, found {other}"),
                    ))
                }
            }
        }
        if values.is_empty() {
            return Err(self.err(pointer, "enum", "needs at least one string value"));
        }
        for keyword in ["format", "minLength", "maxLength", "pattern", "const"] {
            if kw.has(keyword) {
                return Err(self.err(pointer, keyword, "cannot be combined with `enum`"));
            }
        }
        // `null` is valid only if both `enum` and `type` allow it.
        let nullable = has_null && (base.is_none() || type_nullable);
        Ok((values, nullable))
    }

    /// `type`: `(base type, nullable)`. `None` when absent.
    fn parse_type<'k>(&self, kw: &'k Kw) -> Result<(Option<&'k str>, bool)> {
        const TYPES: [&str; 7] = [
            "string", "integer", "number", "boolean", "null", "array", "object",
        ];
        let bad = || {
            self.err(
                kw.pointer,
                "type",
                "must be one of string, integer, number, boolean, null, array, object, or a pair [T, \"null\"]",
            )
        };
        match kw.get("type") {
            None => Ok((None, false)),
            Some(Value::String(t)) if TYPES.contains(&t.as_str()) => Ok((Some(t.as_str()), false)),
            Some(Value::Array(items)) => {
                let names: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                if names.len() != items.len() || names.iter().any(|t| !TYPES.contains(t)) {
                    return Err(bad());
                }
                match names.as_slice() {
                    [t] => Ok((Some(t), false)),
                    ["null", t] | [t, "null"] if *t != "null" => Ok((Some(t), true)),
                    _ => Err(self.err(
                        kw.pointer,
                        "type",
                        "several types are only supported as a pair [T, \"null\"]",
                    )),
                }
            }
            Some(_) => Err(bad()),
        }
    }

    /// The type of a property, array item, map value or alias. Inline objects and enums are
    /// lifted into named types called `hint` (or their `title`).
    fn lower_type(&mut self, kw: &Kw, hint: &Name) -> Result<Type> {
        let pointer = kw.pointer;
        // Annotations are read (and kept) by the caller where they have a home; elsewhere
        // (an item's description) they are documentation only.
        for annotation in ["title", "description", "examples"] {
            kw.get(annotation);
        }

        if let Some(target) = kw.get("$ref") {
            let Some(target) = target.as_str() else {
                return Err(self.err(pointer, "$ref", "must be a string"));
            };
            return self.lower_ref(pointer, target);
        }
        if kw.has("allOf") {
            let merged = self.merge_all_of(kw)?;
            let inner = Kw::new(pointer, &merged);
            let ty = self.lower_type(&inner, hint)?;
            inner.finish(self)?;
            return Ok(ty);
        }
        if kw.has("oneOf") && kw.has("anyOf") {
            return Err(self.err(
                pointer,
                "anyOf",
                "`oneOf` and `anyOf` in one schema are not supported; nest one inside a branch of the other",
            ));
        }
        if kw.has("oneOf") {
            return self.lower_union(kw, "oneOf", hint);
        }
        if let Some(any_of) = kw.peek("anyOf") {
            if is_nullable_pair(any_of) {
                kw.get("anyOf");
                return self.lower_any_of(pointer, any_of, hint);
            }
            return self.lower_union(kw, "anyOf", hint);
        }
        if let Some(Value::Array(types)) = kw.peek("type") {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            if names.len() == types.len() && names.iter().filter(|t| **t != "null").count() > 1 {
                return self.lower_type_array(kw, &names, hint);
            }
        }

        let (base, nullable) = self.parse_type(kw)?;
        if kw.has("const") {
            let value = normalize_numbers(kw.get("const").expect("checked"));
            let fits = match (&value, base) {
                (Value::String(_), None | Some("string")) => true,
                (Value::Number(n), None | Some("integer") | Some("number")) => {
                    n.is_i64() || n.is_u64()
                }
                (Value::Bool(_), None | Some("boolean")) => true,
                (Value::Null, None | Some("null")) => true,
                (Value::Null, Some(_)) => nullable,
                _ => false,
            };
            if !fits {
                return Err(self.err(
                    pointer,
                    "const",
                    "must be a string, an integer, a boolean or null, of the schema's `type`",
                ));
            }
            return Ok(Type::Const(value));
        }
        if self.is_string_enum(kw) {
            let (values, enum_nullable) = self.lower_enum(kw)?;
            let name = self.lift_name(kw, hint)?;
            let (title, description, examples) = self.annotations(kw)?;
            let slot = self.reserve(name.clone(), pointer.to_string())?;
            self.slots[slot] = Some(TypeDef {
                name: name.clone(),
                pointer: pointer.to_string(),
                title,
                description,
                examples,
                kind: TypeKind::Enum(Enum { values }),
            });
            return Ok(wrap_nullable(Type::Ref(name), enum_nullable));
        }

        let ty = match base {
            None => {
                for keyword in TYPE_SPECIFIC {
                    if kw.has(keyword) {
                        return Err(self.err(
                            pointer,
                            keyword,
                            "needs an explicit `type` (a schema without `type` accepts any JSON value)",
                        ));
                    }
                }
                Type::Any
            }
            Some("string") => Type::String(self.lower_string(kw)?),
            Some("integer") => Type::Integer(self.lower_numeric(kw)?),
            Some("number") => Type::Number(self.lower_numeric(kw)?),
            Some("boolean") => Type::Boolean,
            Some("null") => Type::Null,
            Some("array") => Type::Array(self.lower_array(kw, hint)?),
            Some("object") => {
                if self.has_model_shape(kw) {
                    let name = self.lift_name(kw, hint)?;
                    let slot = self.reserve(name.clone(), pointer.to_string())?;
                    let (title, description, examples) = self.annotations(kw)?;
                    let object = self.lower_object(kw, &name)?;
                    self.slots[slot] = Some(TypeDef {
                        name: name.clone(),
                        pointer: pointer.to_string(),
                        title,
                        description,
                        examples,
                        kind: TypeKind::Object(object),
                    });
                    Type::Ref(name)
                } else {
                    if kw.has("required") {
                        return Err(self.err(
                            pointer,
                            "required",
                            "needs `properties` listing the required properties",
                        ));
                    }
                    let values = match kw.get("additionalProperties") {
                        None | Some(Value::Bool(true)) => Type::Any,
                        Some(Value::Bool(false)) => unreachable!("handled as an object"),
                        Some(value) => {
                            let values_pointer = format!("{pointer}/additionalProperties");
                            let map = self.schema_object(&values_pointer, value)?;
                            let inner = Kw::new(&values_pointer, map);
                            let ty = self.lower_type(&inner, &hint.join(&Name::split("value")))?;
                            inner.finish(self)?;
                            ty
                        }
                    };
                    Type::Map(MapType {
                        values: Box::new(values),
                    })
                }
            }
            Some(other) => unreachable!("parse_type returned {other}"),
        };
        Ok(wrap_nullable(ty, nullable))
    }

    fn lift_name(&self, kw: &Kw, hint: &Name) -> Result<Name> {
        let from_title = kw
            .peek("title")
            .and_then(Value::as_str)
            .map(Name::split)
            .filter(|n| !n.is_empty());
        Ok(from_title.unwrap_or_else(|| hint.clone()))
    }

    fn lower_ref(&mut self, pointer: &str, target: &str) -> Result<Type> {
        if target == "#" {
            return Ok(Type::Ref(self.slot_name(0)));
        }
        let Some(key) = target.strip_prefix("#/$defs/") else {
            return Err(self.err(
                pointer,
                "$ref",
                format!("`{target}` is not supported: only `#` and `#/$defs/<name>` (no remote or other references)"),
            ));
        };
        let key = unescape(&percent_decode(key));
        if key.contains('/')
            && !self.doc["$defs"]
                .as_object()
                .is_some_and(|d| d.contains_key(&key))
        {
            return Err(self.err(
                pointer,
                "$ref",
                format!("`{target}` is not supported: only `#/$defs/<name>`, one level deep"),
            ));
        }
        if self.doc["$defs"].get(&key).is_none() {
            return Err(self.err(
                pointer,
                "$ref",
                format!("`{target}` does not resolve: there is no `$defs` entry `{key}`"),
            ));
        }
        let def_pointer = format!("/$defs/{}", escape(&key));
        let slot = match self.by_pointer.get(&def_pointer) {
            Some(slot) => *slot,
            None => self.reserve_def(&key, &def_pointer)?,
        };
        Ok(Type::Ref(self.slot_name(slot)))
    }

    fn slot_name(&self, slot: usize) -> Name {
        self.slot_names[slot].clone()
    }

    /// `oneOf` / `anyOf` (other than a nullable pair): a tentative [`Type::Union`] of the
    /// lowered branches, settled by [`resolve_unions`] once every named type is known.
    fn lower_union(&mut self, kw: &Kw, keyword: &'static str, hint: &Name) -> Result<Type> {
        let pointer = kw.pointer;
        let Some(Value::Array(branches)) = kw.get(keyword) else {
            return Err(self.err(pointer, keyword, "must be a non-empty array of schemas"));
        };
        if branches.is_empty() {
            return Err(self.err(pointer, keyword, "must be a non-empty array of schemas"));
        }
        for key in kw.map.keys() {
            let annotation = matches!(
                key.as_str(),
                "title" | "description" | "examples" | "$comment" | "default" | "x-default-factory"
            ) || key.starts_with("x-");
            if !annotation && key != keyword {
                return Err(self.err(
                    pointer,
                    key,
                    format!("keywords next to `{keyword}` are not supported (only annotations); move `{key}` into each branch"),
                ));
            }
        }
        let mut variants = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = format!("{pointer}/{keyword}/{index}");
            let map = self.schema_object(&branch_pointer, branch)?;
            let branch_hint = self.branch_hint(map, hint, index);
            let inner = Kw::new(&branch_pointer, map);
            let ty = self.lower_type(&inner, &branch_hint)?;
            inner.finish(self)?;
            variants.push(Variant {
                tag: String::new(),
                pointer: branch_pointer,
                ty,
            });
        }
        self.union_keywords.insert(pointer.to_string(), keyword);
        Ok(Type::Union(UnionType {
            pointer: pointer.to_string(),
            discriminator: None,
            variants,
        }))
    }

    /// The name an inline object branch gets: the parent's name and the first string `const`
    /// among its properties (`payload` + `"workflow.failed"` → `PayloadWorkflowFailed`), or its
    /// position (`PayloadVariant2`) when there is none or that name is taken.
    fn branch_hint(&self, map: &Map<String, Value>, hint: &Name, index: usize) -> Name {
        let tag = map
            .get("properties")
            .and_then(Value::as_object)
            .and_then(|props| {
                props
                    .values()
                    .find_map(|p| p.get("const").and_then(Value::as_str))
            })
            .map(Name::split)
            .filter(|n| !n.is_empty())
            .map(|words| hint.join(&words));
        match tag {
            Some(name) if !self.by_name.contains_key(&name.upper_camel()) => name,
            _ => hint.join(&Name::split(&format!("variant {}", index + 1))),
        }
    }

    /// `type: [A, B, …]` with two or more types besides `null`: one branch per type, each with
    /// the keywords that apply to it.
    fn lower_type_array(&mut self, kw: &Kw, names: &[&str], hint: &Name) -> Result<Type> {
        let pointer = kw.pointer;
        kw.get("type");
        let mut seen = HashSet::new();
        for name in names {
            if !TYPE_NAMES.contains(name) {
                return Err(self.err(
                    pointer,
                    "type",
                    "must be one of string, integer, number, boolean, null, array, object, or an array of them",
                ));
            }
            if !seen.insert(*name) {
                return Err(self.err(pointer, "type", format!("lists `{name}` twice")));
            }
        }
        let mut branches: Vec<Map<String, Value>> = names
            .iter()
            .map(|t| {
                let mut m = Map::new();
                m.insert("type".into(), Value::String(t.to_string()));
                m
            })
            .collect();
        for (key, value) in kw.map {
            let key = key.as_str();
            if matches!(
                key,
                "type"
                    | "title"
                    | "description"
                    | "examples"
                    | "$comment"
                    | "default"
                    | "x-default-factory"
            ) || key.starts_with("x-")
            {
                continue;
            }
            let applies: &[&str] = match key {
                "format" | "minLength" | "maxLength" | "pattern" => &["string"],
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                    &["integer", "number"]
                }
                "items" | "minItems" | "maxItems" | "uniqueItems" => &["array"],
                "properties" | "required" | "additionalProperties" => &["object"],
                _ => return Err(self.err(
                    pointer,
                    key,
                    "is not supported next to several types; use `oneOf` with one branch per type",
                )),
            };
            let mut used = false;
            for (branch, name) in branches.iter_mut().zip(names) {
                if applies.contains(name) {
                    branch.insert(key.to_string(), value.clone());
                    used = true;
                }
            }
            if !used {
                return Err(self.err(
                    pointer,
                    key,
                    format!("does not apply to any of the types {}", names.join(", ")),
                ));
            }
            kw.get(key);
        }
        let mut variants = Vec::new();
        for branch in &branches {
            let inner = Kw::new(pointer, branch);
            let ty = self.lower_type(&inner, hint)?;
            inner.finish(self)?;
            variants.push(Variant {
                tag: String::new(),
                pointer: pointer.to_string(),
                ty,
            });
        }
        self.union_keywords.insert(pointer.to_string(), "type");
        Ok(Type::Union(UnionType {
            pointer: pointer.to_string(),
            discriminator: None,
            variants,
        }))
    }

    /// `allOf` of object (or compatible) schemas merged into one schema, with the keywords next
    /// to it: properties and `required` united, bounds intersected, anything the branches
    /// disagree on an error naming the branch.
    fn merge_all_of(&self, kw: &Kw) -> Result<Map<String, Value>> {
        let pointer = kw.pointer;
        let branches = match kw.peek("allOf") {
            Some(Value::Array(items)) if !items.is_empty() => items,
            _ => return Err(self.err(pointer, "allOf", "must be a non-empty array of schemas")),
        };
        let mut base = Map::new();
        for (key, value) in kw.map {
            // A property's `default` was read by the property itself.
            if key == "allOf"
                || (kw.was_read(key) && matches!(key.as_str(), "default" | "x-default-factory"))
            {
                continue;
            }
            base.insert(key.clone(), value.clone());
        }
        let mut parts = vec![(pointer.to_string(), base)];
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = format!("{pointer}/allOf/{index}");
            parts.push(self.all_of_branch(&branch_pointer, branch)?);
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
        Ok(merged)
    }

    /// One `allOf` branch as a schema object: a `$ref` to a `$defs` entry is replaced by the
    /// entry, a nested `allOf` is merged first.
    fn all_of_branch(&self, pointer: &str, branch: &Value) -> Result<(String, Map<String, Value>)> {
        let map = self.schema_object(pointer, branch)?;
        if let Some(target) = map.get("$ref") {
            let extra = map
                .keys()
                .find(|k| !matches!(k.as_str(), "$ref" | "title" | "description" | "$comment"));
            if let Some(extra) = extra {
                return Err(self.err(
                    pointer,
                    extra,
                    "an `allOf` branch with `$ref` may only have annotations next to it",
                ));
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
            return self.all_of_branch(&def_pointer, def);
        }
        if map.contains_key("allOf") {
            let inner = Kw::new(pointer, map);
            return Ok((pointer.to_string(), self.merge_all_of(&inner)?));
        }
        Ok((pointer.to_string(), map.clone()))
    }

    fn lower_any_of(&mut self, pointer: &str, any_of: &Value, hint: &Name) -> Result<Type> {
        let not_nullable = || {
            self.err(
                pointer,
                "anyOf",
                "only `anyOf: [S, {\"type\": \"null\"}]` (a nullable S) is supported",
            )
        };
        let Value::Array(branches) = any_of else {
            return Err(not_nullable());
        };
        let is_null = |v: &Value| {
            v.as_object().is_some_and(|m| {
                m.get("type") == Some(&Value::String("null".into()))
                    && m.keys().all(|k| {
                        matches!(k.as_str(), "type" | "description" | "title" | "$comment")
                    })
            })
        };
        let (index, other) = match branches.as_slice() {
            [a, b] if is_null(b) && !is_null(a) => (0, a),
            [a, b] if is_null(a) && !is_null(b) => (1, b),
            _ => return Err(not_nullable()),
        };
        let branch_pointer = format!("{pointer}/anyOf/{index}");
        let map = self.schema_object(&branch_pointer, other)?;
        let inner = Kw::new(&branch_pointer, map);
        let ty = self.lower_type(&inner, hint)?;
        inner.finish(self)?;
        Ok(wrap_nullable(ty, true))
    }

    fn lower_string(&self, kw: &Kw) -> Result<StringType> {
        let pointer = kw.pointer;
        let format = match kw.get("format") {
            None => None,
            Some(Value::String(f)) => Some(match f.as_str() {
                "uuid" => Format::Uuid,
                "date-time" => Format::DateTime,
                "date" => Format::Date,
                "email" => Format::Email,
                "uri" => Format::Uri,
                other => {
                    return Err(self.err(
                        pointer,
                        "format",
                        format!("`{other}` is not supported: uuid, date-time, date, email, uri"),
                    ))
                }
            }),
            Some(_) => return Err(self.err(pointer, "format", "must be a string")),
        };
        let min_length = self.non_negative(kw, "minLength")?;
        let max_length = self.non_negative(kw, "maxLength")?;
        if let (Some(min), Some(max)) = (min_length, max_length) {
            if min > max {
                return Err(self.err(pointer, "maxLength", "is smaller than `minLength`"));
            }
        }
        let pattern = match kw.get("pattern") {
            None => None,
            Some(Value::String(p)) => {
                check_pattern(p).map_err(|why| self.err(pointer, "pattern", why))?;
                Some(p.clone())
            }
            Some(_) => return Err(self.err(pointer, "pattern", "must be a string")),
        };
        Ok(StringType {
            format,
            min_length,
            max_length,
            pattern,
        })
    }

    fn non_negative(&self, kw: &Kw, keyword: &str) -> Result<Option<u64>> {
        match kw.get(keyword) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_u64() {
                Some(v) => Ok(Some(v)),
                None => match n.as_f64() {
                    Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 9.0e15 => Ok(Some(f as u64)),
                    _ => Err(self.err(kw.pointer, keyword, "must be a non-negative integer")),
                },
            },
            Some(_) => Err(self.err(kw.pointer, keyword, "must be a non-negative integer")),
        }
    }

    fn lower_numeric(&self, kw: &Kw) -> Result<NumericType> {
        let bound = |keyword: &str| -> Result<Option<Number>> {
            match kw.get(keyword) {
                None => Ok(None),
                Some(Value::Number(n)) => Ok(Some(normalize_number(n))),
                Some(_) => Err(self.err(kw.pointer, keyword, "must be a number")),
            }
        };
        let numeric = NumericType {
            minimum: bound("minimum")?,
            exclusive_minimum: bound("exclusiveMinimum")?,
            maximum: bound("maximum")?,
            exclusive_maximum: bound("exclusiveMaximum")?,
            multiple_of: bound("multipleOf")?,
        };
        if let Some(m) = &numeric.multiple_of {
            if m.as_f64().is_none_or(|f| f <= 0.0) {
                return Err(self.err(kw.pointer, "multipleOf", "must be greater than 0"));
            }
        }
        Ok(numeric)
    }

    fn lower_array(&mut self, kw: &Kw, hint: &Name) -> Result<ArrayType> {
        let pointer = kw.pointer;
        let item_hint = hint.join(&Name::split("item"));
        let items = match kw.get("items") {
            None | Some(Value::Bool(true)) => Type::Any,
            Some(Value::Object(map)) => {
                let item_pointer = format!("{pointer}/items");
                let inner = Kw::new(&item_pointer, map);
                let ty = self.lower_type(&inner, &item_hint)?;
                inner.finish(self)?;
                ty
            }
            Some(_) => {
                return Err(self.err(
                    pointer,
                    "items",
                    "must be one schema (tuples and `items: false` are not supported)",
                ))
            }
        };
        let min_items = self.non_negative(kw, "minItems")?;
        let max_items = self.non_negative(kw, "maxItems")?;
        if let (Some(min), Some(max)) = (min_items, max_items) {
            if min > max {
                return Err(self.err(pointer, "maxItems", "is smaller than `minItems`"));
            }
        }
        let unique_items = match kw.get("uniqueItems") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(self.err(pointer, "uniqueItems", "must be a boolean")),
        };
        Ok(ArrayType {
            items: Box::new(items),
            min_items,
            max_items,
            unique_items,
        })
    }
}

/// Keywords that only mean something for one type; without `type` they are an error.
const TYPE_SPECIFIC: [&str; 18] = [
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "default",
    "x-default-factory",
];

/// Every keyword the IR reads somewhere: an unread one of these is misplaced, not unknown.
const KNOWN: [&str; 30] = [
    "oneOf",
    "allOf",
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "$comment",
    "title",
    "description",
    "examples",
    "type",
    "enum",
    "const",
    "anyOf",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords of JSON Schema that the IR deliberately does not support.
const UNSUPPORTED: [&str; 25] = [
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "definitions",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// The keywords of one schema object, recording which were read, so that [`Kw::finish`] can
/// reject the rest.
struct Kw<'m> {
    pointer: &'m str,
    map: &'m Map<String, Value>,
    used: RefCell<HashSet<String>>,
}

impl<'m> Kw<'m> {
    fn new(pointer: &'m str, map: &'m Map<String, Value>) -> Kw<'m> {
        Kw {
            pointer,
            map,
            used: RefCell::new(HashSet::new()),
        }
    }

    /// Reads a keyword, marking it as handled.
    fn get(&self, key: &str) -> Option<&'m Value> {
        self.used.borrow_mut().insert(key.to_string());
        self.map.get(key)
    }

    /// Looks at a keyword without marking it.
    fn peek(&self, key: &str) -> Option<&'m Value> {
        self.map.get(key)
    }

    fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Whether a keyword was already read.
    fn was_read(&self, key: &str) -> bool {
        self.used.borrow().contains(key)
    }

    /// Marks every keyword as read (its content was taken over by a merged schema).
    fn use_all(&self) {
        self.used.borrow_mut().extend(self.map.keys().cloned());
    }

    /// Errors on the first keyword nobody read (in document order).
    fn finish(&self, cx: &Lowerer) -> Result<()> {
        let used = self.used.borrow();
        for key in self.map.keys() {
            if used.contains(key) || key == "$comment" {
                continue;
            }
            if key.starts_with("x-") && key != "x-default-factory" {
                continue;
            }
            let message = if UNSUPPORTED.contains(&key.as_str()) {
                "is not supported by the code generators".to_string()
            } else if KNOWN.contains(&key.as_str())
                || key == "default"
                || key == "x-default-factory"
            {
                let ty = match self.map.get("type") {
                    Some(t) => format!("a schema with `\"type\": {t}`"),
                    None => "this schema".into(),
                };
                format!("does not apply to {ty} here")
            } else {
                "is not a keyword the code generators know (a typo? extensions start with `x-`)"
                    .to_string()
            };
            return Err(cx.err(self.pointer, key, message));
        }
        Ok(())
    }
}

/// The JSON Schema type names.
const TYPE_NAMES: [&str; 7] = [
    "string", "integer", "number", "boolean", "null", "array", "object",
];

/// `anyOf: [S, {"type": "null"}]` in either order: the nullable form lowered as before unions.
fn is_nullable_pair(any_of: &Value) -> bool {
    let is_null = |v: &Value| {
        v.as_object().is_some_and(|m| {
            m.get("type") == Some(&Value::String("null".into()))
                && m.keys()
                    .all(|k| matches!(k.as_str(), "type" | "description" | "title" | "$comment"))
        })
    };
    match any_of.as_array().map(Vec::as_slice) {
        Some([a, b]) => is_null(a) != is_null(b),
        _ => false,
    }
}

/// Merges schema `part` (at `pointer`) into `into` for `allOf`; `Err((pointer, keyword, why))`.
fn merge_schemas(
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

/// Settles the tentative unions of a lowered module, once every named type is known.
struct Settle<'a> {
    file: &'a str,
    /// The module before settling, for looking up what references point to.
    raw: Module,
    keywords: &'a HashMap<String, &'static str>,
}

impl Settle<'_> {
    fn err(&self, pointer: &str, keyword: &str, message: impl Into<String>) -> Error {
        Error::Schema {
            file: self.file.to_string(),
            pointer: pointer.to_string(),
            keyword: keyword.to_string(),
            message: message.into(),
        }
    }

    /// Settles every union inside `ty`, innermost first.
    fn resolve(&self, ty: &mut Type) -> Result<()> {
        match ty {
            Type::Nullable(inner) => {
                self.resolve(inner)?;
                if let Type::Nullable(innermost) = inner.as_mut() {
                    let innermost = std::mem::replace(innermost.as_mut(), Type::Null);
                    *ty = Type::Nullable(Box::new(innermost));
                }
            }
            Type::Array(a) => self.resolve(&mut a.items)?,
            Type::Map(m) => self.resolve(&mut m.values)?,
            Type::Union(u) => {
                for v in &mut u.variants {
                    self.resolve(&mut v.ty)?;
                }
                let u = std::mem::replace(
                    u,
                    UnionType {
                        pointer: String::new(),
                        discriminator: None,
                        variants: Vec::new(),
                    },
                );
                *ty = self.settle(u)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// The JSON types a type accepts (`any` for every value), following references.
    fn kinds(&self, ty: &Type, seen: &mut Vec<Name>) -> BTreeSet<&'static str> {
        let one = |k: &'static str| BTreeSet::from([k]);
        match ty {
            Type::String(_) => one("string"),
            Type::Integer(_) => one("integer"),
            Type::Number(_) => one("number"),
            Type::Boolean => one("boolean"),
            Type::Null => one("null"),
            Type::Any => one("any"),
            Type::Array(_) => one("array"),
            Type::Map(_) => one("object"),
            Type::Const(v) => one(match v {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(_) => "integer",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            }),
            Type::Nullable(inner) => {
                let mut k = self.kinds(inner, seen);
                k.insert("null");
                k
            }
            Type::Union(u) => u
                .variants
                .iter()
                .flat_map(|v| self.kinds(&v.ty, seen))
                .collect(),
            Type::Ref(name) => {
                if seen.contains(name) {
                    return BTreeSet::new();
                }
                seen.push(name.clone());
                let kinds = match self.raw.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Object(_)) => one("object"),
                    Some(TypeKind::Enum(_)) => one("string"),
                    Some(TypeKind::Alias(inner)) => self.kinds(inner, seen),
                    None => BTreeSet::new(),
                };
                seen.pop();
                kinds
            }
        }
    }

    fn settle(&self, u: UnionType) -> Result<Type> {
        let keyword = self.keywords.get(&u.pointer).copied().unwrap_or("oneOf");
        let mut nullable = false;
        let mut flat: Vec<Variant> = Vec::new();
        for v in u.variants {
            let ty = match v.ty {
                Type::Null | Type::Const(Value::Null) => {
                    nullable = true;
                    continue;
                }
                Type::Nullable(inner) => {
                    nullable = true;
                    *inner
                }
                other => other,
            };
            match ty {
                Type::Union(inner) if inner.discriminator.is_none() => flat.extend(inner.variants),
                ty => flat.push(Variant { ty, ..v }),
            }
        }
        // Group the branches by JSON type, in order of first appearance.
        let mut groups: Vec<(&'static str, Vec<Variant>)> = Vec::new();
        for v in flat {
            let kinds = self.kinds(&v.ty, &mut Vec::new());
            if kinds.contains("any") {
                return Err(self.err(
                    &v.pointer,
                    keyword,
                    "this branch accepts any value, so it overlaps every other branch; give it a `type`",
                ));
            }
            let kinds: Vec<&'static str> = kinds.into_iter().filter(|k| *k != "null").collect();
            let kind = match kinds.as_slice() {
                [] => {
                    nullable = true;
                    continue;
                }
                [kind] => *kind,
                _ => {
                    return Err(self.err(
                        &v.pointer,
                        keyword,
                        format!(
                            "this branch is itself a value of several JSON types ({}) or allows `null` through a `$ref`; list its branches here instead",
                            kinds.join(", ")
                        ),
                    ))
                }
            };
            match groups.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, members)) => members.push(v),
                None => groups.push((kind, vec![v])),
            }
        }
        if groups.iter().any(|(k, _)| *k == "integer") && groups.iter().any(|(k, _)| *k == "number")
        {
            return Err(self.err(
                &u.pointer,
                keyword,
                "an `integer` and a `number` branch overlap (every integer is a number); keep only the `number` branch",
            ));
        }
        let mut variants = Vec::new();
        for (kind, members) in groups {
            let ty = if members.len() == 1 {
                members.into_iter().next().expect("one member").ty
            } else if kind == "object" {
                self.discriminated(&u.pointer, keyword, members)?
            } else {
                return Err(self.err(
                    &members[1].pointer,
                    keyword,
                    format!(
                        "two branches of JSON type `{kind}` overlap (a value could match both, and the generated code cannot try both); unions are supported between branches of different JSON types, or between objects told apart by a property with a distinct string `const` in every branch"
                    ),
                ));
            };
            variants.push(Variant {
                tag: kind.to_string(),
                pointer: u.pointer.clone(),
                ty,
            });
        }
        let ty = match variants.len() {
            0 => return Ok(Type::Null),
            1 => variants.pop().expect("one variant").ty,
            _ => {
                // The branch pointer is kept where there is one branch per JSON type.
                Type::Union(UnionType {
                    pointer: u.pointer,
                    discriminator: None,
                    variants,
                })
            }
        };
        Ok(wrap_nullable(ty, nullable))
    }

    /// Object branches told apart by a property: required in each, a distinct string `const`.
    fn discriminated(&self, pointer: &str, keyword: &str, members: Vec<Variant>) -> Result<Type> {
        let mut objects = Vec::new();
        for m in &members {
            let object = match &m.ty {
                Type::Ref(name) => match self.raw.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Object(o)) => Some(o),
                    _ => None,
                },
                _ => None,
            };
            let Some(object) = object else {
                return Err(self.err(
                    &m.pointer,
                    keyword,
                    "in a union of several object branches each must be an object with `properties` (inline or a `$ref` to one), told apart by a discriminator property",
                ));
            };
            objects.push(object);
        }
        let tag_of = |o: &Object, wire: &str| -> Option<String> {
            o.fields
                .iter()
                .find(|f| f.wire_name == wire && f.required)
                .and_then(|f| match &f.ty {
                    Type::Const(Value::String(s)) => Some(s.clone()),
                    _ => None,
                })
        };
        let candidate = objects[0].fields.iter().find_map(|f| {
            let tags: Option<Vec<String>> =
                objects.iter().map(|o| tag_of(o, &f.wire_name)).collect();
            let tags = tags?;
            let distinct: BTreeSet<&String> = tags.iter().collect();
            (distinct.len() == tags.len()).then(|| (f.wire_name.clone(), tags))
        });
        let Some((property, tags)) = candidate else {
            return Err(self.err(
                pointer,
                keyword,
                "the object branches cannot be told apart: no property is required in every branch with a distinct string `const` (a discriminator); without one a value could match several branches, which the generated code cannot decide as JSON Schema does",
            ));
        };
        Ok(Type::Union(UnionType {
            pointer: pointer.to_string(),
            discriminator: Some(property),
            variants: members
                .into_iter()
                .zip(tags)
                .map(|(m, tag)| Variant { tag, ..m })
                .collect(),
        }))
    }
}

fn wrap_nullable(ty: Type, nullable: bool) -> Type {
    match ty {
        Type::Nullable(_) | Type::Null | Type::Any => ty,
        Type::Const(Value::Null) => ty,
        other if nullable => Type::Nullable(Box::new(other)),
        other => other,
    }
}

fn is_empty_schema(map: &Map<String, Value>) -> bool {
    map.keys()
        .all(|k| matches!(k.as_str(), "description" | "title" | "$comment"))
}

/// Checks that a `pattern` means the same in ECMA-262 (JSON Schema, TypeScript, the Rust
/// types' `regress`), the Rust `regex` crate (pydantic-core) and Python `re`: it must parse as
/// a Rust regex, and must not use the constructs whose meaning differs between them — Perl
/// classes and word boundaries (`\d`, `\w`, `\s`, `\b`: ASCII in ECMA, Unicode elsewhere),
/// Unicode classes (`\p{…}`), inline flags (`(?i)`), and `\A`/`\z`. Look-around and
/// backreferences are rejected by the parser.
pub fn check_pattern(pattern: &str) -> std::result::Result<(), String> {
    use regex_syntax::ast::{self, Ast};

    let parsed = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("not a portable regular expression: {}", e.kind()))?;
    regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("not a portable regular expression: {e}"))?;

    fn walk_set(item: &ast::ClassSetItem) -> std::result::Result<(), String> {
        match item {
            ast::ClassSetItem::Perl(_) => Err(perl_class()),
            ast::ClassSetItem::Unicode(_) => Err(unicode_class()),
            ast::ClassSetItem::Ascii(_) => {
                Err("POSIX classes like `[[:alpha:]]` are not portable; spell the range out".into())
            }
            ast::ClassSetItem::Bracketed(inner) => walk_class(&inner.kind),
            ast::ClassSetItem::Union(u) => u.items.iter().try_for_each(walk_set),
            _ => Ok(()),
        }
    }
    fn walk_class(set: &ast::ClassSet) -> std::result::Result<(), String> {
        match set {
            ast::ClassSet::Item(item) => walk_set(item),
            ast::ClassSet::BinaryOp(_) => {
                Err("class set operations (`&&`, `--`, `~~`) are not portable".into())
            }
        }
    }
    fn perl_class() -> String {
        "`\\d`, `\\w` and `\\s` are ASCII in ECMA-262 but Unicode in Python and Rust; use `[0-9]`, `[A-Za-z0-9_]`, `[ \\t\\n\\r]`".into()
    }
    fn unicode_class() -> String {
        "Unicode classes (`\\p{…}`) are not portable".into()
    }
    fn walk(node: &Ast) -> std::result::Result<(), String> {
        match node {
            Ast::Flags(_) => Err("inline flags like `(?i)` are not portable".into()),
            Ast::ClassPerl(_) => Err(perl_class()),
            Ast::ClassUnicode(_) => Err(unicode_class()),
            Ast::ClassBracketed(class) => walk_class(&class.kind),
            Ast::Assertion(a) => match a.kind {
                ast::AssertionKind::StartLine | ast::AssertionKind::EndLine => Ok(()),
                _ => Err(
                    "only the `^` and `$` assertions are portable (no `\\b`, `\\A`, `\\z`)".into(),
                ),
            },
            Ast::Repetition(rep) => walk(&rep.ast),
            Ast::Group(group) => {
                if let ast::GroupKind::NonCapturing(flags) = &group.kind {
                    if !flags.items.is_empty() {
                        return Err("inline flags like `(?i:…)` are not portable".into());
                    }
                }
                if let ast::GroupKind::CaptureName { .. } = &group.kind {
                    return Err(
                        "named groups are spelled differently in Python and ECMA-262; use `(…)`"
                            .into(),
                    );
                }
                walk(&group.ast)
            }
            Ast::Alternation(alt) => alt.asts.iter().try_for_each(walk),
            Ast::Concat(concat) => concat.asts.iter().try_for_each(walk),
            Ast::Empty(_) | Ast::Literal(_) | Ast::Dot(_) => Ok(()),
        }
    }
    walk(&parsed)
}

/// Checks a JSON value (a `default`) against a type of `module`; `Err` says why not.
fn check_value(module: &Module, ty: &Type, value: &Value) -> std::result::Result<(), String> {
    let expect = |what: &str| Err(format!("expected {what}, found {value}"));
    match ty {
        Type::Any => Ok(()),
        Type::Null => match value {
            Value::Null => Ok(()),
            _ => expect("null"),
        },
        Type::Nullable(inner) => match value {
            Value::Null => Ok(()),
            _ => check_value(module, inner, value),
        },
        Type::Boolean => match value {
            Value::Bool(_) => Ok(()),
            _ => expect("a boolean"),
        },
        Type::Const(c) => {
            if json_equal(c, value) {
                Ok(())
            } else {
                expect(&format!("the constant {c}"))
            }
        }
        Type::String(s) => {
            let Value::String(text) = value else {
                return expect("a string");
            };
            let len = text.chars().count() as u64;
            if s.min_length.is_some_and(|m| len < m) || s.max_length.is_some_and(|m| len > m) {
                return expect("a string within the length bounds");
            }
            Ok(())
        }
        Type::Integer(n) | Type::Number(n) => {
            let Value::Number(num) = value else {
                return expect("a number");
            };
            let v = num.as_f64().unwrap_or(f64::NAN);
            if matches!(ty, Type::Integer(_)) && !(num.is_i64() || num.is_u64() || v.fract() == 0.0)
            {
                return expect("an integer");
            }
            let f = |b: &Option<Number>| b.as_ref().and_then(Number::as_f64);
            let out = f(&n.minimum).is_some_and(|m| v < m)
                || f(&n.maximum).is_some_and(|m| v > m)
                || f(&n.exclusive_minimum).is_some_and(|m| v <= m)
                || f(&n.exclusive_maximum).is_some_and(|m| v >= m);
            if out {
                return expect("a number within the bounds");
            }
            Ok(())
        }
        Type::Array(a) => {
            let Value::Array(items) = value else {
                return expect("an array");
            };
            let len = items.len() as u64;
            if a.min_items.is_some_and(|m| len < m) || a.max_items.is_some_and(|m| len > m) {
                return expect("an array within the length bounds");
            }
            items
                .iter()
                .try_for_each(|item| check_value(module, &a.items, item))
        }
        Type::Map(m) => {
            let Value::Object(entries) = value else {
                return expect("an object");
            };
            entries
                .values()
                .try_for_each(|v| check_value(module, &m.values, v))
        }
        Type::Union(u) => {
            let chosen = match &u.discriminator {
                Some(property) => u
                    .variants
                    .iter()
                    .find(|v| value.get(property).and_then(Value::as_str) == Some(v.tag.as_str())),
                None => {
                    let kind = match value {
                        Value::Null => "null",
                        Value::Bool(_) => "boolean",
                        Value::Number(_) => "number",
                        Value::String(_) => "string",
                        Value::Array(_) => "array",
                        Value::Object(_) => "object",
                    };
                    u.variants
                        .iter()
                        .find(|v| v.tag == kind || (kind == "number" && v.tag == "integer"))
                }
            };
            match chosen {
                Some(v) => check_value(module, &v.ty, value),
                None => expect("a value of one of the union's branches"),
            }
        }
        Type::Ref(name) => {
            let def = module.get(name).expect("references resolve after lowering");
            match &def.kind {
                TypeKind::Alias(inner) => check_value(module, inner, value),
                TypeKind::Enum(e) => match value {
                    Value::String(s) if e.values.iter().any(|v| &v.value == s) => Ok(()),
                    _ => expect(&format!("a value of `{}`", def.name)),
                },
                TypeKind::Object(o) => {
                    let Value::Object(entries) = value else {
                        return expect("an object");
                    };
                    for field in &o.fields {
                        match entries.get(&field.wire_name) {
                            Some(v) => check_value(module, &field.ty, v)?,
                            None if field.required => {
                                return Err(format!("`{}` is missing", field.wire_name))
                            }
                            None => {}
                        }
                    }
                    if o.additional == super::Additional::Forbid {
                        if let Some(extra) = entries
                            .keys()
                            .find(|k| !o.fields.iter().any(|f| &f.wire_name == *k))
                        {
                            return Err(format!("`{extra}` is not allowed"));
                        }
                    }
                    Ok(())
                }
            }
        }
    }
}

/// JSON equality: numbers by value (`1` = `1.0`), booleans distinct from numbers.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// An alias may not refer to itself through other aliases and nullables only.
fn check_alias_cycles(module: &Module, file: &str) -> Result<()> {
    for def in &module.types {
        let TypeKind::Alias(start) = &def.kind else {
            continue;
        };
        let mut seen = vec![&def.name];
        let mut ty = start;
        loop {
            match ty {
                Type::Nullable(inner) => ty = inner,
                Type::Ref(name) => {
                    if seen.contains(&name) {
                        return Err(Error::Schema {
                            file: file.to_string(),
                            pointer: def.pointer.clone(),
                            keyword: "$ref".into(),
                            message: "references form a cycle that never reaches a value".into(),
                        });
                    }
                    seen.push(name);
                    match &module.get(name).expect("resolved").kind {
                        TypeKind::Alias(next) => ty = next,
                        _ => break,
                    }
                }
                _ => break,
            }
        }
    }
    Ok(())
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

/// JSON pointer escaping of one reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Percent-decoding of a URI fragment (`#/$defs/a%20b`).
fn percent_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `schema/v1.0/workflow_event.schema.json` → `workflow_event`.
fn file_stem(display: &str) -> String {
    let file = display.rsplit('/').next().unwrap_or(display);
    file.trim_end_matches(".json")
        .trim_end_matches(".schema")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Lowers a schema that is no envelope (no version directory; `ir::envelope` has its own
    /// tests through the real versions).
    fn lower_value(value: Value) -> Result<Module> {
        lower(&Loaded {
            path: "test.json".into(),
            display: "test.json".into(),
            version: None,
            text: value.to_string(),
            value,
        })
    }

    fn object(props: Value) -> Value {
        json!({"title": "Root", "type": "object", "properties": props})
    }

    fn field_type(props: Value) -> Type {
        let module = lower_value(object(props)).unwrap();
        let TypeKind::Object(o) = &module.root_type().kind else {
            panic!("root is an object")
        };
        o.fields[0].ty.clone()
    }

    fn error(value: Value) -> String {
        lower_value(value).unwrap_err().to_string()
    }

    #[test]
    fn lowers_the_envelope_shapes() {
        let module = lower_value(json!({
            "$schema": DRAFT_2020_12,
            "title": "WorkflowEvent",
            "type": "object",
            "required": ["kind"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "x-default-factory": "uuid4"},
                "kind": {"$ref": "#/$defs/Kind", "description": "what"},
                "data": {"type": "object", "additionalProperties": true},
                "meta": {"$ref": "#/$defs/Meta"}
            },
            "$defs": {
                "Kind": {"type": "string", "enum": ["a.b", "c"]},
                "Meta": {"type": "object", "properties": {"v": {"type": "string", "default": "1.0"}}},
                "Unused": {"type": "string", "minLength": 1}
            }
        }))
        .unwrap();
        let names: Vec<String> = module.types.iter().map(|t| t.name.upper_camel()).collect();
        assert_eq!(names, ["WorkflowEvent", "Kind", "Meta", "Unused"]);
        let TypeKind::Object(root) = &module.root_type().kind else {
            panic!()
        };
        assert_eq!(root.fields[0].default_factory, Some(DefaultFactory::Uuid4));
        assert!(!root.fields[0].required);
        assert!(root.fields[1].required);
        assert_eq!(root.fields[1].description.as_deref(), Some("what"));
        assert_eq!(root.fields[1].ty, Type::Ref(Name::split("Kind")));
        assert_eq!(
            root.fields[2].ty,
            Type::Map(MapType {
                values: Box::new(Type::Any)
            })
        );
        assert_eq!(root.additional, Additional::Ignore);
    }

    #[test]
    fn nullable_forms() {
        let string = Type::String(StringType::default());
        let nullable = Type::Nullable(Box::new(string));
        assert_eq!(
            field_type(json!({"a": {"type": ["string", "null"]}})),
            nullable
        );
        assert_eq!(
            field_type(json!({"a": {"type": ["null", "string"]}})),
            nullable
        );
        assert_eq!(
            field_type(json!({"a": {"anyOf": [{"type": "string"}, {"type": "null"}]}})),
            nullable
        );
    }

    #[test]
    fn inline_objects_and_enums_are_lifted() {
        let module = lower_value(object(json!({
            "inner": {"type": "object", "properties": {"x": {"type": "integer"}}},
            "mode": {"enum": ["a", "b", null]},
            "tags": {"type": "array", "items": {"type": "object", "title": "Tag", "properties": {}}}
        })))
        .unwrap();
        let names: Vec<String> = module.types.iter().map(|t| t.name.upper_camel()).collect();
        assert_eq!(names, ["Root", "RootInner", "RootMode", "Tag"]);
        let TypeKind::Object(o) = &module.root_type().kind else {
            panic!()
        };
        assert_eq!(
            o.fields[1].ty,
            Type::Nullable(Box::new(Type::Ref(Name::split("RootMode"))))
        );
    }

    #[test]
    fn recursion_through_refs() {
        let module = lower_value(json!({
            "title": "Tree", "type": "object",
            "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}
        }))
        .unwrap();
        assert_eq!(module.types.len(), 1);
    }

    #[test]
    fn rejects_unsupported_keywords_with_pointer() {
        assert_eq!(
            error(object(json!({"a": {"oneOf": [{"type": "string"}, {"type": "string"}]}}))),
            "test.json#/properties/a/oneOf/1: `oneOf`: two branches of JSON type `string` overlap (a value could match both, and the generated code cannot try both); unions are supported between branches of different JSON types, or between objects told apart by a property with a distinct string `const` in every branch"
        );
        assert!(error(object(json!({"a": {"type": "string", "allOf": []}})))
            .starts_with("test.json#/properties/a: `allOf`: must be a non-empty array"));
        assert!(
            error(object(json!({"a": {"type": "integer", "minLength": 1}})))
                .starts_with("test.json#/properties/a: `minLength`: does not apply")
        );
        assert!(
            error(object(json!({"a": {"type": "string", "minLenght": 1}})))
                .contains("`minLenght`: is not a keyword")
        );
        assert!(error(object(
            json!({"a/b": {"type": "object", "patternProperties": {}}})
        ))
        .starts_with("test.json#/properties/a~1b: `patternProperties`"));
        assert!(error(object(json!({"a": {"$ref": "other.json#/x"}}))).contains("`$ref`"));
        assert!(
            error(object(json!({"a": {"$ref": "#/$defs/Missing"}}))).contains("does not resolve")
        );
        assert!(error(object(
            json!({"a": {"anyOf": [{"type": "string"}, {"type": "integer"}], "minLength": 1}})
        ))
        .contains("`minLength`: keywords next to `anyOf` are not supported"));
    }

    fn tags(ty: &Type) -> (Option<String>, Vec<String>) {
        let Type::Union(u) = ty else {
            panic!("not a union: {ty:?}")
        };
        (
            u.discriminator.clone(),
            u.variants.iter().map(|v| v.tag.clone()).collect(),
        )
    }

    #[test]
    fn unions_by_json_type() {
        let ty = field_type(json!({"a": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}));
        assert_eq!(tags(&ty), (None, vec!["string".into(), "integer".into()]));
        let ty = field_type(json!({"a": {"type": ["array", "boolean", "null"], "maxItems": 1}}));
        let Type::Nullable(inner) = &ty else {
            panic!("{ty:?}")
        };
        assert_eq!(tags(inner), (None, vec!["array".into(), "boolean".into()]));
        let Type::Union(u) = inner.as_ref() else {
            panic!()
        };
        assert!(matches!(&u.variants[0].ty, Type::Array(a) if a.max_items == Some(1)));
        // A `null` branch makes the union nullable; one branch left is no union at all.
        assert_eq!(
            field_type(json!({"a": {"oneOf": [{"type": "null"}, {"type": "string"}]}})),
            Type::Nullable(Box::new(Type::String(StringType::default())))
        );
        // Nested unions by JSON type are flattened.
        let ty = field_type(json!({"a": {"anyOf": [
            {"type": "string"},
            {"oneOf": [{"type": "boolean"}, {"type": "number"}]}
        ]}}));
        assert_eq!(
            tags(&ty),
            (
                None,
                vec!["string".into(), "boolean".into(), "number".into()]
            )
        );
        assert!(error(object(json!({"a": {"type": ["integer", "number"]}})))
            .contains("overlap (every integer is a number)"));
        assert!(error(object(
            json!({"a": {"type": ["string", "integer"], "items": {}}})
        ))
        .contains("`items`: does not apply to any of the types string, integer"));
        assert!(
            error(object(json!({"a": {"oneOf": [{"type": "string"}, {}]}})))
                .contains("accepts any value")
        );
    }

    #[test]
    fn discriminated_unions() {
        let branch = |tag: &str| json!({"type": "object", "required": ["k"], "properties": {"x": {"type": "string"}, "k": {"const": tag}}});
        let module =
            lower_value(object(json!({"a": {"oneOf": [branch("p"), branch("q")]}}))).unwrap();
        let TypeKind::Object(o) = &module.root_type().kind else {
            panic!()
        };
        assert_eq!(
            tags(&o.fields[0].ty),
            (Some("k".into()), vec!["p".into(), "q".into()])
        );
        let names: Vec<String> = module.types.iter().map(|t| t.name.upper_camel()).collect();
        assert_eq!(names, ["Root", "RootAP", "RootAQ"]);
        // Equal tags, a tag that is not required, or no tag at all: not told apart.
        for branches in [
            json!([branch("p"), branch("p")]),
            json!([branch("p"), {"type": "object", "properties": {"k": {"const": "q"}}}]),
            json!([{"type": "object", "properties": {}}, {"type": "object", "properties": {}}]),
        ] {
            let err = error(object(json!({"a": {"anyOf": branches}})));
            assert!(err.contains("cannot be told apart"), "{err}");
        }
    }

    #[test]
    fn merged_all_of_gives_the_merged_schema() {
        let doc = json!({
            "type": "object",
            "properties": {"a": {"description": "d", "allOf": [
                {"$ref": "#/$defs/Base"},
                {"type": "object", "required": ["y"], "properties": {"y": {"type": "integer"}, "x": {"maxLength": 4}}}
            ]}},
            "$defs": {"Base": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string", "maxLength": 9}}}}
        });
        let merged = merged_all_of("t.json", &doc, "/properties/a").unwrap();
        assert_eq!(
            Value::Object(merged),
            json!({"description": "d", "type": "object", "required": ["x", "y"], "properties": {
                "x": {"type": "string", "maxLength": 4}, "y": {"type": "integer"}}})
        );
        let err = merged_all_of("t.json", &doc, "/properties")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.json#/properties: `allOf`"), "{err}");
    }

    #[test]
    fn all_of_is_merged() {
        let module = lower_value(json!({
            "title": "Root", "type": "object",
            "properties": {"a": {"allOf": [
                {"$ref": "#/$defs/Base"},
                {"type": "object", "required": ["y"], "properties": {"y": {"type": "integer", "maximum": 3}, "x": {"maxLength": 4}}}
            ]}},
            "$defs": {"Base": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string", "maxLength": 9, "minLength": 1}}}}
        }))
        .unwrap();
        let def = module
            .get(&Name::split("Root a"))
            .expect("the merged object is lifted");
        let TypeKind::Object(o) = &def.kind else {
            panic!()
        };
        let fields: Vec<(&str, bool)> = o
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f.required))
            .collect();
        assert_eq!(fields, [("x", true), ("y", true)]);
        assert!(
            matches!(&o.fields[0].ty, Type::String(s) if s.max_length == Some(4) && s.min_length == Some(1))
        );
        let err = error(object(json!({"a": {"allOf": [
            {"type": "integer", "minimum": 5}, {"maximum": 4}
        ]}})));
        assert!(err.contains("no value is valid"), "{err}");
        let err = error(object(json!({"a": {"allOf": [
            {"type": "string", "pattern": "^a"}, {"pattern": "^b"}
        ]}})));
        assert!(
            err.starts_with(
                "test.json#/properties/a/allOf/1: `pattern`: the `allOf` parts disagree"
            ),
            "{err}"
        );
    }

    #[test]
    fn ignores_extensions_but_checks_default_factory() {
        assert!(lower_value(object(json!({"a": {"type": "string", "x-note": 1}}))).is_ok());
        assert!(error(object(
            json!({"a": {"type": "string", "format": "uuid", "x-default-factory": "uuid7"}})
        ))
        .contains("`x-default-factory`: unknown factory"));
        assert!(error(object(
            json!({"a": {"type": "string", "x-default-factory": "now"}})
        ))
        .contains("needs `\"type\": \"string\", \"format\": \"date-time\"`"));
    }

    #[test]
    fn checks_defaults() {
        assert!(
            error(object(json!({"a": {"type": "integer", "default": "x"}})))
                .contains("`default`: the default does not match")
        );
        assert!(error(object(
            json!({"a": {"type": "integer", "minimum": 3, "default": 1}})
        ))
        .contains("`default`"));
        assert!(lower_value(object(json!({"a": {"type": "integer", "default": 1}}))).is_ok());
    }

    #[test]
    fn rejects_colliding_type_names() {
        let err = error(json!({
            "title": "Root", "type": "object", "properties": {},
            "$defs": {"foo_bar": {"type": "string"}, "FooBar": {"type": "string"}}
        }));
        assert!(err.contains("type name `FooBar` is already taken"), "{err}");
    }

    #[test]
    fn rejects_alias_cycles() {
        let err = error(json!({
            "title": "Root", "type": "object", "properties": {"a": {"$ref": "#/$defs/A"}},
            "$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}
        }));
        assert!(err.contains("cycle"), "{err}");
    }

    #[test]
    fn portable_patterns() {
        assert!(check_pattern("^(dev|staging|prod)$").is_ok());
        assert!(check_pattern("^[A-Z][a-z0-9_-]{2,}$").is_ok());
        assert!(check_pattern(r"^\d+$").is_err());
        assert!(check_pattern(r"^[\w]+$").is_err());
        assert!(check_pattern("(?i)abc").is_err());
        assert!(check_pattern("a(?=b)").is_err());
        assert!(check_pattern(r"(a)\1").is_err());
        assert!(check_pattern("(").is_err());
    }

    #[test]
    fn numbers_are_normalised() {
        let ty = field_type(json!({"a": {"type": "number", "minimum": 1.5, "maximum": 10}}));
        let Type::Number(n) = ty else { panic!() };
        assert_eq!(n.minimum, Number::from_f64(1.5));
        assert_eq!(n.maximum, Some(Number::from(10)));
    }
}
