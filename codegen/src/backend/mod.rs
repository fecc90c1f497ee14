//! Backends: pure renderers from an IR module to the files of one language.

pub mod typescript;
