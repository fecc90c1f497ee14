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

use serde_json::{Number, Value};

/// The canonical form of a number, or `None` for a float literal beyond the double range.
pub(crate) fn canonical_number(number: &Number) -> Option<Number> {
    let text = number.as_str();
    if !text.contains(['.', 'e', 'E']) {
        let digits = text
            .strip_prefix('-')
            .filter(|d| d.bytes().all(|b| b == b'0'))
            .unwrap_or(text);
        return digits.parse().ok();
    }
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    format_float(value).parse().ok()
}

/// `value` written as pydantic writes a Python float (finite values only).
pub fn format_float(value: f64) -> String {
    // `{:e}` gives the shortest digits that round-trip: "-1.2345e16", "0e0".
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: isize = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let length = digits.len() as isize;
    // value = 0.<digits> * 10^point
    let point = exponent + 1;
    let mut out = String::from(sign);
    if (length..=16).contains(&point) {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (point - length) as usize));
        out.push_str(".0");
    } else if (1..=16).contains(&point) {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    } else if (-4..=0).contains(&point) {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
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
        Value::Number(number) => {
            *value = canonical_number(number).map_or(Value::Null, Value::Number);
        }
        Value::Array(items) => items.iter_mut().for_each(canonicalize),
        Value::Object(map) => map.values_mut().for_each(canonicalize),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
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
    fn floats_beyond_the_double_range_have_no_canonical_form() {
        for input in ["1e400", "-1e400", "1.8e308"] {
            let number: Number = serde_json::from_str(input).unwrap();
            assert_eq!(canonical_number(&number), None, "input {input}");
        }
    }
}
