//! The Kafka record layout of the workflow-event envelope, derived from the IR: what the Python
//! helper (`kafka.py`) writes and the AsyncAPI document describes. The Rust helper
//! (`src/kafka/`) writes the same layout; `tests/kafka.rs` and `tests/kafka/` check that the
//! languages agree byte for byte.
//!
//! Mirrored headers, the one rule: a root property whose wire name is a W3C Trace Context
//! header name ([`TRACE_CONTEXT_HEADERS`]) and whose type is a string is also written as a
//! Kafka header of the same name (value: the property's text as UTF-8) whenever the event has
//! it, because that is where OpenTelemetry's Kafka instrumentations read the trace context. A
//! schema version without such a property mirrors nothing (v1.0); v1.1 mirrors `traceparent`.

use serde::Serialize;

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
    let env = environment(&[PYTHON_TEMPLATE])?;
    let context = PythonContext {
        header: format!("# {}", header_text(module)),
        mirrored: python_tuple(
            mirrored_fields(module)
                .into_iter()
                .map(|f| f.wire_name.as_str()),
        ),
        trace_context: python_tuple(TRACE_CONTEXT_HEADERS.iter().copied()),
    };
    render_template(&env, PYTHON_TEMPLATE.0, &context)
}
