//! Workflow events: Rust types generated from `schema/` by build.rs.

#[cfg(feature = "kafka")]
pub mod kafka;
