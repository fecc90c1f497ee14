//! Names as words: split once from a schema key, title or enum value; inflected by each backend.
//!
//! The IR never holds a Python or TypeScript identifier. It holds the *words* of a name
//! (`"workflowRunId"` → `["workflow", "run", "id"]`), and every backend turns words into its own
//! identifiers in its `names.rs` (casing, keywords, leading digits, collisions). Splitting is the
//! one language-neutral decision, so it lives here and nowhere else.

use std::collections::BTreeSet;

use serde::Serialize;

/// The words of a name, lower-case, in order.
///
/// A word is a run of Unicode letters and digits; it never contains a separator. A name may be
/// empty (the enum value `""` or a property called `"-"`): backends must give such names a
/// fallback identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Name {
    words: Vec<String>,
}

impl Name {
    /// Splits `text` into words.
    ///
    /// Separators are every character that is not a letter or digit (`_`, `-`, `.`, space, …).
    /// Inside a run, a new word starts at a lower→upper change (`fooBar` → `foo bar`) and before
    /// the last capital of an acronym followed by a lower-case letter (`URLPath` → `url path`).
    /// Digits stay with the letters around them (`v1Event` → `v1 event`, `1st` → `1st`).
    pub fn split(text: &str) -> Name {
        let mut words = Vec::new();
        for run in text.split(|c: char| !c.is_alphanumeric()) {
            let chars: Vec<char> = run.chars().collect();
            let mut start = 0;
            for i in 1..chars.len() {
                let (prev, cur) = (chars[i - 1], chars[i]);
                let next_is_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
                let lower_to_upper =
                    (prev.is_lowercase() || prev.is_ascii_digit()) && cur.is_uppercase();
                let acronym_end = prev.is_uppercase() && cur.is_uppercase() && next_is_lower;
                if lower_to_upper || acronym_end {
                    words.push(chars[start..i].iter().collect::<String>());
                    start = i;
                }
            }
            if start < chars.len() {
                words.push(chars[start..].iter().collect::<String>());
            }
        }
        Name {
            words: words.into_iter().map(|w| w.to_lowercase()).collect(),
        }
    }

    /// A name from words that are already split (each is lower-cased; empty words are dropped).
    pub fn from_words<I, S>(words: I) -> Name
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Name {
            words: words
                .into_iter()
                .flat_map(|w| Name::split(w.as_ref()).words)
                .collect(),
        }
    }

    /// This name followed by the words of `other` (`WorkflowEvent` + `payload` → `WorkflowEventPayload`).
    pub fn join(&self, other: &Name) -> Name {
        let mut words = self.words.clone();
        words.extend(other.words.iter().cloned());
        Name { words }
    }

    /// The words, lower-case.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// `true` when the name has no words at all.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words kept to their ASCII letters and digits, empty ones dropped (`métriques` →
    /// `mtriques`): what every backend makes identifiers of.
    pub fn ascii_words(&self) -> Vec<String> {
        self.words
            .iter()
            .map(|w| {
                w.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// `UpperCamelCase`: `workflow event` → `WorkflowEvent`. Used for type names in every
    /// language, and by the IR to check that type names are unique.
    pub fn upper_camel(&self) -> String {
        self.words.iter().map(|w| capitalize(w)).collect()
    }

    /// `lowerCamelCase`: `workflow run id` → `workflowRunId`.
    pub fn lower_camel(&self) -> String {
        let mut out = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i == 0 {
                out.push_str(w);
            } else {
                out.push_str(&capitalize(w));
            }
        }
        out
    }

    /// `snake_case`: `workflow run id` → `workflow_run_id`.
    pub fn snake(&self) -> String {
        self.words.join("_")
    }

    /// `SCREAMING_SNAKE_CASE`: `workflow completed` → `WORKFLOW_COMPLETED`.
    pub fn screaming_snake(&self) -> String {
        self.words.join("_").to_uppercase()
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.upper_camel())
    }
}

/// One scope of identifiers in one target language (a module's types, a struct's fields, an
/// enum's members). Every backend settles collisions here, the same way: the first claim of an
/// identifier keeps it, each later claim gets the smallest free number from 2, joined by the
/// language's separator (`foo_bar`, `foo_bar_2`; `Dev`, `Dev2`). A trailing `_` (a backend's
/// keyword escape) is dropped before the number, so `type_` is followed by `type_2`.
#[derive(Debug, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
    separator: &'static str,
}

impl Namespace {
    /// An empty scope whose numbered identifiers join the number with `separator` (`"_"` for
    /// `snake_case`, `""` for `UpperCamel`).
    pub fn new(separator: &'static str) -> Namespace {
        Namespace {
            taken: BTreeSet::new(),
            separator,
        }
    }

    /// A scope where `reserved` identifiers are already taken (names the generated code uses).
    pub fn with_reserved<'a>(
        separator: &'static str,
        reserved: impl IntoIterator<Item = &'a str>,
    ) -> Namespace {
        let mut ns = Namespace::new(separator);
        ns.taken.extend(reserved.into_iter().map(str::to_string));
        ns
    }

    /// `true` if `identifier` is taken.
    pub fn is_taken(&self, identifier: &str) -> bool {
        self.taken.contains(identifier)
    }

    /// Claims `candidate`, or the first free numbered form of it.
    pub fn claim(&mut self, candidate: &str) -> String {
        let stem = match candidate.trim_end_matches('_') {
            "" => candidate,
            trimmed => trimmed,
        };
        let mut identifier = candidate.to_string();
        let mut n = 2;
        while self.taken.contains(&identifier) {
            identifier = format!("{stem}{}{n}", self.separator);
            n += 1;
        }
        self.taken.insert(identifier.clone());
        identifier
    }

    /// Claims one identifier per `(candidate, wire name)`, in order, except that an item whose
    /// candidate is spelled exactly as its wire name claims first: a property called `foo_bar`
    /// keeps `foo_bar` even when a `fooBar` before it inflects to the same identifier.
    pub fn claim_all(&mut self, items: &[(String, &str)]) -> Vec<String> {
        let mut claimed: Vec<Option<String>> = vec![None; items.len()];
        for (slot, (candidate, wire)) in claimed.iter_mut().zip(items) {
            if candidate == wire && !self.is_taken(candidate) {
                *slot = Some(self.claim(candidate));
            }
        }
        claimed
            .into_iter()
            .zip(items)
            .map(|(slot, (candidate, _))| slot.unwrap_or_else(|| self.claim(candidate)))
            .collect()
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Name, Namespace};

    #[test]
    fn namespaces_number_collisions_in_claim_order() {
        let mut ns = Namespace::new("_");
        assert_eq!(ns.claim("dev"), "dev");
        assert_eq!(ns.claim("dev"), "dev_2");
        assert_eq!(ns.claim("dev"), "dev_3");
        assert_eq!(ns.claim("class_"), "class_");
        assert_eq!(ns.claim("class_"), "class_2");
        let mut camel = Namespace::with_reserved("", ["Option"]);
        assert_eq!(camel.claim("Option"), "Option2");
        assert_eq!(camel.claim("Dev"), "Dev");
        assert_eq!(camel.claim("Dev"), "Dev2");
    }

    #[test]
    fn exact_wire_names_claim_first() {
        let mut ns = Namespace::new("_");
        let items = [
            ("foo_bar".to_string(), "fooBar"),
            ("foo_bar".to_string(), "foo_bar"),
        ];
        assert_eq!(ns.claim_all(&items), ["foo_bar_2", "foo_bar"]);
    }

    fn words(text: &str) -> Vec<String> {
        Name::split(text).words().to_vec()
    }

    #[test]
    fn splits_separators_and_case_changes() {
        assert_eq!(words("workflow_run_id"), ["workflow", "run", "id"]);
        assert_eq!(words("workflowRunId"), ["workflow", "run", "id"]);
        assert_eq!(words("WorkflowEvent"), ["workflow", "event"]);
        assert_eq!(words("workflow.completed"), ["workflow", "completed"]);
        assert_eq!(words("user-id"), ["user", "id"]);
        assert_eq!(words("first name"), ["first", "name"]);
        assert_eq!(words("URLPath"), ["url", "path"]);
        assert_eq!(words("HTTPServer2"), ["http", "server2"]);
        assert_eq!(words("v1Event"), ["v1", "event"]);
        assert_eq!(words("1st"), ["1st"]);
        assert_eq!(words("None"), ["none"]);
        assert_eq!(words("métriques_dag"), ["métriques", "dag"]);
    }

    #[test]
    fn empty_and_symbol_only_names_have_no_words() {
        assert!(Name::split("").is_empty());
        assert!(Name::split("-_- ").is_empty());
    }

    #[test]
    fn inflects() {
        let name = Name::split("workflow_run_id");
        assert_eq!(name.upper_camel(), "WorkflowRunId");
        assert_eq!(name.lower_camel(), "workflowRunId");
        assert_eq!(name.snake(), "workflow_run_id");
        assert_eq!(name.screaming_snake(), "WORKFLOW_RUN_ID");
        assert_eq!(
            Name::split("WorkflowEvent")
                .join(&Name::split("payload"))
                .upper_camel(),
            "WorkflowEventPayload"
        );
    }

    #[test]
    fn colliding_spellings_share_words() {
        assert_eq!(Name::split("fooBar"), Name::split("foo_bar"));
    }
}
