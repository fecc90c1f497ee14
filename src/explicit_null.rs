//! Optional nullable properties keep an explicit `null`: build.rs gives such a field the type
//! `Option<Option<T>>` (`None` absent, `Some(None)` the `null` that was given) and points
//! serde's `deserialize_with` here, since serde reads `null` as the outer `None` by itself.

use serde::{Deserialize, Deserializer};

/// Reads a present property, `null` included, as `Some(value)`. (Unused while no schema
/// version has an optional nullable property.)
#[allow(dead_code)]
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
