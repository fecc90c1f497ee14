//! The compatibility policy of a schema directory (placeholder, filled in below).
