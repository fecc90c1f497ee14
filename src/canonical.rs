//! `Canonical`: after the fast path has read a value, rewrites every number it keeps to the
//! canonical form the slow path gives it (src/numbers.rs), and reports a number that has none.
//! build.rs implements it for every generated type; this module for the types they hold.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::numbers;

/// Values whose numbers can be made canonical in place.
pub(crate) trait Canonical {
    /// Rewrites the numbers; `false` if one has no canonical form (a float literal beyond the
    /// double range), in which case the value is not valid.
    fn canonicalize(&mut self) -> bool;
}

impl Canonical for Value {
    fn canonicalize(&mut self) -> bool {
        numbers::canonicalize_checked(self)
    }
}

impl Canonical for Map<String, Value> {
    fn canonicalize(&mut self) -> bool {
        self.values_mut().all(numbers::canonicalize_checked)
    }
}

/// Types without numbers of free-form JSON.
macro_rules! no_numbers {
    ($($ty:ty),* $(,)?) => {
        $(impl Canonical for $ty {
            fn canonicalize(&mut self) -> bool {
                true
            }
        })*
    };
}

no_numbers!(
    (),
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    i128,
    u8,
    u16,
    u32,
    u64,
    u128,
    f32,
    f64,
    std::num::NonZeroU64,
    std::num::NonZeroI64,
    std::num::NonZeroU32,
    std::num::NonZeroI32,
    uuid::Uuid,
    crate::Timestamp,
    crate::Integer,
);

impl<T: ?Sized> Canonical for std::marker::PhantomData<T> {
    fn canonicalize(&mut self) -> bool {
        true
    }
}

/// Borrowed strings, and raw JSON (checked when read: see `crate::raw`).
impl Canonical for std::borrow::Cow<'_, str> {
    fn canonicalize(&mut self) -> bool {
        true
    }
}

impl Canonical for std::borrow::Cow<'_, serde_json::value::RawValue> {
    fn canonicalize(&mut self) -> bool {
        true
    }
}

impl<T: Canonical> Canonical for Option<T> {
    fn canonicalize(&mut self) -> bool {
        self.as_mut().is_none_or(T::canonicalize)
    }
}

impl<T: Canonical> Canonical for Box<T> {
    fn canonicalize(&mut self) -> bool {
        T::canonicalize(self)
    }
}

impl<T: Canonical> Canonical for Vec<T> {
    fn canonicalize(&mut self) -> bool {
        self.iter_mut().all(T::canonicalize)
    }
}

impl<K, V: Canonical, S> Canonical for indexmap::IndexMap<K, V, S> {
    fn canonicalize(&mut self) -> bool {
        self.values_mut().all(V::canonicalize)
    }
}

impl<K, V: Canonical, S> Canonical for HashMap<K, V, S> {
    fn canonicalize(&mut self) -> bool {
        self.values_mut().all(V::canonicalize)
    }
}

impl<K, V: Canonical> Canonical for BTreeMap<K, V> {
    fn canonicalize(&mut self) -> bool {
        self.values_mut().all(V::canonicalize)
    }
}
