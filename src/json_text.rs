//! JSON text to a `serde_json::Value` with pydantic's nesting limit instead of serde_json's.
//!
//! pydantic (jiter) and the TypeScript reader accept a value inside at most 200 containers
//! (arrays or objects; an empty container at the 201st level holds no value and is fine) and
//! report deeper input as `json_invalid`. serde_json stops at 128 levels. To agree without
//! risking the stack, a linear pre-scan bounds the nesting first, and only then does serde_json
//! parse, with its own limit switched off (`unbounded_depth`): it never recurses deeper than
//! the pre-scan allowed.
//!
//! The same pre-scan refuses a number whose integer part (its sign included) is longer than
//! [`MAX_INTEGER_PART`] characters, as pydantic's reader (jiter) does (`number out of range`):
//! Python's limit on converting long digit strings to integers. Fractions and exponents may be
//! of any length.

use serde::Deserialize;
use serde_json::Value;

/// The most containers a value may sit inside, as in pydantic.
const MAX_DEPTH: usize = 200;

/// The longest integer part a number literal may have (the `-` and the digits before any `.`,
/// `e` or `E`), as in pydantic (jiter): `-` and 4300 digits is refused, 4300 digits are read.
pub(crate) const MAX_INTEGER_PART: usize = 4300;

/// Parses JSON text (strictly, as serde_json does) into a value. The error is the reason,
/// with its line and column, for a `json_invalid` message.
pub(crate) fn parse(bytes: &[u8]) -> Result<Value, String> {
    if let Some((offset, reason)) = refused(bytes) {
        return Err(format!("{reason} at {}", position(bytes, offset)));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserializer.disable_recursion_limit();
    let value = Value::deserialize(&mut deserializer).map_err(|e| e.to_string())?;
    deserializer.end().map_err(|e| e.to_string())?;
    Ok(value)
}

/// The offset and reason of the first thing pydantic refuses that serde_json would read: a
/// value inside more than [`MAX_DEPTH`] containers, or a number whose integer part is longer
/// than [`MAX_INTEGER_PART`].
///
/// Strings are skipped as JSON lexes them, so up to the first syntax error the depth and the
/// numbers seen here are exactly those serde_json reads; past that error serde_json stops.
/// Input that is not JSON may be reported here for one of these rather than for its first
/// syntax error: all are `json_invalid`.
fn refused(bytes: &[u8]) -> Option<(usize, &'static str)> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    // In a number (any of its characters), and the length of its integer part so far while
    // still in that part (0 once past it).
    let mut in_number = false;
    let mut integer_part = 0usize;
    for (offset, &byte) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'-' | b'0'..=b'9' if !in_number => {
                in_number = true;
                integer_part = 1;
            }
            b'0'..=b'9' if integer_part > 0 => {
                integer_part += 1;
                if integer_part > MAX_INTEGER_PART {
                    return Some((offset, "number out of range"));
                }
            }
            // The rest of a number: its fraction, exponent (or bytes that make it invalid).
            b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9' if in_number => integer_part = 0,
            _ => {
                in_number = false;
                integer_part = 0;
            }
        }
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ if depth > MAX_DEPTH => return Some((offset, "recursion limit exceeded")),
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            _ => {}
        }
    }
    None
}

/// `line L column C` of a byte offset (both from 1, the column in bytes), as serde_json says it.
fn position(bytes: &[u8], offset: usize) -> String {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    format!("line {line} column {}", offset - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn accepts_a_value_inside_200_containers_and_rejects_one_inside_201() {
        assert!(parse(nested("[", "1", "]", 200).as_bytes()).is_ok());
        assert!(parse(nested("[", "", "]", 201).as_bytes()).is_ok());
        assert!(parse(nested("[", "{}", "]", 200).as_bytes()).is_ok());
        assert!(parse(nested(r#"{"a":"#, r#""x""#, "}", 200).as_bytes()).is_ok());
        for text in [
            nested("[", "1", "]", 201),
            nested("[", "", "]", 202),
            nested("[", "{}", "]", 201),
            nested(r#"{"a":"#, "1", "}", 201),
        ] {
            let error = parse(text.as_bytes()).unwrap_err();
            assert!(
                error.starts_with("recursion limit exceeded at line 1 column "),
                "{error}"
            );
        }
    }

    #[test]
    fn brackets_in_strings_do_not_count() {
        let text = format!(r#"["{}", "\"{}"]"#, "[".repeat(500), "{".repeat(500));
        assert_eq!(parse(text.as_bytes()).unwrap().as_array().unwrap().len(), 2);
    }

    #[test]
    fn reports_where_the_limit_was_passed() {
        let text = format!("[\n{}1{}]", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            parse(text.as_bytes()).unwrap_err(),
            "recursion limit exceeded at line 2 column 201"
        );
    }

    #[test]
    fn other_errors_are_serde_json_s() {
        assert_eq!(
            parse(b"[1,]").unwrap_err(),
            "trailing comma at line 1 column 4"
        );
        assert_eq!(
            parse(b"{} x").unwrap_err(),
            "trailing characters at line 1 column 4"
        );
    }

    /// pydantic 2.13.5 (pydantic-core 2.46.5) `model_validate_json` of `{"x": <literal>}` in a
    /// `dict[str, Any]`: `json_invalid` exactly when the sign and the digits before the `.` or
    /// exponent are more than 4300 characters.
    #[test]
    fn refuses_numbers_whose_integer_part_pydantic_refuses() {
        let digits = |n: usize| "1".repeat(n);
        let read = [
            digits(4300),
            format!("-{}", digits(4299)),
            format!("{}.0", digits(4300)),
            format!("{}e1", digits(4300)),
            format!("{}E-5", digits(4300)),
            format!("1.{}", digits(6000)),
            format!("-0.{}", digits(6000)),
            format!("1e{}", "0".repeat(6000)),
            format!("1.5e-{}", digits(6000)),
        ];
        let refused = [
            digits(4301),
            format!("-{}", digits(4300)),
            format!("{}.0", digits(4301)),
            format!("-{}.5", digits(4300)),
            format!("{}e-5000", digits(4301)),
            format!("{}E+1", digits(4301)),
        ];
        for literal in &read {
            for text in [format!(r#"{{"x":{literal}}}"#), format!("[1,{literal}]")] {
                let value = parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
                assert!(value.is_object() || value.is_array());
            }
        }
        for literal in &refused {
            for text in [
                format!(r#"{{"x":{literal}}}"#),
                format!("[1,{literal}]"),
                literal.clone(),
            ] {
                let error = parse(text.as_bytes()).unwrap_err();
                assert!(
                    error.starts_with("number out of range at line 1 column "),
                    "{error}"
                );
            }
        }
        // Digits in strings are not numbers.
        let text = format!(r#"{{"{0}":"{0}","k":"\"{0}"}}"#, digits(5000));
        assert!(parse(text.as_bytes()).is_ok());
    }

    #[test]
    fn very_deep_input_is_rejected_without_recursing() {
        let text = nested("[", "", "]", 1_000_000);
        assert!(parse(text.as_bytes()).is_err());
        let unclosed = "[".repeat(1_000_000);
        assert!(parse(unclosed.as_bytes()).is_err());
    }
}
