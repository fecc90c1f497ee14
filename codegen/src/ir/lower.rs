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
    NumericType, Object, StringType, Type, TypeDef, TypeKind,
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
    let module = Module {
        version: loaded.version.clone(),
        schema_path: loaded.display.clone(),
        id,
        root: root_name,
        types,
    };
    check_alias_cycles(&module, cx.file)?;
    for (pointer, ty, value) in &cx.defaults {
        check_value(&module, ty, value).map_err(|why| Error::Schema {
            file: cx.file.to_string(),
            pointer: pointer.clone(),
            keyword: "default".into(),
            message: format!("the default does not match the property's type: {why}"),
        })?;
    }
    Ok(module)
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
        if kw.has("oneOf") {
            return Err(self.err(
                pointer,
                "oneOf",
                "unions are not supported; for a nullable value use `\"type\": [T, \"null\"]` or `anyOf: [S, {\"type\": \"null\"}]`",
            ));
        }
        if let Some(any_of) = kw.get("anyOf") {
            return self.lower_any_of(pointer, any_of, hint);
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
const KNOWN: [&str; 28] = [
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
const UNSUPPORTED: [&str; 27] = [
    "oneOf",
    "allOf",
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

    fn lower_value(value: Value) -> Result<Module> {
        lower(&Loaded {
            path: "test.json".into(),
            display: "test.json".into(),
            version: Some("1.0".into()),
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
            error(object(json!({"a": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}))),
            "test.json#/properties/a: `oneOf`: unions are not supported; for a nullable value use `\"type\": [T, \"null\"]` or `anyOf: [S, {\"type\": \"null\"}]`"
        );
        assert!(error(object(json!({"a": {"type": "string", "allOf": []}})))
            .starts_with("test.json#/properties/a: `allOf`: is not supported"));
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
            json!({"a": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
        ))
        .contains("`anyOf`"));
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
