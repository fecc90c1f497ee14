//! Workflow events: Rust types generated from `schema/` by build.rs.
