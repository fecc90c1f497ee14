//! Witnesses checked by an independent validator: the `jsonschema` crate, run on the schema
//! files themselves (not the IR), with formats asserted.
//!
//! A BACKWARD witness must be valid under `W(old)` and invalid under `R(new)`; a FORWARD one
//! valid under `W(new)` and invalid under `R(old)`. `W(S)` is `S` with every object that declares
//! `properties` closed (`additionalProperties: false`), unless the content model is strict.
//! `format: email` / `uri` are removed first: the IR treats them as annotations.

use jsonschema::{Draft, Validator};
use serde_json::{Map, Value};

use super::keywords::{subschemas_of, Keyword, Subschemas};
use super::model::writers_close;
use super::strings::FormatCheck;
use super::{Change, Witness};
use crate::ir::Format;
use crate::schema::Loaded;

/// The real format checks, by the `jsonschema` crate.
pub struct Oracle {
    uuid: Validator,
    date: Validator,
    date_time: Validator,
}

fn format_validator(name: &str) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&serde_json::json!({"type": "string", "format": name}))
        .expect("a format schema is valid")
}

impl Oracle {
    /// One set of format validators for the whole process (where no caller passes one in:
    /// `propertyNames` asked about a name).
    pub fn shared() -> &'static Oracle {
        static SHARED: std::sync::OnceLock<Oracle> = std::sync::OnceLock::new();
        SHARED.get_or_init(Oracle::new)
    }

    /// Builds the format validators.
    pub fn new() -> Oracle {
        Oracle {
            uuid: format_validator("uuid"),
            date: format_validator("date"),
            date_time: format_validator("date-time"),
        }
    }
}

impl FormatCheck for Oracle {
    fn is_valid(&self, format: Format, s: &str) -> bool {
        let v = Value::String(s.to_string());
        match format {
            Format::Uuid => self.uuid.is_valid(&v),
            Format::Date => self.date.is_valid(&v),
            Format::DateTime => self.date_time.is_valid(&v),
            Format::Email | Format::Uri => true,
        }
    }
}

/// The schema as the validator should see it: annotation-only formats removed and, for the
/// writing side under the writers-closed content model, objects that declare properties closed
/// ([`writers_close`], the model's own rule).
pub fn prepare(schema: &Value, close: bool) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (k, v) in map {
        // Schemas that test an instance (`if`, `not`, `contains`, `propertyNames`) or that a
        // condition demands of it (`then`, `else`, `dependentSchemas`) describe no object a
        // writer emits: they stay as written (the object they apply to is closed itself).
        let close = close
            && !matches!(
                Keyword::parse(k),
                Some(
                    Keyword::If
                        | Keyword::Then
                        | Keyword::Else
                        | Keyword::DependentSchemas
                        | Keyword::Not
                        | Keyword::Contains
                        | Keyword::PropertyNames
                )
            );
        let v = match (subschemas_of(k), v) {
            (Subschemas::One, _) => prepare(v, close),
            (Subschemas::List, Value::Array(items)) => {
                Value::Array(items.iter().map(|s| prepare(s, close)).collect())
            }
            (Subschemas::Map, Value::Object(m)) => Value::Object(
                m.iter()
                    .map(|(name, s)| (name.clone(), prepare(s, close)))
                    .collect(),
            ),
            _ if k == "format" && matches!(v.as_str(), Some("email" | "uri")) => continue,
            (Subschemas::None | Subschemas::List | Subschemas::Map, _) => v.clone(),
        };
        out.insert(k.clone(), v);
    }
    if close && writers_close(&out) {
        out.insert("additionalProperties".into(), Value::Bool(false));
    }
    Value::Object(out)
}

/// A validator for a prepared schema.
pub fn validator(schema: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| format!("jsonschema cannot compile the schema: {e}"))
}

/// Checks every witness; a disagreement is recorded on the witness and the change becomes
/// "cannot decide" (still breaking; tests fail on any such error in the corpus).
pub fn verify(changes: &mut [Change], old: &Loaded, new: &Loaded, strict: bool) {
    let build = |v: &Value, close: bool| validator(&prepare(v, close));
    let validators = (|| -> Result<_, String> {
        Ok((
            build(&old.value, !strict)?,
            build(&old.value, false)?,
            build(&new.value, !strict)?,
            build(&new.value, false)?,
        ))
    })();
    let (old_w, old_r, new_w, new_r) = match validators {
        Ok(v) => v,
        Err(why) => {
            for c in changes.iter_mut() {
                for w in [&mut c.witness.backward, &mut c.witness.forward]
                    .into_iter()
                    .flatten()
                {
                    w.error.get_or_insert_with(|| why.clone());
                }
                unproved(c);
            }
            return;
        }
    };
    let check =
        |w: &mut Witness, writer: &Validator, reader: &Validator, wname: &str, rname: &str| {
            if w.error.is_some() {
                return;
            }
            let valid = writer.is_valid(&w.instance);
            let rejected = !reader.is_valid(&w.instance);
            if !valid {
                let why: Vec<String> = writer
                    .iter_errors(&w.instance)
                    .map(|e| format!("{} at `{}`", e, e.instance_path()))
                    .collect();
                w.error = Some(format!(
                    "jsonschema: the witness is not valid under {wname}: {}",
                    why.join("; ")
                ));
            } else if !rejected {
                w.error = Some(format!(
                    "jsonschema: the witness is accepted by {rname}, so it proves nothing"
                ));
            }
        };
    let (wo, ro) = (
        format!(
            "the old schema ({})",
            if strict { "as written" } else { "closed" }
        ),
        "the old schema".to_string(),
    );
    let (wn, rn) = (
        format!(
            "the new schema ({})",
            if strict { "as written" } else { "closed" }
        ),
        "the new schema".to_string(),
    );
    for c in changes.iter_mut() {
        if let Some(w) = c.witness.backward.as_mut() {
            check(w, &old_w, &new_r, &wo, &rn);
        }
        if let Some(w) = c.witness.forward.as_mut() {
            check(w, &new_w, &old_r, &wn, &ro);
        }
        unproved(c);
    }
}

/// A break without a witness that holds is not proved: the change says it cannot decide
/// (still counted as breaking), keeping the failed witness for the record.
fn unproved(c: &mut Change) {
    let failed: Vec<String> = [
        ("BACKWARD", &c.witness.backward),
        ("FORWARD", &c.witness.forward),
    ]
    .into_iter()
    .filter_map(|(dir, w)| {
        let e = w.as_ref()?.error.as_ref()?;
        Some(format!("{dir}: no instance shows it ({e})"))
    })
    .collect();
    if failed.is_empty() {
        return;
    }
    let why = failed.join("; ");
    c.undecidable = Some(match c.undecidable.take() {
        Some(u) => format!("{u}; {why}"),
        None => why,
    });
}
