//! Python expressions and statements laid out the way `ruff format` lays them out, so that the
//! generated code passes `ruff format --check` as emitted (we never post-format).
//!
//! The rule is ruff's (and Black's): a statement stays on one line if it fits in 88 columns;
//! otherwise its last bracket is split. When we split a bracket with several items we put one
//! item per line with a trailing comma — ruff keeps such a "magic trailing comma" split as is,
//! which makes our layout stable even where ruff alone would have chosen a denser one. A
//! subscript with one item cannot take a trailing comma (it would become a tuple), so it is
//! split the way ruff splits it: the item alone on the next line. Also covered: parenthesised
//! unions in annotations, parenthesised long right-hand sides, literals and docstrings in the
//! quote style ruff prefers.

/// Maximum line width (ruff's default).
pub const WIDTH: usize = 88;

/// A Python expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Text that is never split: a name, a dotted name, a literal.
    Atom(String),
    /// `func(args)`.
    Call(String, Vec<Arg>),
    /// `value[items]`.
    Subscript(String, Vec<Expr>),
    /// `[items]`.
    List(Vec<Expr>),
    /// `{key: value}`.
    Dict(Vec<(Expr, Expr)>),
    /// `a | b | …`.
    Union(Vec<Expr>),
}

/// A call argument, positional or `keyword=value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The keyword, if any.
    pub keyword: Option<String>,
    /// The value.
    pub value: Expr,
}

impl Arg {
    /// A positional argument.
    pub fn pos(value: Expr) -> Arg {
        Arg {
            keyword: None,
            value,
        }
    }

    /// A keyword argument.
    pub fn kw(keyword: &str, value: Expr) -> Arg {
        Arg {
            keyword: Some(keyword.to_string()),
            value,
        }
    }
}

/// Shorthand for [`Expr::Atom`].
pub fn atom(text: impl Into<String>) -> Expr {
    Expr::Atom(text.into())
}

fn width(text: &str) -> usize {
    text.chars().count()
}

impl Expr {
    /// The expression on one line.
    pub fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Call(func, args) => {
                let args: Vec<String> = args.iter().map(Arg::flat).collect();
                format!("{func}({})", args.join(", "))
            }
            Expr::Subscript(value, items) => {
                let items: Vec<String> = items.iter().map(Expr::flat).collect();
                format!("{value}[{}]", items.join(", "))
            }
            Expr::List(items) => {
                let items: Vec<String> = items.iter().map(Expr::flat).collect();
                format!("[{}]", items.join(", "))
            }
            Expr::Dict(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k.flat(), v.flat()))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
            Expr::Union(parts) => {
                let parts: Vec<String> = parts.iter().map(Expr::flat).collect();
                parts.join(" | ")
            }
        }
    }

    fn is_bracketed(&self) -> bool {
        matches!(
            self,
            Expr::Call(..) | Expr::Subscript(..) | Expr::List(_) | Expr::Dict(_)
        )
    }

    /// Lays the expression out starting at column `col`, continuation lines indented by
    /// `indent`, leaving `suffix` columns free after it on its last line.
    pub fn layout(&self, indent: usize, col: usize, suffix: usize) -> String {
        let flat = self.flat();
        if col + width(&flat) + suffix <= WIDTH {
            return flat;
        }
        self.split(indent)
    }

    /// The expression split at its outermost bracket (or operator), whatever its width.
    fn split(&self, indent: usize) -> String {
        let inner = indent + 4;
        let pad = " ".repeat(inner);
        let close = " ".repeat(indent);
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Call(func, args) => {
                let mut out = format!("{func}(\n");
                for arg in args {
                    out.push_str(&pad);
                    out.push_str(&arg.layout(inner));
                    out.push_str(",\n");
                }
                out.push_str(&close);
                out.push(')');
                out
            }
            Expr::Subscript(value, items) if items.len() == 1 => {
                format!(
                    "{value}[\n{pad}{}\n{close}]",
                    items[0].layout_in_brackets(inner, 0)
                )
            }
            Expr::Subscript(value, items) => split_items(format!("{value}["), items, indent),
            Expr::List(items) => split_items("[".to_string(), items, indent),
            Expr::Dict(entries) => {
                let mut out = "{\n".to_string();
                for (key, value) in entries {
                    let key = key.flat();
                    out.push_str(&pad);
                    out.push_str(&key);
                    out.push_str(": ");
                    out.push_str(&value.layout(inner, inner + width(&key) + 2, 1));
                    out.push_str(",\n");
                }
                out.push_str(&close);
                out.push('}');
                out
            }
            Expr::Union(parts) => {
                // Inside brackets ruff breaks before each `|`, at the same indentation.
                let own = " ".repeat(indent);
                let mut out = String::new();
                for (i, part) in parts.iter().enumerate() {
                    if i == 0 {
                        out.push_str(&part.layout(indent, indent, 0));
                    } else {
                        out.push('\n');
                        out.push_str(&own);
                        out.push_str("| ");
                        out.push_str(&part.layout(indent, indent + 2, 0));
                    }
                }
                out
            }
        }
    }

    /// Layout of an item that starts its own line inside a split bracket.
    fn layout_in_brackets(&self, indent: usize, suffix: usize) -> String {
        self.layout(indent, indent, suffix)
    }
}

/// `open` (ending in `[`), then each item on its own line with a trailing comma, then `]` at
/// `indent`: a split list or multi-item subscript, as ruff leaves it.
fn split_items(open: String, items: &[Expr], indent: usize) -> String {
    let inner = indent + 4;
    let pad = " ".repeat(inner);
    let mut out = open;
    out.push('\n');
    for item in items {
        out.push_str(&pad);
        out.push_str(&item.layout_in_brackets(inner, 1));
        out.push_str(",\n");
    }
    out.push_str(&" ".repeat(indent));
    out.push(']');
    out
}

impl Arg {
    fn flat(&self) -> String {
        match &self.keyword {
            Some(k) => format!("{k}={}", self.value.flat()),
            None => self.value.flat(),
        }
    }

    fn layout(&self, indent: usize) -> String {
        match &self.keyword {
            Some(k) => format!(
                "{k}={}",
                self.value.layout(indent, indent + width(k) + 1, 1)
            ),
            None => self.value.layout(indent, indent, 1),
        }
    }
}

/// `target: annotation` or `target: annotation = value` (a class attribute or module-level
/// annotated name), at `indent`.
pub fn annotated(indent: usize, target: &str, annotation: &Expr, value: Option<&Expr>) -> String {
    let pad = " ".repeat(indent);
    let flat = match value {
        Some(v) => format!("{target}: {} = {}", annotation.flat(), v.flat()),
        None => format!("{target}: {}", annotation.flat()),
    };
    if indent + width(&flat) <= WIDTH {
        return format!("{pad}{flat}");
    }
    let head = format!("{target}: ");
    let ann_flat = annotation.flat();
    let Some(value) = value else {
        return format!("{pad}{head}{}", split_annotation(indent, annotation));
    };
    // Prefer splitting the right-hand side when the annotation fits on the first line.
    if value.is_bracketed() {
        let opening = opening_width(value);
        if indent + width(&head) + width(&ann_flat) + 3 + opening <= WIDTH {
            return format!("{pad}{head}{ann_flat} = {}", value.split(indent));
        }
    } else if indent + width(&head) + width(&ann_flat) + 3 <= WIDTH {
        return format!(
            "{pad}{head}{ann_flat} = {}",
            parenthesize_atom(indent, indent + width(&head) + width(&ann_flat) + 3, value)
        );
    }
    let ann = split_annotation(indent, annotation);
    let last_line = ann.rsplit('\n').next().unwrap_or(&ann);
    let col = if ann.contains('\n') {
        width(last_line) + 3
    } else {
        indent + width(&head) + width(last_line) + 3
    };
    let value_text = if value.is_bracketed() {
        value.layout(indent, col, 0)
    } else {
        parenthesize_atom(indent, col, value)
    };
    format!("{pad}{head}{ann} = {value_text}")
}

/// An annotation that does not fit: a union goes in parentheses with one operand per line,
/// anything else splits at its bracket.
fn split_annotation(indent: usize, annotation: &Expr) -> String {
    match annotation {
        Expr::Union(_) => {
            let inner = indent + 4;
            format!(
                "(\n{}{}\n{})",
                " ".repeat(inner),
                annotation.split(inner),
                " ".repeat(indent)
            )
        }
        other => other.split(indent),
    }
}

/// `target = value` at `indent`.
pub fn assignment(indent: usize, target: &str, value: &Expr) -> String {
    let pad = " ".repeat(indent);
    let flat = format!("{target} = {}", value.flat());
    if indent + width(&flat) <= WIDTH {
        return format!("{pad}{flat}");
    }
    let col = indent + width(target) + 3;
    let text = match value {
        Expr::Union(_) => split_annotation(indent, value),
        v if v.is_bracketed() => v.split(indent),
        v => parenthesize_atom(indent, col, v),
    };
    format!("{pad}{target} = {text}")
}

/// A too-long atom on the right of `=`: ruff wraps it in parentheses on its own line when
/// that makes it fit, and leaves it alone otherwise.
fn parenthesize_atom(indent: usize, col: usize, value: &Expr) -> String {
    let text = value.flat();
    if col + width(&text) <= WIDTH || indent + 4 + width(&text) > WIDTH {
        return text;
    }
    format!(
        "(\n{}{}\n{})",
        " ".repeat(indent + 4),
        text,
        " ".repeat(indent)
    )
}

fn opening_width(value: &Expr) -> usize {
    match value {
        Expr::Call(func, _) | Expr::Subscript(func, _) => width(func) + 1,
        _ => 1,
    }
}

/// `from module import a, b` — one line if it fits, else parenthesised one name per line
/// (ruff's isort style). `names` must already be sorted with [`sort_imported_names`].
pub fn from_import(module: &str, names: &[String]) -> String {
    let flat = format!("from {module} import {}", names.join(", "));
    if width(&flat) <= WIDTH {
        return flat;
    }
    let mut out = format!("from {module} import (\n");
    for name in names {
        out.push_str(&format!("    {name},\n"));
    }
    out.push(')');
    out
}

/// Orders imported names as ruff's isort does by default (`order-by-type`): CONSTANTS, then
/// Classes, then other names; within each, case-insensitively with numbers in natural order.
pub fn sort_imported_names(names: &mut [String]) {
    fn kind(name: &str) -> u8 {
        if name.len() > 1 && name.chars().all(|c| !c.is_lowercase()) {
            0
        } else if name.starts_with(|c: char| c.is_uppercase()) {
            1
        } else {
            2
        }
    }
    names.sort_by(|a, b| {
        kind(a)
            .cmp(&kind(b))
            .then_with(|| natural_key(&a.to_lowercase()).cmp(&natural_key(&b.to_lowercase())))
            .then_with(|| a.cmp(b))
    });
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Chunk {
    Text(String),
    Number(u128, usize),
}

fn natural_key(text: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digit = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digit {
                break;
            }
            run.push(c);
            chars.next();
        }
        if digit {
            out.push(Chunk::Number(run.parse().unwrap_or(u128::MAX), run.len()));
        } else {
            out.push(Chunk::Text(run));
        }
    }
    out
}

/// A Python string literal in the quotes ruff prefers: double, unless the text holds more
/// double quotes than single ones. Backslashes and control characters are escaped; other
/// characters (including non-ASCII) are written as they are.
pub fn string_literal(text: &str) -> String {
    let doubles = text.matches('"').count();
    let singles = text.matches('\'').count();
    let quote = if doubles > singles { '\'' } else { '"' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => push_escaped_control(&mut out, c),
        }
    }
    out.push(quote);
    out
}

fn push_escaped_control(out: &mut String, c: char) {
    match c {
        c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
        '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => {
            out.push_str(&format!("\\u{:04x}", c as u32))
        }
        c => out.push(c),
    }
}

/// A docstring at `indent` (the indentation of the statement it documents), or `None` when
/// the text is blank. The text is kept as written except that backslashes, control
/// characters and any `"` that could end the string are escaped, line ends are normalised,
/// trailing spaces are dropped, and the common indentation of the lines after the first is
/// removed (as ruff and `inspect.cleandoc` do).
pub fn docstring(indent: usize, text: &str) -> Option<String> {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<String> = normalized
        .split('\n')
        .map(|l| l.trim_end().to_string())
        .collect();
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        return None;
    }
    lines[0] = lines[0].trim_start().to_string();
    let common = lines[1..]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}\"\"\"");
    for (i, line) in lines.iter().enumerate() {
        let body = if i == 0 {
            line.as_str()
        } else {
            &line[common.min(line.len())..]
        };
        if i > 0 {
            out.push('\n');
            if !body.is_empty() {
                out.push_str(&pad);
            }
        }
        out.push_str(&escape_docstring_line(body, i == 0));
    }
    if lines.len() > 1 {
        out.push('\n');
        out.push_str(&pad);
    } else if out.ends_with('"') && !out.ends_with("\\\"") {
        out.push(' ');
    }
    out.push_str("\"\"\"");
    Some(out)
}

fn escape_docstring_line(line: &str, first: bool) -> String {
    let mut out = String::new();
    let mut quotes_in_a_row = 0;
    for (i, c) in line.chars().enumerate() {
        match c {
            '\\' => {
                out.push_str("\\\\");
                quotes_in_a_row = 0;
            }
            '\t' => {
                out.push_str("\\t");
                quotes_in_a_row = 0;
            }
            '"' => {
                // Never three unescaped quotes in a row, never a quote right after the opening
                // `"""`, never one right before the closing `"""`.
                let at_start = first && i == 0;
                let at_end = i + 1 == line.chars().count();
                if quotes_in_a_row == 2 || at_start || at_end {
                    out.push_str("\\\"");
                    quotes_in_a_row = 0;
                } else {
                    out.push('"');
                    quotes_in_a_row += 1;
                }
            }
            c => {
                push_escaped_control(&mut out, c);
                quotes_in_a_row = 0;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(pattern: &str) -> Expr {
        Expr::Subscript(
            "Annotated".into(),
            vec![
                atom("str"),
                Expr::Call(
                    "Field".into(),
                    vec![Arg::kw("pattern", atom(string_literal(pattern)))],
                ),
            ],
        )
    }

    #[test]
    fn short_statements_stay_flat() {
        assert_eq!(
            annotated(4, "environment", &field("^(dev|staging|prod)$"), None),
            "    environment: Annotated[str, Field(pattern=\"^(dev|staging|prod)$\")]"
        );
    }

    #[test]
    fn long_annotations_split_with_magic_commas() {
        let ann = field("^(dev|staging|prod|something|else|and|more|and|more|values)$");
        assert_eq!(
            annotated(4, "a_long_name", &ann, Some(&atom("None"))),
            "    a_long_name: Annotated[\n        str,\n        Field(pattern=\"^(dev|staging|prod|something|else|and|more|and|more|values)$\"),\n    ] = None"
        );
    }

    #[test]
    fn unions_are_parenthesised() {
        let ann = Expr::Union(vec![
            field("^(dev|staging|prod|something|else|and|more|values)$"),
            atom("None"),
        ]);
        assert_eq!(
            annotated(4, "b", &ann, Some(&atom("None"))),
            "    b: (\n        Annotated[\n            str,\n            Field(pattern=\"^(dev|staging|prod|something|else|and|more|values)$\"),\n        ]\n        | None\n    ) = None"
        );
    }

    #[test]
    fn literals_use_ruffs_quotes() {
        assert_eq!(string_literal("a\"b"), "'a\"b'");
        assert_eq!(string_literal("it's"), "\"it's\"");
        assert_eq!(string_literal("a\\b\n\u{1b}é"), "\"a\\\\b\\n\\x1bé\"");
    }

    #[test]
    fn docstrings_cannot_end_early() {
        assert_eq!(
            docstring(4, "Has \"\"\" inside").unwrap(),
            "    \"\"\"Has \"\"\\\" inside\"\"\""
        );
        assert_eq!(docstring(0, "ends \"").unwrap(), "\"\"\"ends \\\"\"\"\"");
        assert_eq!(
            docstring(0, "back\\slash").unwrap(),
            "\"\"\"back\\\\slash\"\"\""
        );
        assert_eq!(
            docstring(4, "One\n\n    code\n  two  \n").unwrap(),
            "    \"\"\"One\n\n      code\n    two\n    \"\"\""
        );
        assert_eq!(docstring(4, "  \n "), None);
    }

    #[test]
    fn imports_sort_like_isort() {
        let mut names: Vec<String> = ["b", "Field", "URL", "BaseModel", "a10", "a9"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort_imported_names(&mut names);
        assert_eq!(names, ["URL", "BaseModel", "Field", "a9", "a10", "b"]);
    }
}
