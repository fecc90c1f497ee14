//! The type of one schema: objects and their fields, string enums, scalars with their
//! constraints, arrays, maps and `$ref`s. Inline objects and enums are lifted into named types
//! here, so every backend sees one name per object.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Number, Value};

use super::check_pattern;
use super::checks::{false_schema, with_check};
use super::keywords::{is_empty_schema, Kw, EVERY_KIND, TYPE_SPECIFIC};
use super::unions::{is_nullable_pair, wrap_nullable};
use super::{escape, normalize_number, normalize_numbers, percent_decode, unescape, Lowerer};
use crate::error::Result;
use crate::ir::{
    Additional, ArrayType, Check, DefaultFactory, Enum, EnumValue, Field, Format, MapType, Name,
    NumericType, Object, StringType, Type, TypeDef, TypeKind,
};

impl Lowerer<'_> {
    pub(super) fn lower_object(&mut self, kw: &Kw, name: &Name) -> Result<Object> {
        let pointer = kw.pointer;
        kw.get("type");
        let properties = match kw.get("properties") {
            None => Map::new(),
            Some(Value::Object(props)) => props.clone(),
            Some(_) => return Err(self.err(pointer, "properties", "must be an object")),
        };
        // Undeclared properties described by a schema (patterns, a schema for the others,
        // `unevaluatedProperties`) are kept, and checked at run time with the object: whether
        // one is allowed depends on its name and on what other keywords evaluated.
        let described = kw.has("patternProperties") || kw.has("unevaluatedProperties");
        let additional = match kw.peek("additionalProperties") {
            _ if described => Additional::Keep,
            None | Some(Value::Bool(true)) => Additional::Ignore,
            Some(Value::Bool(false)) => Additional::Forbid,
            Some(Value::Object(m)) if is_empty_schema(m) => Additional::Ignore,
            Some(_) => Additional::Keep,
        };
        let mut also = Vec::new();
        if additional == Additional::Keep {
            also.push("additionalProperties");
        } else {
            kw.get("additionalProperties");
        }
        let mut required = BTreeSet::new();
        // Required properties that `properties` does not declare: any value, but present.
        let mut undeclared = Vec::new();
        match kw.get("required") {
            None => {}
            Some(Value::Array(items)) => {
                for item in items {
                    let Some(key) = item.as_str() else {
                        return Err(self.err(pointer, "required", "must be an array of strings"));
                    };
                    if !required.insert(key.to_string()) {
                        return Err(self.err(pointer, "required", format!("lists `{key}` twice")));
                    }
                    if !properties.contains_key(key) {
                        if additional == Additional::Forbid {
                            return Err(self.err(
                                pointer,
                                "required",
                                format!("lists `{key}`, which is not in `properties` and `additionalProperties: false` forbids: no object is valid"),
                            ));
                        }
                        undeclared.push(key.to_string());
                    }
                }
            }
            Some(_) => return Err(self.err(pointer, "required", "must be an array of strings")),
        }
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
        for wire_name in undeclared {
            // Its value is checked by the object's own check where a pattern or a schema for
            // undeclared properties applies to it.
            fields.push(Field {
                name: Name::split(&wire_name),
                pointer: format!("{pointer}/required"),
                wire_name,
                title: None,
                description: None,
                examples: Vec::new(),
                required: true,
                default: None,
                default_factory: None,
                ty: Type::Any,
            });
        }
        let check = self.checks(kw, &also)?;
        Ok(Object {
            fields,
            additional,
            check,
        })
    }

    pub(super) fn lower_field(
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
            Value::Bool(false) => {
                // No value is valid: the property must be absent.
                return Ok(Field {
                    wire_name: wire_name.to_string(),
                    name: field_name,
                    pointer: pointer.to_string(),
                    title: None,
                    description: None,
                    examples: Vec::new(),
                    required,
                    default: None,
                    default_factory: None,
                    ty: false_schema(pointer),
                });
            }
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
    pub(super) fn lower_enum(&self, kw: &Kw) -> Result<(Vec<EnumValue>, bool)> {
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
    pub(super) fn parse_type<'k>(&self, kw: &'k Kw) -> Result<(Option<&'k str>, bool)> {
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
    pub(super) fn lower_type(&mut self, kw: &Kw, hint: &Name) -> Result<Type> {
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
            // Keywords next to a `$ref` apply to the same value (draft 2020-12): the type is
            // the target's, the rest is checked.
            let ty = self.lower_ref(pointer, target)?;
            return Ok(with_check(ty, self.checks_of_rest(kw)?));
        }
        if kw.has("allOf") {
            let (merged, left) = self.merge_all_of(kw)?;
            let inner = Kw::new(pointer, &merged);
            let ty = self.lower_type(&inner, hint)?;
            inner.finish(self)?;
            // What the merge left out (checked keywords of the parts) is checked on the whole
            // `allOf` node.
            let check = (!left.is_empty()).then(|| Check {
                pointer: pointer.to_string(),
                keywords: left,
            });
            return Ok(with_check(ty, check));
        }
        // With `anyOf` next to it, the `oneOf` is the type and the `anyOf` is checked.
        if kw.has("oneOf") {
            let ty = self.lower_union(kw, "oneOf", hint)?;
            return Ok(with_check(ty, self.checks_of_rest(kw)?));
        }
        if let Some(any_of) = kw.peek("anyOf") {
            let ty = if is_nullable_pair(any_of) {
                kw.get("anyOf");
                self.lower_any_of(pointer, any_of, hint)?
            } else {
                self.lower_union(kw, "anyOf", hint)?
            };
            return Ok(with_check(ty, self.checks_of_rest(kw)?));
        }
        if let Some(Value::Array(types)) = kw.peek("type") {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            if names.len() == types.len() && names.iter().filter(|t| **t != "null").count() > 1 {
                let ty = self.lower_type_array(kw, &names, hint)?;
                let mut also = self.deferred(kw);
                also.extend(["enum", "const"]);
                return Ok(with_check(ty, self.checks(kw, &also)?));
            }
        }

        let (base, nullable) = self.parse_type(kw)?;
        // Keywords a type says elsewhere but not here, left to the check.
        let mut also = self.deferred(kw);
        if kw.has("const") {
            let value = normalize_numbers(kw.peek("const").expect("checked"));
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
            if fits {
                kw.get("const");
                return Ok(with_check(Type::Const(value), self.checks(kw, &also)?));
            }
            // Any other constant (a fraction, an array, an object, one of another type than
            // the schema's) is compared as JSON at run time.
            also.push("const");
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
            let ty = wrap_nullable(Type::Ref(name), enum_nullable);
            return Ok(with_check(ty, self.checks(kw, &also)?));
        }

        let ty = match base {
            None => {
                // Without `type` a schema accepts every JSON value; its type-specific keywords
                // constrain the values of their kind only (`minimum` says nothing about a
                // string). That is a union by JSON type over every kind, each with the keywords
                // that apply to it: what `"type": [all kinds]` means, and lowered as that.
                if TYPE_SPECIFIC.iter().any(|keyword| kw.has(keyword)) {
                    let ty = self.lower_type_array(kw, &EVERY_KIND, hint)?;
                    also.extend(["enum", "const"]);
                    return Ok(with_check(ty, self.checks(kw, &also)?));
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
                    // The object's check (if any) is its own: `Object::check`.
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
                    let values = match kw.peek("additionalProperties") {
                        // Patterns decide which schema a value has: checked at run time.
                        _ if kw.has("patternProperties") || kw.has("unevaluatedProperties") => {
                            also.push("additionalProperties");
                            Type::Any
                        }
                        None | Some(Value::Bool(true)) => {
                            kw.get("additionalProperties");
                            Type::Any
                        }
                        Some(Value::Bool(false)) => unreachable!("handled as an object"),
                        Some(value) => {
                            kw.get("additionalProperties");
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
        let check = self.checks(kw, &also)?;
        Ok(with_check(wrap_nullable(ty, nullable), check))
    }

    /// Keywords of `kw` that a type could say, but not here: `enum` with other values than
    /// strings (or next to `const`), `items` after `prefixItems` (it applies only past the
    /// prefix) or `items: false`.
    pub(super) fn deferred(&self, kw: &Kw) -> Vec<&'static str> {
        let mut also = Vec::new();
        if let Some(Value::Array(values)) = kw.peek("enum") {
            let strings = values.iter().all(|v| v.is_string() || v.is_null())
                && values.iter().any(Value::is_string);
            let string_typed = match kw.peek("type") {
                None => true,
                Some(Value::String(t)) => t == "string",
                Some(Value::Array(ts)) => {
                    ts.iter().any(|t| t == "string")
                        && ts.iter().all(|t| t == "string" || t == "null")
                }
                _ => false,
            };
            if !(strings && string_typed) || kw.has("const") || kw.has("$ref") {
                also.push("enum");
            }
        }
        if kw.has("prefixItems") || kw.peek("items") == Some(&Value::Bool(false)) {
            also.push("items");
        }
        also
    }

    /// The name of an inline object or enum: its `title`, or `hint` (the parent's name and
    /// the property) when there is none or another type already has the title's name (a
    /// `title` is documentation; two types may share one).
    pub(super) fn lift_name(&self, kw: &Kw, hint: &Name) -> Result<Name> {
        let from_title = kw
            .peek("title")
            .and_then(Value::as_str)
            .map(Name::split)
            .filter(|n| !n.is_empty() && !self.by_name.contains_key(&n.upper_camel()));
        Ok(from_title.unwrap_or_else(|| hint.clone()))
    }

    pub(super) fn lower_ref(&mut self, pointer: &str, target: &str) -> Result<Type> {
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

    pub(super) fn slot_name(&self, slot: usize) -> Name {
        self.slot_names[slot].clone()
    }

    pub(super) fn lower_string(&self, kw: &Kw) -> Result<StringType> {
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

    pub(super) fn non_negative(&self, kw: &Kw, keyword: &str) -> Result<Option<u64>> {
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

    pub(super) fn lower_numeric(&self, kw: &Kw) -> Result<NumericType> {
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

    pub(super) fn lower_array(&mut self, kw: &Kw, hint: &Name) -> Result<ArrayType> {
        let pointer = kw.pointer;
        let item_hint = hint.join(&Name::split("item"));
        let items = match kw.peek("items") {
            // Items are checked at run time (`deferred`): past a prefix, or none at all.
            _ if self.deferred(kw).contains(&"items") => Type::Any,
            None | Some(Value::Bool(true)) => {
                kw.get("items");
                Type::Any
            }
            Some(Value::Object(map)) => {
                kw.get("items");
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
