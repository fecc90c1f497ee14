//! Rewrites a schema `pattern` (checked portable by the IR) into ECMAScript `u`-mode source
//! with the same meaning as in the Rust `regex` crate (pydantic-core) and Python `re`. The
//! TypeScript backend writes what [`ecma_source`] returns. It lives next to lowering's
//! portability check (`lower::check_pattern`), which refuses for every language what this
//! cannot write (look-around, backreferences, class set operations, named groups, inline
//! flags, Perl and Unicode classes), so the TypeScript backend never fails on a pattern the IR
//! accepted; `portable_patterns_translate` below holds the two to that.
//!
//! Three differences need care: `u` mode rejects escapes of characters that are not syntax
//! characters (`\-`, `\#`) and lone `]`, `{`, `}`; `.` also excludes `\r`, U+2028 and U+2029 in
//! ECMAScript (only `\n` elsewhere); and Rust's class syntax allows nesting. The pattern is
//! therefore re-emitted from the `regex-syntax` AST rather than copied.

use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem, RepetitionKind, RepetitionRange};

/// The ECMAScript (`u` flag) source of `pattern`, or why it cannot be written.
pub fn ecma_source(pattern: &str) -> Result<String, String> {
    let parsed = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("`{pattern}` is not a regular expression: {}", e.kind()))?;
    let mut out = String::new();
    emit(&parsed, &mut out)?;
    Ok(out)
}

fn emit(node: &Ast, out: &mut String) -> Result<(), String> {
    match node {
        Ast::Empty(_) => {}
        Ast::Literal(lit) => push_literal(lit.c, false, out),
        Ast::Dot(_) => out.push_str("[^\\n]"),
        Ast::Assertion(a) => match a.kind {
            ast::AssertionKind::StartLine => out.push('^'),
            ast::AssertionKind::EndLine => out.push('$'),
            _ => return Err("only `^` and `$` assertions can be translated".into()),
        },
        Ast::ClassBracketed(class) => {
            out.push('[');
            if class.negated {
                out.push('^');
            }
            emit_class_set(&class.kind, out)?;
            out.push(']');
        }
        Ast::Repetition(rep) => {
            emit(&rep.ast, out)?;
            match &rep.op.kind {
                RepetitionKind::ZeroOrOne => out.push('?'),
                RepetitionKind::ZeroOrMore => out.push('*'),
                RepetitionKind::OneOrMore => out.push('+'),
                RepetitionKind::Range(RepetitionRange::Exactly(n)) => {
                    out.push_str(&format!("{{{n}}}"))
                }
                RepetitionKind::Range(RepetitionRange::AtLeast(n)) => {
                    out.push_str(&format!("{{{n},}}"))
                }
                RepetitionKind::Range(RepetitionRange::Bounded(m, n)) => {
                    out.push_str(&format!("{{{m},{n}}}"))
                }
            }
            if !rep.greedy {
                out.push('?');
            }
        }
        Ast::Group(group) => {
            match &group.kind {
                ast::GroupKind::CaptureIndex(_) => out.push('('),
                ast::GroupKind::NonCapturing(flags) if flags.items.is_empty() => {
                    out.push_str("(?:")
                }
                _ => return Err("named groups and inline flags cannot be translated".into()),
            }
            emit(&group.ast, out)?;
            out.push(')');
        }
        Ast::Alternation(alt) => {
            for (i, branch) in alt.asts.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                emit(branch, out)?;
            }
        }
        Ast::Concat(concat) => {
            for part in &concat.asts {
                emit(part, out)?;
            }
        }
        Ast::Flags(_) | Ast::ClassUnicode(_) | Ast::ClassPerl(_) => {
            return Err(
                "inline flags, `\\p{…}` and `\\d\\w\\s` classes cannot be translated".into(),
            )
        }
    }
    Ok(())
}

fn emit_class_set(set: &ClassSet, out: &mut String) -> Result<(), String> {
    match set {
        ClassSet::Item(item) => emit_class_item(item, out),
        ClassSet::BinaryOp(_) => Err("class set operations cannot be translated".into()),
    }
}

fn emit_class_item(item: &ClassSetItem, out: &mut String) -> Result<(), String> {
    match item {
        ClassSetItem::Empty(_) => {}
        ClassSetItem::Literal(lit) => push_literal(lit.c, true, out),
        ClassSetItem::Range(range) => {
            push_literal(range.start.c, true, out);
            out.push('-');
            push_literal(range.end.c, true, out);
        }
        ClassSetItem::Union(union) => {
            for part in &union.items {
                emit_class_item(part, out)?;
            }
        }
        // `[a[bc]]` is a union in Rust; its non-negated nested class flattens into the outer one.
        ClassSetItem::Bracketed(inner) if !inner.negated => emit_class_set(&inner.kind, out)?,
        _ => return Err("this character class cannot be translated".into()),
    }
    Ok(())
}

/// Writes one literal character so that it means itself in `u` mode, inside or outside a class.
fn push_literal(c: char, in_class: bool, out: &mut String) {
    const SYNTAX: &str = "^$\\.*+?()[]{}|/";
    if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else if SYNTAX.contains(c) || (in_class && c == '-') {
        out.push('\\');
        out.push(c);
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::ecma_source;

    #[test]
    fn keeps_plain_patterns() {
        assert_eq!(
            ecma_source("^(dev|staging|prod)$").unwrap(),
            "^(dev|staging|prod)$"
        );
        assert_eq!(
            ecma_source("^[a-z][a-z0-9_]{2,31}$").unwrap(),
            "^[a-z][a-z0-9_]{2,31}$"
        );
        assert_eq!(
            ecma_source("a+?b*c?(?:d|e){3,}").unwrap(),
            "a+?b*c?(?:d|e){3,}"
        );
    }

    #[test]
    fn rewrites_what_u_mode_reads_differently() {
        assert_eq!(ecma_source(r"a\-b\#c").unwrap(), "a-b#c");
        assert_eq!(ecma_source(r"[\-a]").unwrap(), r"[\-a]");
        assert_eq!(ecma_source(r"a.b").unwrap(), r"a[^\n]b");
        assert_eq!(ecma_source(r"x\.y/z").unwrap(), r"x\.y\/z");
        assert_eq!(ecma_source(r"\x{41}\t").unwrap(), r"A\u{9}");
        assert_eq!(ecma_source(r"[a[bc]]").unwrap(), "[abc]");
        assert_eq!(ecma_source(r"[\]]").unwrap(), r"[\]]");
    }
}

#[cfg(test)]
mod portability {
    /// Every pattern lowering accepts is one the TypeScript backend can write, and the patterns
    /// it cannot write are refused by lowering (one rule: `lower::check_pattern`).
    #[test]
    fn portable_patterns_translate() {
        let accepted = [
            "^[a-z]+$",
            "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
            "a.b",
            "^(dev|staging|prod)$",
            "[\\-#]x{2,}",
            "[^\\n\\]]",
            "(?:ab)*c?",
        ];
        for p in accepted {
            assert!(crate::ir::lower::check_pattern(p).is_ok(), "{p}");
            assert!(super::ecma_source(p).is_ok(), "{p}");
        }
        let refused = [
            "\\bword",
            "[a-z&&[^q]]",
            "(?<n>x)",
            "(?i)x",
            "\\d",
            "\\p{L}",
            "(?=x)",
        ];
        for p in refused {
            assert!(
                crate::ir::lower::check_pattern(p).is_err(),
                "{p} is refused by lowering"
            );
        }
    }
}
