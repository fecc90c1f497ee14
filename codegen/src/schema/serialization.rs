//! The schemas every package publishes, written once here and shipped as data, so that the
//! three languages publish the same bytes (Python's `generate_json_schema(mode)`, TypeScript's
//! `…JsonSchema(mode)`, Rust's `json_schema(SchemaMode)`):
//!
//! - the validation schema ([`published_schema`]): the schema as written, without the project's
//!   `x-` extension keywords (`x-default-factory`), which JSON Schema calls annotations but
//!   Ajv's default strict mode refuses (`unknown keyword`); what they say is in the generated
//!   code (the defaults it fills), and `schema/` keeps them;
//! - the serialization schema ([`serialization_schema`]): what a writer always emits, the same
//!   with every property that has a `default` or an `x-default-factory` added to its object's
//!   `required` (a writer fills and writes them), in property order, any required name the
//!   object does not declare after them.

use serde_json::Value;

use super::keywords::for_each_subschema_mut;

/// The schema other tools read: `schema` without `x-` keywords (a property *named* `x-…`
/// stays).
pub fn published_schema(schema: &Value) -> Value {
    let mut copy = schema.clone();
    strip_extensions(&mut copy);
    copy
}

fn strip_extensions(node: &mut Value) {
    if let Value::Object(map) = node {
        map.retain(|key, _| !key.starts_with("x-"));
    }
    for_each_subschema_mut(node, strip_extensions);
}

/// The name a package gives the serialization schema of the schema file `file_name`
/// (`workflow_event.schema.json` → `workflow_event.serialization.schema.json`).
pub fn serialization_file_name(file_name: &str) -> String {
    match file_name.strip_suffix(".schema.json") {
        Some(stem) => format!("{stem}.serialization.schema.json"),
        None => format!(
            "{}.serialization.json",
            file_name.strip_suffix(".json").unwrap_or(file_name)
        ),
    }
}

/// The file every package ships for [`published_schema`]: pretty JSON and a newline.
pub fn published_text(schema: &Value) -> String {
    text(&published_schema(schema))
}

/// The file every package ships for [`serialization_schema`]: pretty JSON and a newline.
pub fn serialization_text(schema: &Value) -> String {
    text(&serialization_schema(schema))
}

fn text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value serializes");
    text.push('\n');
    text
}

/// The serialization schema of the schema document `schema` (published: no `x-` keywords).
pub fn serialization_schema(schema: &Value) -> Value {
    let mut copy = schema.clone();
    require_written(&mut copy);
    strip_extensions(&mut copy);
    copy
}

fn require_written(node: &mut Value) {
    if let Value::Object(map) = node {
        if let Some(Value::Object(properties)) = map.get("properties") {
            let required: Vec<&str> = map
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let written = |name: &str, property: &Value| {
                required.contains(&name)
                    || property.get("default").is_some()
                    || property.get("x-default-factory").is_some()
            };
            let mut names: Vec<Value> = properties
                .iter()
                .filter(|(name, property)| written(name, property))
                .map(|(name, _)| Value::String(name.clone()))
                .collect();
            names.extend(
                required
                    .iter()
                    .filter(|r| !properties.contains_key(**r))
                    .map(|r| Value::String((*r).to_string())),
            );
            if !names.is_empty() || map.contains_key("required") {
                map.insert("required".to_string(), Value::Array(names));
            }
        }
    }
    for_each_subschema_mut(node, require_written);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn defaulted_and_generated_properties_are_required_in_property_order() {
        let schema = json!({
            "type": "object",
            "required": ["b", "ghost"],
            "properties": {
                "a": {"type": "string", "default": "x"},
                "b": {"type": "string"},
                "c": {"type": "string", "format": "uuid", "x-default-factory": "uuid4"},
                "d": {"type": "object", "properties": {"e": {"type": "integer", "default": 1}}},
                "f": {"type": "object", "properties": {"g": {"type": "integer"}}}
            },
            "$defs": {"M": {"type": "object", "properties": {"v": {"const": "1", "default": "1"}}}}
        });
        let out = super::serialization_schema(&schema);
        assert_eq!(out["required"], json!(["a", "b", "c", "ghost"]));
        assert!(out["properties"]["c"].get("x-default-factory").is_none());
        assert_eq!(out["properties"]["d"]["required"], json!(["e"]));
        assert!(out["properties"]["f"].get("required").is_none());
        assert_eq!(out["$defs"]["M"]["required"], json!(["v"]));
        // A default value that looks like a schema is data, not a schema.
        let data = json!({"type": "object", "properties": {"p": {"default": {"properties": {"q": {"default": 1}}}}}});
        assert_eq!(
            super::serialization_schema(&data)["properties"]["p"]["default"],
            data["properties"]["p"]["default"]
        );
    }
}
