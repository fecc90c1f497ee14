//! [`Integer`]: a schema `integer` whose bounds do not keep it inside 64 bits, held exactly.
//!
//! Python's `int` has no size limit and TypeScript reads such integers as `bigint`, so a
//! `{"type": "integer"}` property accepts `123456789012345678901234567890` in every language
//! (schema/CONTRACT.md, "Numbers"). The Rust backend gives an integer whose `minimum` and
//! `maximum` both fit in 64 bits a fixed-width type (typify's choice) and every other integer
//! this type.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An integer of any size, kept as its canonical decimal digits (no leading zeros, no `-0`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Integer(String);

impl Default for Integer {
    fn default() -> Self {
        Integer("0".to_string())
    }
}

/// Text that is not an integer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegerError(String);

impl fmt::Display for IntegerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an integer: {:?}", self.0)
    }
}

impl std::error::Error for IntegerError {}

impl Integer {
    /// The canonical decimal digits (`-12`, `0`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as an `i64`, if it fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_str().parse().ok()
    }

    /// The value as a `u64`, if it fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_str().parse().ok()
    }

    fn is_negative(&self) -> bool {
        self.as_str().starts_with('-')
    }

    /// Reads a JSON number literal: an integer literal keeps its digits; a float literal whose
    /// value is a whole number is that number (`1.0` → `1`, `1e3` → `1000`), as pydantic reads
    /// it into an `int`.
    fn from_json_number(text: &str) -> Result<Integer, IntegerError> {
        if !text.contains(['.', 'e', 'E']) {
            return text.parse();
        }
        let value: f64 = text.parse().map_err(|_| IntegerError(text.to_string()))?;
        if !value.is_finite() || value.fract() != 0.0 {
            return Err(IntegerError(text.to_string()));
        }
        format!("{value:.0}").parse()
    }
}

impl FromStr for Integer {
    type Err = IntegerError;

    fn from_str(text: &str) -> Result<Integer, IntegerError> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IntegerError(text.to_string()));
        }
        let digits = digits.trim_start_matches('0');
        Ok(Integer(match (negative, digits) {
            (_, "") => "0".to_string(),
            (true, d) => format!("-{d}"),
            (false, d) => d.to_string(),
        }))
    }
}

impl fmt::Display for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Integer({})", self.as_str())
    }
}

impl Ord for Integer {
    fn cmp(&self, other: &Integer) -> Ordering {
        let magnitude = |i: &Integer| {
            let d = i.as_str().trim_start_matches('-');
            (d.len(), d.to_string())
        };
        match (self.is_negative(), other.is_negative()) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => magnitude(self).cmp(&magnitude(other)),
            (true, true) => magnitude(other).cmp(&magnitude(self)),
        }
    }
}

impl PartialOrd for Integer {
    fn partial_cmp(&self, other: &Integer) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

macro_rules! from_primitive {
    ($($ty:ty),*) => {
        $(impl From<$ty> for Integer {
            fn from(value: $ty) -> Integer {
                Integer(value.to_string())
            }
        }

        impl PartialEq<$ty> for Integer {
            fn eq(&self, other: &$ty) -> bool {
                self.as_str() == other.to_string()
            }
        })*
    };
}

from_primitive!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

impl TryFrom<&Integer> for i64 {
    type Error = IntegerError;

    fn try_from(value: &Integer) -> Result<i64, IntegerError> {
        value
            .as_i64()
            .ok_or_else(|| IntegerError(value.as_str().to_string()))
    }
}

impl Serialize for Integer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let number: serde_json::Number = self
            .as_str()
            .parse()
            .map_err(|_| serde::ser::Error::custom("an integer that is not a JSON number"))?;
        number.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Integer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Integer, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        Integer::from_json_number(number.as_str()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::Integer;

    fn read(json: &str) -> Result<Integer, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn keeps_any_size_and_writes_canonical_digits() {
        let big = read("123456789012345678901234567890").unwrap();
        assert_eq!(
            serde_json::to_string(&big).unwrap(),
            "123456789012345678901234567890"
        );
        assert_eq!(big.as_i64(), None);
        assert_eq!(read("-0").unwrap(), Integer::from(0));
        assert_eq!(read("1.0").unwrap(), Integer::from(1));
        assert_eq!(read("1e3").unwrap(), Integer::from(1000));
        assert!(read("1.5").is_err());
        assert!(read("1e400").is_err());
        assert!(read("\"1\"").is_err());
    }

    #[test]
    fn orders_by_value() {
        let mut values: Vec<Integer> = ["10", "-2", "3", "-10", "0", "99999999999999999999"]
            .iter()
            .map(|t| t.parse().unwrap())
            .collect();
        values.sort();
        let text: Vec<&str> = values.iter().map(Integer::as_str).collect();
        assert_eq!(text, ["-10", "-2", "0", "3", "10", "99999999999999999999"]);
    }
}
