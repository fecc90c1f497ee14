//! The runtime functions behind `x-default-factory`: build.rs points serde's `default` at
//! them for every property that names one (the table of names is `FACTORIES` in build.rs).

use crate::Timestamp;

/// `"x-default-factory": "uuid4"`: a random UUID v4.
pub(crate) fn uuid4() -> uuid::Uuid {
    uuid::Uuid::new_v4()
}

/// `"x-default-factory": "now"`: the current UTC time, to the microsecond.
pub(crate) fn now() -> Timestamp {
    Timestamp::now()
}
