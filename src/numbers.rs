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
    let mut digit_buffer = [0u8; 24];
    let (negative, length, exponent) = shortest_digits(value, &mut digit_buffer);
    let sign = if negative { "-" } else { "" };
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

/// The shortest decimal digits that read back as `value` (finite), as Python's `repr` picks
/// them: `(negative, length, exponent)` with `digits[..length]` the significant digits and
/// `value = 0.d1d2… × 10^(exponent + 1)`, i.e. `d1.d2… × 10^exponent`.
///
/// Rust's `{:e}` gives the shortest digits, but where two candidates of that length are
/// equally close to the double (`1125899906842624.25`: `…624.2` and `…624.3`) it may take
/// either, and Python's `repr` takes the even one. Such ties need 16 or more digits (the
/// double's spacing must exceed the decimal spacing, only possible below a power of ten of the
/// double's magnitude ÷ 2^52), so for those lengths the digits are taken from `{:.Ne}` instead:
/// exactly rounded, ties to even, and of the shortest length, so they still read back.
fn shortest_digits(value: f64, digits: &mut [u8; 24]) -> (bool, usize, isize) {
    // `{:e}`: "-1.2345e16", "0e0". Written into a stack buffer (at most 24 bytes: sign, 17
    // digits, point, `e-324`).
    let mut buffer = [0u8; 32];
    let mut written = write_into(&mut buffer, format_args!("{value:e}"));
    let length = count_digits(&buffer[..written]);
    if length >= 16 {
        let precision = length - 1;
        written = write_into(&mut buffer, format_args!("{value:.precision$e}"));
    }
    let scientific = std::str::from_utf8(&buffer[..written]).unwrap_or("0e0");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    let exponent: isize = exponent.parse().unwrap_or(0);
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let mut length = 0;
    for b in mantissa.bytes().filter(u8::is_ascii_digit) {
        digits[length] = b;
        length += 1;
    }
    (negative, length, exponent)
}

/// Formats into `buffer`, returning the length written.
fn write_into(buffer: &mut [u8; 32], args: std::fmt::Arguments<'_>) -> usize {
    let mut cursor = std::io::Cursor::new(&mut buffer[..]);
    let _ = std::io::Write::write_fmt(&mut cursor, args);
    cursor.position() as usize
}

/// The number of mantissa digits of a `{:e}` text (those before the `e`).
fn count_digits(text: &[u8]) -> usize {
    text.iter()
        .take_while(|b| **b != b'e')
        .filter(|b| b.is_ascii_digit())
        .count()
}

/// A number as an exact decimal `digits × 10^exponent`: `digits` without trailing zeros
/// (`"0"` for zero), the sign dropped (it does not change divisibility).
struct Decimal {
    digits: String,
    exponent: i64,
}

impl Decimal {
    /// The decimal value every language gives a JSON number literal: an integer literal is
    /// exact (of any size when `exact_integers`, else only within 64 bits, as codegen's IR
    /// keeps the numbers of a schema), any other number is the double it reads as, taken as
    /// the decimal the project writes for it (Python's `repr`). `None` beyond the double range.
    fn of(text: &str, exact_integers: bool) -> Option<Decimal> {
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let integer = !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit());
        let fits = unsigned.parse::<u64>().is_ok();
        let (digits, exponent) = if integer && (exact_integers || fits) {
            (unsigned.to_string(), 0)
        } else {
            let value: f64 = text.parse().ok().filter(|v: &f64| v.is_finite())?;
            let mut buffer = [0u8; 24];
            let (_, length, exponent) = shortest_digits(value, &mut buffer);
            let digits = std::str::from_utf8(&buffer[..length])
                .unwrap_or("0")
                .to_string();
            (digits, exponent as i64 + 1 - length as i64)
        };
        let trimmed = digits.trim_start_matches('0');
        if trimmed.is_empty() {
            return Some(Decimal {
                digits: "0".into(),
                exponent: 0,
            });
        }
        let significant = trimmed.trim_end_matches('0');
        Some(Decimal {
            digits: significant.to_string(),
            exponent: exponent + (trimmed.len() - significant.len()) as i64,
        })
    }
}

/// `multipleOf`, exactly: whether the decimal value of the JSON number `value` divided by that
/// of `multiple_of` (a schema's literal, > 0) is an integer (schema/CONTRACT.md, "Numbers").
/// Decimal values are those of [`Decimal::of`]: `19.99` is a multiple of `0.01`, `1` of `0.1`,
/// `12391239123` of `1e-8`, whatever the doubles' binary rounding. A number beyond the double
/// range is no multiple of anything (reading it is a `finite_number` error anyway).
pub(crate) fn is_multiple_of(value: &str, multiple_of: &str) -> bool {
    let (Some(value), Some(step)) = (Decimal::of(value, true), Decimal::of(multiple_of, false))
    else {
        return false;
    };
    if value.digits == "0" {
        return true;
    }
    // value / step = (a / b) × 10^(p − q) with a, b free of trailing zeros: an integer only if
    // p ≥ q (a's last digit is not 0, so no power of ten divides it) and b divides a × 10^(p−q).
    let shift = value.exponent - step.exponent;
    let Ok(modulus) = step.digits.parse::<u128>() else {
        // More than 38 significant digits: not a number a schema's multipleOf can hold (the
        // IR keeps 64-bit integers or doubles); refuse rather than guess.
        return false;
    };
    if shift < 0 || modulus == 0 {
        return false;
    }
    let mut remainder: u128 = 0;
    for digit in value.digits.bytes() {
        remainder = (remainder * 10 + u128::from(digit - b'0')) % modulus;
    }
    for _ in 0..shift {
        if remainder == 0 {
            break;
        }
        remainder = remainder * 10 % modulus;
    }
    remainder == 0
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
        // Two shortest candidates equally close: Python's repr takes the even digit.
        ("1125899906842624.25", "1125899906842624.2"),
        ("-188319559799806.625", "-188319559799806.62"),
        ("562949953421312.25", "562949953421312.2"),
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

    /// multipleOf on the decimal values (schema/CONTRACT.md), not on binary doubles.
    #[test]
    fn multiple_of_is_exact_on_decimals() {
        let yes = [
            ("19.99", "0.01"),
            ("0.07", "0.01"),
            ("1", "0.1"),
            ("10", "0.1"),
            ("12391239123", "1e-8"),
            ("0", "7"),
            ("-0.0", "0.3"),
            ("4.5", "1.5"),
            ("1e308", "1e-8"),
            ("100", "1e2"),
            ("123456789012345678901234567890", "10"),
            ("1.0", "1"),
            ("0.0075", "0.0001"),
            ("-21", "7"),
        ];
        let no = [
            ("19.995", "0.01"),
            ("35", "1.5"),
            ("0.00751", "0.0001"),
            ("1e-7", "1e-6"),
            ("123456789012345678901234567891", "10"),
            ("1e400", "1"),
            ("7", "2"),
        ];
        for (value, step) in yes {
            assert!(is_multiple_of(value, step), "{value} of {step}");
        }
        for (value, step) in no {
            assert!(!is_multiple_of(value, step), "{value} of {step}");
        }
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
