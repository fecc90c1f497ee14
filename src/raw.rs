//! Free-form JSON kept as raw text by the borrowed types (`<Name>Ref`): read through
//! serde_json's raw-value capture, then checked for what that capture does not check but the
//! slow path's full parse does (paired `\u` surrogate escapes, numbers within the double
//! range, nesting depth), so that a borrowed read accepts what an owned read accepts.

use std::borrow::Cow;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{DeserializeSeed, Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use crate::numbers;
use crate::scan::{self, CHECKED_RAW_TOKEN, RAW_TOKEN};

/// Nesting allowed inside a raw value before the fast path leaves the decision to the slow
/// path (serde_json stops at 128 levels for the whole document).
pub(crate) const MAX_DEPTH: usize = 100;

/// `deserialize_with` of a free-form object field.
pub(crate) fn object<'de, D: Deserializer<'de>>(de: D) -> Result<Cow<'de, RawValue>, D::Error> {
    checked(de, Some(b'{'))
}

/// `deserialize_with` of a free-form field of any JSON type.
#[allow(dead_code)] // for schemas with such a field
pub(crate) fn any<'de, D: Deserializer<'de>>(de: D) -> Result<Cow<'de, RawValue>, D::Error> {
    checked(de, None)
}

/// `deserialize_with` of an optional free-form object field (present: not `null`).
#[allow(dead_code)] // for schemas with such a field
pub(crate) fn option_object<'de, D: Deserializer<'de>>(
    de: D,
) -> Result<Option<Cow<'de, RawValue>>, D::Error> {
    checked(de, Some(b'{')).map(Some)
}

/// `deserialize_with` of an optional free-form field of any JSON type.
#[allow(dead_code)] // for schemas with such a field
pub(crate) fn option_any<'de, D: Deserializer<'de>>(
    de: D,
) -> Result<Option<Cow<'de, RawValue>>, D::Error> {
    checked(de, None).map(Some)
}

fn checked<'de, D: Deserializer<'de>>(
    de: D,
    first: Option<u8>,
) -> Result<Cow<'de, RawValue>, D::Error> {
    let (text, checked) = de.deserialize_newtype_struct(RAW_TOKEN, TextVisitor)?;
    let first_ok = first.is_none_or(|b| text.as_bytes().first() == Some(&b));
    if !first_ok || !(checked || content_ok(text, MAX_DEPTH)) {
        return Err(D::Error::custom("declined by the fast path"));
    }
    // The text is JSON (serde_json's capture or the scanner's): given to `RawValue` as
    // serde_json's own capture gives it.
    <&'de RawValue>::deserialize(RawText(Some(text)))
        .map(Cow::Borrowed)
        .map_err(|_| D::Error::custom("declined by the fast path"))
}

/// Raw text as serde's data model carries it: the text, and whether the fast path's scanner
/// checked its content (`crate::scan::CHECKED_RAW_TOKEN`).
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = (&'de str, bool);

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("raw JSON text")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let checked = match access.next_key::<&'de str>()? {
            Some(RAW_TOKEN) => false,
            Some(CHECKED_RAW_TOKEN) if scan::trusted() => true,
            _ => return Err(A::Error::custom("not raw JSON text")),
        };
        Ok((access.next_value::<&'de str>()?, checked))
    }
}

/// Raw JSON text, as serde_json's deserializers give it to `RawValue`: a one-entry map named
/// [`RAW_TOKEN`] whose value is the text.
struct RawText<'de>(Option<&'de str>);

impl<'de> Deserializer<'de> for RawText<'de> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

impl<'de> MapAccess<'de> for RawText<'de> {
    type Error = serde::de::value::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.0 {
            Some(_) => seed
                .deserialize(BorrowedStrDeserializer::new(RAW_TOKEN))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        let text = self
            .0
            .take()
            .ok_or_else(|| serde::de::value::Error::custom("no raw text"))?;
        seed.deserialize(BorrowedStrDeserializer::new(text))
    }
}

/// Canonical JSON text of a value, as raw JSON.
pub(crate) fn to_raw<T: Serialize>(value: &T) -> Box<RawValue> {
    RawValue::from_string(crate::api::to_json(value))
        .unwrap_or_else(|e| panic!("to_json wrote invalid JSON: {e}"))
}

/// Whether well-formed JSON text (as serde_json's skipping checks it) is also accepted and
/// kept by a full parse: surrogate escapes paired, every number finite, containers nested at
/// most `max_depth` deep.
pub(crate) fn content_ok(text: &str, max_depth: usize) -> bool {
    plainly_ok(text.as_bytes(), max_depth) || exactly_ok(text, max_depth)
}

/// A quick sufficient condition for [`exactly_ok`], in one pass without tracking strings: no
/// backslash (so no escapes), no digit followed by `e`/`E` (so no number has an exponent, as
/// a JSON exponent always follows a digit), fewer than 300 digits in all (so every number is a
/// plain decimal far below the double range), and at most `max_depth` opening brackets.
fn plainly_ok(bytes: &[u8], max_depth: usize) -> bool {
    // Counted per block of 128 bytes in `u8` lanes (no block overflows one), with no state
    // carried from byte to byte, so that the loops vectorize: about 4× faster than iterator
    // counts here.
    const BLOCK: usize = 128;
    let (mut digits, mut opens) = (0usize, 0usize);
    for block in bytes.chunks(BLOCK) {
        let (mut d, mut o) = (0u8, 0u8);
        for &b in block {
            d += u8::from(b.wrapping_sub(b'0') < 10);
            // `[` is 0x5B and `{` is 0x7B: the one byte that ORed with 0x20 gives 0x7B.
            o += u8::from((b | 0x20) == b'{');
        }
        digits += usize::from(d);
        opens += usize::from(o);
    }
    // A digit followed by `e` or `E`.
    let mut exponent = 0u8;
    if let (Some(before), Some(after)) = (
        bytes.len().checked_sub(1).map(|n| &bytes[..n]),
        bytes.get(1..),
    ) {
        for (a, b) in before.chunks(BLOCK).zip(after.chunks(BLOCK)) {
            let mut e = 0u8;
            for (&x, &y) in a.iter().zip(b) {
                e |= u8::from(x.wrapping_sub(b'0') < 10) & u8::from((y | 0x20) == b'e');
            }
            exponent |= e;
        }
    }
    memchr::memchr(b'\\', bytes).is_none() && digits < 300 && opens <= max_depth && exponent == 0
}

/// The exact check: every string's escapes, every number, the nesting depth.
fn exactly_ok(text: &str, max_depth: usize) -> bool {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match string_end(bytes, i + 1) {
                Some(end) => i = end,
                None => return false,
            },
            b'{' | b'[' => {
                depth += 1;
                if depth > max_depth {
                    return false;
                }
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                if !numbers::is_finite_literal(&text[start..i]) {
                    return false;
                }
            }
            _ => i += 1,
        }
    }
    true
}

/// The index after the closing quote of the string starting at `i` (after its opening
/// quote); `None` for a lone surrogate escape.
fn string_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i += memchr::memchr2(b'"', b'\\', &bytes[i..])?;
        if bytes[i] == b'"' {
            return Some(i + 1);
        }
        if bytes.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let unit = hex4(bytes.get(i + 2..i + 6)?)?;
        i += 6;
        if (0xDC00..=0xDFFF).contains(&unit) {
            return None;
        }
        if (0xD800..=0xDBFF).contains(&unit) {
            if bytes.get(i..i + 2) != Some(b"\\u") {
                return None;
            }
            let low = hex4(bytes.get(i + 2..i + 6)?)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return None;
            }
            i += 6;
        }
    }
}

fn hex4(digits: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(digits).ok()?;
    u16::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocked counting says what plain iterator counts say, around every threshold.
    #[test]
    fn plainly_ok_counts_as_the_definition_does() {
        let reference = |bytes: &[u8], max_depth: usize| {
            !bytes.contains(&b'\\')
                && bytes.iter().filter(|b| b.is_ascii_digit()).count() < 300
                && bytes.iter().filter(|&&b| b == b'{' || b == b'[').count() <= max_depth
                && !bytes
                    .windows(2)
                    .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'e' | b'E'))
        };
        let alphabet = b"0123456789eE{[]}\\ a\"[;Ee0";
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let mut agreed_true = 0;
        for _ in 0..20_000 {
            let len = next(700);
            // Mostly letters so that many inputs pass; the rest from the alphabet.
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next(20) {
                    0..=14 => b'a' + next(4) as u8,
                    _ => alphabet[next(alphabet.len())],
                })
                .collect();
            let max_depth = next(12);
            let expected = reference(&bytes, max_depth);
            assert_eq!(
                plainly_ok(&bytes, max_depth),
                expected,
                "{:?}",
                String::from_utf8_lossy(&bytes)
            );
            agreed_true += usize::from(expected);
        }
        assert!(agreed_true > 500, "too few inputs pass: {agreed_true}");
    }

    #[test]
    fn content_checks_match_a_full_parse() {
        for (text, ok) in [
            (r#"{"a":[1,2.5,-0,1e300,"x\"\\\u00e9"]}"#, true),
            (r#"{"a":"\ud83d\ude80"}"#, true),
            (r#"{"a":1e400}"#, false),
            (r#"{"a":[-1e400]}"#, false),
            (r#"{"a":1e-400}"#, true),
            (r#"{"a":"\ud800"}"#, false),
            (r#"{"a":"\ud800\u0041"}"#, false),
            (r#"{"a":"\udc00"}"#, false),
            (r#"{"\ud800":1}"#, false),
            (r#"{"a":"1e400"}"#, true),
        ] {
            assert_eq!(content_ok(text, MAX_DEPTH), ok, "{text}");
            assert_eq!(exactly_ok(text, MAX_DEPTH), ok, "{text}");
            assert!(!plainly_ok(text.as_bytes(), MAX_DEPTH) || ok, "{text}");
            let full = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .is_some_and(|mut v| numbers::canonicalize_checked(&mut v));
            assert_eq!(full, ok, "{text}: a full parse disagrees");
        }
        let deep = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert!(!content_ok(&deep, MAX_DEPTH));
        assert!(content_ok(&deep, MAX_DEPTH + 1));
    }
}
