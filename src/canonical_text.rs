//! Well-formed JSON text → its canonical text, in one pass and without building a value: what
//! serde_json gives for `to_json(parse(text))` (schema/CONTRACT.md: compact, keys in input
//! order, numbers as pydantic writes them, strings escaped as serde_json escapes them), or
//! `None` where that answer needs a full parse or does not exist (a repeated key, a lone
//! surrogate escape, a float literal beyond the double range, nesting deeper than asked).
//!
//! The input must already be JSON (serde_json's raw-value capture checked its syntax); the
//! scan relies on that and only refuses what it cannot copy exactly.

use std::borrow::Cow;
use std::cell::RefCell;

use crate::numbers;

/// The canonical text of the JSON value `text` with containers nested at most `max_depth`
/// deep, or `None` (see the module docs).
pub(crate) fn canonical(text: &str, max_depth: usize) -> Option<Cow<'_, str>> {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => rewrite(text, max_depth, &mut scratch),
        // Only if a caller nests a rewrite inside another (it does not): fresh buffers.
        Err(_) => rewrite(text, max_depth, &mut Scratch::default()),
    })
}

/// Buffers reused from one call to the next on a thread (no allocation once warm).
#[derive(Default)]
struct Scratch {
    /// Keys of every open object, innermost last.
    keys: Vec<Key>,
    /// Per open container: where its keys start in `keys`, and whether it is an object.
    frames: Vec<(usize, bool)>,
    /// The decoded text of escaped keys.
    decoded: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A key: where its text is (in the input: no escapes, the literal's content is the key; or
/// in [`Scratch::decoded`]), and a fingerprint of it that most unequal keys differ in.
#[derive(Clone, Copy)]
struct Key {
    fingerprint: u64,
    place: Place,
}

#[derive(Clone, Copy)]
enum Place {
    Input(usize, usize),
    Decoded(usize, usize),
}

impl Key {
    fn new(text: &str, place: Place) -> Self {
        // Length, first and last byte: free to compute, and enough to tell most keys apart.
        let bytes = text.as_bytes();
        let edge = |b: Option<&u8>| u64::from(b.copied().unwrap_or(0));
        Self {
            fingerprint: (bytes.len() as u64) << 16 | edge(bytes.first()) << 8 | edge(bytes.last()),
            place,
        }
    }

    fn text<'t>(&self, input: &'t str, decoded: &'t str) -> &'t str {
        match self.place {
            Place::Input(start, end) => &input[start..end],
            Place::Decoded(start, end) => &decoded[start..end],
        }
    }
}

fn rewrite<'t>(text: &'t str, max_depth: usize, scratch: &mut Scratch) -> Option<Cow<'t, str>> {
    let Scratch {
        keys,
        frames,
        decoded,
    } = scratch;
    keys.clear();
    frames.clear();
    decoded.clear();
    let bytes = text.as_bytes();
    // Allocated at the first difference: text already canonical is returned as it is.
    let mut out = String::new();
    // Input from `copied` on is already canonical and still to be copied: it is copied in
    // spans, up to each place where the output differs from the input.
    let mut copied = 0;
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                reserve(&mut out, text);
                out.push_str(&text[copied..i]);
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                copied = i;
            }
            b'{' | b'[' if frames.len() == max_depth => return None,
            open @ (b'{' | b'[') => {
                frames.push((keys.len(), open == b'{'));
                expect_key = open == b'{';
                i += 1;
            }
            close @ (b'}' | b']') => {
                let (start, _) = frames.pop()?;
                if close == b'}' && has_duplicate(&mut keys[start..], text, decoded) {
                    return None;
                }
                keys.truncate(start);
                expect_key = false;
                i += 1;
            }
            b',' => {
                expect_key = matches!(frames.last(), Some((_, true)));
                i += 1;
            }
            b':' => {
                expect_key = false;
                i += 1;
            }
            b'"' => {
                let (end, escaped) = string_end(bytes, i + 1)?;
                if !escaped {
                    // serde_json writes the same characters back unescaped (the input, being
                    // JSON, has no raw control characters).
                    if expect_key {
                        let place = Place::Input(i + 1, end - 1);
                        keys.push(Key::new(&text[i + 1..end - 1], place));
                    }
                } else {
                    // Decoded (a lone surrogate fails here) and escaped again.
                    let value: String = serde_json::from_str(&text[i..end]).ok()?;
                    reserve(&mut out, text);
                    out.push_str(&text[copied..i]);
                    out.push_str(&serde_json::to_string(&value).ok()?);
                    copied = end;
                    if expect_key {
                        let place = Place::Decoded(decoded.len(), decoded.len() + value.len());
                        keys.push(Key::new(&value, place));
                        decoded.push_str(&value);
                    }
                }
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                let mut integer = true;
                while i < bytes.len() {
                    match bytes[i] {
                        b'-' | b'0'..=b'9' => {}
                        b'+' | b'.' | b'e' | b'E' => integer = false,
                        _ => break,
                    }
                    i += 1;
                }
                let literal = &text[start..i];
                // JSON integers have no leading zeros: all but `-0` are canonical as written.
                if integer && literal != "-0" {
                    continue;
                }
                let number = numbers::canonical_text(literal)?;
                if number != literal {
                    reserve(&mut out, text);
                    out.push_str(&text[copied..start]);
                    out.push_str(&number);
                    copied = i;
                }
            }
            b't' | b'f' | b'n' => {
                let word = ["true", "false", "null"]
                    .into_iter()
                    .find(|w| bytes[i..].starts_with(w.as_bytes()))?;
                i += word.len();
            }
            _ => return None,
        }
    }
    if !frames.is_empty() {
        return None;
    }
    if copied == 0 {
        return Some(Cow::Borrowed(text));
    }
    out.push_str(&text[copied..]);
    Some(Cow::Owned(out))
}

/// Makes room for the output at its first write (about the input's size).
fn reserve(out: &mut String, text: &str) {
    if out.capacity() == 0 {
        out.reserve(text.len());
    }
}

/// The index after the closing quote of the string whose content starts at `i`, and whether
/// the string has escapes.
fn string_end(bytes: &[u8], mut i: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[i] == b'"' {
            return Some((i + 1, escaped));
        }
        // An escape: its second character is never a quote that ends the string (`\u`
        // digits are hex).
        escaped = true;
        i += 2;
    }
}

/// Whether one object's keys repeat one. Pairwise (fingerprints first) when there are few;
/// sorted when there are many, so that a huge object costs n log n comparisons, never n².
fn has_duplicate(keys: &mut [Key], input: &str, decoded: &str) -> bool {
    let same = |a: &Key, b: &Key| {
        a.fingerprint == b.fingerprint && a.text(input, decoded) == b.text(input, decoded)
    };
    if keys.len() <= 16 {
        return keys
            .iter()
            .enumerate()
            .any(|(i, a)| keys[i + 1..].iter().any(|b| same(a, b)));
    }
    keys.sort_unstable_by(|a, b| {
        (a.fingerprint, a.text(input, decoded)).cmp(&(b.fingerprint, b.text(input, decoded)))
    });
    keys.windows(2).any(|pair| same(&pair[0], &pair[1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// What the canonical text must be: a full parse, numbers made canonical, written compact.
    fn by_parsing(text: &str) -> Option<Cow<'_, str>> {
        let mut value: Value = serde_json::from_str(text).ok()?;
        numbers::canonicalize_checked(&mut value).then(|| Cow::Owned(value.to_string()))
    }

    #[test]
    fn agrees_with_a_full_parse() {
        for text in [
            r#"{}"#,
            r#" { "a" : [ 1 , -0 , 2.50 , 1e3 , 1E-7 , -0.0 , 123456789012345678901234567890 ] } "#,
            r#"{"s":"plain é 🚀","e":"\u00e9\/\"\\\n\t\u0001","n":null,"t":true,"f":false}"#,
            r#"{"nested":{"x":{"y":[[],[{}],{"z":"w"}]}},"k":"v"}"#,
            r#"{"\u0061":1,"q\"k":{"\n":2}}"#,
            r#"{"a":{"b":1},"c":{"b":2}}"#,
            r#"[1,{"a":"b"},"c"]"#,
            r#"{"pair":"\ud83d\ude80","float":0.1,"big":1.7976931348623157e308,"tiny":1e-400}"#,
            r#"{"x":100.0,"y":0.00001,"z":0.000001,"w":1e16,"v":9999999999999998.0}"#,
        ] {
            assert_eq!(canonical(text, 100), by_parsing(text), "{text}");
            assert!(canonical(text, 100).is_some(), "{text}");
        }
    }

    #[test]
    fn declines_what_needs_a_parse() {
        for text in [
            r#"{"a":1,"a":2}"#,
            r#"{"a":{"b":1,"b":1}}"#,
            r#"{"a":1,"\u0061":1}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a":1e400}"#,
            r#"{"a":[-1e400]}"#,
        ] {
            assert_eq!(canonical(text, 100), None, "{text}");
        }
        // A repeated key among many is found too.
        let many: Vec<String> = (0..40).map(|i| format!(r#""k{i}":{i}"#)).collect();
        let text = format!("{{{},\"k7\":0}}", many.join(","));
        assert_eq!(canonical(&text, 100), None);
        let text = format!("{{{}}}", many.join(","));
        assert_eq!(canonical(&text, 100), by_parsing(&text));
    }

    #[test]
    fn keys_with_one_fingerprint_are_still_compared() {
        // Same length, same first and last bytes: one fingerprint, different keys.
        for count in [5, 40] {
            let keys: Vec<String> = (0..count)
                .map(|i| format!(r#""aaaaaaaa{:03}bbbbbbbb":{i}"#, i))
                .collect();
            let text = format!("{{{}}}", keys.join(","));
            assert_eq!(canonical(&text, 100), by_parsing(&text), "{count} keys");
            let repeated = format!("{{{},{}}}", keys.join(","), keys[count / 2]);
            assert_eq!(canonical(&repeated, 100), None, "{count} keys and a repeat");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        assert!(canonical(&nested(3), 3).is_some());
        assert_eq!(canonical(&nested(4), 3), None);
        assert_eq!(canonical(&nested(100_000), 100), None);
    }
}
