//! Workflow events: Rust types generated from `schema/` by build.rs, and the API around them.
//!
//! Each `schema/vX.Y/` directory becomes a module `vX_Y` (types by typify, API from
//! [`api`]); the newest version is also re-exported here, at the crate root.
//!
//! ```
//! use serde_json::json;
//! use workflow_events::{EventSource, EventType, WorkflowEvent, WorkflowEventMetadata, WorkflowEventPayload};
//!
//! # fn main() -> Result<(), workflow_events::ValidationErrors> {
//! let event = WorkflowEvent::new(
//!     EventType::WorkflowCompleted,
//!     EventSource::Airflow,
//!     "example_dag",
//!     "run_123",
//!     WorkflowEventPayload::new(json!({"status": "success", "count": 100}))?,
//!     WorkflowEventMetadata::new("dev")?,
//! );
//! let json = event.to_json();
//! assert_eq!(WorkflowEvent::from_json(&json)?, event);
//!
//! let errors = WorkflowEvent::from_json(r#"{"event_type": "nope"}"#).unwrap_err();
//! assert_eq!(errors.errors()[0].error_type, "enum");
//! # Ok(())
//! # }
//! ```

mod api;
mod errors;
mod factory;
mod numbers;
pub mod schema_utils;
mod timestamp;
mod validate;

pub use errors::{ErrorDetails, LocItem, ValidationErrors};
pub use timestamp::{Timestamp, TimestampError};

include!(concat!(env!("OUT_DIR"), "/versions.rs"));

pub use latest::*;
