//! `default` values checked against the type they must fit, once every named type is known:
//! a default that its own field would refuse is a schema error, not a runtime surprise.

use serde_json::{Number, Value};

use crate::ir::{Additional, Module, Type, TypeKind};

/// Checks a JSON value (a `default`) against a type of `module`; `Err` says why not.
pub(super) fn check_value(
    module: &Module,
    ty: &Type,
    value: &Value,
) -> std::result::Result<(), String> {
    let expect = |what: &str| Err(format!("expected {what}, found {value}"));
    match ty {
        Type::Any => Ok(()),
        Type::Checked(c) => Err(format!(
            "a default next to {} (checked at run time) cannot be checked here; drop the default",
            c.check
                .keywords
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
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
                    if o.additional == Additional::Forbid {
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
pub(super) fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}
