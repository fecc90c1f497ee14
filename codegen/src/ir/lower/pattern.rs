//! The portable subset of `pattern`: what ECMA-262, the Rust `regex` crate and Python `re`
//! read alike, so one pattern means the same in every language.

/// Checks that a `pattern` means the same in ECMA-262 (JSON Schema, TypeScript, the Rust
/// types' `regress`), the Rust `regex` crate (pydantic-core) and Python `re`: it must parse as
/// a Rust regex, and must not use the constructs whose meaning differs between them — Perl
/// classes and word boundaries (`\d`, `\w`, `\s`, `\b`: ASCII in ECMA, Unicode elsewhere),
/// Unicode classes (`\p{…}`), inline flags (`(?i)`), and `\A`/`\z`. Look-around and
/// backreferences are rejected by the parser.
pub fn check_pattern(pattern: &str) -> std::result::Result<(), String> {
    use regex_syntax::ast::{self, Ast};

    let parsed = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("not a portable regular expression: {}", e.kind()))?;
    regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("not a portable regular expression: {e}"))?;

    fn walk_set(item: &ast::ClassSetItem) -> std::result::Result<(), String> {
        match item {
            ast::ClassSetItem::Perl(_) => Err(perl_class()),
            ast::ClassSetItem::Unicode(_) => Err(unicode_class()),
            ast::ClassSetItem::Ascii(_) => {
                Err("POSIX classes like `[[:alpha:]]` are not portable; spell the range out".into())
            }
            ast::ClassSetItem::Bracketed(inner) => walk_class(&inner.kind),
            ast::ClassSetItem::Union(u) => u.items.iter().try_for_each(walk_set),
            _ => Ok(()),
        }
    }
    fn walk_class(set: &ast::ClassSet) -> std::result::Result<(), String> {
        match set {
            ast::ClassSet::Item(item) => walk_set(item),
            ast::ClassSet::BinaryOp(_) => {
                Err("class set operations (`&&`, `--`, `~~`) are not portable".into())
            }
        }
    }
    fn perl_class() -> String {
        "`\\d`, `\\w` and `\\s` are ASCII in ECMA-262 but Unicode in Python and Rust; use `[0-9]`, `[A-Za-z0-9_]`, `[ \\t\\n\\r]`".into()
    }
    fn unicode_class() -> String {
        "Unicode classes (`\\p{…}`) are not portable".into()
    }
    fn walk(node: &Ast) -> std::result::Result<(), String> {
        match node {
            Ast::Flags(_) => Err("inline flags like `(?i)` are not portable".into()),
            Ast::ClassPerl(_) => Err(perl_class()),
            Ast::ClassUnicode(_) => Err(unicode_class()),
            Ast::ClassBracketed(class) => walk_class(&class.kind),
            Ast::Assertion(a) => match a.kind {
                ast::AssertionKind::StartLine | ast::AssertionKind::EndLine => Ok(()),
                _ => Err(
                    "only the `^` and `$` assertions are portable (no `\\b`, `\\A`, `\\z`)".into(),
                ),
            },
            Ast::Repetition(rep) => walk(&rep.ast),
            Ast::Group(group) => {
                if let ast::GroupKind::NonCapturing(flags) = &group.kind {
                    if !flags.items.is_empty() {
                        return Err("inline flags like `(?i:…)` are not portable".into());
                    }
                }
                if let ast::GroupKind::CaptureName { .. } = &group.kind {
                    return Err(
                        "named groups are spelled differently in Python and ECMA-262; use `(…)`"
                            .into(),
                    );
                }
                walk(&group.ast)
            }
            Ast::Alternation(alt) => alt.asts.iter().try_for_each(walk),
            Ast::Concat(concat) => concat.asts.iter().try_for_each(walk),
            Ast::Empty(_) | Ast::Literal(_) | Ast::Dot(_) => Ok(()),
        }
    }
    walk(&parsed)
}
