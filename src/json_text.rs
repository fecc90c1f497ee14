//! JSON text to a `serde_json::Value` with pydantic's nesting limit instead of serde_json's.
//!
//! pydantic (jiter) and the TypeScript reader accept a value inside at most 200 containers
//! (arrays or objects; an empty container at the 201st level holds no value and is fine) and
//! report deeper input as `json_invalid`. serde_json stops at 128 levels. To agree without
//! risking the stack, a linear pre-scan bounds the nesting first, and only then does serde_json
//! parse, with its own limit switched off (`unbounded_depth`): it never recurses deeper than
//! the pre-scan allowed.

use serde::Deserialize;
use serde_json::Value;

/// The most containers a value may sit inside, as in pydantic.
const MAX_DEPTH: usize = 200;

/// Parses JSON text (strictly, as serde_json does) into a value. The error is the reason,
/// with its line and column, for a `json_invalid` message.
pub(crate) fn parse(bytes: &[u8]) -> Result<Value, String> {
    if let Some(offset) = too_deep(bytes) {
        return Err(format!(
            "recursion limit exceeded at {}",
            position(bytes, offset)
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserializer.disable_recursion_limit();
    let value = Value::deserialize(&mut deserializer).map_err(|e| e.to_string())?;
    deserializer.end().map_err(|e| e.to_string())?;
    Ok(value)
}

/// The offset of the first value inside more than [`MAX_DEPTH`] containers, if any.
///
/// Strings are skipped as JSON lexes them, so up to the first syntax error the depth counted
/// here is exactly the depth serde_json reaches; past that error serde_json stops. Input that
/// is not JSON may be reported here as too deep rather than as its first syntax error: both
/// are `json_invalid`.
fn too_deep(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
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
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ if depth > MAX_DEPTH => return Some(offset),
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

    #[test]
    fn very_deep_input_is_rejected_without_recursing() {
        let text = nested("[", "", "]", 1_000_000);
        assert!(parse(text.as_bytes()).is_err());
        let unclosed = "[".repeat(1_000_000);
        assert!(parse(unclosed.as_bytes()).is_err());
    }
}
