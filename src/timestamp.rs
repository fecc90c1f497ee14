//! `Timestamp`: the Rust type of every `format: date-time` property (schema/CONTRACT.md).
//!
//! Reads `YYYY-MM-DDTHH:MM:SS[.fraction][Z|z|±HH:MM]` (`T` may be `t`; no offset means UTC;
//! fractions beyond 6 digits are truncated); writes UTC with `Z`, and a 6-digit fraction only
//! when it is non-zero: `2025-01-27T10:00:00Z`, `2025-01-27T10:00:00.250000Z`.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, SubsecRound, TimeDelta, Timelike, Utc,
};

/// A UTC instant with microsecond precision, in years 1 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

/// Why a string is not a timestamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError(&'static str);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// The current time, truncated to microseconds.
    pub fn now() -> Self {
        Self(Utc::now().trunc_subsecs(6))
    }

    /// The instant as a chrono `DateTime<Utc>`.
    pub fn as_datetime(&self) -> DateTime<Utc> {
        self.0
    }

    /// A timestamp from a chrono instant: truncated to microseconds; `None` outside years 1–9999.
    pub fn from_datetime(instant: DateTime<Utc>) -> Option<Self> {
        (1..=9999)
            .contains(&instant.year())
            .then(|| Self(instant.trunc_subsecs(6)))
    }

    /// Parses the grammar of schema/CONTRACT.md.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let mut cursor = Cursor {
            bytes: text.as_bytes(),
            at: 0,
        };
        let year = cursor.digits(4)?;
        cursor.expect(b'-')?;
        let month = cursor.digits(2)?;
        cursor.expect(b'-')?;
        let day = cursor.digits(2)?;
        if !cursor.eat(b'T') && !cursor.eat(b't') {
            return Err(TimestampError("expected T between the date and the time"));
        }
        let hour = cursor.digits(2)?;
        cursor.expect(b':')?;
        let minute = cursor.digits(2)?;
        cursor.expect(b':')?;
        let second = cursor.digits(2)?;
        let micros = if cursor.eat(b'.') {
            cursor.fraction_micros()?
        } else {
            0
        };
        let offset_minutes = cursor.offset()?;
        if cursor.at != cursor.bytes.len() {
            return Err(TimestampError("unexpected characters after the timestamp"));
        }

        let date = NaiveDate::from_ymd_opt(year as i32, month, day)
            .filter(|_| year >= 1)
            .ok_or(TimestampError("the date does not exist"))?;
        let time = (second <= 59)
            .then(|| NaiveTime::from_hms_micro_opt(hour, minute, second, micros))
            .flatten()
            .ok_or(TimestampError("the time does not exist"))?;
        let local = NaiveDateTime::new(date, time);
        let utc = local
            .checked_sub_signed(TimeDelta::minutes(offset_minutes))
            .ok_or(TimestampError("the instant is out of range"))?
            .and_utc();
        Self::from_datetime(utc).ok_or(TimestampError(
            "the instant in UTC is outside years 1 to 9999",
        ))
    }
}

/// A byte cursor over the timestamp text.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(hit);
        hit
    }

    fn expect(&mut self, byte: u8) -> Result<(), TimestampError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(TimestampError("not of the form YYYY-MM-DDTHH:MM:SS"))
        }
    }

    /// Exactly `count` ASCII digits as a number.
    fn digits(&mut self, count: usize) -> Result<u32, TimestampError> {
        let end = self.at + count;
        let slice = self
            .bytes
            .get(self.at..end)
            .filter(|s| s.iter().all(u8::is_ascii_digit));
        let slice = slice.ok_or(TimestampError("not of the form YYYY-MM-DDTHH:MM:SS"))?;
        self.at = end;
        Ok(slice.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }

    /// One or more digits after the `.`, truncated to microseconds.
    fn fraction_micros(&mut self) -> Result<u32, TimestampError> {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let digits = &self.bytes[start..self.at];
        if digits.is_empty() {
            return Err(TimestampError("expected digits after the decimal point"));
        }
        let micros = (0..6).map(|i| digits.get(i).map_or(0, |d| u32::from(d - b'0')));
        Ok(micros.fold(0, |n, d| n * 10 + d))
    }

    /// The UTC offset in minutes: none, `Z`/`z` (0) or `±HH:MM`.
    fn offset(&mut self) -> Result<i64, TimestampError> {
        if self.at == self.bytes.len() || self.eat(b'Z') || self.eat(b'z') {
            return Ok(0);
        }
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return Err(TimestampError("expected Z or an offset ±HH:MM"));
        };
        let hours = self.digits(2)?;
        self.expect(b':')?;
        let minutes = self.digits(2)?;
        if hours > 23 || minutes > 59 {
            return Err(TimestampError("the offset does not exist"));
        }
        Ok(sign * i64::from(hours * 60 + minutes))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Digits written by hand into one buffer (years are 1 to 9999): this is on every
        // `to_json`, and chrono's `format` parses its format string on each call.
        let mut buffer = *b"0000-00-00T00:00:00.000000Z";
        let mut put = |at: usize, width: usize, mut value: u32| {
            for i in (at..at + width).rev() {
                buffer[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, self.0.year() as u32);
        put(5, 2, self.0.month());
        put(8, 2, self.0.day());
        put(11, 2, self.0.hour());
        put(14, 2, self.0.minute());
        put(17, 2, self.0.second());
        let micros = self.0.nanosecond() / 1000;
        let text = if micros != 0 {
            put(20, 6, micros);
            &buffer[..]
        } else {
            buffer[19] = b'Z';
            &buffer[..20]
        };
        // Only ASCII digits and separators were written.
        f.write_str(std::str::from_utf8(text).map_err(|_| fmt::Error)?)
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl TryFrom<&str> for Timestamp {
    type Error = TimestampError;

    fn try_from(text: &str) -> Result<Self, Self::Error> {
        Self::parse(text)
    }
}

impl TryFrom<DateTime<Utc>> for Timestamp {
    type Error = TimestampError;

    fn try_from(instant: DateTime<Utc>) -> Result<Self, Self::Error> {
        Self::from_datetime(instant).ok_or(TimestampError("the instant is outside years 1 to 9999"))
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.0
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    /// From a string (parsed where it is: serde's `Cow<str>` would copy it into a `String`).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl serde::de::Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
        Timestamp::parse(text).map_err(E::custom)
    }

    /// As a `String` is read from bytes: when they are UTF-8.
    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Timestamp, E> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.visit_str(text),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(bytes), &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_contract_grammar_and_writes_utc() {
        let cases = [
            ("2025-01-27T10:00:00", "2025-01-27T10:00:00Z"),
            ("2025-01-27t10:00:00z", "2025-01-27T10:00:00Z"),
            ("2025-01-27T10:00:00.25Z", "2025-01-27T10:00:00.250000Z"),
            ("2025-01-27T10:00:00.000000Z", "2025-01-27T10:00:00Z"),
            (
                "2025-01-27T10:00:00.1234567899Z",
                "2025-01-27T10:00:00.123456Z",
            ),
            ("2025-01-27T12:00:00.5+02:00", "2025-01-27T10:00:00.500000Z"),
            ("2025-01-27T00:30:00-01:00", "2025-01-27T01:30:00Z"),
            (
                "2024-02-29T23:59:59.999999+00:00",
                "2024-02-29T23:59:59.999999Z",
            ),
            ("2025-12-31T23:30:00-01:00", "2026-01-01T00:30:00Z"),
        ];
        for (input, output) in cases {
            assert_eq!(
                Timestamp::parse(input).map(|t| t.to_string()),
                Ok(output.to_string()),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_what_the_contract_rejects() {
        for input in [
            "2025-01-27",
            "2025-01-27 10:00:00",
            "2025-02-30T10:00:00Z",
            "2025-01-27T10:00:60Z",
            "2025-01-27T24:00:00Z",
            "2025-01-27T10:00:00.Z",
            "2025-01-27T10:00:00+0200",
            "2025-01-27T10:00:00+24:00",
            "2025-01-27T10:00:00 Z",
            "2025-01-27T10:00Z",
            "0000-01-01T00:00:00Z",
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "yesterday",
            "",
            "２０２５-01-27T10:00:00Z",
        ] {
            assert!(Timestamp::parse(input).is_err(), "{input} was accepted");
        }
    }
}
