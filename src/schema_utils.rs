//! JSON Schema documents for readers and writers (the seed's `schema_utils`).
//!
//! `Validation` is the schema as written: what a reader accepts, with `x-default-factory` and
//! `default` properties optional. `Serialization` is what a writer always emits: the same
//! schema with those properties added to `required`, written by codegen
//! (`codegen::schema::serialization_schema`) and shipped alike in the Python and TypeScript
//! packages. The crate-root functions use the newest version; each version module has its own
//! `json_schema(mode)`.

use std::io::{self, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

/// Which side of the wire the schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchemaMode {
    /// What readers accept (generated and defaulted properties may be absent).
    Validation,
    /// What writers emit (every generated and defaulted property is present).
    Serialization,
}

/// The newest version's schema in `mode`.
pub fn generate_json_schema(mode: SchemaMode) -> Value {
    crate::latest::json_schema(mode)
}

/// Writes the newest version's schema in `mode` to `path` as pretty JSON plus a newline,
/// atomically (a temporary file in the same directory, then a rename).
pub fn save_json_schema(path: impl AsRef<Path>, mode: SchemaMode) -> io::Result<()> {
    let mut text =
        serde_json::to_string_pretty(&generate_json_schema(mode)).map_err(io::Error::other)?;
    text.push('\n');
    write_atomically(path.as_ref(), text.as_bytes())
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// readers see the old file or the new one, never a part; an identical file is left alone.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_file_name(format!(
        ".{}.{}-{unique}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
