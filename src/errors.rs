//! `ValidationErrors`: every problem found in an input, in pydantic-core's vocabulary
//! (`type`, `loc`, `msg`; see schema/CONTRACT.md, "Validation errors").

use std::fmt;

use serde::{Deserialize, Serialize};

/// One step of an error location: a property name or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LocItem {
    /// A property of an object.
    Key(String),
    /// An element of an array.
    Index(usize),
}

impl fmt::Display for LocItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key(key) => f.write_str(key),
            Self::Index(index) => write!(f, "{index}"),
        }
    }
}

impl From<&str> for LocItem {
    fn from(key: &str) -> Self {
        Self::Key(key.to_string())
    }
}

impl From<usize> for LocItem {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

/// One problem: serializes to `{"type": ..., "loc": [...], "msg": ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetails {
    /// pydantic-core's error type, e.g. `missing`, `enum`, `string_pattern_mismatch`.
    #[serde(rename = "type")]
    pub error_type: String,
    /// Where: the path of property names and array indices from the root (`[]` is the root).
    pub loc: Vec<LocItem>,
    /// A human-readable message (may differ between languages; `type` and `loc` may not).
    pub msg: String,
}

/// All problems found in one input, in pydantic's order; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationErrors {
    title: String,
    errors: Vec<ErrorDetails>,
}

impl ValidationErrors {
    /// Errors for the model named `title` (what the message's first line names).
    pub(crate) fn new(title: &str, errors: Vec<ErrorDetails>) -> Self {
        Self {
            title: title.to_string(),
            errors,
        }
    }

    /// A single error.
    pub(crate) fn single(title: &str, error_type: &str, loc: Vec<LocItem>, msg: String) -> Self {
        Self::new(
            title,
            vec![ErrorDetails {
                error_type: error_type.to_string(),
                loc,
                msg,
            }],
        )
    }

    /// Every error, in order.
    pub fn errors(&self) -> &[ErrorDetails] {
        &self.errors
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// The name of the model that was validated (e.g. `WorkflowEvent`).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The errors, owned.
    pub fn into_errors(self) -> Vec<ErrorDetails> {
        self.errors
    }
}

/// Like pydantic's `ValidationError` message:
///
/// ```text
/// 2 validation errors for WorkflowEvent
/// event_type
///   Input should be 'workflow.triggered', 'workflow.completed' or 'workflow.failed' [type=enum]
/// metadata.environment
///   String should match pattern '^(dev|staging|prod)$' [type=string_pattern_mismatch]
/// ```
impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.errors.len();
        let plural = if count == 1 { "" } else { "s" };
        write!(f, "{count} validation error{plural} for {}", self.title)?;
        for error in &self.errors {
            if !error.loc.is_empty() {
                let path: Vec<String> = error.loc.iter().map(ToString::to_string).collect();
                write!(f, "\n{}", path.join("."))?;
            }
            write!(f, "\n  {} [type={}]", error.msg, error.error_type)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}
