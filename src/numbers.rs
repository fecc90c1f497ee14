//! Numbers inside JSON values, written the way pydantic writes them (schema/CONTRACT.md).
//!
//! serde_json (with `arbitrary_precision`) keeps each number's text as written. An integer
//! literal (no `.`, `e` or `E`) keeps its exact digits, any size (`-0` becomes `0`, like
//! Python's int). Any other number is an IEEE double, written as pydantic writes a Python
//! float: shortest round-trip digits, plain notation for 1e-5 <= |x| < 1e16 (always with a
//! fraction: `1.0`), scientific otherwise with a signed exponent (`1e+16`, `1e-7`).
//! A float literal beyond the double range (`1e400`) has no such value: reading it is a
//! `finite_number` error (pydantic would silently turn it into infinity and write `null`);
//! `1e-400` underflows to `0.0`, as in Python.

use std::borrow::Cow;
use std::io;

use serde_json::ser::Formatter;
use serde_json::{Number, Value};

/// The canonical form of a number, or `None` for a float literal beyond the double range.
pub(crate) fn canonical_number(number: &Number) -> Option<Number> {
    canonical_text(number.as_str())?.parse().ok()
}

/// The canonical text of a JSON number literal, or `None` for a float literal beyond the
/// double range.
pub(crate) fn canonical_text(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains(['.', 'e', 'E']) {
        let digits = text
            .strip_prefix('-')
            .filter(|d| d.bytes().all(|b| b == b'0'))
            .unwrap_or(text);
        return Some(Cow::Borrowed(digits));
    }
    if is_canonical_plain_float(text) {
        return Some(Cow::Borrowed(text));
    }
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some(Cow::Owned(format_float(value)))
}

/// Whether a float literal without exponent is already what [`format_float`] writes for its
/// value, decided from the text alone: `-?int.frac` where the fraction has no trailing zero
/// (or is the single `0` of a whole number), the value lies where pydantic writes plain
/// notation (at most 16 integer digits; at most 4 zeros after the point of `0.…`), and there
/// are at most 15 significant digits. Any decimal with at most 15 significant digits is the
/// shortest text that reads back as its double (no two such decimals share a double), so
/// those digits are the shortest round-trip digits `format_float` writes.
fn is_canonical_plain_float(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let Some((int, frac)) = unsigned.split_once('.') else {
        return false;
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) || (int.len() > 1 && int.starts_with('0')) {
        return false;
    }
    if frac == "0" {
        // A whole number: its significant digits are the integer's without trailing zeros.
        let significant = int.trim_end_matches('0').len();
        return int.len() <= 16 && significant <= 15;
    }
    if frac.ends_with('0') {
        return false;
    }
    if int == "0" {
        let zeros = frac.len() - frac.trim_start_matches('0').len();
        zeros <= 4 && frac.len() - zeros <= 15
    } else {
        int.len() + frac.len() <= 15
    }
}

/// Whether a JSON number literal has a canonical form (`canonical_text(text).is_some()`,
/// without writing it): integers always (of any size: an integer is never read as a double),
/// floats when within the double range.
pub(crate) fn is_finite_literal(text: &str) -> bool {
    // Without an exponent, fewer than 300 characters are fewer than 300 integer digits: far
    // below the double range (about 1.8e308), so the number is finite without parsing it.
    (!text.contains(['e', 'E']) && (text.len() < 300 || !text.contains('.')))
        || text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// serde_json's compact output with every number written canonically: what
/// `to_value(item).to_string()` gives, without building the value (a number without a
/// canonical form is written `null`, as [`canonicalize`] makes it).
pub(crate) struct CanonicalFormatter;

impl Formatter for CanonicalFormatter {
    fn write_number_str<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        value: &str,
    ) -> io::Result<()> {
        match canonical_text(value) {
            Some(text) => writer.write_all(text.as_bytes()),
            None => writer.write_all(b"null"),
        }
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        match value.is_finite() {
            true => writer.write_all(format_float(value).as_bytes()),
            false => writer.write_all(b"null"),
        }
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        // As `to_value` does: an f32 becomes the f64 of its shortest decimal text.
        let text = value.to_string();
        self.write_f64(writer, text.parse().unwrap_or(f64::NAN))
    }
}

/// `value` written as pydantic writes a Python float (finite values only).
pub fn format_float(value: f64) -> String {
    // `{:e}` gives the shortest digits that round-trip: "-1.2345e16", "0e0". Written into a
    // stack buffer (at most 24 bytes: sign, 17 digits, point, `e-324`).
    let mut buffer = [0u8; 32];
    let mut cursor = std::io::Cursor::new(&mut buffer[..]);
    let _ = std::io::Write::write_fmt(&mut cursor, format_args!("{value:e}"));
    let written = cursor.position() as usize;
    let scientific = std::str::from_utf8(&buffer[..written]).unwrap_or("0e0");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    let exponent: isize = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let mut digit_buffer = [0u8; 24];
    let mut length = 0;
    for b in mantissa.bytes().filter(u8::is_ascii_digit) {
        digit_buffer[length] = b;
        length += 1;
    }
    let digits = std::str::from_utf8(&digit_buffer[..length]).unwrap_or("0");
    let length = length as isize;
    // value = 0.<digits> * 10^point
    let point = exponent + 1;
    let mut out = String::with_capacity(32);
    out.push_str(sign);
    if (length..=16).contains(&point) {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', (point - length) as usize));
        out.push_str(".0");
    } else if (1..=16).contains(&point) {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    } else if (-4..=0).contains(&point) {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(digits);
    } else {
        out.push_str(&digits[..1]);
        if length > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        if exponent > 0 {
            out.push('+');
        }
        out.push_str(&exponent.to_string());
    }
    out
}

/// Rewrites every number in `value` to its canonical form; a number without one (only
/// possible if `value` was built by hand from text like `1e400`) becomes `null`, which is what
/// pydantic writes for infinity.
pub(crate) fn canonicalize(value: &mut Value) {
    match value {
        Value::Number(number) if !is_canonical_integer(number) => {
            *value = canonical_number(number).map_or(Value::Null, Value::Number);
        }
        Value::Array(items) => items.iter_mut().for_each(canonicalize),
        Value::Object(map) => map.values_mut().for_each(canonicalize),
        Value::Number(_) | Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

/// Like [`canonicalize`], but `false` (and `value` partly rewritten) as soon as a number has
/// no canonical form: what the fast read path uses on values it has just read.
pub(crate) fn canonicalize_checked(value: &mut Value) -> bool {
    match value {
        // `canonical_number`, comparing texts before building a new number.
        Value::Number(number) if !is_canonical_integer(number) => {
            match canonical_text(number.as_str()) {
                Some(text) if text == number.as_str() => true,
                Some(text) => match text.parse() {
                    Ok(canonical) => {
                        *number = canonical;
                        true
                    }
                    Err(_) => false,
                },
                None => false,
            }
        }
        Value::Array(items) => items.iter_mut().all(canonicalize_checked),
        Value::Object(map) => map.values_mut().all(canonicalize_checked),
        Value::Number(_) | Value::Null | Value::Bool(_) | Value::String(_) => true,
    }
}

/// An integer literal other than `-0`: [`canonical_number`] would return it unchanged (JSON
/// integers have no leading zeros, so `-0` is the only one it rewrites). Checked first so
/// that the common case allocates nothing.
fn is_canonical_integer(number: &Number) -> bool {
    let text = number.as_str();
    text != "-0" && !text.contains(['.', 'e', 'E'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outputs of pydantic 2.13.5 `model_dump_json` for a `dict[str, Any]` holding the input.
    const PYDANTIC: &[(&str, &str)] = &[
        ("1e16", "1e+16"),
        ("1e-7", "1e-7"),
        ("1.0", "1.0"),
        ("0.0001", "0.0001"),
        ("123.456", "123.456"),
        ("1e300", "1e+300"),
        ("-0.0", "-0.0"),
        ("5e-324", "5e-324"),
        ("1e22", "1e+22"),
        ("12345678.9", "12345678.9"),
        ("1e15", "1000000000000000.0"),
        ("1e17", "1e+17"),
        ("1e-5", "0.00001"),
        ("1e-6", "1e-6"),
        ("2.5e-5", "0.000025"),
        ("1E3", "1000.0"),
        ("-1.5", "-1.5"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("123456789012345678.0", "1.2345678901234568e+17"),
        ("9007199254740993.0", "9007199254740992.0"),
        ("0.30000000000000004", "0.30000000000000004"),
        ("1.23e+21", "1.23e+21"),
        ("9.999999999999999e22", "1e+23"),
        ("1e-400", "0.0"),
        ("0.0", "0.0"),
        ("3.0e0", "3.0"),
        ("123e-2", "1.23"),
        ("1.5E+2", "150.0"),
        ("2e-308", "2e-308"),
        ("-0", "0"),
        ("0", "0"),
        ("10", "10"),
        (
            "123456789012345678901234567890",
            "123456789012345678901234567890",
        ),
        (
            "-123456789012345678901234567890",
            "-123456789012345678901234567890",
        ),
        ("18446744073709551616", "18446744073709551616"),
        ("-9223372036854775809", "-9223372036854775809"),
    ];

    #[test]
    fn numbers_are_written_as_pydantic_writes_them() {
        for (input, expected) in PYDANTIC {
            let number: Number = serde_json::from_str(input).unwrap();
            let canonical = canonical_number(&number).map(|n| n.to_string());
            assert_eq!(canonical.as_deref(), Some(*expected), "input {input}");
        }
    }

    #[test]
    fn integers_skipped_as_canonical_are_those_canonical_number_keeps() {
        for (input, _) in PYDANTIC {
            let number: Number = serde_json::from_str(input).unwrap();
            if is_canonical_integer(&number) {
                assert_eq!(canonical_number(&number).as_ref(), Some(&number), "{input}");
            }
        }
    }

    #[test]
    fn finite_literals_are_those_with_a_canonical_text() {
        let inputs = PYDANTIC.iter().map(|(input, _)| *input);
        let long = format!("{}.5", "9".repeat(320));
        let edge = format!("{}.5", "9".repeat(298));
        // Integers beyond the double range (1 and 309 zeros, 400 nines) are exact integers.
        let big = format!("1{}", "0".repeat(309));
        let negative = format!("-{}", "9".repeat(400));
        let extra = [
            "1e400", "-1e400", "1.8e308", "1e-400", "-0.0", &long, &edge, &big, &negative,
        ];
        for input in inputs.chain(extra) {
            assert_eq!(
                is_finite_literal(input),
                canonical_text(input).is_some(),
                "{input}"
            );
        }
    }

    /// The text-only shortcut agrees with parsing and formatting, on literals of every shape
    /// around its limits (a seeded generator: digits, point position, leading zeros).
    #[test]
    fn plain_floats_taken_as_canonical_are_those_format_float_writes() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        };
        let mut shortcut = 0;
        for _ in 0..200_000 {
            let int = match next(4) {
                0 => "0".to_string(),
                _ => {
                    let len = 1 + next(18) as usize;
                    let mut int = (1 + next(9)).to_string();
                    int.extend((1..len).map(|_| char::from(b'0' + next(10) as u8)));
                    int
                }
            };
            let zeros = "0".repeat(next(7) as usize);
            let tail_len = next(18) as usize;
            let mut frac = zeros;
            frac.extend((0..tail_len).map(|_| char::from(b'0' + next(10) as u8)));
            if frac.is_empty() {
                frac.push('0');
            }
            let sign = if next(2) == 0 { "-" } else { "" };
            let text = format!("{sign}{int}.{frac}");
            let formatted = format_float(text.parse().unwrap());
            // A sufficient condition only: texts it leaves (16 or 17 digits) are formatted.
            if is_canonical_plain_float(&text) {
                shortcut += 1;
                assert_eq!(
                    formatted, text,
                    "taken as canonical but formatted differently"
                );
            }
        }
        assert!(
            shortcut > 10_000,
            "the generator rarely hit the shortcut: {shortcut}"
        );
    }

    #[test]
    fn integers_beyond_the_double_range_are_finite_and_kept_exactly() {
        for input in [
            format!("1{}", "0".repeat(309)),
            format!("-{}", "9".repeat(400)),
            "7".repeat(1000),
        ] {
            assert!(is_finite_literal(&input), "{input}");
            assert_eq!(canonical_text(&input).as_deref(), Some(input.as_str()));
        }
    }

    #[test]
    fn floats_beyond_the_double_range_have_no_canonical_form() {
        for input in ["1e400", "-1e400", "1.8e308"] {
            let number: Number = serde_json::from_str(input).unwrap();
            assert_eq!(canonical_number(&number), None, "input {input}");
        }
    }
}
