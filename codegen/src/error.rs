//! The library's error type: every error names the file and, for schema problems, the JSON
//! pointer and the keyword to fix.

use std::path::PathBuf;

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while loading, lowering, rendering or writing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file or directory failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A schema file is not well-formed JSON.
    #[error("{file}: not valid JSON: {source}")]
    Json {
        /// The schema file, as displayed.
        file: String,
        /// The parser's error (with line and column).
        source: serde_json::Error,
    },
    /// The schema uses something the IR cannot represent, or is inconsistent.
    #[error("{file}#{pointer}: `{keyword}`: {message}")]
    Schema {
        /// The schema file, as displayed.
        file: String,
        /// JSON pointer of the offending schema (`""` is the root).
        pointer: String,
        /// The keyword at fault (`oneOf`, `$ref`, `x-default-factory`, …).
        keyword: String,
        /// What is wrong and, where possible, what to do instead.
        message: String,
    },
    /// The project layout is not what the command expects (no `schema/` directory, a version
    /// directory without a schema, …).
    #[error("{}: {message}", path.display())]
    Layout {
        /// The file or directory concerned.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A backend cannot render a valid IR module (a name it cannot make safe, a template error).
    #[error("{file}: {backend}: {message}")]
    Backend {
        /// The schema file, as displayed.
        file: String,
        /// The backend's name (`python`, `typescript`).
        backend: &'static str,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
