//! The Kafka record layout of the workflow-event envelope, derived from the IR: what the Python
//! helper (`kafka.py`) and the TypeScript one (`src/kafka.ts`) write and the AsyncAPI document
//! describes. The Rust helper (`src/kafka/`) writes the same layout; `tests/kafka.rs`,
//! `tests/kafka/` and `tests/typescript/kafka_broker.test.ts` check that the languages agree
//! byte for byte.
//!
//! Mirrored headers, the one rule: a root property whose wire name is a W3C Trace Context
//! header name ([`TRACE_CONTEXT_HEADERS`]) and whose type is a string is also written as a
//! Kafka header of the same name (value: the property's text as UTF-8) whenever the event has
//! it, because that is where OpenTelemetry's Kafka instrumentations read the trace context. A
//! schema version without such a property mirrors nothing (v1.0); v1.1 mirrors `traceparent`.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{environment, header_text, render_template};
use crate::error::Result;
use crate::ir;

/// The W3C Trace Context header names (<https://www.w3.org/TR/trace-context/>): the only
/// property names the mirroring rule looks for.
pub const TRACE_CONTEXT_HEADERS: &[&str] = &["traceparent", "tracestate"];

/// The root fields mirrored as headers, in schema order (see the module documentation).
pub fn mirrored_fields(module: &ir::Module) -> Vec<&ir::Field> {
    match &module.root_type().kind {
        ir::TypeKind::Object(object) => object
            .fields
            .iter()
            .filter(|f| {
                TRACE_CONTEXT_HEADERS.contains(&f.wire_name.as_str())
                    && matches!(f.ty, ir::Type::String(_))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Where an event's `event_type` is, as keys from the root: the root property `event_type`
/// (v1.x), or the tag of a root property that is a union discriminated by `event_type` (the
/// typed-payload envelope, `tests/fixtures/schemas/union_envelope.json`: `payload.event_type`).
/// `None`: the schema has neither, and no Kafka helper.
pub fn event_type_path(module: &ir::Module) -> Option<Vec<String>> {
    let ir::TypeKind::Object(object) = &module.root_type().kind else {
        return None;
    };
    if object.fields.iter().any(|f| f.wire_name == "event_type") {
        return Some(vec!["event_type".to_string()]);
    }
    object.fields.iter().find_map(|f| {
        let union = match &f.ty {
            ir::Type::Union(u) => u,
            ir::Type::Ref(name) => match module.get(name).map(|t| &t.kind) {
                Some(ir::TypeKind::Alias(ir::Type::Union(u))) => u,
                _ => return None,
            },
            _ => return None,
        };
        (f.required && union.discriminator.as_deref() == Some("event_type"))
            .then(|| vec![f.wire_name.clone(), "event_type".to_string()])
    })
}

/// The schema version the Kafka helper reads: the version directory's, else (a schema in no
/// version directory, such as a fixture) the string default of `metadata.version`.
pub fn helper_version(module: &ir::Module) -> Option<String> {
    if let Some(version) = &module.version {
        return Some(version.clone());
    }
    let metadata = root_field(module, "metadata")?;
    let ir::Type::Ref(name) = &metadata.ty else {
        return None;
    };
    let ir::TypeKind::Object(object) = &module.get(name)?.kind else {
        return None;
    };
    let version = object.fields.iter().find(|f| f.wire_name == "version")?;
    version.default.as_ref()?.as_str().map(str::to_string)
}

const PYTHON_TEMPLATE: (&str, &str) = (
    "kafka.py.j2",
    include_str!("../../templates/python/kafka.py.j2"),
);

#[derive(Serialize)]
struct PythonContext {
    header: String,
    /// `("traceparent",)`: the mirrored header names as a Python tuple literal.
    mirrored: String,
    /// Every W3C Trace Context header name, as a Python tuple literal.
    trace_context: String,
    /// `["event_type"]` (`["payload"]["event_type"]`): the subscripts reading the event type
    /// from the event's JSON.
    event_type: String,
    /// How `kafka.py` gets `SCHEMA_VERSION` and `WorkflowEvent`.
    imports: String,
}

fn python_tuple<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items
        .into_iter()
        .map(|s| serde_json::Value::from(s).to_string())
        .collect();
    match items.len() {
        0 => "()".to_string(),
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

/// `kafka.py` of the Python package of `module` (the workflow-event envelope of a version).
pub fn python_helper(module: &ir::Module) -> Result<String> {
    check_record_fields(module).map_err(|message| crate::error::Error::Backend {
        file: module.schema_path.clone(),
        backend: "python",
        message,
    })?;
    let env = environment(&[PYTHON_TEMPLATE])?;
    let context = PythonContext {
        header: format!("# {}", header_text(module)),
        mirrored: python_tuple(
            mirrored_fields(module)
                .into_iter()
                .map(|f| f.wire_name.as_str()),
        ),
        trace_context: python_tuple(TRACE_CONTEXT_HEADERS.iter().copied()),
        event_type: event_type_path(module)
            .ok_or_else(|| crate::error::Error::Backend {
                file: module.schema_path.clone(),
                backend: "python",
                message: "the Kafka helper needs an `event_type`".into(),
            })?
            .iter()
            .map(|k| format!("[{}]", serde_json::Value::from(k.as_str())))
            .collect(),
        imports: match (&module.version, helper_version(module)) {
            (Some(_), _) => "from . import SCHEMA_VERSION, WorkflowEvent".to_string(),
            (None, Some(version)) => format!(
                "from . import WorkflowEvent\n\nSCHEMA_VERSION = {}\n\"\"\"The default of ``metadata.version`` (this schema is in no version directory).\"\"\"",
                serde_json::Value::from(version)
            ),
            (None, None) => {
                return Err(crate::error::Error::Backend {
                    file: module.schema_path.clone(),
                    backend: "python",
                    message: "the Kafka helper needs a schema version".into(),
                })
            }
        },
    };
    render_template(&env, PYTHON_TEMPLATE.0, &context)
}

/// The root properties the helpers' `record` reads besides the event type (the key, the
/// CloudEvents headers, `metadata.version`).
const RECORD_FIELDS: [&str; 5] = [
    "event_id",
    "timestamp",
    "source",
    "workflow_run_id",
    "metadata",
];

/// Whether the envelope has every root property the helpers' `record` reads: an error naming
/// the first it lacks, so that codegen fails rather than emit a helper that cannot write it.
pub fn check_record_fields(module: &ir::Module) -> std::result::Result<(), String> {
    match RECORD_FIELDS
        .iter()
        .find(|f| root_field(module, f).is_none())
    {
        Some(missing) => Err(format!(
            "the Kafka record layout needs the root property `{missing}`, which this schema lacks"
        )),
        None => Ok(()),
    }
}

/// The root field called `wire`, if any.
fn root_field<'m>(module: &'m ir::Module, wire: &str) -> Option<&'m ir::Field> {
    match &module.root_type().kind {
        ir::TypeKind::Object(object) => object.fields.iter().find(|f| f.wire_name == wire),
        _ => None,
    }
}

/// The wire name of the field every event of one business transaction shares, if the
/// version has one (`correlation_id`, v1.1+).
pub fn correlation_field(module: &ir::Module) -> Option<&str> {
    root_field(module, "correlation_id").map(|f| f.wire_name.as_str())
}

/// A JSON Schema of the string header copied from root field `wire`: its enum values when it
/// is an enum, its pattern when it has one. Errors name the missing or unsuitable field.
fn header_from_field(
    module: &ir::Module,
    wire: &str,
    description: &str,
) -> std::result::Result<Value, String> {
    let field = root_field(module, wire).ok_or_else(|| {
        format!("the Kafka record layout needs the root property `{wire}`, which this schema lacks")
    })?;
    let mut schema = Map::new();
    schema.insert("type".into(), json!("string"));
    schema.insert("description".into(), json!(description));
    match &field.ty {
        ir::Type::String(string) => {
            if let Some(pattern) = &string.pattern {
                schema.insert("pattern".into(), json!(pattern));
            }
            if let Some(format) = string.format {
                schema.insert(
                    "format".into(),
                    serde_json::to_value(format).unwrap_or_default(),
                );
            }
        }
        ir::Type::Ref(name) => match module.get(name).map(|t| &t.kind) {
            Some(ir::TypeKind::Enum(e)) => {
                let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                schema.insert("enum".into(), json!(values));
            }
            _ => {
                return Err(format!(
                    "root property `{wire}` is not a string or a string enum"
                ))
            }
        },
        _ => {
            return Err(format!(
                "root property `{wire}` is not a string or a string enum"
            ))
        }
    }
    Ok(Value::Object(schema))
}

/// The headers of a record as one JSON Schema object (for the AsyncAPI message `headers`):
/// required `content-type`, `event_type`, `source`, `schema_version`; the mirrored trace
/// context headers of this version and the opt-in CloudEvents `ce_*` headers optional.
pub fn headers_schema(module: &ir::Module) -> std::result::Result<Value, String> {
    let mut properties = Map::new();
    properties.insert(
        "content-type".into(),
        json!({ "type": "string", "const": "application/json", "description": "The value's media type (also the CloudEvents datacontenttype)." }),
    );
    properties.insert(
        "event_type".into(),
        header_from_field(module, "event_type", "The event's event_type.")?,
    );
    properties.insert(
        "source".into(),
        header_from_field(module, "source", "The event's source.")?,
    );
    properties.insert(
        "schema_version".into(),
        json!({
            "type": "string",
            "pattern": "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$",
            "description": "The event's metadata.version: the schema version it is read with."
        }),
    );
    for field in mirrored_fields(module) {
        let description = format!(
            "The event's {} (W3C Trace Context), written when the event has one; where OpenTelemetry's Kafka instrumentation reads it.",
            field.wire_name
        );
        properties.insert(
            field.wire_name.clone(),
            header_from_field(module, &field.wire_name, &description)?,
        );
    }
    let ce = [
        (
            "ce_specversion",
            json!({ "type": "string", "const": "1.0", "description": "Opt-in CloudEvents binary mode: the CloudEvents version." }),
        ),
        (
            "ce_id",
            header_from_field(
                module,
                "event_id",
                "Opt-in CloudEvents: the event's event_id.",
            )?,
        ),
        (
            "ce_source",
            header_from_field(
                module,
                "source",
                "Opt-in CloudEvents: the event's source (a URI-reference).",
            )?,
        ),
        (
            "ce_type",
            header_from_field(
                module,
                "event_type",
                "Opt-in CloudEvents: the event's event_type.",
            )?,
        ),
        (
            "ce_time",
            header_from_field(
                module,
                "timestamp",
                "Opt-in CloudEvents: the event's timestamp, as written in the value.",
            )?,
        ),
    ];
    for (name, schema) in ce {
        properties.insert(name.into(), schema);
    }
    // The record layout also needs these, written as the key and read for the version.
    root_field(module, "workflow_run_id")
        .ok_or("the Kafka record layout needs the root property `workflow_run_id` (the key)")?;
    root_field(module, "metadata")
        .ok_or("the Kafka record layout needs the root property `metadata` (its `version`)")?;
    Ok(json!({
        "type": "object",
        "description": "Kafka record headers (UTF-8 values), in the order listed.",
        "required": ["content-type", "event_type", "source", "schema_version"],
        "properties": properties
    }))
}
