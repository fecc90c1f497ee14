//! Unions: `oneOf`, `anyOf` and `type` arrays. They are lowered tentatively (every branch
//! lowered), then settled by [`Settle`] once every named type is known, because whether two
//! branches can be told apart depends on what their `$ref`s point to. A union the generated
//! code could not tell apart without trying them (overlapping branches) is any JSON value with
//! the union checked at run time (`ir::Check`).

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value};

use super::keywords::{Kw, TYPE_NAMES};
use super::Lowerer;
use crate::error::{Error, Result};
use crate::ir::{Module, Name, Object, Type, TypeKind, UnionType, Variant};

impl Lowerer<'_> {
    /// `oneOf` / `anyOf` (other than a nullable pair): a tentative [`Type::Union`] of the
    /// lowered branches, settled by [`resolve_unions`] once every named type is known.
    pub(super) fn lower_union(
        &mut self,
        kw: &Kw,
        keyword: &'static str,
        hint: &Name,
    ) -> Result<Type> {
        let pointer = kw.pointer;
        let Some(Value::Array(branches)) = kw.get(keyword) else {
            return Err(self.err(pointer, keyword, "must be a non-empty array of schemas"));
        };
        if branches.is_empty() {
            return Err(self.err(pointer, keyword, "must be a non-empty array of schemas"));
        }
        // Keywords next to the union apply to the same value: the caller checks them at run
        // time (`checks_of_rest`), the type is the union's.
        if branches.iter().any(Value::is_boolean) {
            // A `true` branch overlaps every other, a `false` one matches nothing: no type
            // tells the branches apart, the union is checked at run time.
            for (index, branch) in branches.iter().enumerate() {
                self.portable_schema(&format!("{pointer}/{keyword}/{index}"), branch)?;
            }
            return Ok(super::checks::checked_any(pointer, keyword));
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
    pub(super) fn branch_hint(&self, map: &Map<String, Value>, hint: &Name, index: usize) -> Name {
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
    pub(super) fn lower_type_array(
        &mut self,
        kw: &Kw,
        names: &[&str],
        hint: &Name,
    ) -> Result<Type> {
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
                "items" | "minItems" | "maxItems" | "uniqueItems" | "prefixItems" | "contains"
                | "minContains" | "maxContains" | "unevaluatedItems" => &["array"],
                "properties"
                | "required"
                | "additionalProperties"
                | "patternProperties"
                | "propertyNames"
                | "minProperties"
                | "maxProperties"
                | "dependentRequired"
                | "dependentSchemas"
                | "unevaluatedProperties" => &["object"],
                // Checked on the whole node by the caller.
                "not" | "if" | "then" | "else" | "enum" | "const" => continue,
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
            // The object branch of a named type without `type` is a model of its own name.
            let object_hint;
            let branch_hint = match branch.get("type").and_then(Value::as_str) {
                Some("object") if self.by_name.contains_key(&hint.upper_camel()) => {
                    object_hint = hint.join(&Name::split("object"));
                    &object_hint
                }
                _ => hint,
            };
            let ty = self.lower_type(&inner, branch_hint)?;
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

    pub(super) fn lower_any_of(
        &mut self,
        pointer: &str,
        any_of: &Value,
        hint: &Name,
    ) -> Result<Type> {
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
}

/// `anyOf: [S, {"type": "null"}]` in either order: the nullable form lowered as before unions.
pub(super) fn is_nullable_pair(any_of: &Value) -> bool {
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

/// Settles the tentative unions of a lowered module, once every named type is known.
pub(super) struct Settle<'a> {
    pub(super) file: &'a str,
    /// The module before settling, for looking up what references point to.
    pub(super) raw: Module,
    pub(super) keywords: &'a HashMap<String, &'static str>,
}

impl Settle<'_> {
    pub(super) fn err(&self, pointer: &str, keyword: &str, message: impl Into<String>) -> Error {
        Error::Schema {
            file: self.file.to_string(),
            pointer: pointer.to_string(),
            keyword: keyword.to_string(),
            message: message.into(),
        }
    }

    /// Settles every union inside `ty`, innermost first.
    pub(super) fn resolve(&self, ty: &mut Type) -> Result<()> {
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
            Type::Checked(c) => {
                self.resolve(&mut c.ty)?;
                // A union settled as checked, at the node of this check: one check of both.
                let same_node = matches!(c.ty.as_ref(), Type::Checked(inner) if inner.check.pointer == c.check.pointer);
                if same_node {
                    if let Type::Checked(outer) = std::mem::replace(ty, Type::Any) {
                        *ty = super::checks::with_check(*outer.ty, Some(outer.check));
                    }
                }
            }
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
    pub(super) fn kinds(&self, ty: &Type, seen: &mut Vec<Name>) -> BTreeSet<&'static str> {
        let one = |k: &'static str| BTreeSet::from([k]);
        match ty {
            Type::String(_) => one("string"),
            Type::Integer(_) => one("integer"),
            Type::Number(_) => one("number"),
            Type::Boolean => one("boolean"),
            Type::Null => one("null"),
            Type::Any => one("any"),
            Type::Checked(c) => self.kinds(&c.ty, seen),
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

    /// A union as a type: by JSON type and by discriminator where the branches are provably
    /// disjoint, so picking one branch without trying the others is exact; otherwise (branches
    /// that overlap, or that no type tells apart) any JSON value, on which the union is checked
    /// at run time as JSON Schema does (`ir::Check`: every branch tried, `oneOf` counting).
    pub(super) fn settle(&self, u: UnionType) -> Result<Type> {
        let keyword = self.keywords.get(&u.pointer).copied().unwrap_or("oneOf");
        let pointer = u.pointer.clone();
        match self.settle_disjoint(u) {
            Ok(ty) => Ok(ty),
            Err(Error::Schema { .. }) => Ok(super::checks::checked_any(&pointer, keyword)),
            Err(other) => Err(other),
        }
    }

    /// [`Settle::settle`] where the branches are disjoint; an error names the overlap.
    fn settle_disjoint(&self, u: UnionType) -> Result<Type> {
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
    pub(super) fn discriminated(
        &self,
        pointer: &str,
        keyword: &str,
        members: Vec<Variant>,
    ) -> Result<Type> {
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

pub(super) fn wrap_nullable(ty: Type, nullable: bool) -> Type {
    match ty {
        Type::Nullable(_) | Type::Null | Type::Any => ty,
        Type::Const(Value::Null) => ty,
        other if nullable => Type::Nullable(Box::new(other)),
        other => other,
    }
}
